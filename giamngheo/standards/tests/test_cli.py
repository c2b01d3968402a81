"""`giamngheo classify` and `giamngheo standards`, against /work/shared/formats/household-csv.md."""

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from giamngheo.standards.cli import main

D_2022 = [
    "employment",
    "dependants",
    "nutrition",
    "health_insurance",
    "adult_education",
    "child_schooling",
    "housing_quality",
    "floor_area",
    "water",
    "latrine",
    "telecom",
    "info_assets",
]
HEADER = "household_id,area,members,income_per_capita_month," + ",".join(f"d_{c}" for c in D_2022)
OUTPUT_HEADER = "household_id,standard,status,income_line,deprivation_count,deprived,reason"


def write(tmp_path: Path, text: str, name: str = "in.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def english(err: str) -> list[str]:
    """The engine's English wording (the format's contract), which follows each Vietnamese line."""
    lines = err.splitlines()
    assert all(line.startswith(("Dòng ", "Không có chuẩn")) for line in lines), lines  # Vietnamese first
    return ["line " + line.split(" (line ", 1)[1].removesuffix(")") for line in lines]


def flags(*deprived: str) -> str:
    return ",".join("1" if code in deprived else "0" for code in D_2022)


def test_classifies_to_standard_output(tmp_path, capsys):
    source = write(
        tmp_path,
        f"{HEADER}\n"
        f"H1,rural,4,1200000,{flags('water', 'latrine', 'telecom')}\n"
        f"H2,urban,2,2000001,{flags(*D_2022)}\n",
    )
    code, out, err = run(capsys, "classify", "--standard", "2022-2025", str(source))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        OUTPUT_HEADER,
        'H1,2022-2025,poor,1500000,3,water;latrine;telecom,"Thu nhập bình quân 1.200.000 đ/người/tháng ≤ chuẩn '
        "nghèo khu vực nông thôn 1.500.000 đ và thiếu hụt 3 chỉ số (≥ 3) → hộ nghèo (Nghị định 07/2021/NĐ-CP, "
        'Điều 3 khoản 2 điểm a, khu vực nông thôn)"',
        "H2,2022-2025,average,2000000,12,"
        + ";".join(D_2022)
        + ',"Thu nhập bình quân 2.000.001 đ/người/tháng > '
        "chuẩn nghèo khu vực thành thị 2.000.000 đ và ≤ mức sống trung bình 3.000.000 đ → hộ có mức sống trung "
        'bình (Nghị định 07/2021/NĐ-CP, Điều 3 khoản 2 điểm c, khu vực thành thị)"',
    ]


def test_bom_free_column_order_and_unknown_columns_are_accepted(tmp_path, capsys):
    columns = ["note", *reversed(HEADER.split(",")), "extra"]
    values = dict(zip(HEADER.split(","), ["H1", "urban", "3", "0", *flags("water").split(",")], strict=True))
    row = ["ghi chú, có dấu phẩy", *(values[c] for c in reversed(HEADER.split(","))), "x"]
    source = write(tmp_path, ",".join(columns) + "\n" + ",".join(f'"{v}"' for v in row) + "\n", bom=True)
    code, out, err = run(capsys, "classify", "--standard", "2022-2025", str(source))
    assert (code, err) == (0, "")
    assert out.splitlines()[1].startswith("H1,2022-2025,near_poor,2000000,1,water,")


def test_windows_line_endings_are_accepted(tmp_path, capsys):
    source = write(tmp_path, "area,members,income_per_capita_month,household_id\r\nurban,2,500000,H1\r\n")
    code, out, _ = run(capsys, "classify", "--standard", "2011-2015", str(source))
    assert code == 0 and out.splitlines()[1].startswith("H1,2011-2015,poor,500000,0,")


def test_output_file_and_nothing_on_standard_output(tmp_path, capsys):
    source = write(
        tmp_path, "household_id,area,members,income_per_capita_month\nA,rural,1,400000\nB,urban,2,650001\n"
    )
    target = tmp_path / "out.csv"
    code, out, err = run(capsys, "classify", "--standard", "2011-2015", str(source), "-o", str(target))
    assert (code, out, err) == (0, "", "")
    result = pl.read_csv(target)
    assert result.columns == OUTPUT_HEADER.split(",")
    assert result.select("household_id", "status", "income_line").rows() == [
        ("A", "poor", 400000),
        ("B", "not_poor", 500000),
    ]


def test_floor_area_m2_derives_the_missing_or_empty_floor_area_flag(tmp_path, capsys):
    header = HEADER.replace(",d_floor_area", "") + ",floor_area_m2"
    without = [c for c in D_2022 if c != "floor_area"]
    zeros = ",".join("0" for _ in without)
    source = write(tmp_path, f"{header}\nA,rural,4,1,{zeros},31.96\nB,rural,4,1,{zeros},32\n")
    code, out, _ = run(capsys, "classify", "--standard", "2022-2025", str(source))
    assert code == 0 and [line.split(",")[5] for line in out.splitlines()[1:]] == ["floor_area", '""']
    source = write(
        tmp_path,
        f"{HEADER},floor_area_m2\nA,rural,1,1,{flags().replace('0,0,0,0,0,0,0,0', '0,0,0,0,0,0,0,', 1)},7.99\n",
    )
    code, out, _ = run(capsys, "classify", "--standard", "2022-2025", str(source))
    assert code == 0 and out.splitlines()[1].split(",")[5] == "floor_area"


def test_invalid_input_exits_2_lists_every_problem_and_writes_nothing(tmp_path, capsys):
    source = write(
        tmp_path,
        f"{HEADER}\n"
        f"H1,rural,0,abc,{flags()}\n"
        f"H1,city,2,-5,{flags().replace('0', '2', 1)}\n"
        f",rural,1.5,100,{flags()[:-1]}\n"
        f"H4,urban,2,1 000,{flags()}\n",
    )
    target = tmp_path / "out.csv"
    code, out, err = run(capsys, "classify", "--standard", "2022-2025", str(source), "-o", str(target))
    assert (code, out) == (2, "")
    assert not target.exists()
    vietnamese = [line.split(" (line ", 1)[0] for line in err.splitlines()]
    assert vietnamese == [
        'Dòng 2, cột members: phải là số nguyên ≥ 1, nhận được "0"',
        'Dòng 2, cột income_per_capita_month: phải là số đồng nguyên ≥ 0 (không âm, không dấu cách), nhận được "abc"',
        "Dòng 3, cột household_id: household_id bị trùng, đã có ở dòng 2",
        'Dòng 3, cột area: phải là "rural" (nông thôn) hoặc "urban" (thành thị), nhận được "city"',
        'Dòng 3, cột income_per_capita_month: phải là số đồng nguyên ≥ 0 (không âm, không dấu cách), nhận được "-5"',
        'Dòng 3, cột d_employment: phải là 0 hoặc 1, nhận được "2"',
        "Dòng 4, cột household_id: đang để trống",
        'Dòng 4, cột members: phải là số nguyên ≥ 1, nhận được "1.5"',
        "Dòng 4, cột d_info_assets: đang để trống",
        'Dòng 5, cột income_per_capita_month: phải là số đồng nguyên ≥ 0 (không âm, không dấu cách), nhận được "1 000"',
    ]
    assert english(err) == [
        'line 2, column members: must be a whole number ≥ 1, got "0"',
        'line 2, column income_per_capita_month: must be a whole number of VND ≥ 0, got "abc"',
        "line 3, column household_id: duplicate household_id, first on line 2",
        'line 3, column area: must be "rural" or "urban", got "city"',
        'line 3, column income_per_capita_month: must be a whole number of VND ≥ 0, got "-5"',
        'line 3, column d_employment: must be 0 or 1, got "2"',
        "line 4, column household_id: is empty",
        'line 4, column members: must be a whole number ≥ 1, got "1.5"',
        "line 4, column d_info_assets: is empty",
        'line 5, column income_per_capita_month: must be a whole number of VND ≥ 0, got "1 000"',
    ]


def test_an_existing_output_file_is_left_alone_on_invalid_input(tmp_path, capsys):
    source = write(tmp_path, "household_id,area,members,income_per_capita_month\nA,mars,1,1\n")
    target = tmp_path / "out.csv"
    target.write_text("earlier result\n")
    code, _, err = run(capsys, "classify", "--standard", "2011-2015", str(source), "-o", str(target))
    assert code == 2 and english(err) == ['line 2, column area: must be "rural" or "urban", got "mars"']
    assert target.read_text() == "earlier result\n"


def test_a_missing_required_column_is_one_line_naming_it(tmp_path, capsys):
    source = write(tmp_path, "household_id,area,members\nA,rural,1\n")
    code, out, err = run(capsys, "classify", "--standard", "2011-2015", str(source))
    assert (code, out) == (2, "")
    assert err == (
        "Dòng 1, cột income_per_capita_month: thiếu cột bắt buộc"
        " (line 1, column income_per_capita_month: required column is missing)\n"
    )


def test_a_missing_indicator_column_is_reported_unless_derivable(tmp_path, capsys):
    source = write(tmp_path, HEADER.replace(",d_water", "").replace(",d_floor_area", "") + "\n")
    code, _, err = run(capsys, "classify", "--standard", "2022-2025", str(source))
    assert code == 2
    assert english(err) == [
        "line 1, column d_floor_area: required column is missing (or give floor_area_m2 to derive it)",
        "line 1, column d_water: required column is missing",
    ]


def test_an_empty_floor_area_flag_needs_a_floor_area(tmp_path, capsys):
    header = HEADER + ",floor_area_m2"
    row = flags().split(",")
    row[D_2022.index("floor_area")] = ""
    source = write(tmp_path, f"{header}\nA,rural,1,1,{','.join(row)},\nB,rural,1,1,{','.join(row)},-3\n")
    code, _, err = run(capsys, "classify", "--standard", "2022-2025", str(source))
    assert code == 2
    assert english(err) == [
        "line 2, column d_floor_area: is empty, and so is floor_area_m2 to derive it from",
        'line 3, column floor_area_m2: must be a number ≥ 0 (m²), got "-3"',
    ]


def test_without_a_floor_area_flag_every_row_needs_a_floor_area(tmp_path, capsys):
    header = HEADER.replace(",d_floor_area", "") + ",floor_area_m2"
    zeros = ",".join("0" for c in D_2022 if c != "floor_area")
    source = write(tmp_path, f"{header}\nA,rural,1,1,{zeros},12.5\nB,rural,1,1,{zeros},\n")
    code, _, err = run(capsys, "classify", "--standard", "2022-2025", str(source))
    assert (code, english(err)) == (
        2,
        [
            "line 3, column floor_area_m2: is empty, and there is no d_floor_area column: it is needed to derive "
            "d_floor_area"
        ],
    )


def test_extra_fields_and_blank_lines(tmp_path, capsys):
    source = write(
        tmp_path,
        "household_id,area,members,income_per_capita_month\nA,rural,1,1\n\nB,rural,1,1,9\nC,rural,x,1\n",
    )
    code, _, err = run(capsys, "classify", "--standard", "2011-2015", str(source))
    assert code == 2
    assert english(err) == [
        "line 4, column 5: the row has more fields than the header (4)",
        'line 5, column members: must be a whole number ≥ 1, got "x"',
    ]


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path, capsys):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        "household_id,area,members,income_per_capita_month\nA,rural,1,1\nHà,rural,1,1\n".encode("latin-1")
    )
    code, _, err = run(capsys, "classify", "--standard", "2011-2015", str(path))
    assert code == 2 and err.startswith("Dòng 3: tệp không phải văn bản UTF-8")
    assert english(err)[0].startswith("line 3, column -: not UTF-8 text")


def test_unknown_standard_exits_2_listing_the_valid_ids(tmp_path, capsys):
    source = write(tmp_path, "household_id,area,members,income_per_capita_month\n")
    code, out, err = run(capsys, "classify", "--standard", "2020", str(source))
    assert (code, out) == (2, "")
    assert err == (
        "Không có chuẩn nghèo mang mã '2020'; các mã hợp lệ: 2011-2015, 2016-2020, 2022-2025, 2026-2030"
        " (unknown standard '2020'; valid ids: 2011-2015, 2016-2020, 2022-2025, 2026-2030)\n"
    )


def test_header_only_gives_header_only(tmp_path, capsys):
    source = write(tmp_path, "household_id,area,members,income_per_capita_month\n")
    assert run(capsys, "classify", "--standard", "2011-2015", str(source)) == (0, OUTPUT_HEADER + "\n", "")


def test_usage_errors_and_help(capsys):
    assert main(["classify", "--help"]) == 0
    assert "--standard STANDARD_ID" in capsys.readouterr().out
    assert main(["classify", "in.csv"]) == 2
    assert "the following arguments are required: --standard" in capsys.readouterr().err


def test_standards_lists_ids_periods_legal_basis_and_lines(capsys):
    code, out, _ = run(capsys, "standards")
    assert code == 0
    assert "2022-2025  Chuẩn nghèo đa chiều giai đoạn 2022-2025  (national)" in out
    assert "  in force: 2027-01-01 to 2030-12-31; rule: income_and_deprivation" in out
    assert "  legal basis: Quyết định 09/2011/QĐ-TTg" in out
    assert "  poor: rural 1.500.000, urban 2.000.000" in out
    assert "  average: not defined [unconfirmed]" in out
    assert "PLACEHOLDER" in out


@pytest.mark.parametrize("argv", [["classify", "--help"], ["standards"]])
def test_the_console_script_runs_without_django_settings(argv):
    script = Path(sys.executable).with_name("giamngheo")
    done = subprocess.run([str(script), *argv], capture_output=True, text=True, env={"PATH": ""}, check=False)
    assert done.returncode == 0, done.stderr
