"""The rollout's results file: one JSON line per finished episode, appended batch by batch and made durable, so a
killed rollout resumes where it stopped."""

from __future__ import annotations

import json
import logging
import os

from .spec import BadInput

log = logging.getLogger("agi_trainer.results")


def episode_key(task_id: str, attempt: int) -> tuple[str, int]:
    """What a results line is resumed by: its task and attempt (0 when there is one)."""
    return (task_id, attempt)


def read_finished(path: str) -> dict[tuple[str, int], dict]:
    """The finished episodes by episode_key. A torn last line (killed mid-write) is cut off the file: its episode runs
    again."""
    if not os.path.isfile(path):
        return {}
    with open(path, "rb") as f:
        data = f.read()
    keep = data.rfind(b"\n") + 1
    if keep < len(data):
        log.warning("%s ends in a torn line (%d bytes): dropping it, its episode runs again", path, len(data) - keep)
        with open(path, "rb+") as f:
            f.truncate(keep)
            os.fsync(f.fileno())
    finished = {}
    for number, line in enumerate(data[:keep].splitlines(), start=1):
        if not line.strip():
            continue
        try:
            result = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise BadInput(
                f"{path} line {number} is not JSON ({err}): delete the file to run every episode again"
            ) from err
        if not isinstance(result, dict) or not isinstance(result.get("task_id"), str):
            raise BadInput(f"{path} line {number} has no task_id: delete the file to run every episode again")
        attempt = result.get("attempt", 0)
        if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 0:
            raise BadInput(f"{path} line {number} has attempt {attempt!r}: delete the file to run every episode again")
        finished[episode_key(result["task_id"], attempt)] = result
    return finished


def append_results(path: str, results: list[dict]) -> None:
    """Appends one batch's lines and waits until they are on disk."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write("".join(json.dumps(result, ensure_ascii=False) + "\n" for result in results))
        f.flush()
        os.fsync(f.fileno())
