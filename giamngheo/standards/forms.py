import datetime as dt

from django import forms

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import unit_in_scope, workable_units
from giamngheo.core.collation import sort_key
from giamngheo.core.sheets import SheetError, check_upload
from giamngheo.standards import engine


def _standard_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + [(s.id, f"{s.id} — {s.name}") for s in engine.available_standards()]


class RunForm(forms.Form):
    unit = forms.ModelChoiceField(label="Địa bàn", queryset=AdminUnit.objects.none())
    year = forms.IntegerField(label="Năm khảo sát", min_value=2011, max_value=2100)
    standard_id = forms.ChoiceField(label="Chuẩn áp dụng", required=False)
    second_standard_id = forms.ChoiceField(label="So sánh với chuẩn", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = AdminUnit.objects.filter(era=Era.CURRENT, level__in=[Level.PROVINCE, Level.COMMUNE])
        allowed = workable_units(units, user)
        self.fields["unit"].queryset = AdminUnit.objects.filter(pk__in=[u.pk for u in allowed])
        ordered = sorted(
            allowed,
            key=lambda u: (u.province_id or u.pk, u.level != Level.PROVINCE, sort_key(u.name)),
        )
        self.fields["unit"].choices = [
            ("", "Chọn địa bàn"),
            *[(u.pk, u.name if u.level == Level.PROVINCE else f"— {u.name}") for u in ordered],
        ]
        self.fields["standard_id"].choices = _standard_choices("Chuẩn có hiệu lực vào ngày khảo sát")
        self.fields["second_standard_id"].choices = _standard_choices("Không so sánh (lượt chính thức)")
        self.fields["year"].initial = dt.date.today().year
        self.user = user

    def clean(self):
        data = super().clean()
        first, second = data.get("standard_id"), data.get("second_standard_id")
        if second and not first:
            self.add_error("standard_id", "Lượt so sánh phải chọn cả chuẩn thứ nhất.")
        if second and first == second:
            self.add_error("second_standard_id", "Hai chuẩn so sánh phải khác nhau.")
        unit = data.get("unit")
        if unit and not unit_in_scope(unit, self.user):
            self.add_error("unit", "Bạn chỉ được chạy phân loại cho địa bàn được phân công.")
        return data


class ScorecardUploadForm(forms.Form):
    """The workbook of official B1 tables an administrator uploads (checked before it is read)."""

    workbook = forms.FileField(label="Tệp bảng điểm phiếu B1 (.xlsx)")

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        try:
            check_upload(upload.name, upload.size)
        except SheetError as error:
            raise forms.ValidationError(error.message) from None
        return upload
