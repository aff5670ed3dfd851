"""The run spec the activity writes (src/shared/trainer-protocol.ts RunSpecSchema), validated up front."""

from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import MISSING, dataclass, field, fields


class BadInput(ValueError):
    """A problem with the spec or its data that no retry can fix."""


FLASH_ATTENTION = ("flash_attention_2", "flash_attention_3", "kernels-community/flash-attn")


@dataclass(frozen=True)
class RunSpec:
    """What one training attempt runs. The first block is the run's own (paths, the seed's learning keys); the
    second is the `trainer:` config section, passed through unchanged (src/shared/trainer-protocol.ts
    TrainerSettingsSchema): a new knob is a field here, with the default config/defaults.yaml gives it."""

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
    dpo_beta: float
    # learning.example_format the run converted its data with: "summary" (the seed's: the model writes the verifier's
    # summary) or "trajectory" (the agent's tool-calling conversation; see trajectory.py). A learning key, not a
    # trainer: setting, so its default is a factory: test_spec matches plain defaults against defaults.yaml's
    # trainer section. Older specs lack it and mean "summary".
    example_format: str = field(default_factory=lambda: "summary")

    lora_alpha: float = 16
    lora_dropout: float = 0.05
    target_modules: str | list[str] = "all-linear"
    per_device_batch_size: int = 4
    gradient_accumulation_steps: int = 1
    max_seq_length: int = 2048
    packing: bool = False  # SFT: pack short examples into full rows (padding-free with FlashAttention)
    save_steps: int = 20
    save_total_limit: int = 2
    seed: int = 42
    device: str = "auto"  # auto | cuda | cpu
    report_to: str | list[str] = "tensorboard"  # HF Trainer integrations; "none" or [] for none
    precision: str = "auto"  # auto | fp32 | bf16 | fp16
    quantization: str = "none"  # none | 4bit
    attn_implementation: str = "sdpa"  # sdpa | eager | flash_attention_2 | flash_attention_3 | kernels-…
    gradient_checkpointing: bool = False  # trades ~30% speed for activation memory; LoRA rarely needs it
    liger_kernel: bool = False  # Liger's fused Triton kernels (CUDA only): less memory, more tokens/s
    num_processes: int | str = "auto"  # DDP ranks on this host: auto = one per visible GPU (one without a GPU)
    fsdp: str = "none"  # none | full_shard | shard_grad_op: shard the model over the ranks instead of copying it

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
        names = {f.name for f in fields(cls)}
        required = {f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING}
        unknown = sorted(set(raw) - names)
        missing = sorted(required - set(raw))
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
        if self.example_format not in ("summary", "trajectory"):
            problems.append(f"learning.example_format {self.example_format!r}: use summary or trajectory")
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
        if self.attn_implementation not in ("sdpa", "eager", *FLASH_ATTENTION):
            problems.append(f"trainer.attn_implementation {self.attn_implementation!r}: use sdpa, eager or a flash one")
        elif self.attn_implementation in ("flash_attention_2", "flash_attention_3"):
            module = "flash_attn" if self.attn_implementation == "flash_attention_2" else "flash_attn_interface"
            if importlib.util.find_spec(module) is None:
                problems.append(
                    f"trainer.attn_implementation {self.attn_implementation} needs the {module} package, which is not "
                    "installed in the trainer's Python: install it there (CUDA hosts only) or use sdpa"
                )
        elif self.attn_implementation.startswith("kernels-") and importlib.util.find_spec("kernels") is None:
            problems.append(
                f"trainer.attn_implementation {self.attn_implementation} needs the kernels package: "
                "install it or use sdpa"
            )
        if self.liger_kernel and importlib.util.find_spec("liger_kernel") is None:
            problems.append(
                "trainer.liger_kernel needs the liger-kernel package in the trainer's Python (CUDA hosts): "
                "install it there or set trainer.liger_kernel: false"
            )
        if self.num_processes != "auto" and (
            isinstance(self.num_processes, bool) or not isinstance(self.num_processes, int) or self.num_processes < 1
        ):
            problems.append(f"trainer.num_processes {self.num_processes!r}: use auto or a whole number from 1")
        if self.fsdp not in ("none", "full_shard", "shard_grad_op"):
            problems.append(f"trainer.fsdp {self.fsdp!r}: use none, full_shard or shard_grad_op")
        elif self.fsdp != "none" and self.quantization == "4bit":
            problems.append(
                "trainer.fsdp with trainer.quantization 4bit is not supported: a 4-bit base is small enough for one "
                "GPU, so set trainer.fsdp: none (QLoRA), or quantization: none to shard a 16-bit model"
            )
        if problems:
            raise BadInput("; ".join(problems))


def _looks_local(model: str) -> bool:
    return model.startswith((".", "/")) or os.path.exists(model) or model.count("/") > 1
