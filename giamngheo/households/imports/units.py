"""Match the unit names written in a file to administrative units.

Names match with or without diacritics, with or without the "Xã"/"Phường"
prefix, or by official code. A commune name from before 1 July 2025 is
accepted and mapped to the commune that replaced it. Only the provinces the
user works in are searched, so a commune officer's "Xã Phước Hà" cannot land
in another province. Matching runs once per distinct name, not per row.
"""

from collections import defaultdict
from dataclasses import dataclass

import polars as pl

from giamngheo.areas.models import AdminUnit, Era, Level, UnitSuccession
from giamngheo.areas.scope import AreaScope, scope_for
from giamngheo.core.text import fold


@dataclass
class UnitIndex:
    scope: AreaScope
    provinces: dict[str, set[int]]  # key -> province ids
    communes: dict[str, set[int]]  # key -> current commune ids
    legacy: dict[str, set[int]]  # old commune key -> the current communes that replaced them
    commune_province: dict[int, int]
    names: dict[int, str]
    villages: dict[tuple[int, str], set[int]]  # (commune id, key) -> village ids

    def province_names(self) -> str:
        ids = set(self.commune_province.values())
        return ", ".join(sorted(self.names[i] for i in ids))


def unit_index(user) -> UnitIndex:
    scope = scope_for(user)
    provinces = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE)
    if not scope.everything:
        assigned = scope.province_ids | scope.commune_ids | scope.village_ids
        ids = set(AdminUnit.objects.filter(pk__in=assigned).values_list("province_id", flat=True))
        provinces = provinces.filter(pk__in=(ids | scope.province_ids) - {None})
    province_rows = list(provinces.values_list("pk", "name", "short_name", "code"))
    communes = AdminUnit.objects.filter(
        era=Era.CURRENT, level=Level.COMMUNE, province_id__in=[row[0] for row in province_rows]
    )
    commune_rows = list(communes.values_list("pk", "name", "short_name", "code", "province_id"))
    index = UnitIndex(scope, defaultdict(set), defaultdict(set), defaultdict(set), {}, {}, defaultdict(set))
    for pk, name, short_name, code in province_rows:
        index.names[pk] = name
        for key in _keys(name, short_name, code):
            index.provinces[key].add(pk)
    for pk, name, short_name, code, province_id in commune_rows:
        index.names[pk] = name
        index.commune_province[pk] = province_id
        for key in _keys(name, short_name, code):
            index.communes[key].add(pk)
    successions = UnitSuccession.objects.filter(new_unit_id__in=index.commune_province, is_default=True)
    for name, short_name, new_id in successions.values_list(
        "old_unit__name", "old_unit__short_name", "new_unit_id"
    ):
        for key in _keys(name, short_name):
            index.legacy[key].add(new_id)
    villages = AdminUnit.objects.filter(level=Level.VILLAGE, parent_id__in=index.commune_province)
    for pk, name, short_name, code, parent_id in villages.values_list(
        "pk", "name", "short_name", "code", "parent_id"
    ):
        index.names[pk] = name
        for key in _keys(name, short_name, code):
            index.villages[(parent_id, key)].add(pk)
    return index


def _keys(name: str, short_name: str, code: str | None = None) -> set[str]:
    keys = {fold(name), fold(short_name)}
    if code:
        keys.add(code.lower())
    return keys - {""}


def resolve_communes(index: UnitIndex, pairs: pl.DataFrame) -> pl.DataFrame:
    """For distinct (commune, province) texts: commune_id, province_id and a problem per column."""
    rows = []
    for commune, province in pairs.select("commune", "province").unique().iter_rows():
        commune_id, commune_problem, province_problem = _resolve_commune(index, commune, province)
        rows.append(
            (
                commune,
                province,
                commune_id,
                index.commune_province.get(commune_id),
                commune_problem,
                province_problem,
            )
        )
    schema = {
        "commune": pl.String, "province": pl.String, "commune_id": pl.Int64, "province_id": pl.Int64,
        "commune_problem": pl.String, "province_problem": pl.String,
    }  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row")


def _resolve_commune(index: UnitIndex, commune: str | None, province: str | None):
    if not commune:
        return None, None, None
    allowed = set(index.commune_province)
    if province:
        province_ids = index.provinces.get(fold(province)) or index.provinces.get(province.lower(), set())
        if not province_ids:
            return None, None, f"Không tìm thấy tỉnh/thành phố '{province}' trong địa bàn của bạn."
        allowed = {pk for pk, p in index.commune_province.items() if p in province_ids}
    key = fold(commune)
    exact = {
        pk for pk in index.communes.get(key, set()) if index.names[pk].lower() == commune.strip().lower()
    }
    # An exact name wins over names that only agree without diacritics ("Lâm Sơn" is not "Lam Sơn").
    for candidates in (exact, index.communes.get(key, set()), index.legacy.get(key, set())):
        matches = candidates & allowed
        if len(matches) == 1:
            return next(iter(matches)), None, None
        if len(matches) > 1:
            names = "; ".join(
                sorted(f"{index.names[m]} ({index.names[index.commune_province[m]]})" for m in matches)
            )
            return (
                None,
                (
                    f"Tên xã/phường '{commune}' khớp với nhiều đơn vị: {names}. "
                    "Hãy ghi mã xã hoặc thêm cột 'Tỉnh/Thành phố'."
                ),
                None,
            )
    where = index.province_names()
    return None, f"Không tìm thấy xã/phường '{commune}'" + (f" thuộc {where}." if where else "."), None


def resolve_villages(index: UnitIndex, pairs: pl.DataFrame) -> pl.DataFrame:
    """For distinct (commune_id, village text): village_id and a problem."""
    rows = []
    for commune_id, village in pairs.select("commune_id", "village").unique().iter_rows():
        village_id, problem = None, None
        if commune_id is not None and village:
            matches = index.villages.get((commune_id, fold(village)), set())
            if len(matches) == 1:
                village_id = next(iter(matches))
            else:
                problem = f"Không tìm thấy thôn/tổ '{village}' thuộc {index.names[commune_id]}."
        rows.append((commune_id, village, village_id, problem))
    schema = {
        "commune_id": pl.Int64,
        "village": pl.String,
        "village_id": pl.Int64,
        "village_problem": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def in_scope(scope: AreaScope, prefix: str = "") -> pl.Expr:
    """Rows whose unit the user may write, as `AreaScope.covers` decides for one unit."""
    if scope.everything:
        return pl.lit(True)
    return (
        pl.col(f"{prefix}province_id").is_in(sorted(scope.province_ids)).fill_null(False)
        | pl.col(f"{prefix}commune_id").is_in(sorted(scope.commune_ids)).fill_null(False)
        | pl.col(f"{prefix}village_id").is_in(sorted(scope.village_ids)).fill_null(False)
    )
