"""Record checks and lines: what LearningPipeline.addExample refuses, and the line JSON.stringify would write."""

import json

import pytest

from agi_core_agent import record_problem
from agi_core_agent.record_checks import record_line

GOOD = {"goal": "g", "summary": "s"}


def test_a_line_is_compact_utf8_json_with_the_adapter_stamped_last_unless_the_agent_set_one():
    assert record_line({**GOOD, "note": "ünï"}, "run-1") == '{"goal":"g","summary":"s","note":"ünï","adapter":"run-1"}'
    assert record_line({**GOOD, "adapter": "mine"}, "run-1") == '{"goal":"g","summary":"s","adapter":"mine"}'
    assert record_line(GOOD, None) == '{"goal":"g","summary":"s"}'


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"summary": "s"}, "goal: goal must be a non-empty string"),
        ({"goal": "  ", "summary": "s"}, "goal: goal must be a non-empty string"),
        ({"goal": "g"}, "summary: summary must be a non-empty string"),
        ({**GOOD, "plan": "x"}, "plan: must be a list of objects"),
        ({**GOOD, "execution": [{"success": "yes"}]}, "execution.0.success: must be true or false"),
        ({**GOOD, "task_id": True}, "task_id: must be a non-empty string or a number"),
        ({**GOOD, "success": 1}, "success: must be true or false"),
        ({**GOOD, "score": float("nan")}, "record.score is nan, which JSON cannot hold"),
        ({**GOOD, "args": {1: "x"}}, "record.args has the key 1, not a string"),
        ({**GOOD, "when": object()}, "record.when is a object, which JSON cannot hold"),
        ({**GOOD, "text": "a\ud800b"}, "record.text: lone UTF-16 surrogate \\ud800 at character 2"),
        ({**GOOD, "messages": []}, "messages: messages must not be empty"),
        ({**GOOD, "messages": [{"role": "bot"}]}, "messages.0.role: role must be one of system, user, assistant, tool"),
        ({**GOOD, "messages": [{"role": "user", "content": "q"}]}, "messages: messages hold no assistant turn"),
        (
            {
                **GOOD,
                "messages": [
                    {"role": "user", "content": "q"},
                    {"role": "assistant", "content": "a"},
                    {"role": "tool", "content": "5", "name": "calc"},
                ],
            },
            "messages.2.name: tool turn matches no call of the assistant turn before it",
        ),
        ({**GOOD, "tools": [{"type": "function", "function": {"name": ""}}]}, "tools.0.function.name"),
    ],
)
def test_a_record_that_would_be_a_bad_line_is_refused_naming_the_field(record, reason):
    assert reason in record_problem(record)


def test_nesting_stops_at_the_trainers_64_levels():
    deep = "leaf"
    for _ in range(63):
        deep = [deep]
    assert record_problem({**GOOD, "x": deep}) is None
    assert "nested more than 64 levels deep" in record_problem({**GOOD, "x": [deep]})


def test_a_tool_calling_conversation_passes():
    messages = [
        {"role": "user", "content": "What is 2+3?"},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [{"id": "c1", "function": {"name": "calc", "arguments": {}}}],
        },
        {"role": "tool", "tool_call_id": "c1", "content": "5"},
        {"role": "assistant", "content": "5"},
    ]
    tools = [{"type": "function", "function": {"name": "calc", "parameters": {"type": "object"}}}]
    record = {**GOOD, "messages": messages, "tools": tools, "task_id": 7, "timestamp": 1.5}
    assert record_problem(record) is None
    assert json.loads(record_line(record, None)) == record
