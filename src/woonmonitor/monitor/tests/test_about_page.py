""" "Over de cijfers": public, and generated from the code and catalogue it explains."""

from __future__ import annotations

import html
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from tests.factories import ImportRunFactory, IndicatorValueFactory

from woonmonitor.areas.continuity import SURFACE_TOLERANCE
from woonmonitor.monitor import disclosure
from woonmonitor.monitor.models import Indicator, ValueStatus

pytestmark = pytest.mark.django_db

URL = "/monitor/over-de-cijfers/"


def text_of(response) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(body).split())


@pytest.fixture
def loaded():
    call_command("load_indicators", verbosity=0)


def test_url_name_and_path():
    assert reverse("monitor:about") == URL


def test_public_without_login(client, loaded):
    response = client.get(URL)
    assert response.status_code == 200
    assert "<h1" in response.content.decode() and "Over de cijfers" in text_of(response)


def loaded_files_table(response) -> str:
    page = response.content.decode()
    start = page.index("Geladen bestanden met cijfers")
    return " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", page[start : page.index("</table>", start)])).split()
    )


def test_sources_with_their_dates_from_the_import_runs(client, loaded):
    finished = timezone.make_aware(timezone.datetime(2026, 3, 14, 10, 0))
    kwb = ImportRunFactory(
        source="CBS Kerncijfers wijken en buurten 2024 (85984NED)",
        vintage=2024,
        file_name="stripped_filtered_data_2024.json",
        finished_at=finished,
    )
    IndicatorValueFactory(indicator=Indicator.objects.get(key="inwoners"), import_run=kwb)
    # A later run of the same source that changed nothing still dates the source.
    ImportRunFactory(
        source=kwb.source,
        vintage=2024,
        file_name="opnieuw.json",
        finished_at=finished.replace(day=20),
    )
    ImportRunFactory(
        source="Woonmonitor: organisaties", file_name="organisations.json", finished_at=finished
    )
    response = client.get(URL)
    table = loaded_files_table(response)
    assert (
        "CBS Kerncijfers wijken en buurten 2024 (85984NED) 2024 opnieuw.json 20 maart 2026" in table
    )
    assert "organisations.json" not in table
    text = text_of(response)
    assert "81955NED" in text  # from the catalogue's sources
    assert "PBL/CBS Regionale bevolkings- en huishoudensprognose" in text


def test_every_status_and_the_cbs_special_codes(client, loaded):
    text = text_of(client.get(URL))
    for label in ValueStatus.labels:
        assert str(label) in text
    assert "te klein volgens de regels hieronder" in text
    assert "-99997" in text and "-99990" in text


def test_rules_per_kind_come_from_the_loaded_catalogue(client, loaded):
    text = text_of(client.get(URL))
    assert "geheim bij minder dan 20 woningen" in text
    assert "geheim bij minder dan 10 inwoners" in text
    assert "geheim bij minder dan 2.500 inwoners" in text
    assert "geheim bij minder dan 8 personen" in text
    assert f"afgerond op een veelvoud van {disclosure.ROUNDING_MULTIPLE}" in text
    assert "geheim: minder dan 10 inwoners" in text
    assert "geheim: aantal inwoners onbekend" in text
    for _title, url in disclosure.SOURCES:
        assert url in text


def test_a_changed_rule_changes_the_page(client, loaded):
    Indicator.objects.filter(key="woz-gemiddeld").update(disclosure_minimum=35)
    text = text_of(client.get(URL))
    assert "geheim bij minder dan 35 woningen" in text


def test_aggregation_and_boundary_changes_are_explained(client, loaded):
    text = text_of(client.get(URL))
    assert "gewogen met woningvoorraad" in text
    assert "Mate van stedelijkheid" in text
    assert f"hoogstens {round(SURFACE_TOLERANCE * 100)} % verschil" in text
    assert "81955NED" in text and "eindstand" in text


def test_without_a_loaded_catalogue_the_page_shows_the_packaged_file(client):
    text = text_of(client.get(URL))
    assert "nog niet in de database geladen" in text
    assert "geheim bij minder dan 20 woningen" in text


def test_few_queries(client, loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200
