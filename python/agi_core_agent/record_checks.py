"""The checks LearningPipeline.addExample makes before a record is buffered (src/learning/dataset/record.ts,
chat-messages.ts, json-value.ts, record-limits.ts): a record that passes is a line every later stage reads; one
that does not raises at once, naming the field, instead of becoming a bad line the trainer skips."""

from __future__ import annotations

import json
import math
from typing import Any

# Arrow's JSON reader, which the trainer loads the dataset with, stops at 64 levels of objects and arrays.
MAX_RECORD_DEPTH = 64
ROLES = ("system", "user", "assistant", "tool")


def record_line(record: dict, adapter: str | None) -> str:
    """The record's JSON line, as JSON.stringify writes it, with `adapter` added unless the agent set one."""
    if adapter is not None and "adapter" not in record:
        record = {**record, "adapter": adapter}
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def record_problem(record: Any) -> str | None:
    """Why `record` would be a bad line, as `field: reason`, or None."""
    if not isinstance(record, dict):
        return f"record is a {type(record).__name__}, not a dict"
    problem = _json_problem(record, "record", 1)
    if problem:
        return problem
    return _schema_problem(record)


def _json_problem(value: Any, at: str, depth: int) -> str | None:
    if value is None or isinstance(value, (bool, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{at} is {value}, which JSON cannot hold"
    if isinstance(value, str):
        return _surrogate_problem(value, at)
    if isinstance(value, (dict, list, tuple)):
        if depth > MAX_RECORD_DEPTH:
            return (
                f"{at}: nested more than {MAX_RECORD_DEPTH} levels deep (objects and arrays): the trainer's JSON "
                f"reader (Arrow) stops at {MAX_RECORD_DEPTH}; flatten it or store it as a JSON string"
            )
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    return f"{at} has the key {key!r}, not a string: JSON keys are strings (convert it first)"
                problem = _surrogate_problem(key, f"{at}: key") or _json_problem(item, f"{at}.{key}", depth + 1)
                if problem:
                    return problem
            return None
        for i, item in enumerate(value):
            problem = _json_problem(item, f"{at}.{i}", depth + 1)
            if problem:
                return problem
        return None
    return (
        f"{at} is a {type(value).__name__}, which JSON cannot hold; record plain JSON values "
        "(convert it to a string or a number first)"
    )


def _surrogate_problem(text: str, at: str) -> str | None:
    for i, ch in enumerate(text):
        if 0xD800 <= ord(ch) <= 0xDFFF:
            return (
                f"{at}: lone UTF-16 surrogate \\u{ord(ch):04x} at character {i + 1}: text that is not valid Unicode; "
                "re-encode it"
            )
    return None


def _nonempty(value: Any) -> bool:
    """goal and summary: not blank (zod's trim().min(1))."""
    return isinstance(value, str) and bool(value.strip())


def _filled(value: Any) -> bool:
    """ids and names: at least one character (zod's min(1), untrimmed)."""
    return isinstance(value, str) and len(value) > 0


def _schema_problem(r: dict) -> str | None:
    if not _nonempty(r.get("goal")):
        return "goal: goal must be a non-empty string"
    if not _nonempty(r.get("summary")):
        return "summary: summary must be a non-empty string"
    if "context_summary" in r and not isinstance(r["context_summary"], str):
        return "context_summary: must be a string"
    for field, flag in (("plan", None), ("execution", "success")):
        steps = r.get(field, [])
        if not isinstance(steps, (list, tuple)):
            return f"{field}: must be a list of objects"
        for i, step in enumerate(steps):
            if not isinstance(step, dict):
                return f"{field}.{i}: must be an object"
            if flag and flag in step and not isinstance(step[flag], bool):
                return f"{field}.{i}.{flag}: must be true or false"
            for key in ("name", "tool", "description") if field == "plan" else ():
                if key in step and not isinstance(step[key], str):
                    return f"{field}.{i}.{key}: must be a string"
    task_id = r.get("task_id")
    if "task_id" in r and (isinstance(task_id, bool) or not (_filled(task_id) or isinstance(task_id, (int, float)))):
        return "task_id: must be a non-empty string or a number"
    if "success" in r and not isinstance(r["success"], bool):
        return "success: must be true or false"
    if "timestamp" in r and (isinstance(r["timestamp"], bool) or not isinstance(r["timestamp"], (str, int, float))):
        return "timestamp: must be a string or a number"
    if "messages" in r:
        problem = _messages_problem(r["messages"])
        if problem:
            return f"messages{problem}"
    if "tools" in r:
        problem = _tools_problem(r["tools"])
        if problem:
            return f"tools{problem}"
    return None


def _call_problem(call: Any) -> str | None:
    if not isinstance(call, dict):
        return ": must be an object"
    if "type" in call and call["type"] != "function":
        return '.type: tool call type must be "function"'
    if "id" in call and not _filled(call["id"]):
        return ".id: must be a non-empty string"
    f = call.get("function")
    if not isinstance(f, dict):
        return ".function: must be an object"
    if not _filled(f.get("name")):
        return ".function.name: tool call function.name must be a non-empty string"
    if not isinstance(f.get("arguments"), (dict, str)):
        return ".function.arguments: tool call function.arguments must be an object (or its JSON text)"
    return None


def _messages_problem(messages: Any) -> str | None:
    """Per-message shape, then the conversation rules: how it starts, and which call each tool turn answers."""
    if not isinstance(messages, (list, tuple)):
        return ": must be a list of chat messages"
    if not messages:
        return ": messages must not be empty"
    for i, m in enumerate(messages):
        if not isinstance(m, dict):
            return f".{i}: must be an object"
        if m.get("role") not in ROLES:
            return f".{i}.role: role must be one of {', '.join(ROLES)}"
        if m.get("content") is not None and not isinstance(m["content"], str):
            return f".{i}.content: must be a string or null"
        for key in ("tool_call_id", "name"):
            if key in m and not _filled(m[key]):
                return f".{i}.{key}: must be a non-empty string"
        if "tool_calls" in m:
            if not isinstance(m["tool_calls"], (list, tuple)):
                return f".{i}.tool_calls: must be a list"
            for j, call in enumerate(m["tool_calls"]):
                problem = _call_problem(call)
                if problem:
                    return f".{i}.tool_calls.{j}{problem}"
    if messages[0]["role"] not in ("system", "user"):
        return f".0.role: messages must start with a system or user turn, not {messages[0]['role']}"
    if not any(m["role"] == "assistant" for m in messages):
        return ": messages hold no assistant turn: nothing to train on"
    calls: list = []
    for i, m in enumerate(messages):
        if m.get("tool_calls") and m["role"] != "assistant":
            return f".{i}.tool_calls: only assistant turns carry tool_calls"
        if m["role"] == "assistant":
            calls = list(m.get("tool_calls") or [])
        if m["role"] != "tool":
            continue
        if not isinstance(m.get("content"), str):
            return f".{i}.content: a tool turn needs its output as content"
        if m.get("tool_call_id"):
            if not any(c.get("id") == m["tool_call_id"] for c in calls):
                return (
                    f".{i}.tool_call_id: tool turn answers call id {json.dumps(m['tool_call_id'])}, which the "
                    "assistant turn before it did not make"
                )
        elif not (
            calls and all("id" not in c for c in calls) and any(c["function"]["name"] == m.get("name") for c in calls)
        ):
            return (
                f".{i}.name: tool turn matches no call of the assistant turn before it: give tool_call_id (the call's "
                "id) or name (the called function)"
            )
    return None


def _tools_problem(tools: Any) -> str | None:
    if not isinstance(tools, (list, tuple)):
        return ": must be a list of tool definitions"
    for i, tool in enumerate(tools):
        if not isinstance(tool, dict) or tool.get("type") != "function":
            return f'.{i}.type: a tool definition has type "function"'
        f = tool.get("function")
        if not isinstance(f, dict):
            return f".{i}.function: must be an object"
        if not _filled(f.get("name")):
            return f".{i}.function.name: tool function.name must be a non-empty string"
        if "description" in f and not isinstance(f["description"], str):
            return f".{i}.function.description: must be a string"
        if "parameters" in f and not isinstance(f["parameters"], dict):
            return f".{i}.function.parameters: must be an object"
    return None
