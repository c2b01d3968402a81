"""Low-income workers (người lao động có thu nhập thấp, NĐ 30/2025/NĐ-CP amending NĐ 07/2021):
working members of households that are neither poor nor near-poor, whose household income per
person is at or below the line of their area. Identified per person within a round, listed and
exported; they are eligible for vocational training.
"""

import io
from dataclasses import dataclass

from django.db.models import Q

from giamngheo.core.workbooks import new_workbook
from giamngheo.households.models import Status, Survey, SurveyMember, SurveyState
from giamngheo.reviews.exports import official_formats, print_on_a4_landscape, write_heading
from giamngheo.reviews.models import Round, RoundHousehold
from giamngheo.standards import engine
from giamngheo.standards.engine.explain import vnd

LINE = "low_income_worker"
# The standard whose file carries the NĐ 30/2025 line when the round's own standard has none.
LINE_SOURCE = "2022-2025"
WORKING = ("contract", "no_contract", "self_employed")
LISTED = (Status.POOR, Status.NEAR_POOR)
COLUMNS = [
    ("STT", 6),
    ("Họ và tên", 28),
    ("Năm sinh", 10),
    ("Chủ hộ", 26),
    ("Thôn/tổ", 20),
    ("Xã/phường", 20),
    ("Việc làm", 26),
    ("Ghi chú", 14),
]


@dataclass(frozen=True)
class Worker:
    full_name: str
    birth_year: int
    head_name: str
    village: str
    commune: str
    employment: str


def income_line() -> engine.IncomeLine:
    """The NĐ 30/2025 line (rural / urban), with its citation, from the standard file."""
    return engine.load_standard(LINE_SOURCE).income_lines[LINE]


def low_income_workers(round_: Round) -> list[Worker]:
    """The round's low-income workers (a province round: every commune's), from each household's
    latest submitted survey of the round year."""
    line = income_line()
    entries = RoundHousehold.objects.filter(Q(round=round_) | Q(round__parent=round_))
    entries = entries.exclude(final_status__in=LISTED).exclude(final_status="")
    household_ids = list(entries.values_list("household_id", flat=True))
    latest: dict[int, int] = {}
    surveys = (
        Survey.objects.filter(
            household_id__in=household_ids, state=SurveyState.SUBMITTED, survey_date__year=round_.year
        )
        .filter(
            Q(area="rural", income_per_capita_month__lte=line.rural)
            | Q(area="urban", income_per_capita_month__lte=line.urban)
        )
        .order_by("household_id", "survey_date", "version")
        .values_list("household_id", "pk")
    )
    for household_id, survey_id in surveys:
        latest[household_id] = survey_id  # ordered: the last one is the latest
    rows = (
        SurveyMember.objects.filter(survey_id__in=list(latest.values()), employment__in=WORKING)
        .select_related("member", "survey__household__village", "survey__household__commune")
        .order_by("survey__household__commune__code", "survey__household__code", "member__full_name")
    )
    return [
        Worker(
            full_name=row.member.full_name,
            birth_year=row.member.birth_date.year,
            head_name=row.survey.household.head_name,
            village=row.survey.household.village.name if row.survey.household.village else "",
            commune=row.survey.household.commune.name,
            employment=row.get_employment_display(),
        )
        for row in rows
    ]


def workers_workbook(round_: Round, workers: list[Worker]) -> bytes:
    """The list as an official workbook, with the line and its citation under the title."""
    line = income_line()
    output = io.BytesIO()
    book = new_workbook(output, {"in_memory": True})
    formats = official_formats(book)
    sheet = book.add_worksheet("Người lao động thu nhập thấp")
    subtitle = (
        f"(Thành viên có việc làm của hộ không nghèo, không cận nghèo có thu nhập bình quân từ "
        f"{vnd(line.rural)} đồng (nông thôn) / {vnd(line.urban)} đồng (đô thị) trở xuống; {line.reference})"
    )
    title = f"DANH SÁCH NGƯỜI LAO ĐỘNG CÓ THU NHẬP THẤP NĂM {round_.year}"
    write_heading(sheet, formats, round_.unit.name, title, subtitle, COLUMNS)
    for index, worker in enumerate(workers, start=1):
        row = 7 + index
        values = [index, worker.full_name, worker.birth_year, worker.head_name, worker.village]
        values += [worker.commune, worker.employment, ""]
        for col, value in enumerate(values):
            sheet.write(row, col, value, formats["integer"] if col in (0, 2) else formats["text"])
    print_on_a4_landscape(sheet)
    book.close()
    return output.getvalue()
