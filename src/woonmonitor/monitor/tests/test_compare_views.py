"""The compare page: up to five areas side by side, its bar chart and its downloads."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.factories import AreaFactory, ImportRunFactory, IndicatorFactory

from woonmonitor.areas.models import Level
from woonmonitor.monitor.forms_maps import requested_codes
from woonmonitor.monitor.services import NewValue, store_values

from .maps_world import SMALL_WIJK, SOURCE_2022, SOURCE_2024, borger_odoorn_fixture  # noqa: F401

COMPARE = "/monitor/vergelijk/"
TWO = "?gebied=GM1681&gebied=GM0114"


def data_url(fmt: str, query: str) -> str:
    return reverse("monitor:compare-data", args=[fmt]) + query


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def row_cells(html: str, indicator_name: str) -> list[str]:
    """The cells (text) of the compare table row of one indicator."""
    pattern = rf">{re.escape(indicator_name)}</a></th>(.*?)</tr>"
    row = re.search(pattern, html, re.S).group(1)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def test_two_gemeenten_side_by_side_on_every_indicator_per_theme(client, borger_odoorn):
    response = client.get(COMPARE + TWO)
    assert response.status_code == 200
    html = response.content.decode()
    # 2024 inhabitants (KWB 2024) and 2022 WOZ (KWB 2022): each indicator its latest year
    assert row_cells(html, "Inwoners") == ["2024", "26.014", "109.346"]
    assert row_cells(html, "Gemiddelde WOZ-waarde") == ["2022", "€ 253.000", "€ 208.000"]
    assert row_cells(html, "Koopwoningen") == ["2022", "74 %", "62 %"]
    captions = re.findall(r'<caption class="utrecht-table__caption">([^<]+)</caption>', html)
    assert "Wonen" in captions and "Demografie" in captions
    assert captions.index("Wonen") < captions.index("Demografie")  # the order of the themes
    assert SOURCE_2022 in html and SOURCE_2024 in html
    assert "peildatum 1 januari 2024" in html and "geladen op" not in html
    assert "staan niet in de tabel" in html  # catalogue indicators without values are named


def test_the_bar_chart_is_an_image_with_a_title_a_description_and_a_table(client, borger_odoorn):
    html = client.get(COMPARE + TWO + "&indicator=inwoners").content.decode()
    svg = re.search(r"<svg[^>]*role=\"img\".*?</svg>", html, re.S).group(0)
    assert 'aria-labelledby="compare-chart-title"' in svg
    assert 'aria-describedby="compare-chart-desc"' in svg
    assert '<title id="compare-chart-title">Inwoners in 2024</title>' in svg
    assert "Borger-Odoorn: 26.014; Emmen: 109.346" in svg
    assert svg.count("<rect") == 2
    assert '<caption class="utrecht-table__caption">Inwoners in 2024 (aantal)</caption>' in html
    assert row_cells(html, "Inwoners") == ["2024", "26.014", "109.346"]
    assert "Woningvoorraad" not in html.split('<h2 id="table-heading"', 1)[1].split("</table>")[0]


def test_a_chosen_year_shows_that_year(client, borger_odoorn):
    html = client.get(COMPARE + TWO + "&indicator=inwoners&jaar=2022").content.decode()
    assert row_cells(html, "Inwoners") == ["2022", "25.681", "107.856"]


def test_a_suppressed_value_says_why_and_never_leaks(client, borger_odoorn):
    query = f"?gebied=GM1681&gebied={SMALL_WIJK}&indicator=woningbezetting"
    html = client.get(COMPARE + query).content.decode()
    assert row_cells(html, "Woningbezetting") == [
        "2022",
        "2,28",
        "geheim: minder dan 20 woningen",
    ]
    assert "2,92" not in html and repr(35 / 12) not in html
    assert "Ellertshaar: geheim: minder dan 20 woningen" in html  # in the chart's description
    lines = csv_rows(client.get(data_url("csv", query)))
    small = next(line for line in lines if line["code"] == SMALL_WIJK)
    assert (small["waarde"], small["status"], small["toelichting"]) == (
        "",
        "geheim",
        "minder dan 20 woningen",
    )
    payload = client.get(data_url("json", query)).json()
    small = next(row for row in payload["rows"] if row["area"] == SMALL_WIJK)
    assert small["value"] is None and small["status"] == "geheim"
    assert "2.91" not in client.get(data_url("json", query)).content.decode()


def test_more_than_five_areas_keeps_the_first_five_and_says_so(client, borger_odoorn):
    codes = ["WK168100", "WK168101", "WK168102", "WK168103", "WK168179", "WK168180"]
    response = client.get(COMPARE + "?" + "&".join(f"gebied={code}" for code in codes))
    html = response.content.decode()
    assert "Er kunnen hoogstens 5 gebieden naast elkaar" in html
    assert [area.code for area in response.context["comparison"].areas] == codes[:5]
    assert "2e Exloermond" not in html.split('id="table-heading"', 1)[1]
    assert "Er staan al 5 gebieden naast elkaar" in html


def test_wrong_and_unknown_codes_get_a_clear_message(client, borger_odoorn):
    html = client.get(COMPARE + "?gebied=GM1681&gebied=Borger&gebied=GM0000").content.decode()
    assert "Borger is geen CBS-code" in html
    assert "Er is geen gebied met code GM0000 geladen." in html
    assert row_cells(html, "Inwoners") == ["2024", "26.014"]


def test_areas_of_different_levels_get_a_warning(client, borger_odoorn):
    html = client.get(COMPARE + "?gebied=GM1681&gebied=WK168100").content.decode()
    assert "gebieden van verschillend niveau" in html
    assert row_cells(html, "Koopwoningen") == ["2022", "74 %", "80 %"]


def test_without_areas_the_page_offers_gemeenten_and_their_wijken(client, borger_odoorn):
    response = client.get(COMPARE)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<optgroup label="Borger-Odoorn">' in html
    assert '<option value="WK168193">Ellertshaar (wijk)</option>' in html
    assert '<option value="GM0114">Emmen (gemeente)</option>' in html
    assert "table-heading" not in html


def test_remove_links_keep_the_other_areas(client, borger_odoorn):
    html = client.get(COMPARE + TWO + "&gebied=WK168100&indicator=inwoners").content.decode()
    assert 'href="?gebied=GM0114&amp;gebied=WK168100&amp;indicator=inwoners"' in html
    assert '<input type="hidden" name="gebied" value="GM1681">' in html


def test_csv_and_json_downloads_hold_the_values_of_the_table(client, borger_odoorn):
    response = client.get(data_url("csv", TWO))
    assert response["Content-Type"].startswith("text/csv")
    assert "vergelijking-GM1681-GM0114.csv" in response["Content-Disposition"]
    lines = csv_rows(response)
    page = client.get(COMPARE + TWO).context["comparison"]
    assert len(lines) == 2 * len(page.rows)
    woz = [line for line in lines if line["indicator"] == "woz-gemiddeld"]
    assert [(line["code"], line["waarde"], line["eenheid"]) for line in woz] == [
        ("GM1681", "253", "× € 1.000"),
        ("GM0114", "208", "× € 1.000"),
    ]
    assert woz[0]["bron"] == SOURCE_2022 and woz[0]["periode"] == "2022"
    # WOZ 2022 is valued on 1 January 2021 (catalogue reference_offset -1)
    assert (woz[0]["peildatum"], woz[0]["gepubliceerd_op"]) == ("2021-01-01", "")
    assert "geladen_op" not in woz[0]
    payload = client.get(data_url("json", TWO)).json()
    assert [a["code"] for a in payload["areas"]] == ["GM1681", "GM0114"]
    inhabitants = [r for r in payload["rows"] if r["indicator"] == "inwoners"]
    assert [(r["area"], r["value"], r["period"]) for r in inhabitants] == [
        ("GM1681", 26014, 2024),
        ("GM0114", 109346, 2024),
    ]
    assert client.get(data_url("xml", TWO)).status_code == 404
    assert client.get(data_url("csv", "")).status_code == 400


def test_requested_codes_are_cleaned_deduplicated_and_capped():
    codes, invalid, too_many = requested_codes(
        ["gm1681", "", " GM1681 ", "WK168100", "x", "BU16810001", "GM0114", "GM0106", "GM0109"]
    )
    assert codes == ["GM1681", "WK168100", "BU16810001", "GM0114", "GM0106"]
    assert invalid == ["x"]
    assert too_many


# --------------------------------------------------------------------------- queries


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_compare_queries_do_not_grow_with_areas_or_indicators(
    client, django_assert_max_num_queries
):
    run = ImportRunFactory(source="testbron")
    gemeente = AreaFactory(code="GM9001", name="Testgemeente", vintage=2024)
    wijken = [
        AreaFactory(
            code=f"WK9001{n:02d}",
            name=f"Wijk {n}",
            level=Level.DISTRICT,
            vintage=2024,
            parent=gemeente,
        )
        for n in range(30)
    ]
    indicators = [
        IndicatorFactory(key=f"synthetisch-{n}", name=f"Synthetisch {n}") for n in range(30)
    ]
    store_values(
        values=[
            NewValue(indicator.pk, area.pk, 2024, float(i * 10 + a), "definitief")
            for i, indicator in enumerate(indicators)
            for a, area in enumerate(wijken)
        ],
        import_run=run,
    )

    def url(count: int, indicator: str = "") -> str:
        query = "&".join(f"gebied={area.code}" for area in wijken[:count])
        return COMPARE + "?" + query + (f"&indicator={indicator}" if indicator else "")

    client.get(url(1))  # which indicators have values is kept per version of the data
    one, three = count_queries(client, url(1)), count_queries(client, url(3))
    thirty = count_queries(client, url(30))  # capped at five areas
    assert one == three == thirty
    assert count_queries(client, url(5, "synthetisch-3")) == one
    # availability (kept per data version), areas, values, their runs' sources, pickers, footer
    with django_assert_max_num_queries(13):
        response = client.get(url(5))
    assert len(response.context["comparison"].rows) == 30
    csv_one = count_queries(client, data_url("csv", "?gebied=WK900100"))
    assert count_queries(client, data_url("csv", "?" + url(5).split("?", 1)[1])) == csv_one
