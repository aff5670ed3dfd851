import json

import pytest

from agi_trainer.acting import Reply, run_batch, tools_with_answer
from agi_trainer.spec import BadInput
from agi_trainer.suites import load_suite
from agi_trainer.suites.reasoning_gym_suite import HELDOUT_GUARD, reference_call

SIX = "basic_arithmetic,chain_sum,number_sorting,word_sorting,letter_counting,spell_backward"


@pytest.fixture(scope="module")
def six():
    return load_suite(f"reasoning-gym:{SIX}")


def test_the_same_request_gives_the_same_tasks_and_offsets_continue_the_list(six):
    first = six.tasks("heldout", 7, 12)
    assert [t.id for t in first] == [t.id for t in six.tasks("heldout", 7, 12)]
    assert [t.goal for t in first] == [t.goal for t in load_suite(f"reasoning-gym:{SIX}").tasks("heldout", 7, 12)]
    assert six.tasks("heldout", 7, 5, offset=7) == first[7:]
    assert six.tasks("train", 7, 4, offset=8) == six.tasks("train", 7, 12)[8:]
    assert first[0].id == "rg:basic_arithmetic:heldout:7:0" and first[7].id == "rg:chain_sum:heldout:7:1"
    assert [t.dataset for t in first[:6]] == SIX.split(",")
    assert six.tasks("heldout", 8, 6) != first[:6]


def test_training_tasks_never_repeat_a_held_out_question_even_in_a_tiny_task_space():
    # Three one-digit terms without negatives: 4000 distinct questions, 2000 held-out draws cover about 40 %.
    suite = load_suite("reasoning-gym:chain_sum(min_terms=3,max_terms=3,max_digits=1,allow_negation=false)")
    heldout = suite.tasks("heldout", 3, HELDOUT_GUARD)
    train = suite.tasks("train", 3, 30)
    assert {t.goal for t in train}.isdisjoint({t.goal for t in heldout})
    assert {t.id for t in train}.isdisjoint({t.id for t in heldout})
    indexes = [int(t.id.rsplit(":", 1)[1]) for t in train]
    assert indexes != list(range(30)), "some training tasks were dropped for repeating held-out questions"
    assert train[0].id.startswith("rg:chain_sum(allow_negation=False,max_digits=1,max_terms=3,min_terms=3):train:3:")


def test_a_task_space_too_small_to_keep_the_splits_apart_is_refused():
    # Two one-digit terms: about 720 distinct questions, all of them among the 2000 held-out ones.
    suite = load_suite("reasoning-gym:chain_sum(min_terms=2,max_terms=2,max_digits=1)")
    with pytest.raises(BadInput, match="too few distinct tasks.*raise its difficulty"):
        suite.tasks("train", 0, 5)


@pytest.mark.parametrize(
    "selector, message",
    [
        ("reasoning-gym:chain_summ", "no dataset 'chain_summ'.*did you mean chain_sum"),
        ("reasoning-gym:", "names no dataset"),
        ("reasoning-gym:chain_sum(terms=3)", "no setting 'terms'.*min_terms"),
        ("reasoning-gym:chain_sum(seed=3)", "no setting 'seed'"),
        ("reasoning-gym:chain_sum(min_terms=5,max_terms=2)", "refuses these settings"),
        ("reasoning-gym:chain_sum(max_terms=x y)", "not a literal"),
    ],
)
def test_bad_selectors_name_the_suite_and_the_fix(selector, message):
    with pytest.raises(BadInput, match=message) as err:
        load_suite(selector)
    assert repr(selector) in str(err.value)


def test_bad_task_requests_are_refused(six):
    with pytest.raises(BadInput, match="split 'test'"):
        six.tasks("test", 0, 1)
    with pytest.raises(BadInput, match="seed -1"):
        six.tasks("train", -1, 1)


def _oracle_call(task) -> tuple[str, dict]:
    """The right tool and arguments: the suite's own reference solution (its worked examples use it too)."""
    return reference_call(task)


def oracle(tasks):
    """A scripted policy: the right call first, then answer with exactly what the tool returned."""
    by_goal = {f"Goal: {t.goal}": t for t in tasks}

    def generate(conversations, step):
        replies = []
        for messages, _tools in conversations:
            if messages[-1]["role"] == "tool":
                call = ("answer", {"text": messages[-1]["content"]})
            else:
                call = _oracle_call(by_goal[messages[1]["content"]])
            replies.append(Reply(f"<tool_call>\n{json.dumps({'name': call[0], 'arguments': call[1]})}\n</tool_call>"))
        return replies

    return generate


def test_an_oracle_calling_the_right_tools_solves_every_task_of_the_six_datasets(six):
    tasks = six.tasks("heldout", 11, 120)
    episodes = run_batch(
        list(enumerate(tasks)), six, tools_with_answer(six.tools()), oracle(tasks), max_steps=4, timeout=5
    )
    results = [episode.result() for episode in episodes]
    failed = [(r["task_id"], r["answer"], r["failure"]) for r in results if not r["record"]["success"]]
    assert failed == []
    assert all(r["supported"] and not r["lucky"] and r["steps"] == 2 and r["score"] == 1.0 for r in results)
    assert {r["dataset"] for r in results} == set(SIX.split(","))


def test_partial_credit_is_a_failure(six):
    task = next(t for t in six.tasks("heldout", 0, 6) if t.dataset == "word_sorting")
    words = task.data["entry"]["metadata"]["sorted_words"]
    success, detail, score = six.score(task, ", ".join(reversed(words)))
    assert not success and 0 < score < 1 and "1.0 needed" in detail
    assert six.score(task, "  " + ", ".join(words) + "\n")[0]


def test_each_task_is_prompted_with_its_own_datasets_tool_and_example_only(six):
    # One prompt listing every dataset's tool and example made SmolLM2 copy the last example's call (see the module).
    tasks = six.tasks("heldout", 0, 6)
    tool_of = {t.dataset: reference_call(t)[0] for t in tasks}
    for task in tasks:
        prompt = six.system_prompt(task)
        assert prompt.count("Example:") == 1 and f'"name": "{tool_of[task.dataset]}"' in prompt
        others = set(tool_of.values()) - {tool_of[task.dataset]}
        assert not any(f'"name": "{name}"' in prompt for name in others), (task.dataset, prompt)
        assert six.system_prompt(task) is prompt  # built once per dataset
        # The worked example is never the task itself, nor any task of either split.
        assert task.goal not in prompt
    # Without a task: every dataset's tool and example (what `--suite` describes as a whole).
    whole = six.system_prompt()
    assert whole.count("Example:") == 6 and all(f'"name": "{name}"' in whole for name in tool_of.values())


def test_a_dataset_the_tool_set_was_not_built_for_gets_every_tool_and_no_example():
    suite = load_suite("reasoning-gym:chain_sum,leg_counting")
    legs = next(t for t in suite.tasks("heldout", 0, 2) if t.dataset == "leg_counting")
    prompt = suite.system_prompt(legs)
    assert "Example:" not in prompt
    for name in ("calculate", "sort_list", "count_letter", "reverse_text"):
        assert f'"name": "{name}"' in prompt
