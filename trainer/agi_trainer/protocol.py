"""The trainer's stdout protocol: one JSON object per line. The TypeScript side parses the same shapes
(src/shared/trainer-protocol.ts); both check tests/fixtures/trainer-protocol/*.jsonl."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from . import json_schema
from .ranks import is_main

# Each event's shape, from src/shared/trainer-protocol.ts TrainerEventSchema (a union on `event`): a line one side
# accepts the other accepts too (tests/fixtures/trainer-protocol holds the edge cases both check).
EVENTS: dict[str, dict[str, Any]] = {
    shape["properties"]["event"]["const"]: shape for shape in json_schema.load("trainer-event")["oneOf"]
}
ERROR_KINDS = tuple(EVENTS["error"]["properties"]["kind"]["enum"])


def validate(event: dict[str, Any]) -> None:
    """Raises ValueError when `event` is not a protocol event."""
    name = event.get("event")
    if not isinstance(name, str) or name not in EVENTS:
        raise ValueError(f"unknown event {name!r}: use {json_schema.describe({'enum': list(EVENTS)})}")
    problems = json_schema.problems(EVENTS[name], event)
    if problems:
        raise ValueError(f"{name} event: " + "; ".join(p.message for p in problems))


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
