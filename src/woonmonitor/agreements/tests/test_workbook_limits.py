"""A hostile or too large workbook on the import page: a Dutch refusal, nothing changed."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from woonmonitor.agreements import workbook
from woonmonitor.agreements.models import Commitment, NumberCell
from woonmonitor.imports.tests.hostile import SHEET, SHEET_HEAD, bomb_xlsx, sheet_xml, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def state(agreement) -> tuple:
    return (
        sorted(Commitment.objects.filter(agreement=agreement).values_list("pk", "content")),
        sorted(NumberCell.objects.filter(table__agreement=agreement).values_list("pk", "value")),
    )


def post(client, agreement, data: bytes) -> str:
    url = reverse("agreements:import-workbook", args=[agreement.pk])
    upload = SimpleUploadedFile("werkmap.xlsx", data, content_type=XLSX)
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            xlsx(sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', "A1:XFD1048576")),
            "De werkmap geeft een blad op van A1:XFD1048576; dat is te groot",
        ),
        (
            xlsx(sheet_xml('<row r="1"><c r="XFD1"><v>1</v></c></row>')),
            "Het bestand heeft te veel kolommen: ten minste 16.384 (maximaal 256).",
        ),
        (
            bomb_xlsx(SHEET, SHEET_HEAD + b"<sheetData>", b"<row/>", 10**8, b"</sheetData>"),
            "Het bestand heeft te veel rijen: ten minste 50.001 (maximaal 50.000).",
        ),
    ],
    ids=["dimension", "column-xfd", "row-bomb"],
)
def test_a_hostile_workbook_is_refused_in_dutch_and_nothing_changes(
    client_for, draft, data, message
):
    agreement = draft["agreement"]
    before = state(agreement)
    text = post(client_for("municipality_editor"), agreement, data)
    assert "De werkmap is niet verwerkt" in text and message in text
    assert state(agreement) == before


def test_read_workbook_reports_the_refusal_as_an_error(draft):
    data = xlsx(sheet_xml('<row r="60000"><c r="A60000"><v>1</v></c></row>'))
    changes = workbook.read_workbook(draft["agreement"], data)
    assert [error.message for error in changes.errors] == [
        "Het bestand heeft te veel rijen: ten minste 60.000 (maximaal 50.000)."
    ]
    assert not changes


def test_a_too_large_workbook_is_refused_by_its_size_on_the_page(client_for, draft):
    agreement = draft["agreement"]
    before = state(agreement)
    text = post(client_for("municipality_editor"), agreement, b"PK" + b"\0" * (6 * 1024 * 1024))
    assert "Het bestand is te groot: 6 MB (maximaal 5 MB)." in text
    assert state(agreement) == before
