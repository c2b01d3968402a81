import pytest

from giamngheo.areas.loading import load_units
from giamngheo.areas.models import AdminUnit, AreaType, Era, Level, UnitSuccession


@pytest.fixture
def loaded(db):
    return load_units()


def test_loads_the_34_provinces_and_3321_communes_in_force_since_july_2025(loaded):
    assert loaded.current_provinces == 34
    assert loaded.current_communes == 3321
    current = AdminUnit.objects.filter(era=Era.CURRENT)
    assert not current.filter(level=Level.DISTRICT).exists()
    assert current.filter(level=Level.COMMUNE, parent__level=Level.PROVINCE).count() == 3321


def test_loads_the_legacy_geography_with_districts(loaded):
    assert (loaded.legacy_provinces, loaded.legacy_districts, loaded.legacy_communes) == (63, 696, 10035)
    old = AdminUnit.objects.get(era=Era.LEGACY, level=Level.COMMUNE, code="00001")
    assert old.name == "Phường Phúc Xá"
    assert old.parent.level == Level.DISTRICT and old.province.name == "Thành phố Hà Nội"
    assert str(old.valid_to) == "2025-06-30"


def test_commune_type_decides_rural_or_urban(loaded):
    communes = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE)
    assert communes.filter(kind="Phường").exclude(area_type=AreaType.URBAN).count() == 0
    assert communes.filter(kind__in=["Xã", "Đặc khu"]).exclude(area_type=AreaType.RURAL).count() == 0
    assert communes.filter(kind="Đặc khu").count() == 13


def test_every_old_commune_has_exactly_one_default_successor(loaded):
    legacy = AdminUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE)
    defaults = UnitSuccession.objects.filter(is_default=True, old_unit__level=Level.COMMUNE)
    assert defaults.count() == legacy.count() == 10035
    assert defaults.values("old_unit").distinct().count() == 10035
    communes = UnitSuccession.objects.filter(old_unit__level=Level.COMMUNE)
    assert not communes.exclude(new_unit__era=Era.CURRENT).exists()


def test_loading_twice_gives_the_same_rows(loaded):
    before = list(
        AdminUnit.objects.order_by("pk").values_list("pk", "era", "level", "code", "name", "parent_id")
    )
    links = set(UnitSuccession.objects.values_list("old_unit_id", "new_unit_id", "is_default"))
    again = load_units()
    assert again == loaded
    assert (
        list(AdminUnit.objects.order_by("pk").values_list("pk", "era", "level", "code", "name", "parent_id"))
        == before
    )
    assert set(UnitSuccession.objects.values_list("old_unit_id", "new_unit_id", "is_default")) == links


def test_interrupted_load_leaves_the_previous_set(loaded, monkeypatch):
    from giamngheo.areas import loading

    n_units = AdminUnit.objects.count()
    AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, code="00004").update(name="Tên cũ")

    def fail(_pairs):
        raise KeyboardInterrupt

    monkeypatch.setattr(loading, "_sync_successions", fail)
    with pytest.raises(KeyboardInterrupt):
        load_units()
    assert AdminUnit.objects.count() == n_units
    assert AdminUnit.objects.get(era=Era.CURRENT, level=Level.COMMUNE, code="00004").name == "Tên cũ"


def test_search_finds_units_without_diacritics(loaded):
    from giamngheo.areas.queries import search_units

    class Admin:
        is_authenticated = is_active = sees_everything = True

    names = {u.name for u in search_units("Phuoc Long", Admin())}
    assert "Phường Phước Long" in names or "Xã Phước Long" in names
    assert all("Phước Long" in n for n in names)


def test_units_gone_before_the_reform_ship_with_their_successor(loaded):
    """Huyện Nông Sơn was merged into Quế Sơn on 1 January 2025 (NQ 1241/NQ-UBTVQH15)."""
    import datetime as dt

    from giamngheo.areas.lineage import successor_on

    nong_son = AdminUnit.objects.get(era=Era.LEGACY, level=Level.DISTRICT, code="519")
    assert (nong_son.name, nong_son.valid_to, nong_son.province.code) == (
        "Huyện Nông Sơn",
        dt.date(2024, 12, 31),
        "49",
    )
    link = nong_son.successions.get()
    assert (link.new_unit.name, link.effective) == ("Huyện Quế Sơn", dt.date(2025, 1, 1))
    assert "1241/NQ-UBTVQH15" in link.basis
    assert successor_on(nong_son, dt.date(2025, 6, 1)).code == "509"
    assert loaded.earlier_units == 1 and loaded.warnings == ()
