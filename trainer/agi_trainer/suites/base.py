"""What a task suite is: the interface the acting loop relies on, and the Task it hands out (docs/suites.md)."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

Split = Literal["train", "heldout"]
SPLITS = ("train", "heldout")


class ToolError(ValueError):
    """A tool refused its arguments or failed: the episode that called it fails with this message."""


@dataclass(frozen=True)
class Task:
    """One task. `id` is stable across runs (resume and paired comparisons key on it); `data` is whatever the
    suite's checker needs and is never shown to the model."""

    id: str
    dataset: str
    goal: str
    context: str = ""
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@runtime_checkable
class Suite(Protocol):
    """A task suite. `tasks` is deterministic in (split, seed, count, offset): the same arguments give the same
    tasks, and tasks(…, count, offset) equals tasks(…, count + offset)[offset:]."""

    def tasks(self, split: Split, seed: int, count: int, offset: int = 0) -> list[Task]: ...

    def tools(self) -> list[dict]:
        """JSON-schema function definitions, trl/OpenAI shape. `answer` is added by the acting loop if absent."""
        ...

    def call(self, task: Task, name: str, arguments: dict) -> str:
        """Runs one tool for one task; raises (ToolError or anything) on bad arguments or failure."""
        ...

    def score(self, task: Task, answer: str) -> tuple[bool, str] | tuple[bool, str, float]:
        """(success, detail) or (success, detail, score): whether the checker accepts the submitted answer."""
        ...

    def system_prompt(self, task: Task | None = None) -> str:
        """The agent's system prompt; a suite whose method takes a task gets the task it prompts for (a prompt per
        task family), one written as `system_prompt(self)` is called without."""
        ...


_POSITIONAL = (
    inspect.Parameter.POSITIONAL_ONLY,
    inspect.Parameter.POSITIONAL_OR_KEYWORD,
    inspect.Parameter.VAR_POSITIONAL,
)


def prompt_for(suite, task: Task) -> str:
    """The suite's system prompt for `task`: passed the task when its system_prompt takes a positional argument."""
    try:
        parameters = inspect.signature(suite.system_prompt).parameters.values()
    except (TypeError, ValueError):  # a builtin or C callable: call it as the protocol's first form
        parameters = []
    takes_task = any(p.kind in _POSITIONAL for p in parameters)
    return suite.system_prompt(task) if takes_task else suite.system_prompt()


REQUIRED_METHODS = ("tasks", "tools", "call", "score", "system_prompt")


def function_tool(name: str, description: str, properties: dict, required: list[str] | None = None) -> dict:
    """A tool definition in the trl/OpenAI shape the chat templates read."""
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {"type": "object", "properties": properties, "required": list(required or properties)},
        },
    }


ANSWER_TOOL = function_tool(
    "answer", "Submit the final answer; this ends the task.", {"text": {"type": "string", "description": "the answer"}}
)


def answer_text(arguments) -> str:
    """The text an `answer` call submits. A number is taken as its text: a weak model writes {"text": 6}."""
    if not isinstance(arguments, dict) or set(arguments) != {"text"}:
        raise ToolError(f"answer takes exactly one argument, text, got {arguments!r}")
    text = arguments["text"]
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return str(text)
    if not isinstance(text, str):
        raise ToolError(f"answer: text must be a string, got {type(text).__name__}")
    return text
