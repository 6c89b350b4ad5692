"""The one function that turns a value row into a readable source line, and its use on pages."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse
from tests.factories import ImportRunFactory

from woonmonitor.imports.models import DataSource, ImportRun
from woonmonitor.imports.services import sync_source
from woonmonitor.imports.sources import resolve
from woonmonitor.monitor.citations import RunSource, cite_rows, source_key_for, source_line
from woonmonitor.monitor.models import ValueOrigin
from woonmonitor.monitor.profile import build_profile
from woonmonitor.reports import factsheet

from .area_world import world_fixture  # noqa: F401
from .test_factsheet_pdf import pdf_text

KWB = SimpleNamespace(source_kind="cbs", source_table="85984NED", numerator="", key="inwoners")
RATIO = SimpleNamespace(
    source_kind="berekend", source_table="", numerator="inwoners", key="woningbezetting"
)


def row(origin=ValueOrigin.IMPORTED, period=2024, vintage=2024, **extra) -> dict:
    return {"origin": origin, "period": period, "area__vintage": vintage, **extra}


def test_an_imported_value_cites_the_table_with_peildatum_and_publication_date():
    run = RunSource(resolve("cbs-kwb", 2024))
    line = source_line(row(), KWB, run)

    assert line.citation == "CBS, Kerncijfers wijken en buurten 2024 (85984NED)"
    assert (line.reference_date, line.published_on) == (date(2024, 1, 1), date(2025, 3, 27))
    assert line.details == (
        "peildatum 1 januari 2024; gepubliceerd 27 maart 2025; "
        "Definitief, tenzij bij het onderwerp anders vermeld"
    )
    assert line.text == f"{line.citation}; {line.details}"


def test_a_figure_valued_a_year_earlier_has_the_earlier_peildatum():
    """KWB 2024's average WOZ is valued on 1 January 2023 (catalogue: reference_offset -1)."""
    woz = SimpleNamespace(**{**vars(KWB), "key": "woz-gemiddeld", "reference_offset": -1})
    line = source_line(row(), woz, RunSource(resolve("cbs-kwb", 2024)))
    assert line.reference_date == date(2023, 1, 1)
    assert "peildatum 1 januari 2023" in line.details


def test_a_later_vintage_without_a_publication_date_says_none():
    line = source_line(row(period=2023, vintage=2023), KWB, RunSource(resolve("cbs-kwb", 2023)))

    assert line.citation == "CBS, Kerncijfers wijken en buurten 2023 (85618NED)"
    assert (line.reference_date, line.published_on) == (date(2023, 1, 1), None)
    assert "gepubliceerd" not in line.text


def test_party_input_names_the_organisation_and_the_year():
    line = source_line(
        row(ValueOrigin.ENTERED, organisation__name="Gemeente Borger-Odoorn"), KWB, None
    )
    assert line.citation == "Ingevoerd door Gemeente Borger-Odoorn"
    assert (line.reference_date, line.published_on, line.details) == (None, None, "over 2024")


def test_a_derived_value_cites_the_computation_and_the_table_of_its_inputs():
    summed = source_line(row(ValueOrigin.AGGREGATED, period=2022, vintage=2022), KWB, None)
    assert summed.citation == (
        "Woonmonitor, opgeteld uit kleinere gebieden; bron: CBS, Kerncijfers wijken en buurten "
        "2022 (85318NED)"
    )
    assert summed.reference_date == date(2022, 1, 1)
    assert summed.status == "afgeleid"

    computed = source_line(
        row(ValueOrigin.COMPUTED), RATIO, None, related={"inwoners": KWB}
    )  # persons per home: inhabitants (KWB) / homes
    assert computed.citation.startswith("Woonmonitor, berekend uit andere indicatoren; bron: CBS")
    assert computed.published_on == date(2025, 3, 27)


def test_a_derived_value_cites_the_sources_its_inputs_really_came_from():
    """Inhabitants of 2025 come from the Regionale kerncijfers, not from the KWB table the
    catalogue names: a sum of them cites the table of its inputs (``basis_sources``)."""
    indicator = SimpleNamespace(**{**vars(KWB), "pk": 7})
    kerncijfers = resolve("cbs-regionale-kerncijfers", 2025)
    basis = {(7, 2025, 2024): (kerncijfers,)}
    line = source_line(
        row(ValueOrigin.AGGREGATED, period=2025, vintage=2024), indicator, None, basis=basis
    )
    assert line.citation == (
        f"Woonmonitor, opgeteld uit kleinere gebieden; bron: {kerncijfers.citation}"
    )
    assert line.reference_date == date(2025, 1, 1)
    # Without a known basis the catalogue's table is the best guess, as before.
    guessed = source_line(row(ValueOrigin.AGGREGATED), indicator, None, basis={})
    assert "Kerncijfers wijken en buurten 2024" in guessed.citation


def test_a_run_from_before_the_sources_table_is_cited_by_the_indicators_table():
    stock = SimpleNamespace(source_kind="cbs", source_table="81955NED", numerator="", key="x")
    line = source_line(row(period=2015, vintage=2024), stock, RunSource(None))

    assert line.citation.endswith("(81955NED)") and line.citation.startswith("CBS, Voorraad")
    assert line.details.startswith("over 2015")  # a figure over the whole year
    assert line.reference_date == date(2015, 12, 31)  # the API's date for such a figure


def test_table_ids_and_titles_find_their_source():
    assert source_key_for("85984NED") == "cbs-kwb"
    assert source_key_for("81955NED") == "cbs-woningvoorraad-mutaties"
    assert source_key_for("Regionale bevolkings- en huishoudensprognose") == "pbl-cbs-prognose"
    assert source_key_for("") is None and source_key_for("99999NED") is None


@pytest.mark.django_db
def test_cite_rows_reads_every_run_in_one_query(django_assert_num_queries):
    cited = ImportRunFactory(data_source=sync_source(resolve("cbs-kwb", 2024)))
    older = ImportRunFactory(source="CBS KWB via een omweg")
    rows = [
        {**row(), "indicator_id": 1, "import_run_id": run.pk, "organisation__name": None}
        for run in (cited, older, cited)
    ]
    with django_assert_num_queries(1):
        cite_rows(rows, {1: KWB})
    assert rows[0]["citation"] is rows[2]["citation"]  # one line per run, not per row
    assert rows[0]["citation"].loaded_at is None  # the factory's run did not finish
    assert rows[1]["citation"].citation == "CBS, Kerncijfers wijken en buurten 2024 (85984NED)"


# ----------------------------------------------------------------------------- the pages

#: What must never stand beside a figure: how the file reached us, its name, our loading date.
FORBIDDEN = ("tmap", "shared/data", "github", "geladen op", ".csv", ".json", "via ")


def _route_free(text: str) -> None:
    for route in DataSource.objects.values_list("route", flat=True):
        assert route not in text
    for name in ImportRun.objects.exclude(file_name="").values_list("file_name", flat=True):
        assert name not in text
    for word in FORBIDDEN:
        assert word not in text, word


def _main(html: str) -> str:
    """The page's text without its footer (whose citations have their own test) and without
    tags (a download link ends in .csv)."""
    return re.sub(r"<[^>]+>", " ", html.split("<footer", 1)[0])


@pytest.fixture
def named_files(world):
    ImportRun.objects.update(file_name="kwb2022_gm_wk_attributes_nl.csv")
    return world


@pytest.mark.parametrize(
    "url",
    [
        reverse("monitor:profile", args=["WK168100"]) + "?jaar=2022",
        reverse("monitor:profile", args=["GM1681"]) + "?jaar=2024",
        reverse("monitor:trend", args=["WK168100", "inwoners"]),
        reverse("monitor:trend", args=["GM1681", "voorraad-eind"]),
        reverse("monitor:compare") + "?gebied=GM1681&gebied=WK168100",
        reverse("monitor:profile-data", args=["WK168100", "csv"]) + "?jaar=2022",
        reverse("monitor:trend-data", args=["GM1681", "inwoners", "csv"]),
    ],
)
def test_no_page_shows_a_route_a_file_name_or_a_loading_date_beside_figures(
    named_files, client, url
):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode("utf-8")
    text = _main(html)
    _route_free(text)
    assert any(
        date_text in text
        for date_text in ("peildatum", "over het hele jaar", "2024-01-01", "2022-01-01")
    )
    for cell in re.findall(r'class="utrecht-table__cell wm-source">(.*?)</td>', html, re.S):
        assert "geladen" not in cell and "CBS" in cell


def test_the_factsheet_cites_without_route_or_loading_date(named_files, tmp_path):
    profile = build_profile(area=named_files.area("WK168100"), period=2022)
    path = tmp_path / "factsheet.pdf"
    path.write_bytes(factsheet.factsheet_pdf(profile))
    text = " ".join(pdf_text(path).split())
    _route_free(text)
    assert not re.search(r"geladen (op )?\d", text)  # the old "geladen 4-12-2026"
    assert "peildatum 1 januari 2022" in text
