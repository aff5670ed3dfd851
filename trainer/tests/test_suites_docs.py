import re

from conftest import REPO

from agi_trainer.suites import load_suite


def test_the_user_suite_example_in_the_docs_loads_and_keeps_its_splits_apart(tmp_path, monkeypatch):
    with open(f"{REPO}/docs/suites.md", encoding="utf-8") as f:
        example = re.search(r"```python\n(.*?)```", f.read(), re.DOTALL).group(1)
    package = tmp_path / "my_suites"
    package.mkdir()
    (package / "lengths.py").write_text(example)
    monkeypatch.syspath_prepend(str(tmp_path))
    suite = load_suite("python:my_suites.lengths:make_suite")
    train, heldout = suite.tasks("train", 0, 8), suite.tasks("heldout", 0, 8)
    assert {t.goal for t in train}.isdisjoint({t.goal for t in heldout})
    assert suite.tasks("heldout", 0, 3, offset=5) == heldout[5:]
    task = heldout[0]
    output = suite.call(task, "length", {"word": task.data["w"]})
    assert suite.score(task, output)[0] and not suite.score(task, output + "0")[0]
