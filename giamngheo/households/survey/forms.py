"""Survey forms: the questions of the standard in force, in Vietnamese, with help
text taken from the standard file's indicators."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator

from giamngheo.households.models import CAUSE_FIELDS, Survey, SurveyMember
from giamngheo.households.survey.actions import B1_FIELDS, HOUSEHOLD_FIELDS, MEMBER_FIELDS
from giamngheo.standards import engine
from giamngheo.standards.engine import vocabulary


def indicator_help(standard) -> dict[str, str]:
    """Raw answer name → the help of the indicators derived from it."""
    helps: dict[str, list[str]] = {}
    for indicator in standard.indicators:
        for name in indicator.derived_from:
            helps.setdefault(name, []).append(f"{indicator.label}: {indicator.help}")
    return {name: " ".join(texts) for name, texts in helps.items()}


CAUSE_HELP = "Nguyên nhân nghèo: chỉ ghi với hộ nghèo, hộ cận nghèo; chọn được nhiều nguyên nhân."


GENERAL_SECTION = "Thông tin chung và thu nhập"
B1_SECTION = "Phiếu B1: tài sản, sử dụng điện, đất đai và chăn nuôi"
B1_COUNTS = ("motorbikes", "electricity_kwh_month", "farm_land_m2", "large_livestock")


def answer_sections(standard, names: list[str]) -> list[tuple[str, list[str]]]:
    """Household answers grouped by the standard's dimensions (the first indicator reading an
    answer decides its section), general answers first, the answers only form B1 asks last;
    empty sections left out."""
    section_of: dict[str, str] = dict.fromkeys(B1_FIELDS, B1_SECTION)
    order = [GENERAL_SECTION]
    for indicator in standard.indicators:
        if indicator.dimension not in order:
            order.append(indicator.dimension)
        for name in indicator.derived_from:
            section_of.setdefault(name, indicator.dimension)
    order.append(B1_SECTION)
    grouped: dict[str, list[str]] = {title: [] for title in order}
    for name in names:
        grouped[section_of.get(name, GENERAL_SECTION)].append(name)
    return [(title, members) for title, members in grouped.items() if members]


class StartSurveyForm(forms.Form):
    survey_date = forms.DateField(
        label="Ngày khảo sát",
        initial=dt.date.today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )


def fit_for_phones(form: forms.BaseForm) -> None:
    """Numeric keyboards for numbers and no negative amounts, counts or areas."""
    for field in form.fields.values():
        if isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
            field.widget.attrs["inputmode"] = (
                "numeric" if isinstance(field, forms.IntegerField) else "decimal"
            )
            if field.min_value is None or field.min_value < 0:
                field.min_value = 0
                field.validators.append(MinValueValidator(0))
                field.widget.attrs["min"] = 0


class HouseholdAnswersForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [name for name in HOUSEHOLD_FIELDS if name != "members"]

    def __init__(self, *args, standard=None, **kwargs):
        super().__init__(*args, **kwargs)
        questions = {name: question for name, (_type, question) in vocabulary.HOUSEHOLD_ANSWERS.items()}
        helps = indicator_help(standard) if standard else {}
        for name, field in self.fields.items():
            field.label = questions.get(name, field.label)
            field.help_text = helps.get(name, "")
        for name in CAUSE_FIELDS:
            self.fields[name].help_text = CAUSE_HELP
        self.fields[
            "income_per_capita_month"
        ].help_text = "Thu nhập bình quân đầu người một tháng (đồng). Để trống nếu ước tính thu nhập bằng điểm phiếu B1."
        for name in B1_COUNTS:
            self.fields[name].required = False
            self.fields[name].help_text = "Phiếu B1. Để trống nếu hộ không có."
        fit_for_phones(self)

    def clean(self):
        cleaned = super().clean()
        for name in B1_COUNTS:  # an empty count or area is none
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = 0
        return cleaned


class MemberAnswersForm(forms.ModelForm):
    class Meta:
        model = SurveyMember
        fields = [name for name in MEMBER_FIELDS if name not in ("age", "sex")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fit_for_phones(self)


class LoadedAnswer(forms.ModelChoiceField):
    """The hidden id of a member's answer row, looked up among the rows the formset has loaded
    (Django's own field queries once per row, and accepts a row of another survey)."""

    def __init__(self, loaded: dict[int, SurveyMember], *args, **kwargs):
        self.loaded = loaded
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.loaded[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class BaseMemberAnswersFormSet(forms.BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if not hasattr(self, "_loaded"):
            self._loaded = {answer.pk: answer for answer in self.get_queryset()}
        given = form.fields["id"]
        form.fields["id"] = LoadedAnswer(
            self._loaded, given.queryset, initial=given.initial, required=False, widget=given.widget
        )


MemberAnswersFormSet = forms.modelformset_factory(
    SurveyMember, form=MemberAnswersForm, formset=BaseMemberAnswersFormSet, extra=0
)


def standard_for(survey: Survey):
    return engine.standard_in_force(survey.survey_date)


class CorrectionForm(forms.Form):
    reason = forms.CharField(label="Lý do đính chính", widget=forms.Textarea(attrs={"rows": 2}))
