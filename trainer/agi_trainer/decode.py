"""Batched decoding that drops a row from the batch as soon as it has finished its turn.

`model.generate` keeps computing every row until the longest one stops: in an acting batch most rows end their turn
(a tool call, a short answer) within ~30 tokens while one rambling row runs to `max_new_tokens`, so most of the
decode steps were spent on rows whose text was already thrown away. Here a finished row leaves the KV cache
(`Cache.reorder_cache` with the rows still writing: every cache layer type, linear-attention and convolution states
included, selects rows that way) and the next steps cost what the rows still writing cost. Greedy at temperature 0
(the same tokens as `generate`'s greedy search), plain sampling above it from a seeded generator; `processors`
(transformers logits processors, e.g. the model's repetition penalty) see each row's whole sequence. The first forward
runs a prompt prefix that rows share (a suite's system prompt) once: prefill.py."""

from __future__ import annotations

import inspect
from collections.abc import Callable

from .prefill import prefill


def decode_batch(
    model,
    input_ids,
    attention_mask,
    *,
    max_new_tokens: int,
    stop_ids: list[int],
    temperature: float,
    seed: int,
    ends_turn: Callable[[list[int]], bool],
    stopped: Callable[[], bool],
    processors: list | None = None,
) -> list[list[int]] | None:
    """New tokens per row (a stop id included as the last token when one ended the row); None when `stopped()`.

    `input_ids` are left padded; `ends_turn(tokens)` says a row is done without a stop id (its call is complete)."""
    import torch

    rows = input_ids.shape[0]
    out: list[list[int]] = [[] for _ in range(rows)]
    live = list(range(rows))  # batch position -> row
    generator = None
    if temperature > 0:
        generator = torch.Generator(device=input_ids.device)
        generator.manual_seed(seed)
    stops = torch.tensor(stop_ids, dtype=torch.long, device=input_ids.device)
    # Only the last position's logits are needed; a model whose forward cannot be told so computes them all.
    keep_last = {"logits_to_keep": 1} if "logits_to_keep" in inspect.signature(model.forward).parameters else {}
    with torch.inference_mode():
        first = prefill(model, input_ids, attention_mask, keep_last)
        cache, mask, last, logits = first.cache, first.mask, first.last, first.logits
        sequences = first.sequences  # what the processors see: prompt and new tokens, per row still writing
        # A cache that cannot select rows (a legacy tuple cache of remote code) keeps them, as generate does.
        can_drop = callable(getattr(cache, "reorder_cache", None))
        finished = [False] * rows
        for _ in range(max_new_tokens):
            if stopped():
                return None
            for processor in processors or []:
                logits = processor(sequences, logits)
            if generator is None:
                chosen = logits.argmax(dim=-1)
            else:
                probs = torch.softmax(logits.float() / temperature, dim=-1)
                chosen = torch.multinomial(probs, 1, generator=generator).squeeze(-1)
            ended = torch.isin(chosen, stops).tolist()
            keep = []
            for k, (row, token) in enumerate(zip(live, chosen.tolist(), strict=True)):
                if finished[row]:
                    continue
                out[row].append(token)
                if ended[k] or len(out[row]) >= max_new_tokens or ends_turn(out[row]):
                    finished[row] = True
                else:
                    keep.append(k)
            if not keep:
                break
            sequences = torch.cat([sequences, chosen[:, None]], dim=-1) if processors else sequences
            if can_drop and len(keep) < len(live):
                index = torch.tensor(keep, device=input_ids.device)
                cache.reorder_cache(index)
                mask, last, chosen, sequences = mask[index], last[index], chosen[index], sequences[index]
                live = [live[k] for k in keep]
            mask = torch.cat([mask, mask.new_ones((mask.shape[0], 1))], dim=-1)
            last = last + 1
            result = model(
                input_ids=chosen[:, None], attention_mask=mask, position_ids=last, past_key_values=cache, use_cache=True
            )
            logits = result.logits[:, -1, :]
    return None if stopped() else out
