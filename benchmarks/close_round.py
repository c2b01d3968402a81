"""Close a province's periodic review round from the database: open the province round
(one round per commune), list the households to review, classify their latest surveys
under 2022-2025, take the results onto the rounds, and freeze the six lists of every commune.

Target (issue 6, then issue 21): 1,000,000 households on PostgreSQL in ≤ 30 s.

    .venv/bin/python benchmarks/close_round.py --households 1000000
    .venv/bin/python benchmarks/close_round.py --households 100000 --sqlite

It makes its own database (PostgreSQL `gn_bench_close_round`, or a temporary SQLite file),
loads the units, generates the province, then times the close. A generated province has no
statuses yet, so the close gives every household its first one (rewriting every household
row); `--classified-before` classifies it once first, as last year's review would have.
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import cpu_seconds, demo_province, fresh_database, load_average  # noqa: E402

# The six lists as SQL over the rounds' households, to check the frozen rows against.
_LIST_RULES = {
    "poor": "final_status = 'poor'",
    "near_poor": "final_status = 'near_poor'",
    "average": "final_status = 'average'",
    "escaped_poor": "previous_status = 'poor' AND final_status <> 'poor'",
    "newly_poor": "final_status = 'poor' AND previous_status <> 'poor'",
    "escaped_near_poor": "previous_status = 'near_poor' AND final_status IN ('average', 'not_poor')",
}


def check(cursor, run_id: int, round_ids: list[int]) -> None:
    """Every listed household got its run's status, and each list holds exactly the households
    its rule selects (0 differences), before any time is printed."""
    cursor.execute(
        """SELECT count(*) FROM reviews_roundhousehold rh
           LEFT JOIN standards_classification c ON c.household_id = rh.household_id AND c.run_id = %s
           WHERE rh.round_id = ANY(%s) AND rh.computed_status IS DISTINCT FROM c.status""",
        [run_id, round_ids],
    )
    (differ,) = cursor.fetchone()
    assert differ == 0, f"{differ} listed households do not have their run's status"
    for kind, rule in _LIST_RULES.items():
        cursor.execute(
            f"""SELECT count(*) FROM (
                  SELECT round_id, household_id FROM reviews_roundhousehold
                  WHERE round_id = ANY(%s) AND final_status <> '' AND {rule}
                  EXCEPT ALL
                  SELECT s.round_id, r.household_id FROM reviews_listrow r
                  JOIN reviews_listsnapshot s ON s.id = r.snapshot_id
                  WHERE s.round_id = ANY(%s) AND s.kind = %s) missing""",
            [round_ids, round_ids, kind],
        )
        (missing,) = cursor.fetchone()
        cursor.execute(
            f"""SELECT (SELECT count(*) FROM reviews_listrow r JOIN reviews_listsnapshot s ON s.id = r.snapshot_id
                        WHERE s.round_id = ANY(%s) AND s.kind = %s)
                     - (SELECT count(*) FROM reviews_roundhousehold
                        WHERE round_id = ANY(%s) AND final_status <> '' AND {rule})""",
            [round_ids, kind, round_ids],
        )
        (extra,) = cursor.fetchone()
        assert missing == 0 and extra == 0, f"list {kind}: {missing} missing, {extra} extra rows"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument(
        "--database", default="gn_bench_close_round", help="name of the scratch database to (re)create"
    )
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--template", default="", help="copy this database (a generated province) instead")
    parser.add_argument("--sqlite", action="store_true", help="use a temporary SQLite file instead")
    parser.add_argument(
        "--classified-before",
        action="store_true",
        help="classify the province once before the round (untimed), as last year's review left it",
    )
    args = parser.parse_args()
    fresh_database(args.database, args.database_url, args.sqlite, template=args.template)

    from django.db import connection, transaction

    from giamngheo.accounts.models import Role, User
    from giamngheo.demo.generator import generate_province
    from giamngheo.reviews import actions, listing, snapshots
    from giamngheo.reviews.models import ListRow, ListStage

    province = demo_province()
    if not args.template:
        started = time.perf_counter()
        generate_province(province, args.households, seed=1, survey_date=dt.date(2025, 10, 1))
        print(f"setup: generated {args.households:,} households in {time.perf_counter() - started:.1f} s")
    if args.classified_before:
        from giamngheo.standards.runs import create_run, execute_run

        started = time.perf_counter()
        execute_run(create_run(province, 2025, standard_id="2022-2025"))
        print(f"setup: classified once before the round in {time.perf_counter() - started:.1f} s")
    user = User.objects.create(username="bench", role=Role.ADMIN, is_superuser=True)

    phases: list[tuple[str, float]] = []

    def timed(label: str, work):
        begun = time.perf_counter()
        result = work()
        phases.append((label, time.perf_counter() - begun))
        return result

    loads = [load_average()]
    cpu, started = cpu_seconds(), time.perf_counter()
    parent = timed(
        "open rounds", lambda: actions.open_province_round(province, 2025, user, standard_id="2022-2025")
    )
    children = list(parent.children.all())
    with transaction.atomic():
        listed = timed("list households", lambda: listing.list_households(children))
    classified = timed("classify", lambda: actions.classify_rounds(children, province, user))
    with transaction.atomic():
        timed("build six lists + snapshot", lambda: snapshots.build_snapshots(children, ListStage.FINAL))
    elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    loads.append(load_average())
    if not args.sqlite:
        from giamngheo.standards.models import ClassificationRun

        run_id = ClassificationRun.objects.latest("pk").pk
        with connection.cursor() as cursor:
            check(cursor, run_id, [c.pk for c in children])
        print(
            "checked: every listed household has its run's status; each of the six lists holds exactly its households"
        )
    rows = ListRow.objects.count()
    engine = "SQLite" if args.sqlite else "PostgreSQL"
    print(
        f"close round on {engine}: {len(children)} communes, {listed:,} households listed, {classified:,} classified,"
    )
    print(
        f"  {rows:,} list rows frozen; " + ", ".join(f"{label} {seconds:.1f} s" for label, seconds in phases)
    )
    print(
        f"  total {elapsed:.1f} s, cpu {cpu:.1f} s (this process and its server backend; target ≤ 30 s "
        f"for 1M on PostgreSQL); load average {min(loads):.1f}-{max(loads):.1f}"
    )


if __name__ == "__main__":
    main()
