"""What-if standards: an analyst's variant of a standard (income lines, the deprivation
threshold, indicators on or off, an average band), kept as the YAML of a standard file and read
by the engine's own reader, so a draft is checked by the same rules as an official standard.
A draft is only ever compared; it never classifies a household officially."""

import re

import polars as pl
import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from giamngheo.core.params import is_digits
from giamngheo.core.text import fold
from giamngheo.planning.models import DraftStandard
from giamngheo.standards import engine
from giamngheo.standards.engine.catalogue import standard_from_mapping, standard_mapping
from giamngheo.standards.engine.errors import EngineInputError, StandardFileError
from giamngheo.standards.survey_frames import HOUSEHOLD_SCHEMA, MEMBER_SCHEMA

DRAFT_PREFIX = "du-thao-"


def _line(raw: dict, name: str, area: str, value: int | None, note: str) -> None:
    lines = raw.setdefault("income_lines", {})
    line = lines.setdefault(name, {"label": "Mức sống trung bình (cận trên)" if name == "average" else name})
    line[area] = {"value": value, "reference": note, "confirmed": False}


def draft_mapping(base_id: str, name: str, slug: str, changes: dict) -> dict:
    """The base standard's mapping with the analyst's changes; every changed number says so."""
    raw = standard_mapping(base_id)
    note = f"Dự thảo “{name}” (không phải văn bản pháp luật)"
    raw["id"] = f"{DRAFT_PREFIX}{slug}"
    raw["name"] = f"Dự thảo: {name}"
    raw["scope"] = "national"
    raw["confidence"] = [
        f"DỰ THẢO dựa trên chuẩn {base_id}, chỉ dùng để so sánh, không dùng để phân loại chính thức."
    ]
    for area in ("rural", "urban"):
        if changes.get(f"poor_{area}") is not None:
            _line(raw, "poor", area, changes[f"poor_{area}"], note)
        if changes.get(f"average_{area}") is not None:
            _line(raw, "average", area, changes[f"average_{area}"], note)
    if changes.get("threshold") is not None:
        raw["deprivation_threshold"] = {"value": changes["threshold"], "reference": note, "confirmed": False}
    off = set(changes.get("indicators_off") or [])
    raw["indicators"] = [item for item in raw.get("indicators") or [] if item.get("code") not in off]
    return raw


def check_draft(raw: dict) -> engine.Standard:
    """Refuse what cannot be a standard, with the reason in Vietnamese."""
    errors = {}
    for name, line in (raw.get("income_lines") or {}).items():
        for area in ("rural", "urban"):
            value = (line.get(area) or {}).get("value")
            if value is not None and value <= 0:
                errors[f"{name}_{area}"] = "Chuẩn thu nhập phải lớn hơn 0 đồng."
    indicators = raw.get("indicators") or []
    threshold = (raw.get("deprivation_threshold") or {}).get("value")
    if threshold is not None and indicators and threshold > len(indicators):
        errors["threshold"] = (
            f"Ngưỡng thiếu hụt ({threshold}) lớn hơn số chỉ số còn dùng ({len(indicators)})."
        )
    if errors:
        raise ValidationError(errors)
    try:
        standard = standard_from_mapping(raw, raw["id"])
    except StandardFileError as error:
        raise ValidationError(f"Dự thảo không hợp lệ: {error}") from None
    _check_recorded(standard)
    return standard


def _check_recorded(standard: engine.Standard) -> None:
    """Every indicator must be computable from what a survey records."""
    households = pl.DataFrame(schema=HOUSEHOLD_SCHEMA | {"region": pl.String})
    members = pl.DataFrame(schema=MEMBER_SCHEMA)
    try:
        engine.classify(standard, households, members)
    except EngineInputError as error:
        raise ValidationError(
            f"Phiếu khảo sát không ghi đủ thông tin cho một chỉ số của dự thảo: {error}"
        ) from None


def save_draft(
    user, *, name: str, base_id: str, changes: dict, draft: DraftStandard | None = None
) -> DraftStandard:
    if not user.can_write:
        raise PermissionDenied("Bạn không có quyền lập chuẩn dự thảo.")
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Phải đặt tên cho dự thảo."})
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:40] or "chuan"
    raw = draft_mapping(base_id, name, slug, changes)
    check_draft(raw)
    with transaction.atomic():
        draft = draft or DraftStandard(created_by=user)
        draft.name, draft.base_id, draft.changes = name, base_id, changes
        draft.yaml_text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
        draft._history_user = user
        draft.save()
    return draft


def delete_draft(user, draft: DraftStandard) -> None:
    if not (user.can_write and (draft.created_by_id == user.pk or user.sees_everything)):
        raise PermissionDenied("Chỉ người lập dự thảo được xóa.")
    draft._history_user = user
    draft.delete()


def resolve_standard(key: str) -> engine.Standard:
    """An official standard by id, or a saved draft as `draft:<number>`."""
    if key.startswith("draft:") and is_digits(key[6:]):
        draft = DraftStandard.objects.get(pk=int(key[6:]))
        return standard_from_mapping(yaml.safe_load(draft.yaml_text), draft.standard_id)
    return engine.load_standard(key)
