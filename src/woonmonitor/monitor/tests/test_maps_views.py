"""The monitor's start page, indicator page and map page with their downloads, on real data."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.factories import (
    AreaFactory,
    BoundaryFactory,
    ImportRunFactory,
    IndicatorFactory,
    RegionMemberFactory,
)

from woonmonitor.areas.models import Level
from woonmonitor.monitor.choropleth import area_text, choropleth_svg
from woonmonitor.monitor.maps import indicator_periods, map_data, period_levels
from woonmonitor.monitor.models import IndicatorValue
from woonmonitor.monitor.services import NewValue, store_values

from .maps_world import SMALL_WIJK, SOURCE_2022, SOURCE_2024, borger_odoorn_fixture  # noqa: F401

MAP = "/monitor/kaart/"
WIJKEN_2024 = "?indicator=woningvoorraad&jaar=2024&niveau=wijk&gemeente=GM1681"
OCCUPANCY_2022 = "?indicator=woningbezetting&jaar=2022&niveau=wijk&gemeente=GM1681"


def table_rows(html: str) -> dict[str, list[str]]:
    """The map table as {code: [name, code, value, status, note]} (text only).

    The gemeente column (shown when no gemeente is chosen) is left out.
    """
    body = html.split('class="utrecht-table utrecht-table--html-table wm-map-table"', 1)[1]
    rows = {}
    for row in re.findall(r"<tr class=\"utrecht-table__row\">(.*?)</tr>", body, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        if len(cells) == 6:
            del cells[2]
        if len(cells) == 5 and cells[1].startswith(("WK", "GM", "BU")):
            rows[cells[1]] = cells
    return rows


def download(client, fmt: str, query: str):
    return client.get(reverse("monitor:map-data", args=[fmt]) + query)


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


# --------------------------------------------------------------------------- the map page


def test_inhabitants_and_stock_per_wijk_of_borger_odoorn_in_2024(client, borger_odoorn):
    response = client.get(MAP + WIJKEN_2024)
    assert response.status_code == 200
    html = response.content.decode()
    rows = table_rows(html)
    assert len(rows) == 25
    # real KWB 2024 values in Dutch notation: Borger 2.398 homes, Valthermond 1.493
    assert rows["WK168182"][2] == "2.398"
    assert rows["WK168101"][2] == "1.493"
    assert rows["WK168100"][:4] == ["Valthe", "WK168100", "542", "definitief"]
    assert "Woningvoorraad per wijk, 2024" in html
    data = response.context["data"]
    assert data.vintage == 2024
    assert sum(c.count for c in data.classification.classes) == 25
    response = client.get(MAP + WIJKEN_2024.replace("woningvoorraad", "inwoners"))
    assert table_rows(response.content.decode())["WK168182"][2] == "5.010"


def test_the_2024_map_borrows_the_2022_boundaries_and_says_so(client, borger_odoorn):
    html = client.get(MAP + WIJKEN_2024).content.decode()
    assert "De waarden horen bij de indeling 2024" in html
    assert "zijn de grenzen uit de indeling 2022 getekend" in html
    assert html.count('<a href="/monitor/gebied/WK') == 25  # every wijk on the SVG map
    geojson = json.loads(
        re.search(r'<script id="monitor-map-data"[^>]*>(.*?)</script>', html, re.S).group(1)
    )
    assert len(geojson["features"]) == 25
    valthe = next(f for f in geojson["features"] if f["properties"]["code"] == "WK168100")
    assert valthe["properties"]["value"] == "542"
    assert valthe["properties"]["colour"].startswith("#")


def test_the_2022_map_draws_its_own_boundaries(client, borger_odoorn):
    html = client.get(MAP + WIJKEN_2024.replace("2024", "2022")).content.decode()
    assert "getekend, omdat" not in html
    assert "(gebiedsindeling 2022)" in html


def test_legend_has_readable_dutch_class_breaks_and_a_source(client, borger_odoorn):
    response = client.get(MAP + WIJKEN_2024.replace("woningvoorraad", "inwoners"))
    html = response.content.decode()
    labels = [c.label for c in response.context["data"].classification.classes]
    assert len(labels) == 5
    assert all(re.fullmatch(r"[\d.]+ tot( en met)? [\d.]+", label) for label in labels)
    assert any("." in label for label in labels)  # thousands with a dot
    for label in labels:
        assert label in html
    assert SOURCE_2024 in html
    assert "peildatum 1 januari 2024" in html and "gepubliceerd 27 maart 2025" in html
    assert "geladen op" not in html


def test_a_suppressed_value_shows_why_and_never_leaks(client, borger_odoorn):
    """Ellertshaar: 35 inhabitants in 12 homes; persons per home needs 20 homes (CBS)."""
    response = client.get(MAP + OCCUPANCY_2022)
    html = response.content.decode()
    row = table_rows(html)[SMALL_WIJK]
    assert row[2] == "–"
    assert row[3] == "geheim"
    assert row[4] == "minder dan 20 woningen"
    raw = repr(35 / 12)  # 2.9166666666666665
    assert "2,92" not in html and "2,917" not in html and raw not in html
    assert 'fill="url(#wm-hatch-secret)"' in html
    assert "geheim (niet openbaar" in html  # the legend names the hatching in words
    assert table_rows(html)["WK168100"][2] == "2,27"  # Valthe 1230 / 541
    csv_text = download(client, "csv", OCCUPANCY_2022).content.decode("utf-8-sig")
    assert "2,92" not in csv_text and "2.91" not in csv_text
    json_text = download(client, "json", OCCUPANCY_2022).content.decode()
    assert "2.91" not in json_text and "2,92" not in json_text
    geojson = re.search(r'<script id="monitor-map-data"[^>]*>(.*?)</script>', html, re.S).group(1)
    feature = next(
        f for f in json.loads(geojson)["features"] if f["properties"]["code"] == SMALL_WIJK
    )
    assert feature["properties"]["value"] == ""
    assert feature["properties"]["pattern"] == "secret"
    small = next(r for r in json.loads(json_text)["rows"] if r["code"] == SMALL_WIJK)
    assert small["value"] is None
    assert small["status"] == "geheim"
    assert small["note"] == "minder dan 20 woningen"


def test_a_wijk_without_a_value_is_listed_as_no_data(client, borger_odoorn):
    IndicatorValue.objects.filter(
        indicator__key="woningvoorraad", period=2024, area__code="WK168102"
    ).delete()
    response = client.get(MAP + WIJKEN_2024)
    html = response.content.decode()
    rows = table_rows(html)
    assert len(rows) == 25
    assert rows["WK168102"][2:4] == ["–", "geen gegevens"]
    assert 'fill="url(#wm-hatch-missing)"' in html
    assert response.context["data"].counts == {"value": 24, "secret": 0, "missing": 1}
    line = next(
        r for r in csv_rows(download(client, "csv", WIJKEN_2024)) if r["code"] == "WK168102"
    )
    assert line["waarde"] == ""
    assert line["status"] == "geen gegevens"


def test_the_gemeente_level_shows_the_gemeenten_of_the_monitor(client, borger_odoorn):
    response = client.get(MAP + "?indicator=inwoners&jaar=2024&niveau=gemeente")
    rows = table_rows(response.content.decode())
    assert set(rows) == {"GM1681", "GM0114"}
    assert rows["GM1681"][2] == "26.014"  # a gemeente is not rounded
    assert rows["GM0114"][2] == "109.346"


def test_defaults_choose_a_catalogue_indicator_with_values_and_its_latest_year(
    client, borger_odoorn
):
    response = client.get(MAP)
    assert response.status_code == 200
    choice = response.context["choice"]
    assert choice.indicator is not None
    assert choice.period == indicator_periods([choice.indicator.pk])[choice.indicator.pk][-1]
    assert choice.level == Level.MUNICIPALITY
    response = client.get(MAP + "?gemeente=GM1681")
    assert response.context["choice"].level == Level.DISTRICT


def test_a_year_without_values_says_so_and_shows_the_latest(client, borger_odoorn):
    response = client.get(MAP + WIJKEN_2024.replace("jaar=2024", "jaar=2019"))
    assert response.status_code == 200
    assert response.context["choice"].period == 2024
    assert "geen cijfers over 2019 geladen" in response.content.decode()


def test_buurten_need_a_gemeente_and_say_when_none_are_loaded(client, borger_odoorn):
    html = client.get(MAP + "?indicator=inwoners&jaar=2024&niveau=buurt").content.decode()
    assert "Kies een gemeente om de buurten te zien" in html
    assert "wm-map-table" not in html
    html = client.get(
        MAP + "?indicator=inwoners&jaar=2024&niveau=buurt&gemeente=GM1681"
    ).content.decode()
    assert "Er zijn geen buurtcijfers geladen voor Inwoners in 2024 in Borger-Odoorn" in html
    assert "niveau=wijk&amp;gemeente=GM1681" in html  # the way to the wijk map
    assert "niveau=gemeente" in html
    assert "wm-map-table" not in html


def test_bad_input_gives_a_clear_form_error(client, borger_odoorn):
    response = client.get(MAP + "?indicator=bestaat-niet&jaar=2024")
    assert response.status_code == 400
    assert "Het formulier is niet verstuurd" in response.content.decode()
    assert client.get(MAP + "?jaar=twintig").status_code == 400
    assert client.get(MAP + "?gemeente=GM9999").status_code == 400


def test_the_page_works_without_any_data(client, db):
    response = client.get(MAP)
    assert response.status_code == 200
    assert "De indicatorencatalogus is nog niet geladen." in response.content.decode()


def test_every_area_on_the_svg_map_names_its_value_and_status_or_its_reason(borger_odoorn):
    indicator = borger_odoorn.indicators["woningbezetting"]
    data = map_data(
        indicator=indicator,
        period=2022,
        level="wijk",
        parent_code="GM1681",
        scope=[],
        url_for=lambda code: f"/gebied/{code}/",
    )
    rows = {row["code"]: row for row in data.rows}
    assert area_text(rows["WK168100"]) == "Valthe (WK168100): 2,27, definitief"
    assert area_text(rows[SMALL_WIJK]) == "Ellertshaar (WK168193): geheim, minder dan 20 woningen"
    svg = choropleth_svg(data.svg, data.rows, "caption")
    assert svg.count("<a href=") == 25
    assert 'aria-labelledby="caption"' in svg
    assert (
        '<a href="/gebied/WK168193/" aria-label="Ellertshaar (WK168193): geheim, minder dan 20 '
        'woningen"><path d="' in svg
    )
    assert 'class="wm-pattern-secret" fill="url(#wm-hatch-secret)"' in svg


# --------------------------------------------------------------------------- downloads


def test_csv_download_has_exactly_the_rows_of_the_table_with_sources(client, borger_odoorn):
    response = download(client, "csv", WIJKEN_2024)
    assert response["Content-Type"].startswith("text/csv")
    assert "woningvoorraad-2024-wijk-GM1681.csv" in response["Content-Disposition"]
    lines = csv_rows(response)
    assert len(lines) == 25
    page = table_rows(client.get(MAP + WIJKEN_2024).content.decode())
    assert {line["code"] for line in lines} == set(page)
    borger = next(line for line in lines if line["code"] == "WK168182")
    assert borger["waarde"] == "2398"
    assert borger["naam"] == "Borger"
    assert borger["jaargang"] == "2024"
    assert borger["bron"] == SOURCE_2024
    assert (borger["peildatum"], borger["gepubliceerd_op"]) == ("2024-01-01", "2025-03-27")
    assert "geladen_op" not in borger
    occupancy = csv_rows(download(client, "csv", OCCUPANCY_2022))
    valthe = next(line for line in occupancy if line["code"] == "WK168100")
    assert valthe["waarde"] == "2,27"  # decimal comma, as Dutch Excel reads it
    assert valthe["bron"].startswith("Woonmonitor, berekend uit andere indicatoren; bron: CBS")
    woz = csv_rows(
        download(client, "csv", OCCUPANCY_2022.replace("woningbezetting", "woz-gemiddeld"))
    )
    assert {line["eenheid"] for line in woz} == {"× € 1.000"}


def test_json_download_has_numbers_and_statuses(client, borger_odoorn):
    response = download(client, "json", WIJKEN_2024)
    assert response["Content-Type"] == "application/json"
    payload = response.json()
    assert payload["indicator"]["key"] == "woningvoorraad"
    assert (payload["period"], payload["level"], payload["gemeente"]) == (2024, "wijk", "GM1681")
    assert len(payload["rows"]) == 25
    borger = next(r for r in payload["rows"] if r["code"] == "WK168182")
    assert borger["value"] == 2398
    assert borger["status"] == "definitief"
    assert payload["sources"][0]["source"] == SOURCE_2024
    assert payload["sources"][0]["reference_date"] == "2024-01-01"
    assert (borger["source"], borger["published_on"]) == (SOURCE_2024, "2025-03-27")
    assert payload["sources"][0]["values"] == 25


def test_unknown_download_format_is_404_and_a_bad_choice_400(client, borger_odoorn):
    assert download(client, "xlsx", WIJKEN_2024).status_code == 404
    response = download(client, "csv", "?indicator=inwoners&niveau=buurt")
    assert response.status_code == 400
    assert "Kies een gemeente" in response.content.decode()


# --------------------------------------------------------------------------- start and indicator


def test_start_page_explains_the_monitor_and_lists_the_catalogue_per_theme(client, borger_odoorn):
    response = client.get("/monitor/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Drenthe en de gemeente Hardenberg" in html
    for theme in ("Wonen", "Sociaal domein", "Energie", "Leefbaarheid", "Demografie"):
        assert f">{theme}</h3>" in html
    assert reverse("monitor:indicator", args=["woz-gemiddeld"]) in html
    assert re.search(r"Woningvoorraad</a></th>\s*<td[^>]*>aantal</td>", html)
    assert "CBS 85984NED, Woningvoorraad" in html
    assert ">2022, 2024<span" in html  # years with values of the housing stock
    assert reverse("monitor:profile", args=["GM1681"]) in html
    assert reverse("monitor:about") in html and reverse("monitor:compare") in html
    assert 'action="/monitor/kaart/"' in html


def test_indicator_page_defines_it_in_words(client, borger_odoorn):
    response = client.get(reverse("monitor:indicator", args=["woningbezetting"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inwoners gedeeld door Woningvoorraad" in html
    assert "Gewogen gemiddelde van de kleinere gebieden, gewogen met woningvoorraad." in html
    assert "Niet getoond (geheim) bij minder dan 20 woningen." in html
    assert "Geen oordeel" in html
    assert "ja, kaart per wijk 2022" in html
    assert reverse("monitor:trend", args=["GM1681", "woningbezetting"]) in html
    html = client.get(reverse("monitor:indicator", args=["inwoners"])).content.decode()
    assert "CBS, tabel 85984NED, variabele AantalInwoners" in html
    assert "afgerond op vijftallen" in html
    assert "2022, 2024" in html


def test_unknown_indicator_is_404(client, borger_odoorn):
    assert client.get(reverse("monitor:indicator", args=["bestaat-niet"])).status_code == 404


def test_available_periods_and_levels(borger_odoorn):
    indicator = borger_odoorn.indicators["woningvoorraad"]
    assert indicator_periods([indicator.pk]) == {indicator.pk: [2022, 2024]}
    assert indicator_periods([]) == {}
    levels = period_levels(indicator, [2022, 2024])
    assert levels == {2022: ["gemeente", "wijk"], 2024: ["gemeente", "wijk"]}


# --------------------------------------------------------------------------- queries


def synthetic_gemeente(count: int, *, code: str) -> None:
    """A gemeente with ``count`` wijken, each with a boundary and a value of ``synthetic``."""
    indicator = IndicatorFactory(key="synthetisch-aantal", name="Synthetisch aantal")
    RegionMemberFactory(region__slug="monitorgebied", municipality_code=code)
    gemeente = AreaFactory(code=code, name=f"Gemeente {code}", vintage=2024)
    run = ImportRunFactory(source="testbron")
    values = []
    for number in range(count):
        wijk = AreaFactory(
            code=f"WK{code[2:]}{number:02d}",
            name=f"Wijk {number}",
            level=Level.DISTRICT,
            vintage=2024,
            parent=gemeente,
        )
        BoundaryFactory(area=wijk)
        values.append(NewValue(indicator.pk, wijk.pk, 2024, float(number * 7), "definitief"))
    store_values(values=values, import_run=run)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_map_queries_do_not_grow_with_the_number_of_areas(client, django_assert_max_num_queries):
    synthetic_gemeente(3, code="GM9001")
    synthetic_gemeente(30, code="GM9002")
    query = "?indicator=synthetisch-aantal&jaar=2024&niveau=wijk&gemeente="
    client.get(MAP + query + "GM9001")  # which indicators have values is kept per data version
    small = count_queries(client, MAP + query + "GM9001")
    large = count_queries(client, MAP + query + "GM9002")
    assert small == large
    with django_assert_max_num_queries(12):
        response = client.get(MAP + query + "GM9002")
    assert len(table_rows(response.content.decode())) == 30
    csv_url = reverse("monitor:map-data", args=["csv"]) + query
    assert count_queries(client, csv_url + "GM9001") == count_queries(client, csv_url + "GM9002")


@pytest.mark.django_db
def test_start_and_indicator_pages_do_not_grow_with_the_catalogue(
    client, django_assert_max_num_queries
):
    def catalogue(count: int, start: int) -> None:
        for number in range(start, start + count):
            IndicatorFactory(key=f"indicator-{number}", name=f"Indicator {number}")

    catalogue(3, 0)
    small = count_queries(client, "/monitor/")
    catalogue(27, 3)
    large = count_queries(client, "/monitor/")
    assert small == large
    # the catalogue, the fingerprint of the data (three: which indicators have values is kept
    # per version of it), the gemeenten of the monitor, and the sources of the page
    with django_assert_max_num_queries(8):
        client.get("/monitor/")
    with django_assert_max_num_queries(6):
        client.get(reverse("monitor:indicator", args=["indicator-7"]))


def test_map_data_reads_the_values_in_a_fixed_number_of_queries(
    borger_odoorn, django_assert_max_num_queries
):
    indicator = borger_odoorn.indicators["koopwoningen"]
    # areas, values, disclosure bases, the values' import runs (their sources), boundaries
    with django_assert_max_num_queries(5):
        data = map_data(
            indicator=indicator, period=2022, level="wijk", parent_code="GM1681", scope=[]
        )
    assert len(data.rows) == 25
    assert data.boundary_sources
