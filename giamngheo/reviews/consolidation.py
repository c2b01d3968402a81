"""The province's consolidation of a periodic round (step 6): every commune's final lists
side by side, as a table of counts and as one workbook with a sheet per list.

Only final lists count (the latest version of each commune's decision); a commune that has
not decided yet shows as such, so the province sees what is missing before it signs off.
"""

import io
from dataclasses import dataclass, field

import xlsxwriter
from django.db.models import Max, Q

from giamngheo.core.workbooks import new_workbook
from giamngheo.reviews.exports import official_formats, print_on_a4_landscape, write_heading
from giamngheo.reviews.models import ListKind, ListRow, ListSnapshot, ListStage, Round

SHEET_NAMES = {
    ListKind.POOR: "Hộ nghèo",
    ListKind.NEAR_POOR: "Hộ cận nghèo",
    ListKind.AVERAGE: "Hộ có MSTB",
    ListKind.ESCAPED_POOR: "Hộ thoát nghèo",
    ListKind.NEWLY_POOR: "Hộ nghèo phát sinh",
    ListKind.ESCAPED_NEAR_POOR: "Hộ thoát cận nghèo",
}
ROW_COLUMNS = [
    ("STT", 6),
    ("Xã/phường", 24),
    ("Mã hộ", 16),
    ("Họ và tên chủ hộ", 28),
    ("Thôn/tổ", 20),
    ("Địa chỉ", 30),
    ("Phân loại trước rà soát", 20),
    ("Phân loại", 20),
]


@dataclass
class CommuneLists:
    round: Round
    snapshots: dict[str, ListSnapshot] = field(default_factory=dict)

    @property
    def decided(self) -> bool:
        return bool(self.snapshots)

    @property
    def decision(self):
        return next(iter(self.snapshots.values())).decision if self.snapshots else None

    @property
    def cells(self) -> list[ListSnapshot | None]:
        """The final list of each kind, in the order of `ListKind`."""
        return [self.snapshots.get(kind) for kind in ListKind.values]

    def count(self, kind: str) -> int | None:
        snapshot = self.snapshots.get(kind)
        return snapshot.households if snapshot else None


@dataclass
class Consolidation:
    province_round: Round
    communes: list[CommuneLists]

    @property
    def kinds(self) -> list[tuple[str, str]]:
        return list(ListKind.choices)

    @property
    def totals(self) -> dict[str, int]:
        return {kind: sum(c.count(kind) or 0 for c in self.communes) for kind, _ in self.kinds}

    @property
    def total_cells(self) -> list[int]:
        return [self.totals[kind] for kind in ListKind.values]

    @property
    def decided(self) -> int:
        return sum(1 for c in self.communes if c.decided)

    def final_snapshots(self, kind: str) -> list[ListSnapshot]:
        return [c.snapshots[kind] for c in self.communes if kind in c.snapshots]


def consolidate(province_round: Round) -> Consolidation:
    """Each commune round of the province round with its latest final lists."""
    children = list(province_round.children.select_related("unit").order_by("unit__name"))
    finals = ListSnapshot.objects.filter(round__in=children, stage=ListStage.FINAL)
    newest = finals.values("round_id").annotate(version=Max("version"))
    latest = Q(pk__in=[])
    for row in newest:
        latest |= Q(round_id=row["round_id"], version=row["version"])
    by_round: dict[int, dict[str, ListSnapshot]] = {}
    for snapshot in finals.filter(latest).select_related("unit", "decision"):
        by_round.setdefault(snapshot.round_id, {})[snapshot.kind] = snapshot
    return Consolidation(province_round, [CommuneLists(c, by_round.get(c.pk, {})) for c in children])


def consolidation_workbook(consolidation: Consolidation) -> bytes:
    """A summary sheet (communes × lists) and one sheet per list with every commune's rows."""
    output = io.BytesIO()
    book = new_workbook(output, {"in_memory": True, "constant_memory": True})
    province = consolidation.province_round.unit
    year = consolidation.province_round.year
    book.set_properties({"title": f"Tổng hợp danh sách rà soát năm {year}", "author": "giamngheo"})
    formats = official_formats(book)
    _summary_sheet(book, formats, consolidation)
    for kind, label in consolidation.kinds:
        _list_sheet(book, formats, province.name, year, kind, label, consolidation.final_snapshots(kind))
    book.close()
    return output.getvalue()


def _summary_sheet(book, formats, consolidation: Consolidation) -> None:
    sheet = book.add_worksheet("Tổng hợp")
    kinds = consolidation.kinds
    columns = [("STT", 6), ("Xã/phường", 28), ("Quyết định", 26)] + [(label, 14) for _, label in kinds]
    year = consolidation.province_round.year
    write_heading(
        sheet,
        formats,
        consolidation.province_round.unit.name,
        f"TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {year}",
        f"({consolidation.decided}/{len(consolidation.communes)} xã/phường đã có quyết định công nhận)",
        columns,
    )
    row = 8
    for number, commune in enumerate(consolidation.communes, start=1):
        sheet.write_number(row, 0, number, formats["integer"])
        sheet.write(row, 1, commune.round.unit.name, formats["text"])
        sheet.write(row, 2, _decision_text(commune.decision), formats["text"])
        for col, (kind, _) in enumerate(kinds, start=3):
            count = commune.count(kind)
            if count is None:
                sheet.write_blank(row, col, None, formats["integer"])
            else:
                sheet.write_number(row, col, count, formats["integer"])
        row += 1
    sheet.write(row, 0, "", formats["total_label"])
    sheet.write(row, 1, "Toàn tỉnh", formats["total_label"])
    sheet.write(row, 2, "", formats["total_label"])
    for col in range(3, len(columns)):
        letter = xlsxwriter.utility.xl_col_to_name(col)
        total = consolidation.totals[kinds[col - 3][0]]
        sheet.write_formula(row, col, f"=SUM({letter}9:{letter}{row})", formats["total"], total)
    print_on_a4_landscape(sheet, repeat_heads=False)


def _decision_text(decision) -> str:
    if decision is None:
        return "Chưa có quyết định"
    return f"{decision.number} ngày {decision.signed_on:%d/%m/%Y}"


def _list_sheet(
    book, formats, province_name: str, year: int, kind: str, label: str, snapshots: list[ListSnapshot]
) -> None:
    sheet = book.add_worksheet(SHEET_NAMES[kind])
    write_heading(
        sheet,
        formats,
        province_name,
        f"DANH SÁCH {label.upper()} NĂM {year} TOÀN TỈNH",
        f"(Tổng hợp từ danh sách chính thức của {len(snapshots)} xã/phường)",
        ROW_COLUMNS,
    )
    statuses = dict(ListRow._meta.get_field("status").choices)
    communes = {s.pk: s.unit.name for s in snapshots}
    rows = (
        ListRow.objects.filter(snapshot__in=snapshots)
        .order_by("snapshot__unit__name", "position")
        .values_list(
            "snapshot_id",
            "household_code",
            "head_name",
            "village_name",
            "address",
            "previous_status",
            "status",
        )
    )
    row = 8
    for number, (snapshot_id, code, head, village, address, previous, status) in enumerate(
        rows.iterator(chunk_size=5000), start=1
    ):
        sheet.write_number(row, 0, number, formats["integer"])
        for col, value in enumerate(
            (
                communes[snapshot_id],
                code,
                head,
                village,
                address,
                statuses.get(previous, ""),
                statuses.get(status, ""),
            ),
            start=1,
        ):
            sheet.write_string(row, col, value, formats["text"])
        row += 1
    print_on_a4_landscape(sheet)
