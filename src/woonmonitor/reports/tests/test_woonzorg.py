"""The woonzorg profile as PDF (``reports.woonzorg``): the figures of the page, absolute links,
the sources, public for everyone, cached for anonymous visitors only."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import CAST
from tests.factories import GroupFactory, PlacementFactory, TaskFactory

from woonmonitor.allocation import care, woonzorg
from woonmonitor.allocation.tests import test_care
from woonmonitor.reports import woonzorg as report

pytestmark = pytest.mark.django_db
drenthe_care = test_care.drenthe_care  # the shared fixture


@pytest.fixture
def profile_data(drenthe_care):
    statushouders = GroupFactory(key="statushouders", name="Statushouders", half_yearly=True)
    GroupFactory(key="spoedzoekers", name="Spoedzoekers")
    TaskFactory(group=statushouders, municipality_code="GM1681", year=2024, half=1, amount=23)
    PlacementFactory(
        group=statushouders, municipality_code="GM1681", year=2024, month=3, count=9, is_demo=True
    )
    return drenthe_care


def pdf_text(pdf: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "woonzorg.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    )
    return " ".join(result.stdout.split())


def test_pdf_holds_the_figures_of_the_page(profile_data, tmp_path):
    profile = woonzorg.build_profile(care.municipality_scope("GM1681"))
    pdf = report.woonzorg_pdf(profile, base_url="https://woonmonitor.example")
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    assert "Woonzorgprofiel Borger-Odoorn" in text
    assert "pagina 1 van" in text
    assert "geen taak vastgelegd" in text
    assert "demonstratiecijfer" in text
    for figure in ("1.613", "1,1674", "1.883,0", "156,20", "294,1", "294 woningen", "501 woningen"):
        assert figure in text, figure
    assert "9.978" in text  # the example's regional target
    assert "https://woonmonitor.example/aandachtsgroepen/woonzorgprofiel/GM1681/" in text
    assert "Bronnen" in text and "Programma Wonen en zorg voor ouderen" in text


def test_region_pdf_lists_every_municipality(profile_data, tmp_path):
    profile = woonzorg.build_profile(care.region_scope(profile_data["region"]))
    text = pdf_text(report.woonzorg_pdf(profile, base_url="http://x"), tmp_path)
    for name in ("Borger-Odoorn", "Coevorden", "Emmen"):
        assert name in text
    assert "Woonzorgprofiel Zuidoost-Drenthe (BOCE)" in text


@pytest.mark.parametrize("name", CAST)
def test_pdf_is_public(client_for, profile_data, name):
    response = client_for(name).get("/aandachtsgroepen/woonzorgprofiel/GM1681.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="woonzorgprofiel-gm1681-' in response["Content-Disposition"]
    region = client_for(name).get("/aandachtsgroepen/woonzorgprofiel/zuidoost-drenthe.pdf")
    assert region.status_code == 200


def test_pdf_404(client, profile_data):
    assert client.get("/aandachtsgroepen/woonzorgprofiel/GM9999.pdf").status_code == 404
    assert client.get("/aandachtsgroepen/woonzorgprofiel/nergens.pdf").status_code == 404


def test_anonymous_pdf_is_cached_until_the_data_changes(client, profile_data, monkeypatch):
    calls = []
    real = report.woonzorg_pdf

    def counting(profile, *, base_url):
        calls.append(profile.scope.key)
        return real(profile, base_url=base_url)

    monkeypatch.setattr(report, "woonzorg_pdf", counting)
    url = "/aandachtsgroepen/woonzorgprofiel/GM1681.pdf"
    client.get(url)
    client.get(url)
    assert calls == ["GM1681"]
    TaskFactory(
        group=GroupFactory(key="spoedzoekers"), municipality_code="GM1681", year=2025, amount=2
    )
    client.get(url)
    assert calls == ["GM1681", "GM1681"]
