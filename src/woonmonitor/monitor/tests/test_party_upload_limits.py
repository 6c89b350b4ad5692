"""Uploads on the input page that exceed the reader's limits: a Dutch refusal, nothing stored."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from woonmonitor.imports.models import ImportRun
from woonmonitor.imports.tests.hostile import SHEET, SHEET_HEAD, bomb_xlsx, sheet_xml, xlsx
from woonmonitor.monitor.models import IndicatorValue

PAGE = "/monitor/invoer/"
ORG = "gemeente-borger-odoorn"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>gebiedscode</t></is></c></row>'


def post(client, name: str, data: bytes) -> str:
    upload = SimpleUploadedFile(name, data, content_type=XLSX if name.endswith("x") else "text/csv")
    response = client.post(PAGE, {"organisation": ORG, "file": upload})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "cijfers.xlsx",
            xlsx(sheet_xml(HEADER, dimension="A1:XFD1048576")),
            "De werkmap geeft een blad op van A1:XFD1048576; dat is te groot",
        ),
        (
            "cijfers.xlsx",
            xlsx(sheet_xml(HEADER + '<row r="2"><c r="XFD2"><v>1</v></c></row>')),
            "Het bestand heeft te veel kolommen: ten minste 16.384 (maximaal 256).",
        ),
        (
            "cijfers.xlsx",
            bomb_xlsx(SHEET, SHEET_HEAD + b"<sheetData>", b"<row/>", 10**8, b"</sheetData>"),
            "Het bestand heeft te veel rijen: ten minste 50.001 (maximaal 50.000).",
        ),
        (
            "cijfers.csv",
            b"gebiedscode;indicator;periode;waarde\n" + b"GM1681;x;2024;1\n" * 60_000,
            "Het bestand heeft te veel rijen: ten minste 50.001 (maximaal 50.000).",
        ),
        ("cijfers.xlsx", b"PK\x03\x04 geen werkmap", "geen leesbare Excel-werkmap"),
    ],
    ids=["dimension", "column-xfd", "row-bomb", "csv-rows", "not-a-zip"],
)
def test_a_hostile_upload_is_refused_in_dutch_and_nothing_is_stored(
    client_for, name, data, message
):
    text = post(client_for("municipality_editor"), name, data)
    assert message in text
    assert not ImportRun.objects.exists() and not IndicatorValue.objects.exists()


def test_a_too_large_upload_is_refused_by_its_size_on_the_page(client_for):
    data = b"gebiedscode;indicator;periode;waarde\n" + b"x" * (6 * 1024 * 1024)
    text = post(client_for("municipality_editor"), "cijfers.csv", data)
    assert "Het bestand is te groot: 6 MB (maximaal 5 MB)." in text
    assert not ImportRun.objects.exists()
