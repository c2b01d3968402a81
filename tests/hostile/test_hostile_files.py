"""Every hostile file and value of the corpus through the page, the import, the API
and the command line: a clear Vietnamese error, nothing half-written, no 500."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.api.models import ApiToken
from giamngheo.households.imports.pipeline import import_file
from giamngheo.households.imports.testing import officer, snapshot  # noqa: F401
from giamngheo.households.models import Household, Member
from giamngheo.programs.models import SupportImport
from giamngheo.programs.tests.conftest import catalogue  # noqa: F401 (fixture)
from tests.hostile import corpus

FILES = corpus.FILES
ALL = {**FILES, **corpus.HOSTILE_VALUES}


@pytest.fixture(scope="module")
def made():
    """Each file is generated once for the module (the bomb takes a second)."""
    return {name: factory() for name, (_file, factory, _words) in ALL.items()}


@pytest.fixture
def unchanged(geography):
    before = snapshot()
    yield
    assert snapshot() == before


@pytest.mark.parametrize("name", ALL)
def test_import_refuses_with_a_vietnamese_message(officer, unchanged, made, name):  # noqa: F811
    outcome = import_file(ALL[name][0], made[name], officer)
    assert not outcome.ok
    assert any(ALL[name][2] in str(problem) for problem in outcome.problems), outcome.problems


@pytest.mark.parametrize("name", ALL)
def test_upload_page_refuses_without_a_server_error(client, officer, unchanged, made, name):  # noqa: F811
    client.force_login(officer)
    upload = SimpleUploadedFile(ALL[name][0], made[name])
    response = client.post(reverse("imports:upload"), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert ALL[name][2] in response.content.decode()


@pytest.mark.parametrize("name", ALL)
def test_command_refuses_and_exits_2(tmp_path, officer, unchanged, made, name, capsys):  # noqa: F811
    path = tmp_path / ALL[name][0]
    path.write_bytes(made[name])
    with pytest.raises(SystemExit) as exit_:
        call_command("import_households", str(path), user=officer.username)
    assert exit_.value.code == 2
    assert ALL[name][2] in capsys.readouterr().err


@pytest.mark.parametrize("name", FILES)
def test_support_import_refuses_the_same_files(client, geography, make_user, made, name, catalogue):  # noqa: F811
    policy = catalogue["bhyt-ho-ngheo"]
    user = make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])
    client.force_login(user)
    upload = SimpleUploadedFile(ALL[name][0], made[name])
    data = {
        "policy": policy.pk,
        "unit": geography["commune"].pk,
        "agency": "",
        "document": "",
        "file": upload,
    }
    response = client.post(reverse("programs:support_import"), data)
    assert response.status_code == 400 and FILES[name][2] in response.content.decode()
    assert not SupportImport.objects.exists()


@pytest.fixture
def api(geography, make_user):
    user = make_user("xa-api", Role.COMMUNE_OFFICER, geography["commune"])
    _token, key = ApiToken.issue(user, "test")
    Household.objects.create(
        code="22402-000001", province=geography["province"], commune=geography["commune"], head_name="An"
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


MEMBER = {"full_name": "Nguyễn Văn An", "birth_date": "1980-03-15", "sex": "male", "relation": "child"}
HOSTILE_MEMBERS = {
    "nul": ({"full_name": corpus.NUL_NAME}, "full_name"),
    "rtl": ({"full_name": corpus.RTL_NAME}, "full_name"),
    "unicode-digits-cccd": ({"cccd": corpus.UNICODE_DIGITS_CCCD}, "cccd"),
    "future-birth": ({"birth_date": "2090-01-01"}, "birth_date"),
    "far-future-birth": ({"birth_date": "9999-12-31"}, "birth_date"),
    "ancient-birth": ({"birth_date": "0001-01-01"}, "birth_date"),
}


@pytest.mark.parametrize("name", HOSTILE_MEMBERS)
def test_api_refuses_hostile_members_with_422(client, api, name):
    changes, field = HOSTILE_MEMBERS[name]
    response = client.post(
        "/api/households/22402-000001/members", MEMBER | changes, content_type="application/json", **api
    )
    # a NUL byte is refused for the whole body before it reaches a field
    assert response.status_code == 400 if name == "nul" else 422, response.content
    assert name == "nul" or field in response.json()["errors"]
    assert not Member.objects.exists()


@pytest.mark.parametrize("name", HOSTILE_MEMBERS)
def test_member_page_refuses_hostile_members(client, geography, officer, name):  # noqa: F811
    household = Household.objects.create(
        code="22402-000001", province=geography["province"], commune=geography["commune"], head_name="An"
    )
    changes, _field = HOSTILE_MEMBERS[name]
    client.force_login(officer)
    values = MEMBER | {"ethnicity": "Kinh", "cccd": ""} | changes
    response = client.post(reverse("households:add_member", args=[household.pk]), values)
    assert response.status_code in (200, 400)
    assert not Member.objects.exists()


def test_cccd_in_use_in_another_province_is_not_named_by_the_api(client, api, geography):
    other = Household.objects.create(
        code="02716-000001", province=geography["other_province"], commune=geography["other_commune"],
        head_name="Hồ Văn Tư",
    )  # fmt: skip
    Member.objects.create(
        household=other, full_name="Hồ Văn Tư", birth_date="1980-01-01", sex="male", relation="head",
        cccd="056080000123",
    )  # fmt: skip
    response = client.post(
        "/api/households/22402-000001/members",
        MEMBER | {"cccd": "056080000123"},
        content_type="application/json",
        **api,
    )
    assert response.status_code == 422
    body = json.dumps(response.json(), ensure_ascii=False)
    assert "ngoài địa bàn của bạn" in body and "Hồ Văn Tư" not in body and "02716" not in body
