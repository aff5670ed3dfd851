"""Where this process sits in a multi-process (DDP) training: the torchrun-style environment launch.py sets."""

from __future__ import annotations

import os


def rank() -> int:
    """Global rank among the training processes; 0 for a single-process run."""
    return int(os.environ.get("RANK", "0"))


def world_size() -> int:
    return int(os.environ.get("WORLD_SIZE", "1"))


def is_main() -> bool:
    """Rank 0 alone speaks the protocol and writes the run's files: N ranks must not print N `done` lines."""
    return rank() == 0


def under_launcher() -> bool:
    """True inside a rank (LOCAL_RANK is set), false in the process that launches them."""
    return "LOCAL_RANK" in os.environ


def agree_any(flag: bool, device) -> bool:
    """True on every rank when it is true on any: a stop seen by one rank between two steps must stop them all at
    the same step, or one rank saves while another waits in the next all-reduce forever."""
    if world_size() == 1:
        return flag
    import torch
    import torch.distributed as dist

    if not dist.is_available() or not dist.is_initialized():
        return flag
    value = torch.tensor([1 if flag else 0], device=device)
    dist.all_reduce(value, op=dist.ReduceOp.MAX)
    return bool(value.item())


def barrier() -> None:
    if world_size() == 1:
        return
    import torch.distributed as dist

    if dist.is_available() and dist.is_initialized():
        dist.barrier()


def leave() -> None:
    """Ends this rank's part in the process group once every rank is done. A rank that exits with the group still
    open can take gloo down with SIGABRT while a peer is still closing its side (seen once in CI: a sharded run that
    had trained and saved exited 250)."""
    if world_size() == 1:
        return
    import torch.distributed as dist

    if dist.is_available() and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()
