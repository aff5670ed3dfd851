"""Several training processes on one host (DDP): how many, checked against the devices, and their launch. The
activity still spawns one `python -m agi_trainer train`; when the spec asks for several processes, that process
becomes the launcher and the ranks it starts train."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from .spec import BadInput, RunSpec


def processes_for(spec: RunSpec) -> int:
    """The number of ranks this spec trains with here: `auto` is one per visible GPU (one on a CPU-only host)."""
    n = _processes(spec)
    if spec.fsdp != "none" and n < 2:
        raise BadInput(
            f"trainer.fsdp {spec.fsdp} shards the model over several processes, but this worker would train with {n}: "
            "run it on a host with several GPUs (trainer.num_processes: auto uses them all), or set trainer.fsdp: none"
        )
    return n


def _processes(spec: RunSpec) -> int:
    import torch

    gpus = 0 if spec.device == "cpu" else torch.cuda.device_count()
    requested = spec.num_processes
    if gpus > 0:
        n = gpus if requested == "auto" else requested
        if n > gpus:
            visible = os.environ.get("CUDA_VISIBLE_DEVICES")
            shown = f" (CUDA_VISIBLE_DEVICES={visible!r})" if visible is not None else ""
            raise BadInput(
                f"trainer.num_processes is {n} but this worker sees {gpus} GPU(s){shown}: one process per GPU, so set "
                f"trainer.num_processes to at most {gpus}, or auto"
            )
        return n
    if requested == "auto":
        return 1
    cores = os.cpu_count() or 1
    if spec.device == "auto" and torch.backends.mps.is_available() and requested > 1:
        raise BadInput(
            f"trainer.num_processes is {requested} but Apple MPS trains in one process: set trainer.num_processes: 1, "
            "or trainer.device: cpu for several CPU processes"
        )
    if requested > cores:
        raise BadInput(
            f"trainer.num_processes is {requested} but this host has no GPU and {cores} CPU core(s): set "
            f"trainer.num_processes to at most {cores}, or auto (one process)"
        )
    return requested


def launch(spec_path: str, processes: int) -> int:
    """Runs `processes` ranks of this trainer on this host and returns rank 0's exit status (or the first failure's).

    What torchrun's static single-node launch does (RANK, WORLD_SIZE, MASTER_ADDR/PORT for torch.distributed and
    the HF Trainer), without its one flaw here: torchrun starts every rank in a session of its own, so the
    worker's SIGTERM/SIGKILL to the trainer's process group would miss them and a killed worker would leave them
    running. These ranks stay in this process's group: a stop reaches each of them at once. Rank 0 alone writes
    protocol lines to the stdout they all inherit."""
    from .callbacks import die_with_parent

    port = _free_port()
    ranks = []
    for rank in range(processes):
        env = dict(os.environ)
        env.update(
            RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(processes), LOCAL_WORLD_SIZE=str(processes),
            GROUP_RANK="0", MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port),
        )  # fmt: skip
        # The host's cores shared among the ranks (torch would take them all in each, and CPU runs crawl).
        env.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // processes)))
        cmd = [sys.executable, "-m", "agi_trainer", "train", "--spec", spec_path]
        ranks.append(subprocess.Popen(cmd, stdin=subprocess.DEVNULL, env=env))

    stopping = False

    def forward(signum, _frame):
        # Also when the signal came to this process alone (the kernel's parent-death signal for a killed worker).
        nonlocal stopping
        stopping = True
        for child in ranks:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    die_with_parent()
    failed_at = None
    while any(child.poll() is None for child in ranks):
        failure = next((c for c in ranks if c.returncode not in (None, 0)), None)
        if failure is not None and failed_at is None and not stopping:
            # A rank died (OOM, a crash): the others wait in a collective it will never join. End them.
            failed_at = time.monotonic()
            for child in ranks:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
        if failed_at is not None and time.monotonic() - failed_at > FAILED_RANK_GRACE_SECONDS:
            for child in ranks:
                if child.poll() is None:
                    child.kill()
        time.sleep(0.1)
    codes = [child.returncode for child in ranks]
    return codes[0] if codes[0] != 0 else next((c for c in codes if c != 0), 0)


# Ranks left waiting on a dead peer cannot checkpoint (they are stuck in a collective): they get this long.
FAILED_RANK_GRACE_SECONDS = 10


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
