import json
import os

import pytest
from conftest import REPO

from agi_trainer.protocol import ERROR_KINDS, EVENTS, emit, validate

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


def test_a_refusal_names_the_event_the_field_and_what_to_use():
    with pytest.raises(ValueError) as err:
        validate({"event": "progress", "step": -1, "total_steps": 14, "loss": float("nan"), "learning_rate": 0.1})
    message = str(err.value)
    assert message.startswith("progress event: ")
    for part in (
        "missing keys ['tokens_per_second', 'eta_seconds']: add them",
        "step -1: use a whole number from 0",
        "loss nan: use a number or null",
    ):
        assert part in message
    with pytest.raises(ValueError, match="unknown event 'begin': use start, progress, checkpoint"):
        validate({"event": "begin"})


def test_the_event_shapes_are_the_generated_schemas():
    # One definition (src/shared/trainer-protocol.ts TrainerEventSchema), read from its JSON Schema.
    assert set(EVENTS) >= {"start", "progress", "checkpoint", "eval", "done", "error", "rollout_done"}
    assert ERROR_KINDS == ("bad_input", "oom", "interrupted", "internal")


def test_emit_writes_a_valid_line_and_turns_a_diverged_loss_into_null(capfd):
    emit("progress", step=1, total_steps=2, loss=float("inf"), learning_rate=0.1, tokens_per_second=None, eta_seconds=1)
    (line,) = capfd.readouterr().out.splitlines()
    assert json.loads(line)["loss"] is None
    with pytest.raises(ValueError, match="checkpoint event: path '': use a non-empty string"):
        emit("checkpoint", step=1, path="")
