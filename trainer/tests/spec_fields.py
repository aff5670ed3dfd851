"""A RunSpec with placeholder paths and a tiny budget, for tests that only read its settings (no training)."""

from agi_trainer.spec import RunSpec


def settings_spec(**over) -> RunSpec:
    fields = dict(
        strategy="lora", base_model="org/model", train_path=__file__, eval_path=None, adapter_dir="a",
        tokenizer_dir="t", checkpoints_dir="c", resume_from_checkpoint=None, compare_adapter_dir=None, epochs=1,
        max_steps=1, learning_rate=0.1, lora_rank=4, dpo_beta=0.1,
    )  # fmt: skip
    fields.update(over)
    return RunSpec(**fields)
