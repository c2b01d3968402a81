"""With the official B1 tables loaded, a round's pages, lists and decision no longer say they
rest on placeholder tables, and issuing a decision asks for no acknowledgement."""

import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from giamngheo.accounts.models import Role
from giamngheo.reviews import actions
from giamngheo.reviews.exports import decision_notes
from giamngheo.reviews.tests.conftest import STANDARD, walk_to_decision
from giamngheo.standards import engine
from giamngheo.standards.scorecard_tables import BASIS_SHEET, template_workbook
from giamngheo.standards.scorecard_versions import load_scorecard_tables


def official_tables(standard_id: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template_workbook(engine.load_standard(standard_id))))
    book[BASIS_SHEET]["B1"] = "TT-2026-chinh-thuc"
    book[BASIS_SHEET]["B2"] = "Thông tư hướng dẫn rà soát, Phụ lục phiếu B1"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_official_tables_lift_the_placeholder_caveats_and_the_acknowledgement(
    client, round_, officers, make_user, django_capture_on_commit_callbacks
):
    admin = make_user("quantri", Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        load_scorecard_tables(STANDARD, "b1.xlsx", official_tables(STANDARD), admin)
    officer = officers["commune"]
    client.force_login(officer)
    page = client.get(reverse("reviews:detail", args=[round_.pk])).content.decode()
    assert "bảng tạm" not in page
    walk_to_decision(round_, officer)
    page = client.get(reverse("reviews:detail", args=[round_.pk])).content.decode()
    assert 'name="number"' in page and 'name="placeholder_acknowledged_by"' not in page
    decision = actions.issue_decision(
        round_, officer, number="15/QĐ-UBND", signed_on=timezone.localdate(), signer="Nguyễn Văn Bình"
    )
    assert decision.placeholder_acknowledged_by == ""
    assert not any("bảng tạm" in note for note in decision_notes(round_, decision))
    snapshot = decision.snapshots.filter(kind="poor").first()
    content = client.get(reverse("reviews:snapshot", args=[snapshot.pk]) + "?xuat=xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    texts = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
    assert not any("bảng tạm" in text for text in texts)
