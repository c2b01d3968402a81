"""The columnar reader (fastexcel, Polars frames) and the row reader (python-calamine, cell by
cell), which still reads .xls, .ods, CSV and workbooks with elapsed-time formats, give the
same import: the same problems, word for word, and the same registry."""

import datetime as dt

import pytest

from giamngheo.core import sheetframes
from giamngheo.core.sheets import read_sheets
from giamngheo.households.imports import pipeline
from giamngheo.households.imports.pipeline import import_file
from giamngheo.households.imports.testing import officer, sample_households, sample_members, snapshot, xlsx  # noqa: F401
from giamngheo.households.models import Household, Member


def by_rows(name: str, content: bytes) -> list[sheetframes.SheetFrame]:
    return [sheetframes._from_rows(sheet) for sheet in read_sheets(name, content)]


def typed_cells() -> bytes:
    """Cells as Excel keeps what officers type: dates, numbers (a CCCD without its leading
    zero), TRUE/FALSE, text with spaces around it."""
    households = sample_households()
    households[0][5], households[0][6], households[1][8] = False, True, "  Không "
    members = sample_members()
    members[0][2], members[0][6] = dt.date(1980, 3, 15), 56080000123
    members[1][2] = dt.datetime(1984, 11, 2)
    households[1][4] = 12.5
    return xlsx(households, members)


def with_mistakes() -> bytes:
    members = sample_members()
    members[0][2], members[1][6], members[2][3] = "1980-03-15", "05618400045", True
    members[3][4] = "Chủ hộ "
    return xlsx(members=members)


def outcome_and_registry(content: bytes, user) -> tuple[list[str], tuple, tuple]:
    outcome = import_file("ho.xlsx", content, user)
    counts = outcome.counts
    result = ([str(p) for p in outcome.problems], counts, snapshot())
    Member.objects.all().delete()
    Household.objects.all().delete()
    return result


@pytest.mark.parametrize("make", [xlsx, typed_cells, with_mistakes])
def test_both_readers_import_the_same(geography, officer, monkeypatch, make):  # noqa: F811
    content = make()
    fast = outcome_and_registry(content, officer)
    monkeypatch.setattr(pipeline, "read_frames", by_rows)
    assert outcome_and_registry(content, officer) == fast
    if make is not with_mistakes:
        assert fast[1] is not None and fast[1].members_created == 4, fast[0]
    else:
        assert len(fast[0]) >= 3, fast[0]
