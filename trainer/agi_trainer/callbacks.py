"""Turns the HF Trainer's events into protocol lines, and SIGTERM into a checkpoint and a clean stop."""

from __future__ import annotations

import logging
import os
import signal
import time

from transformers import TrainerCallback

from .checks import is_finite
from .curves import write_loss_curve
from .protocol import emit
from .ranks import agree_any, barrier


class StopRequest:
    """Set by SIGTERM/SIGINT; the callback checkpoints at the end of the current step and stops."""

    def __init__(self) -> None:
        self.requested = False

    def install(self) -> None:
        def handler(signum, _frame):
            self.requested = True

        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)
        self.parent = os.getppid()
        die_with_parent()

    def check(self) -> bool:
        # A worker killed with -9 cannot stop us: notice the orphaning ourselves and checkpoint.
        if os.getppid() != getattr(self, "parent", os.getppid()):
            self.requested = True
        return self.requested


def die_with_parent() -> None:
    """Linux: ask the kernel for SIGTERM when the worker that spawned us dies."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class ProtocolCallback(TrainerCallback):
    def __init__(
        self,
        *,
        strategy: str,
        device: str,
        stop: StopRequest,
        params: tuple[int, int],
        device_note: str | None = None,
        run_dir: str | None = None,
    ) -> None:
        self.run_dir = run_dir
        # eval losses by phase ("before", "after"): the curve marks them
        self.evals: dict[str, dict] = {}
        self.strategy = strategy
        self.device = device
        self.device_note = device_note
        self.stop = stop
        self.params = params
        self.resumed_from_step = 0
        self.started_at = time.monotonic()
        self.first_step = 0
        self.tokens_at_start = 0
        # (step, loss) of the first non-finite loss: training stopped there, and run() fails it (checks.diverged).
        self.divergence: tuple[int, float] | None = None

    def on_train_begin(self, args, state, control, **kwargs):
        self.resumed_from_step = state.global_step
        self.first_step = state.global_step
        self.tokens_at_start = state.num_input_tokens_seen or 0
        self.started_at = time.monotonic()
        trainable, total = self.params
        emit(
            "start",
            total_steps=state.max_steps,
            resumed_from_step=state.global_step,
            device=self.device,
            device_note=self.device_note,
            strategy=self.strategy,
            trainable_params=trainable,
            total_params=total,
        )

    def on_log(self, args, state, control, logs=None, **kwargs):
        logs = logs or {}
        if "loss" not in logs:
            return
        elapsed = max(time.monotonic() - self.started_at, 1e-9)
        done = state.global_step - self.first_step
        tokens = (state.num_input_tokens_seen or 0) - self.tokens_at_start
        remaining = state.max_steps - state.global_step
        emit(
            "progress",
            step=state.global_step,
            total_steps=state.max_steps,
            loss=float(logs["loss"]),
            learning_rate=float(logs.get("learning_rate", 0.0)),
            tokens_per_second=tokens / elapsed if tokens else None,
            eta_seconds=(elapsed / done) * remaining if done else None,
        )
        if not is_finite(logs["loss"]) and self.divergence is None:
            # Every step is logged (logging_steps=1, and the Trainer's NaN filter is off): stop at the first bad
            # loss rather than train on to the end and save NaN weights. The logged loss is the mean over the
            # ranks, so every rank stops at this same step. No checkpoint of these weights either.
            self.divergence = (state.global_step, float(logs["loss"]))
            control.should_training_stop = True
            control.should_save = False
        return control

    def throughput(self, state) -> float | None:
        """Real (non-padding) tokens per second over this attempt's training so far."""
        tokens = (state.num_input_tokens_seen or 0) - self.tokens_at_start
        elapsed = time.monotonic() - self.started_at
        return tokens / elapsed if tokens and elapsed > 0 else None

    def on_step_end(self, args, state, control, **kwargs):
        # Every rank stops at the same step, or none: one saving while another steps on would hang both.
        if agree_any(self.stop.check(), args.device):
            self.stop.requested = True
            # Save where we are, then stop: the next attempt resumes from this checkpoint.
            control.should_save = True
            control.should_training_stop = True
        return control

    def write_curve(self, state) -> None:
        """Refreshes the run's loss curve; a failure to draw never fails the training."""
        if self.run_dir is None or not state.is_world_process_zero:
            return
        try:
            write_loss_curve(self.run_dir, state.log_history, self.evals)
        except OSError as err:
            logging.getLogger("agi_trainer").warning("cannot write the loss curve: %s", err)

    def on_save(self, args, state, control, **kwargs):
        # Every rank writes part of a checkpoint (its RNG state; its shard under FSDP): it is reported, and may
        # be uploaded, only once all of them are done.
        barrier()
        path = os.path.join(args.output_dir, f"checkpoint-{state.global_step}")
        self.write_curve(state)
        emit("checkpoint", step=state.global_step, path=os.path.abspath(path))
