import hashlib
import json
import os
import signal
import subprocess
import sys

import torch
from conftest import TRAINER_DIR, of, run_trainer
from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer


def _sha(path: str) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_lora_loss_goes_down_and_the_adapter_changes_the_model_but_not_the_base(make_spec, tiny_model):
    weights = os.path.join(tiny_model, "model.safetensors")
    base_hash = _sha(weights)
    spec = make_spec("lora", report_to=["tensorboard"])
    code, events = run_trainer(spec)
    assert code == 0, events
    evals = {e["phase"]: e["eval_loss"] for e in of(events, "eval")}
    assert evals["after"] < evals["before"] * 0.9
    assert of(events, "start")[0]["trainable_params"] < of(events, "start")[0]["total_params"]
    done = of(events, "done")[0]
    assert done["steps"] == 30
    assert _sha(weights) == base_hash  # the base model on disk is untouched

    # The loss curve beside the adapter: every logged step, the eval before and after, drawn as SVG.
    run_dir = os.path.dirname(done["adapter_path"])
    curve = json.load(open(os.path.join(run_dir, "loss.json")))
    assert [p["step"] for p in curve["train"]] == list(range(1, 31))
    assert curve["eval"]["before"]["eval_loss"] == evals["before"]
    assert curve["eval"]["after"] == {"step": 30, "eval_loss": evals["after"]}
    tensorboard = os.path.join(run_dir, "logs", "tensorboard")
    assert any(name.startswith("events.out.tfevents.") for name in os.listdir(tensorboard))
    svg = open(os.path.join(run_dir, "loss.svg")).read()
    assert svg.startswith("<svg") and 'class="train-loss"' in svg and 'class="learning-rate"' in svg
    assert 'class="eval-before"' in svg and 'class="eval-after"' in svg

    tok = AutoTokenizer.from_pretrained(done["tokenizer_path"])
    assert "{% generation %}" in tok.chat_template
    inputs = tok.apply_chat_template(
        [{"role": "user", "content": "Goal: Check disk usage on the worker hosts"}],
        add_generation_prompt=True,
        return_tensors="pt",
        return_dict=True,
    )
    base = AutoModelForCausalLM.from_pretrained(tiny_model)
    with torch.no_grad():
        base_logits = base(**inputs).logits
    tuned = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_model), done["adapter_path"])
    with torch.no_grad():
        tuned_logits = tuned(**inputs).logits
        # With the adapter disabled the model is exactly the base again: LoRA only added weights.
        with tuned.disable_adapter():
            disabled_logits = tuned(**inputs).logits
    assert not torch.allclose(base_logits, tuned_logits, atol=1e-4)
    assert torch.allclose(base_logits, disabled_logits, atol=1e-6)


def test_dpo_reward_margin_rises(make_spec):
    code, events = run_trainer(make_spec("dpo", max_steps=20, learning_rate=0.005))
    assert code == 0, events
    evals = {e["phase"]: e["metrics"] for e in of(events, "eval")}
    assert evals["after"]["eval_rewards/margins"] > evals["before"]["eval_rewards/margins"] + 0.01
    assert os.path.isfile(os.path.join(of(events, "done")[0]["adapter_path"], "adapter_model.safetensors"))


def test_kto_learns_from_unpaired_outcomes_with_balanced_weights(make_spec, tiny_model):
    weights = os.path.join(tiny_model, "model.safetensors")
    base_hash = _sha(weights)
    code, events = run_trainer(make_spec("kto", max_steps=20, learning_rate=0.005))
    assert code == 0, events
    assert of(events, "start")[0]["strategy"] == "kto"
    evals = {e["phase"]: e for e in of(events, "eval")}
    assert evals["after"]["eval_loss"] < evals["before"]["eval_loss"]
    done = of(events, "done")[0]
    # 12 successes, 4 failures: desirable_weight * 12 == undesirable_weight * 4.
    assert done["metrics"]["kto_desirable_weight"] * 12 == done["metrics"]["kto_undesirable_weight"] * 4
    assert _sha(weights) == base_hash
    tok = AutoTokenizer.from_pretrained(done["tokenizer_path"])
    inputs = tok.apply_chat_template(
        [{"role": "user", "content": "Goal: Find why the nightly build failed"}],
        add_generation_prompt=True,
        return_tensors="pt",
        return_dict=True,
    )
    tuned = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_model), done["adapter_path"])
    with torch.no_grad():
        tuned_logits = tuned(**inputs).logits
        with tuned.disable_adapter():
            base_logits = tuned(**inputs).logits
    assert not torch.allclose(base_logits, tuned_logits, atol=1e-4)


def test_kto_with_one_outcome_only_is_bad_input_naming_the_missing_label(make_spec, tmp_path):
    from conftest import _kto_rows, write_jsonl

    only_good = write_jsonl(tmp_path / "good.jsonl", [r for r in _kto_rows() if r["label"]])
    code, events = run_trainer(make_spec("kto", train_path=only_good, eval_path=None))
    assert code == 2
    error = of(events, "error")[0]
    assert error["kind"] == "bad_input"
    assert "no failure (success: false) example" in error["message"] and "lora" in error["message"]


def test_resume_from_a_checkpoint_continues_at_the_saved_step(make_spec, tmp_path):
    first = make_spec("lora", max_steps=10)
    code, events = run_trainer(first)
    assert code == 0
    checkpoint = [e["path"] for e in of(events, "checkpoint") if e["step"] == 5]
    assert checkpoint and os.path.isdir(checkpoint[0])
    spec = json.load(open(first))
    spec.update(resume_from_checkpoint=checkpoint[0], adapter_dir=str(tmp_path / "resumed" / "adapter"))
    resumed = tmp_path / "resumed.json"
    resumed.write_text(json.dumps(spec))
    code, events = run_trainer(str(resumed))
    assert code == 0, events
    assert of(events, "start")[0]["resumed_from_step"] == 5
    assert [e["step"] for e in of(events, "progress")][0] == 6
    assert of(events, "done")[0]["steps"] == 10


def test_sigterm_saves_a_checkpoint_and_reports_interrupted(make_spec):
    spec = make_spec("lora", max_steps=100000, save_steps=100000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "agi_trainer", "train", "--spec", spec],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": TRAINER_DIR, "HF_HUB_OFFLINE": "1"},
    )
    events = []
    for line in proc.stdout:
        events.append(json.loads(line))
        if events[-1]["event"] == "progress" and events[-1]["step"] >= 3:
            proc.send_signal(signal.SIGTERM)
            break
    events += [json.loads(line) for line in proc.stdout]
    assert proc.wait(timeout=60) == 3
    assert of(events, "error")[0]["kind"] == "interrupted"
    saved = of(events, "checkpoint")
    assert saved and os.path.isfile(os.path.join(saved[-1]["path"], "trainer_state.json"))


def test_bad_input_is_reported_with_the_reason(make_spec, tmp_path):
    code, events = run_trainer(make_spec("lora", base_model=str(tmp_path / "no-such-model")))
    assert code == 2
    assert of(events, "error")[0]["kind"] == "bad_input"
    assert "no-such-model does not exist" in of(events, "error")[0]["message"]

    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    code, events = run_trainer(make_spec("lora", train_path=str(empty), eval_path=None))
    assert code == 2 and "is empty" in of(events, "error")[0]["message"]

    code, events = run_trainer(make_spec("lora", max_seq_length=12))
    assert code == 2 and "max_seq_length" in of(events, "error")[0]["message"]

    # Speed knobs whose package is not installed (CI has neither): refused up front, naming the setting.
    code, events = run_trainer(make_spec("lora", attn_implementation="flash_attention_2", liger_kernel=True))
    message = of(events, "error")[0]["message"]
    assert code == 2
    assert "trainer.attn_implementation flash_attention_2 needs the flash_attn package" in message
    assert "trainer.liger_kernel needs the liger-kernel package" in message


def test_a_base_model_without_chat_template_gets_the_default_template(make_spec, tiny_model, tmp_path):
    import shutil

    bare = tmp_path / "bare"
    shutil.copytree(tiny_model, bare)
    cfg = json.load(open(bare / "tokenizer_config.json"))
    cfg.pop("chat_template", None)
    json.dump(cfg, open(bare / "tokenizer_config.json", "w"))
    for name in ("chat_template.jinja", "chat_template.json"):
        if (bare / name).exists():
            (bare / name).unlink()
    code, events = run_trainer(make_spec("lora", base_model=str(bare), max_steps=3))
    assert code == 0, events
    tok = AutoTokenizer.from_pretrained(of(events, "done")[0]["tokenizer_path"])
    assert "{% generation %}" in tok.chat_template


def test_packing_merges_examples_into_fewer_longer_rows_and_counts_steps_from_them(make_spec):
    from transformers import TrainerCallback

    from agi_trainer.spec import RunSpec
    from agi_trainer.train import build_trainer

    # 16 short examples, batch 4, one epoch: 4 steps unpacked; packed into 256-token rows, far fewer.
    rows = {}
    for packing in (False, True):
        spec = RunSpec.load(make_spec("lora", packing=packing, epochs=1, max_steps=1000, eval_path=None))
        trainer, _ = build_trainer(spec, "cpu", "fp32", lambda params: TrainerCallback())
        rows[packing] = [len(ids) for ids in trainer.train_dataset["input_ids"]]
        assert trainer.args.max_steps == -(-len(rows[packing]) // 4)
    assert len(rows[False]) == 16
    assert len(rows[True]) < len(rows[False]) / 2
    assert max(rows[True]) > max(rows[False]) and max(rows[True]) <= 256
    assert sum(rows[True]) == sum(rows[False])  # nothing dropped, only merged

    code, events = run_trainer(make_spec("lora", packing=True, epochs=1, max_steps=1000))
    assert code == 0, events
    assert of(events, "done")[0]["steps"] == -(-len(rows[True]) // 4) < 4


def test_out_of_memory_is_classified_as_oom_with_exit_4(make_spec):
    # The real trainer, with its training step made to fail the way torch does on a full GPU.
    for raised in (
        "torch.OutOfMemoryError('CUDA out of memory. Tried to allocate 2.00 GiB')",
        "RuntimeError('CUDA error: out of memory')",
    ):
        patch = (
            "import sys, torch, transformers\n"
            "def step(self, *a, **k):\n"
            f"    raise {raised}\n"
            "transformers.Trainer.training_step = step\n"
            "from agi_trainer.__main__ import main\n"
            "sys.exit(main(['train', '--spec', sys.argv[1]]))\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", patch, make_spec("lora", max_steps=3)],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONPATH": TRAINER_DIR, "HF_HUB_OFFLINE": "1"},
        )
        events = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        assert proc.returncode == 4, (raised, proc.stderr[-2000:])
        error = of(events, "error")[0]
        assert error["kind"] == "oom" and "out of memory" in error["message"]
        assert not of(events, "done")
