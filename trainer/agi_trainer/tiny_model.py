"""Builds a tiny random-weight Qwen2-style causal LM with a byte-level BPE tokenizer and a chat template,
entirely offline. Tests and the demo train it for real in seconds on a CPU.

    python -m agi_trainer tiny-model storage/models/tiny-chat
"""

from __future__ import annotations

import json
import os

from .chat_template import CHATML_TOKENS, CHATML_WITH_GENERATION

CORPUS = """
Goal: Summarise the open pull requests in the repository. Context: Area: git. Plan: 1. step-1 (gh_pr_list)
Execution: 1. ok: gh_pr_list ok: 12 items. Summary: Done: verified the result and reported it to the operator.
Failed: the step errored; retry with narrower scope. Find why the nightly build failed. fetch_build_log shell
Rotate the staging database password vault_write secrets. Draft release notes for version 2.4 changelog_read docs
Check disk usage on the worker hosts ssh_exec ops. Translate the onboarding guide to German translate.
Reproduce the flaky login test locally run_tests tests. Archive issues inactive for 90 days gh_issue_edit.
returned exit status args verbose true false null items Gather what is needed for Check the result shift
"""


SUMMARY_FILE = "agi_tiny_model.json"


def check_tiny_model_args(out_dir: str, *, hidden_size: int, layers: int) -> str | None:
    """Why these arguments cannot build a model without harming anything, or None when they can."""
    if hidden_size < 8 or hidden_size > 4096 or hidden_size % 8:
        # 4 attention heads, and rotary embeddings need an even head size: multiples of 8.
        return f"--hidden-size must be a multiple of 8 between 8 and 4096, got {hidden_size}"
    if layers < 1 or layers > 64:
        return f"--layers must be between 1 and 64, got {layers}"
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        return f"{out_dir} is a file, not a folder: give a new or empty folder for the model"
    if os.path.isdir(out_dir):
        entries = set(os.listdir(out_dir))
        if entries and SUMMARY_FILE not in entries:
            # Only an earlier tiny model may be rebuilt in place: anything else there is someone's data.
            return f"{out_dir} already holds files that are not a tiny model: give a new or empty folder"
    return None


def build_tiny_model(
    out_dir: str, *, hidden_size: int = 64, layers: int = 2, vocab_size: int = 512, seed: int = 0
) -> dict:
    """Writes config, weights, tokenizer and chat template into `out_dir`; returns a summary."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    problem = check_tiny_model_args(out_dir, hidden_size=hidden_size, layers=layers)
    if problem:
        raise ValueError(problem)
    os.makedirs(out_dir, exist_ok=True)
    special = ["<|endoftext|>", *CHATML_TOKENS]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=special,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator([CORPUS] * 4, trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        bos_token=None,
        additional_special_tokens=CHATML_TOKENS,
    )
    tokenizer.chat_template = CHATML_WITH_GENERATION
    tokenizer.model_max_length = 2048

    torch.manual_seed(seed)
    config = Qwen2Config(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        intermediate_size=hidden_size * 2,
        num_hidden_layers=layers,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=2048,
        tie_word_embeddings=True,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        bos_token_id=None,
    )
    model = Qwen2ForCausalLM(config)
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    summary = {
        "path": os.path.abspath(out_dir),
        "parameters": sum(p.numel() for p in model.parameters()),
        "vocab_size": len(tokenizer),
        "hidden_size": hidden_size,
        "layers": layers,
    }
    with open(os.path.join(out_dir, SUMMARY_FILE), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    return summary
