"""The dated policy parameters (``programming.parameters``): what is in force on a date."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest

from woonmonitor.programming import parameters
from woonmonitor.programming.parameters import parameters_on, price_limit_for_year


def test_the_file_is_read_once_with_exact_fractions():
    assert parameters.load() is parameters.load()
    factor = parameters_on(datetime.date(2025, 1, 1)).plan_capacity_factor
    assert factor is not None
    assert factor.factor == Fraction(13, 10)
    assert "1.093.100 / 846.200" in factor.derivation
    # the national 2024 figure behind the rule of thumb rounds to 129%, the rule is 130%
    assert round(Fraction(1_093_100, 846_200) * 100) == 129


def test_the_law_applies_from_1_july_2026_and_says_the_date_is_not_certain():
    before = parameters_on(datetime.date(2026, 6, 30))
    after = parameters_on(datetime.date(2026, 7, 1))
    assert before.regie_in_force is False
    assert after.regie_in_force is True
    assert before.regie == after.regie
    rules = after.regie
    assert rules is not None
    assert rules.valid_from == datetime.date(2026, 7, 1)
    assert rules.valid_from_status == "nog niet zeker"
    assert (rules.regional_affordable, rules.regional_social_rent) == (
        Fraction(2, 3),
        Fraction(3, 10),
    )
    assert (rules.municipal_social_rent, rules.municipal_middle) == (
        Fraction(3, 10),
        Fraction(2, 5),
    )


def test_the_woondeal_mix_from_december_2022():
    assert parameters_on(datetime.date(2022, 11, 30)).woondeal_mix is None
    mix = parameters_on(datetime.date(2022, 12, 1)).woondeal_mix
    assert mix is not None
    assert (mix.social_rent, mix.middle, mix.expensive) == (
        Fraction(3, 10),
        Fraction(2, 5),
        Fraction(3, 10),
    )
    assert "december 2022" in mix.source


@pytest.mark.parametrize(
    ("year", "amount", "status", "pending"),
    [
        (2022, 355_000, "vastgesteld", False),
        (2023, 355_000, "vastgesteld", False),
        (2024, 390_000, "wetsvoorstel", False),
        (2025, 405_000, "wetsvoorstel", False),
        (2026, 405_000, "wetsvoorstel", True),
    ],
)
def test_price_limit_per_year(year, amount, status, pending):
    limit = price_limit_for_year(year)
    assert limit is not None
    assert (limit.amount, limit.status, limit.indexation_pending) == (amount, status, pending)
    assert limit.source


def test_no_price_limit_before_the_first_record():
    assert price_limit_for_year(2021) is None


def test_a_later_year_says_which_year_the_amount_is_of():
    limit = price_limit_for_year(2027)
    assert limit is not None
    assert (limit.year, limit.for_year, limit.indexed_yearly) == (2025, 2027, True)
    assert parameters_on(datetime.date(2027, 3, 1)).affordable_purchase_limit == limit


def test_woondeal_targets_add_up_and_the_news_figure_is_a_separate_record():
    regional = {t.region: t.homes for t in parameters.woondeal_targets() if t.kind == "regio"}
    assert regional == {
        "woondeal-noord-drenthe": 3790,
        "woondeal-zuidoost-drenthe": 4177,
        "woondeal-zuidwest-drenthe": 5033,
    }
    assert sum(regional.values()) == 13_000
    province = parameters.woondeal_targets("drenthe")
    assert sorted((t.homes, t.at_least, t.kind) for t in province) == [
        (13_000, False, "provincie"),
        (13_631, True, "nieuwsbericht"),
    ]
    assert all(t.source and t.horizon_year == 2030 for t in parameters.woondeal_targets())


def test_woondeal_membership_with_unconfirmed_members_marked():
    regions = {r.slug: r for r in parameters.woondeal_regions()}
    assert regions["woondeal-noord-drenthe"].codes == ("GM0106", "GM1699", "GM1730")
    assert "februari 2023" in regions["woondeal-noord-drenthe"].signed
    zuidoost = regions["woondeal-zuidoost-drenthe"]
    zuidwest = regions["woondeal-zuidwest-drenthe"]
    assert {"GM1681", "GM0109", "GM0114"} <= set(zuidoost.codes)
    assert {"GM1690", "GM0118", "GM0119", "GM1701"} <= set(zuidwest.codes)
    unconfirmed = {m.code for r in regions.values() for m in r.unconfirmed}
    assert unconfirmed == {"GM1680", "GM1731"}
    assert all("niet bevestigd" in m.note for r in regions.values() for m in r.unconfirmed)


def test_a_float_in_the_file_is_refused():
    with pytest.raises(ValueError, match="strings"):
        parameters.parse(
            {
                "plan_capacity_factor": [
                    {
                        "valid_from": datetime.date(2021, 1, 1),
                        "factor": 1.3,
                        "status": "x",
                        "source": "x",
                    }
                ]
            }
        )


def test_a_mix_that_does_not_add_up_is_refused():
    with pytest.raises(ValueError, match="100%"):
        parameters.parse(
            {
                "woondeal_mix": [
                    {
                        "valid_from": datetime.date(2022, 12, 1),
                        "social_rent": "0.3",
                        "middle": "0.4",
                        "expensive": "0.2",
                        "status": "x",
                        "source": "x",
                    }
                ]
            }
        )


def test_a_later_record_replaces_an_earlier_one_from_its_date():
    data = {
        "regie_rules": [
            {
                "valid_from": datetime.date(2027, 1, 1),
                "regional_affordable": "3/4",
                "regional_social_rent": "0.3",
                "municipal_social_rent": "0.3",
                "municipal_middle": "0.4",
                "status": "wet",
                "source": "later",
            },
            {
                "valid_from": datetime.date(2026, 7, 1),
                "regional_affordable": "2/3",
                "regional_social_rent": "0.3",
                "municipal_social_rent": "0.3",
                "municipal_middle": "0.4",
                "status": "wetsvoorstel",
                "source": "eerst",
            },
        ]
    }
    params = parameters.parse(data)
    on = {
        day: parameters_on(day, parameters=params).regie
        for day in (
            datetime.date(2026, 1, 1),
            datetime.date(2026, 12, 31),
            datetime.date(2027, 1, 1),
        )
    }
    assert [r.source if r else None for r in on.values()] == ["eerst", "eerst", "later"]
    assert parameters_on(datetime.date(2026, 1, 1), parameters=params).regie_in_force is False
