"""The first forward of a decoding batch, running a prompt prefix that several rows share once.

An acting batch is mostly one system prompt (a suite's tool description and worked example: ~115 of a first turn's
~145 tokens on the reasoning-gym mix) followed by each task's own turn, and a plain prefill computes that prefix once
per row: on two CPU cores it was 57 % of an evaluation's time. Here rows are grouped by their first tokens, each
group's longest common prefix runs once (one row per group), its cache rows are copied to every row of the group
(`reorder_cache` with repeated indices), and only each row's own tokens run after it, left padded after the prefix:
`[pad…, prefix, pad…, own tokens]`. The attention mask keeps every pad out and position ids count real tokens only,
so each row attends to exactly what a plain prefill gives it (up to the float rounding a different batch shape
brings, as any change of batch composition does).

Only for caches made of plain full-attention layers: a sliding window counts cache slots, not positions, and
convolution or linear-attention states would read the pads in the middle; those models get the plain prefill."""

from __future__ import annotations

from dataclasses import dataclass

# Rows are grouped by this many first tokens; a group's shared prefix is then its rows' longest common prefix.
GROUP_KEY_TOKENS = 16
# The shared path runs only when it computes at most this share of the plain prefill's (padded) tokens and saves at
# least this many: it costs one more forward, whose fixed overhead is about a decode step's.
WORTH_IT = 0.75
MIN_SAVED_TOKENS = 64


@dataclass(frozen=True)
class PrefixPlan:
    prefixes: list[list[int]]  # one per group
    group: list[int]  # per row: its group
    own: list[list[int]]  # per row: its tokens after its group's prefix (at least one)


def plan_prefixes(rows: list[list[int]]) -> PrefixPlan | None:
    """Groups and prefixes for `rows` (token ids without padding), or None when sharing would not save enough."""
    if len(rows) < 2 or any(len(row) < 2 for row in rows):
        return None
    keys: dict[tuple[int, ...], int] = {}
    group = [keys.setdefault(tuple(row[: min(GROUP_KEY_TOKENS, len(row) - 1)]), len(keys)) for row in rows]
    prefixes = []
    for g in range(len(keys)):
        members = [row for row, k in zip(rows, group, strict=True) if k == g]
        # Every row keeps at least its last token: that forward gives the logits of its first new token.
        limit = min(len(row) for row in members) - 1
        length = next((i for i in range(limit) if len({row[i] for row in members}) > 1), limit)
        prefixes.append(members[0][:length])
    own = [row[len(prefixes[g]) :] for row, g in zip(rows, group, strict=True)]
    plain = len(rows) * max(len(row) for row in rows)
    shared = len(prefixes) * max(len(p) for p in prefixes) + len(rows) * max(len(o) for o in own)
    worth_it = shared <= WORTH_IT * plain and plain - shared >= MIN_SAVED_TOKENS
    return PrefixPlan(prefixes, group, own) if worth_it else None


@dataclass
class Prefill:
    logits: object  # [rows, vocab]: the next-token logits of each row
    cache: object
    mask: object  # [rows, cached positions]
    last: object  # [rows, 1]: each row's last position id
    sequences: object  # [rows, n]: the prompt tokens, as the logits processors see them


def left_pad(rows: list[list[int]], pad_id: int, device):
    import torch

    width = max(len(row) for row in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long, device=device)
    mask = torch.zeros((len(rows), width), dtype=torch.long, device=device)
    for i, row in enumerate(rows):
        if row:
            ids[i, width - len(row) :] = torch.tensor(row, dtype=torch.long, device=device)
            mask[i, width - len(row) :] = 1
    return ids, mask


def shares_prefixes(model) -> bool:
    """True when the model's default cache holds plain full-attention layers only and can select rows."""
    from transformers import DynamicCache
    from transformers.cache_utils import DynamicLayer

    try:
        cache = DynamicCache(config=model.config)
    except Exception:  # noqa: BLE001 — a config the cache cannot read: the plain prefill
        return False
    plain_layers = bool(cache.layers) and all(type(layer) is DynamicLayer for layer in cache.layers)
    return plain_layers and callable(getattr(cache, "reorder_cache", None))  # rows are copied by selecting them


def prefill(model, input_ids, attention_mask, keep_last: dict) -> Prefill:
    """The first forward over left-padded `input_ids`, sharing prefixes where the model allows it and it pays."""
    import torch

    rows = [ids[mask.bool()].tolist() for ids, mask in zip(input_ids, attention_mask, strict=True)]
    plan = plan_prefixes(rows) if shares_prefixes(model) else None
    if plan is None:
        # Left padding: a row's positions count its real tokens only, as generate's position ids do.
        positions = (attention_mask.long().cumsum(-1) - 1).clamp(min=0)
        result = model(
            input_ids=input_ids, attention_mask=attention_mask, position_ids=positions, use_cache=True, **keep_last
        )
        return Prefill(result.logits[:, -1, :], result.past_key_values, attention_mask, positions[:, -1:], input_ids)
    from transformers import DynamicCache

    pad_id = 0  # any id: padded positions are masked out
    device = input_ids.device
    prefix_ids, prefix_mask = left_pad(plan.prefixes, pad_id, device)
    prefix_positions = (prefix_mask.cumsum(-1) - 1).clamp(min=0)
    cache = DynamicCache(config=model.config)
    model(
        input_ids=prefix_ids,
        attention_mask=prefix_mask,
        position_ids=prefix_positions,
        past_key_values=cache,
        use_cache=True,
        **keep_last,
    )
    index = torch.tensor(plan.group, dtype=torch.long, device=device)
    cache.reorder_cache(index)
    own_ids, own_mask = left_pad(plan.own, pad_id, device)
    mask = torch.cat([prefix_mask[index], own_mask], dim=-1)
    positions = (mask.cumsum(-1) - 1).clamp(min=0)[:, prefix_ids.shape[1] :]
    result = model(
        input_ids=own_ids,
        attention_mask=mask,
        position_ids=positions,
        past_key_values=cache,
        use_cache=True,
        **keep_last,
    )
    # The processors (a repetition penalty) read which tokens a row holds, not where: the plain batch's tokens.
    return Prefill(result.logits[:, -1, :], cache, mask, positions[:, -1:], input_ids)
