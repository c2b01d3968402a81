import gzip
import json

import pytest

from giamngheo.fieldwork.tests.conftest import SURVEY_DATE, submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone_client(client, collaborator):
    client.force_login(collaborator)
    return client


def post(client, path: str, body: dict):
    return client.post(f"/api/field/{path}", json.dumps(body), content_type="application/json")


def test_preview_gives_the_engine_status_and_writes_nothing(phone_client, village_household, collaborator):
    payload = submission(village_household, collaborator, income_per_capita_month=900_000)
    body = {k: payload[k] for k in ("household_id", "survey_date", "household", "members")}
    response = post(phone_client, "preview", body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "near_poor" and data["status_label"] == "Hộ cận nghèo"
    assert "1.500.000" in data["reasons"]
    assert village_household.surveys.count() == 1


def test_preview_names_the_field_of_a_bad_answer(phone_client, village_household, collaborator):
    payload = submission(village_household, collaborator, floor_area_m2=-1)
    body = {k: payload[k] for k in ("household_id", "survey_date", "household", "members")}
    data = post(phone_client, "preview", body).json()
    assert any("diện tích" in e.lower() for e in data["errors"]), data


def test_sync_endpoint_applies_in_order(phone_client, village_household, collaborator):
    first = submission(village_household, collaborator)
    response = post(phone_client, "sync", {"submissions": [first, first]})
    outcomes = [r["outcome"] for r in response.json()["results"]]
    assert outcomes == ["accepted", "accepted"]
    assert village_household.surveys.filter(survey_date=SURVEY_DATE).count() == 1


def test_package_and_questionnaire_come_from_the_server_forms(phone_client, village_household):
    data = phone_client.get("/api/field/package").json()
    assert [h["code"] for h in data["households"]] == [village_household.code]
    fields = {f["name"]: f for s in data["questionnaire"]["sections"] for f in s["fields"]}
    assert (
        fields["income_per_capita_month"]["kind"] == "int" and fields["income_per_capita_month"]["min"] == 0
    )
    assert fields["water_source"]["choices"][0] == ["piped", "Nước máy"]
    assert {f["name"] for f in data["questionnaire"]["member_fields"]} >= {"schooling", "employment"}


def test_shell_manifest_and_service_worker(phone_client):
    assert phone_client.get("/thuc-dia/").status_code == 200
    manifest = phone_client.get("/thuc-dia/manifest.webmanifest").json()
    assert manifest["start_url"] == "/thuc-dia/" and manifest["lang"] == "vi"
    worker = phone_client.get("/thuc-dia/sw.js").content.decode()
    assert "workbox-sw.js" in worker and "dexie.min.js" in worker


def test_logout_clears_the_device_copy(phone_client):
    response = phone_client.post("/tai-khoan/dang-xuat/")
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_a_date_without_a_standard_is_refused_in_vietnamese(phone_client, village_household, collaborator):
    assert phone_client.get("/api/field/questionnaire?date=1970-01-01").status_code == 422
    payload = submission(village_household, collaborator) | {"survey_date": "1970-01-01"}
    result = post(phone_client, "sync", {"submissions": [payload]}).json()["results"][0]
    assert result["outcome"] == "refused" and "Không có chuẩn nghèo" in result["reason"]


def test_the_offline_download_travels_gzipped_and_reads_the_same(phone_client, village_household):
    plain = phone_client.get("/api/field/package")
    packed = phone_client.get("/api/field/package", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert len(packed.content) < len(plain.content)
    unpacked, expected = json.loads(gzip.decompress(packed.content)), plain.json()
    assert unpacked.pop("downloaded_at") >= expected.pop("downloaded_at")
    assert unpacked == expected
