"""The acting model: a base model, optionally with a peft adapter, prompted through the training rendering and
generating a batch of next turns at once (left padding; greedy at temperature 0, seeded sampling above it)."""

from __future__ import annotations

import logging
from types import SimpleNamespace

from .acting import Reply
from .decode import decode_batch
from .spec import BadInput
from .trajectory import render_prompt

log = logging.getLogger("agi_trainer.policy")
CALL_END = "</tool_call>"


# generation_config fields that change which token comes next and that acting does not apply: it decodes greedily at
# temperature 0 and samples plainly above it (top_p/top_k are the policy's, not the model's).
IGNORED_SETTINGS = (
    "no_repeat_ngram_size",
    "encoder_repetition_penalty",
    "bad_words_ids",
    "suppress_tokens",
    "begin_suppress_tokens",
    "sequence_bias",
    "min_new_tokens",
    "min_length",
)


def decoding_processors(config, base_model: str) -> list:
    """The model's own repetition penalty, applied as generate applies it (Qwen2.5-Instruct ships 1.05); the other
    settings above are named in the log, so a run never silently decodes differently from what its model card says."""
    from transformers import GenerationConfig
    from transformers.generation.logits_process import RepetitionPenaltyLogitsProcessor

    processors = []
    penalty = getattr(config, "repetition_penalty", None)
    if penalty is not None and float(penalty) != 1.0:
        processors.append(RepetitionPenaltyLogitsProcessor(penalty=float(penalty)))
    default = GenerationConfig()
    ignored = [name for name in IGNORED_SETTINGS if getattr(config, name, None) != getattr(default, name, None)]
    if ignored:
        log.warning(
            "%s's generation_config sets %s: acting does not apply them (greedy at temperature 0, sampling above)",
            base_model,
            ", ".join(ignored),
        )
    return processors


class Policy:
    def __init__(self, base_model: str, adapter_path: str | None, device: str, precision: str):
        import torch
        from transformers import AutoModelForCausalLM

        from .train import load_tokenizer

        # The tokenizer and chat template training used: the same template choice for a base model without one.
        self.tokenizer = load_tokenizer(SimpleNamespace(base_model=base_model))
        self.tokenizer.padding_side = "left"  # generation continues every row from its last real token
        dtype = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[precision]
        try:
            model = AutoModelForCausalLM.from_pretrained(base_model, dtype=dtype)
        except OSError as err:
            raise BadInput(f"cannot load base model {base_model}: {err}") from err
        if adapter_path:
            from peft import PeftModel

            try:
                model = PeftModel.from_pretrained(model, adapter_path)
            except (OSError, ValueError, RuntimeError, KeyError, TypeError) as err:  # a broken or foreign folder
                raise BadInput(
                    f"cannot load adapter {adapter_path} on base model {base_model}: {err}: give the adapter of a run "
                    "trained on this base model"
                ) from err
            # Folding the LoRA weights in: generation then costs what the base model costs.
            model = model.merge_and_unload()
        self.model = model.to(device).eval()
        self.device = device
        vocab = self.tokenizer.get_vocab()
        stops = {self.tokenizer.eos_token_id, vocab.get("<|im_end|>")}
        configured = self.model.generation_config.eos_token_id
        stops.update(configured if isinstance(configured, list) else [configured])
        self.stop_ids = sorted(i for i in stops if i is not None)
        self.processors = decoding_processors(self.model.generation_config, base_model)
        positions = getattr(self.model.config, "max_position_embeddings", None)
        self.context = positions or self.tokenizer.model_max_length

    def generate(
        self,
        conversations: list[tuple[list[dict], list[dict]]],
        *,
        max_new_tokens: int,
        temperature: float,
        seed: int,
        stop=None,
    ) -> list[Reply] | None:
        """One reply per conversation; None when `stop` (a StopRequest) was set during generation."""
        prompts = [render_prompt(self.tokenizer, messages, tools) for messages, tools in conversations]
        lengths = [len(self.tokenizer(p, add_special_tokens=False)["input_ids"]) for p in prompts]
        replies: list[Reply | None] = [None] * len(prompts)
        fits = []
        for i, length in enumerate(lengths):
            if length + max_new_tokens > self.context:
                replies[i] = Reply(
                    refused=f"the conversation no longer fits the model's context ({length} prompt tokens + "
                    f"max_new_tokens {max_new_tokens} > {self.context}): lower max_steps or max_new_tokens"
                )
            else:
                fits.append(i)
        if not fits:
            return replies

        batch = self.tokenizer([prompts[i] for i in fits], return_tensors="pt", padding=True, add_special_tokens=False)
        batch = {key: value.to(self.device) for key, value in batch.items()}
        tokenizer = self.tokenizer

        def ends_turn(tokens: list[int]) -> bool:
            # One call per turn: what a model writes after its call's end is never read, so stop there (on CPU
            # the rambling after a call was most of a turn's tokens).
            return CALL_END in tokenizer.decode(tokens[-16:], skip_special_tokens=False)

        new = decode_batch(
            self.model,
            batch["input_ids"],
            batch["attention_mask"],
            max_new_tokens=max_new_tokens,
            stop_ids=self.stop_ids,
            temperature=float(temperature),
            seed=seed,
            ends_turn=ends_turn,
            stopped=lambda: bool(stop and stop.check()),
            processors=self.processors,
        )
        if new is None:
            return None
        for i, tokens in zip(fits, new, strict=True):
            end = next((k for k, token in enumerate(tokens) if token in self.stop_ids), None)
            text = self.tokenizer.decode(tokens if end is None else tokens[:end], skip_special_tokens=False)
            if end is None and CALL_END in text:
                # Stopped at the end of a call: pad tokens may follow it in a batch, the call is complete.
                text = text[: text.index(CALL_END) + len(CALL_END)]
                replies[i] = Reply(text=text)
                continue
            replies[i] = Reply(text=text, cut_off=end is None)
        return replies
