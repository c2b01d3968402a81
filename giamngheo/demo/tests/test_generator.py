import pytest

from conftest import make_unit
from giamngheo.areas.models import AdminUnit, AreaType, Level
from giamngheo.core.models import BulkChange
from giamngheo.core.text import fold
from giamngheo.demo import generator
from giamngheo.demo.generator import GenerationError, generate_province
from giamngheo.households.models import Household, Member, Survey, SurveyMember


@pytest.fixture
def province(db):
    province = make_unit("56", "Tỉnh Khánh Hòa", Level.PROVINCE)
    make_unit("22402", "Xã Phước Hà", Level.COMMUNE, province, area_type=AreaType.RURAL)
    make_unit("22333", "Phường Phan Rang", Level.COMMUNE, province, area_type=AreaType.URBAN)
    return province


def test_writes_households_members_and_one_submitted_survey_each(province):
    result = generate_province(province, 300, seed=1)
    assert Household.objects.filter(province=province).count() == result.households == 300
    assert Member.objects.count() == result.members == SurveyMember.objects.count()
    assert Survey.objects.filter(state="submitted").count() == 300
    assert (
        AdminUnit.objects.filter(level=Level.VILLAGE, province=province).count()
        == result.villages_created
        > 0
    )
    household = Household.objects.filter(village__isnull=False).first()
    assert household.village.parent == household.commune
    assert BulkChange.objects.get(action="generate").rows == 300


def test_search_text_is_filled_for_accent_insensitive_search(province):
    generate_province(province, 200, seed=2)
    member = Member.objects.first()
    assert member.search_name == fold(member.full_name)
    assert Household.objects.filter(search_text__contains=fold(member.full_name)).exists()


def test_refuses_a_province_that_has_households_unless_replace(province):
    generate_province(province, 50, seed=1)
    with pytest.raises(GenerationError):
        generate_province(province, 50, seed=1)
    generate_province(province, 80, seed=2, replace=True)
    assert Household.objects.count() == 80
    assert Survey.objects.count() == 80


def test_an_interrupted_run_leaves_nothing(province, monkeypatch):
    def fail(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(generator, "_write", lambda *a, **k: (Household.objects.create(
        code="X", province=province, commune=province.children.first(), head_name="X"), fail())[1])  # fmt: skip
    with pytest.raises(KeyboardInterrupt):
        generate_province(province, 50, seed=1)
    assert not Household.objects.exists() and not AdminUnit.objects.filter(level=Level.VILLAGE).exists()
    monkeypatch.undo()
    assert generate_province(province, 50, seed=1).households == 50


def test_refuses_to_replace_a_province_whose_households_are_on_a_review_list(province):
    from giamngheo.reviews.models import Round, RoundHousehold

    generate_province(province, 40, seed=1)
    household = Household.objects.first()
    round_ = Round.objects.create(
        unit=household.commune,
        commune=household.commune,
        province=province,
        year=2025,
        standard_id="2022-2025",
    )
    RoundHousehold.objects.create(round=round_, household=household, reason="on_list")
    with pytest.raises(GenerationError, match="hộ trong đợt rà soát"):
        generate_province(province, 40, seed=2, replace=True)
    assert Household.objects.count() == 40  # nothing deleted, no list row left without its household


@pytest.mark.django_db(transaction=True)
def test_leaves_the_written_tables_analysed_for_the_planner():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    province = make_unit("56", "Tỉnh Khánh Hòa", Level.PROVINCE)
    make_unit("22402", "Xã Phước Hà", Level.COMMUNE, province, area_type=AreaType.RURAL)
    generate_province(province, 120, seed=3)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT tablename) FROM pg_stats WHERE tablename = ANY(%s)",
            [generator._tables()],
        )
        assert cursor.fetchone()[0] == 4


def test_the_command_numbers_households_commune_by_commune_when_asked(province):
    import io

    from django.core.management import call_command

    call_command("generate", "--province", "56", "--households", "120", "--by-commune", stdout=io.StringIO())
    communes = list(Household.objects.order_by("pk").values_list("commune_id", flat=True))
    assert len(communes) == 120 and communes == sorted(communes)
    surveyed = list(Survey.objects.order_by("pk").values_list("household_id", flat=True))
    assert surveyed == sorted(surveyed)
