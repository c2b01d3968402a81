"""The survey questionnaire as data, read from the server's own survey forms, so a field
another app adds to those forms reaches the phone, the device's checks and the XLSForm
without being listed here.

Household answers are grouped into sections by the standard's dimensions (the first
indicator that reads an answer decides its section); member answers form one card per
member.
"""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from giamngheo.households.survey.forms import HouseholdAnswersForm, MemberAnswersForm, answer_sections
from giamngheo.standards import engine


def field_kind(field: forms.Field) -> str:
    if isinstance(field, forms.BooleanField):
        return "bool"
    if isinstance(field, forms.MultipleChoiceField):
        return "multi"
    if isinstance(field, forms.ChoiceField):
        return "choice"
    if isinstance(field, forms.IntegerField):
        return "int"
    if isinstance(field, forms.FloatField | forms.DecimalField):
        return "decimal"
    if isinstance(field, forms.DateField):
        return "date"
    return "text"


def describe(name: str, field: forms.Field) -> dict[str, Any]:
    """One field as the device and the XLSForm need it: question, help, type and rules."""
    kind = field_kind(field)
    initial = field.initial() if callable(field.initial) else field.initial
    described: dict[str, Any] = {
        "name": name,
        "label": str(field.label or name),
        "help": str(field.help_text or ""),
        "kind": kind,
        "required": bool(field.required) and kind != "bool",
        "initial": initial if isinstance(initial, bool | int | float | str) else None,
    }
    if kind in ("choice", "multi"):
        described["choices"] = [[str(v), str(label)] for v, label in field.choices if str(v) != ""]
    if kind in ("int", "decimal"):
        described["min"] = getattr(field, "min_value", None)
        top = getattr(field, "max_value", None)
        described["max"] = top if top is None or top < 10**12 else None  # a column's own limit is no rule
    if kind == "text":
        described["max_length"] = getattr(field, "max_length", None)
    return described


def _sections(standard, described: list[dict]) -> list[dict]:
    by_name = {field["name"]: field for field in described}
    return [
        {"key": f"ho-{i + 1}", "title": title, "fields": [by_name[name] for name in names]}
        for i, (title, names) in enumerate(answer_sections(standard, list(by_name)))
    ]


def standard_on(day: dt.date):
    """The standard in force on the day, or a Vietnamese ValidationError."""
    try:
        return engine.standard_in_force(day)
    except engine.UnknownStandardError as error:
        raise ValidationError(f"Không có chuẩn nghèo nào áp dụng ngày {day:%d/%m/%Y}.") from error


def questionnaire(standard=None, on: dt.date | None = None) -> dict[str, Any]:
    """The questionnaire of `standard` (default: the one in force on `on`, today)."""
    standard = standard or standard_on(on or dt.date.today())
    household = HouseholdAnswersForm(standard=standard)
    member = MemberAnswersForm()
    return {
        "standard": {"id": standard.id, "name": standard.name},
        "sections": _sections(standard, [describe(n, f) for n, f in household.fields.items()]),
        "member_fields": [describe(n, f) for n, f in member.fields.items()],
    }


def as_form_data(answers: dict[str, Any], prefix: str = "") -> QueryDict:
    """JSON answers as the POST data a Django form reads (booleans on/absent, lists repeated)."""
    data = QueryDict(mutable=True)
    for name, value in answers.items():
        key = f"{prefix}{name}"
        if value is None or value is False:
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        else:
            data[key] = str(value)
    return data


def form_errors(form: forms.BaseForm, where: str) -> list[str]:
    """Vietnamese messages naming the place and the field's question."""
    messages = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.append(f"{where}, {label}: {error}" if label else f"{where}: {error}")
    return messages


def clean_answers(
    standard, household_answers: dict, member_answers: dict[str, dict], names: dict[str, str]
) -> tuple[dict, dict[str, dict], list[str]]:
    """Check answers with the server's forms. `names` maps member keys to their names for messages."""
    form = HouseholdAnswersForm(data=as_form_data(household_answers), standard=standard)
    errors = form_errors(form, "Thông tin của hộ") if not form.is_valid() else []
    cleaned_members = {}
    for key, answers in member_answers.items():
        member_form = MemberAnswersForm(data=as_form_data(answers))
        if member_form.is_valid():
            cleaned_members[key] = member_form.cleaned_data
        else:
            errors += form_errors(member_form, f"Thành viên {names.get(key, key)}")
    return (form.cleaned_data if not errors else {}), cleaned_members, errors
