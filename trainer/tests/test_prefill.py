"""A prefix several rows share runs once; every row still decodes what generate() would give it."""

import pytest

from agi_trainer.policy import Policy
from agi_trainer.prefill import GROUP_KEY_TOKENS, plan_prefixes

SYSTEM = (
    "System: you are a careful assistant with a calculator tool and a sorting tool. To use one, write the call "
    "between tool_call tags. Example: User: Goal: add 2 and 3. Assistant: calculate 2 + 3.\n"
)
PENALTY = 8.0  # strong enough to change what the random tiny model writes
TAILS = ["User: Goal: Calculate 1 + 2.", "User: Goal: sort 3 1 2 descending, then tell me", "User: x"]


def test_rows_are_grouped_by_their_first_tokens_and_share_their_longest_common_prefix():
    head = list(range(100, 100 + GROUP_KEY_TOKENS + 20))
    other = list(range(500, 500 + GROUP_KEY_TOKENS + 20))
    rows = [head + [1, 2, 3], other + [7], head + [1, 9], head + [4], other + [8, 8, 8]]
    plan = plan_prefixes(rows)
    assert plan is not None
    assert plan.group == [0, 1, 0, 0, 1]
    assert plan.prefixes == [head, other]
    assert plan.own == [[1, 2, 3], [7], [1, 9], [4], [8, 8, 8]]


def test_every_row_keeps_its_last_token_even_when_it_is_all_prefix():
    head = list(range(GROUP_KEY_TOKENS + 30))
    plan = plan_prefixes([head, head, head + [5, 6]])
    assert plan is not None
    assert plan.prefixes == [head[:-1]]
    assert plan.own == [head[-1:], head[-1:], [head[-1], 5, 6]]


@pytest.mark.parametrize(
    "rows",
    [
        [list(range(40))],  # one row: nothing to share
        [list(range(40)), [7]],  # a one-token row cannot be split into prefix and own tokens
        [list(range(40)), list(range(100, 140))],  # nothing shared: the plain prefill is cheaper
        [[1, 2, 3, 4], [1, 2, 3, 5]],  # three shared tokens save too little for a second forward
    ],
)
def test_no_plan_when_sharing_does_not_pay(rows):
    assert plan_prefixes(rows) is None


def _batch(policy, texts):
    batch = policy.tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
    return batch["input_ids"], batch["attention_mask"]


def _greedy_reference(policy, ids, mask, max_new_tokens, **settings):
    import torch

    with torch.inference_mode():
        return policy.model.generate(
            input_ids=ids,
            attention_mask=mask,
            max_new_tokens=max_new_tokens,
            do_sample=False,
            eos_token_id=None,
            pad_token_id=policy.tokenizer.pad_token_id,
            **settings,
        )[:, ids.shape[1] :].tolist()


def _decode(policy, ids, mask, max_new_tokens, ends_turn=lambda tokens: False, processors=None):
    from agi_trainer.decode import decode_batch

    return decode_batch(
        policy.model,
        ids,
        mask,
        max_new_tokens=max_new_tokens,
        stop_ids=[],
        temperature=0,
        seed=0,
        ends_turn=ends_turn,
        stopped=lambda: False,
        processors=processors,
    )


def _spy_forwards(policy, monkeypatch):
    seen = []
    forward = policy.model.forward

    def spy(*args, **kwargs):
        seen.append(tuple(kwargs["input_ids"].shape))
        return forward(*args, **kwargs)

    monkeypatch.setattr(policy.model, "forward", spy)
    return seen


def test_rows_sharing_a_system_prompt_decode_generates_greedy_tokens_with_the_prefix_run_once(tiny_model, monkeypatch):
    policy = Policy(tiny_model, None, "cpu", "fp32")
    ids, mask = _batch(policy, [SYSTEM + tail for tail in TAILS])
    reference = _greedy_reference(policy, ids, mask, 10)
    seen = _spy_forwards(policy, monkeypatch)
    asked = []

    def ends_turn(tokens):
        asked.append(1)
        return len(asked) == 2  # row 1 ends after its first token and leaves the batch

    out = _decode(policy, ids, mask, 10, ends_turn)
    assert out == [reference[0], reference[1][:1], reference[2]]
    # The first forward ran the shared prefix once (one row), the second only each row's own tokens.
    prefix_rows, prefix_width = seen[0]
    own_rows, own_width = seen[1]
    assert prefix_rows == 1 and own_rows == 3
    assert prefix_width + own_width <= ids.shape[1] and prefix_width > own_width
    assert all(shape[1] == 1 for shape in seen[2:])


def test_two_system_prompts_in_one_batch_each_run_once(tiny_model, monkeypatch):
    policy = Policy(tiny_model, None, "cpu", "fp32")
    other = SYSTEM.replace("careful", "patient").replace("sorting", "counting")
    texts = [SYSTEM + TAILS[0], other + TAILS[1], SYSTEM + TAILS[2], other + TAILS[0]]
    ids, mask = _batch(policy, texts)
    reference = _greedy_reference(policy, ids, mask, 8)
    seen = _spy_forwards(policy, monkeypatch)
    assert _decode(policy, ids, mask, 8) == reference
    assert seen[0][0] == 2 and seen[1][0] == 4


def test_the_repetition_penalty_sees_the_whole_prompt_with_a_shared_prefix(tiny_model):
    from transformers.generation.logits_process import RepetitionPenaltyLogitsProcessor

    policy = Policy(tiny_model, None, "cpu", "fp32")
    ids, mask = _batch(policy, [SYSTEM + tail for tail in TAILS])
    penalised = _greedy_reference(policy, ids, mask, 12, repetition_penalty=PENALTY)
    assert penalised != _greedy_reference(policy, ids, mask, 12)
    assert _decode(policy, ids, mask, 12, processors=[RepetitionPenaltyLogitsProcessor(penalty=PENALTY)]) == penalised


def test_a_sliding_window_or_hybrid_model_gets_the_plain_prefill():
    from transformers import Lfm2Config, Lfm2ForCausalLM, MistralConfig, MistralForCausalLM

    from agi_trainer.prefill import shares_prefixes

    hybrid = Lfm2ForCausalLM(
        Lfm2Config(
            vocab_size=64, hidden_size=16, intermediate_size=32, num_hidden_layers=2, num_attention_heads=2,
            num_key_value_heads=1, layer_types=["conv", "full_attention"],
        )
    )  # fmt: skip
    sliding = MistralForCausalLM(
        MistralConfig(
            vocab_size=64, hidden_size=16, intermediate_size=32, num_hidden_layers=2, num_attention_heads=2,
            num_key_value_heads=1, sliding_window=8,
        )
    )  # fmt: skip
    assert not shares_prefixes(hybrid) and not shares_prefixes(sliding)


def test_a_full_attention_model_shares_prefixes(tiny_model):
    from agi_trainer.prefill import shares_prefixes

    assert shares_prefixes(Policy(tiny_model, None, "cpu", "fp32").model)


def test_a_cache_that_cannot_select_rows_gets_the_plain_prefill(tiny_model, monkeypatch):
    from transformers import DynamicCache

    from agi_trainer.prefill import shares_prefixes

    policy = Policy(tiny_model, None, "cpu", "fp32")
    ids, mask = _batch(policy, [SYSTEM + tail for tail in TAILS])
    reference = _greedy_reference(policy, ids, mask, 6)
    monkeypatch.setattr(DynamicCache, "reorder_cache", None)
    assert not shares_prefixes(policy.model)
    assert _decode(policy, ids, mask, 6) == reference
