"""The rollout spec (`python -m agi_trainer rollout --spec FILE`; src/shared/rollout-contract.ts RolloutSpecSchema),
validated up front with every problem reported at once."""

from __future__ import annotations

import json
import math
import os
from dataclasses import MISSING, dataclass, fields

from .spec import BadInput, _looks_local


@dataclass(frozen=True)
class RolloutSpec:
    suite: str  # reasoning-gym:NAME[,NAME…] | python:package.module:factory
    split: str  # train (the agent acting) | heldout (evaluation)
    seed: int
    tasks: int  # how many tasks of the suite's list, from offset
    base_model: str
    results_path: str  # JSONL, one line per finished episode; resumed from
    offset: int = 0
    adapter_path: str | None = None  # a peft adapter folder; None acts with the base model
    device: str = "auto"  # auto | cuda | cpu
    temperature: float = 0.0  # 0: greedy, deterministic; above: sampled, seeded per batch and turn
    max_steps: int = 4  # assistant turns per episode
    max_new_tokens: int = 128  # per assistant turn
    batch_size: int = 8  # episodes generated together
    tool_timeout_seconds: float = 5.0  # per tool call (and per checker call)
    count_lucky_as_success: bool = False  # record.success for an answer the tools did not produce

    # What pick_device reads from a run spec: acting uses the base precision and no training-only kernels.
    precision = "auto"
    quantization = "none"
    liger_kernel = False
    flash_attention = False

    @classmethod
    def load(cls, path: str) -> RolloutSpec:
        try:
            with open(path, encoding="utf-8") as f:
                raw = json.load(f)
        except (OSError, json.JSONDecodeError) as err:
            raise BadInput(f"cannot read rollout spec {path}: {err}") from err
        if not isinstance(raw, dict):
            raise BadInput(f"rollout spec {path} is not a JSON object")
        names = {f.name for f in fields(cls)}
        required = {f.name for f in fields(cls) if f.default is MISSING}
        unknown, missing = sorted(set(raw) - names), sorted(required - set(raw))
        if unknown or missing:
            raise BadInput(f"rollout spec {path}: unknown keys {unknown}, missing keys {missing}")
        spec = cls(**raw)
        spec.check(path)
        return spec

    def check(self, path: str = "rollout spec") -> None:
        """Reports every problem at once, each with its fix."""
        problems: list[str] = []

        def whole(key: str, least: int) -> None:
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                problems.append(f"{key} {value!r}: use a whole number from {least}")

        def number(key: str, positive: bool) -> None:
            value = getattr(self, key)
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
            if not ok or value < 0 or (positive and value == 0):
                problems.append(f"{key} {value!r}: use a number {'above' if positive else 'from'} 0")

        if not isinstance(self.suite, str) or not self.suite.strip():
            problems.append("suite is empty: use reasoning-gym:NAME[,NAME…] or python:package.module:factory")
        if self.split not in ("train", "heldout"):
            problems.append(f"split {self.split!r}: use train or heldout")
        for key, least in (("seed", 0), ("tasks", 1), ("offset", 0), ("max_steps", 1), ("max_new_tokens", 1)):
            whole(key, least)
        whole("batch_size", 1)
        number("temperature", positive=False)
        number("tool_timeout_seconds", positive=True)
        if self.device not in ("auto", "cuda", "cpu"):
            problems.append(f"device {self.device!r}: use auto, cuda or cpu")
        if not isinstance(self.count_lucky_as_success, bool):
            problems.append(f"count_lucky_as_success {self.count_lucky_as_success!r}: use true or false")
        if not isinstance(self.base_model, str) or not self.base_model:
            problems.append("base_model is empty: give the base model's folder")
        elif _looks_local(self.base_model) and not os.path.isdir(self.base_model):
            problems.append(
                f"base model path {self.base_model} does not exist: build it with `agi-core trainer base-model DIR` "
                "or `agi-core trainer tiny-model DIR`"
            )
        if self.adapter_path is not None and not (
            isinstance(self.adapter_path, str)
            and os.path.isfile(os.path.join(self.adapter_path, "adapter_config.json"))
        ):
            problems.append(
                f"adapter_path {self.adapter_path!r} is not a peft adapter folder (no adapter_config.json): give a "
                "trained run's adapter folder, or null for the base model"
            )
        if not isinstance(self.results_path, str) or not self.results_path:
            problems.append("results_path is empty: give the JSONL file episodes are appended to")
        elif os.path.isdir(self.results_path):
            problems.append(f"results_path {self.results_path} is a folder: give a file path")
        if problems:
            raise BadInput(f"rollout spec {path}: " + "; ".join(problems))
