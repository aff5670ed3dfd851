"""Turns a suite selector (`learning.eval_suite`, `--suite`) into a suite object, or one BadInput line saying
what to change."""

from __future__ import annotations

import importlib

from ..spec import BadInput
from .base import REQUIRED_METHODS
from .rg_selector import PREFIX as RG_PREFIX

PYTHON_PREFIX = "python:"
_FORMS = "use reasoning-gym:NAME[,NAME…] or python:package.module:factory (docs/suites.md)"


def load_suite(selector: str):
    """`reasoning-gym:NAME[,NAME…]` or `python:package.module:factory`, where factory() returns the suite."""
    if not isinstance(selector, str) or not selector.strip():
        raise BadInput(f"suite {selector!r} is empty: {_FORMS}")
    selector = selector.strip()
    if selector.startswith(RG_PREFIX):
        from .reasoning_gym_suite import ReasoningGymSuite

        return ReasoningGymSuite(selector)
    if selector.startswith(PYTHON_PREFIX):
        return _python_suite(selector)
    raise BadInput(f"suite {selector!r} is not a suite selector: {_FORMS}")


def _python_suite(selector: str):
    module_name, sep, factory_name = selector[len(PYTHON_PREFIX) :].rpartition(":")
    if not sep or not module_name or not factory_name:
        raise BadInput(f"suite {selector!r}: write python:package.module:factory (a module, a colon, a function)")
    try:
        module = importlib.import_module(module_name)
    except Exception as err:  # noqa: BLE001 — a missing module and one that fails on import are both the user's to fix
        raise BadInput(
            f"suite {selector!r}: cannot import {module_name} ({type(err).__name__}: {err}): install it in the "
            "trainer's Python or put its folder on PYTHONPATH"
        ) from err
    factory = getattr(module, factory_name, None)
    if not callable(factory):
        raise BadInput(f"suite {selector!r}: {module_name} has no function {factory_name}")
    try:
        suite = factory()
    except Exception as err:  # noqa: BLE001 — whatever the user's code raises, the fix is in that code
        raise BadInput(
            f"suite {selector!r}: {factory_name}() raised {type(err).__name__}: {err}: fix the suite"
        ) from err
    missing = [name for name in REQUIRED_METHODS if not callable(getattr(suite, name, None))]
    if missing:
        raise BadInput(
            f"suite {selector!r}: {factory_name}() returned a {type(suite).__name__} without {', '.join(missing)}: "
            "a suite has tasks, tools, call, score and system_prompt (docs/suites.md)"
        )
    return suite
