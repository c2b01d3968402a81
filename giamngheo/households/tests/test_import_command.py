"""`giamngheo import_households FILE --user USERNAME`."""

import pytest
from django.core.management import call_command

from giamngheo.households.imports.testing import officer, sample_members, xlsx  # noqa: F401
from giamngheo.households.models import Household


def test_command_imports_a_valid_file(tmp_path, geography, officer, capsys):  # noqa: F811
    path = tmp_path / "ho.xlsx"
    path.write_bytes(xlsx())
    call_command("import_households", str(path), user=officer.username)
    assert "2 hộ mới" in capsys.readouterr().out
    assert Household.objects.count() == 2


def test_command_lists_problems_and_exits_2(tmp_path, geography, officer, capsys):  # noqa: F811
    members = sample_members()
    members[0][6] = "12345"
    path = tmp_path / "ho.xlsx"
    path.write_bytes(xlsx(members=members))
    with pytest.raises(SystemExit) as exit_:
        call_command("import_households", str(path), user=officer.username)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Sheet 'Thành viên', dòng 2, cột 'Số CCCD': Số CCCD phải gồm đúng 12 chữ số." in err
    assert (tmp_path / "ho-loi.xlsx").exists() and f"Đã ghi tệp báo lỗi vào {tmp_path / 'ho-loi.xlsx'}" in err
    assert not Household.objects.exists()
