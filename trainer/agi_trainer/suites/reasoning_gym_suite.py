"""The built-in suite: reasoning-gym's procedural tasks and checkers, acted on through a fixed tool set.

- Success: the dataset's own `score_answer(answer.strip(), entry) == 1.0`; partial credit is a failure.
- Splits: reasoning-gym seeds each task with `Random(seed + index)`, so a split's seed is spaced 2**32 from every
  other (train: seed * 2**33, heldout: seed * 2**33 + 2**32): no index reaches another split's or seed's range.
  On top of that, `train` drops every task whose question text equals one of the first 2000 held-out questions
  of the same dataset and seed (small task spaces repeat questions under any seeds).
- Mixing: several datasets are interleaved round-robin, task i from dataset i % n.
"""

from __future__ import annotations

import json

from ..spec import BadInput
from .base import SPLITS, Task
from .builtin_tools import TOOLS, call_builtin
from .rg_selector import DatasetChoice, import_reasoning_gym, parse_selector

SPLIT_STRIDE = 2**32
HELDOUT_GUARD = 2000  # held-out tasks per dataset and seed whose questions training never sees
# Training tasks scanned per task kept before the task space is called too small to keep the splits apart.
_SCAN_LIMIT = 50

# The prompt is tuned on SmolLM2-135M-Instruct, greedy, 16 easy chain_sum tasks (2026-12-06). First turns that
# called the right tool with the right arguments:
# - tools rendered by the chat template as a <tools> block, with `answer` listed: 0-3/16 (it called `answer` with a
#   guess);
# - tools described in this prompt, generically ("tools", "<tool>"): 1-3/16 (it called tools named `add`);
# - named by what they are ("a calculator tool") with a call template each and a worked example written like the
#   task's own turn: 8/16.
# So the built-in suite describes the tools it needs here (tools_in_prompt: the template gets none) and the final
# plain reply is the answer; every tool of the set, `answer` included, stays callable.
# One prompt per dataset: one prompt for a mix, listing both tools and both examples, took easy chain_sum from
# 148/500 held-out alone to 0/64 in `chain_sum,letter_counting` (the model copied the last example's call).
# Each task gets its own dataset's tool and example.
TOOL_NOUNS = {
    "calculate": "a calculator tool",
    "sort_list": "a sorting tool",
    "count_letter": "a letter counting tool",
    "reverse_text": "a text reversing tool",
}
CALL_TEMPLATES = {
    "calculate": '{"expression": "<expression>"}',
    "sort_list": '{"items": [<items>], "descending": false}',
    "count_letter": '{"text": "<text>", "letter": "<letter>"}',
    "reverse_text": '{"text": "<text>"}',
}


def system_prompt_for(examples: list[tuple[str, str, dict]]) -> str:
    """The prompt: the tools the worked examples use, each with its call template, then the examples
    (user turn, tool name, arguments)."""
    # A dataset the tool set has no worked example for gets every tool's template and no example.
    used = list(dict.fromkeys(name for _, name, _ in examples)) or list(TOOL_NOUNS)
    nouns = [TOOL_NOUNS[name] for name in used]
    lines = [
        f"You are a helpful assistant with {' and '.join(nouns)}. To use {'it' if len(used) == 1 else 'them'}, write:"
    ]
    for name in used:
        lines.append(f'<tool_call>\n{{"name": "{name}", "arguments": {CALL_TEMPLATES[name]}}}\n</tool_call>')
    for user, name, arguments in examples:
        call = json.dumps({"name": name, "arguments": arguments})
        # Only the call: adding the tool's output and the final reply to the example took SmolLM2 from 8/16 calls
        # to 0/16 (it answered in prose instead).
        lines.append(f"Example:\nUser: {user}\nAssistant: <tool_call>\n{call}\n</tool_call>")
    return "\n".join(lines)


# Worked examples come from this seed of a split no task list ever uses: never a training or held-out task.
EXAMPLE_SEED = 2**31 - 1


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
        self._prompts: dict[str | None, str] = {}

    def _build(self, choice: DatasetChoice, seed: int, size: int):
        return self._rg.create_dataset(choice.name, seed=seed, size=size, **dict(choice.overrides))

    # The system prompt describes the tools (see system_prompt_for): the chat template gets none.
    tools_in_prompt = True

    def system_prompt(self, task: Task | None = None) -> str:
        """The prompt for the task's dataset: its tool and one worked example. Without a task, every dataset's."""
        token = task.data["token"] if task is not None else None
        if token not in self._prompts:
            from ..episode import render_task  # the user turn exactly as episodes render it

            examples = []
            for choice in self.choices:
                if token is not None and choice.token != token:
                    continue
                dataset = self._build(choice, split_seed("heldout", EXAMPLE_SEED) + SPLIT_STRIDE // 2, 1)
                example = self._task(choice, "example", EXAMPLE_SEED, 0, dataset[0])
                try:
                    name, arguments = reference_call(example)
                except KeyError:
                    continue  # a dataset the tool set was not built for: no worked example
                examples.append((render_task(example.goal, example.context), name, arguments))
            self._prompts[token] = system_prompt_for(examples)
        return self._prompts[token]

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


def reference_call(task: Task) -> tuple[str, dict]:
    """The right tool and arguments for the six datasets the tool set is built for, from the generator's metadata:
    the worked examples' solutions (and the tests' oracle). Other datasets get no example."""
    meta = task.data["entry"]["metadata"]
    descending = meta.get("direction") == "descending"
    if task.dataset == "basic_arithmetic":
        # The dataset computes "/" as floor division (exact in all but ~0.7 % of its tasks): "//" is what it means.
        return "calculate", {"expression": meta["expression"].replace("/", "//")}
    if task.dataset == "chain_sum":
        return "calculate", {"expression": meta["expression"]}
    if task.dataset == "number_sorting":
        return "sort_list", {"items": meta["original_numbers"], "descending": descending}
    if task.dataset == "word_sorting":
        return "sort_list", {"items": meta["transformed_words"], "descending": descending}
    if task.dataset == "letter_counting":
        return "count_letter", {"text": " ".join(meta["span"]), "letter": meta["target_letter"]}
    if task.dataset == "spell_backward":
        return "reverse_text", {"text": meta["word"]}
    raise KeyError(task.dataset)
