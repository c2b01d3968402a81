"""Agencies that no longer exist and who took over their work (`data/agencies.yaml`), so
that a task of an older plan shows who answers for it today."""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from giamngheo.core.text import fold

AGENCIES_FILE = Path(__file__).resolve().parent / "data" / "agencies.yaml"


@dataclass(frozen=True)
class Succession:
    names: tuple[str, ...]
    until: dt.date
    successors: tuple[str, ...]
    note: str = ""

    @property
    def text(self) -> str:
        return f"nay: {' / '.join(self.successors)}"


@cache
def successions() -> tuple[Succession, ...]:
    data = yaml.safe_load(AGENCIES_FILE.read_text(encoding="utf-8"))
    return tuple(
        Succession(tuple(row["names"]), row["until"], tuple(row["successors"]), row.get("note", ""))
        for row in data["agencies"]
    )


def successor_of(agency: str, on: dt.date) -> Succession | None:
    """The succession of an agency that had ceased to exist by `on` (None if it still exists)."""
    folded = fold(agency)
    for succession in successions():
        if on > succession.until and any(fold(name) in folded for name in succession.names):
            return succession
    return None


def agencies_today(text: str, on: dt.date) -> list[tuple[str, Succession | None]]:
    """Each agency of a "; "-separated list with its successor on `on`."""
    names = [part.strip() for part in (text or "").replace("\n", ";").split(";") if part.strip()]
    return [(name, successor_of(name, on)) for name in names]
