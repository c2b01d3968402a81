from giamngheo.areas.regions import province_regions
from giamngheo.areas.sources import current_units
from giamngheo.standards.engine import vocabulary as v


def test_every_current_province_has_exactly_one_known_region():
    regions = province_regions()
    provinces = {unit.code for unit in current_units() if unit.level == "province"}
    assert set(regions) == provinces
    assert len(provinces) == 34
    assert set(regions.values()) == set(v.REGIONS)
