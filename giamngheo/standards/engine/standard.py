"""A poverty standard as the engine and the pages see it, read from one YAML file.

The file format is described in `giamngheo/standards/data/README.md`. Parsing checks
everything a mistake in the file could break later: the rule exists and fits the income
lines, every indicator code is a known one, every deprivation test is in the expression
language and reads exactly the answers its `derived_from` lists. Errors name the file and
the indicator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from giamngheo.standards.engine import vocabulary as v
from giamngheo.standards.engine.errors import StandardFileError, display_path
from giamngheo.standards.engine.expressions import (
    HOUSEHOLD_NAMES,
    MEMBER_NAMES,
    Expression,
    compile_expression,
)
from giamngheo.standards.engine.scorecard import Scorecard, ScorecardReader

AREAS = (v.RURAL, v.URBAN)
AREA_LABELS = {v.RURAL: "nông thôn", v.URBAN: "thành thị"}
RULES = ("income_only", "income_or_deprivation", "income_and_deprivation")
OUTCOMES = ("poor", "near_poor", "average", "not_poor")
# Income lines the rules use, lowest first; other lines (e.g. low_income_worker) are shown, not applied.
BANDED_LINES = ("poor", "near_poor", "average")
TEST_KINDS = ("household", "any_member", "share_of_members")


@dataclass(frozen=True)
class LegalBasis:
    title: str
    date: dt.date | None
    article: str
    confirmed: bool
    effective: dt.date | None = None


@dataclass(frozen=True)
class IncomeLine:
    """One income line (VND per person per month) for rural and urban areas, each with its citation.

    `rural`/`urban` are None where the law defines no line (2026-2030 average standard)."""

    name: str
    label: str
    rural: int | None
    urban: int | None
    references: Mapping[str, str]
    confirmed: bool
    note: str = ""

    @property
    def defined(self) -> bool:
        return self.rural is not None and self.urban is not None

    @property
    def reference(self) -> str:
        return "; ".join(dict.fromkeys(r for r in self.references.values() if r))

    def for_area(self, area: str) -> int | None:
        if area not in AREAS:
            raise ValueError(f"area must be one of {', '.join(AREAS)}, not {area!r}")
        return self.rural if area == v.RURAL else self.urban


@dataclass(frozen=True)
class DeprivationTest:
    """How an indicator is derived from raw answers.

    `household`: the expression on the household row. `any_member`: true if any member
    satisfies it. `share_of_members`: the share of members satisfying it is strictly greater
    than `greater_than`."""

    kind: str
    expression: Expression
    greater_than: float | None = None

    @property
    def on_members(self) -> bool:
        return self.kind != "household"

    def describe(self) -> str:
        if self.kind == "share_of_members":
            return f"share_of_members(where: {self.expression.source}) > {self.greater_than}"
        return f"{self.kind}: {self.expression.source}"


@dataclass(frozen=True)
class Indicator:
    code: str
    dimension: str  # Vietnamese label of the dimension, as shown on pages
    dimension_code: str
    label: str
    help: str
    derived_from: tuple[str, ...]
    test: DeprivationTest
    reference: str
    confirmed: bool
    note: str = ""

    @property
    def column(self) -> str:
        """The 0/1 column that may give the indicator directly (`d_<code>`)."""
        return f"d_{self.code}"


@dataclass(frozen=True)
class Standard:
    id: str
    name: str
    scope: str  # "national" or "local"
    province: str | None
    legal_basis: tuple[LegalBasis, ...]
    valid_from: dt.date
    valid_to: dt.date
    rule: str
    deprivation_threshold: int
    indicators: tuple[Indicator, ...]
    income_lines: Mapping[str, IncomeLine]
    outcomes: Mapping[str, Mapping[str, str]]  # status -> area -> article that decides it
    scorecard: Scorecard | None
    confidence: tuple[str, ...]
    source: Path
    extends: str | None = None

    @property
    def national(self) -> bool:
        return self.scope == "national"

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        return tuple(indicator.code for indicator in self.indicators)

    def income_line(self, area: str, line: str = "poor") -> int | None:
        """The line (default: the poverty line) for `area`, in VND per person per month."""
        return self.income_lines[line].for_area(area)

    def line(self, name: str) -> IncomeLine | None:
        """The named income line if the standard defines it for both areas, else None."""
        found = self.income_lines.get(name)
        return found if found is not None and found.defined else None

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day <= self.valid_to


def parse_standard(raw: Mapping[str, Any], source: Path) -> Standard:
    """Build a Standard from the (already merged) mapping read from `source`."""
    reader = _Reader(source)
    return reader.standard(raw)


class _Reader:
    def __init__(self, source: Path) -> None:
        self.source = source
        self.where = display_path(source)

    def fail(self, problem: str) -> StandardFileError:
        return StandardFileError(f"{self.where}: {problem}")

    def require(self, mapping: Mapping[str, Any], key: str, context: str = "") -> Any:
        if not isinstance(mapping, Mapping) or mapping.get(key) is None:
            raise self.fail(f"{context}missing required key {key!r}")
        return mapping[key]

    def date(self, value: Any, context: str) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(f"{context}: {value!r} is not a date (YYYY-MM-DD)") from None

    def standard(self, raw: Mapping[str, Any]) -> Standard:
        if not isinstance(raw, Mapping):
            raise self.fail("the file must hold a mapping (key: value) at the top level")
        standard_id = str(self.require(raw, "id"))
        if standard_id != self.source.stem:
            raise self.fail(f"id {standard_id!r} must equal the file name {self.source.stem!r}")
        scope = raw.get("scope", "national")
        if scope not in ("national", "local"):
            raise self.fail(f"scope must be 'national' or 'local', not {scope!r}")
        if scope == "local" and not raw.get("province"):
            raise self.fail("a local standard names its province (province: code)")
        in_force = self.require(raw, "in_force")
        valid_from = self.date(self.require(in_force, "from", "in_force: "), "in_force.from")
        valid_to = self.date(self.require(in_force, "to", "in_force: "), "in_force.to")
        if valid_to < valid_from:
            raise self.fail("in_force.to is before in_force.from")
        rule = self.require(raw, "rule")
        if rule not in RULES:
            raise self.fail(f"rule {rule!r} is not one of {', '.join(RULES)}")
        lines = self.income_lines(self.require(raw, "income_lines"))
        self.check_lines_fit_rule(rule, lines)
        dimensions = raw.get("dimensions") or {}
        indicators = tuple(
            self.indicator(item, i, dimensions) for i, item in enumerate(raw.get("indicators") or [])
        )
        codes = [indicator.code for indicator in indicators]
        if len(set(codes)) != len(codes):
            raise self.fail("an indicator code appears twice")
        if rule == "income_only" and indicators:
            raise self.fail("rule income_only takes no indicators")
        if rule != "income_only" and not indicators:
            raise self.fail(f"rule {rule} needs indicators")
        threshold = raw.get("deprivation_threshold")
        if rule != "income_only":
            threshold = self.require(threshold, "value", "deprivation_threshold: ")
            if not isinstance(threshold, int) or threshold < 1:
                raise self.fail("deprivation_threshold.value must be a whole number ≥ 1")
        return Standard(
            id=standard_id,
            name=str(self.require(raw, "name")),
            scope=scope,
            province=str(raw["province"]) if raw.get("province") else None,
            legal_basis=tuple(self.legal_basis(item) for item in self.require(raw, "legal_basis")),
            valid_from=valid_from,
            valid_to=valid_to,
            rule=rule,
            deprivation_threshold=threshold or 0,
            indicators=indicators,
            income_lines=lines,
            outcomes=self.outcomes(self.require(raw, "outcomes"), rule, lines),
            scorecard=self.scorecard(raw["scorecard"], lines) if raw.get("scorecard") else None,
            confidence=tuple(str(note) for note in raw.get("confidence") or ()),
            source=self.source,
            extends=raw.get("extends"),
        )

    def legal_basis(self, item: Mapping[str, Any]) -> LegalBasis:
        title = self.require(item, "title", "legal_basis: ")
        return LegalBasis(
            title=str(title),
            date=self.date(item["date"], f"legal_basis {title}") if item.get("date") else None,
            article=str(item.get("article") or ""),
            confirmed=bool(item.get("confirmed", False)),
            effective=self.date(item["effective"], f"legal_basis {title}") if item.get("effective") else None,
        )

    def income_lines(self, raw: Mapping[str, Any]) -> dict[str, IncomeLine]:
        if not isinstance(raw, Mapping) or "poor" not in raw:
            raise self.fail("income_lines must define at least the poverty line `poor`")
        lines = {}
        for name, spec in raw.items():
            values, references, confirmed = {}, {}, True
            for area in AREAS:
                amount = self.require(spec, area, f"income_lines.{name}: ")
                value = amount.get("value") if isinstance(amount, Mapping) else None
                if value is not None and (not isinstance(value, int) or value < 0):
                    raise self.fail(f"income_lines.{name}.{area}.value must be a whole number of VND ≥ 0")
                if not isinstance(amount, Mapping) or not amount.get("reference"):
                    raise self.fail(f"income_lines.{name}.{area} needs a reference (where the law says it)")
                values[area], references[area] = value, str(amount["reference"])
                confirmed = confirmed and bool(amount.get("confirmed", False))
            lines[name] = IncomeLine(
                name=name,
                label=str(spec.get("label") or name),
                rural=values[v.RURAL],
                urban=values[v.URBAN],
                references=references,
                confirmed=confirmed,
                note=str(spec.get("note") or ""),
            )
        if not lines["poor"].defined:
            raise self.fail("income_lines.poor needs a value for both areas")
        defined = [lines[name] for name in BANDED_LINES if name in lines and lines[name].defined]
        for area in AREAS:
            amounts = [line.for_area(area) for line in defined]
            if amounts != sorted(set(amounts)):
                raise self.fail(f"the {area} lines must rise strictly: poor < near_poor < average")
        return lines

    def check_lines_fit_rule(self, rule: str, lines: Mapping[str, IncomeLine]) -> None:
        near_poor = "near_poor" in lines and lines["near_poor"].defined
        if rule == "income_or_deprivation" and not near_poor:
            raise self.fail("rule income_or_deprivation needs a near_poor line (the upper income bound)")
        if rule == "income_and_deprivation" and near_poor:
            raise self.fail("rule income_and_deprivation uses the poverty line only; remove near_poor")

    def outcomes(
        self, raw: Mapping[str, Any], rule: str, lines: Mapping[str, IncomeLine]
    ) -> dict[str, dict[str, str]]:
        """The article deciding each status the standard can give, per area."""
        outcomes = {}
        needed = ["poor", "not_poor"]
        if rule != "income_only" or ("near_poor" in lines and lines["near_poor"].defined):
            needed.append("near_poor")
        if "average" in lines and lines["average"].defined:
            needed.append("average")
        for status in needed:
            spec = self.require(raw, status, "outcomes: ")
            outcomes[status] = {area: str(self.require(spec, area, f"outcomes.{status}: ")) for area in AREAS}
        unknown = set(raw) - set(OUTCOMES) - {"confirmed", "note"}
        if unknown:
            raise self.fail(f"outcomes: unknown status {sorted(unknown)[0]!r}")
        return outcomes

    def indicator(self, raw: Mapping[str, Any], position: int, dimensions: Mapping[str, str]) -> Indicator:
        code = self.require(raw, "code", f"indicators[{position}]: ")
        context = f"indicator {code!r}: "
        if code not in v.INDICATOR_CODES:
            raise self.fail(f"{context}unknown code (known: {', '.join(v.INDICATOR_CODES)})")
        where = f"{self.where}, indicator {code!r}"
        test = self.test(self.require(raw, "deprived_when", context), where)
        derived_from = tuple(self.require(raw, "derived_from", context))
        if sorted(set(derived_from)) != sorted(test.expression.names):
            raise self.fail(
                f"{context}derived_from {sorted(derived_from)} must list exactly the answers the test "
                f"reads: {sorted(test.expression.names)}"
            )
        dimension = self.require(raw, "dimension", context)
        if dimension not in dimensions:
            raise self.fail(f"{context}dimension {dimension!r} is not listed under `dimensions`")
        return Indicator(
            code=code,
            dimension=str(dimensions[dimension]),
            dimension_code=str(dimension),
            label=str(self.require(raw, "label", context)),
            help=str(self.require(raw, "help", context)),
            derived_from=derived_from,
            test=test,
            reference=str(self.require(raw, "reference", context)),
            confirmed=bool(raw.get("confirmed", False)),
            note=str(raw.get("note") or ""),
        )

    def test(self, raw: Any, where: str) -> DeprivationTest:
        if not isinstance(raw, Mapping) or len(raw) != 1 or next(iter(raw)) not in TEST_KINDS:
            raise StandardFileError(f"{where}: deprived_when needs exactly one of {', '.join(TEST_KINDS)}")
        kind, spec = next(iter(raw.items()))
        if kind == "household":
            return DeprivationTest(kind, compile_expression(spec, HOUSEHOLD_NAMES, where))
        if kind == "any_member":
            return DeprivationTest(kind, compile_expression(spec, MEMBER_NAMES, where))
        if not isinstance(spec, Mapping) or set(spec) != {"where", "greater_than"}:
            raise StandardFileError(f"{where}: share_of_members needs `where` and `greater_than`")
        share = spec["greater_than"]
        if not isinstance(share, int | float) or isinstance(share, bool) or not 0 <= share < 1:
            raise StandardFileError(f"{where}: share_of_members.greater_than must be a number in [0, 1)")
        return DeprivationTest(kind, compile_expression(spec["where"], MEMBER_NAMES, where), float(share))

    def scorecard(self, raw: Mapping[str, Any], lines: Mapping[str, IncomeLine]) -> Scorecard:
        applied = [name for name in BANDED_LINES if name in lines and lines[name].defined]
        return ScorecardReader(self.where).read(raw, applied)
