"""The run spec the activity writes (src/shared/trainer-protocol.ts RunSpecSchema), validated up front."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields


class BadInput(ValueError):
    """A problem with the spec or its data that no retry can fix."""


@dataclass(frozen=True)
class RunSpec:
    strategy: str  # "lora" (SFT with a LoRA adapter), "dpo" (preference pairs) or "kto" (labelled outcomes)
    base_model: str  # hub id or local folder
    train_path: str
    eval_path: str | None
    adapter_dir: str
    tokenizer_dir: str
    checkpoints_dir: str
    resume_from_checkpoint: str | None
    compare_adapter_dir: str | None  # the active adapter, evaluated on the same eval split (promotion gate)
    epochs: float
    max_steps: int
    learning_rate: float
    lora_rank: int
    lora_alpha: float
    lora_dropout: float
    target_modules: str | list[str]
    dpo_beta: float
    per_device_batch_size: int
    gradient_accumulation_steps: int
    max_seq_length: int
    packing: bool  # SFT: pack short examples into full sequences (padding-free when FlashAttention is there)
    save_steps: int
    save_total_limit: int
    seed: int
    device: str  # auto | cuda | cpu (trainer.device)
    report_to: list[str]  # HF Trainer integrations (trainer.report_to): tensorboard, wandb, …; [] for none
    precision: str  # auto | fp32 | bf16 | fp16
    quantization: str  # none | 4bit

    @classmethod
    def load(cls, path: str) -> RunSpec:
        try:
            with open(path, encoding="utf-8") as f:
                raw = json.load(f)
        except (OSError, json.JSONDecodeError) as err:
            raise BadInput(f"cannot read run spec {path}: {err}") from err
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - names)
        missing = sorted(names - set(raw))
        if unknown or missing:
            raise BadInput(f"run spec {path}: unknown keys {unknown}, missing keys {missing}")
        spec = cls(**raw)
        spec.check()
        return spec

    def check(self) -> None:
        """Reports every problem at once, each with its fix."""
        problems: list[str] = []
        if self.strategy not in ("lora", "dpo", "kto"):
            problems.append(f"strategy {self.strategy!r}: use lora, dpo or kto")
        if not os.path.isfile(self.train_path):
            problems.append(f"train data {self.train_path} does not exist: re-run conversion")
        elif os.path.getsize(self.train_path) == 0:
            problems.append(f"train split {self.train_path} is empty: the dataset gave no training examples")
        if self.eval_path is not None and not os.path.isfile(self.eval_path):
            problems.append(f"eval data {self.eval_path} does not exist")
        if _looks_local(self.base_model) and not os.path.isdir(self.base_model):
            problems.append(
                f"base model path {self.base_model} does not exist: build the tiny model with "
                "`agi-core trainer tiny-model <dir>` or set learning.training_base_model to a hub id"
            )
        if self.max_seq_length < 16:
            problems.append(f"max_seq_length {self.max_seq_length} is too small: use at least 16 tokens")
        if self.device not in ("auto", "cuda", "cpu"):
            problems.append(f"trainer.device {self.device!r}: use auto, cuda or cpu")
        if self.precision not in ("auto", "fp32", "bf16", "fp16"):
            problems.append(f"precision {self.precision!r}: use auto, fp32, bf16 or fp16")
        if self.quantization not in ("none", "4bit"):
            problems.append(f"quantization {self.quantization!r}: use none or 4bit")
        if problems:
            raise BadInput("; ".join(problems))


def _looks_local(model: str) -> bool:
    return model.startswith((".", "/")) or os.path.exists(model) or model.count("/") > 1
