"""What each figure of reports 1 to 13 counts: one column = one condition on the report
frame (`official.frames`), counted (households), summed (people, children) or divided
(rates). The same condition opens the households behind a cell."""

from dataclasses import dataclass

import polars as pl

from giamngheo.reports.labels import indicator_label
from giamngheo.reports.official.layout import SUPPORT_GROUPS, SUPPORT_LABELS
from giamngheo.standards import engine

POOR, NEAR_POOR, AVERAGE, NOT_POOR = "poor", "near_poor", "average", "not_poor"
STATUS_NAMES = {POOR: "Hộ nghèo", NEAR_POOR: "Hộ cận nghèo"}
KINH = "Kinh"
CAUSES = {
    "cause_no_land": "Thiếu đất sản xuất",
    "cause_no_capital": "Thiếu vốn",
    "cause_no_labour": "Thiếu lao động",
    "cause_no_tools": "Thiếu công cụ, phương tiện sản xuất",
    "cause_no_know_how": "Thiếu kiến thức sản xuất",
    "cause_no_skills": "Thiếu kỹ năng lao động",
    "cause_illness": "Ốm đau, bệnh nặng, tai nạn",
    "cause_other": "Nguyên nhân khác",
}


@dataclass(frozen=True)
class Column:
    """A figure: `where` counted, or `total` summed over `where`, or `rate` = the share of
    two other columns of the same report (numerator key, denominator key)."""

    key: str
    label: str
    group: str = ""
    where: pl.Expr | None = None
    total: str = ""
    rate: tuple[str, str] | None = None
    hidden: bool = False  # a rate's numerator, stored but not shown

    def value(self) -> pl.Expr:
        if self.total:
            return pl.col(self.total).filter(self.where).sum()
        return self.where.sum()

    def households(self, columns: dict[str, "Column"]) -> pl.Expr:
        """Which households the figure counts (a rate: those of its numerator)."""
        if self.rate is not None:
            return columns[self.rate[0]].households(columns)
        if self.total:
            return self.where & (pl.col(self.total) > 0)
        return self.where


def _status(name: str) -> pl.Expr:
    return pl.col("status") == name


def _from(name: str) -> pl.Expr:
    return pl.col("status_from") == name


CLASSIFIED = pl.col("status") != ""
NOT_POOR_NOW = pl.col("status").is_in([AVERAGE, NOT_POOR])
NOT_POOR_BEFORE = pl.col("status_from").is_in([AVERAGE, NOT_POOR])


def _agricultural() -> list[Column]:
    group = "Hộ NLNDN có mức sống trung bình"
    average = _status(AVERAGE)
    return [
        Column("households", "Tổng số hộ", where=CLASSIFIED),
        Column("people", "Tổng số nhân khẩu", where=CLASSIFIED, total="people"),
        Column("average", "Số hộ", "Hộ có mức sống trung bình", where=average),
        Column("average_people", "Số nhân khẩu", "Hộ có mức sống trung bình", where=average, total="people"),
        Column("agricultural", "Số hộ", group, where=average & pl.col("agricultural")),
        Column("agricultural_people", "Số nhân khẩu", group, where=average & pl.col("agricultural"), total="people"),
        Column("agricultural_rate", "Tỷ lệ so với hộ có mức sống TB (%)", group, rate=("agricultural", "average")),
    ]  # fmt: skip


def _poor_movements() -> list[Column]:
    was, now = _from(POOR), _status(POOR)
    came = now & ~was
    before = pl.col("was_poor_before")
    down, up = "Giảm trong kỳ", "Tăng trong kỳ"
    return [
        Column("start", "Số hộ nghèo đầu kỳ", where=was),
        Column("down", "Tổng số giảm", down, where=was & ~now),
        Column("to_near_poor", "Thoát nghèo, thành hộ cận nghèo", down, where=was & _status(NEAR_POOR)),
        Column("escaped", "Thoát nghèo, vượt chuẩn cận nghèo", down, where=was & NOT_POOR_NOW),
        Column("left", "Giảm khác (chuyển đi, chết, không còn rà soát)", down, where=was & ~CLASSIFIED),
        Column("up", "Tổng số tăng", up, where=came),
        Column("new", "Hộ nghèo phát sinh", up, where=came & pl.col("status_from").is_in([NEAR_POOR, AVERAGE, NOT_POOR]) & ~before),
        Column("fell_back", "Hộ tái nghèo", up, where=came & before),
        Column("arrived", "Tăng khác (hộ mới, chuyển đến, năm trước chưa rà soát)", up, where=came & (pl.col("status_from") == "") & ~before),
        Column("end", "Số hộ nghèo cuối kỳ", where=now),
        Column("households", "Tổng số hộ cuối kỳ", where=CLASSIFIED),
        Column("end_rate", "Tỷ lệ hộ nghèo cuối kỳ (%)", rate=("end", "households")),
    ]  # fmt: skip


def _near_poor_movements() -> list[Column]:
    was, now = _from(NEAR_POOR), _status(NEAR_POOR)
    came = now & ~was
    down, up = "Giảm trong kỳ", "Tăng trong kỳ"
    return [
        Column("start", "Số hộ cận nghèo đầu kỳ", where=was),
        Column("down", "Tổng số giảm", down, where=was & ~now),
        Column("to_poor", "Chuyển thành hộ nghèo", down, where=was & _status(POOR)),
        Column("escaped", "Thoát cận nghèo", down, where=was & NOT_POOR_NOW),
        Column("left", "Giảm khác (chuyển đi, chết, không còn rà soát)", down, where=was & ~CLASSIFIED),
        Column("up", "Tổng số tăng", up, where=came),
        Column("from_poor", "Từ hộ nghèo chuyển sang", up, where=came & _from(POOR)),
        Column("new", "Hộ cận nghèo phát sinh", up, where=came & NOT_POOR_BEFORE),
        Column("arrived", "Tăng khác (hộ mới, chuyển đến, năm trước chưa rà soát)", up, where=came & (pl.col("status_from") == "")),
        Column("end", "Số hộ cận nghèo cuối kỳ", where=now),
        Column("households", "Tổng số hộ cuối kỳ", where=CLASSIFIED),
        Column("end_rate", "Tỷ lệ hộ cận nghèo cuối kỳ (%)", rate=("end", "households")),
    ]  # fmt: skip


def _deprivations(status: str, standard_id: str, rates: bool) -> list[Column]:
    """Report 4/6 (counts) or 5/7 (rates: the counts are kept, hidden, as numerators)."""
    now = _status(status)
    group = "Tỷ lệ hộ thiếu hụt (%)" if rates else "Số hộ thiếu hụt"
    columns = [Column("households", f"Tổng số {STATUS_NAMES[status].lower()}", where=now)]
    for indicator in engine.load_standard(standard_id).indicators:
        code = indicator.code
        label = indicator_label(code, standard_id)
        where = now & pl.col(f"d_{code}")
        columns.append(Column(f"d_{code}", label, group, where=where, hidden=rates))
        if rates:
            columns.append(Column(f"rate_{code}", label, group, rate=(f"d_{code}", "households")))
    return columns


def _groups_and_support() -> list[Column]:
    columns = []
    for status, name in STATUS_NAMES.items():
        now = _status(status)
        columns += [
            Column(f"{status}", "Tổng số", name, where=now),
            Column(f"{status}_no_labour", "Không có khả năng lao động", name, where=now & pl.col("no_labour_capacity")),
            Column(f"{status}_meritorious", "Có người có công", name, where=now & pl.col("meritorious")),
            Column(f"{status}_indigenous", "Dân tộc thiểu số tại chỗ", name, where=now & pl.col("indigenous")),
        ]  # fmt: skip
        columns += [
            Column(f"{status}_support_{group}", SUPPORT_LABELS[group], f"{name} đã được hỗ trợ", where=now & pl.col(f"support_{group}"))
            for group in SUPPORT_GROUPS
        ]  # fmt: skip
    return columns


def ethnicities(frame: pl.DataFrame) -> list[str]:
    """Minority groups heading the poor and near-poor households, largest first."""
    heads = frame.filter(pl.col("status").is_in([POOR, NEAR_POOR]) & pl.col("head_ethnicity").is_not_null())
    counts = heads.filter(pl.col("head_ethnicity") != KINH).group_by("head_ethnicity").len()
    return counts.sort(["len", "head_ethnicity"], descending=[True, False])["head_ethnicity"].to_list()


def _by_ethnicity(groups: list[str]) -> list[Column]:
    columns = []
    ethnicity = pl.col("head_ethnicity")
    for status, name in STATUS_NAMES.items():
        now = _status(status)
        columns += [
            Column(f"{status}", "Tổng số", name, where=now),
            Column(f"{status}_kinh", "Dân tộc Kinh", name, where=now & (ethnicity == KINH)),
            Column(f"{status}_minority", "Dân tộc thiểu số", name, where=now & ethnicity.is_not_null() & (ethnicity != KINH)),
        ]  # fmt: skip
        columns += [
            Column(
                f"{status}_eth_{group}", group, f"{name} dân tộc thiểu số", where=now & (ethnicity == group)
            )
            for group in groups
        ]
        columns.append(
            Column(f"{status}_unknown", "Chưa rõ dân tộc chủ hộ", name, where=now & ethnicity.is_null())
        )
    return columns


def _by_cause() -> list[Column]:
    columns = []
    any_cause = pl.any_horizontal(list(CAUSES))
    for status, name in STATUS_NAMES.items():
        now = _status(status)
        columns += [
            Column(f"{status}", "Tổng số", name, where=now),
            Column(f"{status}_with_cause", "Có ghi nguyên nhân", name, where=now & any_cause),
            Column(f"{status}_no_cause", "Chưa ghi nguyên nhân", name, where=now & ~any_cause),
        ]
        columns += [
            Column(f"{status}_{cause}", label, f"{name} theo nguyên nhân", where=now & pl.col(cause))
            for cause, label in CAUSES.items()
        ]
    return columns


def _children() -> list[Column]:
    columns = []
    for status, name in STATUS_NAMES.items():
        now = _status(status)
        group = f"Trẻ em trong {name.lower()}"
        columns += [
            Column(f"{status}_children", "Số trẻ em", group, where=now, total="children"),
            Column(f"{status}_no_insurance", "Không có BHYT", group, where=now, total="child_no_insurance"),
            Column(f"{status}_malnourished", "Suy dinh dưỡng", group, where=now, total="child_malnourished"),
            Column(
                f"{status}_out_of_school", "Không được đi học", group, where=now, total="child_out_of_school"
            ),
        ]
    return columns


def _results(status: str) -> list[Column]:
    now = _status(status)
    name = STATUS_NAMES[status]
    return [
        Column("households", "Tổng số hộ", where=CLASSIFIED),
        Column("people", "Tổng số nhân khẩu", where=CLASSIFIED, total="people"),
        Column("count", "Số hộ", name, where=now),
        Column("rate", "Tỷ lệ (%)", name, rate=("count", "households")),
        Column("count_people", "Số nhân khẩu", name, where=now, total="people"),
        Column("people_rate", "Tỷ lệ nhân khẩu (%)", name, rate=("count_people", "people")),
        Column("minority", "Dân tộc thiểu số", "Trong đó", where=now & pl.col("ethnic_minority")),
        Column("meritorious", "Có người có công", "Trong đó", where=now & pl.col("meritorious")),
        Column("no_labour", "Không có khả năng lao động", "Trong đó", where=now & pl.col("no_labour_capacity")),
        Column("wish", "Có mong muốn thoát nghèo", "Trong đó", where=now & pl.col("wishes_to_escape")),
    ]  # fmt: skip


def report_columns(number: int, standard_id: str, groups: list[str]) -> list[Column]:
    """The columns of report `number` (1-13); `groups` are report 9's ethnic groups."""
    builders = {
        1: _agricultural,
        2: _poor_movements,
        3: _near_poor_movements,
        4: lambda: _deprivations(POOR, standard_id, rates=False),
        5: lambda: _deprivations(POOR, standard_id, rates=True),
        6: lambda: _deprivations(NEAR_POOR, standard_id, rates=False),
        7: lambda: _deprivations(NEAR_POOR, standard_id, rates=True),
        8: _groups_and_support,
        9: lambda: _by_ethnicity(groups),
        10: _by_cause,
        11: _children,
        12: lambda: _results(POOR),
        13: lambda: _results(NEAR_POOR),
    }
    return builders[number]()
