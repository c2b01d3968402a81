"""Finding standard files: the national ones shipped in `giamngheo/standards/data/`, and
local ones (a province's higher standard) in the folder named by `GIAMNGHEO_STANDARDS_DIR`.

A local file may say `extends: <id>`: it then starts from that standard and replaces
only the keys it gives (mappings are merged key by key, lists replaced whole).

Official B1 tables an administrator has loaded live in a third folder (`use_scorecard_dir`,
set by the application to DATA_DIR/scorecards/active): `<id>.yaml` there holds the active
version's `scorecard:` section, which replaces the file's own (its placeholder) whole.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from giamngheo.standards.engine.errors import StandardFileError, UnknownStandardError, display_path
from giamngheo.standards.engine.standard import Standard, parse_standard

NATIONAL_DIR = Path(__file__).resolve().parent.parent / "data"
LOCAL_DIR_ENV = "GIAMNGHEO_STANDARDS_DIR"
_scorecard_dir: Path | None = None


# libyaml's safe loader where PyYAML was built with it (its wheels are): the same documents,
# a tenth of the time (a standard file: 70 ms in pure Python, a third of `giamngheo classify`'s
# start-up).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def use_scorecard_dir(folder: Path | None) -> Path | None:
    """Read loaded B1 tables from `folder` (None: use the files' own); returns the previous folder."""
    global _scorecard_dir
    previous, _scorecard_dir = _scorecard_dir, (Path(folder) if folder is not None else None)
    return previous


def active_scorecard_file(standard_id: str) -> Path | None:
    """Where the loaded B1 tables of a standard are kept (None when no folder is set)."""
    return _scorecard_dir / f"{standard_id}.yaml" if _scorecard_dir is not None else None


def standard_files() -> dict[str, Path]:
    """id -> file, national first; a local file may not reuse a national id."""
    files = {path.stem: path for path in sorted(NATIONAL_DIR.glob("*.yaml"))}
    local_dir = os.environ.get(LOCAL_DIR_ENV)
    if local_dir:
        for path in sorted(Path(local_dir).glob("*.yaml")):
            if path.stem in files:
                raise StandardFileError(
                    f"{display_path(path)}: id {path.stem!r} is already used by {display_path(files[path.stem])}"
                )
            files[path.stem] = path
    return files


def available_standards() -> list[Standard]:
    """Every standard, national and local, sorted by the date it starts to apply (then id)."""
    standards = [_load_path(path) for path in standard_files().values()]
    return sorted(standards, key=lambda s: (s.valid_from, not s.national, s.id))


def load_standard(id_or_path: str | os.PathLike[str]) -> Standard:
    """The standard with this id, or the one in this YAML file."""
    text = os.fspath(id_or_path)
    if text.endswith((".yaml", ".yml")) or os.sep in text:
        path = Path(text)
        if not path.is_file():
            raise UnknownStandardError(f"no standard file at {text}")
        return _load_path(path)
    files = standard_files()
    if text not in files:
        raise UnknownStandardError(f"unknown standard {text!r}; valid ids: {', '.join(files)}")
    return _load_path(files[text])


def standard_in_force(on: dt.date) -> Standard:
    """The national standard that applies on a date. Where two periods overlap, the one that
    started latest wins (a review may still name the other explicitly)."""
    candidates = [s for s in available_standards() if s.national and s.in_force_on(on)]
    if not candidates:
        raise UnknownStandardError(f"no national standard is in force on {on.isoformat()}")
    return max(candidates, key=lambda s: s.valid_from)


def _load_path(path: Path) -> Standard:
    # Keyed on the modification times of this file and of every standard file it may extend,
    # so that an administrator's edit is seen without a restart.
    resolved = path.resolve()
    files = {resolved, *(p.resolve() for p in standard_files().values())}
    stamps = [(str(p), p.stat().st_mtime_ns) for p in files]
    if _scorecard_dir is not None and _scorecard_dir.is_dir():
        stamps += [(str(p), p.stat().st_mtime_ns + p.stat().st_size) for p in _scorecard_dir.glob("*.yaml")]
    stamps.append((str(_scorecard_dir), 0))
    return _load_cached(resolved, tuple(sorted(stamps)))


@lru_cache(maxsize=64)
def _load_cached(path: Path, fingerprint: tuple[tuple[str, int], ...]) -> Standard:
    return parse_standard(_read_merged(path, ()), path)


def _read_merged(path: Path, seen: tuple[Path, ...]) -> Mapping[str, Any]:
    if path in seen:
        raise StandardFileError(f"{display_path(path)}: `extends` goes round in a circle")
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        raise StandardFileError(f"{display_path(path)}: not valid YAML ({error})") from None
    if not isinstance(raw, Mapping):
        raise StandardFileError(f"{display_path(path)}: the file must hold a mapping at the top level")
    raw = _with_loaded_scorecard(raw, path)
    base_id = raw.get("extends")
    if not base_id:
        return raw
    files = standard_files()
    if base_id not in files:
        raise StandardFileError(f"{display_path(path)}: extends unknown standard {base_id!r}")
    base = dict(_read_merged(files[base_id].resolve(), (*seen, path)))
    # What a local file does not restate is not its own: scope, province and id come from it.
    for key in ("scope", "province", "id", "name", "legal_basis", "confidence"):
        base.pop(key, None)
    return _merge(base, raw)


def _with_loaded_scorecard(raw: Mapping[str, Any], path: Path) -> Mapping[str, Any]:
    """The file's mapping with the loaded B1 tables of its standard, when there are some."""
    loaded = active_scorecard_file(path.stem)
    if loaded is None or not loaded.is_file():
        return raw
    try:
        tables = yaml.load(loaded.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        raise StandardFileError(f"{display_path(loaded)}: not valid YAML ({error})") from None
    if not isinstance(tables, Mapping) or not isinstance(tables.get("scorecard"), Mapping):
        raise StandardFileError(f"{display_path(loaded)}: must hold a `scorecard:` mapping")
    return {**raw, "scorecard": tables["scorecard"]}


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def standard_mapping(standard_id: str) -> dict[str, Any]:
    """The merged mapping a standard file holds (what a variant of it starts from)."""
    files = standard_files()
    if standard_id not in files:
        raise UnknownStandardError(f"unknown standard {standard_id!r}")
    return copy.deepcopy(dict(_read_merged(files[standard_id].resolve(), ())))


def standard_from_mapping(raw: Mapping[str, Any], name: str) -> Standard:
    """A standard that lives in no file (an analyst's draft), checked by the same reader."""
    return parse_standard(raw, Path(f"{name}.yaml"))
