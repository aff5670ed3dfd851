"""Parses the built-in suite's selector, `reasoning-gym:NAME[(KEY=VALUE,…)][,NAME…]`, against reasoning-gym's own
registry. `chain_sum(min_terms=2,max_terms=3)` overrides fields of that dataset's config dataclass (the
difficulty knobs a weak model needs); values are Python literals (true/false accepted)."""

from __future__ import annotations

import ast
import dataclasses
import re
import warnings
from dataclasses import dataclass

from ..spec import BadInput

PREFIX = "reasoning-gym:"
_ITEM = re.compile(r"^([A-Za-z0-9_]+)(?:\((.*)\))?$", re.DOTALL)
# The suite decides these: seeds keep the splits apart, sizes follow the number of tasks asked for.
_RESERVED = ("seed", "size")


@dataclass(frozen=True)
class DatasetChoice:
    name: str
    overrides: tuple[tuple[str, object], ...] = ()

    @property
    def token(self) -> str:
        """The dataset as task ids name it: with its overrides, so that other settings never share an id."""
        if not self.overrides:
            return self.name
        return f"{self.name}(" + ",".join(f"{key}={value!r}" for key, value in self.overrides) + ")"


def import_reasoning_gym(selector: str):
    """The reasoning_gym module, or BadInput saying how to install it."""
    try:
        with warnings.catch_warnings():
            # cellpylib, one of its dependencies, trips SyntaxWarnings on every import.
            warnings.simplefilter("ignore", SyntaxWarning)
            import reasoning_gym
            import reasoning_gym.factory
    except ImportError as err:
        raise BadInput(
            f"suite {selector!r} needs the reasoning-gym package, which the trainer's Python cannot import ({err}): "
            "run `agi-core trainer setup` to rebuild the trainer venv from trainer/requirements.lock"
        ) from err
    return reasoning_gym


def _split_top_level(text: str) -> list[str]:
    """Splits on commas outside brackets: `a(x=[1,2]),b` is two items."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return parts


def _literal(selector: str, key: str, text: str) -> object:
    words = {"true": "True", "false": "False", "null": "None"}
    try:
        return ast.literal_eval(words.get(text.strip(), text.strip()))
    except (ValueError, SyntaxError) as err:
        raise BadInput(
            f"suite {selector!r}: {key}={text} is not a literal: write numbers, true/false or quoted strings"
        ) from err


def _overrides(selector: str, name: str, text: str, config_cls) -> tuple[tuple[str, object], ...]:
    known = [field.name for field in dataclasses.fields(config_cls) if field.name not in _RESERVED]
    out = {}
    for pair in _split_top_level(text):
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise BadInput(f"suite {selector!r}: {name}({text}) needs KEY=VALUE pairs, e.g. chain_sum(max_terms=3)")
        if key not in known:
            raise BadInput(f"suite {selector!r}: {name} has no setting {key!r}; its settings are {', '.join(known)}")
        out[key] = _literal(selector, key, value)
    return tuple(sorted(out.items()))


def parse_selector(selector: str) -> list[DatasetChoice]:
    """The datasets a `reasoning-gym:` selector names, each checked by building it once."""
    body = selector[len(PREFIX) :].strip()
    if not body:
        raise BadInput(f"suite {selector!r} names no dataset: write e.g. reasoning-gym:chain_sum,number_sorting")
    reasoning_gym = import_reasoning_gym(selector)
    registry = reasoning_gym.factory.DATASETS
    choices = []
    for item in _split_top_level(body):
        match = _ITEM.match(item)
        if not match:
            raise BadInput(f"suite {selector!r}: cannot read {item!r}; write NAME or NAME(KEY=VALUE,…)")
        name, settings = match.group(1), match.group(2)
        if name not in registry:
            close = [known for known in sorted(registry) if name[:4] in known][:5]
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise BadInput(
                f"suite {selector!r}: reasoning-gym has no dataset {name!r}{hint}; its names are listed by "
                "`python -c 'import reasoning_gym.factory as f; print(sorted(f.DATASETS))'`"
            )
        overrides = _overrides(selector, name, settings, registry[name][1]) if settings else ()
        try:
            reasoning_gym.create_dataset(name, seed=0, size=1, **dict(overrides))[0]
        except Exception as err:  # noqa: BLE001 — the dataset's own validation is assert-based
            raise BadInput(f"suite {selector!r}: {name} refuses these settings ({type(err).__name__}: {err})") from err
        choices.append(DatasetChoice(name, overrides))
    return choices
