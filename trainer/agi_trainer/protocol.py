"""The trainer's stdout protocol: one JSON object per line. The TypeScript side parses the same shapes
(src/shared/trainer-protocol.ts); both check tests/fixtures/trainer-protocol/*.jsonl."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

ERROR_KINDS = ("bad_input", "oom", "interrupted", "internal")

REQUIRED: dict[str, dict[str, tuple[type, ...]]] = {
    "start": {
        "total_steps": (int,),
        "resumed_from_step": (int,),
        "device": (str,),
        "strategy": (str,),
        "trainable_params": (int,),
        "total_params": (int,),
    },
    "progress": {
        "step": (int,),
        "total_steps": (int,),
        "loss": (float, int, type(None)),
        "learning_rate": (float, int, type(None)),
        "tokens_per_second": (float, int, type(None)),
        "eta_seconds": (float, int, type(None)),
    },
    "checkpoint": {"step": (int,), "path": (str,)},
    "eval": {"step": (int,), "phase": (str,), "eval_loss": (float, int, type(None))},
    "done": {"adapter_path": (str,), "tokenizer_path": (str,), "steps": (int,), "metrics": (dict,)},
    "error": {"kind": (str,), "message": (str,)},
}


def validate(event: dict[str, Any]) -> None:
    """Raises ValueError when `event` is not a protocol event."""
    name = event.get("event")
    if name not in REQUIRED:
        raise ValueError(f"unknown event {name!r}")
    for key, types in REQUIRED[name].items():
        if key not in event:
            raise ValueError(f"{name}: missing {key}")
        value = event[key]
        if isinstance(value, bool) or not isinstance(value, types):
            raise ValueError(f"{name}.{key}: {type(value).__name__} is not {types}")
        if isinstance(value, int) and int in types and value < 0:
            raise ValueError(f"{name}.{key}: negative")
    if name == "error" and event["kind"] not in ERROR_KINDS:
        raise ValueError(f"error.kind {event['kind']!r} not in {ERROR_KINDS}")
    if name == "eval" and event["phase"] not in ("before", "after", "active"):
        raise ValueError(f"eval.phase {event['phase']!r}")
    if name == "start" and event["strategy"] not in ("lora", "dpo"):
        raise ValueError(f"start.strategy {event['strategy']!r}")


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
    sys.__stdout__.write(json.dumps(payload) + "\n")
    sys.__stdout__.flush()
