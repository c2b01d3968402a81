"""Vietnamese labels of deprivation indicators, read from the standard files."""

from functools import lru_cache
from pathlib import Path

import yaml

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
