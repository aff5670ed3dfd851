"""The sharding mode, chosen once per process: which one a spec and world size get, and what each adds. No training."""

import os
from types import SimpleNamespace

import pytest
from spec_fields import settings_spec

from agi_trainer import fsdp, sharding
from agi_trainer.sharding import OneProcess, Replicated, Sharded, choose
from agi_trainer.spec import BadInput
from agi_trainer.train import training_args

_spec = settings_spec


@pytest.mark.parametrize(
    ("fsdp_setting", "ranks", "mode", "name", "label"),
    [
        ("none", 1, OneProcess, "none", "one process"),
        ("none", 2, Replicated, "none", "DDP"),
        ("none", 8, Replicated, "none", "DDP"),
        ("full_shard", 2, Sharded, "full_shard", "FSDP"),
        ("shard_grad_op", 4, Sharded, "shard_grad_op", "FSDP"),
        # launch.processes_for refuses it before a rank starts; chosen alone, the spec's word still wins.
        ("full_shard", 1, Sharded, "full_shard", "FSDP"),
    ],
)
def test_the_mode_follows_trainer_fsdp_then_the_number_of_ranks(fsdp_setting, ranks, mode, name, label):
    chosen = choose(_spec(fsdp=fsdp_setting), ranks)
    assert type(chosen) is mode
    assert (chosen.name, chosen.label, chosen.ranks) == (name, label, ranks)


def test_one_process_adds_no_training_arguments_and_ddp_skips_the_unused_parameter_search():
    assert choose(_spec(), 1).training_args() == {}
    assert choose(_spec(), 2).training_args() == {"ddp_find_unused_parameters": False}


@pytest.mark.parametrize(("setting", "reshard"), [("full_shard", True), ("shard_grad_op", False)])
@pytest.mark.parametrize("checkpointing", [False, True])
def test_fsdp_turns_on_fsdp2_and_takes_over_activation_checkpointing(setting, reshard, checkpointing):
    extra = choose(_spec(fsdp=setting, gradient_checkpointing=checkpointing), 2).training_args()
    assert extra["fsdp"] is True and extra["gradient_checkpointing"] is False
    config = extra["fsdp_config"]
    assert config["version"] == 2 and config["reshard_after_forward"] is reshard
    assert config["activation_checkpointing"] is checkpointing
    assert config["state_dict_type"] == "SHARDED_STATE_DICT"


@pytest.mark.parametrize(("setting", "ranks"), [("none", 1), ("none", 2), ("full_shard", 2)])
def test_the_mode_s_arguments_land_in_the_trainer_s_and_steps_count_every_rank(setting, ranks):
    spec = _spec(fsdp=setting, gradient_checkpointing=True, max_steps=1000, per_device_batch_size=4)
    mode = choose(spec, ranks)
    args = training_args(spec, "cpu", "fp32", 16, mode)
    assert {k: args[k] for k in mode.training_args()} == mode.training_args()
    assert args["gradient_checkpointing"] is (setting == "none")
    assert ("ddp_find_unused_parameters" in args) is (type(mode) is Replicated)
    # 16 rows, 4 per micro-batch on each rank.
    assert args["max_steps"] == 4 // ranks


def test_only_ddp_places_a_4bit_model_on_the_rank_s_own_gpu(monkeypatch):
    monkeypatch.setenv("LOCAL_RANK", "1")
    assert choose(_spec(quantization="4bit"), 2).load_kwargs() == {"device_map": {"": 1}}
    assert choose(_spec(), 2).load_kwargs() == {}
    assert choose(_spec(quantization="4bit"), 1).load_kwargs() == {}


def test_only_fsdp_on_a_cpu_lets_accelerate_shard_over_gloo(monkeypatch):
    calls = []
    monkeypatch.setattr(fsdp, "allow_on_cpu", lambda: calls.append("allowed"))
    choose(_spec(), 2).on_device("cpu")
    choose(_spec(fsdp="full_shard"), 2).on_device("cuda")
    assert calls == []
    choose(_spec(fsdp="full_shard"), 2).on_device("cpu")
    assert calls == ["allowed"]


def test_only_fsdp_refuses_a_trainer_accelerate_left_unsharded():
    unsharded = SimpleNamespace(is_fsdp_enabled=False)
    choose(_spec(), 2).after_build(unsharded)
    with pytest.raises(BadInput, match="trainer.fsdp is set but accelerate did not turn FSDP on"):
        choose(_spec(fsdp="full_shard"), 2).after_build(unsharded)


def test_the_first_evaluation_runs_now_or_at_train_begin_under_fsdp():
    trainer = SimpleNamespace(callback_handler=SimpleNamespace(callbacks=["protocol"]))
    ran = []
    choose(_spec(), 2).at_first_run(trainer, lambda: ran.append("now"))
    assert ran == ["now"] and trainer.callback_handler.callbacks == ["protocol"]
    choose(_spec(fsdp="full_shard"), 2).at_first_run(trainer, lambda: ran.append("at begin"))
    assert ran == ["now"]
    # First in line: before the protocol callback starts the clock tokens/s is measured by.
    first = trainer.callback_handler.callbacks[0]
    assert isinstance(first, fsdp.AtTrainBegin)
    first.on_train_begin(None, None, "control")
    assert ran == ["now", "at begin"]


class _Writer:
    """Stands in for the trainer's and tokenizer's writers: one file each."""

    eval_dataset = None

    def save_model(self, out):
        os.makedirs(out)
        open(os.path.join(out, "adapter_model.safetensors"), "w").close()

    def save_pretrained(self, out):
        os.makedirs(out)
        open(os.path.join(out, "tokenizer.json"), "w").close()


@pytest.mark.parametrize("ranks", [1, 2])
def test_a_whole_model_saves_atomically_and_compares_with_the_active_adapter_first(tmp_path, ranks):
    adapter, tokenizer = tmp_path / "adapter", tmp_path / "tokenizer"
    os.makedirs(adapter)
    open(adapter / "stale", "w").close()
    spec = _spec(adapter_dir=str(adapter), tokenizer_dir=str(tokenizer), compare_adapter_dir=str(tmp_path / "none"))
    writer = _Writer()
    # No eval split: nothing to compare, and no evaluation.
    assert choose(spec, ranks).save(writer, writer, lambda: pytest.fail("evaluated")) == {}
    assert sorted(os.listdir(adapter)) == ["adapter_model.safetensors"]
    assert os.listdir(tokenizer) == ["tokenizer.json"]
    assert not os.path.exists(str(adapter) + ".partial")


def test_a_partial_write_never_replaces_the_adapter(tmp_path):
    target = tmp_path / "adapter"
    os.makedirs(target)
    open(target / "adapter_model.safetensors", "w").close()

    def crash(out):
        os.makedirs(out)
        raise OSError("disk full")

    with pytest.raises(OSError):
        sharding.save_atomically(crash, str(target))
    assert os.listdir(target) == ["adapter_model.safetensors"]
