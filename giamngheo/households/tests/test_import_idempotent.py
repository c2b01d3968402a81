"""A valid file is imported in one go, and importing it again changes nothing."""

import datetime as dt

from giamngheo.core.models import BulkChange
from giamngheo.core.text import fold
from giamngheo.households.imports.pipeline import import_file
from giamngheo.households.imports.testing import flat_csv, officer, sample_members, snapshot, xlsx  # noqa: F401
from giamngheo.households.models import Household, Member


def test_valid_workbook_creates_households_and_members(geography, officer):  # noqa: F811
    outcome = import_file("ho.xlsx", xlsx(), officer)
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert (outcome.counts.households_created, outcome.counts.members_created) == (2, 4)
    first = Household.objects.get(code="NT-0001")
    assert first.commune == geography["commune"] and first.village == geography["village"]
    assert first.head_name == "Nguyễn Văn An" and first.meritorious and not first.ethnic_minority
    assert "nguyen van nam" in first.search_text and "056080000123" in first.search_text
    second = Household.objects.get(code="NT-0002")
    assert second.ethnic_minority and second.village is None
    head = Member.objects.get(cccd="056080000123")
    assert (
        head.birth_date == dt.date(1980, 3, 15)
        and head.relation == "head"
        and head.search_name == "nguyen van an"
    )
    assert BulkChange.objects.filter(action="import", user=officer, rows=6).exists()


def test_importing_the_same_file_twice_creates_no_duplicates(geography, officer):  # noqa: F811
    content = xlsx()
    assert import_file("ho.xlsx", content, officer).ok
    before = snapshot()
    outcome = import_file("ho.xlsx", content, officer)
    assert outcome.ok
    assert (outcome.counts.households_created, outcome.counts.members_created) == (0, 0)
    # identical rows are not rewritten: the report says 0 changed, not "2 updated"
    assert (outcome.counts.households_updated, outcome.counts.members_updated) == (0, 0)
    assert snapshot() == before
    assert Member.objects.count() == 4


def test_reimport_counts_only_the_rows_that_changed(geography, officer):  # noqa: F811
    assert import_file("ho.xlsx", xlsx(), officer).ok
    members = sample_members()
    members[2][5] = "Tày"
    outcome = import_file("ho.xlsx", xlsx(members=members), officer)
    assert outcome.ok
    assert (outcome.counts.households_updated, outcome.counts.members_updated) == (0, 1)
    assert Member.objects.get(full_name="Nguyễn Văn Nam").ethnicity == "Tày"


def test_flat_csv_imports_the_same_data_as_the_workbook(geography, officer):  # noqa: F811
    assert import_file("ho.xlsx", xlsx(), officer).ok
    from_workbook = snapshot()
    outcome = import_file("ho.csv", flat_csv(), officer)
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert outcome.counts.members_created == 0
    assert snapshot() == from_workbook


def stored_search_texts() -> dict[str, str]:
    return dict(Household.objects.values_list("code", "search_text"))


def search_texts_one_by_one() -> dict[str, str]:
    """The search text as the import wrote it before it was computed in frames: head, address,
    code, then each member's name and CCCD in the members' id order, folded."""
    texts = {}
    for household in Household.objects.all():
        names = [household.head_name, household.address, household.code]
        for name, cccd in household.members.order_by("id").values_list("full_name", "cccd"):
            names += [name, cccd or ""]
        texts[household.code] = fold(" ".join(names))
    return texts


def test_search_text_of_new_and_updated_households_is_the_one_by_one_text(geography, officer):  # noqa: F811
    assert import_file("ho.xlsx", xlsx(), officer).ok
    assert stored_search_texts() == search_texts_one_by_one()
    members = sample_members()
    members.append(["NT-0002", "Lê Văn Mới", "01/02/2015", "Nam", "Con", "Kinh", "", "Đang sinh sống"])
    members[0][1] = "Nguyễn Văn Ân"
    outcome = import_file("ho.xlsx", xlsx(members=members), officer)
    assert outcome.ok and outcome.counts.members_created == 1
    assert stored_search_texts() == search_texts_one_by_one()
    assert "le van moi" in stored_search_texts()["NT-0002"]
