"""The cross-process lock of src/shared/dir-lock.ts, byte for byte on disk, so Python and Node writers exclude
each other: a folder `<dataset>.lock` that appears with its owner's pid already inside (built aside as
`<lock>.<pid>.<hex>`, then renamed into place: atomic), so a holder killed at any instant leaves a lock whose owner
can be checked; a lock whose owner is dead is taken over. Holds between processes of one host only."""

from __future__ import annotations

import contextlib
import errno
import os
import random
import secrets
import shutil
import time
from collections.abc import Iterator

from .errors import InvalidDatasetError, LockTimeoutError

# statfs(2) magic numbers' names as /proc/self/mounts spells them: filesystems shared between hosts, where a pid
# means nothing to another host (dir-lock.ts refuses the same ones).
NETWORK_FILESYSTEMS = {
    "nfs": "NFS",
    "nfs4": "NFS",
    "cifs": "CIFS",
    "smb3": "SMB2",
    "smbfs": "SMB",
    "9p": "9p",
    "ceph": "CephFS",
    "lustre": "Lustre",
    "afs": "AFS",
}

_checked_local: set[str] = set()


def refuse_network_filesystem(folder: str, setting: str) -> None:
    """Raises InvalidDatasetError when `folder` is on a network filesystem (Linux; elsewhere nothing to check)."""
    if folder in _checked_local:
        return
    try:
        with open("/proc/self/mounts", encoding="utf-8") as f:
            mounts = [line.split() for line in f]
    except OSError:
        return
    real = os.path.realpath(folder)
    best, kind = "", None
    for fields in mounts:
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    name = NETWORK_FILESYSTEMS.get(kind or "")
    if name:
        raise InvalidDatasetError(
            f"{setting}: {folder} is on {name}, a network filesystem, where agi-core's lock (one host's processes) "
            "cannot hold: writers on two hosts could interleave. Keep it on a local disk of the learning host; "
            "hosts share runs through storage.url, not a folder"
        )
    _checked_local.add(folder)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except PermissionError:
        return True  # someone else's process, but alive
    except OSError:
        return False


def _owner_of(lock_dir: str) -> int | None:
    try:
        with open(os.path.join(lock_dir, "pid"), encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    return int(text) if text.isdigit() and int(text) > 0 else None


def _rename(src: str, dst: str) -> bool:
    try:
        os.rename(src, dst)
        return True
    except OSError:
        return False


@contextlib.contextmanager
def dir_lock(lock_dir: str, *, timeout_s: float = 30 * 60, retry_s: float = 0.05) -> Iterator[None]:
    """Holds the exclusive lock `lock_dir` across processes of this machine while the `with` block runs."""
    deadline = time.monotonic() + timeout_s
    os.makedirs(os.path.dirname(lock_dir) or ".", exist_ok=True)
    mine = f"{lock_dir}.{os.getpid()}.{secrets.token_hex(4)}"
    while True:
        os.makedirs(mine, exist_ok=True)
        with open(os.path.join(mine, "pid"), "w", encoding="utf-8") as f:
            f.write(str(os.getpid()))
        try:
            # rename(2) onto a folder that exists and is not empty fails: that is the exclusion.
            os.rename(mine, lock_dir)
            break
        except OSError as err:
            if err.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise  # held shows as ENOTEMPTY or EEXIST; anything else is a real error
        owner = _owner_of(lock_dir)
        if owner is not None and not _alive(owner):
            # Take over a dead owner's lock by moving it aside: only one waiter's rename can succeed.
            trash = f"{lock_dir}.stale.{os.getpid()}.{secrets.token_hex(4)}"
            if _rename(lock_dir, trash) and _owner_of(trash) != owner:
                # Someone took it over between our check and the move: give it back if the place is still free.
                _rename(trash, lock_dir)
            shutil.rmtree(trash, ignore_errors=True)
            continue
        if time.monotonic() > deadline:
            shutil.rmtree(mine, ignore_errors=True)
            raise LockTimeoutError(
                f"timed out waiting for lock {lock_dir} (held by pid {owner if owner is not None else 'unknown'})"
            )
        time.sleep(retry_s * (0.5 + random.random()))
    try:
        yield
    finally:
        # Release by moving the lock away in one step: deleting it in place would leave an empty folder for a
        # moment, and renaming onto an empty folder succeeds, so a waiter could acquire a lock being deleted.
        released = f"{lock_dir}.released.{os.getpid()}.{secrets.token_hex(4)}"
        os.rename(lock_dir, released)
        shutil.rmtree(released, ignore_errors=True)
