"""How the model sits on this run's ranks: whole in one process, replicated on every rank (DDP), or sharded over
them (FSDP, `trainer.fsdp`). One of the three is chosen once per process; train.py asks it, never the spec or the
world size, wherever the modes differ."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable

from . import fsdp
from .ranks import barrier, is_main
from .spec import RunSpec

log = logging.getLogger("agi_trainer")


class Sharding:
    """The whole model on every rank: the defaults, which one process and DDP share."""

    name = "none"  # trainer.fsdp, as metadata.json reports it
    label = "one process"

    def __init__(self, spec: RunSpec, ranks: int) -> None:
        self.spec = spec
        self.ranks = ranks

    def training_args(self) -> dict:
        """HF TrainingArguments this mode adds to the run's own."""
        return {}

    def load_kwargs(self) -> dict:
        """from_pretrained arguments that place the model on this rank."""
        return {}

    def on_device(self, device: str) -> None:
        """Called once the device is chosen, before anything is built."""

    def after_build(self, trainer) -> None:
        """Called once the trainer is built, before it trains."""

    def at_first_run(self, trainer, action: Callable[[], None]) -> None:
        """Runs `action` at the first moment the model can run: now."""
        action()

    def evaluate_active(self, trainer, evaluate: Callable[[], dict]) -> dict:
        """The active adapter (spec.compare_adapter_dir) loaded beside the trained one and `evaluate()`d: the promotion
        gate's yardstick. {} when it cannot be compared."""
        adapter_dir = self.spec.compare_adapter_dir
        if trainer.eval_dataset is None or not os.path.isfile(os.path.join(adapter_dir, "adapter_config.json")):
            return {}
        model = trainer.model
        try:
            model.load_adapter(adapter_dir, adapter_name="active")
            model.set_adapter("active")
            return evaluate()
        except (ValueError, RuntimeError, KeyError) as err:
            # A different architecture or rank layout: no comparison, the gate says so.
            log.warning("cannot evaluate the active adapter %s: %s", adapter_dir, err)
            return {}
        finally:
            model.set_adapter("default")
            if "active" in model.peft_config:
                model.delete_adapter("active")

    def save(self, trainer, tokenizer, evaluate: Callable[[], dict]) -> dict:
        """Writes the adapter and tokenizer, and returns the active adapter's evaluation ({} without one). Every
        rank calls it."""
        spec = self.spec
        active = self.evaluate_active(trainer, evaluate) if spec.compare_adapter_dir else {}
        if is_main():
            # DDP keeps the whole adapter on every rank: rank 0 saves it, the others wait for the files.
            save_atomically(trainer.save_model, spec.adapter_dir)
            save_atomically(tokenizer.save_pretrained, spec.tokenizer_dir)
        barrier()
        return active


class OneProcess(Sharding):
    """One process, the whole model."""


class Replicated(Sharding):
    """DDP: a whole copy of the model on every rank, gradients averaged."""

    label = "DDP"

    def training_args(self) -> dict:
        # LoRA leaves no trainable parameter unused: skipping DDP's search for them saves a graph walk per step.
        return {"ddp_find_unused_parameters": False}

    def load_kwargs(self) -> dict:
        if self.spec.quantization != "4bit":
            return {}
        # A quantised model is placed at load time, on GPU 0 unless told: each rank takes its own GPU.
        return {"device_map": {"": int(os.environ.get("LOCAL_RANK", "0"))}}


class Sharded(Sharding):
    """FSDP: each rank holds a shard of the model (fsdp.py does the sharded parts)."""

    label = "FSDP"

    def __init__(self, spec: RunSpec, ranks: int) -> None:
        super().__init__(spec, ranks)
        self.name = spec.fsdp

    def training_args(self) -> dict:
        return fsdp.training_args(self.spec)

    def on_device(self, device: str) -> None:
        if device == "cpu":
            fsdp.allow_on_cpu()

    def after_build(self, trainer) -> None:
        fsdp.check_sharded(trainer)

    def at_first_run(self, trainer, action: Callable[[], None]) -> None:
        # A sharded model runs only once train() has sharded it: act at its first moment, before the protocol
        # callback starts the clock that tokens/s is measured by.
        trainer.callback_handler.callbacks.insert(0, fsdp.AtTrainBegin(action))

    def evaluate_active(self, trainer, evaluate: Callable[[], dict]) -> dict:
        return fsdp.evaluate_in_place(trainer, self.spec.compare_adapter_dir, evaluate)

    def save(self, trainer, tokenizer, evaluate: Callable[[], dict]) -> dict:
        """Saves the adapter gathered from every rank's shard, then evaluates the active adapter in its place."""
        spec = self.spec
        weights = fsdp.gather_adapter(trainer)
        if is_main():
            # The Trainer's own writer (adapter, its tokenizer copy, training_args.bin) given the gathered weights:
            # save_model() writes nothing under FSDP with sharded checkpoints.
            save_atomically(lambda out: trainer._save(out, state_dict=weights), spec.adapter_dir)
            save_atomically(tokenizer.save_pretrained, spec.tokenizer_dir)
        barrier()
        if not spec.compare_adapter_dir:
            return {}
        # Last: it overwrites the trained weights in the model, which are saved by now.
        return self.evaluate_active(trainer, evaluate)


def choose(spec: RunSpec, ranks: int) -> Sharding:
    """The mode for `ranks` processes: trainer.fsdp shards whatever their number (launch.processes_for refuses
    one), several processes without it replicate."""
    if spec.fsdp != "none":
        return Sharded(spec, ranks)
    if ranks > 1:
        return Replicated(spec, ranks)
    return OneProcess(spec, ranks)


def save_atomically(save: Callable[[str], object], target: str) -> None:
    """Writes into a sibling temp folder, then swaps it in: a crash never leaves a half-written adapter."""
    tmp = target + ".partial"
    shutil.rmtree(tmp, ignore_errors=True)
    save(tmp)
    if os.path.isdir(target):
        shutil.rmtree(target)
    os.replace(tmp, target)
