"""The seed's LearningPipeline for Python agents, as src/learning/dataset/learning-pipeline.ts behaves: records are
validated at once, stamped with the adapter active as they are reported, buffered, and appended every
`flush_batch` records (and on flush()/close()) with the dataset's lock and an fsync — so Python and Node writers
can share one dataset file."""

from __future__ import annotations

import threading
from typing import Any

from .line_append import append_lines
from .overrides import ActiveAdapterProbe, overrides_file_near
from .record_checks import record_line, record_problem

_NEAR = object()


class LearningPipeline:
    """`add_example(record)` per execution; `flush()` or `close()` (or a `with` block) puts the rest on disk."""

    def __init__(
        self,
        dataset_path: str,
        flush_batch: int = 10,
        *,
        overrides_path: Any = _NEAR,
        active_adapter_fallback: str | None = None,
    ):
        """`overrides_path`: the overrides file whose active adapter stamps each record (default:
        config/overrides.yaml of the project holding the dataset; None: no stamping, records are then attributed by
        their timestamp). `active_adapter_fallback`: the config's learning.active_adapter_path, for a file that
        names none."""
        if not isinstance(flush_batch, int) or flush_batch < 1:
            raise ValueError(f"LearningPipeline: flush_batch must be a whole number ≥ 1, got {flush_batch!r}")
        self.dataset_path = dataset_path
        self.flush_batch = flush_batch
        overrides = overrides_file_near(dataset_path) if overrides_path is _NEAR else overrides_path
        self._probe = ActiveAdapterProbe(overrides, active_adapter_fallback) if overrides else None
        self._buffer: list[str] = []
        # One flush at a time within the process (the lock folder is per process: threads would share its pid).
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: str | None = None, *, cli: str | None = None) -> LearningPipeline:
        """The pipeline a project's config describes (dataset, flush batch, overrides file), as `agi-core config
        show` resolves it: every layer and relative path exactly as the TypeScript side reads them."""
        from .cli import effective_config

        learning = effective_config(config, cli=cli)["learning"]
        return cls(
            learning["dataset_path"],
            learning["dataset_flush_batch"],
            overrides_path=learning["training_overrides_path"],
            active_adapter_fallback=learning["active_adapter_path"],
        )

    def add_example(self, record: dict) -> None:
        """Validates and buffers one record; raises (naming the field) on a record that would be a bad line."""
        problem = record_problem(record)
        if problem:
            raise ValueError(f"LearningPipeline.add_example: {problem}")
        # Stamped now, not at flush: the adapter that produced this outcome is the one active as it is reported.
        line = record_line(record, self._probe.current() if self._probe else None)
        with self._lock:
            self._buffer.append(line)
            full = len(self._buffer) >= self.flush_batch
        if full:
            self.flush()

    # The TypeScript name, for agents ported from it.
    addExample = add_example

    def flush(self) -> None:
        """Returns once every buffered record is on disk (fsynced). A failed batch is not kept for a retry: the
        error (DatasetWriteError) says whether the file was restored, as the TypeScript side does."""
        with self._lock:
            lines, self._buffer = self._buffer, []
            append_lines(self.dataset_path, lines)

    def close(self) -> None:
        self.flush()

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    def __enter__(self) -> LearningPipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
