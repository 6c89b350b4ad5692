"""Seed 001's masked cells, end to end: import, pages, CSV, API, Excel and PDF read one way.

Seed 001 (Lefier/Woonservice, Borger-Odoorn) masks the Lefier table: row labels 'Xxxxxxxxx'
and 'Xxxxx', years '0000', and zeros that may be masked digits. Everywhere a masked cell is
"onleesbaar in de bron" (``value: null``, ``status: "masked"``), never a number; a masked label
or year shows its inference only when a reviewer confirmed it, marked as inferred.
"""

from __future__ import annotations

import csv
import importlib
import io
import re
import shutil
import subprocess
from datetime import date

import openpyxl
import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from tests.factories import NumberCellFactory

from woonmonitor.agreements import services
from woonmonitor.agreements.models import Flag, NumberCell
from woonmonitor.agreements.table_reading import table_views
from woonmonitor.reports import progress, progress_excel

SEED_001 = settings.WOONMONITOR_SEEDS_DIR / "001_38dedbc85e70cbb7.txt"
needs_seed = pytest.mark.skipif(not SEED_001.is_file(), reason="seed 001 not available")
ON = date(2023, 12, 31)


@pytest.fixture
def reviewer(db):
    return get_user_model().objects.create_user("beoordelaar", is_staff=True)


@pytest.fixture
def draft_001(db, reviewer):
    call_command("load_organisations", verbosity=0)
    return services.import_agreement_file(path=SEED_001, user=reviewer)


@pytest.fixture
def published_001(draft_001, reviewer):
    """Reviewed (every flag confirmed, as the demo loader does), signed and published."""
    services.review_all(agreement=draft_001, user=reviewer, resolution="Bekeken.")
    services.record_signed_document(agreement=draft_001, user=reviewer, note="Ondertekend.")
    services.publish(agreement=draft_001, user=reviewer)
    draft_001.refresh_from_db()
    return draft_001


def shown(html: str) -> str:
    """The cells and labels as shown: without the explanations of inferences (which quote
    the source's mask) in title attributes and the list under the table."""
    html = re.sub(r' title="[^"]*"', "", html)
    return re.sub(r'<ul class="wm-muted wm-inferred-notes">.*?</ul>', "", html, flags=re.S)


def lefier_view(agreement):
    return next(view for view in table_views(agreement) if view.table.key == "production-lf")


# ----------------------------------------------------------------------------- import


@needs_seed
def test_import_stores_masked_cells_without_a_value(draft_001):
    cells = {
        (c.row, c.col): c
        for c in NumberCell.objects.filter(table__agreement=draft_001, table__key="production-lf")
    }
    # 'Xxxxxxxxx | 0 | 0 | 0 | 0 | 0': a masked row, every 0 unreadable
    assert all(cells[(0, col)].value is None for col in range(5))
    assert {cells[(0, col)].status for col in range(5)} == {NumberCell.Status.MASKED}
    assert cells[(0, 0)].raw == "0"
    # 'Xxxxx | 0 | 0 | 0 | 7 | 7': the zeros go, the sevens are real digits
    assert [cells[(1, col)].value for col in range(5)] == [None, None, None, 7, 7]
    # 'Verduurzaming | 0 | 69 ...': the 0 stands under a masked year '0000'
    assert cells[(3, 0)].value is None and cells[(3, 0)].status == "masked"
    assert cells[(3, 1)].value == 69 and cells[(3, 1)].status == "readable"
    zero_flags = Flag.objects.filter(
        table__key="production-lf", field__endswith=".value", kind="masked", agreement=draft_001
    )
    assert zero_flags.count() == 9


@needs_seed
def test_draft_without_review_shows_masked_labels_and_years_as_unreadable(draft_001):
    view = lefier_view(draft_001)
    assert [label.display for label in view.row_labels[:2]] == ["onleesbaar in de bron"] * 2
    assert [c.display for c in view.columns] == [
        "onleesbaar in de bron",
        "onleesbaar in de bron",
        "onleesbaar in de bron",
        "2026",
        "2027",
    ]
    assert view.grid[2][0].value == 3 and view.grid[2][0].year is None  # 'Verkoop' under '0000'
    assert view.grid[1][3].measure == ""  # 'Xxxxx' is not 'Sloop' before a reviewer says so


@needs_seed
def test_reviewed_inference_is_used_everywhere_with_its_flag(published_001):
    view = lefier_view(published_001)
    assert [label.marked for label in view.row_labels] == [
        "Nieuwbouw (afgeleid)",
        "Sloop (afgeleid)",
        "Verkoop",
        "Verduurzaming",
        "Zonnepanelen",
    ]
    assert [c.marked for c in view.columns] == [
        "2023 (afgeleid)",
        "2024 (afgeleid)",
        "2025 (afgeleid)",
        "2026",
        "2027",
    ]
    assert all(cell.value is None for cell in view.grid[0])  # confirming a label is no number


# ----------------------------------------------------------------------------- pages


@needs_seed
def test_agreement_page_table_and_chart(client, published_001):
    html = client.get(reverse("agreements:detail", args=[published_001.pk])).content.decode()
    start = html.index('id="tabel-production-lf"')
    section = html[start : html.index("</section>", start)]
    assert "Xxxxxxxxx" in section  # quoted in the explanation of the inference
    assert "bevestigd door een beoordelaar" in section
    section = shown(section)
    table = section[section.index("</svg>") :]
    assert "Xxxxx" not in section and "0000" not in section and ">0<" not in table
    assert section.count('data-status="masked"') >= 9
    assert 'Nieuwbouw <span class="wm-inferred">afgeleid</span>' in section
    # the chart's legend: inferred years marked, never '0000'
    chart = section[section.index("<svg") : section.index("</svg>")]
    assert "2023 (afgeleid)" in chart and "0000" not in chart
    assert "Nieuwbouw (afgeleid)" in chart


@needs_seed
def test_organisation_page(client, published_001):
    html = client.get(reverse("agreements:organisation", args=["lefier"])).content.decode()
    start = html.index("Aantallen in de tabellen van het document")
    part = shown(html[start:])
    assert "Xxxxx" not in part and "0000" not in part
    assert part.count("onleesbaar in de bron") >= 9
    assert "afgeleid" in part


@needs_seed
def test_commitment_text_keeps_its_masking_marked(client, published_001):
    b1a = published_001.commitments.get(number="B1a")
    assert "0000-0000 000" in b1a.year_entry
    html = client.get(
        reverse("agreements:commitment", args=[published_001.pk, b1a.pk])
    ).content.decode()
    assert (
        '<mark class="wm-masked-text" title="onleesbaar in de bron"><span aria-hidden="true">'
        '0000-0000 000</span><span class="wm-visually-hidden">[onleesbaar in de bron]</span></mark>'
    ) in html


@needs_seed
def test_realised_page_plans_no_masked_number(client, published_001):
    html = client.get(reverse("agreements:realised", args=[published_001.pk])).content.decode()
    assert "Xxxxx" not in html and "0000" not in html
    # Lefier's planned figures of 2023-2025 stand in inferred columns: marked as such
    lefier = html[html.index("Gepland en gerealiseerd: Lefier<") :]
    lefier = lefier[: lefier.index("</table>")]
    rows = lefier.split("<tr")[2:]
    marked = [row for row in rows if '<span class="wm-inferred"' in row]
    assert marked and all(
        re.search(r"<td[^>]*>(2023|2024|2025)</td>", row) or "Sloop" in row for row in marked
    )
    sale_2026 = [
        row
        for row in rows
        if '<td class="utrecht-table__cell">2026</td>' in row and "Verkoop" in row
    ]
    assert len(sale_2026) == 1 and '<span class="wm-inferred"' not in sale_2026[0]


# ----------------------------------------------------------------------------- downloads and API


@needs_seed
def test_table_csv(client, published_001):
    response = client.get(reverse("agreements:table-csv", args=[published_001.pk, "production-lf"]))
    header, *rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    first = dict(zip(header, rows[0], strict=True))
    assert first["waarde"] == "" and first["status"] == "masked"
    assert first["rij"] == "Nieuwbouw" and first["rij_in_document"] == "Xxxxxxxxx"
    assert first["kolom"] == "2023" and first["kolom_in_document"] == "0000"
    assert first["afgeleid_en_bevestigd"] == "rij, kolom"
    seven = dict(zip(header, rows[8], strict=True))
    assert (seven["rij"], seven["kolom"], seven["waarde"], seven["status"]) == (
        "Sloop",
        "2026",
        "7",
        "readable",
    )


@needs_seed
def test_api_names_the_masked_fragments_of_commitment_texts(client, published_001):
    """B1a quotes "in periode 0000-0000 000 woningen": the API gives the text as in the
    document and names the fragments that are unreadable in the source."""
    data = client.get(f"/api/v1/agreements/{published_001.pk}/commitments/").json()
    commitments = data["results"] if isinstance(data, dict) else data
    b1a = next(c for c in commitments if c["label"] == "B1a")
    assert {"field": "year_entry", "text": "0000-0000 000"} in b1a["masked_text"]
    plain = next(c for c in commitments if c["label"] == "A2")
    assert plain["masked_text"] == []


@needs_seed
def test_api_cells(client, published_001):
    data = client.get(f"/api/v1/agreements/{published_001.pk}/").json()
    table = next(t for t in data["tables"] if t["key"] == "production-lf")
    first = table["cells"][0]
    assert first["value"] is None and first["status"] == "masked"
    assert first["raw"] == "0"
    assert first["row_label"] == "Nieuwbouw" and first["row_label_status"] == "inferred"
    assert first["row_label_in_document"] == "Xxxxxxxxx"
    assert first["column"] == "2023" and first["column_status"] == "inferred"
    assert not [c for c in table["cells"] if c["status"] == "masked" and c["value"] is not None]
    assert sum(c["status"] == "masked" for c in table["cells"]) == 9


@needs_seed
def test_api_draft_without_review_has_masked_labels(client, draft_001, reviewer):
    client.force_login(reviewer)
    data = client.get(f"/api/v1/agreements/{draft_001.pk}/").json()
    table = next(t for t in data["tables"] if t["key"] == "production-lf")
    first = table["cells"][0]
    assert first["row_label"] == "" and first["row_label_status"] == "masked"
    assert first["column"] == "" and first["column_status"] == "masked"
    assert first["year"] is None and first["measure"] == ""


@needs_seed
def test_progress_excel_cell(published_001):
    book = openpyxl.load_workbook(
        io.BytesIO(progress_excel.progress_xlsx(published_001, year=2023, on=ON))
    )
    sheet = next(s for s in book.worksheets if s["A1"].value == "Lefier – Borger-Odoorn")
    assert [c.value for c in sheet[5]][:4] == [
        "Omschrijving",
        "2023 (afgeleid)",
        "2024 (afgeleid)",
        "2025 (afgeleid)",
    ]
    assert sheet["A6"].value == "Nieuwbouw (afgeleid)"
    assert sheet["B6"].value == "onleesbaar in de bron" and sheet["B6"].font.i
    assert sheet["B8"].value == 3 and sheet["E7"].value == 7  # Verkoop 2023, Sloop 2026
    assert sheet["B9"].value == "onleesbaar in de bron"  # Verduurzaming '0' under '0000'
    values = [c.value for row in sheet.iter_rows(min_row=6, max_row=10) for c in row]
    assert 0 not in values and "0000" not in values


@needs_seed
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) missing")
def test_progress_pdf(published_001, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(progress.progress_pdf(published_001, year=2023, on=ON))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert_pdf_table(text)


def assert_pdf_table(text: str) -> None:
    """The Lefier table of the report (its second heading: chart, then table), as words."""
    block = text.split("Lefier – Borger-Odoorn")[2]
    notes = " ".join(block.split())
    assert "Afgeleid (rij 1): “Nieuwbouw”; in de bron “Xxxxxxxxx”" in notes
    table = " ".join(block.split("“onleesbaar in de bron”:")[0].split())
    assert table.startswith("Omschrijving 2023 (afgeleid) 2024 (afgeleid) 2025 (afgeleid) 2026")
    masked_row = table[table.index("Nieuwbouw (afgeleid)") : table.index("Sloop (afgeleid)")]
    assert masked_row.count("onleesbaar in de bron") == 5
    assert not any(character.isdigit() for character in masked_row)
    assert "0000" not in table and "Xxxxx" not in table


# ----------------------------------------------------------------------------- review and migration


@needs_seed
def test_a_reviewer_who_enters_the_zero_makes_it_a_number(draft_001, reviewer):
    cell = NumberCell.objects.get(
        table__agreement=draft_001, table__key="production-lf", row=0, col=3
    )
    services.update_cell(cell=cell, user=reviewer, value=0)
    cell.refresh_from_db()
    assert cell.value == 0 and cell.status == NumberCell.Status.REVIEWED
    read = lefier_view(draft_001).grid[0][3]
    assert read.value == 0 and read.is_reviewed and read.text == "0"
    services.update_cell(cell=cell, user=reviewer, value=None)
    cell.refresh_from_db()
    assert cell.status == NumberCell.Status.MASKED


def test_migration_fills_status_and_makes_masked_zeros_unreadable(published):
    table = published["table"]
    zero = NumberCellFactory(
        table=table,
        row=1,
        col=0,
        row_label="Xxxxx",
        column="2023",
        raw="0",
        value=0,
        status="readable",
    )
    masked = NumberCellFactory(
        table=table,
        row=1,
        col=1,
        row_label="Xxxxx",
        column="2024",
        raw="0000",
        value=None,
        status="readable",
    )
    migration = importlib.import_module(
        "woonmonitor.agreements.migrations.0003_cell_status_for_masked_cells"
    )
    migration.fill_status(django_apps, None)
    zero.refresh_from_db()
    masked.refresh_from_db()
    assert (zero.value, zero.status) == (None, "masked")
    assert masked.status == "masked"
    assert Flag.objects.filter(table=table, field="rows[1].cells[0].value", kind="masked").exists()
    readable = NumberCell.objects.get(table=table, row=0, col=0)
    assert (readable.value, readable.status) == (30, "readable")


@needs_seed
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) missing")
def test_what_needs_attention_keeps_the_masking_of_commitment_texts(
    client, published_001, tmp_path
):
    """C5 opens with 'Xxxxxx thuis wonen': in the attention list of the page, the Excel sheet
    and the PDF it is marked as unreadable in the source, never shown as if it were a word."""
    book = openpyxl.load_workbook(
        io.BytesIO(progress_excel.progress_xlsx(published_001, year=2023, on=ON))
    )
    titles = [row[2].value or "" for row in book["Aandacht"].iter_rows(min_row=2)]
    c5 = next(title for title in titles if "thuis wonen" in title)
    assert c5.startswith("[onleesbaar in de bron: Xxxxxx] thuis wonen")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(progress.progress_pdf(published_001, year=2023, on=ON))
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    assert "[onleesbaar in de bron: Xxxxxx] thuis wonen" in text
    # every 'Xxxxxx' (six letters: C5's first word) stands inside a marker
    assert len(re.findall(r"\bXxxxxx\b", text)) == text.count("bron: Xxxxxx]") > 0
    html = client.get(reverse("agreements:detail", args=[published_001.pk])).content.decode()
    section = html[html.index('id="aandacht"') :]
    row = section[section.index("Afspraak C5") :]
    row = row[: row.index("</tr>")]
    assert '<mark class="wm-masked-text"' in row and "[onleesbaar in de bron]" in row


@needs_seed
def test_targets_read_the_tables_as_the_pages_do(draft_001, reviewer):
    """Lefier's 'Xxxxx' row (inferred: Sloop) plans 7 and 7 in 2026-2027. Before a reviewer
    confirmed the inference the row has no measure, so no target counts it; after, it is
    demolition everywhere, targets included."""
    from woonmonitor.agreements.targets import AgreementFigures

    def lefier_demolition(agreement):
        return [
            cell.value
            for cell in AgreementFigures.load(agreement).cells
            if cell.table.key == "production-lf" and cell.measure == "demolition"
        ]

    assert lefier_demolition(draft_001) == []
    services.review_all(agreement=draft_001, user=reviewer, resolution="Bekeken.")
    assert lefier_demolition(draft_001) == [7, 7]


@needs_seed
def test_the_review_page_names_flagged_fields_in_words(client, draft_001, reviewer):
    """The reviewer reads "naam van rij 1" and "kolomkoppen", not the parser's codes."""
    client.force_login(reviewer)
    html = client.get(reverse("agreements:review", args=[draft_001.pk])).content.decode()
    assert "naam van rij 1" in html and "(kolomkoppen)" in html
    assert not re.search(r"(rows|columns)\[\d+\]", html)
    named = re.findall(r"(?:Afgeleid|Onleesbaar[^(]*|Niet goed leesbaar) \(([^)]*)\)", html)
    english = {"columns", "party", "parent", "notes", "name", "number", "content", "result"}
    assert named and not english & set(named)
