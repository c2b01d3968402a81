"""Loading a standard's official B1 tables: the one function the page and the CLI share.

A workbook refused on any cell changes nothing. An accepted one is stored as a new
`ScorecardVersion` (its legal basis, who loaded it and when, the tables) and becomes the
active version: once the transaction commits, its `scorecard:` section is written where the
engine reads loaded tables (`engine.catalogue.active_scorecard_file`), so every page,
decision, list and certificate then rests on it and no longer says the tables are
placeholders. The version it replaces is kept with the day it was replaced. Each load is in
the audit log (the version's history, with the user).
"""

from __future__ import annotations

import os

import yaml
from django.db import transaction
from django.utils import timezone

from giamngheo.standards import engine
from giamngheo.standards.engine import vocabulary
from giamngheo.standards.engine.catalogue import active_scorecard_file
from giamngheo.standards.models import ScorecardVersion
from giamngheo.standards.scorecard_tables import (
    AREA_NAMES,
    ScorecardWorkbookError,
    option_label,
    read_scorecard_workbook,
    template_workbook,
)


def scored_standards() -> list[engine.Standard]:
    """The standards whose income may be estimated with form B1 (those with B1 items)."""
    return [s for s in engine.available_standards() if s.scorecard is not None and s.scorecard.computable]


def scored_standard(standard_id: str) -> engine.Standard | None:
    return next((s for s in scored_standards() if s.id == standard_id), None)


def load_scorecard_tables(standard_id: str, name: str, content: bytes, user) -> ScorecardVersion:
    """Validate the workbook and make it the active B1 tables of the standard;
    `ScorecardWorkbookError` (every problem, in Vietnamese) when refused."""
    standard = scored_standard(standard_id)
    if standard is None:
        raise ScorecardWorkbookError([f"Chuẩn {standard_id} không dùng phiếu B1 để ước tính thu nhập."])
    tables = read_scorecard_workbook(standard, name, content)
    with transaction.atomic():
        earlier = ScorecardVersion.objects.select_for_update().filter(standard_id=standard.id)
        if earlier.filter(version=tables.version).exists():
            raise ScorecardWorkbookError(
                [
                    f"Phiên bản “{tables.version}” của bảng điểm chuẩn {standard.id} đã được nạp; hãy đặt phiên bản mới."
                ]
            )
        for replaced in earlier.filter(active=True):
            replaced.active, replaced.replaced_at = False, timezone.now()
            replaced._history_user = user
            replaced._change_reason = f"Thay bằng phiên bản {tables.version}"
            replaced.save(update_fields=["active", "replaced_at"])
        version = ScorecardVersion(
            standard_id=standard.id,
            version=tables.version,
            reference=tables.reference,
            legal_date=tables.legal_date,
            data=tables.section,
            source_name=os.path.basename(name)[:255],
            loaded_by=user,
        )
        version._history_user = user
        version._change_reason = f"Nạp bảng điểm phiếu B1 chuẩn {standard.id}, phiên bản {tables.version}"
        version.save()
        transaction.on_commit(lambda: write_active_tables(standard.id))
    return version


def write_active_tables(standard_id: str) -> None:
    """Write (or remove) the file the engine reads the loaded tables of a standard from, so that
    it holds the active version in the database."""
    target = active_scorecard_file(standard_id)
    if target is None:
        return
    active = ScorecardVersion.objects.filter(standard_id=standard_id, active=True).first()
    if active is None:
        target.unlink(missing_ok=True)
        return
    text = yaml.safe_dump({"scorecard": active.data}, allow_unicode=True, sort_keys=False)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return  # unchanged: the engine's cache of the standard stays valid
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)


def sync_active_tables() -> None:
    """Make the engine's loaded tables match the database for every scored standard (after a
    restore of the database, or on a machine whose data folder was emptied)."""
    for standard in engine.available_standards():
        if active_scorecard_file(standard.id) is not None:
            write_active_tables(standard.id)


def versions(standard_id: str):
    return ScorecardVersion.objects.filter(standard_id=standard_id).select_related("loaded_by")


def current_template(standard_id: str) -> bytes:
    """The workbook format filled with the tables the standard uses now."""
    return template_workbook(engine.load_standard(standard_id))


def _points(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def describe(standard: engine.Standard) -> dict[str, list[dict]]:
    """The tables in use, as rows for the page: base scores and thresholds by region, and how
    each item scores, in Vietnamese."""
    scorecard = standard.scorecard
    lines = ["poor", *(["average"] if standard.line("average") else [])]
    regions = [
        {
            "name": name,
            "values": [scorecard.base_scores[(region, area)] for area in AREA_NAMES]
            + [scorecard.threshold(region, area, line) for line in lines for area in AREA_NAMES],
        }
        for region, name in vocabulary.REGIONS.items()
    ]
    items = []
    for item in scorecard.items:
        if item.kind == "options":
            scored = [
                f"{option_label(item, option)}: {_points(item.points[option])}"
                for option in item.options()
                if item.points.get(option)
            ]
            rule = "; ".join(scored) + " (lựa chọn khác: 0)" if scored else "0 điểm"
        else:
            unit = "mỗi người" if item.on_members else "mỗi đơn vị"
            rule = f"{_points(item.per_unit)} điểm {unit}"
            if item.cap is not None:
                rule += f", tính tối đa {_points(item.cap)}"
        items.append({"group": item.group, "label": item.label, "rule": rule})
    return {"region_rows": regions, "item_rows": items}
