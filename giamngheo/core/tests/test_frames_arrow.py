"""`read_arrow` (ADBC on PostgreSQL outside a transaction) gives the frame `read_frame` gives."""

import datetime as dt

import polars as pl
import pytest
from django.db import connection

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.core.frames import read_arrow, read_frame

SCHEMA = {"id": pl.Int64, "code": pl.String, "active": pl.Boolean, "since": pl.Date, "half": pl.Float64}
QUERY = "SELECT id, code, id %% 2 = 0, %s, CAST(id / 2.0 AS DOUBLE PRECISION) FROM areas_adminunit WHERE code <> %s ORDER BY id"


@pytest.mark.django_db(transaction=True)
def test_read_arrow_gives_the_frame_read_frame_gives():
    AdminUnit.objects.create(code="T1", name="Xã Thử Một", level=Level.COMMUNE, era=Era.CURRENT)
    AdminUnit.objects.create(code="T2", name="Xã Thử Hai", level=Level.COMMUNE, era=Era.CURRENT)
    params = [dt.date(2026, 12, 6), "T2"]
    assert not connection.in_atomic_block
    fast = read_arrow(QUERY, params, SCHEMA)
    assert fast.schema == pl.Schema(SCHEMA)
    assert fast.equals(read_frame(QUERY, params, SCHEMA))
    assert fast.filter(pl.col("code") == "T1")["since"].to_list() == [dt.date(2026, 12, 6)]
    assert "T2" not in fast["code"].to_list()


@pytest.mark.django_db(transaction=True)
def test_reads_side_by_side_give_the_frames_read_in_turn():
    from giamngheo.core.frames import ids_read, in_background, read_arrows

    if connection.vendor != "postgresql":
        pytest.skip("several connections at once: PostgreSQL (SQLite reads in turn, as read_frame)")
    units = [
        AdminUnit.objects.create(code=f"T{n}", name=f"Xã Thử {n}", level=Level.COMMUNE, era=Era.CURRENT)
        for n in range(1, 4)
    ]
    ids = [units[0].pk, units[2].pk]
    stamped = (
        "SELECT id, CAST(TIMESTAMPTZ '2026-12-06 23:30:00+00' AS TEXT) FROM areas_adminunit WHERE code = %s"
    )
    reads = [
        (QUERY, [dt.date(2026, 12, 6), "T2"], SCHEMA),
        ids_read(
            "SELECT id, code FROM areas_adminunit WHERE id {ids} ORDER BY id",
            [],
            ids,
            {"id": pl.Int64, "code": pl.String},
        ),
        (stamped, ["T1"], {"id": pl.Int64, "at": pl.String}),
    ]
    assert not connection.in_atomic_block
    together = read_arrows(reads)
    for frame, read in zip(together, reads, strict=True):
        assert frame.equals(read_frame(*read))
    assert together[1]["code"].to_list() == ["T1", "T3"]
    assert together[2]["at"].to_list() == ["2026-12-06 23:30:00+00"]  # the caller's zone (UTC)
    assert in_background(read_arrows, reads[1:2]).result()[0].equals(together[1])


def test_inside_a_transaction_a_background_read_runs_at_once(db):
    from giamngheo.core.frames import in_background

    AdminUnit.objects.create(code="T9", name="Xã Chưa Lưu", level=Level.COMMUNE, era=Era.CURRENT)
    schema = {"code": pl.String}
    found = in_background(read_frame, "SELECT code FROM areas_adminunit WHERE code = %s", ["T9"], schema)
    assert found.done() and found.result()["code"].to_list() == ["T9"]


@pytest.mark.django_db(transaction=True)
def test_a_table_with_rows_but_no_column_statistics_is_analysed():
    """An index build sets the row count and a copied database's counters start at zero:
    neither may hide that the planner has no statistics for the table's columns."""
    from giamngheo.core.frames import refresh_planner_statistics

    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE scratch_statistics AS SELECT g AS x FROM generate_series(1, 5000) g")
        try:
            cursor.execute("CREATE INDEX ON scratch_statistics (x)")
            cursor.execute("SELECT pg_stat_reset_single_table_counters('scratch_statistics'::regclass)")
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'scratch_statistics'")
            assert cursor.fetchone()[0] == 5000  # known size, no column statistics
            refresh_planner_statistics("scratch_statistics")
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'scratch_statistics'")
            assert cursor.fetchone()[0] == 1
            refresh_planner_statistics("scratch_statistics")  # fresh now: not analysed again
            cursor.execute(
                "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'scratch_statistics'"
            )
            assert cursor.fetchone()[0] <= 1
        finally:
            cursor.execute("DROP TABLE scratch_statistics")


def test_ids_travel_as_one_range_per_run_of_consecutive_ids():
    from giamngheo.core.frames import ranges_read

    def id_ranges(ids: pl.Series) -> str:
        return ranges_read("{ids}", [], ids, {})[1][-1]

    assert id_ranges(pl.Series([7, 1, 2, 3, None, 3])) == "{[1,4),[7,8)}"
    assert id_ranges(pl.Series([], dtype=pl.Int64)) == "{}"


def test_ids_in_few_runs_go_as_ranges_and_scattered_ids_as_one_array():
    from giamngheo.core.frames import MULTIRANGE_RUNS, ranges_read

    query, schema = "SELECT id FROM t WHERE id {ids}", {"id": pl.Int64}
    few = ranges_read(query, [], pl.Series(range(1, 10_001)), schema)
    assert few[0].endswith("<@ %s::int8multirange") and few[1] == ["{[1,10001)}"]
    scattered = pl.Series(range(1, 4 * MULTIRANGE_RUNS, 2))  # every other id: a run each
    many = ranges_read(query, [], scattered, schema)
    assert many[0].endswith("= ANY(%s::bigint[])")
    assert many[1] == ["{" + ",".join(map(str, scattered)) + "}"]


def test_with_its_column_the_ids_bounds_go_before_either_test():
    from giamngheo.core.frames import MULTIRANGE_RUNS, ranges_read

    query, schema = "SELECT id FROM t WHERE t.id {ids}", {"id": pl.Int64}
    few = ranges_read(query, [7], pl.Series([5, 3, 4]), schema, column="t.id")
    assert few[0].endswith("t.id BETWEEN %s AND %s AND t.id <@ %s::int8multirange")
    assert few[1] == [7, 3, 5, "{[3,6)}"]
    scattered = pl.Series(range(1, 4 * MULTIRANGE_RUNS, 2))
    many = ranges_read(query, [], scattered, schema, column="t.id")
    assert many[0].endswith("t.id BETWEEN %s AND %s AND t.id = ANY(%s::bigint[])")
    assert many[1][:2] == [1, 4 * MULTIRANGE_RUNS - 1]
    none = ranges_read(query, [], pl.Series([], dtype=pl.Int64), schema, column="t.id")
    assert none[0].endswith("t.id <@ %s::int8multirange") and none[1] == ["{}"]


def test_packed_answers_come_back_as_they_were_and_a_value_outside_the_choices_is_refused():
    from giamngheo.core.frames import Packed

    packed = Packed(
        (("insured", None), ("sex", ("male", "female")), ("age", 60), ("work", ("contract", "none", "other")))
    )
    assert packed.words == ["packed_0", "packed_1"]  # 1 + 2 + 60 bits fill a word: the fourth starts one
    # insured, female, 70, other; not insured, male, 0, contract
    frame = pl.DataFrame({"id": [1, 2], "packed_0": [1 + (2 << 1) + (70 << 3), 1 << 1], "packed_1": [3, 1]})
    assert packed.unpacked(frame).to_dicts() == [
        {"id": 1, "insured": True, "sex": "female", "age": 70, "work": "other"},
        {"id": 2, "insured": False, "sex": "male", "age": 0, "work": "contract"},
    ]
    unknown = pl.DataFrame({"packed_0": [1 + (1 << 1)], "packed_1": [0]})  # work 0: none of its choices
    assert packed.unpacked(unknown) is None


@pytest.mark.django_db(transaction=True)
def test_the_server_packs_what_the_reader_unpacks():
    from giamngheo.core.frames import Packed, ranges_read

    if connection.vendor != "postgresql":
        pytest.skip("ranges of ids: PostgreSQL's int8multirange")
    units = [
        AdminUnit.objects.create(code=f"T{n}", name=f"Xã Thử {n}", level=level, era=Era.CURRENT)
        for n, level in ((1, Level.COMMUNE), (2, Level.PROVINCE), (3, Level.COMMUNE))
    ]
    packed = Packed((("level", tuple(Level.values)), ("era", tuple(Era.values)), ("id", 62)))
    words = ", ".join(packed.sql("u"))
    query = f"SELECT u.code, {words} FROM areas_adminunit u WHERE u.id {{ids}} ORDER BY u.id"
    schema = {"code": pl.String, **dict.fromkeys(packed.words, pl.Int64)}
    read = ranges_read(query, [], pl.Series([units[0].pk, units[2].pk]), schema)
    assert not connection.in_atomic_block
    for frame in (read_arrow(*read), read_frame(*read)):
        assert packed.unpacked(frame).to_dicts() == [
            {"code": "T1", "level": Level.COMMUNE, "era": Era.CURRENT, "id": units[0].pk},
            {"code": "T3", "level": Level.COMMUNE, "era": Era.CURRENT, "id": units[2].pk},
        ]
