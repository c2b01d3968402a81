import datetime as dt

from giamngheo.households.tests.statuses import set_status
from giamngheo.reviews import actions
from giamngheo.reviews.models import ListKind, RoundKind, RoundStatus, StatusPeriod
from giamngheo.reviews.steps import StepCode
from giamngheo.reviews.tests.conftest import commune_round, decide, step, walk_to_decision


def test_list_snapshot_never_changes_after_later_registry_edits(
    province_round, geography, officers, households
):
    round_ = commune_round(province_round, geography["commune"])
    walk_to_decision(round_, officers["commune"])
    decision = decide(round_, officers["commune"])
    poor = actions.final_lists(decision)[ListKind.POOR]
    before = list(poor.rows.values_list("household_id", "head_name", "village_name", "status"))
    household = households["poor"]
    household.head_name = "Tên đã đổi"
    household.village = None
    household.save()
    set_status(household, "not_poor")
    set_status(households["near_poor"], "poor")
    assert list(poor.rows.values_list("household_id", "head_name", "village_name", "status")) == before
    assert before[0][1] != "Tên đã đổi"


def test_ad_hoc_review_of_one_household_ends_with_a_decision(geography, officers, households, today):
    officer = officers["commune"]
    household = households["average"]
    round_ = actions.open_adhoc_review(
        household, officer, applied_on=dt.date(2024, 9, 20), note="Chủ hộ ốm nặng"
    )
    assert round_.kind == RoundKind.AD_HOC and step(round_, StepCode.APPLICATION).is_done
    actions.classify_round(round_, officer)
    actions.complete_step(step(round_, StepCode.SURVEY), officer)
    actions.record_meeting(
        round_, officer, held_on=today, attendance=12, overrides={household.pk: ("near_poor", "Ốm nặng")}
    )
    actions.complete_step(step(round_, StepCode.MEETING), officer)
    actions.post_preliminary_lists(round_, officer, starts_on=today - dt.timedelta(days=10))
    actions.complete_step(step(round_, StepCode.POSTING), officer)
    actions.complete_step(step(round_, StepCode.COMPLAINTS), officer)
    decision = decide(round_, officer)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED and decision.effective_on == today
    assert [r.household_id for r in actions.final_lists(decision)[ListKind.NEAR_POOR].rows.all()] == [
        household.pk
    ]
    assert StatusPeriod.objects.get(household=household).status == "near_poor"
    assert len(actions.issue_certificates(round_, officer)) == 1


def test_ad_hoc_review_may_be_refused_in_writing(geography, officers, households):
    round_ = actions.open_adhoc_review(
        households["not_poor"], officers["commune"], applied_on=dt.date(2024, 9, 20), note="Xin vào hộ nghèo"
    )
    actions.refuse_adhoc_review(round_, officers["commune"], "Thu nhập vượt chuẩn")
    round_.refresh_from_db()
    assert round_.status == RoundStatus.REFUSED and round_.refusal_reason == "Thu nhập vượt chuẩn"


def test_rows_left_unread_belong_to_no_list():
    """The query reads only LISTED_FINAL households or those leaving LISTED_STATUSES: every (previous, final)
    pair it leaves out matches none of the six rules."""
    from itertools import product

    import polars as pl

    from giamngheo.households.models import Status
    from giamngheo.reviews.listing import LISTED_STATUSES
    from giamngheo.reviews.snapshots import KIND_RULES, LISTED_FINAL, sorted_into_lists

    statuses = ["", *Status.values]
    pairs = pl.DataFrame([{"previous_status": p, "status": f} for p, f in product(statuses, Status.values)])
    read = pl.col("status").is_in(list(LISTED_FINAL)) | pl.col("previous_status").is_in(list(LISTED_STATUSES))
    assert sorted_into_lists(pairs.filter(~read)).is_empty()
    assert not sorted_into_lists(pairs.filter(read)).is_empty() and len(KIND_RULES) == 6
