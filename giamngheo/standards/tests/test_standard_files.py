"""The standard files: each loads, cites every number, matches standards.md; finding them by id and date."""

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from giamngheo.standards import engine
from giamngheo.standards.engine import catalogue
from giamngheo.standards.engine import vocabulary as v

DATA = Path(engine.__file__).resolve().parent.parent / "data"
FILES = sorted(DATA.glob("*.yaml"))


def test_the_four_national_standards_are_shipped():
    assert [path.stem for path in FILES] == ["2011-2015", "2016-2020", "2022-2025", "2026-2030"]
    assert [s.id for s in engine.available_standards()] == [path.stem for path in FILES]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_file_loads_and_its_id_is_its_file_name(path):
    standard = engine.load_standard(path)
    assert standard.id == path.stem == yaml.safe_load(path.read_text(encoding="utf-8"))["id"]
    assert standard.national and standard.name and standard.legal_basis


def _numbers_without_reference(node, cited: bool, where: str):
    if isinstance(node, dict):
        cited = cited or bool(node.get("reference"))
        for key, value in node.items():
            yield from _numbers_without_reference(value, cited, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _numbers_without_reference(value, cited, f"{where}[{i}]")
    elif isinstance(node, int | float) and not isinstance(node, bool) and not cited:
        yield where


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_number_has_a_reference_beside_it(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(_numbers_without_reference(raw, False, path.stem)) == []
    for name, line in raw["income_lines"].items():
        for area in (v.RURAL, v.URBAN):
            assert line[area]["reference"], f"{name}.{area}"
            assert isinstance(line[area].get("confirmed"), bool), f"{name}.{area} has no confirmed mark"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_indicator_has_a_known_code_label_help_reference_and_mark(path):
    for indicator in engine.load_standard(path).indicators:
        assert indicator.code in v.INDICATOR_CODES
        assert indicator.label and indicator.help and indicator.reference and indicator.dimension
        assert set(indicator.derived_from) == indicator.test.expression.names


PERIODS = {
    "2011-2015": (dt.date(2011, 1, 1), dt.date(2015, 12, 31)),
    "2016-2020": (dt.date(2016, 1, 1), dt.date(2021, 12, 31)),
    "2022-2025": (dt.date(2022, 1, 1), dt.date(2026, 12, 31)),
    "2026-2030": (dt.date(2027, 1, 1), dt.date(2030, 12, 31)),
}
POOR_LINES = {
    "2011-2015": (400_000, 500_000),
    "2016-2020": (700_000, 900_000),
    "2022-2025": (1_500_000, 2_000_000),
    "2026-2030": (2_200_000, 2_800_000),
}


@pytest.mark.parametrize("standard_id", PERIODS)
def test_periods_lines_and_rules_are_those_of_standards_md(standard_id):
    standard = engine.load_standard(standard_id)
    assert (standard.valid_from, standard.valid_to) == PERIODS[standard_id]
    assert (standard.income_line(v.RURAL), standard.income_line(v.URBAN)) == POOR_LINES[standard_id]
    lines = {name: (line.rural, line.urban) for name, line in standard.income_lines.items()}
    expected = {
        "2011-2015": ("income_only", 0, 0, {"near_poor": (520_000, 650_000)}),
        "2016-2020": (
            "income_or_deprivation",
            10,
            5,
            {"near_poor": (1_000_000, 1_300_000), "average": (1_500_000, 1_950_000)},
        ),
        "2022-2025": (
            "income_and_deprivation",
            12,
            6,
            {"average": (2_250_000, 3_000_000), "low_income_worker": (2_250_000, 3_000_000)},
        ),
        "2026-2030": ("income_and_deprivation", 12, 6, {"average": (None, None)}),
    }[standard_id]
    rule, indicators, dimensions, other_lines = expected
    assert standard.rule == rule
    assert len(standard.indicators) == indicators
    assert len({indicator.dimension for indicator in standard.indicators}) == dimensions
    assert {k: lines[k] for k in other_lines} == other_lines
    if indicators:
        assert standard.deprivation_threshold == 3


def test_2026_drops_information_assets_and_adds_waste():
    codes = set(engine.load_standard("2026-2030").indicator_codes)
    assert codes == set(engine.load_standard("2022-2025").indicator_codes) - {"info_assets"} | {"waste"}


def test_unconfirmed_items_are_marked():
    standard = engine.load_standard("2026-2030")
    assert not standard.line("average") and not standard.income_lines["average"].confirmed
    assert all(not indicator.confirmed for indicator in standard.indicators)
    assert standard.income_lines["poor"].confirmed
    assert not engine.load_standard("2016-2020").income_lines["average"].confirmed
    floor = {i.code: i for i in engine.load_standard("2022-2025").indicators}["floor_area"]
    assert floor.confirmed


@pytest.mark.parametrize("standard_id", ["2022-2025", "2026-2030"])
def test_scorecard_thresholds_are_placeholders_for_six_regions_and_two_areas(standard_id):
    scorecard = engine.load_standard(standard_id).scorecard
    assert scorecard.placeholder and not scorecard.confirmed and "SỐ TẠM" in scorecard.reference
    assert set(scorecard.thresholds) == {
        (region, area) for region in v.REGIONS for area in (v.RURAL, v.URBAN)
    }


@pytest.mark.parametrize(
    ("day", "standard_id"),
    [
        (dt.date(2011, 1, 1), "2011-2015"),
        (dt.date(2015, 12, 31), "2011-2015"),
        (dt.date(2016, 1, 1), "2016-2020"),
        (dt.date(2021, 12, 31), "2016-2020"),
        (dt.date(2022, 1, 1), "2022-2025"),
        (dt.date(2026, 12, 31), "2022-2025"),
        (dt.date(2027, 1, 1), "2026-2030"),
        (dt.date(2030, 12, 31), "2026-2030"),
    ],
)
def test_standard_in_force_on_boundary_dates(day, standard_id):
    assert engine.standard_in_force(day).id == standard_id


@pytest.mark.parametrize("day", [dt.date(2010, 12, 31), dt.date(2031, 1, 1)])
def test_no_standard_in_force_outside_the_periods(day):
    with pytest.raises(engine.UnknownStandardError, match="no national standard is in force"):
        engine.standard_in_force(day)


def test_where_national_periods_overlap_the_latest_start_wins(tmp_path, monkeypatch):
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        if path.stem == "2026-2030":
            text = text.replace("from: 2027-01-01", "from: 2026-07-01")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(catalogue, "NATIONAL_DIR", tmp_path)
    assert engine.standard_in_force(dt.date(2026, 6, 30)).id == "2022-2025"
    assert engine.standard_in_force(dt.date(2026, 7, 1)).id == "2026-2030"


def test_unknown_id_lists_the_valid_ones():
    with pytest.raises(
        engine.UnknownStandardError, match="unknown standard 'x'; valid ids: 2011-2015, 2016-2020"
    ):
        engine.load_standard("x")


LOCAL = """\
id: ha-noi-2011-2015
name: Chuẩn nghèo thành phố Hà Nội giai đoạn 2011-2015 (ví dụ)
scope: local
province: "01"
extends: "2011-2015"
legal_basis:
  - {title: Quyết định của UBND thành phố (ví dụ), date: null, article: Điều 1, confirmed: false}
income_lines:
  poor:
    rural: {value: 500_000, reference: "QĐ UBND, Điều 1", confirmed: false}
    urban: {value: 650_000, reference: "QĐ UBND, Điều 1", confirmed: false}
  near_poor:
    rural: {value: 650_000, reference: "QĐ UBND, Điều 1", confirmed: false}
    urban: {value: 850_000, reference: "QĐ UBND, Điều 1", confirmed: false}
"""


def test_a_local_standard_extends_a_national_one_and_is_never_in_force_nationally(tmp_path, monkeypatch):
    (tmp_path / "ha-noi-2011-2015.yaml").write_text(LOCAL, encoding="utf-8")
    monkeypatch.setenv("GIAMNGHEO_STANDARDS_DIR", str(tmp_path))
    local = engine.load_standard("ha-noi-2011-2015")
    assert (local.scope, local.province, local.extends, local.rule) == (
        "local",
        "01",
        "2011-2015",
        "income_only",
    )
    assert (local.income_line(v.RURAL), local.income_line(v.URBAN, "near_poor")) == (500_000, 850_000)
    assert local.valid_from == dt.date(2011, 1, 1)
    assert local.outcomes["poor"]["rural"] == "Quyết định 09/2011/QĐ-TTg, Điều 1 khoản 1"  # inherited
    assert [s.id for s in engine.available_standards()][:2] == ["2011-2015", "ha-noi-2011-2015"]
    assert engine.standard_in_force(dt.date(2012, 1, 1)).id == "2011-2015"


def test_an_edited_file_is_read_again_without_a_restart(tmp_path, monkeypatch):
    path = tmp_path / "ha-noi-2011-2015.yaml"
    path.write_text(LOCAL, encoding="utf-8")
    monkeypatch.setenv("GIAMNGHEO_STANDARDS_DIR", str(tmp_path))
    assert engine.load_standard("ha-noi-2011-2015").income_line(v.RURAL) == 500_000
    path.write_text(LOCAL.replace("value: 500_000", "value: 510_000"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert engine.load_standard("ha-noi-2011-2015").income_line(v.RURAL) == 510_000


def test_a_local_file_may_not_reuse_a_national_id(tmp_path, monkeypatch):
    (tmp_path / "2011-2015.yaml").write_text(LOCAL.replace("ha-noi-2011-2015", "2011-2015"), encoding="utf-8")
    monkeypatch.setenv("GIAMNGHEO_STANDARDS_DIR", str(tmp_path))
    with pytest.raises(engine.StandardFileError, match="already used"):
        engine.available_standards()


def broken(tmp_path, replace: str, by: str) -> Path:
    text = (DATA / "2022-2025.yaml").read_text(encoding="utf-8")
    assert replace in text
    path = tmp_path / "2022-2025.yaml"
    path.write_text(text.replace(replace, by, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("replace", "by", "problem"),
    [
        (
            'household: "not uses_internet"',
            "household: \"__import__('os')\"",
            "indicator 'telecom': Call is not allowed",
        ),
        ("derived_from: [water_source]", "derived_from: [latrine]", "indicator 'water': derived_from"),
        ("rule: income_and_deprivation", "rule: income_or_else", "rule 'income_or_else' is not one of"),
        ('id: "2022-2025"', 'id: "2022"', "id '2022' must equal the file name"),
        ("  - code: water\n", "  - code: drinking\n", "indicator 'drinking': unknown code"),
        ("rural: {value: 1_500_000,", "rural: {value: 2_500_000,", "the rural lines must rise strictly"),
        ("    dimension: housing\n", "    dimension: shelter\n", "dimension 'shelter' is not listed"),
        (
            "      rural: {poor: 100, average: 130}\n",
            "      rural: {poor: 100}\n",
            "needs a number for `average`",
        ),
    ],
)
def test_a_broken_file_is_refused_naming_the_file_and_the_fault(tmp_path, replace, by, problem):
    with pytest.raises(engine.StandardFileError) as refused:
        engine.load_standard(broken(tmp_path, replace, by))
    assert "2022-2025.yaml" in str(refused.value) and problem in str(refused.value)


def test_importing_the_engine_and_the_cli_does_not_import_django():
    code = textwrap.dedent(
        """
        import sys
        import giamngheo.standards.engine, giamngheo.standards.cli
        giamngheo.standards.engine.load_standard("2022-2025")
        assert not any(name.split(".")[0] == "django" for name in sys.modules), "django imported"
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True)
