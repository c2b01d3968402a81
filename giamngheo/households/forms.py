from django import forms

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped_units
from giamngheo.households.models import Status

FLAG_CHOICES = [
    ("ethnic_minority", "Dân tộc thiểu số"),
    ("meritorious", "Có người có công"),
    ("no_labour_capacity", "Không có khả năng lao động"),
    ("registered_to_escape", "Đăng ký thoát nghèo"),
]


class HouseholdFilterForm(forms.Form):
    q = forms.CharField(label="Tìm (tên, CCCD, địa chỉ, mã hộ)", required=False)
    commune = forms.ModelChoiceField(label="Xã/phường", queryset=AdminUnit.objects.none(), required=False)
    status = forms.ChoiceField(label="Phân loại", choices=[("", "Tất cả"), *Status.choices], required=False)
    flags = forms.MultipleChoiceField(
        label="Đối tượng", choices=FLAG_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    sort = forms.ChoiceField(
        label="Sắp xếp",
        required=False,
        choices=[
            ("code", "Mã hộ"),
            ("head", "Tên chủ hộ"),
            ("commune", "Xã/phường"),
            ("status", "Phân loại"),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        communes = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE)
        self.fields["commune"].queryset = scoped_units(communes, user).order_by("code")
