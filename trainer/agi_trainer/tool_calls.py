"""Tool calls parsed from what a model wrote, in the Hermes / Qwen2.5 form that agi-core's chat template and most
open agent models use: `<tool_call>{"name": ..., "arguments": {...}}</tool_call>`, any number per turn, after
optional text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

OPEN, CLOSE = "<tool_call>", "</tool_call>"
_CALL = re.compile(re.escape(OPEN) + r"(.*?)" + re.escape(CLOSE), re.DOTALL)


@dataclass(frozen=True)
class ParsedCall:
    name: str
    arguments: dict


@dataclass(frozen=True)
class ParsedTurn:
    content: str  # the text before the first call
    calls: list[ParsedCall] = field(default_factory=list)
    error: str | None = None  # why the turn's calls cannot be read: the episode fails with it


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77] + "..."


def _parse_call(body: str) -> ParsedCall | str:
    """The call, or why it is malformed."""
    try:
        value = json.loads(body)
    except json.JSONDecodeError as err:
        return f"malformed tool call, not JSON ({err.msg} at column {err.colno}): {_snippet(body)}"
    if not isinstance(value, dict):
        return f"malformed tool call, not a JSON object: {_snippet(body)}"
    name = value.get("name")
    if not isinstance(name, str) or not name.strip():
        return f'malformed tool call, no "name": {_snippet(body)}'
    # Llama-style templates say "parameters"; both mean the same call.
    arguments = value.get("arguments", value.get("parameters", {}))
    if isinstance(arguments, str):
        # Some templates write the arguments as JSON text inside the JSON.
        try:
            arguments = json.loads(arguments) if arguments.strip() else {}
        except json.JSONDecodeError:
            return f"malformed tool call, arguments of {name} are not a JSON object: {_snippet(body)}"
    if arguments is None:
        arguments = {}
    if not isinstance(arguments, dict):
        return f"malformed tool call, arguments of {name} are not a JSON object: {_snippet(body)}"
    return ParsedCall(name.strip(), arguments)


def parse_turn(text: str) -> ParsedTurn:
    """What one assistant turn says: its text and its calls, or the reason they cannot be read."""
    start = text.find(OPEN)
    content = (text if start < 0 else text[:start]).strip()
    calls: list[ParsedCall] = []
    end = 0
    for match in _CALL.finditer(text):
        parsed = _parse_call(match.group(1).strip())
        if isinstance(parsed, str):
            return ParsedTurn(content, calls, parsed)
        calls.append(parsed)
        end = match.end()
    if OPEN in text[end:]:
        return ParsedTurn(content, calls, f"malformed tool call, {OPEN} without {CLOSE}: {_snippet(text[end:])}")
    return ParsedTurn(content, calls)
