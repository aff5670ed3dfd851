import dataclasses
import json
import os
import pickle

import pytest
import yaml
from conftest import REPO

from agi_trainer.spec import SCHEMA, BadInput, RunSpec


def test_every_trainer_setting_has_the_default_config_defaults_yaml_gives_it():
    # The TypeScript side passes each trainer setting through unchanged (TrainerSettingsSchema); the Python
    # defaults must say the same as the documented ones, or a spec written by an older worker would train
    # differently from the config.
    with open(os.path.join(REPO, "config", "defaults.yaml"), encoding="utf-8") as f:
        trainer = yaml.safe_load(f)["trainer"]
    defaults = {f.name: f.default for f in dataclasses.fields(RunSpec) if f.default is not dataclasses.MISSING}
    assert len(defaults) >= 17
    for name, default in defaults.items():
        assert name in trainer, f"trainer.{name} is a RunSpec setting but not in config/defaults.yaml"
        assert trainer[name] == default, f"trainer.{name}: defaults.yaml says {trainer[name]!r}, spec.py {default!r}"


def _spec_file(tmp_path, **over) -> str:
    train = tmp_path / "train.jsonl"
    train.write_text('{"text": "x"}\n')
    spec = {
        "strategy": "lora",
        "base_model": "org/model",
        "train_path": str(train),
        "eval_path": None,
        "adapter_dir": "a",
        "tokenizer_dir": "t",
        "checkpoints_dir": "c",
        "resume_from_checkpoint": None,
        "compare_adapter_dir": None,
        "epochs": 1,
        "max_steps": 1,
        "learning_rate": 0.1,
        "lora_rank": 4,
        "dpo_beta": 0.1,
        **over,
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps({k: v for k, v in spec.items() if v is not ...}))
    return str(path)


def test_the_fields_and_defaults_are_the_generated_schemas():
    # One definition (src/shared/trainer-protocol.ts RunSpecSchema): the dataclass is built from its JSON Schema.
    assert [f.name for f in dataclasses.fields(RunSpec)] == list(SCHEMA["properties"])
    for f in dataclasses.fields(RunSpec):
        if "default" in SCHEMA["properties"][f.name]:
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            assert default == SCHEMA["properties"][f.name]["default"], f.name
        else:
            assert f.default is f.default_factory is dataclasses.MISSING and f.name in SCHEMA["required"], f.name
    assert SCHEMA["properties"]["strategy"]["enum"] == ["lora", "dpo", "kto"]
    assert RunSpec.__module__ == "agi_trainer.spec" and pickle.loads(pickle.dumps(_spec())) == _spec()


def _spec(**over):
    fields = dict(
        strategy="lora", base_model="org/model", train_path=__file__, eval_path=None, adapter_dir="a",
        tokenizer_dir="t", checkpoints_dir="c", resume_from_checkpoint=None, compare_adapter_dir=None, epochs=1,
        max_steps=1, learning_rate=0.1, lora_rank=4, dpo_beta=0.1,
    )  # fmt: skip
    return RunSpec(**{**fields, **over})


def test_a_spec_without_a_trainer_setting_trains_with_its_documented_default(tmp_path):
    spec = RunSpec.load(_spec_file(tmp_path))
    assert spec.fsdp == "none" and spec.lora_alpha == 16 and spec.example_format == "summary"
    assert spec.reporters == ["tensorboard"] and not spec.flash_attention


def test_every_problem_is_reported_at_once_naming_the_config_key_and_the_fix(tmp_path):
    with pytest.raises(BadInput) as err:
        RunSpec.load(
            _spec_file(
                tmp_path, strategy="sft", epochs=0, lora_rank=2.5, num_processes="two", lora_dropout=1,
                target_modules=[], max_seq_length=8, train_path=str(tmp_path / "none.jsonl"), quantization="4bit",
                fsdp="full_shard",
            )
        )  # fmt: skip
    message = str(err.value)
    for part in (
        "strategy 'sft': use lora, dpo or kto",
        "learning.training_epochs 0: use a number above 0",
        "learning.lora_rank 2.5: use a whole number from 1",
        "trainer.num_processes 'two': use auto or a whole number from 1",
        "trainer.lora_dropout 1: use a number from 0 and below 1",
        "trainer.target_modules []: use a non-empty string or a non-empty list of non-empty strings",
        "max_seq_length 8 is too small: use at least 16 tokens",
        "does not exist: re-run conversion",
        "trainer.fsdp with trainer.quantization 4bit is not supported",
    ):
        assert part in message


def test_unknown_and_missing_keys_are_named_with_the_other_problems(tmp_path):
    with pytest.raises(BadInput) as err:
        RunSpec.load(_spec_file(tmp_path, colour="red", dpo_beta=..., fsdp="yes"))
    message = str(err.value)
    assert "missing keys ['dpo_beta']: add them" in message and "unknown keys ['colour']: remove them" in message
    assert "trainer.fsdp 'yes': use none, full_shard or shard_grad_op" in message
    path = tmp_path / "list.json"
    path.write_text("[]")
    with pytest.raises(BadInput, match="is not a JSON object"):
        RunSpec.load(str(path))


def test_a_nan_or_a_huge_integer_is_refused_as_javascript_would():
    with pytest.raises(BadInput, match=r"learning.learning_rate nan: use a number above 0"):
        _spec(learning_rate=float("nan")).check()
    with pytest.raises(BadInput, match=r"up to 9007199254740991 \(JavaScript's largest exact integer\)"):
        _spec(seed=2**53).check()
    _spec(max_steps=3.0, seed=0).check()  # 3.0 is 3: JSON cannot tell them apart
