"""Training throughput: agi-core's trainer configuration vs plain trl defaults, same model, data and device.

    python trainer/bench/train_bench.py --steps 30 [--model PATH_OR_ID]

Prints a Markdown table: tokens/s, step time, peak memory, final loss, for LoRA SFT and DPO.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from gpu_bench import Silent, plain_trl, spec_for  # noqa: E402  (this folder: the two benches share their setup)

from agi_trainer.device import pick_device  # noqa: E402
from agi_trainer.tiny_model import build_tiny_model  # noqa: E402
from agi_trainer.train import build_trainer  # noqa: E402


def rows(strategy: str, n: int = 256) -> list[dict]:
    out = []
    for i in range(n):
        goal = f"Task {i % 16}: check the worker hosts and report disk usage in detail"
        body = " ".join(f"step {k}: ran tool_{k % 5} with args {{'host': 'w{i % 7}'}} ok" for k in range(1 + i % 12))
        if strategy == "lora":
            out.append(
                {
                    "messages": [
                        {"role": "user", "content": f"Goal: {goal}\n{body}"},
                        {"role": "assistant", "content": f"Done. {body[:200]}"},
                    ]
                }
            )
        else:
            out.append(
                {
                    "prompt": [{"role": "user", "content": f"Goal: {goal}"}],
                    "chosen": [{"role": "assistant", "content": f"Done. {body}"}],
                    "rejected": [{"role": "assistant", "content": f"Failed. {body[::-1][:300]}"}],
                }
            )
    return out


def peak_memory_mb(device: str) -> float:
    import torch

    if device == "cuda":
        return torch.cuda.max_memory_allocated() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(kind: str, strategy: str, model: str, steps: int, work: str) -> dict:
    import torch

    data = os.path.join(work, f"{strategy}.jsonl")
    with open(data, "w") as f:
        for row in rows(strategy):
            f.write(json.dumps(row) + "\n")
    spec = spec_for(strategy, model, data, work, steps, kind, lora_alpha=32, max_seq_length=1024, seed=0)
    choice = pick_device(spec)
    device, precision = choice.device, choice.precision
    if device == "cuda":
        torch.cuda.reset_peak_memory_stats()
    if kind == "agi-core":
        trainer, _ = build_trainer(spec, device, precision, lambda params: Silent())
    else:
        trainer = plain_trl(spec, device)
    start = time.perf_counter()
    result = trainer.train()
    seconds = time.perf_counter() - start
    tokens = trainer.state.num_input_tokens_seen or 0
    return {
        "kind": kind,
        "strategy": strategy,
        "device": device,
        "precision": precision,
        "steps": trainer.state.global_step,
        "tokens_per_s": tokens / seconds if tokens else float("nan"),
        "step_ms": 1000 * seconds / max(trainer.state.global_step, 1),
        "peak_mb": peak_memory_mb(device),
        "loss": float(result.training_loss),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--model", default=None, help="hub id or local folder; default: a tiny model built here")
    args = parser.parse_args()
    # The HF Trainer prints its log dicts to stdout: keep stdout for the table.
    table_out, sys.stdout = sys.stdout, sys.stderr
    with tempfile.TemporaryDirectory() as work:
        model = args.model or build_tiny_model(os.path.join(work, "tiny"))["path"]
        results = [
            run(kind, strategy, model, args.steps, work)
            for strategy in ("lora", "dpo")
            for kind in ("trl-defaults", "agi-core")
        ]
    sys.stdout = table_out
    print(
        f"model: {args.model or 'tiny (built locally, 107k params)'}; steps: {args.steps}; batch 8; max length 1024\n"
    )
    print("| strategy | configuration | device | precision | tokens/s | step ms | peak MB | final loss |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        cells = [r["strategy"], r["kind"], r["device"], r["precision"], f"{r['tokens_per_s']:.0f}"]
        cells += [f"{r['step_ms']:.1f}", f"{r['peak_mb']:.0f}", f"{r['loss']:.4f}"]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
