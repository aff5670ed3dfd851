"""The built-in suite: reasoning-gym's procedural tasks and checkers, acted on through a fixed tool set.

- Success: the dataset's own `score_answer(answer.strip(), entry) == 1.0`; partial credit is a failure.
- Splits: reasoning-gym seeds each task with `Random(seed + index)`, so a split's seed is spaced 2**32 from every
  other (train: seed * 2**33, heldout: seed * 2**33 + 2**32): no index reaches another split's or seed's range.
  On top of that, `train` drops every task whose question text equals one of the first 2000 held-out questions
  of the same dataset and seed (small task spaces repeat questions under any seeds).
- Mixing: several datasets are interleaved round-robin, task i from dataset i % n.
"""

from __future__ import annotations

from ..spec import BadInput
from .base import SPLITS, Task
from .builtin_tools import TOOLS, call_builtin
from .rg_selector import DatasetChoice, import_reasoning_gym, parse_selector

SPLIT_STRIDE = 2**32
HELDOUT_GUARD = 2000  # held-out tasks per dataset and seed whose questions training never sees
# Training tasks scanned per task kept before the task space is called too small to keep the splits apart.
_SCAN_LIMIT = 50

SYSTEM_PROMPT = """Solve the task with one tool call, then call answer with exactly what the tool returned.
Example:
user: Goal: Calculate 12 + 7 * 2.
assistant: <tool_call>
{"name": "calculate", "arguments": {"expression": "12 + 7 * 2"}}
</tool_call>
tool: 26
assistant: <tool_call>
{"name": "answer", "arguments": {"text": "26"}}
</tool_call>"""


def split_seed(split: str, seed: int) -> int:
    return seed * 2 * SPLIT_STRIDE + (SPLIT_STRIDE if split == "heldout" else 0)


def check_task_request(selector: str, split: str, seed: int, count: int, offset: int) -> None:
    problems = []
    if split not in SPLITS:
        problems.append(f"split {split!r}: use train or heldout")
    for key, value in (("seed", seed), ("count", count), ("offset", offset)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(f"{key} {value!r}: use a whole number from 0")
    if problems:
        raise BadInput(f"suite {selector!r}: " + "; ".join(problems))


class ReasoningGymSuite:
    """`reasoning-gym:NAME[,NAME…]`: see the module docstring and docs/suites.md."""

    def __init__(self, selector: str):
        self.selector = selector
        self.choices = parse_selector(selector)
        self._rg = import_reasoning_gym(selector)
        self._scorers = {choice.token: self._build(choice, 0, 1) for choice in self.choices}
        self._banned: dict[tuple[DatasetChoice, int], frozenset[str]] = {}

    def _build(self, choice: DatasetChoice, seed: int, size: int):
        return self._rg.create_dataset(choice.name, seed=seed, size=size, **dict(choice.overrides))

    def system_prompt(self) -> str:
        return SYSTEM_PROMPT

    def tools(self) -> list[dict]:
        return [dict(tool) for tool in TOOLS]

    def call(self, task: Task, name: str, arguments: dict) -> str:
        return call_builtin(name, arguments)

    def score(self, task: Task, answer: str) -> tuple[bool, str, float]:
        entry = task.data["entry"]
        score = float(self._scorers[task.data["token"]].score_answer(answer.strip(), entry))
        return score >= 1.0, f"checker score {score:.3g} (1.0 needed)", score

    def tasks(self, split: str, seed: int, count: int, offset: int = 0) -> list[Task]:
        check_task_request(self.selector, split, seed, count, offset)
        n = len(self.choices)
        positions = range(offset, offset + count)
        needed = [0] * n
        for position in positions:
            needed[position % n] = max(needed[position % n], position // n + 1)
        streams = [self._stream(choice, split, seed, needed[i]) for i, choice in enumerate(self.choices)]
        return [streams[position % n][position // n] for position in positions]

    def _stream(self, choice: DatasetChoice, split: str, seed: int, count: int) -> list[Task]:
        """The dataset's first `count` tasks of this split (training ones with held-out questions removed)."""
        if count == 0:
            return []
        if split == "heldout":
            dataset = self._build(choice, split_seed(split, seed), count)
            return [self._task(choice, split, seed, index, dataset[index]) for index in range(count)]
        banned = self._heldout_questions(choice, seed)
        limit = count * _SCAN_LIMIT + HELDOUT_GUARD
        dataset = self._build(choice, split_seed(split, seed), limit)
        out = []
        for index in range(limit):
            entry = dataset[index]
            if entry["question"] not in banned:
                out.append(self._task(choice, split, seed, index, entry))
                if len(out) == count:
                    return out
        raise BadInput(
            f"suite {self.selector!r}: {choice.token} has too few distinct tasks to keep {count} training tasks "
            f"apart from its held-out ones (only {len(out)} of {limit} differ): raise its difficulty settings"
        )

    def _heldout_questions(self, choice: DatasetChoice, seed: int) -> frozenset[str]:
        # Kept: a long agent run asks for training tasks batch after batch with the same seed.
        key = (choice, seed)
        if key not in self._banned:
            dataset = self._build(choice, split_seed("heldout", seed), HELDOUT_GUARD)
            self._banned[key] = frozenset(dataset[index]["question"] for index in range(HELDOUT_GUARD))
        return self._banned[key]

    def _task(self, choice: DatasetChoice, split: str, seed: int, index: int, entry: dict) -> Task:
        return Task(
            id=f"rg:{choice.token}:{split}:{seed}:{index}",
            dataset=choice.name,
            goal=entry["question"].strip(),
            context="",
            data={"entry": entry, "token": choice.token},
        )
