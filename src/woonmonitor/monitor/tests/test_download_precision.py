"""Every download of the monitor's pages gives a value rounded to its indicator's precision
(``Indicator.decimals``), after disclosure control, and as a number (a Dutch decimal comma in
CSV, a JSON number), never as the 17 digits of a computed float."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse
from tests.factories import AreaGroupFactory

from woonmonitor.monitor.formatting import rounded

from .maps_world import SMALL_WIJK, borger_odoorn_fixture, number  # noqa: F401

VALTHE = "WK168100"
VALTHERMOND = "WK168101"


def occupancy(world, code: str) -> float:
    """Persons per home of a wijk in 2022 as stored: a float with many digits."""
    row = world.rows2022[code]
    return number(row["population"]) / number(row["dwelling_total"])


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.content
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def comma(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def test_rounded_is_pure():
    assert rounded(24.365442219769825, 0) == 24 and isinstance(rounded(24.4, 0), int)
    assert rounded(2.27357, 2) == 2.27
    assert rounded(2.0, 2) == 2 and isinstance(rounded(2.0, 2), int)
    assert rounded(231.5, 0) == 232
    assert rounded(None, 1) is None


def test_map_downloads(borger_odoorn, client):
    raw = occupancy(borger_odoorn, VALTHE)
    assert raw != round(raw, 2)
    query = {"indicator": "woningbezetting", "jaar": 2022, "niveau": "wijk", "gemeente": "GM1681"}
    rows = {
        row["code"]: row
        for row in read_csv(client.get(reverse("monitor:map-data", args=["csv"]), query))
    }
    assert rows[VALTHE]["waarde"] == comma(round(raw, 2))
    assert rows[SMALL_WIJK]["waarde"] == ""  # 12 homes: secret before anything is rounded
    data = json.loads(client.get(reverse("monitor:map-data", args=["json"]), query).content)
    values = {row["code"]: row["value"] for row in data["rows"]}
    assert values[VALTHE] == round(raw, 2)
    assert values[SMALL_WIJK] is None


def test_compare_downloads(borger_odoorn, client):
    raw = occupancy(borger_odoorn, VALTHERMOND)
    query = {"gebied": [VALTHE, VALTHERMOND], "indicator": "woningbezetting", "jaar": 2022}
    rows = read_csv(client.get(reverse("monitor:compare-data", args=["csv"]), query))
    by_code = {row["code"]: row["waarde"] for row in rows}
    assert by_code[VALTHERMOND] == comma(round(raw, 2))
    data = json.loads(client.get(reverse("monitor:compare-data", args=["json"]), query).content)
    by_code = {row["area"]: row["value"] for row in data["rows"]}
    assert by_code[VALTHERMOND] == round(raw, 2)


def test_profile_downloads(borger_odoorn, client):
    raw = occupancy(borger_odoorn, VALTHE)
    url = reverse("monitor:profile-data", args=[VALTHE, "csv"])
    rows = {row["key"]: row for row in read_csv(client.get(url, {"jaar": 2022}))}
    assert rows["woningbezetting"]["value"] == comma(round(raw, 2))
    assert rows["inwoners"]["value"].isdigit()  # a whole number, no ",0"
    url = reverse("monitor:profile-data", args=[VALTHE, "json"])
    data = json.loads(client.get(url, {"jaar": 2022}).content)
    rows = {row["key"]: row for row in data["rows"]}
    assert rows["woningbezetting"]["value"] == round(raw, 2)
    gemeente = number(borger_odoorn.rows2022["GM1681"]["population"]) / number(
        borger_odoorn.rows2022["GM1681"]["dwelling_total"]
    )
    assert rows["woningbezetting"]["municipality_value"] == round(gemeente, 2)


def test_trend_downloads(borger_odoorn, client):
    raw = occupancy(borger_odoorn, VALTHE)
    url = reverse("monitor:trend-data", args=[VALTHE, "woningbezetting", "csv"])
    rows = [row for row in read_csv(client.get(url)) if row["area"] == VALTHE]
    assert [row["value"] for row in rows] == [comma(round(raw, 2))]
    url = reverse("monitor:trend-data", args=[VALTHE, "woningbezetting", "json"])
    data = json.loads(client.get(url).content)
    values = [row["value"] for row in data["rows"] if row["area"] == VALTHE]
    assert values == [round(raw, 2)]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_group_downloads(borger_odoorn, client, fmt):
    group = AreaGroupFactory(slug="valthe-en-valthermond", member_codes=[VALTHE, VALTHERMOND])
    response = client.get(reverse("monitor:group-data", args=[group.slug, fmt]), {"jaar": 2022})
    if fmt == "csv":
        rows = {row["key"]: row["value"] for row in read_csv(response)}
        value = rows["woningbezetting"]
        assert "," in value and len(value.split(",")[1]) <= 2
    else:
        rows = {row["key"]: row["value"] for row in json.loads(response.content)["rows"]}
        value = rows["woningbezetting"]
        assert value == round(value, 2)
