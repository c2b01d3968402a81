"""Demo review rounds for the generated province: the previous year's round finished and
signed off, and this year's round in progress, its communes at different steps.

Each commune first forms its review board (a vice-chairman of the commune as chair, two
members from mass organisations) and one reviewer per village, with Vietnamese names drawn
from a generator seeded by the commune and the year, so a rebuild gives the same team.
A round of a year before the July 2025 reform still asked the district chairman's opinion
before the decision: such a finished round is opened with the consultation step.

Everything goes through `reviews.actions` except two shortcuts a demo needs: last year's
classes come from the registry (the generator has no surveys for that year), and this
year's rounds take the results of the demo's official classification run instead of
classifying every commune again.
"""

import datetime as dt
import random

from django.db import connection
from django.utils import timezone

from giamngheo.accounts.models import Role, User
from giamngheo.areas.models import AdminUnit
from giamngheo.households.models import Household
from giamngheo.reviews import actions, listing, queries, workdays
from giamngheo.reviews.models import ListingReason, MeetingOutcome, Round, RoundKind, StepStatus, TeamRole
from giamngheo.reviews.steps import PERIODIC_STEPS, StepCode
from giamngheo.standards import engine
from giamngheo.standards.models import ClassificationRun, RunKind, RunState
from giamngheo.standards.runs import create_run, execute_run

# How far this year's round has gone in each commune, in turn.
STAGES = ["prepare", "list", "survey", "posting", "complaints", "reported"]
# This year's deadlines, in days from today: early steps overdue where a commune lags behind.
DEADLINE_OFFSETS = [-60, -45, -20, -5, 5, 10, 15, 20, 25]

# Districts ceased to exist on 1 July 2025; reviews before that consulted the district chairman.
DISTRICTS_ABOLISHED = dt.date(2025, 7, 1)
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô"]
# (middle names, given names) of men and of women.
GIVEN_NAMES = [
    (
        ["Văn", "Minh", "Đức", "Hữu", "Quang"],
        ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Sơn", "Tuấn"],
    ),
    (
        ["Thị", "Ngọc", "Thu", "Thanh", "Kim"],
        ["Dung", "Hà", "Hạnh", "Hoa", "Lan", "Mai", "Nga", "Thảo", "Vân", "Yến"],
    ),
]
# The two board members besides the chair lead mass organisations (a ward has no farmers' union).
BOARD_ORGANISATIONS = ["Chủ tịch Hội Liên hiệp Phụ nữ", "Chủ tịch Hội Nông dân"]
WARD_BOARD_ORGANISATIONS = ["Chủ tịch Hội Liên hiệp Phụ nữ", "Chủ tịch Hội Cựu chiến binh"]
# Followed by the reviewer's village: "Bí thư Chi đoàn thôn Phước Lợi".
REVIEWER_POSITIONS = ["Chi hội trưởng Chi hội Phụ nữ", "Bí thư Chi đoàn", "Phó trưởng"]


def build_demo_rounds(province: AdminUnit, year: int) -> list[Round]:
    """Create the demo rounds once; a second call finds them and does nothing."""
    if Round.objects.filter(unit=province, year__in=[year - 1, year], kind=RoundKind.PERIODIC).exists():
        return []
    user = _demo_admin()
    return [_finished_round(province, year - 1, user), _round_in_progress(province, year, user)]


def _demo_admin() -> User:
    user, created = User.objects.get_or_create(
        username="quantri", defaults={"role": Role.ADMIN, "is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _standard_for(year: int) -> str:
    """The standard of the periodic review of `year`, by the rule (lists take effect on 1 January)."""
    return engine.standard_for_periodic_review(year).standard_id


def _comparison_for(year: int) -> str:
    """The previous season's standard when the rule moves to a new one: the comparison run."""
    previous = engine.standard_for_periodic_review(year - 1).standard_id
    return previous if previous != _standard_for(year) else ""


def _in_window(year: int, day: dt.date) -> dt.date:
    start, end = workdays.periodic_window(year)
    return workdays.previous_working_day(min(max(day, start), end))


def _province_run(
    province: AdminUnit, year: int, user, standard_id: str, second: str = ""
) -> ClassificationRun:
    """The demo's run of the province under the round's standard (and its comparison), made once."""
    kind = RunKind.COMPARISON if second else RunKind.OFFICIAL
    found = (
        ClassificationRun.objects.filter(
            province=province,
            year=year,
            kind=kind,
            state=RunState.DONE,
            commune__isnull=True,
            standard_id=standard_id,
            second_standard_id=second,
        )
        .order_by("-created_at")
        .first()
    )
    if found is not None:
        return found
    return execute_run(create_run(province, year, user, standard_id=standard_id, second_standard_id=second))


def _finished_round(province: AdminUnit, year: int, user) -> Round:
    parent = actions.open_province_round(
        province,
        year,
        user,
        standard_id=_standard_for(year),
        with_consultation=dt.date(year, 9, 1) < DISTRICTS_ABOLISHED,
    )
    children = list(parent.children.order_by("unit__code"))
    listing.list_households(children)
    _classes_from_registry(children)
    posted_from = dt.date(year, 11, 16)
    for child in children:
        _walk(child, user, until="reported", posted_from=posted_from, signed_on=dt.date(year, 12, 5))
    actions.province_sign_off(parent, user, "Tỉnh phê duyệt kết quả rà soát")
    return parent


def _round_in_progress(province: AdminUnit, year: int, user) -> Round:
    today = timezone.localdate()
    deadlines = {
        code: _in_window(year, today + dt.timedelta(days=offset))
        for code, offset in zip(PERIODIC_STEPS, DEADLINE_OFFSETS, strict=True)
    }
    standard_id, second = _standard_for(year), _comparison_for(year)
    parent = actions.open_province_round(
        province, year, user, standard_id=standard_id, second_standard_id=second, deadlines=deadlines
    )
    children = list(parent.children.order_by("unit__code"))
    run = _province_run(province, year, user, standard_id)
    comparison = _province_run(province, year, user, standard_id, second) if second else None
    for index, child in enumerate(children):
        stage = STAGES[index % len(STAGES)]
        if stage == "posting":
            _walk(child, user, until=stage, posted_from=today, run=run, comparison=comparison)
        else:
            posted_from = today - dt.timedelta(days=14)
            _walk(
                child,
                user,
                until=stage,
                posted_from=posted_from,
                signed_on=today,
                run=run,
                comparison=comparison,
            )
    return parent


def _walk(
    round_: Round,
    user,
    *,
    until: str,
    posted_from: dt.date,
    signed_on: dt.date | None = None,
    run: ClassificationRun | None = None,
    comparison: ClassificationRun | None = None,
) -> None:
    order = STAGES
    reach = order.index(until)

    def complete(code: str, note: str = "") -> None:
        step = round_.steps.get(code=code)
        if step.status != StepStatus.DONE:
            actions.complete_step(step, user, note)

    if not round_.team.exists():
        _form_team(round_, user)
    complete(StepCode.PREPARE, "Đã thành lập Ban chỉ đạo và tập huấn rà soát viên")
    if reach < order.index("list"):
        return
    if not round_.households.exists():
        listing.list_households([round_])
    if not round_.households.exists():
        _detect_one(round_, user, classes_from_registry=run is None)
    if not round_.households.exists():
        return  # a commune without households stays at listing
    complete(StepCode.LIST)
    if reach < order.index("survey"):
        return
    if run is not None:
        listing.apply_run([round_], run)
    if comparison is not None:
        listing.apply_comparison([round_], comparison, round_.second_standard_id)
    if round_.households.filter(computed_status="").exists():
        return
    complete(StepCode.SURVEY)
    if reach < order.index("posting"):
        return
    held_on = min(posted_from - dt.timedelta(days=3), timezone.localdate())
    actions.record_meeting(round_, user, held_on=held_on, attendance=35, chaired_by="Trưởng thôn")
    complete(StepCode.MEETING)
    actions.post_preliminary_lists(round_, user, starts_on=posted_from)
    if reach < order.index("complaints"):
        return
    entry = round_.households.filter(meeting_outcome=MeetingOutcome.AGREED).order_by("pk").first()
    complaint = actions.receive_complaint(
        round_, user, complainant_name="Nguyễn Thị Hoa", complainant_phone="0905123456",
        text="Đề nghị xem xét lại kết quả phân loại của hộ.", round_household=entry,
        received_on=posted_from + dt.timedelta(days=1),
    )  # fmt: skip
    complete(StepCode.POSTING)
    actions.answer_complaint(
        complaint, user, answer="Đã phúc tra; giữ nguyên kết quả.", recheck_note="Đúng phiếu"
    )
    complete(StepCode.COMPLAINTS)
    if reach < order.index("reported"):
        return
    if round_.with_consultation:
        complete(StepCode.CONSULTATION, "Đã có ý kiến thống nhất của Chủ tịch UBND huyện")
    actions.issue_decision(
        round_, user, number=f"{round_.unit.code}/QĐ-UBND", signed_on=signed_on, signer="Chủ tịch UBND",
        placeholder_acknowledged_by="Chủ tịch UBND",
    )  # fmt: skip
    actions.issue_certificates(round_, user)
    actions.submit_report(round_, user)


def _detect_one(round_: Round, user, *, classes_from_registry: bool) -> None:
    """A small commune with nobody on the lists: the reviewers detect one household to survey,
    so its round can go on and the province's round can be signed off (small demos)."""
    household = Household.objects.filter(commune_id=round_.commune_id, is_active=True).order_by("pk").first()
    if household is None:
        return
    actions.add_household_to_round(round_, user, household, ListingReason.DETECTED)
    if classes_from_registry:
        _classes_from_registry([round_])


def _form_team(round_: Round, user) -> None:
    """A chair, two members from mass organisations and one reviewer per village."""
    commune = round_.commune
    unit = commune.kind.lower() or "xã"
    organisations = WARD_BOARD_ORGANISATIONS if unit == "phường" else BOARD_ORGANISATIONS
    names = _names(random.Random(f"{commune.code}-{round_.year}"))
    add = actions.add_team_member
    add(round_, user, full_name=next(names), role=TeamRole.CHAIR, position=f"Phó Chủ tịch UBND {unit}")
    for organisation in organisations:
        add(round_, user, full_name=next(names), role=TeamRole.MEMBER, position=f"{organisation} {unit}")
    villages = list(queries.villages_of(round_))
    for index, village in enumerate(villages):
        place = village.name[:1].lower() + village.name[1:]
        position = f"{REVIEWER_POSITIONS[index % len(REVIEWER_POSITIONS)]} {place}"
        add(
            round_, user, full_name=next(names), role=TeamRole.REVIEWER, position=position, villages=[village]
        )
    if not villages:  # a commune without villages on record still needs its reviewer
        add(
            round_,
            user,
            full_name=next(names),
            role=TeamRole.REVIEWER,
            position=f"Công chức Văn hóa - Xã hội {unit}",
        )


def _names(rng: random.Random):
    """Endless distinct Vietnamese full names."""
    seen = set()
    while True:
        middles, givens = GIVEN_NAMES[rng.randrange(2)]
        name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(middles)} {rng.choice(givens)}"
        if name not in seen:
            seen.add(name)
            yield name


def _classes_from_registry(rounds: list[Round]) -> None:
    """Last year's classes as the registry holds them (no surveys exist for that year)."""
    ids = [r.pk for r in rounds]
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE reviews_roundhousehold SET
                computed_status = CASE WHEN previous_status = '' THEN 'not_poor' ELSE previous_status END,
                final_status = CASE WHEN previous_status = '' THEN 'not_poor' ELSE previous_status END
            WHERE round_id IN ({marks})
            """,
            ids,
        )
