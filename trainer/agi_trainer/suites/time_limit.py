"""A per-call time limit for tools and checkers, which may be user code that hangs.

SIGALRM in the main thread, not a worker process: a suite's tools may keep state between calls (a simulated file
system), which a child process would lose. The cost: code stuck inside one C call (a huge integer power) is only
interrupted when it returns to Python; the built-in tools bound their inputs for that reason."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class TimeLimitExceeded(BaseException):
    """Raised inside the call when its time is up. A BaseException, so a tool's `except Exception` cannot
    swallow it."""


def call_with_time_limit(function: Callable[[], T], seconds: float | None) -> T:
    """function(), interrupted with TimeLimitExceeded after `seconds` (no limit off the main thread or for None)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        return function()

    def on_alarm(_signum, _frame):
        raise TimeLimitExceeded(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return function()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
