"""Agricultural, forestry, fishery and salt-making households with an average living standard
(hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình,
QĐ 24/2021/QĐ-TTg): identified within a round, listed, certified; their members are entitled to
at least 30 % of the health-insurance premium from the State.

The list of a round is every household of the round (a province round: of all its communes)
that the round classified average by its own standard and whose registry record says it works in
agriculture, forestry, fishery or salt-making (`Household.agricultural`); the reason given for each
is the round's classification. A standard without an average band (2026-2030 defines none) builds
no list: the page says so with the citation, never a guess from another standard. Legal basis and
caveats are data in `agricultural.yaml`.
"""

import io
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Q

from giamngheo.areas.scope import scoped
from giamngheo.core.workbooks import new_workbook
from giamngheo.households.models import Status
from giamngheo.reviews import guards
from giamngheo.reviews.exports import official_formats, print_on_a4_landscape, write_heading
from giamngheo.reviews.models import Complaint, Decision, Round, RoundHousehold
from giamngheo.standards import engine
from giamngheo.standards.engine.explain import vnd

DATA_FILE = Path(__file__).resolve().parent / "agricultural.yaml"
NO_VILLAGE = "Chưa ghi thôn/tổ"
COLUMNS = [
    ("STT", 6),
    ("Mã hộ", 16),
    ("Họ và tên chủ hộ", 28),
    ("Thôn/tổ", 20),
    ("Xã/phường", 20),
    ("Địa chỉ", 28),
    ("Căn cứ xác định", 46),
    ("Ghi chú", 12),
]


@dataclass(frozen=True)
class Citation:
    text: str
    confirmed: bool


@dataclass(frozen=True)
class Procedure:
    name: str
    legal_basis: tuple[Citation, ...]
    band: str
    insurance_share: float
    insurance: Citation
    insurance_reference: str
    certificate_title: str
    certificate_form_confirmed: bool

    @property
    def insurance_text(self) -> str:
        return f"{self.insurance.text} (căn cứ: {self.insurance_reference})"


@lru_cache(maxsize=1)
def procedure() -> Procedure:
    raw: dict[str, Any] = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    insurance = raw["health_insurance"]
    return Procedure(
        name=raw["name"],
        legal_basis=tuple(Citation(item["text"], bool(item["confirmed"])) for item in raw["legal_basis"]),
        band=raw["standard_band"],
        insurance_share=float(insurance["share"]),
        insurance=Citation(insurance["text"], bool(insurance["confirmed"])),
        insurance_reference=insurance["reference"],
        certificate_title=raw["certificate"]["title"],
        certificate_form_confirmed=bool(raw["certificate"]["form_confirmed"]),
    )


@dataclass(frozen=True)
class Entry:
    household_id: int
    code: str
    head_name: str
    village: str
    commune: str
    address: str
    reason: str


@dataclass
class Identification:
    """The round's list (empty with `undefined` set when the standard has no average band)."""

    round: Round
    standard: engine.Standard
    band: engine.IncomeLine | None
    decision: Decision | None
    entries: list[Entry]
    undefined: str = ""

    @property
    def by_village(self) -> list[tuple[str, str, int]]:
        """(commune, village, households), in the list's order."""
        counts = Counter((e.commune, e.village) for e in self.entries)
        return [(commune, village, n) for (commune, village), n in counts.items()]

    @property
    def band_text(self) -> str:
        """The average band in words: above the highest line below it, up to its own line."""
        if self.band is None:
            return ""
        below = self.standard.line("near_poor") or self.standard.line("poor")
        line = self.band
        return (
            f"thu nhập bình quân đầu người trên {vnd(below.rural)} đến {vnd(line.rural)} đồng/người/tháng "
            f"(nông thôn), trên {vnd(below.urban)} đến {vnd(line.urban)} đồng/người/tháng (đô thị); "
            f"căn cứ: {line.reference}"
        )

    @property
    def notes(self) -> list[str]:
        """What every copy of the list or a certificate must say about what it rests on."""
        proc = procedure()
        notes = [f"Ghi chú: {line}" for line in guards.caveats_for(self.round.standard_id)]
        notes += [
            f"Ghi chú: căn cứ chưa đối chiếu văn bản chính thức - {c.text}."
            for c in proc.legal_basis
            if not c.confirmed
        ]
        if not proc.insurance.confirmed:
            notes.append(
                f"Ghi chú: mức hỗ trợ bảo hiểm y tế là hiểu biết tốt nhất, chưa đối chiếu điều khoản "
                f"({proc.insurance_reference})."
            )
        if not proc.certificate_form_confirmed:
            notes.append(
                "Ghi chú: mẫu giấy xác nhận do hệ thống lập, không phải biểu mẫu ban hành kèm văn bản; "
                "văn bản công nhận là quyết định của Chủ tịch UBND cấp xã."
            )
        if self.decision is None:
            notes.append(
                "Ghi chú: đợt rà soát chưa có quyết định công nhận; danh sách và giấy xác nhận là dự thảo, "
                "có thể thay đổi sau họp thôn, niêm yết và phúc tra."
            )
        return notes


def _undefined_text(standard: engine.Standard) -> str:
    line = standard.income_lines.get(procedure().band)
    basis = "; ".join(f"{b.title}{', ' + b.article if b.article else ''}" for b in standard.legal_basis)
    why = (line.note or line.reference) if line is not None else "chuẩn không có mức sống trung bình"
    return (
        f"Chuẩn {standard.id} ({standard.name}) không quy định mức sống trung bình ({why}; căn cứ: {basis}). "
        "Vì vậy đợt rà soát này không xác định được hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp "
        "có mức sống trung bình và không lập danh sách; khi có văn bản quy định mức sống trung bình của chuẩn "
        "này, danh sách sẽ được lập theo văn bản đó."
    )


def _entries_of(round_: Round) -> Q:
    return Q(round=round_) | Q(round__parent=round_)


def identify(round_: Round, user) -> Identification:
    """The round's agricultural households with an average living standard that `user` may see."""
    standard = engine.load_standard(round_.standard_id)
    band = standard.line(procedure().band)
    decision = Decision.objects.filter(round=round_).first()
    if band is None:
        return Identification(round_, standard, None, decision, [], undefined=_undefined_text(standard))
    rows = (
        scoped(RoundHousehold.objects.filter(_entries_of(round_)), user)
        .filter(final_status=Status.AVERAGE, household__agricultural=True, household__is_active=True)
        .select_related("household__village", "household__commune", "round")
        .order_by("household__commune__code", "household__village__code", "household__head_name", "pk")
    )
    rechecked = set(
        Complaint.objects.filter(_entries_of(round_), status_after=Status.AVERAGE).values_list(
            "round_household_id", flat=True
        )
    )
    entries = [
        Entry(
            household_id=row.household_id,
            code=row.household.code,
            head_name=row.household.head_name,
            village=row.household.village.name if row.household.village else NO_VILLAGE,
            commune=row.household.commune.name,
            address=row.household.address,
            reason=_reason(row, standard, row.pk in rechecked),
        )
        for row in rows
    ]
    return Identification(round_, standard, band, decision, entries)


def _reason(row: RoundHousehold, standard: engine.Standard, rechecked: bool) -> str:
    if rechecked:
        how = "sau phúc tra khiếu nại"
    elif row.meeting_status:
        how = "do họp thôn quyết định"
    else:
        how = "theo phiếu khảo sát, họp thôn thống nhất" if row.meeting_outcome else "theo phiếu khảo sát"
    return (
        f"Đợt rà soát năm {row.round.year} phân loại hộ có mức sống trung bình theo chuẩn {standard.id} ({how}); "
        "hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp hoặc diêm nghiệp theo sổ hộ"
    )


def title(round_: Round) -> str:
    return f"DANH SÁCH {procedure().name.upper()} NĂM {round_.year}"


def subtitle(found: Identification) -> str:
    decision = found.decision
    source = (
        f"theo kết quả rà soát đã được công nhận tại Quyết định số {decision.number} ngày "
        f"{decision.signed_on:%d/%m/%Y}"
        if decision
        else "dự thảo theo kết quả rà soát, chưa có quyết định công nhận"
    )
    return f"({source}; chuẩn {found.standard.id}: {found.band_text})"


def workbook(found: Identification) -> bytes:
    """The list as an official workbook: heading, one row per household, the legal basis, the
    health-insurance entitlement and every caveat under it."""
    output = io.BytesIO()
    book = new_workbook(output, {"in_memory": True})
    book.set_properties({"title": title(found.round), "author": "giamngheo"})
    formats = official_formats(book)
    sheet = book.add_worksheet("Hộ NLNDN mức sống TB")
    write_heading(sheet, formats, found.round.unit.name, title(found.round), subtitle(found), COLUMNS)
    row = 8
    for index, entry in enumerate(found.entries, start=1):
        sheet.write_number(row, 0, index, formats["integer"])
        values = [entry.code, entry.head_name, entry.village, entry.commune, entry.address, entry.reason, ""]
        for col, value in enumerate(values, start=1):
            sheet.write_string(row, col, value, formats["text"])
        row += 1
    last = len(COLUMNS) - 1
    proc = procedure()
    lines = [f"Căn cứ: {c.text}." for c in proc.legal_basis]
    lines.append(f"Quyền lợi: {proc.insurance_text}.")
    lines += found.notes
    for offset, line in enumerate(lines, start=1):
        sheet.merge_range(row + offset, 0, row + offset, last, line, formats["note"])
        sheet.set_row(row + offset, 28)
    print_on_a4_landscape(sheet)
    book.close()
    return output.getvalue()
