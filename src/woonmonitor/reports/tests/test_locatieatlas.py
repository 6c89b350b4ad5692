"""The locatieatlas PDF (``reports.programming``): per municipality the need, the plan
capacity, the checks, the projects the reader may see and the changes since the previous
peilmoment; demonstration marked on every page; 404 for what does not exist."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
from conftest import CAST

from woonmonitor.programming.figures import ProjectFigures
from woonmonitor.programming.ladder import load_ladders, phase_by_name
from woonmonitor.programming.models import PlanCapacity
from woonmonitor.programming.services import figures_of, save_project, take_peilmoment

pytestmark = pytest.mark.django_db
REGION = "/woningbouw/regio/woondeal-zuidoost-drenthe/locatieatlas.pdf"
MUNICIPALITY = "/woningbouw/gemeente/GM1681/locatieatlas.pdf"


def _project(name, *, code="GM1681", phase="vastgesteld", publicity="project", **kw):
    return save_project(
        user=None,
        check_permission=False,
        figures=ProjectFigures(
            units_net=kw.pop("units_net", 40),
            segments=kw.pop("segments", {}),
            deliveries=kw.pop("deliveries", {}),
        ),
        phase=phase_by_name(phase),
        name=name,
        municipality_code=code,
        publicity=publicity,
        developer_kind="gemeente",
        source="formulier",
        reference_date=datetime.date(2026, 9, 30),
        **kw,
    )


@pytest.fixture
def atlas_data(organisations):
    load_ladders()
    PlanCapacity.objects.create(
        municipality_code="GM1681",
        municipality_name="Borger-Odoorn",
        reference_year=2021,
        units=350,
        source="Data Bewijst en Follow the Money, Plancapaciteit per gemeente 2021",
    )
    plan = _project(
        "Plan Noord",
        phase="ontwerpplan",
        segments={"sociale_huur": 10, "middenhuur": None},
        deliveries={2027: 40},
    )
    _project("Geheim plan", publicity="partijen", units_net=12)
    _project("Demowijk", code="GM0114", phase="initiatief", units_net=30, is_demo=True)
    take_peilmoment(on=datetime.date(2026, 6, 30))
    figures = figures_of(plan)
    save_project(
        user=None,
        check_permission=False,
        project=plan,
        phase=phase_by_name("vastgesteld"),
        figures=ProjectFigures(units_net=40, segments=figures.segments, deliveries={2028: 40}),
    )
    take_peilmoment(on=datetime.date(2026, 9, 30))
    return plan


def pdf_pages(content: bytes, tmp_path) -> list[str]:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "atlas.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    )
    return [" ".join(page.split()) for page in result.stdout.split("\f") if page.strip()]


def test_region_atlas(client, atlas_data, tmp_path):
    response = client.get(REGION)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        'filename="locatieatlas-woondeal-zuidoost-drenthe-2026-09-30.pdf"'
        in response["Content-Disposition"]
    )
    pages = pdf_pages(response.content, tmp_path)
    text = " ".join(pages)
    # title page: region, peilmoment, sources
    assert "Locatieatlas Woondeal Zuidoost-Drenthe" in pages[0]
    assert "30 september 2026; veranderingen sinds 30 juni 2026" in pages[0]
    assert "Bronnen" in pages[0] and "Woondeal Zuidoost-Drenthe (BOCE)" in pages[0]
    assert "Aa en Hunze: lidmaatschap niet bevestigd" in pages[0]
    # demonstration on every page
    assert len(pages) >= 5
    for number, page in enumerate(pages, start=1):
        assert "DEMONSTRATIE: bevat verzonnen plannen" in page, number
    # the overview with the woondeal target and the region's checks
    assert "4.177" in text and "Toetsen van de regio" in text
    # Borger-Odoorn: published capacity, the checks, the plan, the change
    assert "Gepubliceerd 2021" in text and "350" in text
    assert "Plancapaciteit tegen het woondealdoel" in text
    assert "Plan Noord" in text and "sociale huur 10, segment onbekend 30" in text
    assert "Ontwerp omgevingsplan → Vastgesteld omgevingsplan (hoger, van zacht naar hard)" in text
    assert "40 van 2027 naar 2028" in text
    assert "Demowijk" in text and "demonstratie" in text
    # the plan for parties only is not in a visitor's atlas
    assert "Geheim plan" not in text


@pytest.mark.parametrize("name", CAST)
def test_atlas_shows_what_the_reader_may_see(client_for, atlas_data, name, tmp_path):
    response = client_for(name).get(MUNICIPALITY)
    assert response.status_code == 200
    text = " ".join(pdf_pages(response.content, tmp_path))
    assert "Locatieatlas Borger-Odoorn" in text and "Plan Noord" in text
    sees = name in ("municipality_editor", "association_editor", "province_reader")
    assert ("Geheim plan" in text) is sees
    assert "Demowijk" not in text  # in Emmen, not in this municipality's atlas


def test_atlas_without_demo_has_no_demo_mark(client, organisations, tmp_path):
    load_ladders()
    _project("Echt plan")
    take_peilmoment(on=datetime.date(2026, 9, 30))
    text = " ".join(pdf_pages(client.get(MUNICIPALITY).content, tmp_path))
    assert "Echt plan" in text
    assert "DEMONSTRATIE" not in text and "er is geen eerder peilmoment" in text


def test_atlas_404(client, atlas_data):
    assert client.get("/woningbouw/regio/nergens/locatieatlas.pdf").status_code == 404
    assert client.get("/woningbouw/gemeente/GM9999/locatieatlas.pdf").status_code == 404
    assert client.get(REGION + "?peilmoment=2026-03-31").status_code == 404
    earlier = client.get(REGION + "?peilmoment=2026-06-30")
    assert earlier.status_code == 200
    assert "2026-06-30" in earlier["Content-Disposition"]
