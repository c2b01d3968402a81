from giamngheo.accounts.models import Role
from giamngheo.areas.models import AdminUnit
from giamngheo.areas.scope import scope_for, scoped, scoped_units, unit_in_scope
from giamngheo.households.models import Household


def _household(code, unit):
    return Household.objects.create(
        code=code, province=unit.province, commune=unit, head_name=f"Chủ hộ {code}"
    )


def test_commune_officer_sees_only_households_of_their_commune(geography, make_user):
    officer = make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    mine = _household("H1", geography["commune"])
    _household("H2", geography["urban"])
    _household("H3", geography["other_commune"])
    assert list(scoped(Household.objects.all(), officer)) == [mine]


def test_province_officer_sees_every_commune_of_the_province(geography, make_user):
    officer = make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])
    _household("H1", geography["commune"])
    _household("H2", geography["urban"])
    _household("H3", geography["other_commune"])
    assert set(scoped(Household.objects.all(), officer).values_list("code", flat=True)) == {"H1", "H2"}


def test_village_collaborator_sees_only_their_village(geography, make_user):
    collaborator = make_user("thon", Role.VILLAGE_COLLABORATOR, geography["village"])
    inside = Household.objects.create(
        code="H1",
        province=geography["province"],
        commune=geography["commune"],
        village=geography["village"],
        head_name="A",
    )
    _household("H2", geography["commune"])
    assert list(scoped(Household.objects.all(), collaborator)) == [inside]


def test_user_without_assignment_sees_nothing(geography, make_user):
    _household("H1", geography["commune"])
    assert not scoped(Household.objects.all(), make_user("moi")).exists()


def test_administrator_sees_everything(geography, make_user):
    _household("H1", geography["commune"])
    _household("H3", geography["other_commune"])
    assert scoped(Household.objects.all(), make_user("qt", Role.ADMIN)).count() == 2


def test_units_in_scope_include_the_path_above_but_not_siblings(geography, make_user):
    officer = make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    visible = set(scoped_units(AdminUnit.objects.all(), officer))
    assert {geography["province"], geography["commune"], geography["village"]} <= visible
    assert geography["urban"] not in visible and geography["other_province"] not in visible
    assert unit_in_scope(geography["village"], officer)
    assert not unit_in_scope(geography["province"], officer)


def test_scope_is_cached_per_user_object(geography, make_user, django_assert_num_queries):
    officer = make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    scope_for(officer)
    with django_assert_num_queries(0):
        scope_for(officer)
