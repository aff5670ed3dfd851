"""Checks that stop a training whose settings cannot give a usable adapter: a LoRA rank wider than the layers it
adapts, a loss or weights that became NaN/Inf. Each raises BadInput: the activity fails the run without a retry
(the same settings would diverge again) and nothing is published or activated."""

from __future__ import annotations

import math
import re

from .ranks import agree_any
from .spec import BadInput, RunSpec

TYPICAL_RATES = "typical LoRA learning rates are 1e-5 to 1e-3"


def is_finite(value) -> bool:
    """False for NaN and ±Inf (and for anything that is not a number: a loss we cannot read is no loss)."""
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def diverged(spec: RunSpec, what: str, step: int) -> BadInput:
    """The error for a training that diverged: which value went bad, when, and the setting to lower."""
    return BadInput(
        f"training diverged: {what} at step {step} (learning.learning_rate {spec.learning_rate:g}): lower "
        f"learning.learning_rate ({TYPICAL_RATES}); no adapter was saved"
    )


def _dims(module) -> tuple[int, int] | None:
    """(in, out) of a layer LoRA can adapt: nn.Linear and its quantised subclasses, or GPT-2's Conv1D; else None."""
    if isinstance(getattr(module, "in_features", None), int) and isinstance(getattr(module, "out_features", None), int):
        return module.in_features, module.out_features
    if type(module).__name__ == "Conv1D" and getattr(module, "weight", None) is not None:
        rows, cols = module.weight.shape  # Conv1D stores its weight (in, out)
        return int(rows), int(cols)
    return None


def _targeted(name: str, target: str | list[str]) -> bool:
    """peft's matching of a module name against target_modules: a string is a full regex match, a list names
    modules by their last dotted parts."""
    if isinstance(target, str):
        return re.fullmatch(target, name) is not None
    return any(name == t or name.endswith("." + t) for t in target)


def targeted_layers(model, target: str | list[str]) -> dict[str, tuple[int, int]]:
    """Each layer LoRA will adapt, with its (in, out) width. "all-linear" is every linear layer but the output
    head, as peft reads it."""
    output = model.get_output_embeddings() if hasattr(model, "get_output_embeddings") else None
    layers = {}
    for name, module in model.named_modules():
        dims = _dims(module)
        if dims is None:
            continue
        if target == "all-linear" and module is output:
            continue
        if target == "all-linear" or _targeted(name, target):
            layers[name] = dims
    return layers


def check_lora_rank(model, spec: RunSpec) -> None:
    """Refuses a rank above the narrowest targeted layer's width, before any step is taken: the adapter's update
    cannot have a rank above min(in, out) of its layer, so the extra rank only costs memory and, with alpha/r
    scaling, shrinks the update of every other layer; usually it is a typo (128 for 8) or a config meant for a
    larger base model."""
    layers = targeted_layers(model, spec.target_modules)
    if not layers:
        return  # peft refuses target_modules that match nothing, with its own message
    width = min(min(dims) for dims in layers.values())
    if spec.lora_rank > width:
        narrow = [name for name, dims in layers.items() if min(dims) == width]
        example = narrow[0] + (f" and {len(narrow) - 1} more" if len(narrow) > 1 else "")
        raise BadInput(
            f"learning.lora_rank {spec.lora_rank} exceeds the {width}-wide layers of base model {spec.base_model} "
            f"({example}): use at most {width}"
        )


def nonfinite_trainable(model) -> list[str]:
    """Names of this rank's trainable parameters holding NaN or Inf. Under FSDP each rank looks at its own shard
    (a DTensor's local part): reading the whole tensor would be a collective."""
    import torch

    bad = []
    with torch.no_grad():
        for name, param in model.named_parameters():
            if not param.requires_grad:
                continue
            local = param.to_local() if hasattr(param, "to_local") else param
            if local.numel() and not bool(torch.isfinite(local).all()):
                bad.append(name)
    return bad


def check_finite_weights(trainer, spec: RunSpec) -> None:
    """Refuses to save an adapter with a NaN/Inf weight: the loss check can miss the last update (the loss of step
    N is computed before step N changes the weights), and such an adapter, once active, answers with garbage and
    blocks every if_improved promotion (no loss compares as better than NaN). Every rank decides alike, so none
    waits in a barrier for a peer that stopped."""
    bad = nonfinite_trainable(trainer.model)
    if agree_any(bool(bad), trainer.args.device):
        where = ", ".join(bad[:3]) + (f" and {len(bad) - 3} more" if len(bad) > 3 else "") if bad else "another rank"
        raise diverged(spec, f"trainable (LoRA) weights became nan/inf ({where})", trainer.state.global_step)


def check_eval_finite(spec: RunSpec, before: dict, after: dict, step: int) -> None:
    """Refuses to save an adapter whose eval loss is NaN/Inf while the base model's was not: weights can stay
    finite yet so large (one step at a huge rate) that every forward pass overflows. A NaN eval loss before
    training too is the data's doing (no assistant token to score), not the training's, and is left as it was."""
    if "eval_loss" in after and not is_finite(after["eval_loss"]) and is_finite(before.get("eval_loss", 0.0)):
        raise diverged(spec, f"the eval loss after training became {after['eval_loss']}", step)
