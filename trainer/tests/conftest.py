import json
import os
import subprocess
import sys

import pytest

from agi_trainer.tiny_model import build_tiny_model

TRAINER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(TRAINER_DIR)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> str:
    out = str(tmp_path_factory.mktemp("models") / "tiny")
    build_tiny_model(out)
    return out


def _sft_rows() -> list[dict]:
    # A small, overfittable set: the same few goals, each with its one right answer.
    rows = []
    for i in range(16):
        goal = ["Check disk usage on the worker hosts", "Find why the nightly build failed"][i % 2]
        answer = ["Done: disk usage is fine.", "Failed: the build log shows OOM."][i % 2]
        rows.append(
            {
                "messages": [
                    {"role": "user", "content": f"Goal: {goal}"},
                    {"role": "assistant", "content": answer},
                ]
            }
        )
    return rows


def _dpo_rows() -> list[dict]:
    rows = []
    for i in range(16):
        goal = ["Check disk usage on the worker hosts", "Find why the nightly build failed"][i % 2]
        rows.append(
            {
                "prompt": [{"role": "user", "content": f"Goal: {goal}"}],
                "chosen": [{"role": "assistant", "content": "Done: verified the result and reported it."}],
                "rejected": [{"role": "assistant", "content": "Failed: the step errored with exit status 2."}],
            }
        )
    return rows


def _kto_rows() -> list[dict]:
    # Unpaired outcomes, three successes to one failure: the weights must balance them.
    rows = []
    for i in range(16):
        goal = ["Check disk usage on the worker hosts", "Find why the nightly build failed"][i % 2]
        good = i % 4 != 3
        answer = "Done: verified the result and reported it."
        if not good:
            answer = "Failed: the step errored with exit status 2."
        rows.append(
            {
                "prompt": [{"role": "user", "content": f"Goal: {goal}"}],
                "completion": [{"role": "assistant", "content": answer}],
                "label": good,
            }
        )
    return rows


# Trajectory rows, as the TypeScript converter writes them (trl's conversational tool-calling shape): the plan as an
# assistant turn with tool_calls, each tool's output as a `tool` turn, then the summary.
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "gh_pr_list",
            "description": "List the open pull requests",
            "parameters": {
                "type": "object",
                "properties": {"args": {"type": "array", "items": {"type": "string"}}, "verbose": {"type": "boolean"}},
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "fetch_build_log",
            "description": "Fetch a CI build log",
            "parameters": {"type": "object", "properties": {"job": {"type": "string"}, "tail": {"type": "integer"}}},
        },
    },
]

TRAJECTORY_GOALS = [
    # goal, its calls (name, arguments, output), the summary
    (
        "Summarise the open pull requests in the repository",
        [
            ("gh_pr_list", {"args": ["git"], "verbose": False}, "12 items returned by gh_pr_list"),
            ("fetch_build_log", {"job": "nightly", "tail": 40}, "exit status 2 in step shift"),
        ],
        "Done: verified the result and reported it to the operator.",
    ),
    (
        "Find why the nightly build failed",
        [
            ("fetch_build_log", {"tail": 200, "job": "nightly-build"}, "OOM killed the linker at 03:12"),
            ("gh_pr_list", {"verbose": True, "args": ["ci", "open"]}, "3 items touch the linker flags"),
        ],
        "Failed: the build log shows OOM.",
    ),
]


def trajectory_goal(i: int) -> str:
    return f"Goal: {TRAJECTORY_GOALS[i % 2][0]}\nContext: Area: git"


def plan_turn(i: int, calls: int = 2, wrong: bool = False) -> dict:
    """The assistant's plan: one description line per step and the matching tool calls. `wrong` reverses them."""
    steps = TRAJECTORY_GOALS[i % 2][1][:calls]
    if wrong:
        steps = [(name, {}, out) for name, _, out in reversed(steps)]
    return {
        "role": "assistant",
        "content": "\n".join(f"{n}. Step with {name}" for n, (name, _, _) in enumerate(steps, start=1)),
        "tool_calls": [
            {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": arguments}}
            for n, (name, arguments, _) in enumerate(steps)
        ],
    }


def trajectory_messages(i: int, calls: int = 2, system: bool = True) -> list[dict]:
    _, steps, summary = TRAJECTORY_GOALS[i % 2]
    messages = [{"role": "system", "content": "You are the agi-core agent."}] if system else []
    messages += [{"role": "user", "content": trajectory_goal(i)}, plan_turn(i, calls)]
    messages += [
        {"role": "tool", "tool_call_id": f"call_{n}", "name": name, "content": out}
        for n, (name, _, out) in enumerate(steps[:calls])
    ]
    return messages + [{"role": "assistant", "content": summary}]


def _trajectory_sft_rows() -> list[dict]:
    return [{"messages": trajectory_messages(i, system=i % 4 < 2), "tools": TOOLS} for i in range(16)]


def attempt_after_goal(i: int, wrong: bool) -> list[dict]:
    """What an attempt at goal i did after its prompt: even i a plan-only record (the plan turn), odd i a recorded
    chat (the calls, the tools' outputs and the reply after them)."""
    if i % 2 == 0:
        return [plan_turn(i, wrong=wrong)]
    if not wrong:
        return trajectory_messages(i, system=False)[1:]
    outputs = [
        {"role": "tool", "tool_call_id": f"call_{n}", "name": call["function"]["name"], "content": "no such item"}
        for n, call in enumerate(plan_turn(i, wrong=True)["tool_calls"])
    ]
    return [plan_turn(i, wrong=True), *outputs, {"role": "assistant", "content": "Nothing found."}]


def failed_attempt(i: int, calls: int) -> list[dict]:
    """A recorded failure at goal i: the wrong calls, their failed outputs, and a reply giving up."""
    outputs = [
        {"role": "tool", "tool_call_id": f"call_{n}", "name": "x", "content": f"failed output {n}"}
        for n in range(calls)
    ]
    return [plan_turn(i, calls, wrong=True), *outputs, {"role": "assistant", "content": "I could not do it."}]


def _trajectory_dpo_rows() -> list[dict]:
    return [
        {
            "prompt": [{"role": "user", "content": trajectory_goal(i)}],
            "chosen": attempt_after_goal(i, False),
            "rejected": attempt_after_goal(i, True),
            "tools": TOOLS,
        }
        for i in range(16)
    ]


def _trajectory_kto_rows() -> list[dict]:
    # Three good attempts to one bad, as the summary-format KTO rows.
    return [
        {
            "prompt": [{"role": "user", "content": trajectory_goal(i)}],
            "completion": attempt_after_goal(i, i % 4 == 3),
            "label": i % 4 != 3,
            "tools": TOOLS,
        }
        for i in range(16)
    ]


def write_jsonl(path, rows) -> str:
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    return str(path)


@pytest.fixture
def make_spec(tmp_path, tiny_model):
    def make(strategy: str = "lora", **over) -> str:
        if over.get("example_format") == "trajectory":
            rows = {"lora": _trajectory_sft_rows, "dpo": _trajectory_dpo_rows, "kto": _trajectory_kto_rows}[strategy]()
        else:
            rows = {"lora": _sft_rows, "dpo": _dpo_rows, "kto": _kto_rows}[strategy]()
        train = write_jsonl(tmp_path / "train.jsonl", rows)
        spec = {
            "strategy": strategy,
            "base_model": tiny_model,
            "train_path": train,
            "eval_path": train,  # evaluate on the training set: we want to see it overfit
            "adapter_dir": str(tmp_path / "run" / "adapter"),
            "tokenizer_dir": str(tmp_path / "run" / "tokenizer"),
            "checkpoints_dir": str(tmp_path / "run" / "checkpoints"),
            "resume_from_checkpoint": None,
            "compare_adapter_dir": None,
            "epochs": 100,
            "max_steps": 30,
            "learning_rate": 0.01,
            "lora_rank": 8,
            "lora_alpha": 16,
            "lora_dropout": 0.0,
            "target_modules": "all-linear",
            "dpo_beta": 0.1,
            "per_device_batch_size": 4,
            "gradient_accumulation_steps": 1,
            "max_seq_length": 256,
            "packing": False,
            "save_steps": 5,
            "save_total_limit": 2,
            "seed": 42,
            "device": "auto",
            "report_to": [],
            "precision": "auto",
            "quantization": "none",
        }
        if over.get("example_format") == "trajectory":
            # The tools' system turn alone is ~700 tokens in the tiny model's 512-token vocabulary.
            spec["max_seq_length"] = 1024
        spec.update(over)
        path = tmp_path / f"spec-{strategy}.json"
        path.write_text(json.dumps(spec))
        return str(path)

    return make


def run_trainer(spec_path: str, timeout: int = 300, env: dict | None = None) -> tuple[int, list[dict]]:
    """Runs the trainer as the activity does and returns its exit code and protocol events."""
    proc = subprocess.run(
        [sys.executable, "-m", "agi_trainer", "train", "--spec", spec_path],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": TRAINER_DIR, "HF_HUB_OFFLINE": "1", **(env or {})},
    )
    events = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return proc.returncode, events


def of(events: list[dict], name: str) -> list[dict]:
    return [e for e in events if e["event"] == name]
