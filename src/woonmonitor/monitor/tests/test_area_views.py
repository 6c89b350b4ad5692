"""The area pages (profile, trend, group) and their CSV/JSON downloads, public and N+1 free."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import CAST
from django.urls import reverse
from tests.factories import (
    AreaFactory,
    AreaGroupFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    RegionFactory,
    RegionMemberFactory,
)

from woonmonitor.areas.models import Level
from woonmonitor.monitor.models import Theme

from .area_world import world_fixture  # noqa: F401


def rows_of(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


@pytest.mark.parametrize("who", CAST)
def test_profile_is_public(world, client_for, who):
    response = client_for(who).get(reverse("monitor:profile", args=["WK168100"]), {"jaar": 2022})
    assert response.status_code == 200


def test_wijk_profile_shows_values_beside_the_larger_areas_with_sources(world, client):
    response = client.get(reverse("monitor:profile", args=["wk168100"]), {"jaar": 2022})
    html = response.content.decode()

    assert "Gebiedsprofiel Valthe" in html
    assert "€ 282.000" in html and "€ 253.000" in html  # Valthe beside Borger-Odoorn
    assert "80 %" in html and "74 %" in html
    assert "Borger-Odoorn" in html and "Drenthe" in html and "Nederland" in html
    # beside each figure the source as CBS names it, with the peildatum; not the route
    assert "CBS, Kerncijfers wijken en buurten 2022, met wijk- en buurtkaart (85318NED)" in html
    assert "peildatum 1 januari 2022" in html
    assert "tmap" not in html and "geladen op" not in html
    assert "Nog geen gegevens voor dit gebied: " in html
    assert reverse("monitor:trend", args=["WK168100", "woz-gemiddeld"]) in html
    assert reverse("reports:factsheet-pdf", args=["WK168100"]) + "?jaar=2022" in html
    assert '<option value="2022" selected>' in html
    assert response.context["profile"].period == 2022


def test_gemeente_profile_lists_its_wijken_and_regions(world, client):
    region = RegionFactory(slug="boce", name="BOCE")
    RegionMemberFactory(region=region, municipality_code="GM1681")
    response = client.get(reverse("monitor:profile", args=["GM1681"]), {"jaar": 2022})
    html = response.content.decode()
    assert "Gebieden in Borger-Odoorn" in html
    assert "Valthermond" in html and "3.385" in html and "€ 212.000" in html
    assert reverse("monitor:group", args=["boce"]) + "?jaar=2022" in html


def test_profile_errors(world, client):
    assert client.get(reverse("monitor:profile", args=["WK999999"])).status_code == 404
    url = reverse("monitor:profile", args=["WK168100"])
    assert client.get(url, {"jaar": "twintig"}).status_code == 404
    response = client.get(url, {"jaar": 1999})
    assert response.status_code == 200
    assert "Voor dit gebied zijn geen cijfers over 1999 geladen." in response.content.decode()
    assert client.get(reverse("monitor:profile-data", args=["WK168100", "xml"])).status_code == 404
    assert client.post(url).status_code == 405


def test_profile_csv_and_json(world, client):
    url = reverse("monitor:profile-data", args=["WK168100", "csv"])
    response = client.get(url, {"jaar": 2022})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="profiel-WK168100-2022.csv"' in response["Content-Disposition"]
    rows = {row["key"]: row for row in rows_of(response)}
    woz = rows["woz-gemiddeld"]
    assert (woz["value"], woz["municipality_value"], woz["status"]) == ("282", "253", "definitief")
    assert (
        woz["source"]
        == "CBS, Kerncijfers wijken en buurten 2022, met wijk- en buurtkaart (85318NED)"
    )
    # WOZ 2022 is valued on 1 January 2021 (catalogue reference_offset -1)
    assert (woz["reference_date"], woz["published_on"]) == ("2021-01-01", "")
    assert "loaded_at" not in woz and "source_run" not in woz
    # rounded to its precision (2 decimals), a Dutch decimal comma: still a number to Excel
    assert rows["woningbezetting"]["value"] == "2,27"

    data = json.loads(
        client.get(
            reverse("monitor:profile-data", args=["WK168100", "json"]), {"jaar": 2022}
        ).content
    )
    assert data["area"] == {"code": "WK168100", "name": "Valthe", "level": "wijk", "vintage": 2022}
    assert [c["code"] for c in data["comparisons"]] == ["GM1681", "PV22", "NL01"]
    assert data["periods"] == [2022, 2024]
    woz = next(row for row in data["rows"] if row["key"] == "woz-gemiddeld")
    assert woz["value"] == 282 and woz["country_value"] is not None


def test_trend_page_with_chart_table_and_honest_break(world, client):
    response = client.get(reverse("monitor:trend", args=["WK168100", "inwoners"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('role="img"') == 3  # counts: one chart per area
    assert (
        "Niet vastgesteld dat WK168100 in de indeling 2022 hetzelfde gebied is als in 2024" in html
    )
    assert "Valthe (wijk, indeling 2022)" in html and "Valthe (wijk, indeling 2024)" in html
    assert "1.230" in html and "1.215" in html
    assert "CBS, Kerncijfers wijken en buurten 2024 (85984NED)" in html
    assert "peildatum 1 januari van het jaar" in html and "gepubliceerd 27 maart 2025" in html


def test_trend_of_a_share_is_one_chart_with_the_larger_areas(world, client):
    html = client.get(reverse("monitor:trend", args=["WK168100", "koopwoningen"])).content.decode()
    assert html.count('role="img"') == 1
    assert "Borger-Odoorn (gemeente)" in html and "Drenthe (provincie)" in html


def test_trend_of_the_stock_2012_2020(world, client):
    response = client.get(reverse("monitor:trend", args=["GM1681", "voorraad-eind"]))
    html = response.content.decode()
    assert "11.619" in html and "11.224" in html
    assert "Gebiedsgrenzen" not in html  # one joined line, no break
    assert (
        "CBS, Voorraad woningen en niet-woningen; mutaties, gebruiksfunctie, regio (81955NED)"
        in html
    )


def test_trend_downloads(world, client):
    response = client.get(reverse("monitor:trend-data", args=["GM1681", "voorraad-eind", "csv"]))
    rows = rows_of(response)
    assert [(r["period"], r["value"]) for r in rows][:2] == [("2012", "11619"), ("2013", "11710")]
    assert rows[0]["source"].endswith("(81955NED)")
    assert (rows[0]["reference_date"], rows[0]["published_on"]) == ("2012-12-31", "")
    data = json.loads(
        client.get(reverse("monitor:trend-data", args=["WK168100", "inwoners", "json"])).content
    )
    assert data["indicator"]["key"] == "inwoners"
    assert data["breaks"][0]["judged"] is False
    assert {s["code"] for s in data["segments"]} == {"WK168100", "GM1681", "PV22"}
    assert client.get(reverse("monitor:trend", args=["GM1681", "bestaat-niet"])).status_code == 404


def test_group_page_and_downloads(world, client):
    AreaGroupFactory(
        slug="valthe-valthermond",
        name="Valthe en Valthermond",
        member_codes=["WK168100", "WK168101"],
        source="test",
    )
    response = client.get(reverse("monitor:group", args=["valthe-valthermond"]), {"jaar": 2022})
    html = response.content.decode()
    assert "Valthe en Valthermond" in html
    assert "4.615" in html and "€ 231.000" in html and "2 van 2" in html
    rows = rows_of(
        client.get(
            reverse("monitor:group-data", args=["valthe-valthermond", "csv"]), {"jaar": 2022}
        )
    )
    inhabitants = next(r for r in rows if r["key"] == "inwoners")
    assert (inhabitants["value"], inhabitants["members_with_value"]) == ("4615", "2")
    data = json.loads(
        client.get(reverse("monitor:group-data", args=["valthe-valthermond", "json"])).content
    )
    assert [m["code"] for m in data["group"]["members"]] == ["WK168100", "WK168101"]
    assert client.get(reverse("monitor:group", args=["onbekend"])).status_code == 404


def _more(world, n):
    """``n`` more indicators with values for every area of the world, and ``n`` more wijken."""
    municipality = world.area("GM1681")
    extra = [
        AreaFactory(
            code=f"WK1681{50 + i:02d}", vintage=2022, level=Level.DISTRICT, parent=municipality
        )
        for i in range(n)
    ]
    areas = [a for (code, vintage), a in world.areas.items() if vintage == 2022] + extra
    for i in range(n):
        indicator = IndicatorFactory(theme=Theme.LIVABILITY, disclosure="geen")
        for area in areas:
            IndicatorValueFactory(indicator=indicator, area=area, period=2022, value=i)
        IndicatorValueFactory(indicator=world.indicators["inwoners"], area=extra[i], period=2022)


PAGES = [
    ("monitor:profile", ["GM1681"], {"jaar": 2022}),
    ("monitor:profile", ["WK168100"], {"jaar": 2022}),
    ("monitor:profile-data", ["WK168100", "csv"], {"jaar": 2022}),
    ("monitor:trend", ["WK168100", "inwoners"], {}),
    ("monitor:trend-data", ["GM1681", "voorraad-eind", "json"], {}),
    ("monitor:group", ["dorp"], {"jaar": 2022}),
]


@pytest.mark.parametrize(("name", "args", "params"), PAGES)
def test_page_queries_do_not_grow_with_indicators_or_areas(
    world, client, django_assert_max_num_queries, name, args, params
):
    AreaGroupFactory(slug="dorp", member_codes=["WK168100", "WK168101", "WK168193"])
    url = reverse(name, args=args)
    # with the runs of the values' sources, and on a profile the values of another year for
    # the indicators without one in the year asked for (and their disclosure bases), and the
    # sources behind derived values
    with django_assert_max_num_queries(16) as before:
        assert client.get(url, params).status_code == 200
    _more(world, 15)
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(url, params).status_code == 200
