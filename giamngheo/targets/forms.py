from django import forms

from giamngheo.targets.models import Period


class ProgressForm(forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    period = forms.ChoiceField(label="Kỳ báo cáo", choices=Period.choices, initial=Period.YEAR)
    value = forms.DecimalField(label="Giá trị thực hiện", max_digits=20, decimal_places=4)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.TextInput)
    submit = forms.BooleanField(label="Gửi duyệt ngay", required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(label="Lý do trả lại", max_length=500)
