"""One attempt at one task: the chat so far, each tool call run with its time limit, the answer checked, and the
result line with the episode as a dataset record (docs/suites.md).

The rules, in one place:
- a turn with tool calls runs them in order; `answer(text)` submits and ends the episode;
- a turn without any call ends the episode too, its text taken as the answer (many agents answer in text; an
  empty reply is a failure, "no answer");
- a malformed call, an unknown tool, bad arguments, a tool that raises or runs past its time limit: the episode
  fails with that reason (the remaining calls of the turn are not run);
- `supported`: some non-answer tool ran successfully and the answer (stripped) equals the output (stripped) of the
  last one that did. A checker-accepted answer that is not supported is `lucky`: a guess, not trained as a success
  unless count_lucky_as_success."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .suites.base import ToolError, answer_text
from .suites.time_limit import TimeLimitExceeded, call_with_time_limit
from .tool_calls import ParsedCall, parse_turn

ANSWER = "answer"


def render_task(goal: str, context: str) -> str:
    """The user turn, exactly as the product renders a record's goal and context (src/learning/examples/formats.ts)."""
    return f"Goal: {goal.strip()}\nContext: {context.strip()}" if context.strip() else f"Goal: {goal.strip()}"


@dataclass
class Episode:
    task: object  # suites.Task
    index: int
    tools: list[dict]
    messages: list[dict]
    started: float = field(default_factory=time.monotonic)
    plan: list[dict] = field(default_factory=list)
    execution: list[dict] = field(default_factory=list)
    steps: int = 0
    answer: str | None = None
    failure: str | None = None
    checker_success: bool = False
    score: float = 0.0
    detail: str = ""
    last_output: str | None = None  # of the last non-answer tool that ran successfully
    done: bool = False
    tools_in_prompt: bool = False
    seconds: float = 0.0

    @classmethod
    def start(cls, task, index: int, system_prompt: str, tools: list[dict]) -> Episode:
        messages = [{"role": "system", "content": system_prompt}] if system_prompt else []
        messages.append({"role": "user", "content": render_task(task.goal, task.context)})
        return cls(task=task, index=index, tools=tools, messages=messages)

    @property
    def tool_names(self) -> list[str]:
        return [tool["function"]["name"] for tool in self.tools]

    def take_turn(self, text: str, suite, timeout: float | None, cut_off: bool = False) -> None:
        """Applies one assistant turn the model wrote; `cut_off`: generation stopped at max_new_tokens."""
        self.steps += 1
        parsed = parse_turn(text)
        if parsed.error:
            self.messages.append({"role": "assistant", "content": text.strip()})
            hint = " (the reply was cut off at max_new_tokens: raise it)" if cut_off else ""
            return self._finish(suite, timeout, failure=parsed.error + hint)
        if not parsed.calls:
            self.messages.append({"role": "assistant", "content": parsed.content})
            if not parsed.content:
                return self._finish(suite, timeout, failure="no answer: the reply was empty")
            return self._finish(suite, timeout, answer=parsed.content)
        ids = [f"call_{self.steps}_{k}" for k in range(len(parsed.calls))]
        self.messages.append(
            {
                "role": "assistant",
                "content": parsed.content,
                "tool_calls": [
                    {"type": "function", "id": i, "function": {"name": c.name, "arguments": c.arguments}}
                    for i, c in zip(ids, parsed.calls, strict=True)
                ],
            }
        )
        for k, (call_id, call) in enumerate(zip(ids, parsed.calls, strict=True)):
            self.plan.append({"tool": call.name, "kwargs": call.arguments, "description": parsed.content})
            ended = self._run_call(call_id, call, suite, timeout)
            if ended:
                for later in parsed.calls[k + 1 :]:
                    self.plan.append({"tool": later.name, "kwargs": later.arguments, "description": parsed.content})
                    self.execution.append({"success": False, "error": "not run: the episode had ended"})
                return

    def _run_call(self, call_id: str, call: ParsedCall, suite, timeout: float | None) -> bool:
        """Runs one call; True when it ended the episode."""
        if call.name == ANSWER:
            try:
                answer = answer_text(call.arguments)
            except ToolError as err:
                self.execution.append({"success": False, "error": str(err)})
                self._finish(suite, timeout, failure=f"bad answer call: {err}")
                return True
            self.execution.append({"success": True, "output": answer})
            self._finish(suite, timeout, answer=answer)
            return True
        if call.name not in self.tool_names:
            reason = f"unknown tool {call.name!r}: the tools are {', '.join(self.tool_names)}"
            self.execution.append({"success": False, "error": reason})
            self._finish(suite, timeout, failure=reason)
            return True
        try:
            output = call_with_time_limit(lambda: suite.call(self.task, call.name, call.arguments), timeout)
        except TimeLimitExceeded as err:
            return self._tool_failed(suite, timeout, f"tool {call.name} timed out: {err}")
        except Exception as err:  # noqa: BLE001 — any tool failure is the episode's, never the run's
            return self._tool_failed(suite, timeout, f"tool {call.name} failed: {type(err).__name__}: {err}")
        output = output if isinstance(output, str) else str(output)
        self.execution.append({"success": True, "output": output})
        self.messages.append({"role": "tool", "tool_call_id": call_id, "name": call.name, "content": output})
        self.last_output = output
        return False

    def _tool_failed(self, suite, timeout: float | None, reason: str) -> bool:
        self.execution.append({"success": False, "error": reason})
        self._finish(suite, timeout, failure=reason)
        return True

    def give_up(self, reason: str) -> None:
        """Ends an episode that ran out of turns or of context."""
        self._finish(None, None, failure=reason)

    def _finish(self, suite, timeout: float | None, answer: str | None = None, failure: str | None = None) -> None:
        self.done, self.answer, self.failure = True, answer, failure
        self.seconds = time.monotonic() - self.started
        if answer is None or failure is not None:
            return
        try:
            verdict = call_with_time_limit(lambda: suite.score(self.task, answer), timeout)
        except TimeLimitExceeded as err:
            self.failure = f"the checker timed out: {err}"
            return
        except Exception as err:  # noqa: BLE001 — a broken checker fails this episode, not the evaluation
            self.failure = f"the checker failed: {type(err).__name__}: {err}"
            return
        self.checker_success, self.detail = bool(verdict[0]), str(verdict[1])
        self.score = float(verdict[2]) if len(verdict) > 2 else float(self.checker_success)
        if not self.checker_success:
            self.failure = f"wrong answer ({self.detail})" if self.detail else "wrong answer"
        self.seconds = time.monotonic() - self.started

    @property
    def supported(self) -> bool:
        if self.answer is None or self.last_output is None:
            return False
        return self.answer.strip() == self.last_output.strip()

    def result(self, count_lucky_as_success: bool = False) -> dict:
        """The results-file line: outcome, and the episode as a dataset record in the product's format."""
        lucky = self.checker_success and not self.supported
        summary = self.answer.strip() if self.answer and self.answer.strip() else (self.failure or "no answer")
        record = {
            "goal": self.task.goal,
            "context_summary": self.task.context,
            "plan": self.plan,
            "execution": self.execution,
            "summary": summary,
            "success": self.checker_success and (self.supported or count_lucky_as_success),
            "task_id": self.task.id,
            "checker_success": self.checker_success,
            "lucky": lucky,
            "messages": self.messages,
            # What the template rendered: none when the suite's system prompt describes the tools, so training
            # renders exactly the text the model acted on.
            "tools": [] if self.tools_in_prompt else self.tools,
        }
        return {
            "task_id": self.task.id,
            "dataset": self.task.dataset,
            "index": self.index,
            "success": self.checker_success,
            "score": self.score,
            "supported": self.supported,
            "lucky": lucky,
            "answer": self.answer,
            "failure": self.failure,
            "steps": self.steps,
            "seconds": round(self.seconds, 3),
            "record": record,
        }
