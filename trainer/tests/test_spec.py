import dataclasses
import os

import yaml
from conftest import REPO

from agi_trainer.spec import RunSpec


def test_every_trainer_setting_has_the_default_config_defaults_yaml_gives_it():
    # The TypeScript side passes each trainer setting through unchanged (TrainerSettingsSchema); the Python
    # defaults must say the same as the documented ones, or a spec written by an older worker would train
    # differently from the config.
    with open(os.path.join(REPO, "config", "defaults.yaml"), encoding="utf-8") as f:
        trainer = yaml.safe_load(f)["trainer"]
    defaults = {f.name: f.default for f in dataclasses.fields(RunSpec) if f.default is not dataclasses.MISSING}
    assert len(defaults) >= 17
    for name, default in defaults.items():
        assert name in trainer, f"trainer.{name} is a RunSpec setting but not in config/defaults.yaml"
        assert trainer[name] == default, f"trainer.{name}: defaults.yaml says {trainer[name]!r}, spec.py {default!r}"
