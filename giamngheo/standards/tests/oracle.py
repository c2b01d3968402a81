"""The per-household reference implementation: plain Python, one household at a time.

Written straight from `/work/shared/spec/standards.md`, independently of the engine's Polars
code: its own evaluator of the deprivation-test language (three-valued logic, like SQL and
Polars), its own age arithmetic, its own if/else version of each rule. The property tests
check that the vectorised engine agrees with it on random frames; the benchmark times it.
Never used by the application.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections import defaultdict
from typing import Any

import polars as pl

from giamngheo.standards.engine.standard import Standard

Record = dict[str, Any]


def household_records(households: pl.DataFrame, members: pl.DataFrame | None = None) -> list[Record]:
    """Each household as a dict of its answers, with its members' answers under `member_rows`."""
    by_household: dict[Any, list[Record]] = defaultdict(list)
    if members is not None:
        for member in members.to_dicts():
            by_household[member["household_id"]].append(member)
    records = households.to_dicts()
    for record in records:
        record["member_rows"] = by_household.get(record["household_id"], [])
    return records


def classify_one(standard: Standard, household: Record) -> Record:
    """What the standard says about one household."""
    flags = deprivations(standard, household)
    count = sum(flags.values())
    area = household["area"]
    status = _status(standard, household, count)
    return {
        "household_id": household["household_id"],
        "standard": standard.id,
        "status": status,
        "income_line": standard.income_line(area),
        "deprivation_count": count,
        "deprived": ";".join(code for code, deprived in flags.items() if deprived),
    }


def deprivations(standard: Standard, household: Record) -> dict[str, bool]:
    """code -> deprived, in the standard's order: a given d_<code> wins, else the derived value,
    and what is still unknown counts as not deprived."""
    flags = {}
    for indicator in standard.indicators:
        given = household.get(indicator.column)
        if given is not None:
            flags[indicator.code] = bool(given)
            continue
        test = indicator.test
        tree = test.expression.tree.body
        if test.kind == "household":
            flags[indicator.code] = evaluate(tree, household) is True
            continue
        rows = [_member_view(member, household) for member in household["member_rows"]]
        hits = [evaluate(tree, row) is True for row in rows]
        if test.kind == "any_member":
            flags[indicator.code] = any(hits)
        else:
            flags[indicator.code] = bool(rows) and sum(hits) / len(rows) > test.greater_than
    return flags


def completed_years(birth: dt.date, on: dt.date) -> int:
    """Age on a date: the birthday of the year counts from that day (29 February: from 1 March)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _retirement_months(sex: str, year: int) -> int:
    """Labour Code 2019 roadmap: 60y3m (men) / 55y4m (women) in 2021, +3 / +4 months a year, to 62 / 60."""
    if sex == "male":
        return 720 if year < 2021 else min(723 + 3 * (year - 2021), 744)
    return 660 if year < 2021 else min(664 + 4 * (year - 2021), 720)


def _months(birth: dt.date, on: dt.date) -> int:
    return (on.year - birth.year) * 12 + on.month - birth.month - (on.day < birth.day)


def _working_age(member: Record, survey: dt.date | None) -> bool | None:
    if survey is None:
        return None
    if member.get("birth_date") is not None:
        months = _months(member["birth_date"], survey)
    elif member.get("age") is not None:
        months = member["age"] * 12
    elif member.get("birth_year") is not None:
        months = _months(dt.date(member["birth_year"], 7, 1), survey)
    else:
        return None
    if months < 180:
        return False
    if member.get("sex") is None:
        return None
    return months < _retirement_months(member["sex"], survey.year)


def _member_view(member: Record, household: Record) -> Record:
    view = dict(member)
    survey = household.get("survey_date")
    birth = member.get("birth_date")
    if birth is None and member.get("birth_year") is not None:
        birth = dt.date(member["birth_year"], 7, 1)
    if view.get("age") is None and birth is not None and survey is not None:
        view["age"] = completed_years(birth, survey)
    view["working_age"] = _working_age(member, survey)
    if view.get("birth_year") is None:
        if member.get("birth_date") is not None:
            view["birth_year"] = member["birth_date"].year
        elif member.get("age") is not None and survey is not None:
            view["birth_year"] = survey.year - member["age"]
    return view


def _status(standard: Standard, household: Record, count: int) -> str:
    def at_or_below(line: str) -> bool:
        income = household.get("income_per_capita_month")
        if income is not None:
            return income <= standard.income_line(household["area"], line)
        threshold = standard.scorecard.threshold(household["region"], household["area"], line)
        return household["score"] <= threshold

    def defined(line: str) -> bool:
        return standard.line(line) is not None

    deprived = bool(standard.indicators) and count >= standard.deprivation_threshold
    if standard.rule == "income_only":
        if at_or_below("poor"):
            return "poor"
        if defined("near_poor") and at_or_below("near_poor"):
            return "near_poor"
    elif standard.rule == "income_or_deprivation":
        if at_or_below("poor"):
            return "poor"
        if at_or_below("near_poor"):
            return "poor" if deprived else "near_poor"
    elif standard.rule == "income_and_deprivation":
        if at_or_below("poor"):
            return "poor" if deprived else "near_poor"
    else:
        raise ValueError(standard.rule)
    if defined("average") and at_or_below("average"):
        return "average"
    return "not_poor"


def evaluate(node: ast.AST, names: Record) -> Any:
    """The value of a deprivation test on one row; None stands for unknown."""
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.BoolOp):
        values = [evaluate(value, names) for value in node.values]
        decisive = isinstance(node.op, ast.Or)  # True decides an `or`, False an `and`
        if any(value is decisive for value in values):
            return decisive
        return None if any(value is None for value in values) else not decisive
    if isinstance(node, ast.UnaryOp):
        value = evaluate(node.operand, names)
        if value is None:
            return None
        return (
            (not value)
            if isinstance(node.op, ast.Not)
            else (-value if isinstance(node.op, ast.USub) else value)
        )
    if isinstance(node, ast.BinOp):
        left, right = evaluate(node.left, names), evaluate(node.right, names)
        if left is None or right is None:
            return None
        left, right = float(left), float(right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return left / right  # members ≥ 1 in every input, so never by zero
    if isinstance(node, ast.Compare):
        left = evaluate(node.left, names)
        results = []
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.In | ast.NotIn):
                options = [element.value for element in comparator.elts]
                found = None if left is None else left in options
                results.append(found if found is None or isinstance(op, ast.In) else not found)
                continue
            right = evaluate(comparator, names)
            results.append(None if left is None or right is None else _compare(op, left, right))
            left = right
        if any(result is False for result in results):
            return False
        return None if any(result is None for result in results) else True
    raise ValueError(f"not in the language: {ast.dump(node)}")


def _compare(op: ast.cmpop, left: Any, right: Any) -> bool:
    return {
        ast.Eq: lambda: left == right,
        ast.NotEq: lambda: left != right,
        ast.Lt: lambda: left < right,
        ast.LtE: lambda: left <= right,
        ast.Gt: lambda: left > right,
        ast.GtE: lambda: left >= right,
    }[type(op)]()
