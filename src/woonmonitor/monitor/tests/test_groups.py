"""Groups of areas: each indicator by its own rule, complete or nothing, disclosed afterwards."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from tests.factories import (
    AreaGroupFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    RegionFactory,
    RegionMemberFactory,
)

from woonmonitor.imports.errors import MalformedFile
from woonmonitor.monitor.group_loading import DEFAULT_PATH, read_groups
from woonmonitor.monitor.groups import combine, find_group, group_rows, group_values
from woonmonitor.monitor.models import (
    Aggregation,
    AreaGroup,
    Computation,
    Indicator,
    Theme,
    ValueStatus,
)

from .area_world import kwb2022, kwb2024, world_fixture  # noqa: F401


def spec(key, aggregation=Aggregation.SUM, **extra) -> Indicator:
    return Indicator(key=key, name=key.capitalize(), aggregation=aggregation, **extra)


CODES = ["WK1", "WK2", "WK3"]
BY_KEY = {
    "inwoners": spec("inwoners"),
    "woningen": spec("woningen"),
    "woz": spec("woz", Aggregation.WEIGHTED_MEAN, weight="woningen"),
    "bezetting": spec(
        "bezetting",
        Aggregation.WEIGHTED_MEAN,
        weight="woningen",
        computation=Computation.RATIO,
        numerator="inwoners",
        denominator="woningen",
        factor=1.0,
    ),
    "klasse": spec("klasse", Aggregation.NONE),
}
VALUES = {
    "inwoners": {"WK1": 1230.0, "WK2": 3385.0, "WK3": 35.0},
    "woningen": {"WK1": 541.0, "WK2": 1459.0, "WK3": 12.0},
    "woz": {"WK1": 282.0, "WK2": 212.0},
    "klasse": {"WK1": 5.0, "WK2": 5.0, "WK3": 5.0},
}


def test_counts_add_up():
    whole = combine(BY_KEY["inwoners"], CODES, VALUES, BY_KEY)
    assert whole.value == 1230 + 3385 + 35
    assert whole.note == "som van 3 gebieden"


def test_averages_are_weighted_by_their_weight_indicator():
    whole = combine(BY_KEY["woz"], ["WK1", "WK2"], VALUES, BY_KEY)
    assert whole.value == pytest.approx((282 * 541 + 212 * 1459) / (541 + 1459))


def test_an_incomplete_group_has_no_value_and_says_how_many_are_missing():
    whole = combine(BY_KEY["woz"], CODES, VALUES, BY_KEY)
    assert whole.value is None
    assert whole.note == "1 van 3 gebieden zonder waarde"


def test_a_ratio_is_the_ratio_of_the_aggregated_numerator_and_denominator():
    whole = combine(BY_KEY["bezetting"], CODES, VALUES, BY_KEY)
    assert whole.value == pytest.approx((1230 + 3385 + 35) / (541 + 1459 + 12))
    assert "Inwoners gedeeld door Woningen" in whole.note


def test_a_ratio_without_its_parts_falls_back_to_its_own_rule():
    values = {"bezetting": {"WK1": 2.27, "WK2": 2.32}, "woningen": VALUES["woningen"]}
    whole = combine(BY_KEY["bezetting"], ["WK1", "WK2"], values, BY_KEY)
    assert whole.value == pytest.approx((2.27 * 541 + 2.32 * 1459) / 2000)
    assert whole.note.startswith("gewogen gemiddelde")


def test_a_ratio_without_parts_or_own_values_says_why():
    whole = combine(BY_KEY["bezetting"], CODES, {"woningen": VALUES["woningen"]}, BY_KEY)
    assert whole.value is None
    assert whole.note == "3 van 3 gebieden zonder waarde"


def test_some_figures_do_not_add_up_at_all():
    whole = combine(BY_KEY["klasse"], CODES, VALUES, BY_KEY)
    assert whole.value is None and whole.note == "niet op te tellen over gebieden"


def _value(result, key):
    return next(v for v in result.values if v.indicator.key == key)


def test_village_group_of_real_wijken(world):
    AreaGroupFactory(
        slug="valthe-valthermond",
        name="Valthe en Valthermond",
        member_codes=["WK168100", "wk168101"],
    )
    result = group_values(group=find_group("valthe-valthermond"), period=2022)

    assert result.period == 2022
    assert [m.code for m in result.members] == ["WK168100", "WK168101"]
    assert _value(result, "inwoners").value == 1230 + 3385
    assert _value(result, "woningvoorraad").value == 541 + 1459
    woz = _value(result, "woz-gemiddeld")
    assert woz.value == pytest.approx((282 * 541 + 212 * 1459) / 2000)
    assert woz.text == "€ 231.000"
    assert (woz.with_value, woz.members) == (2, 2)
    occupancy = _value(result, "woningbezetting")
    assert occupancy.value == pytest.approx((1230 + 3385) / 2000)
    share = _value(result, "aandeel-65-plus")  # KWB 2022 publishes the share only
    assert share.value == pytest.approx((27 * 1230 + 22 * 3385) / (1230 + 3385))
    # the members' sources, then the group's own values as the Woonmonitor's computation
    assert result.sources[0].citation == (
        "CBS, Kerncijfers wijken en buurten 2022, met wijk- en buurtkaart (85318NED)"
    )
    assert all("tmap" not in line.text for line in result.sources)
    # the members' own source (the tmap file), not a guess from the catalogue's table
    assert woz.citation.citation == (
        "Woonmonitor, opgeteld uit kleinere gebieden; bron: CBS, Kerncijfers wijken en buurten "
        "2022, met wijk- en buurtkaart (85318NED)"
    )
    assert woz.citation.reference_date == date(2021, 1, 1)  # WOZ: valued a year earlier
    assert occupancy.citation.citation.startswith("Woonmonitor, berekend uit andere indicatoren")
    assert {row["key"] for row in group_rows(result)} >= {"inwoners", "woz-gemiddeld"}


def test_aggregated_from_stored_values_then_disclosed_as_a_whole(world):
    AreaGroupFactory(slug="ellertshaar", member_codes=["WK168193"])
    AreaGroupFactory(slug="ellertshaar-valthe", member_codes=["WK168193", "WK168100"])

    small = group_values(group=find_group("ellertshaar"), period=2022)
    occupancy = _value(small, "woningbezetting")  # 35 inhabitants, 12 homes: too small
    assert occupancy.value is None
    assert occupancy.status == ValueStatus.SUPPRESSED
    assert occupancy.reason == "geheim: minder dan 20 woningen"

    larger = group_values(group=find_group("ellertshaar-valthe"), period=2022)
    # Ellertshaar alone is suppressed, but the group of both is large enough to publish
    assert _value(larger, "woningbezetting").value == pytest.approx((35 + 1230) / (12 + 541))
    woz = _value(larger, "woz-gemiddeld")  # CBS did not publish Ellertshaar's WOZ
    assert woz.value is None
    assert woz.reason == "ontbreekt: 1 van 2 gebieden zonder waarde"
    assert (woz.with_value, woz.members) == (1, 2)


def test_region_of_gemeenten_with_a_member_not_loaded(world):
    region = RegionFactory(slug="boce", name="BOCE")
    RegionMemberFactory(region=region, municipality_code="GM1681")
    RegionMemberFactory(region=region, municipality_code="GM0114")

    result = group_values(group=find_group("boce"), period=2022)
    assert result.group.kind == "regio"
    inhabitants = _value(result, "inwoners")
    assert inhabitants.value is None
    assert inhabitants.note == "1 van 2 gebieden zonder waarde"
    emmen = next(m for m in result.members if m.code == "GM0114")
    assert emmen.vintage is None


def test_an_area_group_wins_over_a_region_with_the_same_slug_and_unknown_is_none(db):
    RegionFactory(slug="samen", name="Regio")
    AreaGroupFactory(slug="samen", name="Dorp", member_codes=["WK168100"])
    assert find_group("samen").name == "Dorp"
    assert find_group("onbekend") is None


def test_default_period_and_periods(world):
    AreaGroupFactory(slug="g", member_codes=["GM1681"])
    result = group_values(group=find_group("g"))
    assert result.period == 2024  # 2 indicators, enough beside the 7 of 2022
    assert result.periods == [2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2022, 2024]


def test_group_queries_do_not_grow_with_members_or_indicators(world, django_assert_max_num_queries):
    AreaGroupFactory(slug="g", member_codes=["WK168100", "WK168101", "WK168193"])
    group = find_group("g")
    # +4: the sources behind derived values (the latest run, twice, and once per version of
    # the data the aggregate of imported sources and their entries)
    with django_assert_max_num_queries(9):
        before = group_values(group=group, period=2022)
    for n in range(20):
        indicator = IndicatorFactory(theme=Theme.LIVABILITY, disclosure="geen")
        for code in ("WK168100", "WK168101", "WK168193"):
            IndicatorValueFactory(indicator=indicator, area=world.area(code), period=2022, value=n)
    with django_assert_max_num_queries(9):
        after = group_values(group=group, period=2022)
    assert len(after.values) == len(before.values) + 20


def test_the_shipped_groups_file_names_real_wijken_whose_cbs_names_show_the_group(db):
    specs = read_groups(DEFAULT_PATH.read_text(encoding="utf-8"))
    names = kwb2022()
    codes_2024 = set(kwb2024())
    for spec in specs:
        assert spec.source
        assert set(spec.member_codes) <= codes_2024
        member_names = [names[code]["name"] for code in spec.member_codes]
        assert all("Kern Emmen" in name for name in member_names), member_names
    call_command("load_area_groups", stdout=io.StringIO())
    call_command("load_area_groups", stdout=io.StringIO())  # again: updated, not doubled
    assert AreaGroup.objects.count() == len(specs)


@pytest.mark.parametrize(
    ("groups", "problem"),
    [
        (
            [
                {
                    "slug": "Fout Slug",
                    "name": "x",
                    "kind": "dorp",
                    "source": "s",
                    "member_codes": ["WK168100", "WK168101"],
                }
            ],
            "ongeldige slug",
        ),
        (
            [
                {
                    "slug": "a",
                    "name": "x",
                    "kind": "stad",
                    "source": "s",
                    "member_codes": ["WK168100", "WK168101"],
                }
            ],
            "soort moet",
        ),
        (
            [
                {
                    "slug": "a",
                    "name": "x",
                    "kind": "dorp",
                    "source": "",
                    "member_codes": ["WK168100", "WK168101"],
                }
            ],
            "bron ontbreekt",
        ),
        (
            [
                {
                    "slug": "a",
                    "name": "x",
                    "kind": "dorp",
                    "source": "s",
                    "member_codes": ["WK168100"],
                }
            ],
            "minstens twee",
        ),
        (
            [
                {
                    "slug": "a",
                    "name": "x",
                    "kind": "dorp",
                    "source": "s",
                    "member_codes": ["GM1681", "WK168100"],
                }
            ],
            "geen wijk- of buurtcode: GM1681",
        ),
        ([], "geen groepen"),
    ],
)
def test_a_bad_groups_file_is_refused_with_the_reason(groups, problem):
    with pytest.raises(MalformedFile) as error:
        read_groups(json.dumps({"groups": groups}))
    assert problem in str(error.value)


def test_a_bad_file_stores_nothing(db, tmp_path):
    path = tmp_path / "groups.json"
    path.write_text("{nope", encoding="utf-8")
    with pytest.raises(CommandError, match="geen geldige JSON"):
        call_command("load_area_groups", str(path), stdout=io.StringIO())
    assert AreaGroup.objects.count() == 0
