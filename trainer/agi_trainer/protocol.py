"""The trainer's stdout protocol: one JSON object per line. The TypeScript side parses the same shapes
(src/shared/trainer-protocol.ts); both check tests/fixtures/trainer-protocol/*.jsonl."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from .ranks import is_main

ERROR_KINDS = ("bad_input", "oom", "interrupted", "internal")

# Field kinds, checked exactly as src/shared/trainer-protocol.ts's zod schema does, so that a line one side
# accepts the other accepts too (tests/fixtures/trainer-protocol holds the edge cases).
COUNT = "count"  # integer >= 0; 3.0 is 3 (JavaScript cannot tell them apart)
NUMBER = "number?"  # any finite number or null (a loss may be negative)
PATH = "path"  # non-empty string
TEXT = "text"  # any string
METRICS = "metrics"  # {name: number or null}

REQUIRED: dict[str, dict[str, Any]] = {
    "start": {
        "total_steps": COUNT,
        "resumed_from_step": COUNT,
        "device": TEXT,
        "strategy": ("lora", "dpo", "kto"),
        "trainable_params": COUNT,
        "total_params": COUNT,
    },
    "progress": {
        "step": COUNT,
        "total_steps": COUNT,
        "loss": NUMBER,
        "learning_rate": NUMBER,
        "tokens_per_second": NUMBER,
        "eta_seconds": NUMBER,
    },
    "checkpoint": {"step": COUNT, "path": PATH},
    "eval": {"step": COUNT, "phase": ("before", "after", "active"), "eval_loss": NUMBER},
    "done": {"adapter_path": PATH, "tokenizer_path": PATH, "steps": COUNT, "metrics": METRICS},
    "error": {"kind": ERROR_KINDS, "message": TEXT},
    # A rollout (rollout.py): the model acting on a task suite. `successes` counts checker-accepted answers.
    "rollout_start": {"tasks": COUNT, "resumed": COUNT, "device": TEXT, "suite": TEXT},
    "rollout_progress": {"done": COUNT, "tasks": COUNT, "successes": COUNT, "eta_seconds": NUMBER},
    "rollout_done": {"results_path": PATH, "tasks": COUNT, "successes": COUNT, "seconds": NUMBER},
}
# Fields that may be left out; when present they are checked like the required ones.
OPTIONAL: dict[str, dict[str, Any]] = {
    "start": {"device_note": "text?"},
    "eval": {"metrics": METRICS},
    "done": {"environment": "environment"},
}
ENVIRONMENT_REQUIRED = {"device": TEXT, "precision": TEXT, "gpu_name": "text?", "gpu_memory_bytes": "count?"}
ENVIRONMENT_OPTIONAL = {
    "device_note": "text?",
    "peak_memory_bytes": "count?",
    "peak_memory_kind": "text?",
    "tokens_per_second": NUMBER,
    "processes": "positive",
}


def _is_number(value: Any) -> bool:
    # Finite only: JSON.parse on the TypeScript side refuses NaN and Infinity.
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _problem(kind: Any, value: Any) -> str | None:
    """Why `value` is not of `kind`, or None."""
    if isinstance(kind, str) and kind.endswith("?") and kind != NUMBER:
        return None if value is None else _problem(kind[:-1], value)
    if isinstance(kind, tuple):
        return None if value in kind else f"{value!r} is not one of {kind}"
    if kind == COUNT:
        ok = _is_number(value) and float(value).is_integer() and 0 <= value <= 2**53 - 1
        return None if ok else f"{value!r} is not a non-negative integer"
    if kind == "positive":
        ok = _is_number(value) and float(value).is_integer() and 1 <= value <= 2**53 - 1
        return None if ok else f"{value!r} is not a positive integer"
    if kind == NUMBER:
        return None if value is None or _is_number(value) else f"{value!r} is not a number or null"
    if kind in (PATH, TEXT):
        if not isinstance(value, str):
            return f"{value!r} is not a string"
        return "empty" if kind == PATH and not value else None
    if kind == METRICS:
        if not isinstance(value, dict):
            return f"{value!r} is not an object"
        bad = [k for k, v in value.items() if v is not None and not _is_number(v)]
        return f"{bad} are not numbers" if bad else None
    if kind == "environment":
        if not isinstance(value, dict):
            return f"{value!r} is not an object"
        for key, sub in {**ENVIRONMENT_REQUIRED, **ENVIRONMENT_OPTIONAL}.items():
            if key not in value:
                if key in ENVIRONMENT_REQUIRED:
                    return f"{key}: missing"
                continue
            problem = _problem(sub, value[key])
            if problem:
                return f"{key}: {problem}"
        versions = value.get("versions")
        if not isinstance(versions, dict) or not all(isinstance(v, str) for v in versions.values()):
            return "versions: not an object of strings"
        return None
    raise AssertionError(f"unknown field kind {kind!r}")


def validate(event: dict[str, Any]) -> None:
    """Raises ValueError when `event` is not a protocol event."""
    name = event.get("event")
    if not isinstance(name, str) or name not in REQUIRED:
        raise ValueError(f"unknown event {name!r}")
    for key, kind in REQUIRED[name].items():
        if key not in event:
            raise ValueError(f"{name}: missing {key}")
        problem = _problem(kind, event[key])
        if problem:
            raise ValueError(f"{name}.{key}: {problem}")
    for key, kind in OPTIONAL.get(name, {}).items():
        problem = _problem(kind, event[key]) if key in event else None
        if problem:
            raise ValueError(f"{name}.{key}: {problem}")


def _clean(value: Any) -> Any:
    # JSON has no NaN/inf: a diverged loss is reported as null rather than breaking the parser.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def emit(event: str, **fields: Any) -> None:
    """Writes one protocol line to stdout and flushes it at once (the activity heartbeats from these)."""
    payload = _clean({"event": event, **fields})
    validate(payload)
    if not is_main():
        return  # one run, one voice: under DDP only rank 0 speaks
    sys.__stdout__.write(json.dumps(payload) + "\n")
    sys.__stdout__.flush()
