"""Administrative units of Vietnam, before and after the 1 July 2025 reform.

One table holds every level (province, district, commune, village) of both
geographies; `era` tells which one a unit belongs to. Old communes point to the
new communes that replaced them through `UnitSuccession`.
"""

from django.db import models

from giamngheo.core.text import fold

REFORM_DATE = "2025-07-01"


class Level(models.TextChoices):
    PROVINCE = "province", "Tỉnh/Thành phố"
    DISTRICT = "district", "Huyện/Quận"
    COMMUNE = "commune", "Xã/Phường"
    VILLAGE = "village", "Thôn/Tổ dân phố"


class Era(models.TextChoices):
    CURRENT = "2025", "Từ 01/7/2025"
    LEGACY = "legacy", "Trước 01/7/2025"


class AreaType(models.TextChoices):
    RURAL = "rural", "Nông thôn"
    URBAN = "urban", "Thành thị"


class AdminUnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(era=Era.CURRENT)

    def provinces(self):
        return self.filter(level=Level.PROVINCE)

    def communes(self):
        return self.filter(level=Level.COMMUNE)

    def search(self, query: str):
        return self.filter(search_name__contains=fold(query))


class AdminUnit(models.Model):
    code = models.CharField("mã", max_length=20)
    name = models.CharField("tên", max_length=150)
    short_name = models.CharField("tên ngắn", max_length=120)
    kind = models.CharField("loại", max_length=40, help_text="Xã, Phường, Đặc khu, Thị trấn, Huyện, Thôn ...")
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    era = models.CharField("thời kỳ", max_length=6, choices=Era.choices, default=Era.CURRENT)
    area_type = models.CharField("khu vực", max_length=5, choices=AreaType.choices, blank=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name="đơn vị cấp trên"
    )
    province = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="tỉnh"
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    latitude = models.FloatField("vĩ độ", null=True, blank=True)
    longitude = models.FloatField("kinh độ", null=True, blank=True)
    search_name = models.CharField(max_length=150, editable=False, db_index=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["era", "level", "code"], name="unique_unit_code_per_era_level"),
        ]
        indexes = [models.Index(fields=["era", "level", "province"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return self.era == Era.CURRENT

    def ancestors(self) -> list["AdminUnit"]:
        chain, unit = [], self.parent
        while unit is not None:
            chain.append(unit)
            unit = unit.parent
        return list(reversed(chain))


class UnitSuccession(models.Model):
    """An old unit's territory went (wholly or partly) into a new unit on `effective`:
    the 1 July 2025 reform commune by commune, and earlier rearrangements at any level
    (`areas/data/lineage.yaml`, or added by an administrator). See `areas.lineage`."""

    old_unit = models.ForeignKey(
        AdminUnit, models.CASCADE, related_name="successions", verbose_name="đơn vị cũ"
    )
    new_unit = models.ForeignKey(
        AdminUnit, models.CASCADE, related_name="predecessions", verbose_name="đơn vị mới"
    )
    is_default = models.BooleanField(
        "đơn vị kế thừa chính",
        default=True,
        help_text="Khi đơn vị cũ bị chia cho nhiều đơn vị mới, đơn vị nhận phần chính.",
    )
    effective = models.DateField("ngày hiệu lực", default=REFORM_DATE)
    basis = models.CharField("căn cứ", max_length=500, blank=True)

    class Meta:
        verbose_name = "kế thừa đơn vị"
        verbose_name_plural = "kế thừa đơn vị"
        constraints = [models.UniqueConstraint(fields=["old_unit", "new_unit"], name="unique_succession")]

    def __str__(self) -> str:
        return f"{self.old_unit} → {self.new_unit}"
