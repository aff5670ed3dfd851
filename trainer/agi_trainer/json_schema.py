"""The JSON Schemas generated from the zod ones (schemas/, written by `npx tsx src/trainer/write-json-schemas.ts`),
and checks against them whose messages name the field and what to use instead."""

from __future__ import annotations

import json
import math
from dataclasses import field
from importlib import resources
from typing import Any, NamedTuple

from jsonschema import Draft202012Validator
from jsonschema.validators import extend

MAX_SAFE_INTEGER = 2**53 - 1


def load(name: str) -> dict[str, Any]:
    return json.loads((resources.files(__package__) / "schemas" / f"{name}.schema.json").read_text("utf-8"))


def _finite(value: Any) -> bool:
    # JSON has no NaN or Infinity (JSON.parse refuses them): Python's json module would let them through.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return isinstance(value, int) or math.isfinite(value)


# 3.0 is an integer, as in JavaScript, which cannot tell them apart.
_Validator = extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine_many(
        {
            "number": lambda _, v: _finite(v),
            "integer": lambda _, v: _finite(v) and float(v).is_integer(),
        }
    ),
)


class Problem(NamedTuple):
    field: str  # the top-level key at fault, "" for the whole value
    message: str


def problems(schema: dict[str, Any], value: Any) -> list[Problem]:
    """Every way `value` breaks `schema`, each once, in the schema's field order."""
    found: dict[tuple, Problem] = {}
    for error in _Validator(schema).iter_errors(value):
        path = tuple(error.absolute_path)
        top = str(path[0]) if path else ""
        if error.validator in ("required", "additionalProperties"):
            instance, sub = error.instance, error.schema
            if error.validator == "required":
                keys, what, fix = [k for k in sub["required"] if k not in instance], "missing keys", "add them"
            else:
                keys, what, fix = sorted(set(instance) - set(sub.get("properties", {}))), "unknown keys", "remove them"
            where = f"{_label(schema, path)}: " if path else ""
            found[(path, what)] = Problem(top, f"{where}{what} {keys}: {fix}")
        elif (path, "value") not in found:
            message = f"{_label(schema, path)} {error.instance!r}: use {describe(error.schema)}"
            if error.validator == "maximum" and error.validator_value == MAX_SAFE_INTEGER:
                message += f" up to {MAX_SAFE_INTEGER} (JavaScript's largest exact integer)"
            if error.schema.get("description"):
                message += f" ({error.schema['description']})"
            found[(path, "value")] = Problem(top, message)
    order = list(schema.get("properties", {}))
    return sorted(found.values(), key=lambda p: order.index(p.field) if p.field in order else -1)


def _label(schema: dict[str, Any], path: tuple) -> str:
    """A field as a person would name it: its title (the config key it comes from) or its dotted path."""
    if not path:
        return "value"
    title = schema.get("properties", {}).get(path[0], {}).get("title")
    return ".".join([title or str(path[0]), *(str(p) for p in path[1:])])


def describe(schema: dict[str, Any]) -> str:
    """What a value of `schema` is, in words: 'a whole number from 1', 'none, full_shard or shard_grad_op'."""
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if alternatives:
        return _either([describe(a) for a in alternatives])
    if "const" in schema:
        return str(schema["const"])
    if "enum" in schema:
        return _either([str(v) for v in schema["enum"]])
    kind = schema.get("type")
    if isinstance(kind, list):
        return _either([describe({**schema, "type": k}) for k in kind])
    if kind == "integer":
        low = schema.get("minimum")
        if "exclusiveMinimum" in schema:
            low = math.floor(schema["exclusiveMinimum"]) + 1
        high = schema.get("maximum")
        high = None if high == MAX_SAFE_INTEGER else high  # zod's bound on every int: said only when broken
        return (
            "a whole number"
            + (f" from {low}" if low is not None else "")
            + (f" up to {high}" if high is not None else "")
        )
    if kind == "number":
        words = {"minimum": "from", "exclusiveMinimum": "above", "maximum": "up to", "exclusiveMaximum": "below"}
        bounds = " and ".join(f"{word} {schema[key]}" for key, word in words.items() if key in schema)
        return f"a number {bounds}".strip()
    if kind == "string":
        return "a non-empty string" if schema.get("minLength") else "a string"
    if kind == "boolean":
        return "true or false"
    if kind == "null":
        return "null"
    if kind == "array":
        items = describe(schema.get("items", {})).removeprefix("a ").removeprefix("an ")
        return ("a non-empty list" if schema.get("minItems") else "a list") + f" of {items}s"
    if kind == "object":
        return "an object"
    return "a value of the documented shape"


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def defaults(schema: dict[str, Any]) -> dict[str, Any]:
    """What a key that is left out means: the schema's documented default."""
    return {key: prop["default"] for key, prop in schema["properties"].items() if "default" in prop}


def dataclass_fields(schema: dict[str, Any], plain_default=lambda key: True) -> list[tuple[str, Any, Any]]:
    """The schema's properties as make_dataclass fields, those without a default first. `plain_default(key)` false
    makes that default a factory, so that dataclasses.fields lists it without a `default`."""
    given = defaults(schema)
    out = []
    for key in sorted(schema["properties"], key=lambda k: k in given):
        if key not in given:
            out.append((key, Any, field()))
        elif plain_default(key) and not isinstance(given[key], (list, dict)):
            out.append((key, Any, field(default=given[key])))
        else:
            out.append((key, Any, field(default_factory=lambda v=given[key]: json.loads(json.dumps(v)))))
    return out
