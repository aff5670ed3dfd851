"""Trains a LoRA adapter (SFT) or a DPO adapter from a run spec, speaking the JSON-lines protocol on stdout.

    python -m agi_trainer train --spec storage/learning/models/<run>/logs/spec-attempt-1.json

Recipe, in the shape of torchtune's: setup (device, sharding mode, model/tokenizer/data into a trainer) → train
(resumable, checkpoints, evaluated before and after) → save (atomic) → report (the `done` line) → cleanup. Where
one process, DDP and FSDP differ, the sharding mode (sharding.py) decides.
"""

from __future__ import annotations

import logging
import math
import os
import sys
from dataclasses import dataclass, field
from typing import Any

from .callbacks import ProtocolCallback, StopRequest
from .chat_template import CHATML_WITH_GENERATION
from .checks import check_eval_finite, check_finite_weights, check_lora_rank, diverged
from .device import DeviceChoice, pick_device
from .failures import EXIT_INTERRUPTED, report_failure
from .protocol import emit
from .ranks import leave, under_launcher, world_size
from .sharding import Sharding, choose
from .spec import BadInput, RunSpec
from .trajectory import load_trajectory_split

log = logging.getLogger("agi_trainer")

# The trainer talks to the activity on stdout; everything for humans goes to stderr.

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


def load_model(spec: RunSpec, device: str, precision: str, sharding: Sharding):
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
        kwargs.update(sharding.load_kwargs())
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


def total_steps(spec: RunSpec, n_train: int, ranks: int) -> int:
    # Under DDP and FSDP each optimiser step consumes a micro-batch per rank.
    per_step = spec.per_device_batch_size * spec.gradient_accumulation_steps * ranks
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


def load_data(spec: RunSpec, tokenizer):
    """The train and eval splits (eval None without one), checked for what the strategy trains on."""
    trajectory = spec.example_format == "trajectory"
    if trajectory:
        # Rendered and masked here, by the same code the agent renders its prompts with (trajectory.py).
        def load(path):
            return load_trajectory_split(path, spec.strategy, tokenizer, spec.max_seq_length)
    else:
        load = load_split
    train_set = load(spec.train_path)
    if train_set is None or len(train_set) == 0:
        raise BadInput(f"train split {spec.train_path} is empty: the dataset gave no training examples")
    eval_set = load(spec.eval_path)
    expected = {
        "lora": ("messages",),
        "dpo": ("prompt", "chosen", "rejected"),
        "kto": ("prompt", "completion", "label"),
    }[spec.strategy]
    # Trajectory rows were checked line by line as they were read.
    missing = [] if trajectory else [c for c in expected if c not in train_set.column_names]
    if missing:
        raise BadInput(f"train split {spec.train_path} lacks {missing} for strategy {spec.strategy}: re-run conversion")
    if spec.strategy == "lora":
        check_assistant_tokens(tokenizer, train_set, spec.max_seq_length)
    return train_set, eval_set


def training_args(spec: RunSpec, device: str, precision: str, n_train: int, sharding: Sharding) -> dict:
    """The TrainingArguments every strategy shares, the sharding mode's own included."""
    common = dict(
        output_dir=spec.checkpoints_dir,
        max_steps=total_steps(spec, n_train, sharding.ranks),
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
    common.update(sharding.training_args())
    return common


def strategy_config(spec: RunSpec, common: dict, tokenizer, train_set):
    """The strategy's trl config and trainer class."""
    if spec.strategy == "lora":
        from trl import SFTConfig, SFTTrainer
        from trl.chat_template_utils import has_generation_markers

        trajectory = spec.example_format == "trajectory"
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
        return args, SFTTrainer
    if spec.strategy == "dpo":
        from trl import DPOConfig, DPOTrainer

        if spec.example_format != "trajectory":
            return DPOConfig(**common, beta=spec.dpo_beta), DPOTrainer
        from .masked_dpo import MaskedDPOTrainer

        # Trajectory pairs: DPO on the rest of each attempt, plus the NLL of the chosen attempt's assistant turns
        # (RPO, Pang et al. 2024). Preference alone had no signal at the turns after where attempts part and taught
        # SmolLM2 to call tools until max_steps; the NLL keeps the success's later turns (its answer) likely.
        args = DPOConfig(**common, beta=spec.dpo_beta, loss_type=["sigmoid", "sft"], loss_weights=[1.0, 1.0])
        return args, MaskedDPOTrainer
    from trl import KTOConfig, KTOTrainer

    desirable, undesirable = kto_weights(train_set["label"])
    args = KTOConfig(**common, beta=spec.dpo_beta, desirable_weight=desirable, undesirable_weight=undesirable)
    if spec.example_format != "trajectory":
        return args, KTOTrainer
    from .masked_kto import MaskedKTOTrainer

    # Trajectory rows: whole attempts judged by their outcome, plus the successes' NLL (masked_kto.py says why).
    return args, MaskedKTOTrainer


def build_trainer(spec: RunSpec, device: str, precision: str, callback_factory, sharding: Sharding | None = None):
    """The strategy's trl trainer with its LoRA adapter, data and callback; (trainer, tokenizer)."""
    from peft import LoraConfig

    sharding = sharding or choose(spec, world_size())
    tokenizer = load_tokenizer(spec)
    train_set, eval_set = load_data(spec, tokenizer)
    if "tensorboard" in spec.reporters:
        # Event files in the run's own logs/, beside trainer.log (TensorBoardCallback reads this variable).
        run_dir = os.path.dirname(os.path.abspath(spec.adapter_dir))
        os.environ.setdefault("TENSORBOARD_LOGGING_DIR", os.path.join(run_dir, "logs", "tensorboard"))
    model = load_model(spec, device, precision, sharding)
    check_lora_rank(model, spec)
    peft_config = LoraConfig(
        r=spec.lora_rank,
        lora_alpha=spec.lora_alpha,
        lora_dropout=spec.lora_dropout,
        target_modules=spec.target_modules,
        task_type="CAUSAL_LM",
    )
    args, trainer_cls = strategy_config(
        spec, training_args(spec, device, precision, len(train_set), sharding), tokenizer, train_set
    )
    trainer = trainer_cls(
        model=model,
        args=args,
        train_dataset=train_set,
        eval_dataset=eval_set,
        processing_class=tokenizer,
        peft_config=peft_config,
    )
    if spec.packing:
        # Packing merges short examples into long rows: count steps from the rows the trainer will really see,
        # or `epochs` would mean several passes over the packed data.
        trainer.args.max_steps = total_steps(spec, len(trainer.train_dataset), sharding.ranks)
    sharding.after_build(trainer)
    trainable = sum(p.numel() for p in trainer.model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in trainer.model.parameters())
    trainer.add_callback(callback_factory((trainable, total)))
    return trainer, tokenizer


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


def check_converged(callback: ProtocolCallback, spec: RunSpec) -> None:
    """Fails a training the callback stopped on a NaN/Inf loss, as bad input: the same settings would diverge
    again, so the activity must not retry them, and the run ends before anything is saved."""
    if callback.divergence is not None:
        step, loss = callback.divergence
        raise diverged(spec, f"loss became {loss}", step)


@dataclass
class Session:
    """One training attempt, from setup() to cleanup(). The model and data are the trainer's."""

    spec: RunSpec
    choice: DeviceChoice
    sharding: Sharding
    stop: StopRequest
    trainer: Any = None
    tokenizer: Any = None
    callback: ProtocolCallback | None = None
    result: Any = None  # what trainer.train() returned
    # Eval metrics of each phase: before and after training, and the active adapter's (the promotion gate's).
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    active: dict = field(default_factory=dict)

    @property
    def device(self) -> str:
        return self.choice.device

    @property
    def precision(self) -> str:
        return self.choice.precision

    @property
    def ranks(self) -> int:
        return self.sharding.ranks


def relaunch(spec: RunSpec, spec_path: str) -> int | None:
    """The launcher's part: runs the ranks when the spec asks for several processes and returns their exit status;
    None when this process trains (it is a rank, or the only process)."""
    if under_launcher():
        return None
    from .launch import launch, processes_for

    processes = processes_for(spec)
    if processes <= 1:
        return None
    log.info("training with %d processes (%s)", processes, choose(spec, processes).label)
    return launch(spec_path, processes)


def setup(spec: RunSpec, stop: StopRequest) -> Session:
    """Picks the device and sharding mode, then loads the model, tokenizer and data into a trainer."""
    choice = pick_device(spec)
    session = Session(spec, choice, choose(spec, world_size()), stop)
    session.sharding.on_device(choice.device)
    if choice.note:
        # Loud on purpose: a GPU host silently training on its CPU is the costliest quiet failure there is.
        log.warning("%s", choice.note)
    log.info("training %s on %s (%s) from %s", spec.strategy, choice.device, choice.precision, spec.base_model)

    def make_callback(params):
        session.callback = ProtocolCallback(
            strategy=spec.strategy,
            device=choice.device,
            stop=stop,
            params=params,
            device_note=choice.note,
            run_dir=os.path.dirname(os.path.abspath(spec.adapter_dir)),
        )
        return session.callback

    session.trainer, session.tokenizer = build_trainer(
        spec, choice.device, choice.precision, make_callback, session.sharding
    )
    return session


def train(session: Session) -> bool:
    """Evaluates, trains (from the checkpoint when resuming) and evaluates again. False when a signal stopped the
    training (its checkpoint saved)."""
    spec, trainer = session.spec, session.trainer
    if spec.resume_from_checkpoint is None:
        session.sharding.at_first_run(trainer, lambda: evaluate_before(session))
    resume = spec.resume_from_checkpoint
    if resume is not None and not os.path.isdir(resume):
        log.warning("checkpoint %s is gone; training from the start", resume)
        resume = None
    session.result = trainer.train(resume_from_checkpoint=resume)
    check_converged(session.callback, spec)
    if session.stop.requested:
        return False
    # Before anything is evaluated or written: a NaN adapter must never reach adapter_dir.
    check_finite_weights(trainer, spec)
    session.after = evaluate(trainer, "after")
    check_eval_finite(spec, session.before, session.after, trainer.state.global_step)
    if "eval_loss" in session.after:
        session.callback.evals["after"] = {"step": trainer.state.global_step, "eval_loss": session.after["eval_loss"]}
    session.callback.write_curve(trainer.state)
    return True


def evaluate_before(session: Session) -> None:
    trainer = session.trainer
    session.before.update(evaluate(trainer, "before"))
    if "eval_loss" in session.before:
        session.callback.evals["before"] = {"step": trainer.state.global_step, "eval_loss": session.before["eval_loss"]}


def save(session: Session) -> None:
    """Writes the adapter and tokenizer, and evaluates the active adapter for the promotion gate."""
    trainer = session.trainer
    session.active = session.sharding.save(trainer, session.tokenizer, lambda: evaluate(trainer, "active"))


def report(session: Session) -> None:
    """The `done` line: where the adapter is, the metrics, and what trained it."""
    spec, trainer = session.spec, session.trainer
    metrics = {"train_loss": float(session.result.training_loss)}
    metrics.update({f"{k}_before": v for k, v in session.before.items()})
    metrics.update({f"{k}_after": v for k, v in session.after.items()})
    metrics.update({f"{k}_active": v for k, v in session.active.items()})
    if spec.strategy == "kto":
        metrics["kto_desirable_weight"] = float(trainer.args.desirable_weight)
        metrics["kto_undesirable_weight"] = float(trainer.args.undesirable_weight)
    throughput = session.callback.throughput(trainer.state)
    emit(
        "done",
        adapter_path=os.path.abspath(spec.adapter_dir),
        tokenizer_path=os.path.abspath(spec.tokenizer_dir),
        steps=trainer.state.global_step,
        metrics=metrics,
        environment=environment_info(session.choice, throughput, session.ranks, session.sharding.name),
    )


def cleanup(session: Session) -> None:
    leave()


def run(spec_path: str) -> int:
    # Libraries print to stdout (the HF Trainer's log dicts): keep stdout for protocol lines only.
    sys.stdout = sys.stderr
    stop = StopRequest()
    stop.install()
    try:
        spec = RunSpec.load(spec_path)
        launched = relaunch(spec, spec_path)
        if launched is not None:
            return launched
        session = setup(spec, stop)
        if not train(session):
            step = session.trainer.state.global_step
            emit("error", kind="interrupted", message=f"stopped by signal at step {step}; checkpoint saved")
            return EXIT_INTERRUPTED
        save(session)
        report(session)
        cleanup(session)
        return 0
    except Exception as err:  # noqa: BLE001 — every failure must reach the activity classified
        return classify(err)


def classify(err: Exception) -> int:
    """Reports a failure as the activity's error kind and returns its exit status. trl/transformers raise
    ValueError for impossible settings: a person must change the config."""
    return report_failure(err, "trainer", config_errors=(ValueError,))


def configure_logging() -> None:
    # Several ranks share one trainer.log: each line says whose it is.
    who = f" rank{os.environ['RANK']}" if "RANK" in os.environ and world_size() > 1 else ""
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format=f"%(asctime)s %(name)s{who} %(levelname)s %(message)s"
    )
