"""Reads behind the review pages, always through the user's area scope."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.areas.scope import scoped
from giamngheo.households.models import Status
from giamngheo.reviews.models import (
    BOARD_ROLES,
    ListingReason,
    ListSnapshot,
    ListStage,
    Round,
    RoundHousehold,
    RoundStep,
    ScreenResult,
    StepStatus,
    TeamRole,
)
from giamngheo.standards.models import ClassificationRun, RunKind, RunState


def rounds_for(user) -> QuerySet:
    return scoped(Round.objects.all(), user).select_related("unit", "household")


def top_rounds_for(user) -> QuerySet:
    """The rounds a user starts from: a province round (its communes' rounds are reached through
    it) or, for a commune officer who cannot see the province round, their commune's own."""
    visible = rounds_for(user)
    return visible.filter(Q(parent__isnull=True) | ~Q(parent__in=visible.values("pk")))


def round_for(user, pk: int) -> Round:
    try:
        return rounds_for(user).select_related("province", "commune", "parent").get(pk=pk)
    except Round.DoesNotExist as missing:
        raise Http404("Không tìm thấy đợt rà soát.") from missing


def snapshot_for(user, pk: int) -> ListSnapshot:
    try:
        return scoped(ListSnapshot.objects.select_related("round", "unit", "decision"), user).get(pk=pk)
    except ListSnapshot.DoesNotExist as missing:
        raise Http404("Không tìm thấy danh sách.") from missing


def villages_of(round_: Round) -> QuerySet:
    return AdminUnit.objects.filter(parent_id=round_.commune_id, level=Level.VILLAGE).order_by("code")


def team_of(round_: Round) -> QuerySet:
    return round_.team.prefetch_related("villages")


def meeting_team(round_: Round, village: AdminUnit | None) -> tuple[QuerySet, QuerySet]:
    """The board, and the reviewers of the meeting's village (all of them for a commune-wide meeting)."""
    reviewers = round_.team.filter(role=TeamRole.REVIEWER)
    if village is not None:
        reviewers = reviewers.filter(villages=village)
    return round_.team.filter(role__in=BOARD_ROLES), reviewers


def villages_without_reviewer(round_: Round) -> QuerySet:
    covered = round_.team.filter(role=TeamRole.REVIEWER, villages__isnull=False).values("villages")
    return villages_of(round_).exclude(pk__in=covered)


def current_step(steps: list[RoundStep]) -> RoundStep | None:
    return next((s for s in steps if s.status != StepStatus.DONE), None)


@dataclass
class CommuneProgress:
    round: Round
    steps: list[RoundStep]
    current: RoundStep | None
    overdue: list[RoundStep] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.is_done)


def province_overview(province_round: Round) -> list[CommuneProgress]:
    """Each commune round with its current step and its overdue steps."""
    today = timezone.localdate()
    children = province_round.children.select_related("unit").prefetch_related(
        Prefetch("steps", queryset=RoundStep.objects.order_by("position"))
    )
    rows = []
    for child in children.order_by("unit__name"):
        steps = list(child.steps.all())
        rows.append(
            CommuneProgress(child, steps, current_step(steps), [s for s in steps if s.is_overdue(today)])
        )
    return rows


def status_counts(round_: Round) -> dict[str, int]:
    return dict(Counter(round_.households.values_list("final_status", flat=True)))


def latest_snapshots(round_: Round) -> dict[str, list[ListSnapshot]]:
    """The newest version of each stage's lists."""
    result = {}
    for stage in (ListStage.PRELIMINARY, ListStage.FINAL):
        stage_snapshots = round_.snapshots.filter(stage=stage)
        newest = stage_snapshots.order_by("-version").values_list("version", flat=True).first()
        if newest is not None:
            result[stage] = list(stage_snapshots.filter(version=newest).order_by("pk"))
    return result


def comparison_run(round_: Round) -> ClassificationRun | None:
    """The latest finished comparison run of the round's two standards over its province."""
    if not round_.second_standard_id:
        return None
    runs = ClassificationRun.objects.filter(
        province_id=round_.province_id,
        year=round_.year,
        kind=RunKind.COMPARISON,
        state=RunState.DONE,
        standard_id=round_.standard_id,
        second_standard_id=round_.second_standard_id,
    )
    if not round_.is_province_round:  # a commune reads the province's run or its own
        runs = runs.filter(Q(commune__isnull=True) | Q(commune_id=round_.commune_id))
    # A province-wide run first: it holds every commune's matrix.
    return runs.order_by(F("commune_id").asc(nulls_first=True), "-created_at").first()


def quick_screen_conflicts(round_: Round) -> QuerySet:
    """Households screened with phiếu A although the rule does not allow it (on the poor or
    near-poor list, or without a form 01 request): the officer must survey them again."""
    listed = [Status.POOR, Status.NEAR_POOR]
    entries = RoundHousehold.objects.filter(
        Q(round=round_) | Q(round__parent=round_), ~Q(screen_result=ScreenResult.NOT_SCREENED)
    )
    return entries.filter(
        Q(previous_status__in=listed)
        | Q(household__current__status__in=listed)
        | ~Q(reason=ListingReason.REQUEST)
    ).select_related("household__current", "round__unit")


def class_changes(round_: Round) -> list[dict]:
    """Households whose class differs between the round's standard and its comparison standard,
    counted by commune and by (comparison class, round class)."""
    entries = RoundHousehold.objects.filter(Q(round=round_) | Q(round__parent=round_))
    changed = (
        entries.exclude(comparison_status="")
        .exclude(computed_status="")
        .exclude(comparison_status=F("computed_status"))
        .values("round__unit__code", "round__unit__name", "comparison_status", "computed_status")
        .annotate(households=Count("pk"))
        .order_by("round__unit__code", "comparison_status", "computed_status")
    )
    return [
        {
            "commune_code": row["round__unit__code"],
            "commune": row["round__unit__name"],
            "status_before": row["comparison_status"],
            "status_after": row["computed_status"],
            "households": row["households"],
        }
        for row in changed
    ]
