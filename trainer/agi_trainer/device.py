"""Which device trains, and why: a GPU host never falls back to the CPU in silence."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .spec import BadInput, RunSpec


@dataclass(frozen=True)
class DeviceChoice:
    device: str  # cuda | mps | cpu
    precision: str  # fp32 | bf16 | fp16
    note: str | None  # why this is not a CUDA GPU, when it is not


def cuda_problem() -> str | None:
    """Why CUDA cannot train here, in words an operator can act on; None when it can."""
    import torch

    if torch.version.cuda is None and getattr(torch.version, "hip", None) is None:
        return f"this torch build ({torch.__version__}) has no CUDA support"
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if visible is not None and visible.strip() in ("", "-1"):
        return f"CUDA_VISIBLE_DEVICES={visible!r} hides every GPU (trainer.cuda_visible_devices)"
    try:
        if torch.cuda.device_count() == 0:
            return "no CUDA device found (no NVIDIA GPU here, or its driver is not loaded)"
        # Raises what is_available() only warns about: a driver too old for this torch's CUDA build, …
        torch.cuda.init()
    except Exception as err:  # noqa: BLE001 — every CUDA failure becomes the reason we report
        return f"CUDA failed to initialise: {str(err).strip().splitlines()[0]}"
    return None


def pick_device(spec: RunSpec) -> DeviceChoice:
    """trainer.device: `cuda` refuses without a usable GPU; `auto` falls back to MPS or the CPU and says why."""
    import torch

    problem = None if spec.device == "cpu" else cuda_problem()
    if spec.device == "cuda" and problem:
        raise BadInput(
            f"trainer.device is cuda but this machine has no usable GPU: {problem}. Fix the GPU host, or set "
            "trainer.device: auto to train on the CPU (slow)"
        )
    if spec.device != "cpu" and problem is None:
        device, note = "cuda", None
    elif spec.device == "auto" and torch.backends.mps.is_available() and spec.quantization == "none":
        device, note = "mps", f"no CUDA GPU ({problem}): training on Apple MPS"
    elif spec.device == "cpu":
        device, note = "cpu", "training on the CPU because trainer.device is cpu"
    else:
        device = "cpu"
        note = (
            f"training on the CPU: {problem}. Fine for tiny models, far too slow for real ones; "
            "GPU hosts set trainer.device: cuda to refuse instead"
        )
    if spec.liger_kernel and device != "cuda":
        raise BadInput(f"trainer.liger_kernel needs a CUDA GPU ({note}): set trainer.liger_kernel: false here")
    if spec.flash_attention and device != "cuda":
        raise BadInput(f"trainer.attn_implementation {spec.attn_implementation} needs a CUDA GPU ({note}): use sdpa")
    if spec.quantization == "4bit" and device != "cuda":
        raise BadInput(f"quantization 4bit (QLoRA) needs a CUDA GPU ({note}): set trainer.quantization: none here")
    precision = spec.precision
    if precision == "auto":
        precision = ("bf16" if torch.cuda.is_bf16_supported() else "fp16") if device == "cuda" else "fp32"
    if precision in ("bf16", "fp16") and device != "cuda":
        raise BadInput(f"precision {precision} needs a CUDA GPU ({note}): use trainer.precision auto or fp32")
    return DeviceChoice(device, precision, note)
