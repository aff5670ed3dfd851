import json
import os
import subprocess
import sys

from conftest import TRAINER_DIR


def test_the_gpu_benchmark_runs_end_to_end_on_a_cpu_smoke_shape(tmp_path):
    # The GPU machine has no network and no second chance: this keeps the script runnable between GPU sessions.
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, os.path.join(TRAINER_DIR, "bench", "gpu_bench.py"), "--shape", "tiny", "--steps", "1",
         "--records", "24", "--strategies", "lora,kto", "--ablation", "--out", str(out)],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": TRAINER_DIR, "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = json.loads(out.read_text())["rows"]
    assert [(r["strategy"], r["configuration"]) for r in rows] == [
        ("lora", "trl defaults"),
        ("lora", "agi-core"),
        ("lora", "agi-core + packing"),
        ("lora", "trl defaults - checkpointing"),
        ("lora", "agi-core + checkpointing"),
        ("kto", "trl defaults"),
        ("kto", "agi-core"),
        ("kto", "trl defaults - checkpointing"),
        ("kto", "agi-core + checkpointing"),
    ]
    assert all(r["error"] is None and r["tokens_per_s"] > 0 and r["steps"] == 1 for r in rows)
    assert "| lora | agi-core | cpu | fp32 |" in proc.stdout
