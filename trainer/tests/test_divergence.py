"""A training that diverges fails as bad input (never retried with the same settings) and leaves no adapter to
publish; a LoRA rank wider than the base model's layers is refused before training. A learning rate of 1e30 once
published and activated an adapter of NaN weights."""

import os
import re
from types import SimpleNamespace

import pytest
from conftest import of, run_trainer

from agi_trainer.checks import check_lora_rank, targeted_layers
from agi_trainer.spec import BadInput

EXIT_BAD_INPUT = 2


def _refused(spec_path: str, events: list[dict], code: int) -> str:
    """The run failed as bad input, said nothing else after, and left no adapter behind; returns the message."""
    assert code == EXIT_BAD_INPUT, events
    assert not of(events, "done")
    errors = of(events, "error")
    assert len(errors) == 1 and errors[0]["kind"] == "bad_input", errors
    run_dir = os.path.dirname(spec_path)
    adapter = os.path.join(run_dir, "run", "adapter")
    assert not os.path.exists(os.path.join(adapter, "adapter_config.json"))
    assert not os.path.exists(adapter) and not os.path.exists(adapter + ".partial")
    return errors[0]["message"]


def test_a_loss_that_becomes_nan_stops_the_run_at_that_step_named_and_saves_nothing(make_spec):
    spec = make_spec("lora", learning_rate=1e30)
    code, events = run_trainer(spec)
    message = _refused(spec, events, code)
    found = re.fullmatch(
        r"training diverged: loss became nan at step (\d+) \(learning\.learning_rate 1e\+30\): lower "
        r"learning\.learning_rate \(typical LoRA learning rates are 1e-5 to 1e-3\); no adapter was saved",
        message,
    )
    assert found, message
    step = int(found.group(1))
    # Stopped at the first bad loss, not trained on to max_steps (30): that step's progress is the last, its loss
    # null (JSON has no NaN), and no checkpoint of the diverged weights was written.
    progress = of(events, "progress")
    assert [p["step"] for p in progress] == list(range(1, step + 1))
    assert step < 5 and progress[-1]["loss"] is None
    assert all(p["loss"] is not None for p in progress[:-1])
    assert not of(events, "checkpoint")


def test_weights_that_become_nan_on_the_last_step_are_never_saved(make_spec):
    # One step, so every logged loss is finite (a step's loss is computed before its update); a rate that is
    # infinite in float32 turns the LoRA weights NaN in that one update.
    spec = make_spec("lora", learning_rate=1e39, max_steps=1)
    code, events = run_trainer(spec)
    message = _refused(spec, events, code)
    assert [p["loss"] is not None for p in of(events, "progress")] == [True]
    assert message.startswith("training diverged: trainable (LoRA) weights became nan/inf (base_model."), message
    assert ".lora_A.default.weight" in message and " at step 1 (learning.learning_rate 1e+39): lower " in message
    assert not of(events, "eval") or all(e["phase"] == "before" for e in of(events, "eval"))


def test_finite_weights_whose_eval_loss_is_nan_are_never_saved(make_spec):
    # One step at 1e30: the weights stay finite (about 1e30) but every forward pass overflows.
    spec = make_spec("lora", learning_rate=1e30, max_steps=1)
    code, events = run_trainer(spec)
    message = _refused(spec, events, code)
    assert message == (
        "training diverged: the eval loss after training became nan at step 1 (learning.learning_rate 1e+30): "
        "lower learning.learning_rate (typical LoRA learning rates are 1e-5 to 1e-3); no adapter was saved"
    )


def test_a_rank_wider_than_the_base_models_layers_is_refused_before_training(make_spec, tiny_model):
    spec = make_spec("lora", lora_rank=128)
    code, events = run_trainer(spec)
    message = _refused(spec, events, code)
    # The tiny model is 64 wide, but its key/value projections (2 of 4 heads, 16 each) are 32.
    assert message == (
        f"learning.lora_rank 128 exceeds the 32-wide layers of base model {tiny_model} "
        "(model.layers.0.self_attn.k_proj and 3 more): use at most 32"
    )
    assert not of(events, "start") and not of(events, "progress")


@pytest.fixture(scope="module")
def tiny(tiny_model):
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(tiny_model)


def test_the_rank_limit_is_the_narrowest_targeted_layer(tiny, tiny_model):
    def spec(rank, target="all-linear"):
        return SimpleNamespace(lora_rank=rank, target_modules=target, base_model=tiny_model)

    check_lora_rank(tiny, spec(32))
    with pytest.raises(BadInput, match="learning.lora_rank 33 exceeds the 32-wide layers .*use at most 32"):
        check_lora_rank(tiny, spec(33))
    # Named targets: only their widths count (q_proj and o_proj are 64 by 64).
    check_lora_rank(tiny, spec(64, ["q_proj", "o_proj"]))
    with pytest.raises(BadInput, match=r"65 exceeds the 64-wide layers .*\(model\.layers\.0\.self_attn\.q_proj and 3"):
        check_lora_rank(tiny, spec(65, ["q_proj", "o_proj"]))
    # A regex is matched whole, as peft does; all-linear leaves out the output head (64 by 512).
    assert set(targeted_layers(tiny, r".*\.mlp\.down_proj").values()) == {(128, 64)}
    assert "lm_head" not in targeted_layers(tiny, "all-linear")
    # Targets that match nothing are left to peft, which names them.
    check_lora_rank(tiny, spec(10_000, ["no_such_layer"]))
