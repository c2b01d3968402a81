"""The small language deprivation tests are written in, compiled to Polars expressions.

A standard file says *when* a household or member is deprived with a Python-like
expression over raw answer names, e.g. ``"15 <= age < 60 and employment in ['unemployed']"``.
It is parsed with `ast` and only this subset is accepted:

- answer names (from `vocabulary`), numbers, strings, ``True``/``False``;
- comparisons ``== != < <= > >=``, chained (``3 <= age < 16``), and ``in`` / ``not in`` a list
  of constants;
- ``and``, ``or``, ``not``; ``+ - * /`` and unary minus.

Everything else (calls, attributes, subscripts, lambdas...) is rejected, so a standard file
can never run code. Names are type-checked against the vocabulary: arithmetic needs numbers
or yes/no answers, ordering needs numbers, and a string compared with an enumerated answer
must be one of its values, which catches typos such as ``'unemploy'`` when the file loads.

Missing answers follow Polars' three-valued logic (``null and False`` is ``False``,
``null < 8`` is ``null``); the engine then counts a null test as "not deprived".
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from functools import reduce

import polars as pl

from giamngheo.standards.engine import vocabulary as v
from giamngheo.standards.engine.errors import StandardFileError

ALLOWED = "names, numbers, strings, True/False, comparisons, and/or/not, + - * /, `in [...]`"


@dataclass(frozen=True)
class AnswerType:
    """What a name holds: 'bool', 'number', 'string' (with its allowed values, if enumerated) or 'date'."""

    kind: str
    values: tuple[str, ...] = ()

    @classmethod
    def from_vocabulary(cls, spec: str) -> AnswerType:
        """Turn a vocabulary type ('bool', 'int', 'float', 'date', 'enum:a,b') into an AnswerType."""
        if spec.startswith("enum:"):
            return cls("string", tuple(spec.removeprefix("enum:").split(",")))
        return cls({"bool": "bool", "int": "number", "float": "number", "date": "date"}[spec])


BOOL = AnswerType("bool")
NUMBER = AnswerType("number")
STRING = AnswerType("string")

# The names a standard's expressions (deprivation tests, B1 items) may read, with their types.
HOUSEHOLD_NAMES: dict[str, AnswerType] = {
    name: AnswerType.from_vocabulary(spec) for name, (spec, _) in v.HOUSEHOLD_ANSWERS.items()
}
MEMBER_NAMES: dict[str, AnswerType] = {
    name: AnswerType.from_vocabulary(spec)
    for name, (spec, _) in (v.MEMBER_ANSWERS | v.MEMBER_BIRTH_ANSWERS | v.MEMBER_DERIVED).items()
}

_COMPARE = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}
_ARITHMETIC = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


@dataclass(frozen=True)
class Expression:
    """A checked deprivation test: its source text, the answer names it reads, and the Polars expression."""

    source: str
    names: frozenset[str]
    tree: ast.Expression

    def to_polars(self) -> pl.Expr:
        expr, _ = _Compiler(None, "").visit(self.tree.body)
        return expr


def compile_expression(source: str, names: Mapping[str, AnswerType], where: str) -> Expression:
    """Parse and type-check `source`; `where` (file and indicator) prefixes every error message."""
    if not isinstance(source, str) or not source.strip():
        raise StandardFileError(f"{where}: the test must be a non-empty expression string, got {source!r}")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as error:
        raise StandardFileError(f"{where}: {source!r} is not a valid expression ({error.msg})") from None
    compiler = _Compiler(names, where)
    _, kind = compiler.visit(tree.body)
    if kind != BOOL:
        raise StandardFileError(f"{where}: {source!r} must be a yes/no test, it gives a {kind.kind}")
    return Expression(source.strip(), frozenset(compiler.used), tree)


class _Compiler:
    """Walks the tree once: checks types (when `names` is given) and builds the Polars expression."""

    def __init__(self, names: Mapping[str, AnswerType] | None, where: str) -> None:
        self.names = names
        self.where = where
        self.used: set[str] = set()

    def fail(self, node: ast.AST, problem: str, *, show_allowed: bool = False) -> StandardFileError:
        allowed = f"; allowed: {ALLOWED}" if show_allowed else ""
        return StandardFileError(f"{self.where}: {problem} (at {ast.unparse(node)!r}{allowed})")

    def visit(self, node: ast.AST) -> tuple[pl.Expr, AnswerType]:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise self.fail(
                node, f"{type(node).__name__} is not allowed in a deprivation test", show_allowed=True
            )
        return method(node)

    def visit_Name(self, node: ast.Name) -> tuple[pl.Expr, AnswerType]:
        if self.names is None:
            return pl.col(node.id), BOOL
        if node.id not in self.names:
            known = ", ".join(sorted(self.names))
            raise self.fail(node, f"unknown answer name {node.id!r} (known here: {known})")
        kind = self.names[node.id]
        if kind.kind == "date":
            raise self.fail(node, f"{node.id!r} is a date; tests use `age` or `birth_year` instead")
        self.used.add(node.id)
        return pl.col(node.id), kind

    def visit_Constant(self, node: ast.Constant) -> tuple[pl.Expr, AnswerType]:
        value = node.value
        if isinstance(value, bool):
            return pl.lit(value), BOOL
        if isinstance(value, int | float):
            return pl.lit(value), NUMBER
        if isinstance(value, str):
            return pl.lit(value), STRING
        raise self.fail(node, f"the constant {value!r} is not allowed", show_allowed=True)

    def visit_BoolOp(self, node: ast.BoolOp) -> tuple[pl.Expr, AnswerType]:
        parts = [self.expect(value, BOOL, "and/or") for value in node.values]
        combine = (lambda a, b: a & b) if isinstance(node.op, ast.And) else (lambda a, b: a | b)
        return reduce(combine, parts), BOOL

    def visit_UnaryOp(self, node: ast.UnaryOp) -> tuple[pl.Expr, AnswerType]:
        if isinstance(node.op, ast.Not):
            return ~self.expect(node.operand, BOOL, "not"), BOOL
        if isinstance(node.op, ast.USub | ast.UAdd):
            operand = self.expect(node.operand, NUMBER, "a sign")
            return (-operand if isinstance(node.op, ast.USub) else operand), NUMBER
        raise self.fail(node, f"the operator {type(node.op).__name__} is not allowed", show_allowed=True)

    def visit_BinOp(self, node: ast.BinOp) -> tuple[pl.Expr, AnswerType]:
        operation = _ARITHMETIC.get(type(node.op))
        if operation is None:
            raise self.fail(node, f"the operator {type(node.op).__name__} is not allowed", show_allowed=True)
        left = self.arithmetic_operand(node.left)
        right = self.arithmetic_operand(node.right)
        return operation(left, right), NUMBER

    def arithmetic_operand(self, node: ast.AST) -> pl.Expr:
        # Yes/no answers count as 0/1 so that "(not durable_walls) + (not durable_roof) >= 2" reads
        # like the law; everything is computed in floating point so that "/" is exact division.
        expr, kind = self.visit(node)
        if self.names is not None and kind not in (NUMBER, BOOL):
            raise self.fail(node, f"arithmetic needs numbers or yes/no answers, not a {kind.kind}")
        return expr.cast(pl.Float64)

    def visit_Compare(self, node: ast.Compare) -> tuple[pl.Expr, AnswerType]:
        left, left_kind = self.visit(node.left)
        if any(isinstance(op, ast.In | ast.NotIn) for op in node.ops):
            if len(node.ops) > 1:
                raise self.fail(node, "`in` cannot be chained with another comparison")
            test = self.membership(node, left, left_kind, node.comparators[0])
            return (~test if isinstance(node.ops[0], ast.NotIn) else test), BOOL
        tests = []
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            compare = _COMPARE.get(type(op))
            if compare is None:
                raise self.fail(node, f"the comparison {type(op).__name__} is not allowed", show_allowed=True)
            right, right_kind = self.visit(right_node)
            self.check_comparable(node, op, left_kind, right_kind)
            tests.append(compare(left, right))
            left, left_kind = right, right_kind
        return reduce(lambda a, b: a & b, tests), BOOL

    def membership(self, node: ast.Compare, left: pl.Expr, left_kind: AnswerType, right: ast.AST) -> pl.Expr:
        if not isinstance(right, ast.List | ast.Tuple) or not right.elts:
            raise self.fail(node, "`in` needs a non-empty list of constants, e.g. in ['a', 'b']")
        values = []
        for element in right.elts:
            if not isinstance(element, ast.Constant) or isinstance(element.value, bool | type(None)):
                raise self.fail(element, "a list after `in` may hold only numbers or strings")
            kind = STRING if isinstance(element.value, str) else NUMBER
            self.check_comparable(node, ast.Eq(), left_kind, kind, [element.value])
            values.append(element.value)
        return left.is_in(values)

    def check_comparable(
        self,
        node: ast.Compare,
        op: ast.cmpop,
        left: AnswerType,
        right: AnswerType,
        constants: list[object] | None = None,
    ) -> None:
        if self.names is None:
            return
        if isinstance(op, ast.Lt | ast.LtE | ast.Gt | ast.GtE):
            if left != NUMBER or right != NUMBER:
                raise self.fail(node, f"only numbers can be ordered, not a {left.kind} and a {right.kind}")
            return
        if left.kind != right.kind:
            raise self.fail(node, f"a {left.kind} cannot be compared with a {right.kind}")
        allowed = left.values or right.values
        if constants is None:
            constants = [c.value for c in (node.left, *node.comparators) if isinstance(c, ast.Constant)]
        for constant in constants:
            if allowed and isinstance(constant, str) and constant not in allowed:
                raise self.fail(
                    node, f"{constant!r} is not one of the answer's values ({', '.join(allowed)})"
                )

    def expect(self, node: ast.AST, kind: AnswerType, where: str) -> pl.Expr:
        expr, actual = self.visit(node)
        if self.names is not None and actual.kind != kind.kind:
            raise self.fail(node, f"{where} needs a {kind.kind}, not a {actual.kind}")
        return expr
