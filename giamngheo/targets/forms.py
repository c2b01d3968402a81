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


class ProgressReportForm(forms.Form):
    """The period of a plan's progress report: a year of the plan and a period of that year."""

    nam = forms.TypedChoiceField(label="Năm", coerce=int)
    ky = forms.ChoiceField(label="Kỳ báo cáo", choices=Period.choices, initial=Period.YEAR)
    dinh_dang = forms.ChoiceField(
        label="Định dạng", choices=[("xlsx", "Excel"), ("pdf", "PDF")], initial="xlsx", required=False
    )

    def __init__(self, plan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(plan.period_start, plan.period_end + 1)
        self.fields["nam"].choices = [(year, str(year)) for year in years]
        self.fields["nam"].initial = plan.period_end
