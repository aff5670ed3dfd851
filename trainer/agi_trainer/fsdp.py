"""Fully sharded training (FSDP2, `trainer.fsdp`): each rank holds a shard of the model, for models that do not fit
one GPU. What it changes beside DDP: the HF Trainer's FSDP settings, checkpoints written as shards by every rank,
and a final adapter gathered from every rank before rank 0 saves it."""

from __future__ import annotations

import json
import logging
import os

from transformers import TrainerCallback

from .spec import BadInput, RunSpec

log = logging.getLogger("agi_trainer")


def training_args(spec: RunSpec) -> dict:
    """The HF TrainingArguments that turn FSDP on (sharding.Sharded's)."""
    return {
        "fsdp": True,
        "fsdp_config": {
            "version": 2,
            # full_shard gathers each layer's weights for its forward and frees them after (least memory);
            # shard_grad_op keeps them until the backward (one all-gather fewer per layer, more memory).
            "reshard_after_forward": spec.fsdp == "full_shard",
            # Auto-wrap by the model's own decoder-layer class (its _no_split_modules), one FSDP unit per layer.
            "auto_wrap_policy": "TRANSFORMER_BASED_WRAP",
            # Checkpoints: each rank writes its shard of the adapter and optimiser state (torch.distributed.checkpoint);
            # the HF Trainer keeps them adapter-only with PEFT. (DCP can reshard on load, for a retry on a host with
            # another number of GPUs: not tested here, CI has two cores and so two ranks at most.)
            "state_dict_type": "SHARDED_STATE_DICT",
            # FSDP's own activation checkpointing: the Trainer's would add an all-gather per layer in the backward.
            "activation_checkpointing": spec.gradient_checkpointing,
        },
        # The Trainer refuses both kinds at once; under FSDP the one above replaces it.
        "gradient_checkpointing": False,
    }


def allow_on_cpu() -> None:
    """Lets CPU ranks (gloo) train fully sharded. accelerate turns FSDP on only for GPU-like distributed types and
    silently trains DDP on CPUs; torch's FSDP2 itself shards over gloo. A CPU run is never faster for it, but it is how
    a machine without GPUs (CI) runs the same sharded code path: checkpoints, resume and the gathered adapter."""
    from accelerate.state import AcceleratorState
    from accelerate.utils import DistributedType

    if getattr(AcceleratorState.__init__, "_agi_fsdp_on_cpu", False):
        return
    original = AcceleratorState.__init__

    def init(self, *args, fsdp_plugin=None, **kwargs):
        original(self, *args, fsdp_plugin=fsdp_plugin, **kwargs)
        if fsdp_plugin is not None and self.distributed_type == DistributedType.MULTI_CPU:
            self.distributed_type = DistributedType.FSDP
            self.fsdp_plugin = fsdp_plugin

    init._agi_fsdp_on_cpu = True  # type: ignore[attr-defined]
    AcceleratorState.__init__ = init


def check_sharded(trainer) -> None:
    """Refuses to train DDP while the operator asked for shards: a model meant to be split would be copied whole
    onto every rank and run out of memory far into the run, or train unsharded without anyone knowing."""
    if not getattr(trainer, "is_fsdp_enabled", False):
        raise BadInput(
            "trainer.fsdp is set but accelerate did not turn FSDP on for this device: set trainer.fsdp: none here"
        )


class AtTrainBegin(TrainerCallback):
    """Runs `action` when training begins: the first moment a sharded model can run."""

    def __init__(self, action) -> None:
        self.action = action

    def on_train_begin(self, args, state, control, **kwargs):
        self.action()
        return control


def gather_adapter(trainer) -> dict:
    """The adapter's full weights, gathered from every rank's shards onto rank 0's CPU (other ranks get {}).

    Collective: every rank must call it. Only trainable (LoRA) weights travel: gathering the frozen base would move
    the whole model through rank 0's memory for nothing."""
    from torch.distributed.checkpoint.state_dict import StateDictOptions, get_model_state_dict

    options = StateDictOptions(full_state_dict=True, cpu_offload=True, ignore_frozen_params=True)
    return get_model_state_dict(trainer.model_wrapped, options=options)


def evaluate_in_place(trainer, adapter_dir: str, evaluate) -> dict:
    """The promotion gate's comparison under FSDP: the active adapter's weights loaded into the trained adapter's
    shards (a second adapter cannot be added to a model already sharded), then `evaluate()`. It overwrites the
    trained weights in the model: call it once they are saved. Collective: every rank must call it, and every rank
    decides alike (same files, same config), so none waits for a peer that skipped.

    {} when the active adapter's layout differs (rank, alpha, target modules): its weights would not mean the same."""
    from safetensors.torch import load_file
    from torch.distributed.checkpoint.state_dict import StateDictOptions, set_model_state_dict

    config_path = os.path.join(adapter_dir, "adapter_config.json")
    weights_path = os.path.join(adapter_dir, "adapter_model.safetensors")
    if not (os.path.isfile(config_path) and os.path.isfile(weights_path)):
        return {}
    with open(config_path, encoding="utf-8") as f:
        theirs = json.load(f)
    mine = trainer.model.peft_config["default"]
    layout = (theirs.get("r"), theirs.get("lora_alpha"), sorted(theirs.get("target_modules") or []))
    if layout != (mine.r, mine.lora_alpha, sorted(mine.target_modules or [])):
        log.warning("cannot evaluate the active adapter %s: another rank, alpha or target modules", adapter_dir)
        return {}
    # Stored names drop the adapter's name ("default") that the model's parameter names carry.
    names = {n.replace(".default.", "."): n for n, p in trainer.model.named_parameters() if p.requires_grad}
    stored = load_file(weights_path)
    if set(stored) != set(names) or any(stored[k].shape != trained_shape(trainer, names[k]) for k in stored):
        log.warning("cannot evaluate the active adapter %s: its weights do not match this model's", adapter_dir)
        return {}
    weights = {names[k]: v for k, v in stored.items()}
    set_model_state_dict(trainer.model, weights, options=StateDictOptions(full_state_dict=True, strict=False))
    return evaluate()


def trained_shape(trainer, name: str):
    """A parameter's full shape: FSDP2 keeps each as a DTensor whose .shape is the whole tensor's, not the shard's."""
    return trainer.model.get_parameter(name).shape
