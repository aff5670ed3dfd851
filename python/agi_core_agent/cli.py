"""Asks the product itself — the `agi-core` and `agi-core-train` commands — rather than re-implementing it.

Where the commands are, first match wins:
1. the `cli` argument, 2. the AGI_CORE_CLI environment variable — either the `agi-core` executable, its
   `dist/cli/agi-core.js` (run with `node` from PATH), or the repository / installed package folder holding it;
3. `agi-core` on PATH (`npm install -g`, or node_modules/.bin on PATH).
`agi-core-train` is taken from beside `agi-core` (the same package ships both).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any

from .errors import AgiCoreCliError

ENV_VAR = "AGI_CORE_CLI"
_FIX = (
    f"install it (npm install -g, or `npm ci && npm run build` in the repository) and put `agi-core` on PATH, set "
    f"{ENV_VAR} to the agi-core executable or the repository folder, or pass cli=…"
)


def find_cli(name: str = "agi-core", cli: str | None = None) -> list[str]:
    """The argv prefix that runs `name` (agi-core or agi-core-train)."""
    given = cli or os.environ.get(ENV_VAR)
    if given:
        where = "cli=" if cli else ENV_VAR
        path = os.path.abspath(os.path.expanduser(given))
        if os.path.isdir(path):
            path = os.path.join(path, "dist", "cli", "agi-core.js")
        if not os.path.isfile(path):
            raise AgiCoreCliError(f"{where} {given}: no agi-core there ({path} does not exist); {_FIX}")
        sibling = os.path.join(os.path.dirname(path), os.path.basename(path).replace("agi-core", name, 1))
        return _runnable(sibling)
    found = shutil.which(name)
    if not found:
        raise AgiCoreCliError(f"cannot find the {name} command: {_FIX}")
    return [found]


def _runnable(path: str) -> list[str]:
    if not path.endswith(".js"):
        return [path]
    node = shutil.which("node")
    if not node:
        raise AgiCoreCliError(f"{path} needs Node.js to run, and there is no `node` on PATH: install Node.js 22+")
    return [node, path]


def run_cli(name: str, args: list[str], *, cli: str | None = None, cwd: str | None = None) -> Any:
    """Runs `name args…` and returns the JSON it prints on stdout; its stderr is the reason when it fails."""
    argv = [*find_cli(name, cli), *args]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=cwd)
    if done.returncode != 0:
        why = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
        raise AgiCoreCliError(f"`{name} {' '.join(args)}` failed (exit {done.returncode}): {why}")
    try:
        return json.loads(done.stdout)
    except ValueError as err:
        raise AgiCoreCliError(f"`{name} {' '.join(args)}` printed no JSON: {done.stdout[:200]!r}") from err


def effective_config(config: str | None = None, *, cli: str | None = None, cwd: str | None = None) -> dict:
    """The effective configuration (`agi-core config show --json`) as nested sections, paths resolved."""
    shown = run_cli(
        "agi-core", ["config", "show", "--json", *(["--config", config] if config else [])], cli=cli, cwd=cwd
    )
    out: dict = {"root": shown.get("root"), "config_path": shown.get("config_path")}
    for item in shown["values"]:
        section, _, key = item["key"].partition(".")
        out.setdefault(section, {})[key] = item["value"]
    return out


def suggested_command(strategy: str, dataset_path: str) -> str:
    """The command an operator (or cron) runs; the SelfOptimizer starts the same run itself."""
    return f"agi-core-train --strategy={strategy} --dataset={dataset_path} --require-threshold"


def schedule_training_if_ready(
    dataset_path: str | None = None,
    threshold: int | None = None,
    strategy: str | None = None,
    *,
    config: str | None = None,
    start: bool = False,
    cli: str | None = None,
    cwd: str | None = None,
) -> dict:
    """The seed's helper: is the dataset ready, and which `agi-core-train` command trains on it — as
    scheduleTrainingIfReady answers, `{triggered, sample_count, threshold, command}`. Defaults come from the
    project's config (learning.dataset_path, min_samples_for_training, training_strategy). `start=True` also
    starts that run when ready (`agi-core-train … --require-threshold --no-wait` against temporal.address) and
    adds what it printed as `run`."""
    settings = effective_config(config, cli=cli, cwd=cwd)["learning"]
    dataset = os.path.abspath(dataset_path) if dataset_path else settings["dataset_path"]
    threshold = settings["min_samples_for_training"] if threshold is None else threshold
    strategy = strategy or settings["training_strategy"]
    with_config = ["--config", config] if config else []
    counts = run_cli("agi-core", ["dataset", "stats", "--json", "--dataset", dataset, *with_config], cli=cli, cwd=cwd)
    suggestion = {
        "triggered": counts["valid"] >= threshold,
        "sample_count": counts["valid"],
        "threshold": threshold,
        "command": suggested_command(strategy, dataset),
    }
    if start and suggestion["triggered"]:
        args = [f"--strategy={strategy}", f"--dataset={dataset}", "--require-threshold", "--no-wait"]
        args += ["--min-samples", str(threshold), *with_config]
        suggestion["run"] = run_cli("agi-core-train", args, cli=cli, cwd=cwd)
    return suggestion
