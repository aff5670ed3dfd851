"""The `calculate` tool: arithmetic parsed with `ast` and evaluated exactly with fractions; never eval().

`/` is true division and `//` floor division, as in Python. reasoning-gym's basic_arithmetic computes its answers
with floor division; its divisions are exact except in about 0.7 % of tasks, where only `//` gives its answer."""

from __future__ import annotations

import ast
import operator
from decimal import Decimal, localcontext
from fractions import Fraction

from .base import ToolError

MAX_LENGTH = 500  # characters of expression: a model's typo should not become a long computation
MAX_EXPONENT = 100
MAX_DIGITS = 1000  # an intermediate value larger than 10**1000 is refused, not computed

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}


def calculate(expression: str) -> str:
    """The value of an arithmetic expression, as an integer or a decimal (at most 12 places when inexact)."""
    text = expression.strip().replace("×", "*").replace("÷", "/").replace("−", "-")
    # Questions read "4 - 1 - 7 =": a model copying the trailing "=" still means the sum.
    text = text.rstrip("=").strip()
    if not text:
        raise ToolError("calculate needs an expression, e.g. 12 + 7 * 2")
    if len(text) > MAX_LENGTH:
        raise ToolError(f"expression longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as err:
        raise ToolError(f"not an arithmetic expression: {text!r} ({err.msg})") from err
    return format_number(_value(tree.body))


def _value(node: ast.AST) -> Fraction:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        # repr, not the float: 0.1 stays exactly one tenth.
        return Fraction(repr(node.value)) if isinstance(node.value, float) else Fraction(node.value)
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_value(node.operand))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _value(node.left), _value(node.right)
        if isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod)) and right == 0:
            raise ToolError("division by zero")
        if isinstance(node.op, ast.Pow) and (right.denominator != 1 or abs(right) > MAX_EXPONENT):
            raise ToolError(f"exponents must be whole numbers up to {MAX_EXPONENT}")
        if isinstance(node.op, ast.Pow) and left == 0 and right < 0:
            raise ToolError("division by zero")
        result = Fraction(_BINARY[type(node.op)](left, right))
        if max(abs(result.numerator), result.denominator).bit_length() > MAX_DIGITS * 3.33:
            raise ToolError(f"a value has more than {MAX_DIGITS} digits")
        return result
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitXor):
        raise ToolError("^ is not a power here: write ** (2 ** 3)")
    raise ToolError(f"only numbers, + - * / // % ** and parentheses are allowed, not {ast.unparse(node)!r}")


def format_number(value: Fraction) -> str:
    """An integer as digits; a fraction as its decimal, exact when it terminates, else rounded to 12 places."""
    if value.denominator == 1:
        return str(value.numerator)
    rest = value.denominator
    for prime in (2, 5):
        while rest % prime == 0:
            rest //= prime
    with localcontext() as ctx:
        ctx.prec = MAX_DIGITS + 50
        decimal = Decimal(value.numerator) / Decimal(value.denominator)
        if rest != 1:
            decimal = decimal.quantize(Decimal("1e-12"))
    text = format(decimal, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text  # a tiny negative value rounded away
