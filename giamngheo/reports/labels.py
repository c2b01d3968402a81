"""Vietnamese labels for the codes the database stores, in one place, so a page, an export
or a PDF never shows `poor`, `near_poor` or `adult_education`: indicators read from the standard
files, statuses, roles, levels and rules. Unknown codes fall back to the code itself only when
there is no label at all (a deliberate, visible gap)."""

from functools import cache, lru_cache
from pathlib import Path

import yaml
from django.apps import apps

STANDARDS_DIR = Path(__file__).resolve().parent.parent / "standards" / "data"


@lru_cache(maxsize=32)
def _labels(standard_id: str) -> dict[str, str]:
    path = STANDARDS_DIR / f"{standard_id}.yaml"
    if not standard_id or not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {item["code"]: item.get("label", item["code"]) for item in data.get("indicators") or []}


@lru_cache(maxsize=1)
def _all_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for path in sorted(STANDARDS_DIR.glob("*.yaml"), reverse=True):
        for code, label in _labels(path.stem).items():
            labels.setdefault(code, label)
    return labels


def indicator_label(code: str, standard_id: str = "") -> str:
    """The indicator's label in the standard (or in the most recent standard that has it)."""
    return _labels(standard_id).get(code) or _all_labels().get(code) or code


# Model fields whose choices give the labels of a kind of code.
CHOICE_FIELDS = {
    "status": ("households.CurrentStatus", "status"),
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
