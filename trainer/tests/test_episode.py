import json
import time

import pytest

from agi_trainer.acting import Reply, run_batch, tools_with_answer
from agi_trainer.suites import load_suite


@pytest.fixture(scope="module")
def suite():
    return load_suite("python:fixtures.user_suite:make_suite")


def call(name, **arguments):
    return f"<tool_call>\n{json.dumps({'name': name, 'arguments': arguments})}\n</tool_call>"


def scripted(*turns):
    """A policy that writes the same turns in every episode."""
    return lambda conversations, step: [Reply(turns[step]) for _ in conversations]


def act(suite, *turns, tasks=1, max_steps=4, timeout=1.0):
    pairs = list(enumerate(suite.tasks("heldout", 0, tasks)))
    tools = tools_with_answer(suite.tools())
    return run_batch(pairs, suite, tools, scripted(*turns), max_steps=max_steps, timeout=timeout)


def test_an_answer_that_is_the_last_tool_output_is_a_supported_success(suite):
    # heldout seed 0 starts at "cherry": six letters
    (episode,) = act(suite, call("length", word="cherry"), call("answer", text="6"))
    result = episode.result()
    assert (result["success"], result["supported"], result["lucky"], result["failure"]) == (True, True, False, None)
    record = result["record"]
    assert record["success"] and record["summary"] == "6" and record["goal"] == "How long is cherry?"
    assert record["plan"] == [
        {"tool": "length", "kwargs": {"word": "cherry"}, "description": ""},
        {"tool": "answer", "kwargs": {"text": "6"}, "description": ""},
    ]
    assert record["execution"] == [{"success": True, "output": "6"}, {"success": True, "output": "6"}]
    roles = [m["role"] for m in record["messages"]]
    assert roles == ["system", "user", "assistant", "tool", "assistant"]
    first = record["messages"][2]["tool_calls"][0]
    assert first == {
        "type": "function",
        "id": "call_1_0",
        "function": {"name": "length", "arguments": {"word": "cherry"}},
    }
    assert record["messages"][3] == {"role": "tool", "tool_call_id": "call_1_0", "name": "length", "content": "6"}
    assert [t["function"]["name"] for t in record["tools"]] == ["length", "nap", "explode", "answer"]


def test_a_right_answer_no_tool_supports_is_lucky_and_not_a_training_success(suite):
    (episode,) = act(suite, call("length", word="kiwi"), call("answer", text="6"))
    result = episode.result()
    assert result["success"] and result["lucky"] and not result["supported"]
    assert result["record"]["success"] is False and result["record"]["checker_success"] is True
    assert episode.result(count_lucky_as_success=True)["record"]["success"] is True


def test_a_reply_without_a_call_is_the_answer(suite):
    (episode,) = act(suite, "6")
    result = episode.result()
    assert result["answer"] == "6" and result["success"] and result["lucky"] and result["steps"] == 1


@pytest.mark.parametrize(
    "turn, reason",
    [
        ('<tool_call>{"name": "length", "arguments": {"word": </tool_call>', "malformed tool call, not JSON"),
        (call("search", q="x"), "unknown tool 'search': the tools are length, nap, explode, answer"),
        (call("length", word=3), "tool length failed: ToolError: length needs a word"),
        (call("explode"), "tool explode failed: RuntimeError: boom"),
        (call("answer", txt="6"), "bad answer call"),
    ],
)
def test_a_bad_call_fails_the_episode_with_its_reason(suite, turn, reason):
    (episode,) = act(suite, turn, call("answer", text="6"))
    result = episode.result()
    assert reason in result["failure"] and not result["success"] and result["steps"] == 1
    assert result["record"]["summary"] == result["failure"]


def test_a_hanging_tool_fails_its_episode_at_the_time_limit_and_the_others_go_on(suite):
    naps = iter([call("nap", seconds=30), call("length", word="apple")])

    def generate(conversations, step):
        return [Reply(next(naps) if step == 0 else call("answer", text="5")) for _ in conversations]

    started = time.monotonic()
    episodes = run_batch(
        list(enumerate(suite.tasks("heldout", 1, 2))),  # plum, apple
        suite,
        tools_with_answer(suite.tools()),
        generate,
        max_steps=3,
        timeout=0.5,
    )
    assert time.monotonic() - started < 5
    assert episodes[0].failure == "tool nap timed out: took longer than 0.5 s"
    assert episodes[1].result()["record"]["success"]


def test_running_out_of_turns_is_a_failure(suite):
    (episode,) = act(suite, call("length", word="a"), call("length", word="b"), max_steps=2)
    assert episode.failure == "no answer after 2 turns (max_steps)" and episode.steps == 2


def test_calls_after_the_answer_are_recorded_as_not_run(suite):
    (episode,) = act(suite, call("answer", text="6") + call("length", word="cherry"))
    assert episode.execution[1] == {"success": False, "error": "not run: the episode had ended"}
    assert episode.result()["success"]


@pytest.mark.parametrize("factory", ["make_suite", "per_task_prompt"])
def test_a_suite_prompts_each_task_with_or_without_the_task_as_its_system_prompt_takes_it(factory):
    suite = load_suite(f"python:fixtures.user_suite:{factory}")
    tasks = suite.tasks("heldout", 0, 2)
    episodes = run_batch(
        list(enumerate(tasks)),
        suite,
        tools_with_answer(suite.tools()),
        lambda conversations, step: [Reply("5") for _ in conversations],
        max_steps=1,
        timeout=5,
    )
    prompts = [episode.messages[0]["content"] for episode in episodes]
    if factory == "make_suite":
        assert prompts == ["Use length, then answer."] * 2
    else:
        assert prompts == [f"Use length on {t.data['w']}, then answer." for t in tasks]


def test_only_a_positional_parameter_makes_system_prompt_take_the_task():
    from agi_trainer.suites.base import Task, prompt_for

    task = Task(id="t", dataset="d", goal="g")

    class KeywordOnly:
        def system_prompt(self, *, lang="en"):
            return f"prompt in {lang}"

    class Variadic:
        def system_prompt(self, *args):
            return f"prompt for {args[0].id}"

    assert prompt_for(KeywordOnly(), task) == "prompt in en"
    assert prompt_for(Variadic(), task) == "prompt for t"
