"""The rollout spec (`python -m agi_trainer rollout --spec FILE`; src/shared/rollout-contract.ts RolloutSpecSchema),
validated up front with every problem reported at once."""

from __future__ import annotations

import json
import os
from dataclasses import fields, make_dataclass

from . import json_schema
from .spec import BadInput, _looks_local

SCHEMA = json_schema.load("rollout-spec")


class _RolloutSpecMethods:
    # What pick_device reads from a run spec: acting uses the base precision and no training-only kernels.
    precision = "auto"
    quantization = "none"
    liger_kernel = False
    flash_attention = False

    @classmethod
    def load(cls, path: str) -> RolloutSpec:
        try:
            with open(path, encoding="utf-8") as f:
                raw = json.load(f)
        except (OSError, json.JSONDecodeError) as err:
            raise BadInput(f"cannot read rollout spec {path}: {err}") from err
        if not isinstance(raw, dict):
            raise BadInput(f"rollout spec {path} is not a JSON object")
        given = {**json_schema.defaults(SCHEMA), **raw}
        if set(given) != set(SCHEMA["properties"]):  # unknown or missing keys: say which, with every other problem
            problems = json_schema.problems(SCHEMA, given)
            raise BadInput(f"rollout spec {path}: " + "; ".join(p.message for p in problems))
        spec = cls(**given)
        spec.check(path)
        return spec

    def check(self, path: str = "rollout spec") -> None:
        """Reports every problem at once, each with its fix: the schema's, then what only this host can tell."""
        found = json_schema.problems(SCHEMA, {f.name: getattr(self, f.name) for f in fields(self)})
        problems = [p.message for p in found]
        bad = {p.field for p in found}
        if "base_model" not in bad and _looks_local(self.base_model) and not os.path.isdir(self.base_model):
            problems.append(
                f"base model path {self.base_model} does not exist: build it with `agi-core trainer base-model DIR` "
                "or `agi-core trainer tiny-model DIR`"
            )
        if (
            "adapter_path" not in bad
            and self.adapter_path is not None
            and not os.path.isfile(os.path.join(self.adapter_path, "adapter_config.json"))
        ):
            problems.append(
                f"adapter_path {self.adapter_path!r} is not a peft adapter folder (no adapter_config.json): give a "
                "trained run's adapter folder, or null for the base model"
            )
        if "attempts" not in bad and "temperature" not in bad and self.attempts > 1 and self.temperature == 0:
            problems.append(
                f"attempts {self.attempts} at temperature 0 would repeat one greedy episode: set temperature above 0 "
                "(0.7-1.0 samples attempts that differ) or attempts 1"
            )
        if "results_path" not in bad and os.path.isdir(self.results_path):
            problems.append(f"results_path {self.results_path} is a folder: give a file path")
        if problems:
            raise BadInput(f"rollout spec {path}: " + "; ".join(problems))


# The fields are the schema's (src/shared/rollout-contract.ts RolloutSpecSchema); a key a hand-written spec leaves
# out means its documented default (schemas/rollout-spec.schema.json).
RolloutSpec = make_dataclass(
    "RolloutSpec",
    json_schema.dataclass_fields(SCHEMA),
    bases=(_RolloutSpecMethods,),
    frozen=True,
    namespace={"__module__": __name__},  # pickles (DDP ranks) and reprs as this module's
)
