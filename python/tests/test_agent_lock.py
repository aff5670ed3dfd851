"""The dataset lock and the append: the on-disk protocol of dir-lock.ts and append.ts."""

import os
import subprocess
import sys
import threading
import time

import pytest

from agi_core_agent import InvalidDatasetError, LockTimeoutError, append_lines, dir_lock


def test_the_lock_is_a_folder_holding_its_owners_pid_and_leaves_nothing_when_released(tmp_path):
    lock = str(tmp_path / "dataset.jsonl.lock")
    with dir_lock(lock):
        assert open(os.path.join(lock, "pid")).read() == str(os.getpid())
    assert os.listdir(tmp_path) == []


def test_a_lock_left_by_a_dead_process_is_taken_over(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock = tmp_path / "dataset.jsonl.lock"
    lock.mkdir()
    (lock / "pid").write_text(dead.stdout.strip())
    with dir_lock(str(lock), timeout_s=5):
        assert (lock / "pid").read_text() == str(os.getpid())
    assert os.listdir(tmp_path) == []


def test_a_lock_held_by_a_live_process_is_waited_for_then_refused_naming_it(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lock = tmp_path / "dataset.jsonl.lock"
        lock.mkdir()
        (lock / "pid").write_text(str(holder.pid))
        started = time.monotonic()
        with pytest.raises(LockTimeoutError, match=f"held by pid {holder.pid}"):
            with dir_lock(str(lock), timeout_s=0.3):
                pass
        assert time.monotonic() - started >= 0.3
        assert sorted(os.listdir(tmp_path)) == ["dataset.jsonl.lock"]  # ours cleaned up, theirs untouched
    finally:
        holder.kill()
        holder.wait()


def test_appends_are_whole_lines_and_a_torn_tail_stays_one_bad_line(tmp_path):
    dataset = tmp_path / "data" / "dataset.jsonl"
    append_lines(str(dataset), ['{"a":1}'])  # creates the folder
    with open(dataset, "a") as f:
        f.write('{"torn":')  # a writer that died mid-line
    append_lines(str(dataset), ['{"b":2}', '{"c":3}'])
    assert dataset.read_text().split("\n") == ['{"a":1}', '{"torn":', '{"b":2}', '{"c":3}', ""]


def test_threads_of_one_process_take_turns(tmp_path):
    dataset = str(tmp_path / "dataset.jsonl")
    threads = [
        threading.Thread(target=lambda n=n: [append_lines(dataset, [f'{{"t":{n},"i":{i}}}']) for i in range(50)])
        for n in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(open(dataset).read().splitlines()) == 200


def test_a_folder_as_dataset_and_a_line_with_a_newline_are_refused(tmp_path):
    with pytest.raises(InvalidDatasetError, match="is a directory: point learning.dataset_path at a .jsonl file"):
        append_lines(str(tmp_path), ["{}"])
    with pytest.raises(ValueError, match="must not contain a newline"):
        append_lines(str(tmp_path / "d.jsonl"), ['{"a":\n1}'])
