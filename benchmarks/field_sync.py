"""The village collaborator's phone: the size of the offline download for one village and
the time to sync a day's surveys.

    .venv/bin/python benchmarks/field_sync.py                 # SQLite, 300 households, 20 surveys
    .venv/bin/python benchmarks/field_sync.py --database-url postgresql://postgres@127.0.0.1:5432/postgres

It makes its own database (PostgreSQL `gn_bench_field_sync`, or a temporary SQLite file) and a
village of households with four members and a submitted survey each. Peers timed in the same
run: the registry's Excel export of the same households (the download), and the same number of
surveys taken through the survey actions as the web page does (the sync). Product and peer
alternate `--runs` times (3 by default; each run syncs households of its own) and the medians
and their ratio are printed.
"""

import argparse
import datetime as dt
import gzip
import json
import statistics
import sys
import uuid
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import demo_province, fresh_database, timed  # noqa: E402

SURVEY_DATE = dt.date(2025, 10, 2)


def make_village(households: int):
    from giamngheo.areas.models import AdminUnit, Era, Level
    from giamngheo.households.models import Household, Member, Survey, SurveyMember

    province = demo_province()
    commune = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, province=province).first()
    village = AdminUnit.objects.create(
        code=f"{commune.code}-99", name="Thôn Thử", short_name="Thử", kind="Thôn", level=Level.VILLAGE,
        parent=commune, province=province, era=Era.CURRENT, valid_from=dt.date(2025, 7, 1),
    )  # fmt: skip
    for n in range(households):
        household = Household.objects.create(
            code=f"{commune.code}-B{n:05d}", province=province, commune=commune, village=village,
            head_name=f"Nguyễn Văn Hộ {n}", address=f"Xóm {n % 7}",
        )  # fmt: skip
        survey = Survey.objects.create(
            household=household, survey_date=dt.date(2024, 10, 1), state="submitted", area="rural", members=4,
            income_per_capita_month=1_800_000 + n, floor_area_m2=45, water_source="piped", latrine="septic",
        )  # fmt: skip
        for i, age in enumerate((42, 40, 15, 8)):
            member = Member.objects.create(
                household=household, full_name=f"Thành viên {n}-{i}", birth_date=dt.date(2025 - age, 3, 1),
                sex="male" if i % 2 == 0 else "female", relation="head" if i == 0 else "child",
            )  # fmt: skip
            SurveyMember.objects.create(survey=survey, member=member, age=age, sex=member.sex)
    return village


def payloads(user, households) -> list[dict]:
    from giamngheo.fieldwork import package

    entries = {e["id"]: e for e in package.field_package(user)["households"]}
    out = []
    for i, household in enumerate(households):
        previous = entries[household.pk]["previous"]
        out.append({
            "client_key": str(uuid.uuid4()), "household_id": household.pk, "survey_date": SURVEY_DATE.isoformat(),
            "base_stamp": entries[household.pk]["stamp"],
            "household": previous["household"] | {"income_per_capita_month": 1_000_000 + i},
            "members": previous["members"],
        })  # fmt: skip
    return out


def ratio(label: str, product: list[float], peer: list[float]) -> str:
    mine, theirs = statistics.median(product), statistics.median(peer)
    return f"{label} {mine:.2f} s, peer {theirs:.2f} s, ratio {mine / theirs:.2f}× (median of {len(product)})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--surveys", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if args.households < 2 * args.runs * args.surveys:
        parser.error(
            "--households must be at least 2 × --runs × --surveys (each run syncs households of its own)"
        )
    fresh_database("gn_bench_field_sync", args.database_url, not args.database_url)

    from django.test import Client

    from giamngheo.accounts.models import AreaAssignment, Role, User
    from giamngheo.households.exports import household_workbook
    from giamngheo.households.models import Household
    from giamngheo.households.survey import actions

    village = make_village(args.households)
    user = User.objects.create_user("ctv-bench", password="x", role=Role.VILLAGE_COLLABORATOR)
    AreaAssignment.objects.create(user=user, unit=village)
    client = Client()
    client.force_login(user)
    in_village = Household.objects.filter(village=village).order_by("code")
    households = list(in_village)

    client.get("/api/field/package")  # warm caches (standards, templates)
    download, export = [], []
    for _ in range(args.runs):
        seconds, response = timed(lambda: client.get("/api/field/package", HTTP_ACCEPT_ENCODING="gzip"))
        download.append(seconds)
        seconds, workbook = timed(lambda: household_workbook(in_village, "Danh sách hộ gia đình"))
        export.append(seconds)
    assert response["Content-Encoding"] == "gzip"
    sent, body = response.content, gzip.decompress(response.content)
    print(f"download, {len(json.loads(body)['households'])} households: {len(body) / 1024:.0f} KB JSON, "
          f"{len(sent) / 1024:.0f} KB sent gzipped (timed with the compression); the peer (the registry's Excel export of the same "
          f"households) {len(workbook) / 1024:.0f} KB; " + ratio("built in", download, export))  # fmt: skip

    sync, resend, direct = [], [], []
    for run in range(args.runs):
        chosen = households[2 * run * args.surveys : (2 * run + 1) * args.surveys]
        batch = json.dumps({"submissions": payloads(user, chosen)})
        send = partial(client.post, "/api/field/sync", batch, content_type="application/json")
        seconds, answer = timed(send)
        sync.append(seconds)
        outcomes = [r["outcome"] for r in answer.json()["results"]]
        assert outcomes == ["accepted"] * len(chosen), outcomes
        seconds, again = timed(send)
        resend.append(seconds)
        assert again.json() == answer.json()

        def through_actions(peers=households[(2 * run + 1) * args.surveys : (2 * run + 2) * args.surveys]):
            for i, household in enumerate(peers):
                survey = actions.start_survey(household, user, SURVEY_DATE)
                actions.save_answers(survey, user, {"income_per_capita_month": 1_000_000 + i}, {})
                actions.submit_survey(survey, user)

        direct.append(timed(through_actions)[0])
    print(f"sync {args.surveys} surveys through /api/field/sync "
          f"({1000 * statistics.median(sync) / args.surveys:.0f} ms each), the peer taking the same number through "
          f"the survey actions (web page path): " + ratio("sync", sync, direct)
          + f"; resending the same batch {statistics.median(resend):.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
