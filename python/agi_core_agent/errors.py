"""The errors a Python agent may catch, named as on the TypeScript side."""

from __future__ import annotations


class InvalidDatasetError(Exception):
    """The dataset cannot be appended to (a folder, not writable, on a network filesystem); says what to do."""


class DatasetWriteError(OSError):
    """A batch did not reach the file (ENOSPC, EIO, …). `restored`: the file is as it was before the batch."""

    def __init__(self, message: str, file: str, why: str, restored: bool):
        super().__init__(message)
        self.file = file
        self.why = why
        self.restored = restored

    def __str__(self) -> str:
        return self.args[0]


class LockTimeoutError(TimeoutError):
    """Another live process held the dataset's lock longer than the timeout."""


class AgiCoreCliError(RuntimeError):
    """The agi-core CLI could not be found, or a command of it failed; the message says which and the fix."""
