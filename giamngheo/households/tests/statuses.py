"""Giving test households a current status, one write each as a survey's submission does
(Django's signals then keep the kept counts, `reports.village_counts`)."""

from collections.abc import Iterable

from giamngheo.households.models import CurrentStatus, Household


def set_status(households: Household | Iterable[Household], status: str) -> None:
    for household in [households] if isinstance(households, Household) else households:
        CurrentStatus.objects.update_or_create(household=household, defaults={"status": status})
        household.refresh_from_db()


def status_of(household: Household | int) -> str:
    """The household's current status as stored ('' before any)."""
    pk = household.pk if isinstance(household, Household) else household
    return CurrentStatus.objects.filter(household_id=pk).values_list("status", flat=True).first() or ""
