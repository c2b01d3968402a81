"""Background jobs of duplicate detection (django-tasks)."""

from django_tasks import task

from giamngheo.households.duplicates.finding import find_duplicates


@task()
def find_duplicate_members(commune_ids: list[int]) -> int:
    """Find candidate duplicate pairs in the communes; returns how many new pairs were stored."""
    return find_duplicates(commune_ids).pairs_new
