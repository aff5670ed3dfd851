import pytest

from agi_trainer.policy import Policy
from agi_trainer.spec import BadInput

CONVERSATION = (
    [{"role": "system", "content": "Use the tools."}, {"role": "user", "content": "Goal: Calculate 1 + 2."}],
    [{"type": "function", "function": {"name": "calculate", "parameters": {"type": "object", "properties": {}}}}],
)


@pytest.fixture(scope="module")
def adapter(tiny_model, tmp_path_factory):
    """A LoRA adapter with non-zero weights: acting with it must change nothing but the model's outputs."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    model = get_peft_model(
        AutoModelForCausalLM.from_pretrained(tiny_model), LoraConfig(r=4, target_modules="all-linear")
    )
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.5)
    out = str(tmp_path_factory.mktemp("adapter"))
    model.save_pretrained(out)
    return out


def test_greedy_generation_is_deterministic_and_batched_rows_match_single_ones(tiny_model):
    policy = Policy(tiny_model, None, "cpu", "fp32")
    longer = (CONVERSATION[0] + [{"role": "assistant", "content": "x"}, {"role": "user", "content": "go on"}],)
    batch = [CONVERSATION, (longer[0], CONVERSATION[1])]
    first = policy.generate(batch, max_new_tokens=12, temperature=0, seed=0)
    assert first == policy.generate(batch, max_new_tokens=12, temperature=0, seed=1)
    assert all(reply.refused is None for reply in first)
    sampled = policy.generate(batch, max_new_tokens=12, temperature=1.0, seed=5)
    assert sampled == policy.generate(batch, max_new_tokens=12, temperature=1.0, seed=5)


def test_a_conversation_longer_than_the_context_is_refused_not_crashed(tiny_model):
    policy = Policy(tiny_model, None, "cpu", "fp32")
    (reply,) = policy.generate([CONVERSATION], max_new_tokens=policy.context, temperature=0, seed=0)
    assert (
        "no longer fits the model's context" in reply.refused and "lower max_steps or max_new_tokens" in reply.refused
    )


def test_an_adapter_is_applied(tiny_model, adapter):
    base = Policy(tiny_model, None, "cpu", "fp32")
    tuned = Policy(tiny_model, adapter, "cpu", "fp32")
    import torch

    ids = base.tokenizer("Goal: Calculate", return_tensors="pt")["input_ids"]
    with torch.no_grad():
        assert not torch.allclose(base.model(ids).logits, tuned.model(ids).logits)


def test_a_broken_adapter_folder_is_bad_input(tiny_model, tmp_path):
    (tmp_path / "adapter_config.json").write_text("{}")
    with pytest.raises(BadInput, match="cannot load adapter"):
        Policy(tiny_model, str(tmp_path), "cpu", "fp32")
