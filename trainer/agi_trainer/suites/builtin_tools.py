"""The built-in suite's fixed tool set: calculate, sort_list, count_letter, reverse_text and answer (docs/suites.md).
Each output is written in the form reasoning-gym's checkers accept, so submitting a tool's output verbatim is right."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .base import ANSWER_TOOL, ToolError, answer_text, function_tool
from .calculator import calculate

TOOLS = [
    function_tool(
        "calculate",
        "Evaluate an arithmetic expression (+ - * / // % ** and parentheses).",
        {"expression": {"type": "string"}},
    ),
    function_tool(
        "sort_list",
        "Sort items: numbers numerically, written as ['1', '2']; words by Unicode order, written as a, b.",
        {"items": {"type": "array", "items": {"type": ["string", "number"]}}, "descending": {"type": "boolean"}},
        required=["items"],
    ),
    function_tool(
        "count_letter",
        "Count how often a letter occurs in a text, ignoring case.",
        {"text": {"type": "string"}, "letter": {"type": "string"}},
    ),
    function_tool("reverse_text", "Reverse a text character by character.", {"text": {"type": "string"}}),
    ANSWER_TOOL,
]


def _arguments(name: str, arguments: Any, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    if not isinstance(arguments, dict):
        raise ToolError(f"{name} takes an object of arguments, got {type(arguments).__name__}")
    missing = [key for key in required if key not in arguments]
    unexpected = sorted(set(arguments) - set(required) - set(optional))
    if missing or unexpected:
        raise ToolError(f"{name}: missing arguments {missing}, unexpected arguments {unexpected}")
    return arguments


def _text(name: str, key: str, value: Any) -> str:
    # A weak model writes {"text": 6} for "6": a number is taken as its text rather than failing the episode.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ToolError(f"{name}: {key} must be a string, got {type(value).__name__}")
    return value


def _flag(name: str, key: str, value: Any) -> bool:
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    if not isinstance(value, bool):
        raise ToolError(f"{name}: {key} must be true or false, got {value!r}")
    return value


def _number(item: str) -> float | None:
    try:
        return float(item)
    except ValueError:
        return None


def sort_list(items: Any, descending: bool = False) -> str:
    """Numbers (every item reads as one) sort by value and print as a list of strings, as number_sorting asks;
    anything else sorts by code point and prints comma-separated, as word_sorting asks."""
    if isinstance(items, str):
        items = [part for part in items.split(",")]  # "a, b, c" for ["a", "b", "c"]
    if not isinstance(items, list) or not items:
        raise ToolError("sort_list: items must be a non-empty list")
    texts = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            raise ToolError(f"sort_list: items must be strings or numbers, got {item!r}")
        texts.append(item.strip() if isinstance(item, str) else repr(item))
    values = [_number(text) for text in texts]
    if all(value is not None for value in values):
        ordered = [text for _, text in sorted(zip(values, texts, strict=True), key=lambda p: p[0], reverse=descending)]
        return "[" + ", ".join(f"'{text}'" for text in ordered) + "]"
    return ", ".join(sorted(texts, reverse=descending))


def count_letter(text: str, letter: str) -> str:
    if len(letter) != 1:
        raise ToolError(f"count_letter: letter must be one character, got {letter!r}")
    return str(text.lower().count(letter.lower()))


def _call_calculate(a: dict) -> str:
    return calculate(_text("calculate", "expression", a["expression"]))


def _call_sort_list(a: dict) -> str:
    return sort_list(a["items"], _flag("sort_list", "descending", a.get("descending", False)))


def _call_count_letter(a: dict) -> str:
    return count_letter(_text("count_letter", "text", a["text"]), _text("count_letter", "letter", a["letter"]))


def _call_reverse_text(a: dict) -> str:
    return _text("reverse_text", "text", a["text"])[::-1]


_CALLS: dict[str, tuple[Callable[[dict], str], tuple[str, ...], tuple[str, ...]]] = {
    "calculate": (_call_calculate, ("expression",), ()),
    "sort_list": (_call_sort_list, ("items",), ("descending",)),
    "count_letter": (_call_count_letter, ("text", "letter"), ()),
    "reverse_text": (_call_reverse_text, ("text",), ()),
    "answer": (answer_text, ("text",), ()),
}


def call_builtin(name: str, arguments: Any) -> str:
    """Runs one built-in tool; ToolError on an unknown tool or bad arguments."""
    if name not in _CALLS:
        raise ToolError(f"unknown tool {name!r}: the tools are {', '.join(_CALLS)}")
    function, required, optional = _CALLS[name]
    return function(_arguments(name, arguments, required, optional))
