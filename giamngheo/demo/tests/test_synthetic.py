import datetime as dt

import polars as pl

from giamngheo.demo.synthetic import synthetic_frames
from giamngheo.households.cccd import cccd_errors
from giamngheo.standards import engine


def test_same_seed_gives_identical_frames_and_another_seed_does_not():
    a, b, c = (synthetic_frames(2_000, seed=s) for s in (7, 7, 8))
    assert a.households.equals(b.households) and a.members.equals(b.members)
    assert not a.households.equals(c.households)


def test_household_size_averages_about_three_and_a_half():
    households, members = synthetic_frames(20_000, seed=3)
    assert 3.3 <= households["members"].mean() <= 3.7
    assert members.height == households["members"].sum()


def test_every_cccd_is_valid_and_unique_and_small_children_may_have_none():
    _, members = synthetic_frames(5_000, seed=4)
    with_card = members.filter(pl.col("cccd").is_not_null())
    assert with_card["cccd"].n_unique() == with_card.height
    for cccd, birth, sex in with_card.sample(500, seed=1).select("cccd", "birth_date", "sex").iter_rows():
        assert cccd_errors(cccd, birth, sex) == []
    assert members.filter(pl.col("age") >= 14)["cccd"].null_count() == 0


def test_ages_are_completed_years_at_the_survey_date():
    survey = dt.date(2025, 10, 1)
    _, members = synthetic_frames(2_000, seed=5, survey_date=survey)
    for birth, age in members.select("birth_date", "age").head(300).iter_rows():
        assert age == survey.year - birth.year - ((survey.month, survey.day) < (birth.month, birth.day))


def test_classifying_gives_realistic_shares_of_poor_and_near_poor():
    households, members = synthetic_frames(20_000, seed=6)
    shares = engine.classify(engine.load_standard("2022-2025"), households, members)["status"].value_counts(
        normalize=True
    )
    share = dict(shares.iter_rows())
    assert 0.01 < share["poor"] < 0.12 and 0.01 < share["near_poor"] < 0.12


def test_a_small_province_leaves_no_commune_empty():
    from giamngheo.demo.synthetic import CommuneSpec

    communes = [
        CommuneSpec(id=i, code=f"{i:05d}", area="rural", village_ids=(), poverty_level=0.3) for i in range(65)
    ]
    households, _ = synthetic_frames(100, seed=2025, communes=communes)
    assert households["commune_id"].n_unique() == 65


def test_by_commune_gives_the_same_households_in_the_order_of_their_communes():
    spread, ordered = (synthetic_frames(3_000, seed=9, by_commune=flag) for flag in (False, True))
    assert ordered.households.sort("household_id").equals(spread.households.sort("household_id"))
    assert ordered.members.equals(spread.members)
    communes = ordered.households["commune_id"]
    assert communes.is_sorted() and not spread.households["commune_id"].is_sorted()
    assert (
        ordered.households.group_by("commune_id")
        .agg(pl.col("household_id").is_sorted().all())["household_id"]
        .all()
    )
