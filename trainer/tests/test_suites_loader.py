import sys

import pytest

from agi_trainer.spec import BadInput
from agi_trainer.suites import load_suite


def test_a_hand_written_suite_loads_through_python_selector():
    suite = load_suite("python:fixtures.user_suite:make_suite")
    tasks = suite.tasks("heldout", 0, 2)
    assert [t.id for t in tasks] == ["len:heldout:0:0", "len:heldout:0:1"]
    assert suite.call(tasks[0], "length", {"word": "fig"}) == "3"
    assert tasks[0].goal == "How long is cherry?"
    assert suite.score(tasks[0], "6")[0]


@pytest.mark.parametrize(
    "selector, message",
    [
        ("python:fixtures.no_such_module:make", "cannot import fixtures.no_such_module.*PYTHONPATH"),
        ("python:fixtures.user_suite:nothing_here", "has no function nothing_here"),
        ("python:fixtures.user_suite", "write python:package.module:factory"),
        ("python:fixtures.user_suite:broken_factory", "broken_factory\\(\\) raised RuntimeError: no tasks today"),
        ("python:fixtures.user_suite:not_a_suite", "without tasks, tools, call, score, system_prompt"),
        ("gym:chain_sum", "not a suite selector: use reasoning-gym:NAME"),
        ("", "is empty"),
    ],
)
def test_a_suite_that_cannot_be_loaded_is_one_line_naming_it_and_the_fix(selector, message):
    with pytest.raises(BadInput, match=message) as err:
        load_suite(selector)
    assert repr(selector) in str(err.value) and "\n" not in str(err.value)


def test_reasoning_gym_missing_from_the_venv_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "reasoning_gym", None)  # makes `import reasoning_gym` raise ImportError
    with pytest.raises(BadInput, match="needs the reasoning-gym package.*agi-core trainer setup"):
        load_suite("reasoning-gym:chain_sum")
