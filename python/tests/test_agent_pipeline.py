"""LearningPipeline for Python agents, and the questions it asks the agi-core CLI (the built one in dist/)."""

import json
import os
import subprocess

import pytest

from agi_core_agent import AgiCoreCliError, LearningPipeline, find_cli, schedule_training_if_ready

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILT = os.path.isfile(os.path.join(REPO, "dist", "cli", "agi-core.js"))


def project(tmp_path, config="learning:\n  min_samples_for_training: 3\n"):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "default.yaml").write_text(config)
    (tmp_path / "config" / "overrides.yaml").write_text("learning:\n  active_adapter_path: models/run-9/adapter\n")
    return tmp_path / "storage" / "learning" / "dataset.jsonl"


def test_records_are_buffered_until_the_batch_is_full_then_appended_stamped(tmp_path):
    dataset = project(tmp_path)
    pipeline = LearningPipeline(str(dataset), 3)
    pipeline.add_example({"goal": "g1", "summary": "s"})
    pipeline.add_example({"goal": "g2", "summary": "s"})
    assert pipeline.buffered == 2 and not dataset.exists()
    pipeline.add_example({"goal": "g3", "summary": "s"})
    assert pipeline.buffered == 0
    with pipeline:
        pipeline.add_example({"goal": "g4", "summary": "s"})
    lines = [json.loads(line) for line in dataset.read_text().splitlines()]
    assert [r["goal"] for r in lines] == ["g1", "g2", "g3", "g4"]
    assert {r["adapter"] for r in lines} == {"run-9"}


def test_a_bad_record_is_refused_at_once_and_nothing_is_buffered(tmp_path):
    pipeline = LearningPipeline(str(project(tmp_path)), 3)
    with pytest.raises(ValueError, match="LearningPipeline.add_example: goal: goal must be a non-empty string"):
        pipeline.add_example({"goal": "", "summary": "s"})
    assert pipeline.buffered == 0
    with pytest.raises(ValueError, match="flush_batch must be a whole number"):
        LearningPipeline("d.jsonl", 0)


def test_no_stamp_without_an_overrides_file(tmp_path):
    dataset = tmp_path / "dataset.jsonl"  # no project around it
    with LearningPipeline(str(dataset), 1) as pipeline:
        pipeline.add_example({"goal": "g", "summary": "s"})
    assert "adapter" not in json.loads(dataset.read_text())


def test_the_cli_is_found_from_the_argument_the_environment_or_path(tmp_path, monkeypatch):
    monkeypatch.setenv("AGI_CORE_CLI", REPO)
    assert find_cli("agi-core-train")[-1] == os.path.join(REPO, "dist", "cli", "agi-core-train.js")
    with pytest.raises(AgiCoreCliError, match="cli= /nowhere: no agi-core there"):
        find_cli(cli="/nowhere")
    monkeypatch.delenv("AGI_CORE_CLI")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(AgiCoreCliError, match="cannot find the agi-core command: .* set AGI_CORE_CLI"):
        find_cli()


def test_schedule_training_if_ready_asks_the_product(tmp_path):
    assert BUILT, "needs the built CLI: run `npm run build` first (npm test builds before the trainer tests)"
    dataset = project(tmp_path)
    config = str(tmp_path / "config" / "default.yaml")
    with LearningPipeline.from_config(config, cli=REPO) as pipeline:
        assert pipeline.dataset_path == str(dataset) and pipeline.flush_batch == 10
        for i in range(2):
            pipeline.add_example({"task_id": i, "goal": f"g{i}", "summary": "s", "success": True})
    waiting = schedule_training_if_ready(config=config, cli=REPO)
    assert waiting == {
        "triggered": False,
        "sample_count": 2,
        "threshold": 3,
        "command": f"agi-core-train --strategy=lora --dataset={dataset} --require-threshold",
    }
    assert schedule_training_if_ready(config=config, threshold=2, strategy="kto", cli=REPO)["triggered"] is True
    # The same answer the TypeScript library gives (scheduleTrainingIfReady), through the same count.
    stats = subprocess.run(
        ["node", os.path.join(REPO, "dist", "cli", "agi-core.js"), "dataset", "stats", "--json", "--config", config],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(stats.stdout)["valid"] == 2
