"""A demo import file: synthetic households of the demo province in the
template's layout, with a few deliberate mistakes for the error workbook to show.
The benchmark builds its large file with the same functions."""

from pathlib import Path

import polars as pl

from giamngheo.areas.models import AdminUnit, AreaType, Era, Level
from giamngheo.demo.synthetic import CommuneSpec, synthetic_frames
from giamngheo.households.imports.columns import NO, RELATION_LABELS, SEX_LABELS, YES
from giamngheo.households.imports.template import import_workbook

DEMO_HOUSEHOLDS = 50
DEMO_COMMUNES = 4
# CCCDs of the demo file use another province's prefix, so they never clash with generated members.
DEMO_CCCD_PROVINCE = "079"


def write_demo_import(path: Path | str, province: AdminUnit, *, households: int = DEMO_HOUSEHOLDS) -> Path:
    """Write `path` (e.g. var/demo/nhap-thu.xlsx): ~50 households with four deliberate errors:
    a bad date, an invalid CCCD, an unknown commune and a household without a head."""
    specs = commune_specs(province, DEMO_COMMUNES)
    cccd_province = DEMO_CCCD_PROVINCE if province.code != "79" else "001"
    data = synthetic_frames(households, seed=2025, communes=specs, cccd_province=cccd_province)
    household_rows, member_rows = template_rows(data.households, data.members, specs, prefix="NT-")
    _add_mistakes(household_rows, member_rows)
    content = import_workbook(
        [s.name for s in specs],
        sorted({n for s in specs for n in s.village_names}),
        household_rows,
        member_rows,
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def commune_specs(province: AdminUnit, limit: int | None = None) -> list[CommuneSpec]:
    communes = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, province=province).order_by(
        "code"
    )
    specs = []
    for commune in communes[:limit] if limit else communes:
        villages = list(
            commune.children.filter(level=Level.VILLAGE).order_by("code").values_list("pk", "name")
        )
        rural = commune.area_type != AreaType.URBAN
        specs.append(
            CommuneSpec(
                id=commune.pk, code=commune.code, area=AreaType.RURAL if rural else AreaType.URBAN,
                village_ids=tuple(pk for pk, _ in villages), village_names=tuple(n for _, n in villages),
                poverty_level=0.4 if rural else 0.15, name=commune.name,
            )
        )  # fmt: skip
    return specs


def template_rows(
    households: pl.DataFrame, members: pl.DataFrame, specs: list[CommuneSpec], *, prefix: str = ""
) -> tuple[list[tuple], list[tuple]]:
    """Synthetic frames as rows of the template's two sheets."""
    names = {spec.id: spec.name for spec in specs}
    villages = {
        pk: name for spec in specs for pk, name in zip(spec.village_ids, spec.village_names, strict=True)
    }
    yes_no = {True: YES, False: NO}
    household_rows = households.select(
        (pl.lit(prefix) + pl.col("household_id")).alias("code"),
        pl.col("commune_id").replace_strict(names, return_dtype=pl.String),
        pl.col("village_id").replace_strict(villages, default="", return_dtype=pl.String),
        "head_name",
        "address",
        *(pl.col(f).replace_strict(yes_no, return_dtype=pl.String).alias(f) for f in
          ("ethnic_minority", "meritorious", "no_labour_capacity", "registered_to_escape")),
    ).rows()  # fmt: skip
    member_rows = members.select(
        (pl.lit(prefix) + pl.col("household_id")).alias("code"),
        "full_name",
        pl.col("birth_date").dt.strftime("%d/%m/%Y"),
        pl.col("sex").replace_strict(SEX_LABELS, return_dtype=pl.String),
        pl.col("relation").replace_strict(RELATION_LABELS, return_dtype=pl.String),
        "ethnicity",
        pl.col("cccd").fill_null(""),
        pl.lit("Đang sinh sống").alias("status"),
    ).rows()
    return household_rows, member_rows


def _add_mistakes(households: list[tuple], members: list[tuple]) -> None:
    """Four mistakes an officer makes, each on a different household."""

    def edit(rows: list[tuple], index: int, column: int, value: str) -> None:
        row = list(rows[index])
        row[column] = value
        rows[index] = tuple(row)

    codes = [row[0] for row in households]
    first_member = {code: next(i for i, m in enumerate(members) if m[0] == code) for code in codes[:12]}
    edit(members, first_member[codes[3]], 2, "31/02/1985")  # no 31 February
    edit(members, first_member[codes[6]], 6, "07912345")  # too short for a CCCD
    edit(households, 9, 1, "Xã Không Tồn Tại")  # unknown commune
    edit(members, first_member[codes[11]], 4, RELATION_LABELS["other"])  # the head is gone
