"""``disclose_rows``: the disclosure rules applied to value rows; bases fetched in one query."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from tests.factories import AreaFactory, IndicatorFactory

from woonmonitor.areas.models import Level
from woonmonitor.monitor.aggregation import ratio
from woonmonitor.monitor.models import Indicator, IndicatorValue, ValueStatus
from woonmonitor.monitor.public import disclose_rows
from woonmonitor.monitor.services import NewValue, store_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    gemeente = AreaFactory(code="GM1681", name="Borger-Odoorn", level=Level.MUNICIPALITY)
    big = AreaFactory(code="WK168100", name="Valthe", level=Level.DISTRICT, parent=gemeente)
    small = AreaFactory(code="WK168193", name="Klein", level=Level.DISTRICT, parent=gemeente)
    province = AreaFactory(code="PV22", name="Drenthe", level=Level.PROVINCE)
    inhabitants = IndicatorFactory(key="inwoners", disclosure="aantal-personen")
    homes = IndicatorFactory(key="woningvoorraad", disclosure="aantal")
    share = IndicatorFactory(
        key="aandeel-65-plus",
        unit="procent",
        disclosure="aandeel",
        disclosure_base="inwoners",
        disclosure_minimum=10,
    )
    woz = IndicatorFactory(
        key="woz-gemiddeld",
        unit="x1000-euro",
        disclosure="gemiddelde",
        disclosure_base="woningvoorraad",
        disclosure_minimum=20,
    )
    return {
        "gemeente": gemeente,
        "big": big,
        "small": small,
        "province": province,
        "inwoners": inhabitants,
        "woningvoorraad": homes,
        "share": share,
        "woz": woz,
    }


def store(indicator, area, value, *, period=2024, status="definitief", note=""):
    store_values(values=[NewValue(indicator.pk, area.pk, period, value, status, note)])


def rows_of(*indicators, period=2024):
    return IndicatorValue.objects.current().filter(indicator__in=indicators, period=period).rows()


def by_area(rows):
    return {row["area__code"]: row for row in rows}


def indicator_map(*indicators):
    return {indicator.pk: indicator for indicator in indicators}


def test_shares_of_small_areas_are_hidden_with_one_query(world, django_assert_num_queries):
    store(world["inwoners"], world["big"], 1215)
    store(world["inwoners"], world["small"], 5)
    store(world["share"], world["big"], 24.0)
    store(world["share"], world["small"], 40.0)
    rows = rows_of(world["share"])
    with django_assert_num_queries(1):
        public = by_area(disclose_rows(rows, indicator_map(world["share"])))
    assert (public["WK168100"]["value"], public["WK168100"]["status"]) == (24.0, "definitief")
    small = public["WK168193"]
    assert (small["value"], small["status"], small["note"]) == (
        None,
        "geheim",
        "minder dan 10 inwoners",
    )


def test_rows_are_copies_and_keep_their_other_fields(world):
    store(world["share"], world["small"], 40.0)
    rows = rows_of(world["share"])
    public = disclose_rows(rows, indicator_map(world["share"]))
    assert rows[0]["value"] == 40.0  # the caller's row is untouched
    assert public[0]["value"] is None
    assert public[0]["note"] == "aantal inwoners onbekend"
    assert public[0]["area__name"] == "Klein"
    assert set(public[0]) == set(rows[0])


def test_bases_already_in_the_rows_need_no_query(world, django_assert_num_queries):
    store(world["inwoners"], world["big"], 1215)
    store(world["share"], world["big"], 24.0)
    rows = rows_of(world["inwoners"], world["share"])
    with django_assert_num_queries(0):
        public = disclose_rows(rows, indicator_map(world["inwoners"], world["share"]))
    assert {row["value"] for row in public} == {1215.0, 24.0}


def test_counts_are_rounded_in_wijken_but_not_in_the_gemeente(world):
    store(world["inwoners"], world["big"], 1213)
    store(world["inwoners"], world["gemeente"], 26014)
    store(world["woningvoorraad"], world["small"], 11)
    indicators = indicator_map(world["inwoners"], world["woningvoorraad"])
    public = by_area(disclose_rows(rows_of(world["inwoners"]), indicators))
    assert public["WK168100"]["value"] == 1215
    assert public["GM1681"]["value"] == 26014
    homes = disclose_rows(rows_of(world["woningvoorraad"]), indicators)
    assert homes[0]["value"] == 11  # homes are not persons: never rounded


def test_average_about_homes_uses_the_housing_stock(world):
    store(world["woningvoorraad"], world["big"], 542)
    store(world["woningvoorraad"], world["small"], 11)
    store(world["woz"], world["big"], 251)
    store(world["woz"], world["small"], 199)
    public = by_area(disclose_rows(rows_of(world["woz"]), indicator_map(world["woz"])))
    assert public["WK168100"]["value"] == 251
    assert public["WK168193"]["note"] == "minder dan 20 woningen"


def test_a_secret_or_old_base_is_not_a_base(world):
    store(world["inwoners"], world["big"], None, status=ValueStatus.SUPPRESSED, note="CBS: geheim")
    store(world["inwoners"], world["small"], 500)
    store(world["inwoners"], world["small"], 5)  # a correction: 500 is no longer current
    store(world["inwoners"], world["gemeente"], 26014, period=2023)  # another period
    for area in ("big", "small", "gemeente"):
        store(world["share"], world[area], 30.0)
    public = by_area(disclose_rows(rows_of(world["share"]), indicator_map(world["share"])))
    assert public["WK168100"]["note"] == "aantal inwoners onbekend"
    assert public["WK168193"]["note"] == "minder dan 10 inwoners"
    assert public["GM1681"]["note"] == "aantal inwoners onbekend"


def test_provinces_need_no_base(world, django_assert_num_queries):
    store(world["share"], world["province"], 21.5)
    rows = rows_of(world["share"])
    with django_assert_num_queries(0):
        public = disclose_rows(rows, indicator_map(world["share"]))
    assert public[0]["value"] == 21.5


def test_values_secret_or_missing_in_the_source_stay_so(world):
    store(world["inwoners"], world["big"], 1215)
    store(world["share"], world["big"], None, status="geheim", note="CBS: geheim (-99997)")
    store(world["woz"], world["big"], None, status="ontbreekt", note="CBS: (.)")
    rows = rows_of(world["share"], world["woz"])
    public = disclose_rows(rows, indicator_map(world["share"], world["woz"]))
    assert {(row["status"], row["note"]) for row in public} == {
        ("geheim", "CBS: geheim (-99997)"),
        ("ontbreekt", "CBS: (.)"),
    }


def test_party_entered_values_follow_the_same_rules(world):
    store(world["inwoners"], world["small"], 5)
    store_values(
        values=[
            NewValue(
                world["share"].pk, world["small"].pk, 2024, 60.0, "definitief", "", "ingevoerd"
            )
        ]
    )
    public = disclose_rows(rows_of(world["share"]), indicator_map(world["share"]))
    assert (public[0]["origin"], public[0]["value"]) == ("ingevoerd", None)


def test_a_row_without_known_indicator_is_suppressed(world):
    store(world["share"], world["big"], 24.0)
    public = disclose_rows(rows_of(world["share"]), {})
    assert (public[0]["value"], public[0]["status"]) == (None, "geheim")


def test_many_areas_filter_by_level_in_one_query(world, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr("woonmonitor.monitor.public.MAX_LISTED_AREAS", 1)
    store(world["inwoners"], world["big"], 1215)
    store(world["inwoners"], world["small"], 5)
    store(world["share"], world["big"], 24.0)
    store(world["share"], world["small"], 40.0)
    rows = rows_of(world["share"])
    with django_assert_num_queries(1):
        public = by_area(disclose_rows(rows, indicator_map(world["share"])))
    assert public["WK168100"]["value"] == 24.0
    assert public["WK168193"]["value"] is None


def test_real_kwb_2024_wijken_of_borger_odoorn():
    """Real inhabitants and homes (CBS already rounded the wijk counts); the real catalogue."""
    call_command("load_indicators", verbosity=0)
    path = settings.WOONMONITOR_DATA_DIR / "kwb-2024-gm-wk" / "stripped_filtered_data_2024.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    gemeente = AreaFactory(code="GM1681", name="Borger-Odoorn", level=Level.MUNICIPALITY)
    areas = {"GM1681": gemeente}
    for code in data:
        if code.startswith("WK1681"):
            areas[code] = AreaFactory(code=code, level=Level.DISTRICT, parent=gemeente)
    indicators = Indicator.objects.by_keys(["inwoners", "woningvoorraad", "woningbezetting"])
    values = []
    for code, area in areas.items():
        people, homes = data[code]["AantalInwoners_5"], data[code]["Woningvoorraad_35"]
        values += [
            NewValue(indicators["inwoners"].pk, area.pk, 2024, people, "definitief"),
            NewValue(indicators["woningvoorraad"].pk, area.pk, 2024, homes, "definitief"),
            NewValue(
                indicators["woningbezetting"].pk,
                area.pk,
                2024,
                ratio(people, homes),
                "definitief",
                "",
                "berekend",
            ),
        ]
    store_values(values=values)
    rows = IndicatorValue.objects.current().filter(period=2024).rows()
    public = disclose_rows(rows, {i.pk: i for i in indicators.values()})
    shown = {(row["area__code"], indicators_key(indicators, row)): row for row in public}
    assert shown[("GM1681", "inwoners")]["value"] == 26014  # the gemeente is not rounded
    assert shown[("WK168100", "inwoners")]["value"] == 1215
    assert shown[("WK168100", "woningbezetting")]["value"] == pytest.approx(1215 / 542)
    # Wijk 93 has 11 homes: CBS publishes no average over fewer than 20 homes, nor do we.
    small = shown[("WK168193", "woningbezetting")]
    assert (small["value"], small["status"], small["note"]) == (
        None,
        "geheim",
        "minder dan 20 woningen",
    )
    wijk_counts = [row["value"] for (code, key), row in shown.items() if key == "inwoners"]
    assert all(value % 5 == 0 for value in wijk_counts if value != 26014)


def indicators_key(indicators, row):
    return next(key for key, indicator in indicators.items() if indicator.pk == row["indicator_id"])
