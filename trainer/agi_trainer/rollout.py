"""`python -m agi_trainer rollout --spec FILE`: a model acting on a task suite, one JSON line per episode in the
results file and protocol events on stdout (rollout_start, rollout_progress, rollout_done, error).

    python -m agi_trainer rollout --spec rollout.json

With `attempts` K above 1 (sampled, temperature > 0), each task is acted on K times, its attempts side by side in
one batch (a batch holds batch_size // K whole tasks, at least one): the attempts at one task that succeed and fail
are what trajectory DPO pairs. The events' `tasks` and `done` then count episodes.

Resumable: episodes already in the results file are not run again, and batches are cut from the whole episode list
(episode i in batch i // step, step = batch_size // K * K, at least K), so a resumed run generates in exactly the
batches an uninterrupted one would: at temperature 0 it writes the same lines."""

from __future__ import annotations

import logging
import sys
import time

from .acting import run_batch, tools_with_answer
from .callbacks import StopRequest
from .device import pick_device
from .failures import EXIT_INTERRUPTED, report_failure
from .protocol import emit
from .results_file import append_results, episode_key, read_finished
from .rollout_spec import RolloutSpec
from .spec import BadInput
from .suites import load_suite

log = logging.getLogger("agi_trainer.rollout")


def suite_tasks(suite, spec: RolloutSpec) -> list:
    """The spec's tasks, checked: a user suite's bug is bad input naming the suite, not a crash."""
    try:
        tasks = suite.tasks(spec.split, spec.seed, spec.tasks, spec.offset)
    except BadInput:
        raise
    except Exception as err:  # noqa: BLE001 — the fix is in the suite's code
        raise BadInput(f"suite {spec.suite!r} raised while building tasks: {type(err).__name__}: {err}") from err
    problems = []
    if len(tasks) != spec.tasks:
        problems.append(f"returned {len(tasks)} tasks for count {spec.tasks}")
    ids = [getattr(task, "id", None) for task in tasks]
    if len(set(ids)) != len(ids) or not all(isinstance(i, str) and i for i in ids):
        problems.append("task ids must be distinct non-empty strings")
    if not all(isinstance(getattr(t, "goal", None), str) and t.goal.strip() for t in tasks):
        problems.append("every task needs a non-empty goal")
    if problems:
        raise BadInput(f"suite {spec.suite!r}: " + "; ".join(problems) + ": fix the suite's tasks()")
    return tasks


def suite_tools(suite, selector: str) -> list[dict]:
    try:
        tools = suite.tools()
        names = [tool["function"]["name"] for tool in tools if tool.get("type") == "function"]
    except Exception as err:  # noqa: BLE001
        raise BadInput(f"suite {selector!r}: tools() must return function definitions ({err!r})") from err
    if len(names) != len(tools) or not all(isinstance(n, str) and n for n in names):
        raise BadInput(f"suite {selector!r}: tools() must return {{'type': 'function', 'function': {{'name': …}}}}")
    return tools_with_answer(tools)


def act(spec: RolloutSpec, stop: StopRequest) -> int:
    suite = load_suite(spec.suite)
    tasks = suite_tasks(suite, spec)
    tools = suite_tools(suite, spec.suite)
    # One unit per episode: (index, task, attempt), the attempts at a task next to each other.
    units = [(spec.offset + i, task, a) for i, task in enumerate(tasks) for a in range(spec.attempts)]
    finished = read_finished(spec.results_path)
    resumed = [finished[key] for _, task, a in units if (key := episode_key(task.id, a)) in finished]
    if len(finished) > len(resumed):
        log.warning(
            "%s holds %d episodes of other tasks or attempts: left as they are",
            spec.results_path,
            len(finished) - len(resumed),
        )
    choice = pick_device(spec)
    if choice.note:
        log.warning("%s", choice.note)
    policy = None
    if len(resumed) < len(units):
        from .policy import Policy

        policy = Policy(spec.base_model, spec.adapter_path, choice.device, choice.precision)
    emit("rollout_start", tasks=len(units), resumed=len(resumed), device=choice.device, suite=spec.suite)
    done, successes = len(resumed), sum(bool(result.get("success")) for result in resumed)
    started, ran = time.monotonic(), 0
    # Batches hold whole tasks, every attempt at one task generated together (batch_size below attempts: one task).
    step = max(1, spec.batch_size // spec.attempts) * spec.attempts
    for first in range(0, len(units), step):
        todo = [unit for unit in units[first : first + step] if episode_key(unit[1].id, unit[2]) not in finished]
        if not todo:
            continue
        if stop.check():
            return interrupted(spec, done, len(units))

        def generate(conversations, step, first=first):
            # Seeded per batch and turn, so a resumed run samples what the uninterrupted one would have.
            seed = (spec.seed * 1_000_003 + first) * 31 + step
            return policy.generate(
                conversations, max_new_tokens=spec.max_new_tokens, temperature=spec.temperature, seed=seed, stop=stop
            )

        episodes = run_batch(
            [(index, task) for index, task, _ in todo],
            suite,
            tools,
            generate,
            max_steps=spec.max_steps,
            timeout=spec.tool_timeout_seconds,
        )
        if episodes is None:
            return interrupted(spec, done, len(units))
        results = [
            with_attempt(episode.result(spec.count_lucky_as_success), attempt, spec.attempts)
            for episode, (_, _, attempt) in zip(episodes, todo, strict=True)
        ]
        append_results(spec.results_path, results)
        done, ran = done + len(results), ran + len(results)
        successes += sum(result["success"] for result in results)
        elapsed = time.monotonic() - started
        eta = elapsed / ran * (len(units) - done)
        emit("rollout_progress", done=done, tasks=len(units), successes=successes, eta_seconds=round(eta, 1))
    emit(
        "rollout_done",
        results_path=spec.results_path,
        tasks=len(units),
        successes=successes,
        seconds=round(time.monotonic() - started, 3),
    )
    return 0


def with_attempt(result: dict, attempt: int, attempts: int) -> dict:
    """The attempt's number on its results line, and in its record when the task had several."""
    result["attempt"] = attempt
    if attempts > 1:
        result["record"]["attempt"] = attempt
    return result


def interrupted(spec: RolloutSpec, done: int, tasks: int) -> int:
    emit(
        "error",
        kind="interrupted",
        message=f"stopped by signal after {done} of {tasks} episodes; they are kept in {spec.results_path}",
    )
    return EXIT_INTERRUPTED


def run(spec_path: str) -> int:
    # Libraries print to stdout: keep stdout for protocol lines only.
    sys.stdout = sys.stderr
    stop = StopRequest()
    stop.install()
    try:
        return act(RolloutSpec.load(spec_path), stop)
    except Exception as err:  # noqa: BLE001 — every failure must reach the activity classified
        return report_failure(err, "rollout")
