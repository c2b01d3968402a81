"""Households, their members and the surveys collected about them.

Every change is kept by django-simple-history (who, when, before/after).
Writes go through `giamngheo.households.actions`, never straight from views.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from simple_history.models import HistoricalRecords

from giamngheo.areas.scope import AreaLookups
from giamngheo.core.text import fold
from giamngheo.households import rules
from giamngheo.standards.engine import vocabulary as v


def _choices(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return list(mapping.items())


class Status(models.TextChoices):
    POOR = "poor", "Hộ nghèo"
    NEAR_POOR = "near_poor", "Hộ cận nghèo"
    AVERAGE = "average", "Hộ có mức sống trung bình"
    NOT_POOR = "not_poor", "Hộ không nghèo"


# The yes/no facts about a household that the registry records beside its members; forms,
# import, filters and the generator all take the list from here.
HOUSEHOLD_FLAGS = (
    "ethnic_minority",
    "meritorious",
    "no_labour_capacity",
    "registered_to_escape",
    "indigenous",
    "agricultural",
)


class Household(models.Model):
    AREA_LOOKUPS = AreaLookups(province="province", commune="commune", village="village")

    code = models.CharField("mã hộ", max_length=40, unique=True)
    province = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="tỉnh")
    # No index of its own: `household_commune_list` (commune, is_active, code) serves every
    # lookup by commune, and a run rewriting statuses updates one index fewer per row.
    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="xã/phường", db_index=False
    )
    village = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", null=True, blank=True, verbose_name="thôn/tổ"
    )
    head_name = models.CharField("chủ hộ", max_length=120)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    ethnic_minority = models.BooleanField("dân tộc thiểu số", default=False)
    meritorious = models.BooleanField("có người có công", default=False)
    no_labour_capacity = models.BooleanField("không có khả năng lao động", default=False)
    registered_to_escape = models.BooleanField("đăng ký thoát nghèo", default=False)
    # Defaults in the database too: bulk writers (the generator, the import) list their columns.
    indigenous = models.BooleanField("dân tộc tại chỗ", default=False, db_default=False)
    # The household's livelihood; with an average living standard from a review it is on the
    # QĐ 24/2021 list (reviews.agricultural), so the flag itself says nothing of the standard.
    agricultural = models.BooleanField(
        "làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp",
        default=False,
        db_default=False,
    )
    is_active = models.BooleanField("đang hoạt động", default=True)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = "hộ gia đình"
        verbose_name_plural = "hộ gia đình"
        indexes = [
            # A commune's list in code order and its count read this index alone (a commune's
            # rows are scattered over the table: 23,000 households sit in 18,000 pages).
            models.Index(fields=["commune", "is_active", "code"], name="household_commune_list"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.head_name}"

    def clean(self) -> None:
        rules.check_texts({name: getattr(self, name) for name in ("code", "head_name", "address")})

    @property
    def current_status(self) -> str:
        """Its latest official classification ('' before any); lists read it through
        `select_related("current")`."""
        try:
            return self.current.status
        except CurrentStatus.DoesNotExist:
            return ""

    def get_current_status_display(self) -> str:
        return Status(self.current_status).label if self.current_status else ""

    def refresh_search_text(self) -> None:
        names = [self.head_name, self.address, self.code]
        if self.pk:
            for name, cccd in self.members.values_list("full_name", "cccd"):
                names += [name, cccd or ""]
        self.search_text = fold(" ".join(names))


class CurrentStatus(models.Model):
    """A household's latest official classification: the run that classified it
    (`standards.runs`), its submitted survey, or the review decision that recognised it.
    No row: not yet classified.

    Apart from the wide household row: a run that gives a province's households a status
    writes a million narrow rows instead of rewriting a million wide ones, and leaves the
    households' indexes alone. Its key is not declared in the database, as the run's results'
    are not (`standards.Classification`): the declared key's trigger looks each household up
    and locks it (a COPY of a million statuses: 7.5 s with it, 1.4 s without). Django still
    deletes a household's status with the household."""

    AREA_LOOKUPS = AreaLookups(
        province="household__province", commune="household__commune", village="household__village"
    )

    household = models.OneToOneField(
        Household,
        models.CASCADE,
        primary_key=True,
        related_name="current",
        verbose_name="hộ",
        db_constraint=False,
    )
    status = models.CharField("phân loại hiện tại", max_length=10, choices=Status.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "phân loại hiện tại của hộ"
        verbose_name_plural = "phân loại hiện tại của hộ"

    def __str__(self) -> str:
        return f"{self.household.code}: {self.get_status_display()}"


class Relation(models.TextChoices):
    HEAD = "head", "Chủ hộ"
    SPOUSE = "spouse", "Vợ/chồng"
    CHILD = "child", "Con"
    PARENT = "parent", "Bố/mẹ"
    GRANDCHILD = "grandchild", "Cháu"
    SIBLING = "sibling", "Anh/chị/em"
    OTHER = "other", "Khác"


class MemberStatus(models.TextChoices):
    PRESENT = "present", "Đang sinh sống"
    DECEASED = "deceased", "Đã chết"
    MOVED_AWAY = "moved_away", "Chuyển đi"
    MERGED = "merged", "Bản ghi trùng, đã gộp"


class Member(models.Model):
    AREA_LOOKUPS = AreaLookups(
        province="household__province", commune="household__commune", village="household__village"
    )

    household = models.ForeignKey(Household, models.PROTECT, related_name="members", verbose_name="hộ")
    full_name = models.CharField("họ và tên", max_length=120)
    birth_date = models.DateField("ngày sinh")
    sex = models.CharField("giới tính", max_length=6, choices=_choices(v.SEXES))
    ethnicity = models.CharField("dân tộc", max_length=40, default="Kinh")
    relation = models.CharField("quan hệ với chủ hộ", max_length=12, choices=Relation.choices)
    # Looked up whole, never by prefix: a plain index (db_index would add a second one for LIKE).
    cccd = models.CharField("số CCCD", max_length=12, blank=True)
    status = models.CharField(
        "tình trạng", max_length=10, choices=MemberStatus.choices, default=MemberStatus.PRESENT
    )
    search_name = models.CharField(max_length=120, editable=False, blank=True)
    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = "thành viên hộ"
        verbose_name_plural = "thành viên hộ"
        # Byte order (PostgreSQL's pattern operators, which also serve `=`): cheaper to build and
        # keep than the locale's order, which no query of a CCCD needs.
        indexes = [models.Index(fields=["cccd"], name="member_cccd", opclasses=["varchar_pattern_ops"])]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        values = {
            name: getattr(self, name) for name in ("full_name", "ethnicity", "birth_date", "cccd", "sex")
        }
        errors = rules.member_errors(values)
        if errors:
            raise ValidationError(errors)


CAUSE_FIELDS = (
    "cause_no_land", "cause_no_capital", "cause_no_labour", "cause_no_tools",
    "cause_no_know_how", "cause_no_skills", "cause_illness", "cause_other",
)  # fmt: skip
POVERTY_FACT_FIELDS = (*CAUSE_FIELDS, "wishes_to_escape")


class SurveyState(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Đã nộp"


class Survey(models.Model):
    """The answers collected about one household on one date. Immutable once submitted:
    a correction is a new version pointing to the one it corrects."""

    AREA_LOOKUPS = AreaLookups(
        province="household__province", commune="household__commune", village="household__village"
    )

    # Indexed by (household, survey_date) below, which serves the key's lookups too.
    household = models.ForeignKey(
        Household, models.PROTECT, related_name="surveys", verbose_name="hộ", db_index=False
    )
    survey_date = models.DateField("ngày khảo sát")
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    corrects = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="đính chính cho",
    )
    correction_reason = models.TextField("lý do đính chính", blank=True)
    state = models.CharField(
        "trạng thái", max_length=10, choices=SurveyState.choices, default=SurveyState.DRAFT
    )
    submitted_at = models.DateTimeField("ngày nộp", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nộp",
    )

    area = models.CharField("khu vực", max_length=5, choices=[("rural", "Nông thôn"), ("urban", "Thành thị")])
    members = models.PositiveSmallIntegerField("số nhân khẩu")
    income_per_capita_month = models.BigIntegerField(
        "thu nhập bình quân (đồng/người/tháng)", null=True, blank=True
    )
    score = models.FloatField("điểm phiếu B1", null=True, blank=True)
    floor_area_m2 = models.FloatField("diện tích ở (m²)", null=True, blank=True)
    has_dwelling = models.BooleanField("có nhà ở", default=True)
    durable_walls = models.BooleanField("tường bền chắc", default=True)
    durable_columns = models.BooleanField("cột bền chắc", default=True)
    durable_roof = models.BooleanField("mái bền chắc", default=True)
    water_source = models.CharField("nguồn nước", max_length=20, choices=_choices(v.WATER_SOURCES))
    latrine = models.CharField("nhà tiêu", max_length=20, choices=_choices(v.LATRINES))
    uses_internet = models.BooleanField("sử dụng internet", default=False)
    has_phone_subscription = models.BooleanField("thuê bao điện thoại", default=False)
    has_tv = models.BooleanField("ti vi", default=False)
    has_radio = models.BooleanField("radio", default=False)
    has_computer = models.BooleanField("máy tính", default=False)
    has_smartphone = models.BooleanField("điện thoại thông minh", default=False)
    has_tablet = models.BooleanField("máy tính bảng", default=False)
    hears_loudspeaker = models.BooleanField("nghe được loa truyền thanh", default=True)
    waste_treated = models.BooleanField("xử lý rác thải hợp vệ sinh", default=True)
    # Form B1 answers the scorecard reads to estimate income (its other items read the answers
    # above and the members'); 0 / no for surveys taken before they were asked.
    has_fridge = models.BooleanField("tủ lạnh", default=False, db_default=False)
    has_air_conditioner = models.BooleanField("điều hòa nhiệt độ", default=False, db_default=False)
    has_washing_machine = models.BooleanField("máy giặt", default=False, db_default=False)
    has_car = models.BooleanField("ô tô", default=False, db_default=False)
    motorbikes = models.PositiveSmallIntegerField("số xe máy", default=0, db_default=0)
    electricity_kwh_month = models.PositiveIntegerField("điện tiêu thụ (kWh/tháng)", default=0, db_default=0)
    farm_land_m2 = models.FloatField("đất sản xuất (m²)", default=0.0, db_default=0.0)
    large_livestock = models.PositiveSmallIntegerField("số trâu, bò, ngựa", default=0, db_default=0)
    # Asked of poor and near-poor households only (several causes may be ticked).
    cause_no_land = models.BooleanField("thiếu đất sản xuất", default=False, db_default=False)
    cause_no_capital = models.BooleanField("thiếu vốn sản xuất, kinh doanh", default=False, db_default=False)
    cause_no_labour = models.BooleanField("thiếu lao động", default=False, db_default=False)
    cause_no_tools = models.BooleanField(
        "thiếu công cụ, phương tiện sản xuất", default=False, db_default=False
    )
    cause_no_know_how = models.BooleanField(
        "thiếu kiến thức về sản xuất, kinh doanh", default=False, db_default=False
    )
    cause_no_skills = models.BooleanField("thiếu kỹ năng lao động, sản xuất", default=False, db_default=False)
    cause_illness = models.BooleanField(
        "có người ốm đau, bệnh nặng, tai nạn", default=False, db_default=False
    )
    cause_other = models.BooleanField("nguyên nhân khác", default=False, db_default=False)
    wishes_to_escape = models.BooleanField("hộ có mong muốn thoát nghèo", default=False, db_default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "phiếu khảo sát"
        verbose_name_plural = "phiếu khảo sát"
        indexes = [models.Index(fields=["household", "survey_date"])]

    def __str__(self) -> str:
        return f"Phiếu {self.household.code} ngày {self.survey_date:%d/%m/%Y} (v{self.version})"

    def results(self):
        """This survey's classifications, looked up with its household: results are indexed by
        (household, survey), not by survey alone."""
        return self.classifications.filter(household_id=self.household_id)

    @property
    def is_submitted(self) -> bool:
        return self.state == SurveyState.SUBMITTED

    @property
    def causes(self) -> list[str]:
        """Labels of the causes of poverty ticked in this survey."""
        return [
            capfirst(self._meta.get_field(name).verbose_name) for name in CAUSE_FIELDS if getattr(self, name)
        ]

    def clean(self) -> None:
        errors = {
            "income_per_capita_month": rules.income_errors(self.income_per_capita_month),
            "floor_area_m2": rules.floor_area_errors(self.floor_area_m2),
        }
        errors = {name: found for name, found in errors.items() if found}
        if errors:
            raise ValidationError(errors)


class SurveyMember(models.Model):
    """A member's answers in one survey."""

    # unique_member_per_survey (survey, member) serves the key's lookups: no index of its own.
    survey = models.ForeignKey(
        Survey, models.CASCADE, related_name="member_answers", verbose_name="phiếu", db_index=False
    )
    member = models.ForeignKey(
        Member, models.PROTECT, related_name="survey_answers", verbose_name="thành viên"
    )
    age = models.PositiveSmallIntegerField("tuổi")
    sex = models.CharField("giới tính", max_length=6, choices=_choices(v.SEXES))
    has_health_insurance = models.BooleanField("có BHYT", default=True)
    schooling = models.CharField(
        "đi học", max_length=14, choices=_choices(v.SCHOOLING), default="not_attending"
    )
    qualification = models.CharField(
        "trình độ", max_length=16, choices=_choices(v.QUALIFICATIONS), default="none"
    )
    employment = models.CharField(
        "việc làm", max_length=16, choices=_choices(v.EMPLOYMENT), default="not_working"
    )
    severe_disability = models.BooleanField("khuyết tật nặng", default=False)
    malnourished = models.BooleanField("suy dinh dưỡng", default=False)
    ill_untreated = models.BooleanField("ốm không khám chữa", default=False)
    # Read by the 2026-2030 dependants indicator (NĐ 351/2025) and the adult-education exemption.
    social_allowance = models.BooleanField(
        "hưởng trợ cấp xã hội hằng tháng",
        default=False,
        db_default=False,
        help_text="Người cao tuổi hoặc người khuyết tật đang hưởng trợ cấp xã hội hằng tháng "
        "theo Nghị định 20/2021/NĐ-CP.",
    )
    employer_certified_training = models.BooleanField(
        "được người sử dụng lao động xác nhận đã đào tạo nghề tại chỗ",
        default=False,
        db_default=False,
        help_text="Hỏi người từ 16 đến 30 tuổi chưa tốt nghiệp trung học cơ sở: người sử dụng lao động "
        "xác nhận người này đã được đào tạo nghề tại chỗ.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "trả lời của thành viên"
        verbose_name_plural = "trả lời của thành viên"
        constraints = [models.UniqueConstraint(fields=["survey", "member"], name="unique_member_per_survey")]

    def __str__(self) -> str:
        return f"{self.member} ({self.survey_id})"


from giamngheo.households.duplicates.models import DuplicatePair  # noqa: E402,F401
from giamngheo.households.imports.models import ImportBatch  # noqa: E402,F401
