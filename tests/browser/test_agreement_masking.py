"""Masked cells of seed 001 (Lefier, Borger-Odoorn) in the browser: table, chart, PDF report.

A masked cell is "onleesbaar in de bron", never a number; a masked row label or year shows the
inference the reviewer confirmed, marked "afgeleid" (the demo loader confirms every flag).
"""

from __future__ import annotations

import io
import shutil
import subprocess

import openpyxl
import pytest
from playwright.sync_api import expect

from woonmonitor.agreements.tests.test_masked_cells import assert_pdf_table

from .conftest import ARTIFACTS
from .test_agreements import BORGER_ODOORN, open_agreement, open_commitment


def test_masked_cells_in_the_lefier_table_and_chart(page, server, screenshot, axe):
    open_agreement(page, server, BORGER_ODOORN)
    section = page.locator("#tabel-production-lf")
    table = section.locator("table")
    # the masked row 'Xxxxxxxxx | 0 | 0 | 0 | 0 | 0': inferred label, five unreadable cells
    first = table.locator("tbody tr").first
    expect(first.locator("th")).to_have_text("Nieuwbouw afgeleid")
    expect(first.locator("td")).to_have_text(["onleesbaar in de bron"] * 5)
    # 'Xxxxx | 0 | 0 | 0 | 7 | 7': the sevens are real digits
    expect(table.locator("tbody tr").nth(1).locator("td")).to_have_text(
        ["onleesbaar in de bron"] * 3 + ["7", "7"]
    )
    expect(table.locator("td[data-status=masked]")).to_have_count(9)
    expect(table.locator("thead th")).to_have_text(
        ["Omschrijving", "2023 afgeleid", "2024 afgeleid", "2025 afgeleid", "2026", "2027"]
    )
    # visible in the table as a whole: no '0000', no 'Xxxxx', no masked 0
    assert "0000" not in table.inner_text() and "Xxxxx" not in table.inner_text()
    expect(section).to_contain_text("Afgeleid (rij 1): “Nieuwbouw”; in de bron “Xxxxxxxxx”")
    # the chart: legend years marked as inferred, masked row without bars
    legend = section.locator("svg .wm-chart__legend text")
    expect(legend).to_have_text(
        ["2023 (afgeleid)", "2024 (afgeleid)", "2025 (afgeleid)", "2026", "2027"]
    )
    chart_text = section.locator("svg .wm-chart__bars").text_content()
    assert "Nieuwbouw (afgeleid)onleesbaar in de bron" in chart_text
    assert "0000" not in section.locator("svg").inner_html()
    section.scroll_into_view_if_needed()
    section.screenshot(path=str(ARTIFACTS / "tabel-lefier-gemaskeerd.png"))
    screenshot("afspraken-borger-odoorn-gemaskeerd")
    axe()

    open_commitment(page, "B1a")  # 'in periode 0000-0000 000 woningen'
    mark = page.locator("mark.wm-masked-text").first
    expect(mark).to_have_attribute("title", "onleesbaar in de bron")
    expect(mark).to_contain_text("0000-0000 000")
    screenshot("afspraak-borger-odoorn-b1a")
    axe()


def test_masked_cells_on_the_organisation_page(page, server, screenshot, axe):
    page.goto(server + "/prestatieafspraken/organisatie/lefier/")
    main = page.get_by_role("main")
    planned = main.locator("table").filter(has_text="Jaar of kolom").first
    expect(planned.locator("td[data-status=masked]")).to_have_count(9)
    assert "0000" not in planned.inner_text() and "Xxxxx" not in planned.inner_text()
    expect(planned).to_contain_text("Nieuwbouw afgeleid")
    screenshot("verantwoordelijk-lefier-gemaskeerd")
    axe()


def test_masked_cells_in_the_progress_report_pdf(page, server):
    open_agreement(page, server, BORGER_ODOORN)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Voortgangsrapportage (PDF)").click()
    target = ARTIFACTS / "voortgangsrapportage-borger-odoorn.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    download_info.value.save_as(str(target))
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("pdftotext/pdftoppm (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", str(target), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert_pdf_table(text)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(target), str(ARTIFACTS / "voortgang-borger-odoorn")],
        check=True,
    )
    assert sorted(ARTIFACTS.glob("voortgang-borger-odoorn-*.png"))


def test_masked_cells_in_the_progress_report_excel(page, server):
    """The Excel download as a user gets it: a masked cell is the text "onleesbaar in de bron"
    in italics, never 0; inferred labels carry "(afgeleid)"."""
    open_agreement(page, server, BORGER_ODOORN)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Voortgangsrapportage (Excel)").click()
    # the download's temporary file has no extension: openpyxl reads it from bytes
    book = openpyxl.load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    sheet = next(s for s in book.worksheets if s["A1"].value == "Lefier – Borger-Odoorn")
    assert sheet["A6"].value == "Nieuwbouw (afgeleid)"
    assert sheet["B6"].value == "onleesbaar in de bron" and sheet["B6"].font.i
    assert sheet["B9"].value == "onleesbaar in de bron"  # Verduurzaming 2023: a 0 under '0000'
    values = [c.value for row in sheet.iter_rows(min_row=6, max_row=10) for c in row]
    assert 0 not in values and "0000" not in values
