"""The socio-economic region of each current province (`areas/data/regions.yaml`)."""

from functools import cache
from pathlib import Path

import yaml

REGIONS_FILE = Path(__file__).resolve().parent / "data" / "regions.yaml"


@cache
def province_regions() -> dict[str, str]:
    """Province code → region code (a key of `standards.engine.vocabulary.REGIONS`)."""
    data = yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8"))
    return {code: region for region, entry in data["regions"].items() for code in entry["provinces"]}
