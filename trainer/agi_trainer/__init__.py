"""agi-core's trainer: LoRA SFT and DPO with transformers + peft + trl, one run spec in, JSON lines out."""
