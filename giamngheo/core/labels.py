"""Vietnamese labels for the codes the database stores, in one place, so a page, an export
or a PDF never shows `poor`, `near_poor` or `adult_education`. Unknown codes fall back to
the code itself only when there is no label at all (a deliberate, visible gap)."""

from functools import cache

from django.apps import apps

from giamngheo.reports.labels import indicator_label

# Model fields whose choices give the labels of a kind of code.
CHOICE_FIELDS = {
    "status": ("households.Household", "current_status"),
    "role": ("accounts.User", "role"),
    "level": ("areas.AdminUnit", "level"),
}
HISTORY_ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xoá"}
RULES = {
    "income_only": "Chỉ theo thu nhập",
    "income_or_deprivation": "Theo thu nhập hoặc thiếu hụt dịch vụ xã hội cơ bản",
    "income_and_deprivation": "Theo thu nhập và mức độ thiếu hụt dịch vụ xã hội cơ bản",
}


@cache
def _choices(kind: str) -> dict[str, str]:
    model_label, field_name = CHOICE_FIELDS[kind]
    field = apps.get_model(model_label)._meta.get_field(field_name)
    return {str(value): str(text) for value, text in field.flatchoices}


def label_of(kind: str, code, standard_id: str = "") -> str:
    """The label of `code` as a `kind` ("status", "role", "level", "indicator", "action")."""
    if code is None or code == "":
        return "—"
    if kind == "indicator":
        return indicator_label(str(code), standard_id)
    if kind == "rule":
        return RULES.get(str(code), str(code))
    if kind == "action":
        return HISTORY_ACTIONS.get(str(code), str(code))
    if kind in CHOICE_FIELDS:
        return _choices(kind).get(str(code), str(code))
    return str(code)


def indicator_labels(codes, standard_id: str = "") -> list[str]:
    return [indicator_label(code, standard_id) for code in codes]
