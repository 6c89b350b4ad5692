"""Disclosure control in the monitor API: what CBS would hide never leaves, in JSON or CSV."""

from __future__ import annotations

import pytest
from tests.factories import AreaFactory, ImportRunFactory, IndicatorFactory, IndicatorValueFactory

from woonmonitor.areas.models import Level
from woonmonitor.monitor.models import DisclosureKind, Theme, Unit, ValueOrigin

from . import test_monitor_api as base

pytestmark = pytest.mark.django_db

monitor = base.monitor  # the fixture: Borger-Odoorn, Assen, their wijken and buurten

#: WOZ values nobody may see, written so they cannot appear in a body by accident.
SECRET_WOZ = 287.375
SECRET_ENTERED = 312.625


@pytest.fixture
def protected(monitor):
    """Inhabitants (a rounded count) and the average WOZ value (hidden below 20 homes).

    WK168102 has only 15 homes: its WOZ value is secret, also the one a party entered for
    the buurt BU16810001, which has no known number of homes at all.
    """
    inhabitants = IndicatorFactory(
        key="inwoners",
        theme=Theme.DEMOGRAPHY,
        unit=Unit.COUNT,
        disclosure=DisclosureKind.COUNT_PERSONS,
    )
    woz = monitor.woz
    woz.disclosure = DisclosureKind.AVERAGE
    woz.disclosure_base = "woningvoorraad"
    woz.disclosure_minimum = 20
    woz.save()
    monitor.homes.values.filter(area__code="WK168102").update(value=15)
    monitor.homes.values.filter(area__code="BU16810001").delete()
    for code, value in (("GM1681", 25702), ("WK168100", 5433), ("WK168101", 3211)):
        monitor.value(inhabitants, code, 2024, value)
    for code, value in (("GM1681", 221.0), ("WK168100", 231.0), ("WK168102", SECRET_WOZ)):
        monitor.value(woz, code, 2024, value)
    monitor.value(
        woz, "BU16810001", 2024, SECRET_ENTERED, import_run=None, origin=ValueOrigin.ENTERED
    )
    return monitor


def _leaks(body: bytes) -> list[str]:
    texts = [str(SECRET_WOZ), str(SECRET_ENTERED)]
    texts += [text.replace(".", ",") for text in texts]
    return [text for text in texts if text in body.decode("utf-8")]


def test_a_value_below_the_minimum_is_null_with_the_reason(api_client, protected):
    response = api_client.get(base.values_url("woz-gemiddeld"), {"period": 2024})
    rows = {row["area"]: row for row in base.results(response)}
    assert (rows["WK168102"]["value"], rows["WK168102"]["status"]) == (None, "geheim")
    assert rows["WK168102"]["note"] == "minder dan 20 woningen"
    # Entered by a party, without a known number of homes: hidden just the same.
    assert (rows["BU16810001"]["value"], rows["BU16810001"]["status"]) == (None, "geheim")
    assert rows["BU16810001"]["note"] == "aantal woningen onbekend"
    assert (rows["WK168100"]["value"], rows["GM1681"]["value"]) == (231, 221)
    assert _leaks(response.content) == []


def test_csv_does_not_leak_either(api_client, protected):
    response = api_client.get(base.values_url("woz-gemiddeld"), {"period": 2024, "format": "csv"})
    rows = {row["area"]: row for row in base.read_csv(response)}
    assert (rows["WK168102"]["value"], rows["WK168102"]["status"]) == ("", "geheim")
    assert _leaks(response.content) == []


def test_counts_of_persons_are_rounded_below_the_municipality(api_client, protected):
    response = api_client.get(base.values_url("inwoners"), {"parent": "GM1681"})
    assert [(row["area"], row["value"]) for row in base.results(response)] == [
        ("WK168100", 5435),
        ("WK168101", 3210),
    ]
    response = api_client.get(base.values_url("inwoners"), {"level": "gemeente"})
    assert [row["value"] for row in base.results(response)] == [25702]


def test_rounding_to_the_precision_comes_after_disclosure_control(api_client, protected):
    share = IndicatorFactory(
        key="koopwoningen",
        unit=Unit.PERCENT,
        decimals=1,
        disclosure=DisclosureKind.SHARE,
        disclosure_base="woningvoorraad",
        disclosure_minimum=20,
    )
    protected.value(share, "WK168100", 2024, 64.4444444)
    protected.value(share, "WK168102", 2024, 71.2857142)  # 15 homes: secret, not 71.3
    response = api_client.get(base.values_url("koopwoningen"), {"parent": "GM1681"})
    rows = {row["area"]: row for row in base.results(response)}
    assert rows["WK168100"]["value"] == 64.4
    assert (rows["WK168102"]["value"], rows["WK168102"]["status"]) == (None, "geheim")
    assert "71.3" not in response.content.decode() and "71.28" not in response.content.decode()
    # a count of persons in a wijk: rounded to 5 by the CBS rule, then a whole number
    inhabitants = protected.homes.__class__.objects.get(key="inwoners")
    protected.value(inhabitants, "WK168102", 2024, 1432.6)
    response = api_client.get(base.values_url("inwoners"), {"area": "WK168102"})
    assert [row["value"] for row in base.results(response)] == [1435]


def test_the_profile_does_not_leak(api_client, protected):
    for code in ("WK168102", "BU16810001"):
        response = api_client.get(f"/api/v1/areas/{code}/profile/", {"period": 2024})
        woz = base.rows_by_key(response)["woz-gemiddeld"]
        assert (woz["value"], woz["status"]) == (None, "geheim")
        assert _leaks(response.content) == []
        download = api_client.get(
            f"/api/v1/areas/{code}/profile/", {"period": 2024, "format": "csv"}
        )
        assert _leaks(download.content) == []


@pytest.mark.parametrize("count", [3, 50])
def test_disclosure_reads_its_bases_in_one_query(api_client, django_assert_max_num_queries, count):
    homes = IndicatorFactory(key="woningvoorraad", disclosure=DisclosureKind.NONE)
    woz = IndicatorFactory(
        key="woz-gemiddeld",
        disclosure=DisclosureKind.AVERAGE,
        disclosure_base="woningvoorraad",
        disclosure_minimum=20,
    )
    run = ImportRunFactory(finished_at=base.LOADED)
    municipality = AreaFactory(code="GM0001", vintage=2024)
    for number in range(count):
        wijk = AreaFactory(
            code=f"WK0001{number:02d}", vintage=2024, level=Level.DISTRICT, parent=municipality
        )
        IndicatorValueFactory(indicator=homes, area=wijk, value=10 + number, import_run=run)
        IndicatorValueFactory(indicator=woz, area=wijk, value=250.5, import_run=run)
    # indicator, latest period, rows, their import runs, the numbers of homes
    with django_assert_max_num_queries(5):
        response = api_client.get(base.values_url("woz-gemiddeld"), {"parent": "GM0001"})
    # Wijk number n has 10 + n homes: the first ten have fewer than 20.
    statuses = [row["status"] for row in base.results(response)]
    assert statuses == ["geheim"] * min(count, 10) + ["definitief"] * max(count - 10, 0)
