"""The yearly progress report as PDF and Excel: content, numbers and who may download it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib
from datetime import date

import openpyxl
import pytest
from conftest import CAST
from django.urls import reverse
from tests.factories import NumberCellFactory

from woonmonitor.agreements import services
from woonmonitor.agreements.overview import build_overview
from woonmonitor.reports import progress, progress_excel

ON = date(2023, 12, 31)


@pytest.fixture
def reported(published, cast):
    """The published agreement with a report, advice, a realised figure and a masked cell."""
    parties = published["parties"]
    services.report_progress(
        commitment=published["lefier_commitment"],
        party=parties["LF"],
        user=cast["association_editor"],
        year=2023,
        status="on_track",
        text="Dertig woningen in aanbouw aan de Esweg.",
    )
    services.add_comment(
        commitment=published["lefier_commitment"],
        party=parties["HU"],
        user=cast["tenants_member"],
        kind="advice",
        text="Let op betaalbare eengezinswoningen.",
    )
    services.record_realised(
        agreement=published["agreement"],
        party=parties["LF"],
        user=cast["association_editor"],
        measure="new_build",
        year=2023,
        value=1234,
    )
    NumberCellFactory(
        table=published["table"],
        row=1,
        row_label="Sloop",
        measure="demolition",
        col=0,
        column="2023",
        raw="X0",
        value=None,
        year=2023,
        party=parties["LF"],
    )
    NumberCellFactory(
        table=published["table"],
        row=1,
        row_label="Sloop",
        measure="demolition",
        col=1,
        column="2024",
        raw="4",
        value=4,
        year=2024,
        party=parties["LF"],
    )
    return published


def page_count(pdf: bytes, tmp_path) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        PdfReader = None
    if PdfReader is not None:
        return len(PdfReader(io.BytesIO(pdf)).pages)
    if shutil.which("pdftoppm"):
        path = tmp_path / "report.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "10", str(path), str(tmp_path / "page")], check=True
        )
        return len(list(tmp_path.glob("page*.png")))
    # WeasyPrint packs page objects into compressed object streams: look inside them too.
    chunks = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page\b", chunk)) for chunk in chunks)


def pdf_text(pdf: bytes, tmp_path) -> str | None:
    if not shutil.which("pdftotext"):
        return None
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    )
    return " ".join(result.stdout.split())


def test_pdf_has_pages_commitments_and_target_explanations(reported, tmp_path):
    agreement = reported["agreement"]
    pdf = progress.progress_pdf(agreement, year=2023, on=ON)

    assert pdf.startswith(b"%PDF")
    assert page_count(pdf, tmp_path) >= 4  # cover, summary, commitments, numbers, sources

    text = pdf_text(pdf, tmp_path)
    if text is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert "Voortgangsrapportage 2023" in text
    assert "Afspraak A1" in text and "Afspraak A3" in text
    assert "pagina 1 van" in text
    assert "Dertig woningen in aanbouw aan de Esweg." in text
    assert "Let op betaalbare eengezinswoningen." in text
    assert "onleesbaar in de bron" in text
    assert "1.234" in text  # the realised figure, in Dutch notation
    assert agreement.source_sha256 in text or "SHA-256" in text
    assert f"/prestatieafspraken/{agreement.pk}/" in text
    (_target, evaluation, _note) = build_overview(agreement, on=ON).evaluations[0]
    assert " ".join(evaluation.explanation.split())[:60] in text


def test_html_fetches_nothing_from_outside(reported):
    data = progress.progress_data(reported["agreement"], year=2023, on=ON)
    html = progress.render_html(data)

    assert "<link" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "url(" not in html
    with pytest.raises(ValueError):
        progress._no_fetching("https://example.org/style.css")


def test_xlsx_sheets_rows_and_numbers(reported):
    agreement = reported["agreement"]
    book = openpyxl.load_workbook(
        io.BytesIO(progress_excel.progress_xlsx(agreement, year=2023, on=ON))
    )

    assert book.sheetnames[:4] == ["Leesmij", "Aandacht", "Samenvatting", "Afspraken"]
    assert reported["table"].title in book.sheetnames
    assert book.sheetnames[-1] == "Gerealiseerd"

    commitments = book["Afspraken"]
    assert commitments.freeze_panes == "A2"
    data_rows = [row for row in commitments.iter_rows(min_row=2, values_only=True) if any(row)]
    assert len(data_rows) == agreement.commitments.count() == 2
    assert {row[1] for row in data_rows} == {"A1", "A3"}
    a1 = next(row for row in data_rows if row[1] == "A1")
    assert a1[6] == "op schema"
    assert a1[10] == "Dertig woningen in aanbouw aan de Esweg."
    assert "Let op betaalbare eengezinswoningen." in a1[11]

    summary = book["Samenvatting"]
    counts = {row[0]: row[1] for row in summary.iter_rows(min_row=2, max_row=6, values_only=True)}
    assert counts["op schema"] == 1 and counts["niet gestart"] == 1
    assert all(isinstance(count, int) for count in counts.values())

    table = book[reported["table"].title]
    rows = list(table.iter_rows(min_row=6, values_only=True))
    assert rows[0][1:3] == (30, 20)
    assert isinstance(rows[0][1], int)
    assert rows[1][1] == "onleesbaar in de bron" and rows[1][2] == 4

    realised = book["Gerealiseerd"]
    header = [cell.value for cell in realised[1]]
    figure = dict(zip(header, [cell.value for cell in realised[2]], strict=True))
    assert figure["Gerealiseerd"] == 1234 and isinstance(figure["Gerealiseerd"], int)
    assert figure["Jaar"] == 2023
    assert figure["Gepland in dat jaar"] == 30
    assert figure["Opgegeven door"] == reported["parties"]["LF"].name
    assert figure["Opgegeven op"] is not None

    readme = {row[0]: row[1] for row in book["Leesmij"].iter_rows(values_only=True) if row[0]}
    assert readme["Prestatieafspraken"] == agreement.title
    assert readme["Bron"] == f"Woonmonitor, /prestatieafspraken/{agreement.pk}/"


def test_realised_rows_put_planned_next_to_realised(reported):
    overview = build_overview(reported["agreement"], on=ON)
    rows = {row.measure: row for row in progress.realised_rows(overview, 2023)}

    assert rows["new_build"].planned_year == 30
    assert rows["new_build"].realised_year == 1234
    assert rows["new_build"].realised_to_date == 1234
    assert rows["new_build"].party.abbreviation == "LF"
    assert "demolition" not in rows  # masked in 2023, planned only in 2024


@pytest.mark.parametrize(
    ("requested", "expected"),
    [(None, 2025), ("", 2025), ("2024", 2024), ("1990", 2023), ("2099", 2027), ("abc", 2025)],
)
def test_report_year_defaults_to_this_year_within_the_period(requested, expected):
    class Period:
        period_start = date(2023, 10, 2)
        period_end = date(2027, 12, 31)

    assert progress.report_year(Period, requested, today=date(2025, 5, 1)) == expected
    assert progress.evaluation_date(2024, today=date(2025, 5, 1)) == date(2024, 12, 31)
    assert progress.evaluation_date(2025, today=date(2025, 5, 1)) == date(2025, 5, 1)


FORMATS = [
    ("progress-pdf", "application/pdf", "pdf"),
    (
        "progress-xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
]


@pytest.mark.parametrize(("name", "content_type", "extension"), FORMATS)
@pytest.mark.parametrize("member", CAST)
def test_published_report_downloads_for_everyone(
    published, client_for, member, name, content_type, extension
):
    agreement = published["agreement"]
    response = client_for(member).get(reverse(f"reports:{name}", args=[agreement.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="voortgangsrapportage-gemeente-borger-odoorn-2023.{extension}"'
    )


DRAFT_READERS = {"municipality_editor", "association_editor", "tenants_member", "province_reader"}


@pytest.mark.parametrize(("name", "content_type", "extension"), FORMATS)
@pytest.mark.parametrize("member", CAST)
def test_draft_report_only_for_parties_and_province(
    draft, client_for, member, name, content_type, extension
):
    response = client_for(member).get(reverse(f"reports:{name}", args=[draft["agreement"].pk]))

    assert response.status_code == (200 if member in DRAFT_READERS else 404)
    if response.status_code == 200:
        assert response["Content-Type"] == content_type


def test_year_parameter_is_clamped_to_the_period(published, client_for):
    url = reverse("reports:progress-xlsx", args=[published["agreement"].pk])
    response = client_for("anonymous").get(url, {"jaar": "2031"})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2023.xlsx"')


def test_unknown_agreement_is_404(db, client):
    assert client.get(reverse("reports:progress-pdf", args=[999999])).status_code == 404


def test_report_is_read_only(published, client_for):
    url = reverse("reports:progress-pdf", args=[published["agreement"].pk])
    assert client_for("municipality_editor").post(url).status_code == 405


def test_typed_text_that_looks_like_a_formula_stays_text_in_excel(published, cast):
    formula = '=HYPERLINK("http://example.org","klik")'
    services.report_progress(
        commitment=published["lefier_commitment"],
        party=published["parties"]["LF"],
        user=cast["association_editor"],
        year=2023,
        status="on_track",
        text=formula,
    )
    data = progress_excel.progress_xlsx(published["agreement"], year=2023, on=ON)
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [cell for row in book["Afspraken"].iter_rows() for cell in row if cell.value]
    assert formula in [cell.value for cell in cells]
    assert all(cell.data_type != "f" for cell in cells)


def test_report_of_a_year_shows_the_latest_report_up_to_that_year(reported, cast):
    commitment = reported["lefier_commitment"]
    services.report_progress(
        commitment=commitment,
        party=reported["parties"]["LF"],
        user=cast["association_editor"],
        year=2024,
        status="delayed",
        text="Vertraagd in 2024.",
    )
    of_2023 = progress.progress_data(reported["agreement"], year=2023, on=ON)
    of_2024 = progress.progress_data(reported["agreement"], year=2024, on=ON)
    assert of_2023.overview.latest_report[commitment.pk].text == (
        "Dertig woningen in aanbouw aan de Esweg."
    )
    assert of_2024.overview.latest_report[commitment.pk].text == "Vertraagd in 2024."
