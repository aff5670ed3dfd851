"""Whole-line appends to the dataset, as src/shared/append.ts makes them: under the dataset's lock, one write,
fsynced before returning; a torn last line left by a writer that died is closed with a newline first, so it stays
one bad line and never merges into the records appended now. All or nothing: when the write or the fsync fails,
the file is cut back to its size before the batch."""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence

from .dir_lock import dir_lock, refuse_network_filesystem
from .errors import DatasetWriteError, InvalidDatasetError

WRITE_CAUSES = {
    "ENOSPC": "no space left on the device",
    "EDQUOT": "disk quota exceeded",
    "EIO": "I/O error",
    "EFBIG": "file too large",
}


def _not_writable(file: str, blocked: str, err: OSError) -> InvalidDatasetError:
    code = errno.errorcode.get(err.errno or 0, "error")
    return InvalidDatasetError(
        f"cannot append to the dataset {file}: cannot write {blocked} ({code}); make it writable by this user or "
        "point learning.dataset_path (--dataset) at a writable folder"
    )


def append_lines(file: str, lines: Sequence[str], setting: str = "learning.dataset_path") -> None:
    """Appends complete JSONL lines (each without its newline) to `file`, locked against every other writer."""
    if not lines:
        return
    for line in lines:
        if "\n" in line:
            raise ValueError("append_lines: a JSONL line must not contain a newline")
    folder = os.path.dirname(os.path.abspath(file))
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as err:
        raise _not_writable(file, folder, err) from err
    if os.path.isdir(file):
        raise InvalidDatasetError(f"dataset path {file} is a directory: point learning.dataset_path at a .jsonl file")
    # The lock is a folder beside the dataset: check here, so a read-only folder is named as such rather than
    # surfacing as an error about an internal lock folder.
    if not os.access(folder, os.W_OK):
        raise _not_writable(file, folder, PermissionError(errno.EACCES, "not writable"))
    if os.path.exists(file) and not os.access(file, os.W_OK):
        raise _not_writable(file, file, PermissionError(errno.EACCES, "not writable"))
    refuse_network_filesystem(folder, setting)
    # The same lock folder and retry pace as appendLines (3 ms): Node and Python writers take turns fairly.
    with dir_lock(f"{file}.lock", retry_s=0.003):
        fd = os.open(file, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            size = os.fstat(fd).st_size
            prefix = b"\n" if size > 0 and os.pread(fd, 1, size - 1) != b"\n" else b""
            data = prefix + ("\n".join(lines) + "\n").encode("utf-8")
            try:
                # One write for the batch; a short one (the disk filling up) is carried on from where it stopped.
                done = 0
                while done < len(data):
                    wrote = os.write(fd, data[done:])
                    if wrote <= 0:
                        raise OSError(errno.EIO, "write wrote nothing")
                    done += wrote
                os.fsync(fd)
            except OSError as err:
                raise _cut_back(fd, file, setting, size, len(lines), err) from err
        finally:
            os.close(fd)


def _cut_back(fd: int, file: str, setting: str, size: int, count: int, cause: OSError) -> DatasetWriteError:
    code = errno.errorcode.get(cause.errno or 0, "error")
    why = f"{code} ({WRITE_CAUSES.get(code, cause.strerror or str(cause))})"
    head = f"cannot append to {file} ({setting}): {why}"
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    except OSError as err:
        failed = errno.errorcode.get(err.errno or 0, "error")
        return DatasetWriteError(
            f"{head}; cutting it back to its {size} bytes failed too ({failed}), so it may end in part of the "
            f"{count} line(s) being written: `agi-core dataset validate` reports that line, and the next append "
            "starts a new line after it",
            file,
            why,
            False,
        )
    return DatasetWriteError(
        f"{head}; none of the {count} line(s) being written were kept: the file is as it was before ({size} bytes)",
        file,
        why,
        True,
    )
