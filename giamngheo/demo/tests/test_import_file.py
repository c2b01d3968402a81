"""The demo import file carries exactly its four deliberate mistakes."""

from giamngheo.accounts.models import Role
from giamngheo.demo.import_file import write_demo_import
from giamngheo.households.imports.pipeline import import_file
from giamngheo.households.models import Household


def test_demo_file_has_four_deliberate_mistakes(tmp_path, geography, make_user):
    path = write_demo_import(tmp_path / "demo" / "nhap-thu.xlsx", geography["province"])
    user = make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])
    outcome = import_file(path.name, path.read_bytes(), user)
    messages = sorted(str(p) for p in outcome.problems)
    assert len(messages) == 4, messages
    assert any("cột 'Ngày sinh'" in m and "31/02/1985" in m for m in messages)
    assert any("cột 'Số CCCD'" in m and "12 chữ số" in m for m in messages)
    assert any("cột 'Xã/phường'" in m and "Xã Không Tồn Tại" in m for m in messages)
    assert any("cột 'Quan hệ với chủ hộ'" in m and "chưa có chủ hộ" in m for m in messages)
    assert outcome.households == 50 and not Household.objects.exists()
