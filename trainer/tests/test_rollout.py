import json
import os
import subprocess
import sys

import pytest
from conftest import TRAINER_DIR, of

from agi_trainer.callbacks import StopRequest
from agi_trainer.protocol import validate
from agi_trainer.rollout import act, run
from agi_trainer.rollout_spec import RolloutSpec
from agi_trainer.spec import BadInput
from agi_trainer.suites import load_suite
from agi_trainer.suites.reasoning_gym_suite import reference_call

SUITE = "reasoning-gym:chain_sum,spell_backward"


@pytest.fixture
def rollout_spec(tmp_path, tiny_model):
    def make(**over) -> str:
        spec = {
            "suite": SUITE,
            "split": "heldout",
            "seed": 1,
            "tasks": 5,
            "base_model": tiny_model,
            "adapter_path": None,
            "results_path": str(tmp_path / "out" / "results.jsonl"),
            "batch_size": 2,
            "max_steps": 2,
            "max_new_tokens": 16,
            # Sampling makes the random tiny model write text instead of stopping at once: more paths exercised.
            "temperature": 1.0,
        }
        spec.update(over)
        path = tmp_path / "rollout.json"
        path.write_text(json.dumps(spec))
        return str(path)

    return make


def run_rollout(spec_path: str) -> tuple[int, list[dict], str]:
    proc = subprocess.run(
        [sys.executable, "-m", "agi_trainer", "rollout", "--spec", spec_path],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": TRAINER_DIR, "HF_HUB_OFFLINE": "1"},
    )
    events = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    for event in events:
        validate(event)
    return proc.returncode, events, proc.stderr


@pytest.fixture
def in_process(monkeypatch, capfd):
    """Runs the rollout CLI's run() in this process (no second import of torch and reasoning-gym) and returns
    its exit code and events."""
    monkeypatch.setattr(StopRequest, "install", lambda self: None)  # leave pytest's own signal handlers alone
    monkeypatch.setattr(sys, "stdout", sys.stdout)  # run() points sys.stdout at stderr

    def call(spec_path: str) -> tuple[int, list[dict]]:
        capfd.readouterr()
        code = run(spec_path)
        events = [json.loads(line) for line in capfd.readouterr().out.splitlines() if line.startswith("{")]
        for event in events:
            validate(event)
        return code, events

    return call


def lines(path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def without_timing(results):
    return [{k: v for k, v in r.items() if k != "seconds"} for r in results]


def test_a_rollout_writes_one_valid_line_per_task_and_resumes_to_the_same_result(rollout_spec, tmp_path, in_process):
    spec_path = rollout_spec()
    code, events, stderr = run_rollout(spec_path)
    assert code == 0, stderr
    assert of(events, "rollout_start") == [
        {"event": "rollout_start", "tasks": 5, "resumed": 0, "device": "cpu", "suite": SUITE}
    ]
    assert [e["done"] for e in of(events, "rollout_progress")] == [2, 4, 5]
    (done,) = of(events, "rollout_done")
    results_path = str(tmp_path / "out" / "results.jsonl")
    assert done["results_path"] == results_path and done["tasks"] == 5
    full = lines(results_path)
    expected = load_suite(SUITE).tasks("heldout", 1, 5)
    assert [r["task_id"] for r in full] == [t.id for t in expected]
    assert [r["index"] for r in full] == list(range(5))
    for result, task in zip(full, expected, strict=True):
        assert result["dataset"] == task.dataset
        assert isinstance(result["success"], bool) and isinstance(result["lucky"], bool)
        assert result["success"] or result["failure"]
        assert 1 <= result["steps"] <= 2
        record = result["record"]
        assert record["goal"] == task.goal and record["task_id"] == task.id and record["summary"].strip()
        assert record["messages"][0]["role"] == "system"
        assert record["messages"][1] == {"role": "user", "content": f"Goal: {task.goal}"}
        assert any(m["role"] == "assistant" for m in record["messages"])
        assert len(record["plan"]) == len(record["execution"])
        # The built-in suite describes its tools in the system prompt: the template rendered none, so none recorded.
        # Each task's prompt is its own dataset's: its tool, and no other dataset's.
        tool = reference_call(task)[0]
        assert record["tools"] == [] and f'"name": "{tool}"' in record["messages"][0]["content"]
        other = "reverse_text" if tool == "calculate" else "calculate"
        assert f'"name": "{other}"' not in record["messages"][0]["content"]

    # Killed mid-way: the first batch on disk, the second torn in the middle of its first line.
    with open(results_path, "w", encoding="utf-8") as f:
        f.write("".join(json.dumps(r) + "\n" for r in full[:2]) + json.dumps(full[2])[:40])
    code, events = in_process(spec_path)
    assert code == 0
    assert of(events, "rollout_start")[0]["resumed"] == 2
    assert [e["done"] for e in of(events, "rollout_progress")] == [4, 5]
    assert of(events, "rollout_done")[0]["successes"] == sum(r["success"] for r in full)
    assert without_timing(lines(results_path)) == without_timing(full)

    # Everything done: nothing runs again, no model is loaded.
    code, events = in_process(spec_path)
    assert code == 0 and of(events, "rollout_start")[0]["resumed"] == 5 and not of(events, "rollout_progress")
    assert len(lines(results_path)) == 5


def test_an_unknown_suite_is_bad_input_naming_it(rollout_spec, in_process):
    code, events = in_process(rollout_spec(suite="reasoning-gym:chain_summ"))
    assert code == 2
    (error,) = of(events, "error")
    assert error["kind"] == "bad_input" and "'reasoning-gym:chain_summ'" in error["message"]


def test_a_user_suite_that_raises_while_building_tasks_is_bad_input(rollout_spec, in_process):
    code, events = in_process(rollout_spec(suite="python:fixtures.user_suite:tasks_raise"))
    (error,) = of(events, "error")
    assert code == 2 and error["kind"] == "bad_input"
    assert "raised while building tasks: KeyError" in error["message"]


def test_every_problem_of_a_spec_is_reported_at_once(rollout_spec, tmp_path, in_process):
    code, events = in_process(
        rollout_spec(split="test", tasks=0, temperature=-1, device="tpu", adapter_path=str(tmp_path), colour="red")
    )
    assert code == 2 and "unknown keys ['colour']" in of(events, "error")[0]["message"]
    code, events = in_process(rollout_spec(split="test", tasks=0, temperature=-1, adapter_path=str(tmp_path)))
    message = of(events, "error")[0]["message"]
    for part in ("split 'test'", "tasks 0", "temperature -1", "no adapter_config.json"):
        assert part in message


class StopAfterFirstBatch(StopRequest):
    def __init__(self, results_path):
        super().__init__()
        self.results_path = results_path

    def check(self):
        return os.path.exists(self.results_path)


def test_a_stop_request_keeps_the_finished_episodes(rollout_spec, tmp_path, capfd):
    spec = RolloutSpec.load(rollout_spec())
    assert act(spec, StopAfterFirstBatch(spec.results_path)) == 3
    assert len(lines(spec.results_path)) == 2
    events = [json.loads(line) for line in capfd.readouterr().out.splitlines() if line.startswith("{")]
    (error,) = of(events, "error")
    assert error["kind"] == "interrupted" and "after 2 of 5 episodes" in error["message"]


def test_a_hand_written_spec_may_leave_out_what_has_a_documented_default(tmp_path):
    # The fields and defaults are src/shared/rollout-contract.ts's (schemas/rollout-spec.schema.json): the worker
    # writes every key; a person may leave out the ones config/defaults.yaml documents.
    path = tmp_path / "spec.json"
    spec = {"suite": SUITE, "split": "train", "seed": 0, "tasks": 1, "base_model": "org/model"}
    path.write_text(json.dumps({**spec, "results_path": str(tmp_path / "r.jsonl")}))
    loaded = RolloutSpec.load(str(path))
    assert (loaded.device, loaded.temperature, loaded.max_steps, loaded.adapter_path) == ("auto", 0, 4, None)
    assert not loaded.count_lucky_as_success and loaded.offset == 0 and loaded.precision == "auto"
    path.write_text(json.dumps({**spec, "tasks": 1.5, "suite": ""}))
    with pytest.raises(BadInput) as err:
        RolloutSpec.load(str(path))
    message = str(err.value)
    assert "missing keys ['results_path']: add them" in message and "tasks 1.5: use a whole number from 1" in message
    assert "suite '': use a non-empty string (reasoning-gym:NAME[,NAME…] or python:package.module:factory" in message


def test_attempts_act_on_each_task_several_times_side_by_side_and_resume_by_attempt(rollout_spec, tmp_path, in_process):
    spec_path = rollout_spec(tasks=3, attempts=2, batch_size=5)  # 5 // 2 = two whole tasks a batch
    code, events = in_process(spec_path)
    assert code == 0
    assert of(events, "rollout_start")[0]["tasks"] == 6
    assert [e["done"] for e in of(events, "rollout_progress")] == [4, 6]
    results_path = str(tmp_path / "out" / "results.jsonl")
    full = lines(results_path)
    ids = [t.id for t in load_suite(SUITE).tasks("heldout", 1, 3)]
    assert [(r["task_id"], r["attempt"]) for r in full] == [(i, a) for i in ids for a in (0, 1)]
    assert [r["record"]["attempt"] for r in full] == [0, 1] * 3
    assert all(r["record"]["task_id"] == r["task_id"] for r in full)
    # Sampled: the attempts at a task are separate episodes, not one copied (the random tiny model at temperature 1
    # never writes the same turns twice here).
    assert any(full[i]["record"]["messages"] != full[i + 1]["record"]["messages"] for i in (0, 2, 4))

    # Killed after the first batch: the second attempt at the last task (and the first) run again, nothing else.
    with open(results_path, "w", encoding="utf-8") as f:
        f.write("".join(json.dumps(r) + "\n" for r in full[:4]))
    code, events = in_process(spec_path)
    assert code == 0 and of(events, "rollout_start")[0]["resumed"] == 4
    assert [(r["task_id"], r["attempt"]) for r in lines(results_path)] == [(i, a) for i in ids for a in (0, 1)]
    assert without_timing(lines(results_path)) == without_timing(full)


def test_several_attempts_at_temperature_zero_are_refused(rollout_spec, in_process):
    code, events = in_process(rollout_spec(attempts=3, temperature=0))
    (error,) = of(events, "error")
    assert code == 2 and error["kind"] == "bad_input"
    assert "attempts 3 at temperature 0 would repeat one greedy episode: set temperature above 0" in error["message"]


def test_a_results_line_with_a_bad_attempt_is_bad_input_naming_the_line_and_the_fix(tmp_path):
    from agi_trainer.results_file import read_finished

    path = tmp_path / "results.jsonl"
    path.write_text(
        json.dumps({"task_id": "t1"}) + "\n" + json.dumps({"task_id": "t1", "attempt": 1}) + "\n", encoding="utf-8"
    )
    assert sorted(read_finished(str(path))) == [("t1", 0), ("t1", 1)]  # a line from before attempts is attempt 0
    path.write_text(json.dumps({"task_id": "t1", "attempt": "2"}) + "\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"line 1 has attempt '2': delete the file to run every episode again"):
        read_finished(str(path))
