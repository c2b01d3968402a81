"""Reads Vietnam's administrative units from the dataset shipped in the
`vietnamadminunits` package (MIT licence): the 34 provinces and 3,321 communes in
force since 1 July 2025, the 63 provinces, 696 districts and 10,035 communes
before that date, and the converter that maps each old commune to its new one.
"""

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import vietnamadminunits

DATA_DIR = Path(vietnamadminunits.__file__).parent / "data"
URBAN_KINDS = {"Phường", "Thị trấn"}


@dataclass(frozen=True)
class UnitRow:
    level: str
    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str | None
    province_code: str | None
    latitude: float | None
    longitude: float | None

    @property
    def area_type(self) -> str:
        if self.level != "commune":
            return ""
        return "urban" if self.kind in URBAN_KINDS else "rural"


def _kind(name: str, short: str) -> str:
    return name[: -len(short)].strip() if short and name.endswith(short) else name.split(" ")[0]


def _rows(query: str) -> list[sqlite3.Row]:
    with sqlite3.connect(f"file:{DATA_DIR / 'dataset.db'}?mode=ro", uri=True) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(query).fetchall()


def current_units() -> Iterator[UnitRow]:
    """Provinces then communes of the post-2025 geography (no district level)."""
    rows = _rows("SELECT * FROM admin_units ORDER BY provinceCode, wardCode")
    seen: set[str] = set()
    for r in rows:
        if r["provinceCode"] not in seen:
            seen.add(r["provinceCode"])
            yield UnitRow(
                "province", r["provinceCode"], r["province"], r["provinceShort"],
                _kind(r["province"], r["provinceShort"]), None, None, r["provinceLat"], r["provinceLon"],
            )  # fmt: skip
    for r in rows:
        yield UnitRow(
            "commune", r["wardCode"], r["ward"], r["wardShort"], r["wardType"],
            r["provinceCode"], r["provinceCode"], r["wardLat"], r["wardLon"],
        )  # fmt: skip


def legacy_units() -> Iterator[UnitRow]:
    """Provinces, districts then communes before 1 July 2025. Five island districts
    had no communes; they appear as districts only."""
    rows = _rows("SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode")
    provinces: dict[str, UnitRow] = {}
    districts: dict[str, UnitRow] = {}
    for r in rows:
        provinces.setdefault(
            r["provinceCode"],
            UnitRow(
                "province", r["provinceCode"], r["province"], r["provinceShort"],
                _kind(r["province"], r["provinceShort"]), None, None, r["provinceLat"], r["provinceLon"],
            ),
        )  # fmt: skip
        districts.setdefault(
            r["districtCode"],
            UnitRow(
                "district", r["districtCode"], r["district"], r["districtShort"], r["districtType"],
                r["provinceCode"], r["provinceCode"], r["districtLat"], r["districtLon"],
            ),
        )  # fmt: skip
    yield from provinces.values()
    yield from districts.values()
    for r in rows:
        if r["wardCode"]:
            yield UnitRow(
                "commune", r["wardCode"], r["ward"], r["wardShort"], r["wardType"],
                r["districtCode"], r["provinceCode"], r["wardLat"], r["wardLon"],
            )  # fmt: skip


def successions() -> Iterator[tuple[str, str, bool]]:
    """(old commune code, new commune code, is the default successor) for every old commune."""
    new_codes = {
        (r["provinceKey"], r["wardKey"]): r["wardCode"]
        for r in _rows("SELECT provinceKey, wardKey, wardCode FROM admin_units")
    }
    old_codes = {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r["wardCode"]
        for r in _rows("SELECT provinceKey, districtKey, wardKey, wardCode FROM admin_units_legacy")
        if r["wardCode"]
    }
    converter = json.loads((DATA_DIR / "converter_2025.json").read_text(encoding="utf-8"))
    for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            for old_key in old_keys:
                if old_key in old_codes:
                    yield old_codes[old_key], new_codes[(province_key, ward_key)], True
    for province_key, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in divided.items():
            if old_key not in old_codes:
                continue
            for target in targets:
                new_code = new_codes.get((province_key, target["newWardKey"]))
                if new_code:
                    yield old_codes[old_key], new_code, bool(target["isDefaultNewWard"])
