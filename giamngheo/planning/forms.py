from django import forms

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import workable_units
from giamngheo.planning.models import DraftStandard
from giamngheo.standards import engine
from giamngheo.standards.runs import survey_year_default


def _units_in_scope(units, user):
    """Only the units the user may work on (not the path above an assignment)."""
    allowed = [unit.pk for unit in workable_units(units, user)]
    return units.filter(pk__in=allowed).order_by("province__code", "level", "code")


class ImpactForm(forms.Form):
    unit = forms.ModelChoiceField(label="Địa bàn", queryset=AdminUnit.objects.none())
    year = forms.IntegerField(label="Năm rà soát", min_value=2011, max_value=2100)
    standard_from = forms.ChoiceField(label="Chuẩn hiện hành")
    standard_to = forms.ChoiceField(label="Chuẩn mới")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = AdminUnit.objects.filter(era=Era.CURRENT, level__in=[Level.PROVINCE, Level.COMMUNE])
        self.fields["unit"].queryset = _units_in_scope(units, user)
        self.fields["unit"].label_from_instance = lambda u: (
            u.name if u.level == Level.PROVINCE else f"— {u.name}"
        )
        choices = [(s.id, f"{s.id} — {s.name}") for s in engine.available_standards()]
        choices += [(f"draft:{d.pk}", f"Dự thảo: {d.name}") for d in DraftStandard.objects.all()]
        self.fields["standard_from"].choices = choices
        self.fields["standard_to"].choices = choices
        self.fields["year"].initial = survey_year_default()
        self.fields["standard_from"].initial = "2022-2025"
        self.fields["standard_to"].initial = "2026-2030"

    def clean(self):
        data = super().clean()
        if data.get("standard_from") and data.get("standard_from") == data.get("standard_to"):
            self.add_error("standard_to", "Hai chuẩn so sánh phải khác nhau.")
        return data


class ChecksForm(forms.Form):
    unit = forms.ModelChoiceField(label="Địa bàn", queryset=AdminUnit.objects.none())
    year = forms.IntegerField(label="Năm rà soát", min_value=2011, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = AdminUnit.objects.filter(era=Era.CURRENT, level__in=[Level.PROVINCE, Level.COMMUNE])
        self.fields["unit"].queryset = _units_in_scope(units, user)
        self.fields["unit"].label_from_instance = lambda u: (
            u.name if u.level == Level.PROVINCE else f"— {u.name}"
        )
        self.fields["year"].initial = survey_year_default()


class DraftForm(forms.Form):
    name = forms.CharField(label="Tên dự thảo", max_length=120)
    base_id = forms.ChoiceField(label="Dựa trên chuẩn")
    poor_rural = forms.IntegerField(label="Chuẩn nghèo nông thôn (đồng/người/tháng)", required=False)
    poor_urban = forms.IntegerField(label="Chuẩn nghèo thành thị (đồng/người/tháng)", required=False)
    average_rural = forms.IntegerField(label="Cận trên mức sống trung bình, nông thôn", required=False)
    average_urban = forms.IntegerField(label="Cận trên mức sống trung bình, thành thị", required=False)
    threshold = forms.IntegerField(label="Số chỉ số thiếu hụt để là hộ nghèo", required=False)
    indicators_off = forms.MultipleChoiceField(
        label="Bỏ các chỉ số", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        standards = engine.available_standards()
        self.fields["base_id"].choices = [(s.id, f"{s.id} — {s.name}") for s in standards if s.national]
        self.fields["base_id"].initial = "2026-2030"
        seen = {}
        for standard in standards:
            for indicator in standard.indicators:
                seen.setdefault(indicator.code, indicator.label)
        self.fields["indicators_off"].choices = sorted(seen.items(), key=lambda item: item[1])

    def changes(self) -> dict:
        data = self.cleaned_data
        names = ["poor_rural", "poor_urban", "average_rural", "average_urban", "threshold"]
        return {name: data.get(name) for name in names} | {"indicators_off": data.get("indicators_off") or []}
