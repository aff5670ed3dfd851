import pytest

from agi_trainer.suites.base import ToolError
from agi_trainer.suites.builtin_tools import TOOLS, call_builtin, sort_list
from agi_trainer.suites.calculator import calculate


@pytest.mark.parametrize(
    "expression, value",
    [
        ("12 + 7 * 2", "26"),
        ("4 - 1 - 7 =", "-4"),
        ("2 - -1", "3"),
        ("-( -( 66 * 46 ) ) - 68 / 17", "3032"),
        ("7 / 2", "3.5"),
        ("7 // 2", "3"),
        ("1 / 3", "0.333333333333"),
        ("0.1 + 0.2", "0.3"),
        ("2 ** 10", "1024"),
        ("3 × 4 ÷ 6", "2"),
    ],
)
def test_calculate_evaluates_arithmetic_exactly(expression, value):
    assert calculate(expression) == value


@pytest.mark.parametrize(
    "expression, reason",
    [
        ("__import__('os').system('true')", "only numbers"),
        ("1 / 0", "division by zero"),
        ("2 ** 1000000", "exponents"),
        ("2 ^ 3", "write \\*\\*"),
        ("1 +", "not an arithmetic expression"),
        ("", "needs an expression"),
        ("9" * 600, "longer than"),
    ],
)
def test_calculate_refuses_what_is_not_bounded_arithmetic(expression, reason):
    with pytest.raises(ToolError, match=reason):
        calculate(expression)


def test_sort_list_writes_numbers_as_number_sorting_asks_and_words_as_word_sorting_asks():
    assert sort_list(["14.0", "-49.0", "52.2"], descending=True) == "['52.2', '14.0', '-49.0']"
    assert sort_list([3, -1.5, 2]) == "['-1.5', '2', '3']"
    assert sort_list(["Only", "federal", "ambassador"]) == "Only, ambassador, federal"
    assert sort_list("b, a, c", descending=True) == "c, b, a"


def test_builtin_tools_check_their_arguments():
    assert call_builtin("count_letter", {"text": "Hundred thousand", "letter": "h"}) == "2"
    assert call_builtin("reverse_text", {"text": "splat"}) == "talps"
    assert call_builtin("sort_list", {"items": ["b", "a"], "descending": "true"}) == "b, a"
    assert call_builtin("answer", {"text": 6}) == "6"
    with pytest.raises(ToolError, match="missing arguments \\['letter'\\]"):
        call_builtin("count_letter", {"text": "abc"})
    with pytest.raises(ToolError, match="unexpected arguments \\['x'\\]"):
        call_builtin("reverse_text", {"text": "abc", "x": 1})
    with pytest.raises(ToolError, match="one character"):
        call_builtin("count_letter", {"text": "abc", "letter": "ab"})
    with pytest.raises(ToolError, match="unknown tool 'search'"):
        call_builtin("search", {})


def test_the_tool_set_is_described_in_the_trl_shape():
    names = [tool["function"]["name"] for tool in TOOLS]
    assert names == ["calculate", "sort_list", "count_letter", "reverse_text", "answer"]
    for tool in TOOLS:
        assert tool["type"] == "function"
        assert tool["function"]["parameters"]["type"] == "object"
