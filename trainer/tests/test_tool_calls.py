from agi_trainer.tool_calls import parse_turn


def test_a_hermes_tool_call_is_read_with_its_arguments():
    text = '{"name": "calculate", "arguments": {"expression": "1 + 2"}}'
    turn = parse_turn(f"Let me add.\n<tool_call>\n{text}\n</tool_call>")
    assert turn.error is None
    assert turn.content == "Let me add."
    assert [(c.name, c.arguments) for c in turn.calls] == [("calculate", {"expression": "1 + 2"})]


def test_several_calls_and_arguments_given_as_json_text_are_read():
    turn = parse_turn(
        '<tool_call>{"name": "a", "arguments": "{\\"x\\": 1}"}</tool_call>'
        '<tool_call>{"name": "b", "parameters": {"y": 2}}</tool_call><tool_call>{"name": "c"}</tool_call>'
    )
    assert turn.error is None
    assert [(c.name, c.arguments) for c in turn.calls] == [("a", {"x": 1}), ("b", {"y": 2}), ("c", {})]


def test_text_without_calls_is_plain_content():
    turn = parse_turn("  The answer is 6.  ")
    assert (turn.content, turn.calls, turn.error) == ("The answer is 6.", [], None)


def test_malformed_calls_say_what_is_wrong():
    assert "not JSON" in parse_turn('<tool_call>{"name": "calculate", "arguments": {</tool_call>').error
    assert "not a JSON object" in parse_turn("<tool_call>[1, 2]</tool_call>").error
    assert 'no "name"' in parse_turn('<tool_call>{"arguments": {}}</tool_call>').error
    not_object = parse_turn('<tool_call>{"name": "f", "arguments": [1]}</tool_call>')
    assert "arguments of f are not a JSON object" in not_object.error
    assert "without </tool_call>" in parse_turn('<tool_call>{"name": "f", "arguments": {"x": 1').error


def test_an_unknown_tool_name_is_still_a_well_formed_call():
    # Whether the tool exists is the episode's question (it knows the tool set), not the parser's.
    turn = parse_turn('<tool_call>{"name": "search_web", "arguments": {"q": "x"}}</tool_call>')
    assert turn.error is None and turn.calls[0].name == "search_web"
