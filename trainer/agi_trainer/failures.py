"""How a trainer or rollout process reports its failure: one `error` event of the protocol's kinds and the exit
status the activity reads (src/activities/train-decisions.ts classifies them: bad input and OOM are final, the rest
is retried)."""

from __future__ import annotations

import logging

from .protocol import emit
from .spec import BadInput

EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OOM = 1, 2, 3, 4

log = logging.getLogger("agi_trainer")


def report_failure(err: Exception, what: str, config_errors: tuple[type[Exception], ...] = ()) -> int:
    """Emits `err` as its error kind and returns the exit status; called while handling it (log.exception logs
    it). `config_errors`: exception types a library raises for impossible settings, which only a person fixes."""
    if isinstance(err, BadInput):
        emit("error", kind="bad_input", message=str(err))
        return EXIT_BAD_INPUT
    import torch

    if isinstance(err, torch.OutOfMemoryError) or "out of memory" in str(err).lower():
        emit("error", kind="oom", message=str(err).splitlines()[0])
        return EXIT_OOM
    if config_errors and isinstance(err, config_errors):
        log.exception("%s refused the configuration", what)
        emit("error", kind="bad_input", message=f"{type(err).__name__}: {err}")
        return EXIT_BAD_INPUT
    log.exception("%s failed", what)
    emit("error", kind="internal", message=f"{type(err).__name__}: {err}")
    return EXIT_INTERNAL
