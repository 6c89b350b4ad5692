"""The sources page holds the route and the working notes; the footer only readable citations."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.factories import AreaFactory, ImportRunFactory

from woonmonitor.imports.services import sync_source
from woonmonitor.imports.sources import resolve

pytestmark = pytest.mark.django_db

SOURCES = reverse("areas:sources")


@pytest.fixture
def cited_run():
    return ImportRunFactory(
        command="import_kwb_values",
        source="CBS Kerncijfers wijken en buurten 2022 (via tmap)",
        data_source=sync_source(resolve("cbs-kwb-tmap", 2022)),
        vintage=2022,
        file_name="kwb2022_gm_wk_attributes_nl.csv",
        file_sha256="ab" * 32,
    )


def test_sources_page_lists_each_source_with_its_dates_and_how_the_file_came(client, cited_run):
    source = cited_run.data_source
    html = client.get(SOURCES).content.decode()

    assert source.citation in html  # "CBS, Kerncijfers wijken en buurten 2022, ... (85318NED)"
    assert "Peildatum" in html and "peildatum 1 januari van het jaar" in html.lower()
    assert "Gepubliceerd op" in html and "niet bekend" in html  # none for the 2022 vintage
    assert source.status in html and "CC BY 4.0" in html
    assert "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/85318NED/table" in html
    # the route, the working notes, the file, its checksum and the loading date: only here
    assert source.route in html and source.notes in html
    assert "kwb2022_gm_wk_attributes_nl.csv" in html and "abababab" in html
    assert "Geladen op" in html


def test_a_publication_date_is_shown_where_the_table_has_one(client):
    ImportRunFactory(data_source=sync_source(resolve("cbs-kwb", 2024)), vintage=2024)
    html = client.get(SOURCES).content.decode()
    assert "27 maart 2025" in html


def test_a_hidden_or_failed_run_does_not_list_its_source(client):
    ImportRunFactory(data_source=sync_source(resolve("cbs-kwb", 2024)), status="failed")
    html = client.get(SOURCES).content.decode()
    assert "85984NED" not in html


def test_the_footer_names_readable_citations_only(client, cited_run):
    AreaFactory(code="GM1681", vintage=2022)
    for url in ("/", SOURCES, "/monitor/"):
        html = client.get(url).content.decode()
        footer = html.split("<footer", 1)[1]
        assert cited_run.data_source.citation in footer
        assert "tmap" not in footer and "kwb2022_gm_wk_attributes_nl.csv" not in footer
        assert "geladen op" not in footer
        assert f'href="{SOURCES}"' in footer


def test_the_route_is_on_the_sources_page_not_on_a_profile(client, cited_run):
    from tests.factories import IndicatorFactory, IndicatorValueFactory

    area = AreaFactory(code="GM1681", vintage=2022, name="Borger-Odoorn")
    indicator = IndicatorFactory(key="inwoners", source_table="85984NED", disclosure="geen")
    IndicatorValueFactory(indicator=indicator, area=area, period=2022, import_run=cited_run)
    route = cited_run.data_source.route

    profile = client.get("/monitor/gebied/GM1681/?jaar=2022").content.decode()
    assert cited_run.data_source.citation in profile and "peildatum 1 januari 2022" in profile
    assert route not in profile and "tmap" not in profile
    assert route in client.get(SOURCES).content.decode()
