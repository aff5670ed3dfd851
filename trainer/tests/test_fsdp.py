"""Fully sharded training (`trainer.fsdp`), proven on a CPU with two gloo ranks: the same protocol as DDP, checkpoints
written as shards by both ranks, a resume from them, and a gathered adapter equal to the one DDP trains."""

import json
import os
import shutil

import pytest
from conftest import of, run_trainer
from spec_fields import settings_spec

from agi_trainer import fsdp, launch
from agi_trainer.spec import BadInput

CPU = {"CUDA_VISIBLE_DEVICES": ""}


def _adapter_weights(adapter_dir: str) -> dict:
    from safetensors.torch import load_file

    return load_file(os.path.join(adapter_dir, "adapter_model.safetensors"))


@pytest.mark.parametrize("sharding", ["full_shard", "shard_grad_op"])
def test_two_sharded_cpu_ranks_train_the_adapter_ddp_trains(make_spec, tmp_path, sharding):
    # No eval split: evaluating before training moves the DDP run's first steps (not the sharded one's), and the
    # two runs must start alike to end alike.
    spec = make_spec("lora", device="cpu", num_processes=2, max_steps=4, save_steps=2, fsdp=sharding, eval_path=None)
    code, events = run_trainer(spec, env=CPU)
    assert code == 0, events
    assert len(of(events, "start")) == 1 and len(of(events, "done")) == 1
    assert [e["step"] for e in of(events, "progress")] == [1, 2, 3, 4]
    assert [e["step"] for e in of(events, "checkpoint")] == [2, 4]
    done = of(events, "done")[0]
    assert done["environment"]["processes"] == 2 and done["environment"]["fsdp"] == sharding
    # The checkpoint holds each rank's shard (torch.distributed.checkpoint), not a copy of the whole adapter.
    shards = os.path.join(of(events, "checkpoint")[-1]["path"], "pytorch_model_fsdp_0")
    assert sorted(f for f in os.listdir(shards) if f.endswith(".distcp")) == ["__0_0.distcp", "__1_0.distcp"]
    sharded = _adapter_weights(done["adapter_path"])
    assert sharded and all("lora_" in k for k in sharded)
    assert not os.path.exists(done["adapter_path"] + ".partial")

    # The same run without sharding: the gathered adapter must be DDP's, weight for weight (a shard left out or
    # gathered in the wrong order would not be).
    plain = json.load(open(spec))
    plain.update(fsdp="none", adapter_dir=str(tmp_path / "ddp" / "adapter"))
    plain.update(tokenizer_dir=str(tmp_path / "ddp" / "tokenizer"), checkpoints_dir=str(tmp_path / "ddp" / "ckpt"))
    plain_path = tmp_path / "ddp.json"
    plain_path.write_text(json.dumps(plain))
    code, ddp_events = run_trainer(str(plain_path), env=CPU)
    assert code == 0, ddp_events
    replicated = _adapter_weights(of(ddp_events, "done")[0]["adapter_path"])
    assert sorted(replicated) == sorted(sharded)
    import torch

    for key, value in replicated.items():
        assert torch.allclose(sharded[key], value, atol=1e-6), key
    assert any(v.abs().sum() > 0 for k, v in sharded.items() if "lora_B" in k), "the adapter never trained"


def test_a_sharded_run_resumes_from_its_sharded_checkpoint_and_compares_with_the_active_adapter(make_spec, tmp_path):
    spec_path = make_spec("lora", device="cpu", num_processes=2, max_steps=2, save_steps=2, fsdp="full_shard")
    code, events = run_trainer(spec_path, env=CPU)
    assert code == 0, events
    # The sharded model is evaluated before (inside train(), once sharded) and after training.
    assert [e["phase"] for e in of(events, "eval")] == ["before", "after"]
    first_loss = of(events, "eval")[1]["eval_loss"]
    assert first_loss < of(events, "eval")[0]["eval_loss"]
    saved = of(events, "checkpoint")[-1]
    active = str(tmp_path / "active-adapter")
    shutil.copytree(of(events, "done")[0]["adapter_path"], active)

    spec = json.load(open(spec_path))
    spec.update(resume_from_checkpoint=saved["path"], max_steps=4, compare_adapter_dir=active)
    resumed = tmp_path / "resumed.json"
    resumed.write_text(json.dumps(spec))
    code, events = run_trainer(str(resumed), env=CPU)
    assert code == 0, events
    assert of(events, "start")[0]["resumed_from_step"] == 2
    assert [e["step"] for e in of(events, "progress")] == [3, 4]
    # The promotion gate's yardstick: the first run's adapter, loaded into the shards, evaluates to the loss that
    # run reported for it (it would not if its weights landed in the wrong shards).
    metrics = of(events, "done")[0]["metrics"]
    assert metrics["eval_loss_active"] == pytest.approx(first_loss, abs=1e-4)
    assert metrics["eval_loss_after"] < metrics["eval_loss_active"]
    # And the run's own adapter was saved before that overwrote it in the model.
    assert not torch_equal(_adapter_weights(spec["adapter_dir"]), _adapter_weights(active))


def torch_equal(a: dict, b: dict) -> bool:
    import torch

    return sorted(a) == sorted(b) and all(torch.equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize("strategy", ["dpo", "kto"])
def test_preference_strategies_train_sharded(make_spec, strategy):
    code, events = run_trainer(
        make_spec(strategy, device="cpu", num_processes=2, max_steps=2, save_steps=2, fsdp="full_shard"), env=CPU
    )
    assert code == 0, events
    assert of(events, "done")[0]["environment"]["fsdp"] == "full_shard"
    assert os.path.isfile(os.path.join(of(events, "done")[0]["adapter_path"], "adapter_model.safetensors"))


def test_sharding_over_one_process_is_refused_naming_the_setting(make_spec):
    code, events = run_trainer(make_spec("lora", device="cpu", num_processes=1, fsdp="full_shard"), env=CPU)
    assert code == 2
    message = of(events, "error")[0]["message"]
    assert "trainer.fsdp full_shard" in message and "would train with 1" in message and "trainer.fsdp: none" in message


_spec = settings_spec


def test_a_malformed_sharding_is_refused_with_the_choices():
    with pytest.raises(BadInput, match=r"trainer.fsdp 'yes': use none, full_shard or shard_grad_op"):
        _spec(fsdp="yes").check()


def test_sharding_a_4bit_model_is_refused_with_the_way_out():
    with pytest.raises(BadInput, match=r"trainer.fsdp with trainer.quantization 4bit"):
        _spec(fsdp="full_shard", quantization="4bit").check()


def test_auto_on_a_single_gpu_host_is_refused_for_sharding(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    with pytest.raises(BadInput, match="would train with 1"):
        launch.processes_for(_spec(fsdp="full_shard"))
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 4)
    assert launch.processes_for(_spec(fsdp="shard_grad_op")) == 4


def test_sharding_that_accelerate_did_not_turn_on_is_refused_rather_than_trained_unsharded():
    class Unsharded:  # what the HF Trainer looks like when accelerate ignored the FSDP plugin
        is_fsdp_enabled = False

    with pytest.raises(BadInput, match="trainer.fsdp is set but accelerate did not turn FSDP on"):
        fsdp.check_sharded(Unsharded())
