"""The area profile (factsheet) in the API, in JSON and CSV."""

from __future__ import annotations

import pytest
from tests.factories import AreaFactory, IndicatorFactory, IndicatorValueFactory

from woonmonitor.api.views.monitor import PROFILE_COLUMNS
from woonmonitor.areas.models import Level
from woonmonitor.monitor.profile import CSV_COLUMNS

from . import test_monitor_api as base

pytestmark = pytest.mark.django_db

monitor = base.monitor  # the fixture: Borger-Odoorn, Assen, their wijken and buurten


def profile_url(code: str) -> str:
    return f"/api/v1/areas/{code}/profile/"


@pytest.fixture
def compared(monitor):
    """The province and the country have housing stock too."""
    monitor.value(monitor.homes, "PV22", 2024, 232000)
    monitor.value(monitor.homes, "NL01", 2024, 8100000)
    return monitor


def test_profile_of_a_wijk(api_client, compared):
    response = api_client.get(profile_url("WK168100"), {"period": 2024})
    body = response.json()
    assert {k: v for k, v in body.items() if k != "rows"} == {
        "area": "WK168100",
        "name": "Borger",
        "level": "wijk",
        "vintage": 2024,
        "period": 2024,
        "periods": [2022, 2024],
        "comparisons": [
            {
                "role": "municipality",
                "code": "GM1681",
                "name": "Borger-Odoorn",
                "level": "gemeente",
            },
            {"role": "province", "code": "PV22", "name": "Drenthe", "level": "provincie"},
            {"role": "country", "code": "NL01", "name": "Nederland", "level": "land"},
        ],
        "count": 2,
    }
    rows = base.rows_by_key(response)
    homes = rows["woningvoorraad"]
    assert (homes["area"], homes["theme"], homes["unit"], homes["vintage"]) == (
        "WK168100",
        "wonen",
        "aantal",
        2024,
    )
    assert (homes["value"], homes["status"]) == (2450, "definitief")
    assert (homes["municipality_value"], homes["province_value"], homes["country_value"]) == (
        11835,
        232000,
        8100000,
    )
    assert homes["source"] == base.SOURCE_2024
    assert (homes["reference_date"], homes["published_on"]) == ("2024-01-01", "2025-03-27")
    assert homes["loaded_at"] == base.LOADED_AT
    assert "source_run" not in homes
    # No WOZ value in 2024: the latest year with one (2022), rounded, and which year it is.
    woz = rows["woz-gemiddeld"]
    assert (woz["value"], woz["status"], woz["period"], woz["value_period"]) == (
        232,
        "definitief",
        2024,
        2022,
    )
    assert woz["municipality_value"] is None  # the gemeente has no WOZ value in 2022
    assert homes["value_period"] == 2024


def test_period_defaults_to_the_latest_one(api_client, monitor):
    body = api_client.get(profile_url("GM1681")).json()
    assert (body["period"], body["vintage"]) == (2024, 2024)


def test_an_older_period_takes_the_vintage_that_has_its_values(api_client, monitor):
    response = api_client.get(profile_url("wk168100"), {"period": 2022})
    assert (response.json()["vintage"], response.json()["period"]) == (2022, 2022)
    rows = base.rows_by_key(response)
    # rounded to the indicator's precision: a WOZ value (x 1000 euro) has no decimals
    assert (rows["woningvoorraad"]["value"], rows["woz-gemiddeld"]["value"]) == (2400, 232)
    assert rows["woningvoorraad"]["municipality_value"] == 11700


def test_csv_has_the_json_rows(api_client, compared):
    for params in ({"period": 2024}, {"period": 2022}, {}):
        rows = api_client.get(profile_url("WK168100"), params).json()["rows"]
        download = api_client.get(profile_url("WK168100"), {**params, "format": "csv"})
        # the page download's columns and, in the API, when each value was loaded
        assert download.content.decode("utf-8")[1:].splitlines()[0] == ";".join(PROFILE_COLUMNS)
        assert (*CSV_COLUMNS, "loaded_at") == PROFILE_COLUMNS
        assert base.read_csv(download) == base.as_csv_cells(
            [{column: row[column] for column in PROFILE_COLUMNS} for row in rows]
        )
    assert (
        download["Content-Disposition"] == 'attachment; filename="profiel-WK168100-2024-2024.csv"'
    )


@pytest.mark.parametrize(
    ("url", "params", "status", "message"),
    [
        (profile_url("WK999999"), {}, 404, "Onbekend gebied: WK999999."),
        (
            profile_url("WK168102"),
            {"period": 2022},
            404,
            "Er zijn geen cijfers voor Exloo (WK168102) over 2022.",
        ),
        (profile_url("GM0106"), {"period": "dit-jaar"}, 400, "De periode moet een jaartal zijn"),
    ],
)
def test_errors_are_json_in_dutch(api_client, monitor, url, params, status, message):
    AreaFactory(code="WK010699", vintage=2024, level=Level.DISTRICT)  # a code without values
    for extra in ({}, {"format": "csv"}):
        response = api_client.get(url, {**params, **extra})
        assert response.status_code == status
        assert response["Content-Type"] == "application/json"
        assert message in str(response.json())
    response = api_client.get(profile_url("WK010699"))
    assert response.status_code == 404
    assert "Er zijn geen cijfers voor" in response.json()["detail"]


@pytest.mark.parametrize("count", [3, 30])
def test_the_query_count_does_not_grow_with_the_indicators(
    api_client, django_assert_max_num_queries, monitor, count
):
    area = monitor.areas["WK168101@2024"]
    for number in range(count):
        indicator = IndicatorFactory(key=f"extra-{number}")
        IndicatorValueFactory(indicator=indicator, area=area, period=2024)
    with django_assert_max_num_queries(6):
        response = api_client.get(profile_url("WK168101"), {"format": "csv"})
    assert len(base.read_csv(response)) == count + 2
