from django import forms

from giamngheo.areas.models import AdminUnit, Era, Level


class VillageForm(forms.Form):
    name = forms.CharField(label="Tên thôn/tổ dân phố", max_length=150)


class UnitSearchForm(forms.Form):
    q = forms.CharField(label="Tìm đơn vị", required=False)
    era = forms.ChoiceField(
        label="Thời kỳ",
        required=False,
        choices=[("2025", "Từ 01/7/2025"), ("legacy", "Trước 01/7/2025"), ("", "Tất cả")],
    )


class DissolvedUnitForm(forms.Form):
    """A unit that no longer exists and that the bundled list lacks (pre-2025 geography)."""

    name = forms.CharField(label="Tên đơn vị (đầy đủ)", max_length=150, help_text="Vd. Huyện Nông Sơn.")
    kind = forms.CharField(label="Loại", max_length=40, help_text="Huyện, Thị xã, Xã, Phường, Thị trấn...")
    level = forms.ChoiceField(
        label="Cấp", choices=[(Level.DISTRICT, "Huyện/Quận"), (Level.COMMUNE, "Xã/Phường")]
    )
    code = forms.CharField(label="Mã đơn vị", max_length=20)
    province = forms.ModelChoiceField(
        label="Tỉnh (trước 01/7/2025)",
        queryset=AdminUnit.objects.filter(era=Era.LEGACY, level=Level.PROVINCE).order_by("name"),
    )
    parent_code = forms.CharField(
        label="Mã huyện trực thuộc", max_length=20, required=False, help_text="Chỉ với xã/phường."
    )
    valid_from = forms.DateField(
        label="Hiệu lực từ", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(label="Hiệu lực đến", widget=forms.DateInput(attrs={"type": "date"}))
    successor_code = forms.CharField(
        label="Mã đơn vị kế thừa", max_length=20, help_text="Cùng cấp, trước 01/7/2025."
    )
    basis = forms.CharField(label="Căn cứ (nghị quyết)", max_length=500)
