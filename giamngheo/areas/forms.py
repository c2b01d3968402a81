from django import forms


class VillageForm(forms.Form):
    name = forms.CharField(label="Tên thôn/tổ dân phố", max_length=150)


class UnitSearchForm(forms.Form):
    q = forms.CharField(label="Tìm đơn vị", required=False)
    era = forms.ChoiceField(
        label="Thời kỳ",
        required=False,
        choices=[("2025", "Từ 01/7/2025"), ("legacy", "Trước 01/7/2025"), ("", "Tất cả")],
    )
