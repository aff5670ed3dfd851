"""The acting loop for one batch of tasks: every unfinished episode gets its next turn from the policy in one
batched call, until each has answered or used its `max_steps` assistant turns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .episode import Episode
from .suites.base import ANSWER_TOOL, prompt_for


@dataclass(frozen=True)
class Reply:
    text: str = ""
    cut_off: bool = False  # stopped at max_new_tokens, not at the end of its turn
    refused: str | None = None  # why the policy could not continue this conversation (context full)


# conversations (messages, tools) and the step number -> one reply each, or None when stopped by a signal
Generate = Callable[[list[tuple[list[dict], list[dict]]], int], "list[Reply] | None"]


def tools_with_answer(tools: list[dict]) -> list[dict]:
    """The suite's tools, plus `answer` when it has none: every episode must be able to submit."""
    names = [tool["function"]["name"] for tool in tools]
    return tools if "answer" in names else [*tools, ANSWER_TOOL]


def run_batch(
    tasks: list[tuple[int, object]],
    suite,
    tools: list[dict],
    generate: Generate,
    *,
    max_steps: int,
    timeout: float | None,
) -> list[Episode] | None:
    """Acts on (index, task) pairs; the finished episodes in task order, or None when generation was stopped."""
    episodes = [Episode.start(task, index, prompt_for(suite, task), tools) for index, task in tasks]
    for episode in episodes:
        episode.tools_in_prompt = bool(getattr(suite, "tools_in_prompt", False))
    for step in range(max_steps):
        active = [episode for episode in episodes if not episode.done]
        if not active:
            break
        # A suite whose system prompt describes its tools gives the chat template none (no second tool list).
        template_tools = [] if getattr(suite, "tools_in_prompt", False) else None
        replies = generate(
            [(episode.messages, episode.tools if template_tools is None else template_tools) for episode in active],
            step,
        )
        if replies is None:
            return None
        for episode, reply in zip(active, replies, strict=True):
            if reply.refused:
                episode.give_up(reply.refused)
            else:
                episode.take_turn(reply.text, suite, timeout, cut_off=reply.cut_off)
    for episode in episodes:
        if not episode.done:
            episode.give_up(f"no answer after {max_steps} turns (max_steps)")
    return episodes
