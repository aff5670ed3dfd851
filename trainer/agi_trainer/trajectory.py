"""Trajectory examples: the agent's own conversation (plan as assistant tool_calls, each tool's output as a `tool`
turn, then the summary) rendered by the base model's chat template.

This is the one reference rendering: training builds its rows here and the agent that acts on the model's output
renders its prompts here, so the text a model is trained on is the text it is later asked to continue. Everything
is a pure function of a tokenizer and JSON data; the loss covers assistant turns only, never tool outputs.
"""

from __future__ import annotations

import json
import os
from collections import Counter

from .spec import BadInput

# What every refusal tells the operator to do: the template is a property of the base model, not of the data.
_FIX = (
    "use a base model whose chat template renders turns incrementally and renders tool_calls (e.g. Qwen2.5-Instruct), "
    "or set learning.example_format: summary"
)

_COLUMNS = {
    "lora": ("messages",),
    "dpo": ("prompt", "chosen", "rejected"),
    "kto": ("prompt", "completion", "label"),
}


def _call_function(call: dict) -> dict:
    # trl/OpenAI nest name and arguments under "function"; a bare {"name", "arguments"} is accepted too.
    return call.get("function", call)


def _normalized(messages: list[dict]) -> list[dict]:
    """Copies the messages into the shape every public template expects. Templates concatenate `content` (None would
    print "None" or fail), Llama 3.1 treats a present-but-empty `tool_calls` as a call turn, and templates pass
    `arguments` through tojson, so JSON text would be written as a quoted string: it is parsed back to its object."""
    out = []
    for message in messages:
        message = {**message, "content": message.get("content") or ""}
        if not message.get("tool_calls"):
            message.pop("tool_calls", None)
        else:
            message["tool_calls"] = [_parsed_arguments(call) for call in message["tool_calls"]]
        out.append(message)
    return out


def _parsed_arguments(call: dict) -> dict:
    function = _call_function(call)
    arguments = function.get("arguments")
    if not isinstance(arguments, str):
        return call
    try:
        parsed = json.loads(arguments)
    except json.JSONDecodeError:
        return call  # not JSON: the template writes it as it is, and the span check still sees the call's name
    if not isinstance(parsed, dict):
        return call
    function = {**function, "arguments": parsed}
    return {**call, "function": function} if "function" in call else function


def _render(tokenizer, messages: list[dict], tools: list[dict] | None, add_generation_prompt: bool = False) -> str:
    import jinja2

    try:
        return tokenizer.apply_chat_template(
            messages, tools=tools or None, tokenize=False, add_generation_prompt=add_generation_prompt
        )
    except (jinja2.TemplateError, TypeError) as err:
        # Templates refuse what they cannot express (Llama 3.1: "only supports single tool-calls at once"): no
        # retry fixes that, only another template or format.
        raise BadInput(f"the base model's chat template cannot render this conversation ({err}): {_FIX}") from err


def render_prompt(tokenizer, messages: list[dict], tools: list[dict] | None = None) -> str:
    """The conversation so far as the model sees it before writing its next turn: the rendering training uses, with
    the generation prompt. The acting policy prompts through this, so it continues the text it was trained on."""
    return _render(tokenizer, _normalized(messages), tools, add_generation_prompt=True)


def _not_prefix_stable(what: str) -> BadInput:
    return BadInput(
        f"the base model's chat template is not prefix-stable ({what}), so assistant turns cannot be masked: {_FIX}"
    )


def _turn_end(tokenizer, text: str, start: int) -> int:
    """Where an assistant turn ending at len(text) stops being the model's: templates put a newline after the
    end-of-turn token that decoding never produces (it stops at eos). SFT spans and preference completions both
    end at eos, so the two formats train the same tokens."""
    stripped = text.rstrip()
    eos = tokenizer.eos_token
    if eos and len(stripped) > start and stripped.endswith(eos):
        return len(stripped)
    return len(text)


def _check_calls_rendered(message: dict, rendered: str) -> None:
    # A template that prints only `content` silently drops the plan: training would teach the model to talk about
    # calling tools without ever calling one. The content is taken out first, since descriptions often name the
    # tool they use; each call must then leave its name in what remains.
    content = message["content"].strip()
    remaining = rendered.replace(content, "", 1) if content else rendered
    names = [_call_function(call).get("name", "") for call in message.get("tool_calls") or []]
    for name, count in Counter(names).items():
        if remaining.count(name) < count:
            raise BadInput(
                f"the base model's chat template does not render tool_calls: the call to tool {name!r} is missing "
                f"from the rendered assistant turn: {_FIX}"
            )


def assistant_spans(
    tokenizer, messages: list[dict], tools: list[dict] | None = None
) -> tuple[str, list[tuple[int, int]]]:
    """The whole conversation as the template renders it, and the [start, end) character range of each assistant
    turn in it. A turn starts where the template's generation prompt ends (what the model sees before it writes)
    and ends at its end-of-turn token: exactly what the model must produce at inference."""
    messages = _normalized(messages)
    text = _render(tokenizer, messages, tools)
    spans = []
    for i, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        prefix = _render(tokenizer, messages[:i], tools, add_generation_prompt=True)
        upto = _render(tokenizer, messages[: i + 1], tools)
        if not upto.startswith(prefix):
            raise _not_prefix_stable(f"assistant turn {i} does not start with the generation prompt before it")
        if not text.startswith(upto):
            raise _not_prefix_stable(f"the turns after assistant turn {i} change how it renders")
        end = _turn_end(tokenizer, upto, len(prefix))
        _check_calls_rendered(message, upto[len(prefix) : end])
        spans.append((len(prefix), end))
    return text, spans


def tokenize_with_mask(tokenizer, messages: list[dict], tools: list[dict] | None, max_len: int) -> dict:
    """Token ids of the rendered conversation and a 0/1 mask of the tokens the loss covers (assistant turns).
    Tokenized once, as a whole, so ids match what the model sees at inference; the mask comes from character
    offsets, so it needs a fast tokenizer."""
    if not getattr(tokenizer, "is_fast", False):
        raise BadInput("trajectory examples need a fast tokenizer (character offsets): the base model has none")
    text, spans = assistant_spans(tokenizer, messages, tools)
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    # A token belongs to the turn it starts in: one straddling the generation prompt is context, not output.
    masks = [int(any(a <= start < b for a, b in spans)) for start, _ in encoded["offset_mapping"]]
    return {"input_ids": encoded["input_ids"][:max_len], "assistant_masks": masks[:max_len]}


def tokenize_continuation(
    tokenizer, prompt: list[dict], continuation: list[dict], tools: list[dict] | None = None
) -> tuple[list[int], list[int], list[int]]:
    """A preference completion that may span several turns (DPO: the rest of an attempt from where two attempts
    part; KTO: the whole attempt): (prompt ids up to its generation prompt, continuation ids, their 0/1 loss mask).
    The mask covers the continuation's assistant turns only, as SFT's does: the tool outputs between them are
    context, never predicted. Tokenized as one text, so the ids are what the model sees at inference."""
    if not getattr(tokenizer, "is_fast", False):
        raise BadInput("trajectory examples need a fast tokenizer (character offsets): the base model has none")
    if not any(isinstance(m, dict) and m.get("role") == "assistant" for m in continuation):
        raise BadInput("the completion holds no assistant turn: re-run conversion")
    prompt = _normalized(prompt)
    text, spans = assistant_spans(tokenizer, prompt + _normalized(continuation), tools)
    prompt_text = _render(tokenizer, prompt, tools, add_generation_prompt=True)
    if not text.startswith(prompt_text):
        raise _not_prefix_stable("the completion does not start with the generation prompt before it")
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    starts = [start for start, _ in encoded["offset_mapping"]]
    # A token belongs to the text it starts in: one straddling the generation prompt is prompt, not output.
    cut = sum(start < len(prompt_text) for start in starts)
    ids = encoded["input_ids"]
    mask = [int(any(a <= start < b for a, b in spans)) for start in starts[cut:]]
    return ids[:cut], ids[cut:], mask


def _read_jsonl(path: str):
    # json, not datasets.load_dataset: Arrow would unify the argument objects of every row into one struct and
    # give each call the other calls' keys as nulls.
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise BadInput(f"{path} line {number} is not JSON ({err}): re-run conversion") from err
            if not isinstance(record, dict):
                raise BadInput(f"{path} line {number} is not a JSON object: re-run conversion")
            yield number, record


def _training_row(strategy: str, record: dict, tokenizer, max_len: int) -> dict:
    tools = record.get("tools") or None
    if strategy == "lora":
        return tokenize_with_mask(tokenizer, record["messages"], tools, max_len)
    if strategy == "dpo":
        # Both continuations after the same prompt, tokenized here with their assistant masks (the trainer's
        # collator puts the loss on exactly those tokens).
        prompt_ids, chosen, chosen_mask = tokenize_continuation(tokenizer, record["prompt"], record["chosen"], tools)
        other_ids, rejected, rejected_mask = tokenize_continuation(
            tokenizer, record["prompt"], record["rejected"], tools
        )
        if other_ids != prompt_ids:
            raise _not_prefix_stable("the prompt tokenizes differently before the chosen and the rejected turns")
        return {
            "prompt_ids": prompt_ids,
            "chosen_ids": chosen,
            "rejected_ids": rejected,
            "chosen_mask": chosen_mask,
            "rejected_mask": rejected_mask,
        }
    if not isinstance(record["label"], bool):
        raise BadInput(f"label must be true or false, got {record['label']!r}")
    # The whole attempt after its task, with its assistant mask (the trainer's collator scores exactly those tokens).
    prompt_ids, completion, mask = tokenize_continuation(tokenizer, record["prompt"], record["completion"], tools)
    return {"prompt_ids": prompt_ids, "completion_ids": completion, "completion_mask": mask, "label": record["label"]}


def load_trajectory_split(path: str | None, strategy: str, tokenizer, max_len: int):
    """A trajectory JSONL split as trainer-ready rows, tokenized with their assistant masks. None for a missing or
    empty split."""
    from datasets import Dataset

    if path is None or not os.path.isfile(path) or os.path.getsize(path) == 0:
        return None
    rows = []
    for number, record in _read_jsonl(path):
        missing = [key for key in _COLUMNS[strategy] if key not in record]
        if missing:
            raise BadInput(
                f"{path} line {number} lacks {missing} for strategy {strategy} in trajectory format: re-run conversion"
            )
        try:
            rows.append(_training_row(strategy, record, tokenizer, max_len))
        except BadInput as err:
            raise BadInput(f"{path} line {number}: {err}") from err
        except (KeyError, TypeError, AttributeError) as err:
            # A message or call missing its keys: the converter wrote something it should have refused.
            raise BadInput(f"{path} line {number} is malformed ({err!r}): re-run conversion") from err
    return Dataset.from_list(rows) if rows else None
