"""Form B1 (proxy-means scorecard, TT 07/2021/TT-BLĐTBXH) as data: a base score per region and
area, items that give points from the household's answers, and the thresholds standing for the
income lines (score ≤ threshold ⇔ income ≤ line).

An item reads one stored answer, or counts the members satisfying a test:

- `answer` + `points`: an enumerated or yes/no answer; `points` maps an option (`true`/`false`
  for yes/no answers) to its points, an option not listed giving 0;
- `answer` + `per_unit` (+ `cap`): a number; `per_unit` points for each unit, counting at most
  `cap` units (negative answers count as 0);
- `members_where` + `per_unit` (+ `cap`): the number of members the test (in the expression
  language of the deprivation tests) holds for, as units.

The score is the base score plus every item's points; a household missing an answer an item
reads has no score. The `scorecard:` section of a standard file is parsed here; the section
format is described in `giamngheo/standards/data/README.md`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from giamngheo.standards.engine import vocabulary as v
from giamngheo.standards.engine.errors import StandardFileError
from giamngheo.standards.engine.expressions import (
    HOUSEHOLD_NAMES,
    MEMBER_NAMES,
    Expression,
    compile_expression,
)

SCORE_AREAS = (v.RURAL, v.URBAN)
ITEM_KINDS = ("options", "per_unit", "members")
# Household answers no B1 item may read: the measure the score stands in for, and the score.
NOT_SCORED = frozenset({"area", "income_per_capita_month", "score"})


@dataclass(frozen=True)
class ScoreItem:
    """One B1 item. `kind`: 'options' (points per option of `answer`), 'per_unit' (points per
    unit of the number `answer`) or 'members' (points per member satisfying `where`)."""

    code: str
    label: str
    group: str
    kind: str
    answer: str | None = None
    where: Expression | None = None
    points: Mapping[str, float] = field(default_factory=dict)
    per_unit: float = 0.0
    cap: float | None = None

    @property
    def reads(self) -> frozenset[str]:
        """The answers the item reads (member answers for a 'members' item)."""
        return self.where.names if self.where is not None else frozenset({self.answer})

    @property
    def on_members(self) -> bool:
        return self.kind == "members"

    def options(self) -> tuple[str, ...]:
        """The options an 'options' item's answer may take, in the vocabulary's order."""
        answer_type = HOUSEHOLD_NAMES[self.answer]
        return ("true", "false") if answer_type.kind == "bool" else answer_type.values


@dataclass(frozen=True)
class Scorecard:
    """The B1 tables of a standard. `thresholds[(region, area)][line]`, `base_scores[(region, area)]`.
    Without items (thresholds only) a score must be given; it cannot be computed."""

    version: str
    placeholder: bool
    reference: str
    confirmed: bool
    thresholds: Mapping[tuple[str, str], Mapping[str, float | None]]
    note: str = ""
    base_scores: Mapping[tuple[str, str], float] = field(default_factory=dict)
    items: tuple[ScoreItem, ...] = ()
    legal_date: str = ""

    def threshold(self, region: str, area: str, line: str) -> float | None:
        return self.thresholds[(region, area)].get(line)

    @property
    def computable(self) -> bool:
        return bool(self.items)

    def item(self, code: str) -> ScoreItem | None:
        return next((item for item in self.items if item.code == code), None)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class ScorecardReader:
    """Parses the `scorecard:` section; every error names the file (`where`) and the key."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, problem: str) -> StandardFileError:
        return StandardFileError(f"{self.where}: scorecard{problem}")

    def read(self, raw: Mapping[str, Any], applied_lines: Sequence[str]) -> Scorecard:
        if not isinstance(raw, Mapping):
            raise self.fail(" must be a mapping")
        for key in ("version", "reference", "thresholds"):
            if raw.get(key) is None:
                raise self.fail(f": missing required key {key!r}")
        items = tuple(self.item(item, i) for i, item in enumerate(raw.get("items") or ()))
        codes = [item.code for item in items]
        if len(set(codes)) != len(codes):
            raise self.fail(".items: an item code appears twice")
        base = raw.get("base_scores")
        if items and base is None:
            raise self.fail(": items need `base_scores` (a base score per region and area)")
        return Scorecard(
            version=str(raw["version"]),
            placeholder=bool(raw.get("placeholder", False)),
            reference=str(raw["reference"]),
            confirmed=bool(raw.get("confirmed", False)),
            thresholds=self.thresholds(raw["thresholds"], applied_lines),
            note=str(raw.get("note") or ""),
            base_scores=self.base_scores(base) if base is not None else {},
            items=items,
            legal_date=str(raw.get("legal_date") or ""),
        )

    def by_region(self, table: Any, name: str) -> dict[tuple[str, str], Any]:
        if not isinstance(table, Mapping):
            raise self.fail(f".{name} must map each region to its rural and urban values")
        unknown = set(table) - set(v.REGIONS)
        if unknown:
            raise self.fail(f".{name}: unknown region {sorted(unknown)[0]!r}")
        values = {}
        for region in v.REGIONS:
            by_area = table.get(region)
            if not isinstance(by_area, Mapping):
                raise self.fail(f".{name}: missing region {region!r}")
            for area in SCORE_AREAS:
                if by_area.get(area) is None:
                    raise self.fail(f".{name}.{region}: missing {area!r}")
                values[(region, area)] = by_area[area]
        return values

    def thresholds(self, table: Any, applied: Sequence[str]) -> dict[tuple[str, str], dict[str, float]]:
        result = {}
        for (region, area), values in self.by_region(table, "thresholds").items():
            for line in applied:
                if not isinstance(values, Mapping) or not _number(values.get(line)):
                    raise self.fail(f".thresholds.{region}.{area} needs a number for `{line}`")
            row = {line: float(values[line]) for line in applied}
            ordered = [row[line] for line in applied]
            if ordered != sorted(set(ordered)):
                raise self.fail(
                    f".thresholds.{region}.{area}: thresholds must rise strictly ({', '.join(applied)})"
                )
            result[(region, area)] = row
        return result

    def base_scores(self, table: Any) -> dict[tuple[str, str], float]:
        result = {}
        for key, value in self.by_region(table, "base_scores").items():
            if not _number(value):
                raise self.fail(f".base_scores.{key[0]}.{key[1]} must be a number")
            result[key] = float(value)
        return result

    def item(self, raw: Any, position: int) -> ScoreItem:
        if not isinstance(raw, Mapping) or not raw.get("code"):
            raise self.fail(f".items[{position}]: needs a `code`")
        code = str(raw["code"])
        context = f".items {code!r}"
        label = raw.get("label")
        if not label:
            raise self.fail(f"{context}: needs a `label`")
        group = str(raw.get("group") or "")
        if "members_where" in raw:
            where = compile_expression(raw["members_where"], MEMBER_NAMES, f"{self.where}, B1 item {code!r}")
            return ScoreItem(code, str(label), group, "members", where=where, **self.units(raw, context))
        answer = raw.get("answer")
        if answer not in HOUSEHOLD_NAMES or answer in NOT_SCORED:
            raise self.fail(f"{context}: `answer` {answer!r} is not a household answer a B1 item may read")
        answer_type = HOUSEHOLD_NAMES[answer]
        if "points" in raw:
            if answer_type.kind not in ("bool", "string"):
                raise self.fail(f"{context}: `points` per option needs a yes/no or enumerated answer")
            item = ScoreItem(code, str(label), group, "options", answer=answer)
            return replace(item, points=self.points(raw, item, context))
        if answer_type.kind != "number":
            raise self.fail(f"{context}: `per_unit` needs a numeric answer; give `points` per option instead")
        return ScoreItem(code, str(label), group, "per_unit", answer=answer, **self.units(raw, context))

    def points(self, raw: Mapping[str, Any], item: ScoreItem, context: str) -> dict[str, float]:
        table = raw["points"]
        if not isinstance(table, Mapping):
            raise self.fail(f"{context}: `points` must map each option to its points")
        options = item.options()
        points = {}
        for option, value in table.items():
            key = str(option).lower() if isinstance(option, bool) else str(option)
            if key not in options:
                raise self.fail(f"{context}: option {key!r} is not one of {', '.join(options)}")
            if not _number(value):
                raise self.fail(f"{context}: the points of option {key!r} must be a number")
            points[key] = float(value)
        return points

    def units(self, raw: Mapping[str, Any], context: str) -> dict[str, Any]:
        per_unit, cap = raw.get("per_unit"), raw.get("cap")
        if not _number(per_unit):
            raise self.fail(f"{context}: `per_unit` must be a number (points for each unit)")
        if cap is not None and (not _number(cap) or cap <= 0):
            raise self.fail(f"{context}: `cap` must be a number > 0 (the most units counted)")
        return {"per_unit": float(per_unit), "cap": None if cap is None else float(cap)}
