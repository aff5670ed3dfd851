import json
import os

import pytest
from conftest import REPO

from agi_trainer.protocol import validate

FIXTURES = os.path.join(REPO, "tests", "fixtures", "trainer-protocol")


def _lines(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.mark.parametrize("event", _lines("valid.jsonl"))
def test_valid_fixtures_pass(event):
    validate(event)


@pytest.mark.parametrize("event", _lines("invalid.jsonl"))
def test_invalid_fixtures_fail(event):
    with pytest.raises(ValueError):
        validate(event)


@pytest.mark.parametrize("name", ["valid.jsonl", "invalid.jsonl"])
def test_fixture_files_are_not_empty(name):
    # An empty file would make the parametrized tests above collect nothing and pass silently.
    assert len(_lines(name)) >= 15
