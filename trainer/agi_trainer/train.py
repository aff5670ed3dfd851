"""Trains a LoRA adapter (SFT) or a DPO adapter from a run spec, speaking the JSON-lines protocol on stdout.

    python -m agi_trainer train --spec storage/learning/models/<run>/logs/spec-attempt-1.json

Recipe: setup (validate, load model/tokenizer/data) → train (resumable, checkpoints) → save (atomic) → cleanup.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import sys

from . import fsdp
from .callbacks import ProtocolCallback, StopRequest
from .chat_template import CHATML_WITH_GENERATION
from .checks import check_eval_finite, check_finite_weights, check_lora_rank, diverged
from .device import DeviceChoice, pick_device
from .protocol import emit
from .ranks import barrier, is_main, leave, under_launcher, world_size
from .spec import BadInput, RunSpec
from .trajectory import load_trajectory_split

log = logging.getLogger("agi_trainer")

# The trainer talks to the activity on stdout; everything for humans goes to stderr.
EXIT_BAD_INPUT, EXIT_OOM, EXIT_INTERRUPTED, EXIT_INTERNAL = 2, 4, 3, 1

# Used when a base model has no chat template (e.g. gpt2): plain-text turns, so no new tokens are needed.
PLAIN_TEMPLATE_WITH_GENERATION = (
    "{%- for message in messages %}"
    "{%- if message['role'] == 'assistant' %}"
    "{{ '### Assistant:\\n' }}{% generation %}{{ message['content'] + eos_token }}{% endgeneration %}{{ '\\n' }}"
    "{%- else %}{{ '### ' + message['role'] | capitalize + ':\\n' + message['content'] + '\\n' }}{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{ '### Assistant:\\n' }}{%- endif %}"
)


def environment_info(
    choice: DeviceChoice, tokens_per_second: float | None, processes: int = 1, sharding: str = "none"
) -> dict:
    """What ran this training, for metadata.json: device and why, precision, GPU, peak memory, speed, versions."""
    import platform
    import resource

    import peft
    import torch
    import transformers
    import trl

    info = {
        "device": choice.device,
        "device_note": choice.note,
        "precision": choice.precision,
        "gpu_name": None,
        "gpu_memory_bytes": None,
        # CUDA: the most the caching allocator held for tensors; elsewhere the process's peak resident memory.
        "peak_memory_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "peak_memory_kind": "process_rss",
        "tokens_per_second": tokens_per_second,
        "processes": processes,
        "fsdp": sharding,
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "peft": peft.__version__,
            "trl": trl.__version__,
        },
    }
    if choice.device == "cuda":
        props = torch.cuda.get_device_properties(torch.cuda.current_device())
        info["gpu_name"] = props.name
        info["gpu_memory_bytes"] = int(props.total_memory)
        info["peak_memory_bytes"] = int(torch.cuda.max_memory_allocated())
        info["peak_memory_kind"] = "cuda_max_allocated"
    return info


def load_tokenizer(spec: RunSpec):
    from transformers import AutoTokenizer
    from trl.chat_template_utils import get_training_chat_template, has_generation_markers

    try:
        tokenizer = AutoTokenizer.from_pretrained(spec.base_model)
    except OSError as err:
        raise BadInput(f"cannot load the tokenizer of base model {spec.base_model}: {err}") from err
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    if not tokenizer.chat_template:
        has_chatml = all(t in tokenizer.get_vocab() for t in ("<|im_start|>", "<|im_end|>"))
        tokenizer.chat_template = CHATML_WITH_GENERATION if has_chatml else PLAIN_TEMPLATE_WITH_GENERATION
        log.info("base model has no chat template: using agi-core's default template with generation markers")
    elif not has_generation_markers(tokenizer.chat_template):
        patched = get_training_chat_template(tokenizer)
        if patched:
            tokenizer.chat_template = patched
    return tokenizer


def load_model(spec: RunSpec, device: str, precision: str):
    import torch
    from transformers import AutoModelForCausalLM

    kwargs = {
        "dtype": {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[precision],
        "attn_implementation": spec.attn_implementation,
    }
    if spec.quantization == "4bit":
        from transformers import BitsAndBytesConfig

        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_compute_dtype=kwargs["dtype"],
            bnb_4bit_use_double_quant=True,
        )
        if world_size() > 1:
            # A quantised model is placed at load time, on GPU 0 unless told: each rank takes its own GPU.
            kwargs["device_map"] = {"": int(os.environ.get("LOCAL_RANK", "0"))}
    try:
        model = AutoModelForCausalLM.from_pretrained(spec.base_model, **kwargs)
    except OSError as err:
        raise BadInput(f"cannot load base model {spec.base_model}: {err}") from err
    if spec.quantization == "4bit":
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(model)
    return model


def load_split(path: str | None):
    from datasets import load_dataset

    if path is None or os.path.getsize(path) == 0:
        return None
    return load_dataset("json", data_files=path, split="train")


def check_assistant_tokens(tokenizer, dataset, max_len: int) -> None:
    """Refuses a max_seq_length that cuts every example before its first assistant token (loss would be NaN)."""
    from trl.chat_template_utils import has_generation_markers

    too_small = BadInput(
        f"max_seq_length {max_len} is too small: no example keeps any assistant token after truncation; "
        "raise trainer.max_seq_length"
    )
    if "assistant_masks" in dataset.column_names:
        # Trajectory rows carry their mask already (trajectory.tokenize_with_mask): no template to ask.
        if any(1 in mask[:max_len] for mask in dataset["assistant_masks"]):
            return
        raise too_small
    if not has_generation_markers(tokenizer.chat_template or ""):
        return
    sample = dataset.select(range(min(len(dataset), 200)))
    for row in sample:
        out = tokenizer.apply_chat_template(
            row["messages"], tokenize=True, return_dict=True, return_assistant_tokens_mask=True
        )
        if sum(out["assistant_masks"][:max_len]) > 0:
            return
    raise too_small


def total_steps(spec: RunSpec, n_train: int) -> int:
    # Under DDP each optimiser step consumes a micro-batch per rank.
    per_step = spec.per_device_batch_size * spec.gradient_accumulation_steps * world_size()
    by_epochs = math.ceil(spec.epochs * math.ceil(n_train / per_step))
    return max(1, min(spec.max_steps, by_epochs))


def kto_weights(labels: list[bool]) -> tuple[float, float]:
    """Desirable and undesirable weights that balance the two outcomes: the KTO paper (and trl) want
    desirable_weight * n_desirable / (undesirable_weight * n_undesirable) within [1, 4/3]; we aim at 1."""
    desirable = sum(1 for label in labels if label)
    undesirable = len(labels) - desirable
    if not desirable or not undesirable:
        missing = "failure (success: false)" if desirable else "success (success: true)"
        raise BadInput(
            f"KTO needs both outcomes, but the train split has {desirable} success(es) and {undesirable} "
            f"failure(s): no {missing} example. Use strategy lora (SFT) until the agent has logged one"
        )
    if desirable >= undesirable:
        return undesirable / desirable, 1.0
    return 1.0, desirable / undesirable


def build_trainer(spec: RunSpec, device: str, precision: str, callback_factory):
    from peft import LoraConfig

    tokenizer = load_tokenizer(spec)
    trajectory = spec.example_format == "trajectory"
    if trajectory:
        # Rendered and masked here, by the same code the agent renders its prompts with (trajectory.py).
        def load(path):
            return load_trajectory_split(path, spec.strategy, tokenizer, spec.max_seq_length)
    else:
        load = load_split
    train = load(spec.train_path)
    if train is None or len(train) == 0:
        raise BadInput(f"train split {spec.train_path} is empty: the dataset gave no training examples")
    evaluation = load(spec.eval_path)
    expected = {
        "lora": ("messages",),
        "dpo": ("prompt", "chosen", "rejected"),
        "kto": ("prompt", "completion", "label"),
    }[spec.strategy]
    # Trajectory rows were checked line by line as they were read.
    missing = [] if trajectory else [c for c in expected if c not in train.column_names]
    if missing:
        raise BadInput(f"train split {spec.train_path} lacks {missing} for strategy {spec.strategy}: re-run conversion")
    if spec.strategy == "lora":
        check_assistant_tokens(tokenizer, train, spec.max_seq_length)
    if "tensorboard" in spec.reporters:
        # Event files in the run's own logs/, beside trainer.log (TensorBoardCallback reads this variable).
        run_dir = os.path.dirname(os.path.abspath(spec.adapter_dir))
        os.environ.setdefault("TENSORBOARD_LOGGING_DIR", os.path.join(run_dir, "logs", "tensorboard"))
    model = load_model(spec, device, precision)
    check_lora_rank(model, spec)
    target = spec.target_modules
    peft_config = LoraConfig(
        r=spec.lora_rank,
        lora_alpha=spec.lora_alpha,
        lora_dropout=spec.lora_dropout,
        target_modules=target,
        task_type="CAUSAL_LM",
    )
    common = dict(
        output_dir=spec.checkpoints_dir,
        max_steps=total_steps(spec, len(train)),
        per_device_train_batch_size=spec.per_device_batch_size,
        per_device_eval_batch_size=spec.per_device_batch_size,
        gradient_accumulation_steps=spec.gradient_accumulation_steps,
        learning_rate=spec.learning_rate,
        lr_scheduler_type="linear",
        warmup_steps=0,
        logging_steps=1,
        # Log a NaN/Inf training loss as it is: the filter would log the window's average instead (0.0 at one
        # step per window), and ProtocolCallback could not see the training diverge. evaluate() turns it back on.
        logging_nan_inf_filter=False,
        save_strategy="steps",
        save_steps=spec.save_steps,
        save_total_limit=spec.save_total_limit,
        eval_strategy="no",
        seed=spec.seed,
        data_seed=spec.seed,
        report_to=spec.reporters,
        disable_tqdm=True,
        use_cpu=device == "cpu",
        bf16=precision == "bf16",
        fp16=precision == "fp16",
        # Trades ~30% speed for activation memory: off by default, LoRA on the sizes we target rarely needs it.
        gradient_checkpointing=spec.gradient_checkpointing,
        use_liger_kernel=spec.liger_kernel,
        dataloader_num_workers=0,
        # Real tokens only: padding would flatter tokens/s (metadata and progress report this number).
        include_num_input_tokens_seen="non_padding",
        max_length=spec.max_seq_length,
    )
    common.update(fsdp.training_args(spec))
    if world_size() > 1 and not fsdp.enabled(spec):
        # LoRA leaves no trainable parameter unused: skipping DDP's search for them saves a graph walk per step.
        common["ddp_find_unused_parameters"] = False
    if spec.strategy == "lora":
        from trl import SFTConfig, SFTTrainer
        from trl.chat_template_utils import has_generation_markers

        args = SFTConfig(
            **common,
            # Trajectory rows bring their own `assistant_masks`: trl builds the labels from them and skips its own
            # tokenization (the rows already have input_ids), so it must not look for generation markers.
            assistant_only_loss=not trajectory and has_generation_markers(tokenizer.chat_template or ""),
            packing=spec.packing,
            # Padding-free (bfd) flattens a batch into one sequence, which only FlashAttention keeps apart; with
            # sdpa/eager, wrapped packing keeps rows separate in the batch.
            packing_strategy="bfd" if spec.flash_attention else "wrapped",
            padding_free=spec.packing and spec.flash_attention,
        )
        trainer_cls = SFTTrainer
    elif spec.strategy == "dpo":
        from trl import DPOConfig, DPOTrainer

        args = DPOConfig(**common, beta=spec.dpo_beta)
        trainer_cls = DPOTrainer
    else:
        from trl import KTOConfig, KTOTrainer

        desirable, undesirable = kto_weights(train["label"])
        args = KTOConfig(**common, beta=spec.dpo_beta, desirable_weight=desirable, undesirable_weight=undesirable)
        trainer_cls = KTOTrainer
    trainer = trainer_cls(
        model=model,
        args=args,
        train_dataset=train,
        eval_dataset=evaluation,
        processing_class=tokenizer,
        peft_config=peft_config,
    )
    if spec.packing:
        # Packing merges short examples into long rows: count steps from the rows the trainer will really see,
        # or `epochs` would mean several passes over the packed data.
        trainer.args.max_steps = total_steps(spec, len(trainer.train_dataset))
    if fsdp.enabled(spec):
        fsdp.check_sharded(trainer)
    trainable = sum(p.numel() for p in trainer.model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in trainer.model.parameters())
    trainer.add_callback(callback_factory((trainable, total)))
    return trainer, tokenizer


def evaluate_active_adapter(trainer, adapter_dir: str) -> dict:
    """Loss of the currently active adapter on this run's eval split: the promotion gate's yardstick."""
    if trainer.eval_dataset is None or not os.path.isfile(os.path.join(adapter_dir, "adapter_config.json")):
        return {}
    model = trainer.model
    try:
        model.load_adapter(adapter_dir, adapter_name="active")
        model.set_adapter("active")
        return evaluate(trainer, "active")
    except (ValueError, RuntimeError, KeyError) as err:
        # A different architecture or rank layout: no comparison, the gate says so.
        log.warning("cannot evaluate the active adapter %s: %s", adapter_dir, err)
        return {}
    finally:
        model.set_adapter("default")
        if "active" in model.peft_config:
            model.delete_adapter("active")


def evaluate(trainer, phase: str) -> dict:
    if trainer.eval_dataset is None:
        return {}
    # The eval loss keeps the Trainer's filter, as it always had: a batch with no loss (every example cut before
    # its first assistant token) is left out of the mean rather than making the whole loss NaN.
    trainer.args.logging_nan_inf_filter = True
    try:
        raw = trainer.evaluate()
    finally:
        trainer.args.logging_nan_inf_filter = False
    metrics = {
        k: float(v)
        for k, v in raw.items()
        if isinstance(v, (int, float)) and any(word in k for word in ("loss", "rewards", "accuracy", "logps"))
    }
    emit(
        "eval",
        step=trainer.state.global_step,
        phase=phase,
        eval_loss=metrics.get("eval_loss"),
        metrics=metrics,
    )
    return metrics


def save_atomically(save, target: str) -> None:
    """Writes into a sibling temp folder, then swaps it in: a crash never leaves a half-written adapter."""
    tmp = target + ".partial"
    shutil.rmtree(tmp, ignore_errors=True)
    save(tmp)
    if os.path.isdir(target):
        shutil.rmtree(target)
    os.replace(tmp, target)


def save_sharded(trainer, tokenizer, spec: RunSpec) -> dict:
    """FSDP: saves the adapter gathered from every rank's shard, then evaluates the active adapter (the promotion
    gate's yardstick) in its place. Returns that evaluation's metrics. Every rank calls it."""
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
    return fsdp.evaluate_in_place(trainer, spec.compare_adapter_dir, lambda: evaluate(trainer, "active"))


def check_converged(callback: ProtocolCallback, spec: RunSpec) -> None:
    """Fails a training the callback stopped on a NaN/Inf loss, as bad input: the same settings would diverge
    again, so the activity must not retry them, and the run ends before anything is saved."""
    if callback.divergence is not None:
        step, loss = callback.divergence
        raise diverged(spec, f"loss became {loss}", step)


def run(spec_path: str) -> int:
    # Libraries print to stdout (the HF Trainer's log dicts): keep stdout for protocol lines only.
    sys.stdout = sys.stderr
    stop = StopRequest()
    stop.install()
    try:
        spec = RunSpec.load(spec_path)
        if not under_launcher():
            from .launch import launch, processes_for

            processes = processes_for(spec)
            if processes > 1:
                log.info("training with %d processes (%s)", processes, "FSDP" if fsdp.enabled(spec) else "DDP")
                return launch(spec_path, processes)
        choice = pick_device(spec)
        device, precision = choice.device, choice.precision
        if fsdp.enabled(spec) and device == "cpu":
            fsdp.allow_on_cpu()
        if choice.note:
            # Loud on purpose: a GPU host silently training on its CPU is the costliest quiet failure there is.
            log.warning("%s", choice.note)
        log.info("training %s on %s (%s) from %s", spec.strategy, device, precision, spec.base_model)
        callbacks: list[ProtocolCallback] = []

        def make_callback(params):
            callbacks.append(
                ProtocolCallback(
                    strategy=spec.strategy,
                    device=device,
                    stop=stop,
                    params=params,
                    device_note=choice.note,
                    run_dir=os.path.dirname(os.path.abspath(spec.adapter_dir)),
                )
            )
            return callbacks[-1]

        trainer, tokenizer = build_trainer(spec, device, precision, make_callback)
        before: dict = {}

        def evaluate_before() -> None:
            before.update(evaluate(trainer, "before"))
            if "eval_loss" in before:
                callbacks[0].evals["before"] = {"step": trainer.state.global_step, "eval_loss": before["eval_loss"]}

        if spec.resume_from_checkpoint is None and fsdp.enabled(spec):
            # A sharded model runs only once train() has sharded it: evaluate at its first moment, before the
            # protocol callback starts the clock that tokens/s is measured by.
            trainer.callback_handler.callbacks.insert(0, fsdp.AtTrainBegin(evaluate_before))
        elif spec.resume_from_checkpoint is None:
            evaluate_before()
        resume = spec.resume_from_checkpoint
        if resume is not None and not os.path.isdir(resume):
            log.warning("checkpoint %s is gone; training from the start", resume)
            resume = None
        result = trainer.train(resume_from_checkpoint=resume)
        check_converged(callbacks[0], spec)
        if stop.requested:
            emit(
                "error",
                kind="interrupted",
                message=f"stopped by signal at step {trainer.state.global_step}; checkpoint saved",
            )
            return EXIT_INTERRUPTED
        # Before anything is evaluated or written: a NaN adapter must never reach adapter_dir.
        check_finite_weights(trainer, spec)
        after = evaluate(trainer, "after")
        check_eval_finite(spec, before, after, trainer.state.global_step)
        if "eval_loss" in after:
            callbacks[0].evals["after"] = {"step": trainer.state.global_step, "eval_loss": after["eval_loss"]}
        callbacks[0].write_curve(trainer.state)
        if fsdp.enabled(spec):
            active = save_sharded(trainer, tokenizer, spec)
        else:
            active = evaluate_active_adapter(trainer, spec.compare_adapter_dir) if spec.compare_adapter_dir else {}
            if is_main():
                # DDP keeps the whole adapter on every rank: rank 0 saves it, the others wait for the files.
                save_atomically(trainer.save_model, spec.adapter_dir)
                save_atomically(tokenizer.save_pretrained, spec.tokenizer_dir)
            barrier()
        metrics = {"train_loss": float(result.training_loss)}
        metrics.update({f"{k}_before": v for k, v in before.items()})
        metrics.update({f"{k}_after": v for k, v in after.items()})
        metrics.update({f"{k}_active": v for k, v in active.items()})
        if spec.strategy == "kto":
            metrics["kto_desirable_weight"] = float(trainer.args.desirable_weight)
            metrics["kto_undesirable_weight"] = float(trainer.args.undesirable_weight)
        emit(
            "done",
            adapter_path=os.path.abspath(spec.adapter_dir),
            tokenizer_path=os.path.abspath(spec.tokenizer_dir),
            steps=trainer.state.global_step,
            metrics=metrics,
            environment=environment_info(choice, callbacks[0].throughput(trainer.state), world_size(), spec.fsdp),
        )
        leave()
        return 0
    except BadInput as err:
        emit("error", kind="bad_input", message=str(err))
        return EXIT_BAD_INPUT
    except Exception as err:  # noqa: BLE001 — every failure must reach the activity classified
        import torch

        if isinstance(err, torch.OutOfMemoryError) or "out of memory" in str(err).lower():
            emit("error", kind="oom", message=str(err).splitlines()[0])
            return EXIT_OOM
        if isinstance(err, ValueError) and not isinstance(err, BadInput):
            # trl/transformers raise ValueError for impossible settings: a person must change the config.
            log.exception("trainer refused the configuration")
            emit("error", kind="bad_input", message=f"{type(err).__name__}: {err}")
            return EXIT_BAD_INPUT
        log.exception("training failed")
        emit("error", kind="internal", message=f"{type(err).__name__}: {err}")
        return EXIT_INTERNAL


def configure_logging() -> None:
    # Several ranks share one trainer.log: each line says whose it is.
    who = f" rank{os.environ['RANK']}" if "RANK" in os.environ and world_size() > 1 else ""
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format=f"%(asctime)s %(name)s{who} %(levelname)s %(message)s"
    )
