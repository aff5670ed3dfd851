"""trl's DPOTrainer on trajectory pairs we tokenized ourselves: each completion is the rest of an attempt from where
the two attempts part (several turns), and the loss covers its assistant tokens only (`chosen_mask`,
`rejected_mask` from trajectory.tokenize_continuation). trl would put the loss on every completion token, tool
outputs included; its collator is given our masks instead."""

from __future__ import annotations

import logging

from trl import DPOTrainer
from trl.trainer.dpo_trainer import DataCollatorForPreference

log = logging.getLogger("agi_trainer.masked_dpo")
MASKS = ("chosen_mask", "rejected_mask")


class MaskedPreferenceCollator(DataCollatorForPreference):
    """trl's preference batch, with `completion_mask` taken from the rows' own masks (truncated as trl truncates)."""

    def torch_call(self, examples):
        import torch

        batch = super().torch_call(examples)
        masks = [[0] * len(e["prompt_ids"]) + list(e[key]) for key in MASKS for e in examples]
        if self.max_length is not None:
            cut = (
                slice(None, self.max_length) if self.truncation_mode == "keep_start" else slice(-self.max_length, None)
            )
            masks = [m[cut] for m in masks]
        width = batch["completion_mask"].shape[1]
        batch["completion_mask"] = torch.tensor([m + [0] * (width - len(m)) for m in masks], dtype=torch.long)
        return batch


class MaskedDPOTrainer(DPOTrainer):
    def __init__(self, *args, **kwargs):
        # trl would precompute the reference log-probs in __init__, with its own all-ones completion mask.
        if getattr(kwargs.get("args"), "precompute_ref_log_probs", False):
            raise ValueError(
                "trajectory DPO computes reference log-probs as it trains: precompute_ref_log_probs is off"
            )
        super().__init__(*args, **kwargs)
        c = self.data_collator
        self.data_collator = MaskedPreferenceCollator(
            pad_token_id=c.pad_token_id,
            max_length=c.max_length,
            truncation_mode=c.truncation_mode,
            pad_to_multiple_of=c.pad_to_multiple_of,
        )

    def _prepare_dataset(self, dataset, processing_class, args, dataset_name):
        # Already tokenized with masks: only trl's rule for rows whose prompt alone fills max_length applies (the
        # truncation would leave no completion token), said in the log rather than silently.
        if args.max_length is None or args.truncation_mode != "keep_start":
            return dataset
        kept = dataset.filter(lambda row: len(row["prompt_ids"]) < args.max_length)
        if len(kept) < len(dataset):
            log.warning(
                "%d of %d %s pairs left out: their prompt alone fills max_seq_length %d (raise it to train on them)",
                len(dataset) - len(kept),
                len(dataset),
                dataset_name,
                args.max_length,
            )
        return kept

    def _set_signature_columns_if_needed(self):
        super()._set_signature_columns_if_needed()
        self._signature_columns = [*self._signature_columns, *(m for m in MASKS if m not in self._signature_columns)]
