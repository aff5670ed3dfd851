"""Several training processes (DDP), proven on a CPU with two gloo ranks: one voice on the protocol, one adapter,
a stop that reaches every rank at the same step, a resume from its checkpoint, and a dead rank that ends the rest."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import TRAINER_DIR, of, run_trainer

from agi_trainer import launch
from agi_trainer.spec import BadInput, RunSpec

ENV = {**os.environ, "PYTHONPATH": TRAINER_DIR, "HF_HUB_OFFLINE": "1", "CUDA_VISIBLE_DEVICES": ""}


def test_two_cpu_processes_speak_with_one_voice_and_save_one_adapter(make_spec):
    spec = make_spec("lora", device="cpu", num_processes=2, max_steps=4, save_steps=2)
    code, events = run_trainer(spec, env={"CUDA_VISIBLE_DEVICES": ""})
    assert code == 0, events
    # Rank 1 says nothing: one start, one done, each step and checkpoint once.
    assert len(of(events, "start")) == 1 and len(of(events, "done")) == 1
    assert [e["step"] for e in of(events, "progress")] == [1, 2, 3, 4]
    assert [e["step"] for e in of(events, "checkpoint")] == [2, 4]
    done = of(events, "done")[0]
    assert done["environment"]["processes"] == 2
    assert done["steps"] == 4
    adapter = done["adapter_path"]
    assert os.path.isfile(os.path.join(adapter, "adapter_model.safetensors"))
    assert not os.path.exists(adapter + ".partial")
    # 16 rows, 4 per micro-batch on each of 2 ranks: 2 steps per epoch, so 4 steps are 2 epochs, not 1.
    assert of(events, "progress")[-1]["loss"] < of(events, "progress")[0]["loss"]


def _start(spec_path: str) -> subprocess.Popen:
    """The trainer as the GPU worker starts it: leading its own process group, which a stop signals whole."""
    return subprocess.Popen(
        [sys.executable, "-m", "agi_trainer", "train", "--spec", spec_path],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV, start_new_session=True,
    )  # fmt: skip


def _gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("sharding", ["none", "full_shard"])
def test_sigterm_stops_every_rank_at_one_checkpoint_and_the_run_resumes_from_it(make_spec, tmp_path, sharding):
    # Sharded too: there the stop's checkpoint is a collective write that needs every rank.
    spec_path = make_spec("lora", device="cpu", num_processes=2, max_steps=100000, save_steps=2, fsdp=sharding)
    proc = _start(spec_path)
    events = []
    for line in proc.stdout:
        events.append(json.loads(line))
        if events[-1]["event"] == "checkpoint":
            os.killpg(proc.pid, signal.SIGTERM)
            break
    events += [json.loads(line) for line in proc.stdout]
    assert proc.wait(timeout=90) != 0
    deadline = time.monotonic() + 30
    while not _gone(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _gone(proc.pid), "a rank outlived the stop"
    errors = of(events, "error")
    assert [e["kind"] for e in errors] == ["interrupted"]
    last_step = of(events, "progress")[-1]["step"]
    saved = of(events, "checkpoint")[-1]
    # Both ranks stopped at the same step, and that step was saved.
    assert saved["step"] == last_step
    assert os.path.isfile(os.path.join(saved["path"], "trainer_state.json"))
    assert f"step {last_step}" in errors[0]["message"]

    spec = json.load(open(spec_path))
    spec.update(resume_from_checkpoint=saved["path"], max_steps=last_step + 2)
    resumed = tmp_path / "resumed.json"
    resumed.write_text(json.dumps(spec))
    code, events = run_trainer(str(resumed), env={"CUDA_VISIBLE_DEVICES": ""})
    assert code == 0, events
    assert of(events, "start")[0]["resumed_from_step"] == last_step
    assert [e["step"] for e in of(events, "progress")] == [last_step + 1, last_step + 2]
    assert of(events, "done")[0]["environment"]["processes"] == 2


def _rank_pid(pgid: int, rank: str) -> int | None:
    """The pid of the training process of `rank` in the group (Linux /proc: its RANK environment variable)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getpgid(int(entry)) != pgid:
                continue
            environ = open(f"/proc/{entry}/environ", "rb").read().split(b"\0")
        except (OSError, ProcessLookupError):
            continue
        if f"RANK={rank}".encode() in environ and b"LOCAL_RANK=" + rank.encode() in environ:
            return int(entry)
    return None


def test_a_stop_seen_by_one_rank_alone_stops_them_all_at_the_same_step(make_spec):
    # A signal that reaches rank 1 only (a kill by pid, a signal the launcher has not passed on yet) must not leave
    # rank 0 stepping on into an all-reduce that rank 1 never joins: they agree at the end of every step.
    spec_path = make_spec("lora", device="cpu", num_processes=2, max_steps=100000, save_steps=100000)
    proc = _start(spec_path)
    events = []
    try:
        for line in proc.stdout:
            events.append(json.loads(line))
            if events[-1]["event"] == "progress" and events[-1]["step"] >= 2:
                rank1 = _rank_pid(proc.pid, "1")
                assert rank1 is not None, "rank 1 not found"
                os.kill(rank1, signal.SIGTERM)
                break
        events += [json.loads(line) for line in proc.stdout]
        proc.wait(timeout=90)
    finally:
        if not _gone(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
    assert [e["kind"] for e in of(events, "error")] == ["interrupted"]
    saved = of(events, "checkpoint")
    assert saved and saved[-1]["step"] == of(events, "progress")[-1]["step"]
    assert os.path.isfile(os.path.join(saved[-1]["path"], "trainer_state.json"))


def test_a_rank_killed_outright_ends_the_others_and_the_run_fails_without_leftovers(make_spec):
    spec_path = make_spec("lora", device="cpu", num_processes=2, max_steps=100000, save_steps=100000)
    proc = _start(spec_path)
    try:
        for line in proc.stdout:
            event = json.loads(line)
            if event["event"] == "progress" and event["step"] >= 2:
                os.kill(_rank_pid(proc.pid, "1"), signal.SIGKILL)
                break
        proc.stdout.read()
        code = proc.wait(timeout=90)
    finally:
        if not _gone(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
    assert code != 0
    deadline = time.monotonic() + 30
    while not _gone(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _gone(proc.pid), "rank 0 outlived its dead peer"


def test_more_cpu_processes_than_cores_is_bad_input_naming_the_setting(make_spec):
    too_many = (os.cpu_count() or 1) + 1
    code, events = run_trainer(make_spec("lora", device="cpu", num_processes=too_many))
    assert code == 2
    message = of(events, "error")[0]["message"]
    assert of(events, "error")[0]["kind"] == "bad_input"
    assert f"trainer.num_processes is {too_many}" in message and "CPU core" in message


def _spec(**over) -> RunSpec:
    fields = dict(
        strategy="lora", base_model="m", train_path="t", eval_path=None, adapter_dir="a", tokenizer_dir="k",
        checkpoints_dir="c", resume_from_checkpoint=None, compare_adapter_dir=None, epochs=1, max_steps=1,
        learning_rate=1e-4, lora_rank=8, dpo_beta=0.1,
    )  # fmt: skip
    return RunSpec(**{**fields, **over})


@pytest.mark.parametrize(
    ("gpus", "requested", "expected"),
    [(0, "auto", 1), (1, "auto", 1), (4, "auto", 4), (4, 2, 2), (0, 1, 1)],
)
def test_process_count_auto_is_one_per_visible_gpu(monkeypatch, gpus, requested, expected):
    # The GPU count is faked (this host has none); the decision around it is the real one.
    monkeypatch.setattr("torch.cuda.device_count", lambda: gpus)
    assert launch.processes_for(_spec(num_processes=requested)) == expected


def test_more_processes_than_visible_gpus_is_refused_with_the_visible_list(monkeypatch):
    monkeypatch.setattr("torch.cuda.device_count", lambda: 2)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1")
    with pytest.raises(BadInput) as err:
        launch.processes_for(_spec(num_processes=4))
    assert "trainer.num_processes is 4 but this worker sees 2 GPU(s) (CUDA_VISIBLE_DEVICES='0,1')" in str(err.value)
    assert "at most 2" in str(err.value)


def test_several_processes_on_apple_mps_are_refused_with_the_way_out(monkeypatch):
    # No Mac here: MPS is faked present; the refusal around it is the real one.
    monkeypatch.setattr("torch.cuda.device_count", lambda: 0)
    monkeypatch.setattr("torch.backends.mps.is_available", lambda: True)
    with pytest.raises(BadInput) as err:
        launch.processes_for(_spec(num_processes=2))
    assert "Apple MPS trains in one process" in str(err.value) and "trainer.device: cpu" in str(err.value)
    assert launch.processes_for(_spec(num_processes=2, device="cpu")) == 2


@pytest.mark.parametrize("bad", [0, -1, 1.5, "two", True])
def test_a_malformed_process_count_is_refused(bad):
    with pytest.raises(BadInput, match="trainer.num_processes"):
        _spec(num_processes=bad).check()
