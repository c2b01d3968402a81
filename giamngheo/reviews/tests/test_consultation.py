"""Step 5's optional consultation: before July 2025 the commune chairman asked the district
chairman's opinion before deciding; a round opened with it takes that step before the decision."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from giamngheo.reviews import actions
from giamngheo.reviews.models import Round
from giamngheo.reviews.steps import PERIODIC_STEPS, StepCode, periodic_steps
from giamngheo.reviews.tests.conftest import STANDARD, YEAR, decide, refused, step, walk_to_decision


def codes(round_: Round) -> list[str]:
    return list(round_.steps.order_by("position").values_list("code", flat=True))


def test_consultation_step_sits_right_before_the_decision_only_when_asked(geography, officers):
    round_ = actions.open_commune_round(
        geography["commune"], YEAR, officers["commune"], standard_id=STANDARD, with_consultation=True
    )
    assert round_.with_consultation
    assert codes(round_) == periodic_steps(with_consultation=True)
    assert codes(round_).index(StepCode.CONSULTATION) == codes(round_).index(StepCode.DECISION) - 1
    assert step(round_, StepCode.CONSULTATION).deadline == dt.date(YEAR, 12, 3)
    other = actions.open_commune_round(geography["urban"], YEAR, officers["urban"], standard_id=STANDARD)
    assert not other.with_consultation and codes(other) == PERIODIC_STEPS


def test_province_round_with_consultation_gives_it_to_every_commune(geography, officers):
    parent = actions.open_province_round(
        geography["province"], YEAR, officers["province"], standard_id=STANDARD, with_consultation=True
    )
    children = list(parent.children.all())
    assert parent.with_consultation and len(children) == 2
    for child in children:
        assert child.with_consultation and codes(child) == periodic_steps(with_consultation=True)


def test_province_round_without_consultation_keeps_todays_steps(province_round):
    for child in province_round.children.all():
        assert codes(child) == PERIODIC_STEPS and StepCode.CONSULTATION not in codes(child)


def test_decision_waits_for_the_consultation(geography, officers, households, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer = officers["commune"]
    round_ = actions.open_commune_round(
        geography["commune"], YEAR, officer, standard_id=STANDARD, with_consultation=True
    )
    walk_to_decision(round_, officer)
    refused(
        decide, round_, officer,
        message="Phải hoàn thành bước “Xin ý kiến trước khi ra quyết định” trước bước “Quyết định công nhận",
    )  # fmt: skip
    consultation = step(round_, StepCode.CONSULTATION)
    actions.attach_document(
        consultation, officer, title="Văn bản trả lời", file=SimpleUploadedFile("tra-loi.pdf", b"%PDF-1.4")
    )
    actions.complete_step(consultation, officer, "Đã có ý kiến thống nhất")
    decision = decide(round_, officer)
    assert step(round_, StepCode.DECISION).is_done and decision.round == round_
    assert step(round_, StepCode.CONSULTATION).documents.count() == 1


def test_open_commune_round_from_the_page_with_consultation(client, geography, officers, households):
    client.force_login(officers["commune"])
    data = {
        "unit": geography["commune"].pk,
        "year": YEAR,
        "standard_id": STANDARD,
        "posting_days": 5,
        "with_consultation": "on",
    }
    assert client.post(reverse("reviews:open_commune"), data).status_code == 302
    round_ = Round.objects.get(unit=geography["commune"])
    assert round_.with_consultation and StepCode.CONSULTATION in codes(round_)
    page = client.get(reverse("reviews:detail", args=[round_.pk])).content.decode()
    assert "Xin ý kiến trước khi ra quyết định" in page
