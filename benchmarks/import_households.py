"""Import an .xlsx of N households (about 3.56 N members) into an empty province, against a
peer timed interleaved in the same run, and import the same file again (0 changed).

The peer is the least a program can do with the same file: `polars.read_excel` of both
sheets (calamine into Arrow) and COPY of every cell into two bare tables of text columns
(no index, key or check), on its own connection to the same database. Before printing a
time the script checks the imported registry against the peer's rows: every household code
and every member (household code, name, birth date, CCCD), 0 differences.

Target (issue 21): 100,000 households (~356,000 members) into PostgreSQL in ≤ 10 s.

    .venv/bin/python benchmarks/import_households.py --database-url postgresql://postgres@127.0.0.1:5432/NAME
    .venv/bin/python benchmarks/import_households.py --sqlite        # SQLite, product alone
"""

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import cpu_seconds, demo_province, fresh_database, load_average  # noqa: E402

HOUSEHOLD_SHEET, MEMBER_SHEET = "Hộ gia đình", "Thành viên"


def build_workbook(province, n_households: int) -> bytes:
    import polars as pl

    from giamngheo.demo.import_file import commune_specs, template_rows
    from giamngheo.demo.synthetic import synthetic_frames
    from giamngheo.households.imports.template import import_workbook

    specs = commune_specs(province)
    data = synthetic_frames(n_households, seed=1, communes=specs, cccd_province=f"{int(province.code):03d}")
    # Random CCCD serials collide now and then; a real file has each number once.
    members = data.members.with_columns(
        pl.when(pl.col("cccd").is_first_distinct()).then(pl.col("cccd")).alias("cccd")
    )
    households, members = template_rows(data.households, members, specs, prefix="BM-")
    return import_workbook([s.name for s in specs], [], households, members)


def peer(path: Path, url: str) -> dict:
    """Read both sheets with Polars and COPY them into bare tables; its own connection."""
    import polars as pl
    import psycopg

    from giamngheo.core.frames import process_cpu_seconds

    started, cpu = time.perf_counter(), time.process_time()
    with psycopg.connect(url) as connection:
        backend = process_cpu_seconds(connection.info.backend_pid)
        frames = pl.read_excel(
            path,
            sheet_name=[HOUSEHOLD_SHEET, MEMBER_SHEET],
            engine="calamine",
            read_options={"dtypes": "string"},
        )
        for name, frame in zip(("peer_households", "peer_members"), frames.values(), strict=True):
            frame = frame.select(pl.all().cast(pl.String))
            columns = ", ".join(f"c{i} text" for i in range(frame.width))
            connection.execute(f"DROP TABLE IF EXISTS {name}")
            connection.execute(f"CREATE TABLE {name} ({columns})")
            buffer = io.BytesIO()
            frame.write_csv(buffer, include_header=False)
            with connection.cursor().copy(f"COPY {name} FROM STDIN WITH (FORMAT csv)") as copy:
                copy.write(buffer.getvalue())
        connection.commit()
        backend = process_cpu_seconds(connection.info.backend_pid) - backend
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu + backend,
        "frames": frames,
    }


def product(path: Path, user) -> dict:
    from giamngheo.households.imports.pipeline import import_file

    content = path.read_bytes()
    started, cpu = time.perf_counter(), cpu_seconds()
    outcome = import_file(path.name, content, user)
    result = {"seconds": time.perf_counter() - started, "cpu": cpu_seconds() - cpu, "outcome": outcome}
    if not outcome.ok:
        print("\n".join(str(p) for p in outcome.problems[:20]))
        raise SystemExit(1)
    return result


def empty_registry() -> None:
    from django.db import connection

    from giamngheo.core.frames import is_postgres
    from giamngheo.households.models import Household, Member

    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f'TRUNCATE "{Household._meta.db_table}" CASCADE')
    else:
        Member.objects.all().delete()
        Household.objects.all().delete()


def differences(frames) -> int:
    """Rows of the registry and of the peer's sheets that have no equal on the other side."""
    import polars as pl

    from giamngheo.core.frames import read_frame

    households, members = frames[HOUSEHOLD_SHEET], frames[MEMBER_SHEET]
    stored_codes = read_frame("SELECT code FROM households_household", [], {"code": pl.String})
    codes = households.select(pl.col("Mã hộ").cast(pl.String).alias("code"))
    stored = read_frame(
        "SELECT h.code, m.full_name, m.birth_date, m.cccd FROM households_member m "
        "JOIN households_household h ON h.id = m.household_id",
        [],
        {"code": pl.String, "full_name": pl.String, "birth_date": pl.Date, "cccd": pl.String},
    )
    read = members.select(
        pl.col("Mã hộ").cast(pl.String).alias("code"),
        pl.col("Họ và tên").cast(pl.String).alias("full_name"),
        pl.col("Ngày sinh").cast(pl.String).str.to_date("%d/%m/%Y").alias("birth_date"),
        pl.col("Số CCCD").cast(pl.String).fill_null("").alias("cccd"),
    )
    return _unmatched(stored_codes, codes) + _unmatched(stored, read)


def _unmatched(left, right) -> int:
    import polars as pl

    def counted(frame):
        return frame.group_by(frame.columns).agg(pl.len().alias("n"))

    joined = counted(left).join(counted(right), on=left.columns, how="full", nulls_equal=True, suffix="_r")
    return joined.filter(pl.col("n").ne_missing(pl.col("n_r"))).height


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workbook", help="an .xlsx built by an earlier run (built and kept if missing)")
    parser.add_argument(
        "--database", default="gn_bench_import", help="name of the scratch database to (re)create"
    )
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    fresh_database(args.database, args.database_url, args.sqlite)

    from giamngheo.accounts.models import AreaAssignment, Role, User

    province = demo_province()
    path = Path(args.workbook or Path(tempfile.mkdtemp(prefix="gn-bench-")) / "nhap.xlsx")
    if not path.exists():
        started = time.perf_counter()
        path.write_bytes(build_workbook(province, args.households))
        print(f"built {path} in {time.perf_counter() - started:.1f} s")
    print(f"{path} ({path.stat().st_size / 1024 / 1024:.1f} MB), load average {load_average():.1f}")
    user = User.objects.create_user("bench", password="bench", role=Role.PROVINCE_OFFICER)
    AreaAssignment.objects.create(user=user, unit=province)
    url = os.environ.get("DATABASE_URL", "")
    rounds = []
    for run in range(args.runs):
        empty_registry()
        peer_run = peer(path, url) if not args.sqlite else None
        first = product(path, user)
        again = product(path, user)
        counts = again["outcome"].counts
        assert counts.households_updated == counts.members_updated == counts.households_created == 0, counts
        assert counts.members_created == 0, counts
        if peer_run is not None and run == 0:
            found = differences(peer_run["frames"])
            print(f"differences between the registry and the peer's rows: {found}")
            assert found == 0
        rounds.append((first, again, peer_run, load_average()))
        report(run, first, again, peer_run, rounds[-1][3])
    summary(rounds)
    print(
        f"peak memory of this process (both paths): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )


def report(run: int, first: dict, again: dict, peer_run: dict | None, load: float) -> None:
    outcome = first["outcome"]
    stages = ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in outcome.seconds.items())
    again_stages = ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in again["outcome"].seconds.items())
    peer_text = f"peer {peer_run['seconds']:.2f} s (cpu {peer_run['cpu']:.2f})" if peer_run else "no peer"
    print(
        f"run {run + 1}: import {first['seconds']:.2f} s (cpu {first['cpu']:.2f}) [{stages}]; "
        f"again {again['seconds']:.2f} s (cpu {again['cpu']:.2f}) [{again_stages}]; {peer_text}; "
        f"{outcome.counts.households_created:,} households, {outcome.counts.members_created:,} members; "
        f"load {load:.1f}"
    )


def summary(rounds: list) -> None:
    def median(values):
        return statistics.median(values)

    first = median([r[0]["seconds"] for r in rounds])
    first_cpu = median([r[0]["cpu"] for r in rounds])
    again = median([r[1]["seconds"] for r in rounds])
    again_cpu = median([r[1]["cpu"] for r in rounds])
    print(
        f"median of {len(rounds)}: import {first:.2f} s (cpu {first_cpu:.2f}); again {again:.2f} s (cpu {again_cpu:.2f})"
    )
    phases = {
        stage: median([r[0]["outcome"].seconds[stage] for r in rounds])
        for stage in rounds[0][0]["outcome"].seconds
    }
    print(
        "import phases (median): "
        + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in phases.items())
    )
    if rounds[0][2] is not None:
        peer = median([r[2]["seconds"] for r in rounds])
        peer_cpu = median([r[2]["cpu"] for r in rounds])
        print(
            f"peer {peer:.2f} s (cpu {peer_cpu:.2f}); ratio import/peer {first / peer:.2f}× wall, "
            f"{first_cpu / peer_cpu:.2f}× cpu; again/peer {again / peer:.2f}× wall"
        )


if __name__ == "__main__":
    main()
