"""trl's KTOTrainer on whole attempts we tokenized ourselves: each row is one attempt after its task (calls, tool
outputs, later turns, the answer) labelled by whether it succeeded, and the loss covers its assistant tokens only
(`completion_mask` from trajectory.tokenize_continuation). trl would score every completion token, tool outputs
included; its collator is given our masks instead, for the row and for the mismatched row its KL estimate uses.

The successes' assistant turns also add their NLL (weight `NLL_WEIGHT`, mean over their tokens), as trajectory DPO
does (RPO, Pang et al. 2024): KTO's own pull on a success saturates once its log-ratio passes the KL estimate, and
judged turn by turn it taught SmolLM2 to call tools until max_steps (BENCHMARKS.md)."""

from __future__ import annotations

import logging

from trl import KTOTrainer
from trl.trainer.kto_trainer import DataCollatorForUnpairedPreference

log = logging.getLogger("agi_trainer.masked_kto")
NLL_WEIGHT = 1.0


class MaskedUnpairedCollator(DataCollatorForUnpairedPreference):
    """trl's unpaired batch, with `completion_mask` / `KL_completion_mask` from the rows' own masks."""

    def torch_call(self, examples):
        import torch

        batch = super().torch_call(examples)
        for key in ("completion_mask", "KL_completion_mask"):
            if key not in batch:
                continue
            masks = [([0] * len(e["prompt_ids"]) + list(e[key]))[: self.max_length] for e in examples]
            width = batch[key].shape[1]
            batch[key] = torch.tensor([m + [0] * (width - len(m)) for m in masks], dtype=torch.long)
        return batch


def rotate_for_kl(dataset, batch_size: int):
    """trl's KL estimate: each row's prompt with the previous row's completion, within batches of `batch_size`
    (x_1, y_n), (x_2, y_1), ... — the masks rotate with their ids."""

    def rotate(rows):
        for key in ("completion_ids", "completion_mask"):
            rows[f"KL_{key}"] = [rows[key][-1], *rows[key][:-1]]
        return rows

    return dataset.map(rotate, batched=True, batch_size=batch_size)


def _last_scored(mask) -> int:
    """Index of the last 1 in a completion mask (-1 when none)."""
    return max((i for i, m in enumerate(mask) if m), default=-1)


class MaskedKTOTrainer(KTOTrainer):
    def __init__(self, *args, **kwargs):
        # trl would precompute the reference log-probs in __init__, with its own all-ones completion mask.
        if getattr(kwargs.get("args"), "precompute_ref_log_probs", False):
            raise ValueError(
                "trajectory KTO computes reference log-probs as it trains: precompute_ref_log_probs is off"
            )
        super().__init__(*args, **kwargs)
        c = self.data_collator
        self.data_collator = MaskedUnpairedCollator(
            pad_token_id=c.pad_token_id, max_length=c.max_length, pad_to_multiple_of=c.pad_to_multiple_of
        )

    def _prepare_dataset(self, dataset, processing_class, args, dataset_name):
        # Already tokenized with masks. trl's rule for rows whose prompt alone fills max_length applies (truncation
        # would leave no completion token), said in the log rather than silently; then the KL rows.
        if args.max_length is not None:
            kept = dataset.filter(lambda row: len(row["prompt_ids"]) < args.max_length)
            if len(kept) < len(dataset):
                log.warning(
                    "%d of %d %s attempts left out: their prompt alone fills max_seq_length %d (raise it to train "
                    "on them)",
                    len(dataset) - len(kept),
                    len(dataset),
                    dataset_name,
                    args.max_length,
                )
            dataset = kept
            # keep_start truncation cuts the end of an attempt, where its answer is: a success would be learned as
            # its first calls alone. Said, not silent.
            cut = sum(
                1 for row in dataset if _last_scored(row["completion_mask"]) + len(row["prompt_ids"]) >= args.max_length
            )
            if cut:
                log.warning(
                    "%d of %d %s attempts are cut by max_seq_length %d before their last assistant token (raise it "
                    "to train on their answers)",
                    cut,
                    len(dataset),
                    dataset_name,
                    args.max_length,
                )
        return rotate_for_kl(dataset, args.per_device_train_batch_size) if self.calculate_KL else dataset

    def _set_signature_columns_if_needed(self):
        super()._set_signature_columns_if_needed()
        extra = ("completion_mask", "KL_completion_mask")
        self._signature_columns = [*self._signature_columns, *(k for k in extra if k not in self._signature_columns)]

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        import torch

        # trl's loss does one forward of the policy with gradients (the KL and reference forwards run without):
        # its per-token log-probs, already masked to the completion, give the successes' NLL without a second pass.
        policy = []

        def keep(_module, _args, _kwargs, output):
            if torch.is_grad_enabled() and getattr(output, "log_probs", None) is not None:
                policy.append(output.log_probs)

        handle = model.register_forward_hook(keep, with_kwargs=True)
        try:
            result = super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
        finally:
            handle.remove()
        if not (model.training and torch.is_grad_enabled()):
            return result  # evaluation: KTO's loss alone
        if len(policy) != 1:
            raise RuntimeError(
                f"trajectory KTO expected one policy forward with gradients, saw {len(policy)}: this trl version "
                "computes its loss differently; pin the trainer's lock or set learning.example_format: summary"
            )
        loss, outputs = result if return_outputs else (result, None)
        labels = inputs["label"].to(policy[0].device).bool()
        tokens = inputs["completion_mask"][:, 1:].to(policy[0].device)[labels].sum()
        if tokens > 0:
            nll = -policy[0][labels].sum() / tokens
            loss = loss + NLL_WEIGHT * nll
            self._metrics["train"]["nll"].append(nll.item())
        return (loss, outputs) if return_outputs else loss
