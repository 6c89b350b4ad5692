"""The factsheet PDF: A4, the profile per theme with comparisons, sources, dates, disclosure."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from woonmonitor.monitor.profile import build_profile
from woonmonitor.reports import factsheet

from .area_world import world_fixture  # noqa: F401

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdfinfo") and shutil.which("pdftoppm")),
    reason="poppler-utils (pdftotext, pdfinfo, pdftoppm) is not installed",
)


def pdf_info(path) -> str:
    return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout


def pdf_text(path) -> str:
    result = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    )
    return " ".join(result.stdout.split())


@needs_poppler
def test_factsheet_of_a_wijk_is_a4_with_comparisons_sources_and_disclosure(world, tmp_path):
    profile = build_profile(area=world.area("WK168193"), period=2022)
    path = tmp_path / factsheet.filename(profile)
    path.write_bytes(factsheet.factsheet_pdf(profile))

    info = pdf_info(path)
    assert "A4" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 1 <= pages <= 4
    text = pdf_text(path)
    assert "Factsheet Ellertshaar" in text
    assert "pagina 1 van" in text
    for heading in ("Wonen", "Demografie", "Bronnen en geheimhouding"):
        assert heading in text
    assert "Borger-Odoorn" in text and "Drenthe" in text and "Nederland" in text
    assert "€ 253.000" in text  # the gemeente's WOZ beside the wijk's suppressed one
    assert "minder dan 20 woningen" in text  # persons per home in 12 homes
    # each figure cites its table with the peildatum; no route, file name or loading date
    assert "Kerncijfers wijken en buurten 2022" in text and "85318NED" in text
    assert "peildatum 1 januari 2022" in text
    assert "tmap" not in text and "geladen op" not in text and ".csv" not in text
    assert "Nog geen gegevens voor dit gebied" in text
    assert "/monitor/gebied/WK168193/?jaar=2022" in text
    # look at every page: each renders to an image with ink on it
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page*.png"))) == pages


@needs_poppler
def test_factsheet_of_the_gemeente_has_key_figures(world, tmp_path):
    profile = build_profile(area=world.area("GM1681"), period=2022)
    path = tmp_path / "gm.pdf"
    path.write_bytes(factsheet.factsheet_pdf(profile))
    text = pdf_text(path)
    assert "Factsheet Borger-Odoorn" in text
    assert "25.681" in text and "11.276" in text  # inhabitants and homes, Dutch notation
    assert [line.indicator.key for line in factsheet.key_figures(profile)] == [
        "inwoners",
        "woningvoorraad",
        "woz-gemiddeld",
        "koopwoningen",
    ]


def test_html_fetches_nothing_from_outside(world):
    html = factsheet.render_html(build_profile(area=world.area("WK168100"), period=2022))
    assert not re.search(r"""(src|href)=["']?https?:""", html)
    assert "@page" in html and "size: A4" in html


def test_pdf_download(world, client):
    response = client.get(reverse("reports:factsheet-pdf", args=["WK168100"]), {"jaar": 2022})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="factsheet-WK168100-2022.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
