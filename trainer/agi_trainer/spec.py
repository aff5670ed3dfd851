"""The run spec the activity writes (src/shared/trainer-protocol.ts RunSpecSchema), validated up front."""

from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import fields, make_dataclass

from . import json_schema


class BadInput(ValueError):
    """A problem with the spec or its data that no retry can fix."""


SCHEMA = json_schema.load("run-spec")
_ATTENTION = SCHEMA["properties"]["attn_implementation"]["enum"]
FLASH_ATTENTION = tuple(name for name in _ATTENTION if "flash" in name)


def _is_trainer_setting(key: str) -> bool:
    return SCHEMA["properties"][key].get("title", "").startswith("trainer.")


class _RunSpecMethods:
    @property
    def reporters(self) -> list[str]:
        listed = [self.report_to] if isinstance(self.report_to, str) else list(self.report_to)
        return [r for r in listed if r != "none"]

    @property
    def flash_attention(self) -> bool:
        return self.attn_implementation in FLASH_ATTENTION

    @classmethod
    def load(cls, path: str) -> RunSpec:
        try:
            with open(path, encoding="utf-8") as f:
                raw = json.load(f)
        except (OSError, json.JSONDecodeError) as err:
            raise BadInput(f"cannot read run spec {path}: {err}") from err
        if not isinstance(raw, dict):
            raise BadInput(f"run spec {path} is not a JSON object: the worker writes one (RunSpecSchema)")
        given = {**json_schema.defaults(SCHEMA), **raw}
        if set(given) != set(SCHEMA["properties"]):  # unknown or missing keys: say which, with every other problem
            raise BadInput(f"run spec {path}: " + "; ".join(p.message for p in json_schema.problems(SCHEMA, given)))
        spec = cls(**given)
        spec.check()
        return spec

    def check(self) -> None:
        """Reports every problem at once, each with its fix: the schema's, then what only this host can tell."""
        found = json_schema.problems(SCHEMA, {f.name: getattr(self, f.name) for f in fields(self)})
        problems = [p.message for p in found]
        bad = {p.field for p in found}
        if "train_path" not in bad:
            if not os.path.isfile(self.train_path):
                problems.append(f"train data {self.train_path} does not exist: re-run conversion")
            elif os.path.getsize(self.train_path) == 0:
                problems.append(f"train split {self.train_path} is empty: the dataset gave no training examples")
        if "eval_path" not in bad and self.eval_path is not None and not os.path.isfile(self.eval_path):
            problems.append(f"eval data {self.eval_path} does not exist")
        if "base_model" not in bad and _looks_local(self.base_model) and not os.path.isdir(self.base_model):
            problems.append(
                f"base model path {self.base_model} does not exist: build the tiny model with "
                "`agi-core trainer tiny-model <dir>` or set learning.training_base_model to a hub id"
            )
        if "max_seq_length" not in bad and self.max_seq_length < 16:
            problems.append(f"max_seq_length {self.max_seq_length} is too small: use at least 16 tokens")
        attention = "" if "attn_implementation" in bad else self.attn_implementation
        if attention in ("flash_attention_2", "flash_attention_3"):
            module = "flash_attn" if attention == "flash_attention_2" else "flash_attn_interface"
            if importlib.util.find_spec(module) is None:
                problems.append(
                    f"trainer.attn_implementation {attention} needs the {module} package, which is not "
                    "installed in the trainer's Python: install it there (CUDA hosts only) or use sdpa"
                )
        elif attention.startswith("kernels-") and importlib.util.find_spec("kernels") is None:
            problems.append(
                f"trainer.attn_implementation {attention} needs the kernels package: install it or use sdpa"
            )
        if self.liger_kernel is True and importlib.util.find_spec("liger_kernel") is None:
            problems.append(
                "trainer.liger_kernel needs the liger-kernel package in the trainer's Python (CUDA hosts): "
                "install it there or set trainer.liger_kernel: false"
            )
        if "fsdp" not in bad and self.fsdp != "none" and self.quantization == "4bit":
            problems.append(
                "trainer.fsdp with trainer.quantization 4bit is not supported: a 4-bit base is small enough for one "
                "GPU, so set trainer.fsdp: none (QLoRA), or quantization: none to shard a 16-bit model"
            )
        if problems:
            raise BadInput("; ".join(problems))


# What one training attempt runs: the fields are the schema's (src/shared/trainer-protocol.ts RunSpecSchema: the
# run's own paths and learning keys, then the `trainer:` settings passed through unchanged), so a new setting is
# the zod field and its default in config/defaults.yaml, regenerated into schemas/run-spec.schema.json.
# Only trainer settings get plain defaults: test_spec matches those against defaults.yaml's trainer section.
RunSpec = make_dataclass(
    "RunSpec",
    json_schema.dataclass_fields(SCHEMA, plain_default=_is_trainer_setting),
    bases=(_RunSpecMethods,),
    frozen=True,
    namespace={"__module__": __name__},  # pickles (DDP ranks) and reprs as this module's
)


def _looks_local(model: str) -> bool:
    return model.startswith((".", "/")) or os.path.exists(model) or model.count("/") > 1
