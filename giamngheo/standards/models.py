"""Classifications: the result of applying a standard to a survey. Append-only.

A household's current status is its latest official classification
(`Household.current_status` is kept equal to it by `standards.runs`).
Comparison runs classify the same surveys under two standards without
touching official results; their transition counts are kept per commune.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from simple_history.models import HistoricalRecords

from giamngheo.areas.scope import AreaLookups
from giamngheo.core.indexes import BrinOnPostgres
from giamngheo.core.recovery import RecoverableJob
from giamngheo.households.models import Status
from giamngheo.standards.engine.explain import render_reason

# The block-range index a run's results follow (`runs` summarizes its new ranges after each run).
RUN_AREA_INDEX = "classification_run_area"


class RunKind(models.TextChoices):
    OFFICIAL = "official", "Chính thức"
    COMPARISON = "comparison", "So sánh hai chuẩn"


class RunState(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang chạy"
    DONE = "done", "Hoàn thành"
    FAILED = "failed", "Lỗi"


class ClassificationRun(RecoverableJob):
    """Classifying every latest survey of a year in a province or a commune. It beats with
    every batch (`heartbeat_at`); a run silent too long lost its worker (`is_interrupted`)."""

    AREA_LOOKUPS = AreaLookups(province="province", commune="commune")
    task_path = "giamngheo.standards.tasks.run_classification"

    kind = models.CharField("loại", max_length=10, choices=RunKind.choices, default=RunKind.OFFICIAL)
    province = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="tỉnh")
    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="xã/phường"
    )
    year = models.PositiveSmallIntegerField("năm khảo sát")
    standard_id = models.CharField(
        "chuẩn áp dụng", max_length=40, blank=True, help_text="Để trống: chuẩn có hiệu lực vào ngày khảo sát."
    )
    second_standard_id = models.CharField("chuẩn so sánh", max_length=40, blank=True)
    engine_version = models.CharField("phiên bản bộ máy", max_length=20, blank=True)
    state = models.CharField("trạng thái", max_length=8, choices=RunState.choices, default=RunState.QUEUED)
    total_communes = models.PositiveIntegerField("số xã", default=0)
    done_communes = models.PositiveIntegerField("số xã đã xong", default=0)
    households = models.PositiveIntegerField("số hộ đã phân loại", default=0)
    error = models.TextField("lỗi", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người chạy",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    started_at = models.DateTimeField("bắt đầu", null=True, blank=True)
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)

    class Meta:
        verbose_name = "lượt phân loại"
        verbose_name_plural = "lượt phân loại"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        unit = self.commune or self.province
        return f"{self.get_kind_display()} {unit} năm {self.year}"

    @property
    def progress_percent(self) -> int:
        if not self.total_communes:
            return 100 if self.state == RunState.DONE else 0
        return round(100 * self.done_communes / self.total_communes)

    @property
    def is_finished(self) -> bool:
        return self.state in (RunState.DONE, RunState.FAILED)


class ReasonTemplateQuerySet(models.QuerySet):
    def ids_for(self, texts) -> dict[str, int]:
        """The id of each template text, storing those not stored yet."""
        wanted = set(texts)
        known = dict(self.filter(text__in=wanted).values_list("text", "pk"))
        missing = wanted - known.keys()
        if missing:
            self.bulk_create([ReasonTemplate(text=text) for text in missing], ignore_conflicts=True)
            known |= dict(self.filter(text__in=missing).values_list("text", "pk"))
        return known


class ReasonTemplate(models.Model):
    """A reason as the engine wrote it, with the household's own figures left as `{measure}`
    and `{count}` (`engine.explain.reason_template`). A standard yields a few dozen of them,
    so a run keeps each text once instead of a sentence per household."""

    text = models.TextField("mẫu lý do", unique=True)

    objects = ReasonTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = "mẫu lý do phân loại"
        verbose_name_plural = "mẫu lý do phân loại"

    def __str__(self) -> str:
        return self.text


class Classification(models.Model):
    """One result of the engine for one survey, append-only.

    Rows are written only set-based, by runs (`standards.runs`) and survey submission,
    from keys read in the same transaction. The foreign keys are therefore not declared
    in the database (`db_constraint=False`): each declared one costs a trigger lookup per
    row, six per classification, which was half the time of classifying a province of
    a million households from PostgreSQL. Django still refuses to delete a survey,
    household, unit, run or user a classification points to (`PROTECT`).

    A run appends a million rows at a time, so every index is paid per row. Two serve all
    reads: (household, survey) for a household's or a survey's results, and a block-range
    index over (run, province, commune), which a run's rows follow in the order they are
    written (`runs._store` sorts them by commune). Six B-trees cost 15.6 s per million rows
    on the benchmark machine, bare rows 3.9 s, these two 8.3-9.5 s.
    """

    AREA_LOOKUPS = AreaLookups(province="province", commune="commune", village="household__village")

    survey = models.ForeignKey(
        "households.Survey",
        models.PROTECT,
        related_name="classifications",
        verbose_name="phiếu",
        db_constraint=False,
        db_index=False,  # (household, survey) serves: a survey's household is known where it is read
    )
    household = models.ForeignKey(
        "households.Household",
        models.PROTECT,
        related_name="classifications",
        verbose_name="hộ",
        db_constraint=False,
        db_index=False,  # (household, survey) serves
    )
    province = models.ForeignKey(
        "areas.AdminUnit",
        models.PROTECT,
        related_name="+",
        verbose_name="tỉnh",
        db_constraint=False,
        db_index=False,  # the block-range index serves
    )
    commune = models.ForeignKey(
        "areas.AdminUnit",
        models.PROTECT,
        related_name="+",
        verbose_name="xã/phường",
        db_constraint=False,
        db_index=False,  # the block-range index serves
    )
    run = models.ForeignKey(
        ClassificationRun,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
        verbose_name="lượt",
        db_constraint=False,
        db_index=False,  # the block-range index serves
    )
    official = models.BooleanField("chính thức", default=True)
    standard_id = models.CharField("chuẩn", max_length=40)
    engine_version = models.CharField("phiên bản bộ máy", max_length=20)
    status = models.CharField("phân loại", max_length=10, choices=Status.choices)
    income_line = models.BigIntegerField("chuẩn thu nhập áp dụng")
    deprivation_count = models.PositiveSmallIntegerField("số chỉ số thiếu hụt")
    deprived = models.CharField("các chỉ số thiếu hụt", max_length=255, blank=True)
    # The reason is its template filled in with the household's income (or score) and
    # deprivation count; rows stored before templates existed keep their whole text.
    reason_template = models.ForeignKey(
        ReasonTemplate,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="mẫu lý do",
        db_constraint=False,
        db_index=False,
    )
    income = models.BigIntegerField("thu nhập bình quân (đ/người/tháng)", null=True, blank=True)
    score = models.FloatField("điểm phiếu B1", null=True, blank=True)
    # Set by the database when a run leaves them out: parsing the same text and time on each of
    # a million rows was a fifth of storing them.
    reason_text = models.TextField("lý do (toàn văn)", blank=True, db_column="reason", db_default="")
    created_at = models.DateTimeField("thời điểm", db_default=Now())
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người chạy",
        db_constraint=False,
        db_index=False,  # every row of a run has the same; the run records who ran it
    )

    class Meta:
        verbose_name = "kết quả phân loại"
        verbose_name_plural = "kết quả phân loại"
        indexes = [
            models.Index(fields=["household", "survey"], name="classification_household"),
            BrinOnPostgres(fields=["run", "province", "commune"], name=RUN_AREA_INDEX),
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.get_status_display()} ({self.standard_id})"

    @property
    def reason(self) -> str:
        if self.reason_template_id is None:
            return self.reason_text
        return render_reason(self.reason_template.text, self.income, self.score, self.deprivation_count)

    @property
    def deprived_codes(self) -> list[str]:
        return [code for code in self.deprived.split(";") if code]


class Transition(models.Model):
    """Households per commune whose status went from `status_from` under the run's
    standard to `status_to` under its second standard (comparison runs)."""

    run = models.ForeignKey(
        ClassificationRun, models.CASCADE, related_name="transitions", verbose_name="lượt"
    )
    commune = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="xã/phường")
    status_from = models.CharField("theo chuẩn thứ nhất", max_length=10, choices=Status.choices)
    status_to = models.CharField("theo chuẩn thứ hai", max_length=10, choices=Status.choices)
    households = models.PositiveIntegerField("số hộ")

    class Meta:
        verbose_name = "chuyển đổi phân loại"
        verbose_name_plural = "chuyển đổi phân loại"
        constraints = [
            models.UniqueConstraint(
                fields=["run", "commune", "status_from", "status_to"], name="unique_transition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune_id}: {self.status_from} → {self.status_to} ({self.households})"


class ScorecardVersion(models.Model):
    """One version of a standard's B1 tables (base scores, items and points, thresholds) loaded
    by an administrator from a workbook, with its legal basis. The latest load is the active one
    (the engine reads it instead of the file's placeholder); earlier ones are kept with the day
    they were replaced."""

    AREA_LOOKUPS = AreaLookups()  # national tables: no area of their own

    standard_id = models.CharField("chuẩn nghèo", max_length=40)
    version = models.CharField("phiên bản", max_length=80)
    reference = models.TextField("căn cứ pháp lý")
    legal_date = models.DateField("ngày ban hành văn bản", null=True, blank=True)
    data = models.JSONField("bảng điểm")
    source_name = models.CharField("tệp nạp", max_length=255, blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nạp",
    )
    loaded_at = models.DateTimeField("ngày nạp", auto_now_add=True)
    active = models.BooleanField("đang dùng", default=True)
    replaced_at = models.DateTimeField("ngày thay thế", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "bảng điểm phiếu B1"
        verbose_name_plural = "bảng điểm phiếu B1"
        ordering = ["standard_id", "-loaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["standard_id", "version"], name="unique_scorecard_version"),
            models.UniqueConstraint(
                fields=["standard_id"], condition=models.Q(active=True), name="one_active_scorecard_version"
            ),
        ]

    def __str__(self) -> str:
        return f"Bảng điểm B1 chuẩn {self.standard_id}, phiên bản {self.version}"
