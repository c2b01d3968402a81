"""A generated province gives the same summary figures as before. `same_figures.json` was first
written by the code of 0.12 and held unchanged through the restructuring of 0.13 (layers, events,
demo app); it was rewritten once since, on purpose, when working age began to follow the
retirement-age roadmap and the generator began to give every commune a household first, and
again when adult education began to spare young adults whose employer certified on-the-job
training (two adult-education counts of 2024 moved; no status changed). When a
rule changes on purpose, rewrite it with GIAMNGHEO_WRITE_FIGURES=1 and say why in the commit."""

import datetime as dt
import json
import os
from pathlib import Path

from conftest import make_unit
from giamngheo.areas.models import AreaType, Level
from giamngheo.demo.generator import generate_province
from giamngheo.reports.models import CommuneSummary, DeprivationCount, StatusCount, TransitionCount
from giamngheo.standards.runs import create_run, execute_run

FIGURES = Path(__file__).with_name("same_figures.json")


def summary_figures() -> dict[str, list]:
    def rows(model, *fields):
        return sorted([list(row) for row in model.objects.values_list(*fields)], key=str)

    return {
        "communes": rows(CommuneSummary, "commune__code", "year", "standard_id", "households", "people"),
        "statuses": rows(
            StatusCount,
            "summary__commune__code",
            "summary__year",
            "summary__standard_id",
            "group",
            "status",
            "households",
            "people",
        ),
        "deprivations": rows(
            DeprivationCount,
            "summary__commune__code",
            "summary__year",
            "summary__standard_id",
            "status",
            "indicator",
            "households",
        ),
        "transitions": rows(
            TransitionCount,
            "summary__commune__code",
            "summary__year",
            "summary__standard_id",
            "status_from",
            "status_to",
            "households",
        ),
    }


def test_a_generated_province_gives_the_same_summaries_as_before(db):
    province = make_unit("56", "Tỉnh Khánh Hòa", Level.PROVINCE)
    make_unit("22402", "Xã Phước Hà", Level.COMMUNE, province, area_type=AreaType.RURAL)
    make_unit("22333", "Phường Phan Rang", Level.COMMUNE, province, area_type=AreaType.URBAN)
    make_unit("22369", "Xã Cà Ná", Level.COMMUNE, province, area_type=AreaType.RURAL)
    generate_province(province, 900, seed=11, survey_date=dt.date(2024, 10, 1))
    execute_run(create_run(province, 2024, standard_id="2022-2025"))
    generate_province(province, 900, seed=12, survey_date=dt.date(2025, 10, 1), replace=True)
    execute_run(create_run(province, 2025, standard_id="2022-2025"))
    figures = summary_figures()
    if os.environ.get("GIAMNGHEO_WRITE_FIGURES"):
        FIGURES.write_text(json.dumps(figures, ensure_ascii=False, indent=0) + "\n")
    assert sum(row[3] for row in figures["communes"]) == 1800
    assert figures == json.loads(FIGURES.read_text())
