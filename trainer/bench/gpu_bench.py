"""GPU benchmark of the trainer: plain trl defaults against agi-core's configuration, on random-weight models of
real shapes (no weights to download) and agent-record data, for SFT, DPO and KTO, plus 4-bit QLoRA.

    python trainer/bench/gpu_bench.py --shape qwen2.5-0.5b --steps 40 --out $OUT/gpu-bench.json
    python trainer/bench/gpu_bench.py --shape qwen2.5-7b --steps 20 --strategies lora --qlora
    python trainer/bench/gpu_bench.py --shape tiny --steps 2      # a CPU smoke run (CI does this)
    python trainer/bench/gpu_bench.py --strategies lora,kto --ablation   # + each side with the other's checkpointing

Results on an H100 (2026-11-26) are in BENCHMARKS.md.

Reports per configuration: real (non-padding) tokens/s, step time, MFU (model FLOPs per token × tokens/s over the
GPU's dense bf16 peak, `--peak-tflops`, 989 for an H100/H200 SXM), peak CUDA memory and final loss, as a Markdown
table on stdout and JSON (rewritten after every configuration, so a run cut short still leaves its rows).
A configuration that fails (an OOM, a kernel library that does not fit this torch) becomes a row with its error;
the others still run. `--only` keeps the configurations named in its comma-separated list (e.g. `--only "trl defaults,
agi-core QLoRA 4-bit"`).

On the project's GPU machine (no network; torch, transformers, peft, accelerate, pyarrow there already), carry the
rest as wheels, fetched here with
    python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \\
      --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \\
      -d .whl trl==1.16.0 datasets==5.2.0 dill==0.4.1 multiprocess==0.70.19 liger-kernel bitsandbytes \\
      transformers==5.23.0 peft==0.21.2
(bitsandbytes needs `--platform manylinux_2_24_x86_64` too: 43 MB, the 64 MiB carry limit holds all of them;
transformers and peft travel so the GPU runs the versions of requirements.lock, not the image's 5.17) and
installed there with `pip install --no-index --no-deps --target /tmp/site .whl/*.whl; export
PYTHONPATH=/tmp/site:trainer` before the command above (see the device tool's README for `carry`).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from agi_trainer.device import pick_device  # noqa: E402
from agi_trainer.spec import RunSpec  # noqa: E402
from agi_trainer.tiny_model import build_tiny_model  # noqa: E402
from agi_trainer.train import build_trainer  # noqa: E402

# From the models' public config.json files: the shapes, not the weights.
SHAPES = {
    "tiny": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                 num_key_value_heads=2, vocab_size=512, tie_word_embeddings=True),
    "qwen2.5-0.5b": dict(hidden_size=896, intermediate_size=4864, num_hidden_layers=24, num_attention_heads=14,
                         num_key_value_heads=2, vocab_size=151936, tie_word_embeddings=True),
    "qwen2.5-7b": dict(hidden_size=3584, intermediate_size=18944, num_hidden_layers=28, num_attention_heads=28,
                       num_key_value_heads=4, vocab_size=152064, tie_word_embeddings=False),
}  # fmt: skip


def agent_records(n: int, seed: int = 0) -> list[dict]:
    """Records shaped like the agent's: a goal, a context, a plan of tool calls, their outputs, a summary."""
    rng = random.Random(seed)
    tools = ["gh_pr_list", "fetch_build_log", "ssh_exec", "vault_write", "run_tests", "changelog_read"]
    out = []
    for i in range(n):
        steps = rng.randint(2, 12)
        plan = [f"{k + 1}. step-{k + 1} ({rng.choice(tools)}): inspect host w{rng.randint(1, 9)}" for k in range(steps)]
        execution = [
            f"{k + 1}. ok: {rng.choice(tools)} returned {rng.randint(1, 500)} items " + "detail " * rng.randint(5, 60)
            for k in range(steps)
        ]
        success = rng.random() < 0.6
        out.append(
            {
                "goal": f"Goal {i % 40}: find why the nightly build on branch b{i % 7} failed and report it",
                "context": f"Area: ci. Run {i}. " + "log line " * rng.randint(10, 80),
                "attempt": "Plan:\n" + "\n".join(plan) + "\n\nExecution:\n" + "\n".join(execution),
                "summary": ("Done: found the failing step and reported it." if success else "Failed: gave up."),
                "success": success,
            }
        )
    return out


def rows_for(strategy: str, records: list[dict]) -> list[dict]:
    def user(r):
        return {"role": "user", "content": f"Goal: {r['goal']}\nContext: {r['context']}"}

    if strategy == "lora":
        return [
            {"messages": [user(r), {"role": "assistant", "content": f"{r['attempt']}\n\n{r['summary']}"}]}
            for r in records
        ]
    if strategy == "kto":
        return [
            {
                "prompt": [user(r)],
                "completion": [{"role": "assistant", "content": f"{r['attempt']}\n\n{r['summary']}"}],
                "label": r["success"],
            }
            for r in records
        ]
    wins = [r for r in records if r["success"]]
    losses = [r for r in records if not r["success"]]
    return [
        {
            "prompt": [user(w)],
            "chosen": [{"role": "assistant", "content": f"{w['attempt']}\n\n{w['summary']}"}],
            "rejected": [{"role": "assistant", "content": f"{loss['attempt']}\n\n{loss['summary']}"}],
        }
        for w, loss in zip(wins, losses, strict=False)
    ]


def build_model(shape: str, work: str) -> tuple[str, int]:
    """A random-weight Qwen2 of `shape` with the tiny model's tokenizer and chat template; returns (path, params)."""
    import torch
    from transformers import AutoTokenizer, Qwen2Config, Qwen2ForCausalLM

    tiny = build_tiny_model(os.path.join(work, "tokenizer-source"))["path"]
    if shape == "tiny":
        return tiny, sum(p.numel() for p in Qwen2ForCausalLM.from_pretrained(tiny).parameters())
    tok = AutoTokenizer.from_pretrained(tiny)
    config = Qwen2Config(
        **SHAPES[shape], max_position_embeddings=32768, rope_theta=1_000_000.0,
        pad_token_id=tok.pad_token_id, eos_token_id=tok.eos_token_id, bos_token_id=None,
    )  # fmt: skip
    torch.set_default_dtype(torch.bfloat16)  # half the memory of an fp32 init (15 GB for the 7B shape)
    try:
        # Random init of 7B parameters takes minutes on a CPU and seconds on the GPU.
        with torch.device("cuda" if torch.cuda.is_available() else "cpu"):
            model = Qwen2ForCausalLM(config)
    finally:
        torch.set_default_dtype(torch.float32)
    out = os.path.join(work, shape)
    model.save_pretrained(out)
    tok.save_pretrained(out)
    params = sum(p.numel() for p in model.parameters())
    del model
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
    return out, params


def spec_for(strategy: str, model: str, data: str, work: str, steps: int, label: str = "", **knobs) -> RunSpec:
    """A bench run's spec: the shared bench settings, overridden by `knobs` (any RunSpec field)."""
    name = f"{strategy}-{label}-" + "-".join(f"{k}={v}" for k, v in sorted(knobs.items()))
    settings = dict(
        epochs=100,
        learning_rate=2e-4,
        lora_rank=16,
        dpo_beta=0.1,
        per_device_batch_size=8,
        max_seq_length=2048,
        save_steps=10**6,
        report_to="none",
    )
    return RunSpec(
        strategy=strategy,
        base_model=model,
        train_path=data,
        eval_path=None,
        adapter_dir=os.path.join(work, name, "adapter"),
        tokenizer_dir=os.path.join(work, name, "tokenizer"),
        checkpoints_dir=os.path.join(work, name, "checkpoints"),
        resume_from_checkpoint=None,
        compare_adapter_dir=None,
        max_steps=steps,
        **{**settings, **knobs},
    )


def plain_trl(spec: RunSpec, device: str, checkpointing: bool = True):
    """What a user gets from trl's documented defaults with a LoRA config and the same learning rate and batch
    (`checkpointing=False` turns off trl's default gradient checkpointing, for the ablation)."""
    from datasets import load_dataset
    from peft import LoraConfig
    from transformers import AutoTokenizer

    data = load_dataset("json", data_files=spec.train_path, split="train")
    tok = AutoTokenizer.from_pretrained(spec.base_model)
    lora = LoraConfig(r=spec.lora_rank, lora_alpha=spec.lora_alpha, target_modules="all-linear", task_type="CAUSAL_LM")
    common = dict(
        output_dir=spec.checkpoints_dir,
        learning_rate=spec.learning_rate,
        max_steps=spec.max_steps,
        per_device_train_batch_size=spec.per_device_batch_size,
        max_length=spec.max_seq_length,
        report_to=[],
        save_strategy="no",
        disable_tqdm=True,
        include_num_input_tokens_seen="non_padding",  # counted as ours, so tokens/s compare
    )
    if not checkpointing:
        common["gradient_checkpointing"] = False
    if spec.strategy == "lora":
        from trl import SFTConfig as Config
        from trl import SFTTrainer as Trainer
    elif spec.strategy == "dpo":
        from trl import DPOConfig as Config
        from trl import DPOTrainer as Trainer
    else:
        from trl import KTOConfig as Config
        from trl import KTOTrainer as Trainer
    if device == "cpu":
        common.update(use_cpu=True, bf16=False)  # fp32, as agi-core trains on a CPU
    return Trainer(
        model=spec.base_model, args=Config(**common), train_dataset=data, processing_class=tok, peft_config=lora
    )


# Model FLOPs per counted (non-padding, input_ids) token, in units of N parameters. LoRA freezes the base, so the
# backward pass computes input gradients (2N) but no weight gradients: SFT is 2N forward + 2N backward = 4N, not
# the 6N of full fine-tuning. DPO adds the reference forward (adapter disabled) over the same chosen+rejected
# tokens: 6N. KTO adds the reference forward and the policy and reference forwards of the KL (mismatched) batch,
# which the token count leaves out: 10N. Attention's own FLOPs are left out, as usual; recomputation by gradient
# checkpointing is not model FLOPs and is not counted either.
FLOPS_PER_TOKEN = {"lora": 4, "dpo": 6, "kto": 10}


class Silent:
    """A trainer callback that does nothing: the bench measures training, not our protocol output."""

    def __getattr__(self, _name):
        return lambda *a, **k: None


class StepClock(Silent):
    """Times steps after the first `warmup` ones (CUDA context, kernel autotuning and Triton JIT land there), with a
    device sync so a step's time is its own, the same for both sides whatever their logging interval."""

    def __init__(self, warmup: int):
        self.warmup, self.marks = warmup, []

    def on_step_end(self, args, state, control, **kwargs):
        import torch

        if torch.cuda.is_available():
            torch.cuda.synchronize()
        self.marks.append((time.perf_counter(), state.num_input_tokens_seen or 0))

    def rate(self, total_seconds: float, total_tokens: int) -> tuple[float, float]:
        """(tokens/s, seconds per step) over the steps after warm-up; the whole run when it was too short."""
        if len(self.marks) > self.warmup + 1:
            (t0, n0), (t1, n1) = self.marks[self.warmup], self.marks[-1]
            steps = len(self.marks) - 1 - self.warmup
            return ((n1 - n0) / (t1 - t0) if n1 > n0 else float("nan")), (t1 - t0) / steps
        steps = max(len(self.marks), 1)
        return (total_tokens / total_seconds if total_tokens else float("nan")), total_seconds / steps


def measure(label: str, spec: RunSpec, params: int, peak_tflops: float, warmup: int = 3) -> dict:
    import torch

    cuda = torch.cuda.is_available() and spec.device != "cpu"
    if cuda:
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
    if label.startswith("trl defaults"):
        device, precision = ("cuda" if cuda else "cpu"), "trl default"
        trainer = plain_trl(spec, device, checkpointing=label == "trl defaults")
    else:
        choice = pick_device(spec)
        device, precision = choice.device, choice.precision
        trainer, _ = build_trainer(spec, device, precision, lambda _params: Silent())
    clock = StepClock(warmup)
    trainer.add_callback(clock)
    start = time.perf_counter()
    result = trainer.train()
    seconds = time.perf_counter() - start
    tokens_per_s, step_seconds = clock.rate(seconds, trainer.state.num_input_tokens_seen or 0)
    row = {
        "strategy": spec.strategy,
        "configuration": label,
        "device": device,
        "precision": precision,
        "steps": trainer.state.global_step,
        "tokens_per_s": tokens_per_s,
        "step_ms": 1000 * step_seconds,
        "timed_steps": max(len(clock.marks) - 1 - warmup, 0) if len(clock.marks) > warmup + 1 else len(clock.marks),
        "mfu": FLOPS_PER_TOKEN[spec.strategy] * params * tokens_per_s / (peak_tflops * 1e12) if cuda else None,
        "peak_gib": torch.cuda.max_memory_allocated() / 2**30 if cuda else None,
        "loss": float(result.training_loss),
        "error": None,
    }
    del trainer, result
    return row


def measure_or_report(label: str, spec: RunSpec, params: int, peak_tflops: float, warmup: int) -> dict:
    """One configuration's row; its failure (OOM, an incompatible kernel library) becomes the row, not the end."""
    import torch

    try:
        return measure(label, spec, params, peak_tflops, warmup)
    except Exception as err:  # noqa: BLE001 — one GPU session, one try: keep the other rows
        first = (str(err).splitlines() or [""])[0][:300]
        return {"strategy": spec.strategy, "configuration": label, "error": f"{type(err).__name__}: {first}"}
    finally:
        gc.collect()
        if torch.cuda.is_available():
            torch.cuda.empty_cache()


def configurations(strategy: str, args) -> list[tuple[str, dict]]:
    device = "cpu" if args.shape == "tiny" else "auto"
    out = [("trl defaults", {"device": device}), ("agi-core", {"device": device})]
    if device != "cpu" and importlib.util.find_spec("liger_kernel"):
        out.append(("agi-core + liger", {"device": device, "liger_kernel": True}))
    if strategy == "lora":
        out.append(("agi-core + packing", {"device": device, "packing": True}))
    if args.qlora and strategy == "lora" and importlib.util.find_spec("bitsandbytes"):
        out.append(("agi-core QLoRA 4-bit", {"device": device, "quantization": "4bit"}))
    if args.ablation:
        # Where the gap comes from: each side with the other's gradient-checkpointing choice.
        out.append(("trl defaults - checkpointing", {"device": device}))
        out.append(("agi-core + checkpointing", {"device": device, "gradient_checkpointing": True}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="qwen2.5-0.5b")
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--strategies", default="lora,dpo,kto")
    parser.add_argument("--records", type=int, default=512)
    parser.add_argument("--batch", type=int, default=8, help="micro-batch per device (lower it for the 7B shape)")
    parser.add_argument("--qlora", action="store_true", help="add 4-bit QLoRA (needs bitsandbytes)")
    parser.add_argument("--peak-tflops", type=float, default=989.0, help="dense bf16 peak: H200/H100 SXM 989")
    parser.add_argument("--out", default=None, help="also write the rows as JSON here")
    parser.add_argument("--ablation", action="store_true", help="add each side with the other's checkpointing")
    parser.add_argument("--warmup", type=int, default=3, help="steps left out of tokens/s and step time")
    parser.add_argument("--only", default="", help="comma-separated configuration labels to run")
    args = parser.parse_args()
    only = [word.strip() for word in args.only.split(",") if word.strip()]
    table_out, sys.stdout = sys.stdout, sys.stderr  # the HF Trainer prints its log dicts: keep stdout for the table
    results = []
    with tempfile.TemporaryDirectory() as work:
        model, params = build_model(args.shape, work)
        records = agent_records(args.records)
        for strategy in args.strategies.split(","):
            data = os.path.join(work, f"{strategy}.jsonl")
            with open(data, "w", encoding="utf-8") as f:
                for row in rows_for(strategy, records):
                    f.write(json.dumps(row) + "\n")
            for label, knobs in configurations(strategy, args):
                if only and label not in only:
                    continue
                spec = spec_for(
                    strategy, model, data, work, args.steps, label, per_device_batch_size=args.batch, **knobs
                )
                results.append(measure_or_report(label, spec, params, args.peak_tflops, args.warmup))
                print(json.dumps(results[-1]), file=sys.stderr, flush=True)
                if args.out:
                    report = {"shape": args.shape, "params": params, "steps": args.steps, "batch": args.batch}
                    with open(args.out + ".tmp", "w", encoding="utf-8") as f:
                        json.dump({**report, "rows": results}, f, indent=2)
                    os.replace(args.out + ".tmp", args.out)
    sys.stdout = table_out
    failed = [r for r in results if r["error"]]
    size = f"{params / 1e6:.1f}M parameters, random weights"
    timing = f"{args.steps} steps, the first {args.warmup} untimed"
    print(f"shape {args.shape} ({size}); {timing}; micro-batch {args.batch}\n")
    print("| strategy | configuration | device | precision | tokens/s | step ms | MFU | peak GiB | final loss |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        if r["error"]:
            print(f"| {r['strategy']} | {r['configuration']} | failed: {r['error']} | | | | | | |")
            continue
        mfu = "-" if r["mfu"] is None else f"{100 * r['mfu']:.1f} %"
        peak = "-" if r["peak_gib"] is None else f"{r['peak_gib']:.1f}"
        cells = [r["strategy"], r["configuration"], r["device"], r["precision"], f"{r['tokens_per_s']:.0f}"]
        print("| " + " | ".join([*cells, f"{r['step_ms']:.1f}", mfu, peak, f"{r['loss']:.4f}"]) + " |")
    if failed:
        sys.exit(f"{len(failed)} configuration(s) failed: see their rows")


if __name__ == "__main__":
    main()
