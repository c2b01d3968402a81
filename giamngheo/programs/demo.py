"""Illustrative programme data for a generated demo province, so the coverage, budget
and model pages have something to show. Everything is marked "Dữ liệu minh họa" and
is deterministic; rerunning adds nothing (fingerprints, seed keys, names)."""

from decimal import Decimal

import polars as pl
from django.db import transaction
from django.utils import timezone

from giamngheo.areas.models import AdminUnit
from giamngheo.core.frames import write_frame
from giamngheo.households.models import Household, Status
from giamngheo.programs.coverage import active_policies
from giamngheo.programs.eligibility import load_frames, rules_on, with_reached
from giamngheo.programs.models import (
    NtpProject,
    ProgrammeBudgetLine,
    ReductionModel,
    Source,
    SupportRecord,
)
from giamngheo.programs.reduction_models import registry_poor_shares
from giamngheo.programs.support_import import db_timestamp, existing_fingerprints, support_fingerprint

DEMO_NOTE = "Dữ liệu minh họa (không phải số liệu thật)"
NEW_PROGRAMME_YEAR = 2026  # budgets from 2026 are booked under the 2026-2035 programme
REACHED_SHARE = 7  # of 10 eligible beneficiaries get a record
AMOUNTS = {"credit": 50_000_000, "housing": 40_000_000, "electricity": 1_200_000}
PROJECT_BUDGETS = {
    "DA1": 42_000,
    "DA2": 9_500,
    "DA3": 12_000,
    "DA4": 8_000,
    "DA5": 6_500,
    "DA6": 2_000,
    "DA7": 1_500,
}


def add_demo_data(province: AdminUnit) -> str:
    """Adds what is missing; says how much the province has in all (a rerun adds nothing)."""
    with transaction.atomic():
        added = (_support_records(province), _budget_lines(province), _models(province))
    totals = (
        SupportRecord.objects.filter(household__province=province, note=DEMO_NOTE).count(),
        ProgrammeBudgetLine.objects.filter(province=province, note=DEMO_NOTE).count(),
        ReductionModel.objects.filter(province=province, results=DEMO_NOTE).count(),
    )
    names = ("support records", "budget lines", "poverty-reduction models")
    return ", ".join(
        f"{total} {name}" + (f" ({new} new)" if new != total else "")
        for total, new, name in zip(totals, added, names, strict=True)
    )


def _support_records(province: AdminUnit) -> int:
    today = timezone.localdate()
    in_force = rules_on(active_policies(province), today)
    rules = [rule for _, _, rule in in_force]
    frames = load_frames(
        Household.objects.filter(province=province, is_active=True), rules, today, large=True
    )
    created = 0
    for policy, _, rule in in_force:
        if not rule.computable:
            continue
        key = "member_id" if rule.member else "household_id"
        chosen = with_reached(frames, rule).filter(
            ~pl.col("reached") & ((pl.col(key) * 7919) % 10 < REACHED_SHARE)
        )
        if chosen.is_empty():
            continue
        amount = AMOUNTS.get(policy.category)
        rows = chosen.select(
            "household_id",
            "member_id",
            pl.lit(today)
            .dt.offset_by(((pl.col(key) * 37) % 300 * -1).cast(pl.String) + "d")
            .alias("delivered_on"),
        )
        fingerprints = [
            support_fingerprint(policy.pk, h, m, d, amount, "", "") for h, m, d in rows.iter_rows()
        ]
        rows = rows.with_columns(pl.Series("fingerprint", fingerprints))
        rows = rows.filter(
            ~pl.col("fingerprint").is_in(list(existing_fingerprints(SupportRecord, fingerprints)))
        )
        created += write_frame(
            SupportRecord._meta.db_table,
            rows.select(
                pl.lit(policy.pk).alias("policy_id"),
                "household_id",
                pl.col("member_id") if rule.member else pl.lit(None, pl.Int64).alias("member_id"),
                "delivered_on",
                pl.lit(amount, pl.Int64).alias("amount"),
                pl.lit("").alias("in_kind"),
                pl.lit("").alias("reference"),
                pl.lit(policy.agency).alias("agency"),
                pl.lit(DEMO_NOTE).alias("document"),
                pl.lit(None, pl.Int64).alias("batch_id"),
                "fingerprint",
                pl.lit(DEMO_NOTE).alias("note"),
                pl.lit(None, pl.Int64).alias("created_by_id"),
                pl.lit(db_timestamp(timezone.now())).alias("created_at"),
            ),
        )
    return created


def programme_code(code: str, year: int) -> str:
    """The project code of the programme in force in `year` (2026-2035 from 2026)."""
    return code.replace("DA", "2635-HP", 1) if year >= NEW_PROGRAMME_YEAR else code


def _budget_lines(province: AdminUnit) -> int:
    year = timezone.localdate().year
    projects = {p.code: p for p in NtpProject.objects.filter(parent__isnull=True)}
    specs = []
    for i, (old_code, millions) in enumerate(PROJECT_BUDGETS.items()):
        code = programme_code(old_code, year)
        planned = Decimal(millions) * 1_000_000
        allocated = planned * Decimal("0.9")
        disbursed = (allocated * Decimal(35 + 9 * i) / 100).quantize(Decimal(1))
        specs.append((f"{code}", projects.get(code), "", planned, allocated, disbursed))
    total = sum(s[3] for s in specs)
    specs.append(("tong", None, "", total, sum(s[4] for s in specs), sum(s[5] for s in specs)))
    specs.append(("trung-uong", None, Source.CENTRAL, total * Decimal("0.85"), None, None))
    specs.append(("tinh", None, Source.PROVINCE, total * Decimal("0.15"), None, None))
    created = 0
    for key, project, source, planned, allocated, disbursed in specs:
        _, new = ProgrammeBudgetLine.objects.get_or_create(
            seed_key=f"demo-{province.code}-{year}-{key}",
            defaults={
                "unit": province,
                "province": province,
                "year": year,
                "project": project,
                "source": source,
                "planned": planned,
                "allocated": allocated,
                "disbursed": disbursed,
                "note": DEMO_NOTE,
            },
        )
        created += new
    return created


def _models(province: AdminUnit) -> int:
    year = timezone.localdate().year
    communes = list(AdminUnit.objects.filter(province=province, level="commune", era=province.era))
    shares = registry_poor_shares([c.pk for c in communes])
    poorest = sorted(communes, key=lambda c: -shares.get(c.pk, Decimal(0)))[:4]
    project = NtpProject.objects.filter(code=programme_code("DA2", year)).first()
    created = 0
    for commune in poorest:
        model, new = ReductionModel.objects.get_or_create(
            name=f"Mô hình chăn nuôi bò sinh sản {commune.short_name}",
            commune=commune,
            year=year,
            defaults={
                "province": province,
                "current_commune": commune,
                "project": project,
                "budget": Decimal(500_000_000),
                "results": DEMO_NOTE,
            },
        )
        if new:
            poor = Household.objects.filter(commune=commune, current__status=Status.POOR, is_active=True)
            model.households.set(poor.order_by("pk")[:20])
        created += new
    return created
