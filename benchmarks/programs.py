"""Coverage of every policy over a province, and importing an agency's health-insurance list.

Targets (issues 8 and 21), PostgreSQL, 1,000,000 households:
- coverage for all policies ≤ 5 s;
- importing a 200,000-row health-insurance list ≤ 60 s (`--skip-import` leaves it out).

Coverage reads only the rows some rule may select (`programs/narrowing.py`). Before any
time is printed, every computable policy's eligible, reached and received counts and its
per-commune rows must equal those of the same rules applied to the whole province (every
active household, present member and official classification, as coverage read them
before), and the eligible households of the status-only policies the peer's count.

The peer, timed in the same run, interleaved, median of --runs (≥ 3), reads the same
narrowed rows by hand-written SQL from the same rules, with one COPY each on Django's
connection, one after the other (the province's number of households, the escape candidates'
classifications, the households in a rule's statuses and flags or escaped, the present
members of those a member rule takes, the support records of the policies), then one Polars
group-by. CPU seconds are this process (all threads) plus the PostgreSQL backends that
served it (their parallel workers are not counted).

    .venv/bin/python benchmarks/programs.py                         # fresh database, 1M households
    .venv/bin/python benchmarks/programs.py --reuse gn_bench_classify   # a database classify_from_db.py left

A fresh run generates the province and classifies it first (minutes, not counted). The list
is built from the registry's members of poor and near-poor households (CCCD for most rows,
name + birth date for the others, 2 % strangers who match nobody), written as .xlsx.
"""

import argparse
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import cpu_with_readers, demo_province, fresh_database, load_average  # noqa: E402


def connect(args) -> None:
    if args.reuse:
        server = args.database_url.rsplit("/", 1)[0]
        os.environ["DATABASE_URL"] = f"{server}/{args.reuse}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
        import django

        django.setup()
        return
    fresh_database(args.database, args.database_url, False)
    from giamngheo.demo.generator import generate_province
    from giamngheo.standards.runs import create_run, execute_run

    province = demo_province()
    started = time.perf_counter()
    generate_province(province, args.households, seed=1, survey_date=dt.date(2025, 10, 1))
    execute_run(create_run(province, 2025, standard_id="2022-2025"))
    print(
        f"setup: generated and classified {args.households:,} households in {time.perf_counter() - started:.0f} s"
    )


def health_insurance_list(province, rows: int) -> bytes:
    import polars as pl
    import xlsxwriter

    from giamngheo.core.frames import read_frame

    members = read_frame(
        """SELECT m.full_name, m.birth_date, m.cccd FROM households_member m
           JOIN households_household h ON h.id = m.household_id
           JOIN households_currentstatus s ON s.household_id = h.id
           WHERE h.province_id = %s AND s.status IN ('poor', 'near_poor') AND m.status = 'present'
           ORDER BY m.id""",
        [province.pk],
        {"full_name": pl.String, "birth_date": pl.Date, "cccd": pl.String},
    )
    members = pl.concat([members] * (rows // max(members.height, 1) + 1)).head(rows)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = book.add_worksheet("Danh sách")
    sheet.write_row(0, 0, ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Ngày cấp thẻ", "Số thẻ BHYT"])
    for n, (name, birth, cccd) in enumerate(members.iter_rows(), start=1):
        if n % 50 == 0:
            name, cccd = f"Người lạ {n}", ""
        elif n % 5 == 0:
            cccd = ""
        sheet.write_row(n, 0, [n, name, f"{birth:%d/%m/%Y}", cccd or "", "02/01/2026", f"HN4{n:010d}"])
    book.close()
    return out.getvalue()


def rules_of(province, reference):
    from giamngheo.programs.coverage import active_policies
    from giamngheo.programs.eligibility import rules_on

    return [rule for _, _, rule in rules_on(active_policies(province), reference) if rule.computable]


# Each query that tests statuses joins the current statuses as `s`.
STATUS = "s"
WITH_STATUS = (
    f"households_household h LEFT JOIN households_currentstatus {STATUS} ON {STATUS}.household_id = h.id"
)


def _status_sql(rules, column: str) -> str:
    """The rules' statuses and flags by hand: (status IN (...) AND flag ...) OR ..."""
    parts = []
    for rule in rules:
        if not rule.statuses:
            continue
        statuses = ", ".join(f"'{status}'" for status in rule.statuses)
        flags = "".join(f" AND {column}.{flag}" for flag in rule.flags)
        parts.append(f"({STATUS}.status IN ({statuses}){flags})")
    return " OR ".join(parts) or "false"


def escape_history(province, windowed, reference):
    """Official classifications of the households that may have newly escaped under a rule
    with a window: one outside the rules' `escaped_from` in the window (two days' margin),
    one inside it before."""
    import polars as pl

    from giamngheo.core.frames import read_frame
    from giamngheo.programs.dates import months_before

    earliest = min(months_before(reference, rule.window_months) for rule in windowed) - dt.timedelta(days=2)
    inside = sorted({status for rule in windowed for status in rule.escaped_from})
    outside = sorted(set.intersection(*(set(rule.escaped_from) for rule in windowed)))
    return read_frame(
        """SELECT c.household_id, c.id, c.status, c.created_at::text FROM standards_classification c
        WHERE c.official AND c.household_id IN (
          SELECT e.household_id FROM standards_classification e JOIN households_household h ON h.id = e.household_id
          WHERE h.province_id = %s AND h.is_active AND e.official AND e.created_at >= %s AND e.created_at < %s AND NOT e.status = ANY(%s)
          INTERSECT
          SELECT p.household_id FROM standards_classification p
          WHERE p.official AND p.created_at < %s AND p.status = ANY(%s))""",
        [
            province.pk,
            earliest,
            reference + dt.timedelta(days=2),
            outside,
            reference + dt.timedelta(days=2),
            inside,
        ],
        {"household_id": pl.Int64, "id": pl.Int64, "status": pl.String, "at": pl.String},
    )


def peer(province, rules, reference):
    """The rows coverage needs, read with one COPY each on Django's connection, then counted:
    the province's number of households; its households in a status (and with the flags) of
    some rule, or that may have newly escaped; the present members of those a member rule
    takes; the escape candidates' official classifications; the support records of the
    policies. The same narrowing as the product's, written by hand."""
    import polars as pl

    from giamngheo.core.frames import read_frame

    unit = "h.province_id = %s AND h.is_active"
    read_frame(f"SELECT count(*) FROM households_household h WHERE {unit}", [province.pk], {"n": pl.Int64})
    windowed = [rule for rule in rules if rule.window_months]
    escaped = (
        escape_history(province, windowed, reference)["household_id"].unique().to_list() if windowed else []
    )
    households = read_frame(
        f"SELECT h.id, h.commune_id, s.status FROM {WITH_STATUS}"
        f" WHERE {unit} AND ({_status_sql(rules, 'h')} OR h.id = ANY(%s))",
        [province.pk, escaped],
        {"id": pl.Int64, "commune_id": pl.Int64, "status": pl.String},
    )
    members = [rule for rule in rules if rule.member]
    read_frame(
        f"SELECT m.id, m.household_id, m.birth_date FROM households_member m WHERE m.status = 'present'"
        f" AND m.household_id IN (SELECT h.id FROM {WITH_STATUS} WHERE {unit}"
        f" AND ({_status_sql(members, 'h')} OR h.id = ANY(%s)))",
        [province.pk, escaped],
        {"id": pl.Int64, "household_id": pl.Int64, "birth_date": pl.Date},
    )
    read_frame(
        "SELECT r.policy_id, r.household_id, r.member_id, r.delivered_on FROM programs_supportrecord r"
        " JOIN households_household h ON h.id = r.household_id WHERE h.province_id = %s AND h.is_active",
        [province.pk],
        {"policy_id": pl.Int64, "household_id": pl.Int64, "member_id": pl.Int64, "delivered_on": pl.Date},
    )
    return households.group_by("commune_id", "status").agg(pl.len())


def whole_province(province, reference):
    """The frames as coverage read them before it narrowed its reads (every active household,
    every present member, every official classification of the province): the reference the
    product's figures must equal."""

    from giamngheo.core.frames import read_frame
    from giamngheo.programs import eligibility

    flags = eligibility.registry_flags()
    unit = "h.province_id = %s AND h.is_active"
    columns = "".join(f", h.{flag}" for flag in flags)
    return eligibility.UnitFrames(
        households=read_frame(
            f"SELECT h.id, h.commune_id, h.village_id, coalesce(s.status, ''){columns}"
            f" FROM {WITH_STATUS} WHERE {unit}",
            [province.pk],
            eligibility.household_schema(flags),
        ),
        members=read_frame(
            "SELECT m.id, m.household_id, m.birth_date FROM households_member m JOIN households_household h"
            f" ON h.id = m.household_id WHERE {unit} AND m.status = 'present'",
            [province.pk],
            eligibility.MEMBER_SCHEMA,
        ),
        classifications=read_frame(
            "SELECT c.household_id, c.id, c.status, c.created_at::text FROM standards_classification c"
            f" JOIN households_household h ON h.id = c.household_id WHERE {unit} AND c.official",
            [province.pk],
            eligibility.CLASSIFICATION_SCHEMA,
        ),
        support=read_frame(
            "SELECT r.policy_id, r.household_id, r.member_id, r.delivered_on FROM programs_supportrecord r"
            f" JOIN households_household h ON h.id = r.household_id WHERE {unit} AND r.delivered_on <= %s",
            [province.pk, reference],
            eligibility.SUPPORT_SCHEMA,
        ),
        needs=read_frame(
            "SELECT n.household_id, n.category FROM programs_supportneed n"
            f" JOIN households_household h ON h.id = n.household_id WHERE {unit} AND n.noted_on <= %s",
            [province.pk, reference],
            eligibility.NEED_SCHEMA,
        ),
        reference=reference,
    )


def differences_from_whole_province(province, report, reference) -> int:
    """Policies whose eligible, reached or received count, or any commune's row, differ from
    the same rules applied to the whole province."""
    import polars as pl

    from giamngheo.programs.eligibility import Rule, reached, with_reached

    whole = whole_province(province, reference)
    assert report.households == whole.households.height, (report.households, whole.households.height)
    found = 0
    for item in report.policies:
        if not item.computable:
            continue
        rule = Rule.of(item.policy, item.version)
        beneficiaries = with_reached(whole, rule)
        by_commune = beneficiaries.group_by("commune_id").agg(pl.len(), pl.col("reached").sum())
        expected = {
            (unit, eligible, int(got)) for unit, eligible, got in by_commune.iter_rows() if unit is not None
        }
        counted = {(row.unit_id, row.eligible, row.reached) for row in item.by_unit}
        totals = (beneficiaries.height, int(beneficiaries["reached"].sum()), reached(whole, rule).height)
        if (item.eligible, item.reached, item.received) != totals or counted != expected:
            print(f"  {rule.code}: {(item.eligible, item.reached, item.received)} against {totals}")
            found += 1
    return found


def time_coverage(province, admin, runs: int) -> None:
    import statistics

    import polars as pl

    from giamngheo.programs.coverage import coverage_report
    from giamngheo.programs.eligibility import Rule
    from giamngheo.programs.models import Coverage

    reference = dt.date(2026, 6, 30)
    rules = rules_of(province, reference)
    report = coverage_report(province, admin, reference)
    found = differences_from_whole_province(province, report, reference)
    print(f"policies differing from the rules applied to the whole province: {found}")
    assert found == 0
    counts = peer(province, rules, reference)
    checked = 0
    for policy in report.policies:
        if not policy.computable or policy.version is None:
            continue
        rule = Rule.of(policy.policy, policy.version)
        simple = not (rule.member or rule.window_months or rule.flags or rule.min_age or rule.max_age)
        if simple and rule.statuses and rule.coverage == Coverage.COMPUTED:
            expected = int(counts.filter(pl.col("status").is_in(rule.statuses))["len"].sum())
            assert policy.eligible == expected, (rule.code, policy.eligible, expected)
            checked += 1
    times: dict[str, list[tuple[float, float]]] = {"product": [], "peer": []}
    loads = [load_average()]
    for _ in range(max(runs, 3)):
        for name, work in (
            ("product", lambda: coverage_report(province, admin, reference)),
            ("peer", lambda: peer(province, rules, reference)),
        ):
            started, used = time.perf_counter(), cpu_with_readers()
            work()
            times[name].append((time.perf_counter() - started, cpu_with_readers() - used))
            loads.append(load_average())
    median = {name: statistics.median(w for w, _ in runs) for name, runs in times.items()}
    cpu_median = {name: statistics.median(c for _, c in runs) for name, runs in times.items()}
    computable = sum(1 for p in report.policies if p.computable)
    print(
        f"coverage: {len(report.policies)} policies ({computable} computable) over {report.households:,} "
        f"households ({checked} status-only policies checked against the peer's counts)"
    )
    for name, label in (
        ("product", "coverage of every policy"),
        ("peer", "peer: the same rows, COPY + group-by"),
    ):
        walls = ", ".join(f"{w:.2f}" for w, _ in times[name])
        print(f"{label:38} median {median[name]:6.2f} s (cpu {cpu_median[name]:5.2f} s)  runs: {walls}")
    print(
        f"product / peer: {median['product'] / median['peer']:.2f}× wall, "
        f"{cpu_median['product'] / cpu_median['peer']:.2f}× cpu; target ≤ 5 s for the product"
    )
    print(f"load average (1 min) during the runs: {min(loads):.1f}-{max(loads):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--reuse", metavar="DATABASE", help="an existing database with a classified province")
    parser.add_argument(
        "--database", default="gn_bench_programs", help="name of the scratch database to (re)create"
    )
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-import", action="store_true", help="time coverage only")
    args = parser.parse_args()
    connect(args)

    from giamngheo.accounts.models import Role, User
    from giamngheo.programs.loading import load_programs
    from giamngheo.programs.models import Policy
    from giamngheo.programs.support_import import import_support_list

    province = demo_province()
    load_programs()
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": Role.ADMIN})
    time_coverage(province, admin, args.runs)
    if args.skip_import:
        return
    started = time.perf_counter()
    data = health_insurance_list(province, args.rows)
    print(
        f"setup: wrote a {args.rows:,}-row list ({len(data) / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"
    )
    policy = Policy.objects.get(code="bhyt-ho-ngheo")
    for attempt in ("first import", "same list again"):
        started = time.perf_counter()
        batch = import_support_list(
            admin, data=data, file_name="bhyt.xlsx", policy=policy, unit=province, agency="BHXH tỉnh"
        )
        elapsed = time.perf_counter() - started
        print(
            f"import ({attempt}): {batch.rows:,} rows in {elapsed:.1f} s: {batch.created:,} new, "
            f"{batch.duplicates:,} already recorded, {batch.quarantined:,} kept for matching "
            f"(state {batch.state}; target ≤ 60 s)"
        )


if __name__ == "__main__":
    main()
