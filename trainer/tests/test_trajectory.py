import json
import os

import pytest
from conftest import (
    TOOLS,
    TRAJECTORY_GOALS,
    _trajectory_sft_rows,
    failed_attempt,
    of,
    plan_turn,
    run_trainer,
    trajectory_goal,
    trajectory_messages,
    write_jsonl,
)
from transformers import AutoTokenizer

from agi_trainer.chat_template import CHATML_WITH_GENERATION
from agi_trainer.spec import BadInput, RunSpec
from agi_trainer.trajectory import assistant_spans, load_trajectory_split, tokenize_continuation, tokenize_with_mask

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "templates")

# The tiny model's template before it rendered tools, kept verbatim: plain conversations must render the same.
CHATML_BEFORE_TOOLS = (
    "{%- for message in messages %}"
    "{%- if message['role'] == 'assistant' %}"
    "{{ '<|im_start|>assistant\\n' }}{% generation %}{{ message['content'] + '<|im_end|>' }}{% endgeneration %}"
    "{{ '\\n' }}"
    "{%- else %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{%- endif %}"
)

# template -> (special tokens it expects, calls per plan turn it can render). The tiny model's vocabulary does not
# matter for masking: another model's special tokens simply render (and tokenize) as text.
SETUPS = {
    "tiny": ({}, 2),
    "qwen2_5.jinja": ({}, 2),
    "llama3_1.jinja": ({"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"}, 1),
}


def _tokenizer(tiny_model: str, template: str = "tiny", **special):
    tok = AutoTokenizer.from_pretrained(tiny_model, **{**SETUPS.get(template, ({}, 0))[0], **special})
    if template != "tiny":
        with open(os.path.join(TEMPLATES, template), encoding="utf-8") as f:
            tok.chat_template = f.read()
    return tok


def _masked_text(tok, row: dict) -> str:
    """The decoded masked tokens, one run of consecutive masked tokens per line."""
    runs, current = [], []
    for token, bit in zip(row["input_ids"], row["assistant_masks"], strict=True):
        if bit:
            current.append(token)
        elif current:
            runs.append(current)
            current = []
    runs += [current] if current else []
    return "\n".join(tok.decode(run) for run in runs)


def _bits_over(tok, text: str, row: dict, needle: str) -> set[int]:
    """The mask bits of every token overlapping the first occurrence of `needle` in the rendered text."""
    start = text.find(needle)
    assert start >= 0, f"{needle!r} is not in the rendering"
    end = start + len(needle)
    offsets = tok(text, add_special_tokens=False, return_offsets_mapping=True)["offset_mapping"]
    return {bit for (a, b), bit in zip(offsets, row["assistant_masks"], strict=False) if a < end and b > start}


@pytest.mark.parametrize("template", list(SETUPS))
def test_the_mask_covers_the_plan_and_the_summary_and_never_a_tool_output(tiny_model, template):
    tok = _tokenizer(tiny_model, template)
    calls = SETUPS[template][1]
    for i in range(2):
        messages = trajectory_messages(i, calls=calls)
        text, spans = assistant_spans(tok, messages, TOOLS)
        row = tokenize_with_mask(tok, messages, TOOLS, max_len=4096)
        assert tok.decode(row["input_ids"]) == text  # one tokenization of the whole text, nothing added
        masked = _masked_text(tok, row)
        goal, steps, summary = TRAJECTORY_GOALS[i]
        for name, arguments, output in steps[:calls]:
            assert _bits_over(tok, text, row, output) == {0}, (template, output)
            assert name in masked, (template, name)
            for value in arguments.values():
                assert json.dumps(value, ensure_ascii=False) in masked, (template, value)
        assert _bits_over(tok, text, row, summary) == {1}
        assert summary in masked
        assert _bits_over(tok, text, row, goal) == {0}
        assert len(spans) == 2
        for start, end in spans:
            # Each turn is trained up to its end-of-turn token, which teaches the model to stop.
            assert text[start:end].endswith(tok.eos_token), (template, text[start:end])


@pytest.mark.parametrize("template", ["tiny", "qwen2_5.jinja"])
def test_a_recorded_conversation_with_several_rounds_masks_every_assistant_turn(tiny_model, template):
    # An agent's verbatim record: plan, output, a second plan reacting to it, its output, the summary.
    tok = _tokenizer(tiny_model, template)
    first = trajectory_messages(0, calls=1)
    second = trajectory_messages(1, calls=1)
    messages = first[:4] + second[2:]
    text, spans = assistant_spans(tok, messages, TOOLS)
    row = tokenize_with_mask(tok, messages, TOOLS, max_len=4096)
    assert len(spans) == 3
    for output in (TRAJECTORY_GOALS[0][1][0][2], TRAJECTORY_GOALS[1][1][0][2]):
        assert _bits_over(tok, text, row, output) == {0}
    masked = _masked_text(tok, row)
    assert '"job": "nightly-build"' in masked and '"args": ["git"]' in masked
    assert TRAJECTORY_GOALS[1][2] in masked


def test_llama3_1_refuses_a_plan_of_two_calls_naming_the_template(tiny_model):
    tok = _tokenizer(tiny_model, "llama3_1.jinja")
    with pytest.raises(BadInput, match="chat template cannot render") as err:
        tokenize_with_mask(tok, trajectory_messages(0, calls=2), TOOLS, max_len=4096)
    assert "single tool-calls" in str(err.value) and "learning.example_format: summary" in str(err.value)


def test_a_template_that_drops_tool_calls_is_refused_naming_the_tool(tiny_model, tmp_path):
    # Llama 3's template prints only `content`: the plan's calls would vanish from the training text.
    tok = _tokenizer(tiny_model, "llama3.jinja", bos_token="<|begin_of_text|>", eos_token="<|eot_id|>")
    with pytest.raises(BadInput, match="does not render tool_calls") as err:
        tokenize_with_mask(tok, trajectory_messages(0), TOOLS, max_len=4096)
    assert "'gh_pr_list'" in str(err.value)
    with pytest.raises(BadInput, match="does not render tool_calls"):
        tokenize_continuation(tok, [{"role": "user", "content": trajectory_goal(0)}], [plan_turn(0)], TOOLS)
    # Through the loader, the refusal names the file and line it came from.
    path = write_jsonl(tmp_path / "train.jsonl", _trajectory_sft_rows()[:2])
    with pytest.raises(BadInput, match=f"{path} line 1: .*does not render tool_calls"):
        load_trajectory_split(path, "lora", tok, 512)


def test_a_template_that_is_not_prefix_stable_is_refused(tiny_model):
    tok = _tokenizer(tiny_model)
    # Counts the turns up front: every added turn rewrites the start, so no turn sits where its prefix said.
    tok.chat_template = "{{ messages | length }} turns\n" + CHATML_WITH_GENERATION
    with pytest.raises(BadInput, match="not prefix-stable.*learning.example_format: summary"):
        assistant_spans(tok, trajectory_messages(0), TOOLS)
    with pytest.raises(BadInput, match="not prefix-stable"):
        tokenize_continuation(tok, [{"role": "user", "content": trajectory_goal(0)}], [plan_turn(0)], TOOLS)


def test_rows_are_read_with_json_so_each_call_keeps_its_own_argument_keys(tiny_model, tmp_path):
    tok = _tokenizer(tiny_model)
    path = write_jsonl(tmp_path / "train.jsonl", _trajectory_sft_rows()[:2])
    rows = load_trajectory_split(path, "lora", tok, 4096)
    assert rows.column_names == ["input_ids", "assistant_masks"] and len(rows) == 2
    text = tok.decode(rows[1]["input_ids"])
    # Arrow would have unified the two calls' argument structs: nulls for the other call's keys, keys re-ordered.
    assert '{"name": "fetch_build_log", "arguments": {"tail": 200, "job": "nightly-build"}}' in text
    assert "null" not in text

    assert load_trajectory_split(str(tmp_path / "absent.jsonl"), "lora", tok, 4096) is None
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert load_trajectory_split(str(empty), "dpo", tok, 4096) is None

    bad = write_jsonl(tmp_path / "bad.jsonl", [{"prompt": [], "chosen": [], "tools": TOOLS}])
    with pytest.raises(BadInput, match=f"{bad} line 1 lacks \\['rejected'\\] for strategy dpo.*re-run conversion"):
        load_trajectory_split(bad, "dpo", tok, 4096)


def test_the_tiny_template_renders_plain_conversations_byte_for_byte_as_before(tiny_model):
    tok = _tokenizer(tiny_model)
    conversations = [
        [{"role": "user", "content": "Goal: Check disk usage"}],
        [{"role": "user", "content": "Goal: a"}, {"role": "assistant", "content": "Done: fine."}],
        [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "Goal: a\nContext: b"},
            {"role": "assistant", "content": "Failed: OOM."},
            {"role": "user", "content": "Why?"},
            {"role": "assistant", "content": ""},
        ],
    ]
    for messages in conversations:
        for add_generation_prompt in (False, True):
            for tools in (None, []):
                new, old = (
                    tok.apply_chat_template(
                        messages,
                        tools=tools,
                        chat_template=template,
                        add_generation_prompt=add_generation_prompt,
                        return_assistant_tokens_mask=True,
                        return_dict=True,
                    )
                    for template in (CHATML_WITH_GENERATION, CHATML_BEFORE_TOOLS)
                )
                assert new["input_ids"] == old["input_ids"] and new["assistant_masks"] == old["assistant_masks"]
                texts = [
                    tok.apply_chat_template(
                        messages,
                        tools=tools,
                        chat_template=template,
                        add_generation_prompt=add_generation_prompt,
                        tokenize=False,
                    )
                    for template in (CHATML_WITH_GENERATION, CHATML_BEFORE_TOOLS)
                ]
                assert texts[0] == texts[1]


def test_the_tiny_template_writes_tools_calls_and_outputs_hermes_style(tiny_model):
    tok = _tokenizer(tiny_model)
    call = plan_turn(0)
    call["tool_calls"][1]["function"]["arguments"] = '{"job": "nightly"}'  # JSON text is written as it is
    messages = trajectory_messages(0)
    messages[2] = call
    text = tok.apply_chat_template(messages, tools=TOOLS, tokenize=False)
    assert text.startswith("<|im_start|>system\nYou are the agi-core agent.\n\n# Tools\n\n")
    assert (
        "<tools>\ngh_pr_list(args?: array, verbose?: boolean): List the open pull requests\n"
        "fetch_build_log(job?: string, tail?: integer): Fetch a CI build log\n</tools>"
    ) in text
    assert text.count("<|im_start|>system") == 1  # the system message is merged into the tools turn
    assert (
        "<|im_start|>assistant\n1. Step with gh_pr_list\n2. Step with fetch_build_log\n<tool_call>\n"
        '{"name": "gh_pr_list", "arguments": {"args": ["git"], "verbose": false}}\n</tool_call>\n<tool_call>\n'
        '{"name": "fetch_build_log", "arguments": {"job": "nightly"}}\n</tool_call><|im_end|>\n'
        "<|im_start|>tool\n12 items returned by gh_pr_list<|im_end|>\n"
        "<|im_start|>tool\nexit status 2 in step shift<|im_end|>\n"
    ) in text


def test_example_format_is_checked_and_old_specs_mean_summary(make_spec):
    spec = json.load(open(make_spec("lora")))
    assert "example_format" not in spec
    old = make_spec("lora")
    assert RunSpec.load(old).example_format == "summary"
    with pytest.raises(BadInput, match="learning.example_format 'steps': use summary or trajectory"):
        RunSpec.load(make_spec("lora", example_format="steps"))


def test_sft_on_trajectories_trains_and_its_loss_goes_down(make_spec):
    code, events = run_trainer(make_spec("lora", example_format="trajectory", max_steps=20))
    assert code == 0, events
    losses = [e["loss"] for e in of(events, "progress")]
    assert len(losses) == 20 and sum(losses[-3:]) < sum(losses[:3]) * 0.95
    evals = {e["phase"]: e["eval_loss"] for e in of(events, "eval")}
    assert evals["after"] < evals["before"]
    done = of(events, "done")[0]
    assert os.path.isfile(os.path.join(done["adapter_path"], "adapter_model.safetensors"))


def test_sft_on_trajectories_refuses_a_max_seq_length_that_keeps_no_assistant_token(make_spec):
    # The tools system turn alone is longer than 32 tokens.
    code, events = run_trainer(make_spec("lora", example_format="trajectory", max_seq_length=32))
    assert code == 2 and "max_seq_length 32 is too small" in of(events, "error")[0]["message"]


@pytest.mark.parametrize("strategy", ["dpo", "kto"])
def test_preference_training_on_trajectory_plans(make_spec, strategy):
    code, events = run_trainer(make_spec(strategy, example_format="trajectory", max_steps=8, learning_rate=0.005))
    assert code == 0, events
    done = of(events, "done")[0]
    assert done["steps"] == 8
    assert os.path.isfile(os.path.join(done["adapter_path"], "adapter_model.safetensors"))
    if strategy == "kto":
        # 12 good plans, 4 bad: the weights balance them as for summary rows.
        assert done["metrics"]["kto_desirable_weight"] * 12 == done["metrics"]["kto_undesirable_weight"] * 4


@pytest.mark.parametrize("strategy", ["lora", "dpo", "kto"])
def test_trl_trains_exactly_the_assistant_turns(make_spec, tiny_model, strategy):
    from transformers import TrainerCallback

    from agi_trainer.train import build_trainer

    spec = RunSpec.load(make_spec(strategy, example_format="trajectory", eval_path=None))
    trainer, tok = build_trainer(spec, "cpu", "fp32", lambda params: TrainerCallback())
    row = trainer.train_dataset[0]
    prompt = [{"role": "user", "content": trajectory_goal(0)}]
    if strategy == "lora":
        # trl built the labels from our masks: the plan turn and the summary, each up to its end of turn.
        text, spans = assistant_spans(tok, trajectory_messages(0, system=True), TOOLS)
        trained = [t for t, label in zip(row["input_ids"], row["labels"], strict=True) if label != -100]
        assert tok.decode(trained) == "".join(text[a:b] for a, b in spans)
        return
    completion = _assistant_text(tok, prompt, [plan_turn(0)])
    if strategy == "dpo":
        # Our rows, not trl's tokenization: the loss covers the plan turn up to its end of turn, nothing after.
        batch = trainer.data_collator([row])
        trained = [
            t for t, m in zip(batch["input_ids"][0].tolist(), batch["completion_mask"][0].tolist(), strict=True) if m
        ]
        assert tok.decode(trained) == completion
        assert tok.decode(row["prompt_ids"] + row["chosen_ids"]) == tok.apply_chat_template(
            prompt + [plan_turn(0)], tools=TOOLS, tokenize=False
        )
        rejected = _assistant_text(tok, prompt, [plan_turn(0, wrong=True)])
        trained = [
            t for t, m in zip(batch["input_ids"][1].tolist(), batch["completion_mask"][1].tolist(), strict=True) if m
        ]
        assert tok.decode(trained) == rejected
        return
    # Our rows, not trl's tokenization: the plan turn up to its one end of turn, nothing of the prompt.
    batch = trainer.data_collator([row, trainer.train_dataset[1]])
    trained = [
        t for t, m in zip(batch["input_ids"][0].tolist(), batch["completion_mask"][0].tolist(), strict=True) if m
    ]
    assert tok.decode(trained) == completion and trained.count(tok.eos_token_id) == 1
    assert tok.decode(row["prompt_ids"] + row["completion_ids"]) == tok.apply_chat_template(
        prompt + [plan_turn(0)], tools=TOOLS, tokenize=False
    )


def _assistant_text(tok, prompt: list[dict], continuation: list[dict]) -> str:
    """What the loss must cover after `prompt` (which holds no assistant turn): the continuation's assistant spans."""
    text, spans = assistant_spans(tok, prompt + continuation, TOOLS)
    return "".join(text[a:b] for a, b in spans)


@pytest.mark.parametrize("template", list(SETUPS))
def test_dpo_pairs_of_whole_continuations_train_their_assistant_turns_only(tiny_model, template, tmp_path):
    """The rest of each attempt from where they part: calls and replies are trained, tool outputs are context."""
    from agi_trainer.masked_dpo import MaskedPreferenceCollator

    tok = _tokenizer(tiny_model, template)
    calls = SETUPS[template][1]
    prompt = [{"role": "user", "content": trajectory_goal(0)}]
    chosen = trajectory_messages(0, calls=calls, system=False)[1:]
    rejected = failed_attempt(0, calls)
    rows = [{"prompt": prompt, "chosen": chosen, "rejected": rejected, "tools": TOOLS}]
    row = load_trajectory_split(write_jsonl(tmp_path / "dpo.jsonl", rows), "dpo", tok, 4096)[0]
    batch = MaskedPreferenceCollator(pad_token_id=tok.pad_token_id or 0)([row])
    for side, turns in ((0, chosen), (1, rejected)):
        ids, mask = batch["input_ids"][side].tolist(), batch["completion_mask"][side].tolist()
        text, spans = assistant_spans(tok, prompt + turns, TOOLS)
        trained = tok.decode([t for t, m in zip(ids, mask, strict=True) if m])
        # Every assistant turn of the continuation, and nothing else: no tool output, nothing of the prompt.
        assert trained == "".join(text[a:b] for a, b in spans)
        assert not [t for t in turns if t["role"] == "tool" and t["content"] in trained]
        assert turns[-1]["content"] in trained  # the reply after the tool outputs is trained too
    assert tok.decode(row["prompt_ids"]) == tok.apply_chat_template(
        prompt, tools=TOOLS, tokenize=False, add_generation_prompt=True
    )


@pytest.mark.parametrize("template", list(SETUPS))
def test_kto_rows_are_whole_attempts_trained_on_their_assistant_turns_only(tiny_model, template, tmp_path):
    """A whole attempt after its task: calls and the answer are scored, tool outputs are context, for the row and for
    the mismatched row of trl's KL estimate (its mask rotates with its ids)."""
    from agi_trainer.masked_kto import MaskedUnpairedCollator, rotate_for_kl

    tok = _tokenizer(tiny_model, template)
    calls = SETUPS[template][1]
    prompt = [{"role": "user", "content": trajectory_goal(0)}]
    won = trajectory_messages(0, calls=calls, system=False)[1:]
    lost = failed_attempt(1, calls)
    rows = [
        {"prompt": prompt, "completion": won, "label": True, "tools": TOOLS},
        {
            "prompt": [{"role": "user", "content": trajectory_goal(1)}],
            "completion": lost,
            "label": False,
            "tools": TOOLS,
        },
    ]
    dataset = rotate_for_kl(load_trajectory_split(write_jsonl(tmp_path / "kto.jsonl", rows), "kto", tok, 4096), 2)
    batch = MaskedUnpairedCollator(pad_token_id=tok.pad_token_id or 0)(list(dataset))
    assert batch["label"].tolist() == [True, False]
    for side, turns in ((0, won), (1, lost)):
        ids, mask = batch["input_ids"][side].tolist(), batch["completion_mask"][side].tolist()
        trained = tok.decode([t for t, m in zip(ids, mask, strict=True) if m])
        # Every assistant turn of the attempt, and nothing else: no tool output, nothing of the prompt.
        assert trained == _assistant_text(tok, rows[side]["prompt"], turns)
        assert not [t for t in turns if t["role"] == "tool" and t["content"] in trained]
        assert turns[-1]["content"] in trained  # the answer after the tool outputs is scored too
        # The KL row: this prompt with the other attempt, scored on that attempt's assistant turns.
        ids, mask = batch["KL_input_ids"][side].tolist(), batch["KL_completion_mask"][side].tolist()
        other = rows[1 - side]
        assert tok.decode([t for t, m in zip(ids, mask, strict=True) if m]) == _assistant_text(
            tok, other["prompt"], other["completion"]
        )
        assert trajectory_goal(side).split("\n")[0] in tok.decode(ids)


def test_kto_adds_the_successes_nll_to_trl_loss(make_spec, tiny_model):
    """Training loss = trl's KTO loss on our masks + the NLL of the successes' assistant tokens, one forward."""
    import torch
    from transformers import TrainerCallback

    from agi_trainer.masked_kto import NLL_WEIGHT, MaskedKTOTrainer
    from agi_trainer.train import build_trainer

    spec = RunSpec.load(make_spec("kto", example_format="trajectory", eval_path=None))
    trainer, _ = build_trainer(spec, "cpu", "fp32", lambda params: TrainerCallback())
    assert isinstance(trainer, MaskedKTOTrainer)
    batch = trainer.data_collator([trainer.train_dataset[i] for i in range(4)])
    assert batch["label"].tolist() == [True, True, True, False]
    model = trainer.model
    model.train()
    torch.manual_seed(0)
    with torch.no_grad():
        # trl's loss alone (its compute_loss, without ours), then ours: they differ by exactly the successes' NLL.
        kto = super(MaskedKTOTrainer, trainer).compute_loss(model, batch)
    with torch.enable_grad():
        ours = trainer.compute_loss(model, batch)
    labels = batch["input_ids"].masked_fill(batch["completion_mask"] == 0, -100)[:3]
    with torch.no_grad():
        logits = model(input_ids=batch["input_ids"][:3], attention_mask=batch["attention_mask"][:3]).logits
    nll = torch.nn.functional.cross_entropy(logits[:, :-1].transpose(1, 2), labels[:, 1:], ignore_index=-100)
    assert ours.requires_grad
    assert ours.item() == pytest.approx(kto.item() + NLL_WEIGHT * nll.item(), rel=1e-4)
    assert trainer._metrics["train"]["nll"][-1] == pytest.approx(nll.item(), rel=1e-4)


def test_kto_says_how_many_attempts_lose_their_answer_to_max_seq_length(make_spec, tiny_model, caplog):
    from transformers import TrainerCallback

    from agi_trainer.train import build_trainer, load_tokenizer

    spec = RunSpec.load(make_spec("kto", example_format="trajectory", eval_path=None))
    rows = load_trajectory_split(spec.train_path, "kto", load_tokenizer(spec), 4096)
    # Room for every prompt and a few tokens of its attempt: every answer is cut, no row is dropped.
    room = max(len(r["prompt_ids"]) for r in rows) + 4
    spec = RunSpec.load(make_spec("kto", example_format="trajectory", eval_path=None, max_seq_length=room))
    with caplog.at_level("WARNING", logger="agi_trainer.masked_kto"):
        trainer, _ = build_trainer(spec, "cpu", "fp32", lambda params: TrainerCallback())
    assert len(trainer.train_dataset) == 16
    assert f"16 of 16 train attempts are cut by max_seq_length {room}" in caplog.text


def test_a_dpo_completion_without_an_assistant_turn_is_refused(tiny_model, tmp_path):
    tok = _tokenizer(tiny_model)
    prompt = [{"role": "user", "content": trajectory_goal(0)}]
    rows = [{"prompt": prompt, "chosen": [plan_turn(0)], "rejected": [], "tools": TOOLS}]
    with pytest.raises(BadInput, match="line 1: .*no assistant turn: re-run conversion"):
        load_trajectory_split(write_jsonl(tmp_path / "dpo.jsonl", rows), "dpo", tok, 4096)


@pytest.mark.parametrize(
    ("completion", "label", "message"),
    [([], True, "no assistant turn: re-run conversion"), ([plan_turn(0)], "yes", "label must be true or false")],
)
def test_a_malformed_kto_row_is_refused_with_its_line(tiny_model, tmp_path, completion, label, message):
    tok = _tokenizer(tiny_model)
    good = {"prompt": [{"role": "user", "content": trajectory_goal(0)}], "completion": [plan_turn(0)], "label": True}
    rows = [good, {**good, "completion": completion, "label": label}]
    with pytest.raises(BadInput, match=f"line 2: .*{message}"):
        load_trajectory_split(write_jsonl(tmp_path / "kto.jsonl", rows), "kto", tok, 4096)


def test_a_template_that_writes_bos_gets_one_bos_in_every_format(tiny_model, tmp_path):
    # Llama 3.1's template writes BOS itself, and its tokenizer adds one to plain text: trl tokenizes preference
    # rows as plain text, so the loader takes the template's copy out of the prompt.
    tok = _tokenizer(tiny_model, "llama3_1.jinja", add_bos_token=True)
    bos = tok.bos_token_id
    assert tok("x")["input_ids"][0] == bos
    prompt = [{"role": "user", "content": trajectory_goal(0)}]
    rows = [{"prompt": prompt, "chosen": [plan_turn(0, 1)], "rejected": [plan_turn(0, 1, wrong=True)], "tools": TOOLS}]
    row = load_trajectory_split(write_jsonl(tmp_path / "dpo.jsonl", rows), "dpo", tok, 4096)[0]
    for completion in (row["chosen_ids"], row["rejected_ids"]):
        ids = row["prompt_ids"] + completion
        assert ids[0] == bos and ids.count(bos) == 1
    sft = tokenize_with_mask(tok, trajectory_messages(0, calls=1), TOOLS, 4096)
    assert sft["input_ids"][0] == bos and sft["input_ids"].count(bos) == 1
