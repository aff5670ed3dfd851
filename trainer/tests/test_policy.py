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


def _left_padded(policy, texts):
    batch = policy.tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
    return batch["input_ids"], batch["attention_mask"]


def test_decoding_drops_finished_rows_and_keeps_greedy_search_tokens(tiny_model):
    """Rows of different lengths, one ended early by `ends_turn`: every other row gets generate()'s greedy tokens."""
    import torch

    from agi_trainer.decode import decode_batch

    policy = Policy(tiny_model, None, "cpu", "fp32")
    ids, mask = _left_padded(policy, ["Goal: Calculate 1 + 2.", "Goal: sort 3 1 2 descending, then tell me", "x"])
    with torch.inference_mode():
        reference = policy.model.generate(
            input_ids=ids,
            attention_mask=mask,
            max_new_tokens=10,
            do_sample=False,
            eos_token_id=None,
            pad_token_id=policy.tokenizer.pad_token_id,
        )[:, ids.shape[1] :].tolist()
    calls = []

    def ends_turn(tokens):
        calls.append(len(tokens))
        return len(calls) == 2  # rows are asked in order: row 1, after its first token

    out = decode_batch(
        policy.model,
        ids,
        mask,
        max_new_tokens=10,
        stop_ids=[],
        temperature=0,
        seed=0,
        ends_turn=ends_turn,
        stopped=lambda: False,
    )
    assert out[1] == reference[1][:1]
    assert out[0] == reference[0] and out[2] == reference[2]
    # Row 1 left the batch: steps 2 to 9 asked only about the other two rows (the 10th token ends a row anyway).
    assert calls == [1, 1, 1] + [n for n in range(2, 10) for _ in range(2)]


def test_decoding_stops_at_a_stop_id_and_on_a_stop_request(tiny_model):
    from agi_trainer.decode import decode_batch

    policy = Policy(tiny_model, None, "cpu", "fp32")
    ids, mask = _left_padded(policy, ["Goal: Calculate 1 + 2.", "y"])
    free = decode_batch(
        policy.model,
        ids,
        mask,
        max_new_tokens=6,
        stop_ids=[],
        temperature=0,
        seed=0,
        ends_turn=lambda tokens: False,
        stopped=lambda: False,
    )
    stop_id = free[0][2]
    out = decode_batch(
        policy.model,
        ids,
        mask,
        max_new_tokens=6,
        stop_ids=[stop_id],
        temperature=0,
        seed=0,
        ends_turn=lambda tokens: False,
        stopped=lambda: False,
    )
    assert out[0] == free[0][: free[0].index(stop_id) + 1]
    checks = []
    assert (
        decode_batch(
            policy.model,
            ids,
            mask,
            max_new_tokens=6,
            stop_ids=[],
            temperature=0.7,
            seed=0,
            ends_turn=lambda tokens: False,
            stopped=lambda: checks.append(1) or len(checks) > 2,
        )
        is None
    )


def test_a_hybrid_model_with_convolution_states_drops_rows_too():
    """LFM2 mixes attention and convolution layers: its cache selects rows in every layer, states included."""
    import torch
    from transformers import Lfm2Config, Lfm2ForCausalLM

    from agi_trainer.decode import decode_batch

    config = Lfm2Config(
        vocab_size=128, hidden_size=32, intermediate_size=64, num_hidden_layers=4, num_attention_heads=4,
        num_key_value_heads=2, layer_types=["conv", "full_attention", "conv", "full_attention"],
        max_position_embeddings=256, initializer_range=0.5,
    )  # fmt: skip
    torch.manual_seed(0)
    model = Lfm2ForCausalLM(config).eval()
    ids = torch.tensor([[0, 0, 5, 6, 7], [1, 2, 3, 4, 5], [0, 9, 8, 7, 6]])
    mask = (torch.arange(5)[None, :] >= torch.tensor([[2], [0], [1]])).long()
    with torch.inference_mode():
        reference = model.generate(
            input_ids=ids, attention_mask=mask, max_new_tokens=8, do_sample=False, eos_token_id=None, pad_token_id=0
        )[:, 5:].tolist()
    asked = []
    out = decode_batch(
        model, ids, mask, max_new_tokens=8, stop_ids=[], temperature=0, seed=0,
        ends_turn=lambda tokens: asked.append(1) or len(asked) == 1, stopped=lambda: False,
    )  # fmt: skip
    assert out == [reference[0][:1], reference[1], reference[2]]
    assert len({tuple(row) for row in reference}) > 1 and len(set(reference[1])) > 1


def test_the_models_repetition_penalty_is_applied_as_generate_applies_it(tiny_model, tmp_path):
    import json
    import shutil

    import torch

    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    settings = json.loads((folder / "generation_config.json").read_text())
    (folder / "generation_config.json").write_text(json.dumps({**settings, "repetition_penalty": 1.8}))
    policy = Policy(str(folder), None, "cpu", "fp32")
    texts = ["Goal: Calculate 1 + 2.", "Goal: sort 3 1 2 descending, then tell me"]
    batch = policy.tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
    with torch.inference_mode():
        penalised = policy.model.generate(
            **batch, max_new_tokens=12, do_sample=False, eos_token_id=None, pad_token_id=policy.tokenizer.pad_token_id
        )[:, batch["input_ids"].shape[1] :].tolist()
        plain = policy.model.generate(
            **batch, max_new_tokens=12, do_sample=False, eos_token_id=None, repetition_penalty=1.0,
            pad_token_id=policy.tokenizer.pad_token_id,
        )[:, batch["input_ids"].shape[1] :].tolist()  # fmt: skip
    assert penalised != plain  # the penalty changes what this model writes
    from agi_trainer.decode import decode_batch

    out = decode_batch(
        policy.model, batch["input_ids"], batch["attention_mask"], max_new_tokens=12, stop_ids=[], temperature=0,
        seed=0, ends_turn=lambda tokens: False, stopped=lambda: False, processors=policy.processors,
    )  # fmt: skip
    assert out == penalised


def test_a_cache_that_cannot_drop_rows_keeps_them_and_gives_the_same_tokens(tiny_model, monkeypatch):
    from transformers import DynamicCache

    from agi_trainer.decode import decode_batch

    policy = Policy(tiny_model, None, "cpu", "fp32")
    ids, mask = _left_padded(policy, ["Goal: Calculate 1 + 2.", "Goal: sort 3 1 2", "x"])

    def run():
        asked = []

        def ends_turn(tokens):
            asked.append(len(tokens))
            return len(asked) == 1  # row 0 ends after its first token

        tokens = decode_batch(
            policy.model,
            ids,
            mask,
            max_new_tokens=8,
            stop_ids=[],
            temperature=0,
            seed=0,
            ends_turn=ends_turn,
            stopped=lambda: False,
        )
        return tokens, asked

    dropping = run()
    monkeypatch.setattr(DynamicCache, "reorder_cache", None)
    assert run() == dropping
    assert len(dropping[0][0]) == 1 and len(dropping[0][1]) == 8


def test_decoding_settings_acting_does_not_apply_are_named_in_the_log(caplog):
    from transformers import GenerationConfig

    from agi_trainer.policy import decoding_processors

    with caplog.at_level("WARNING", logger="agi_trainer.policy"):
        assert decoding_processors(GenerationConfig(no_repeat_ngram_size=3, repetition_penalty=1.05), "qwen") != []
    assert "qwen's generation_config sets no_repeat_ngram_size: acting does not apply them" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="agi_trainer.policy"):
        assert decoding_processors(GenerationConfig(), "smol") == []
    assert caplog.text == ""
