"""imports.tables.template: the one reading of an upload filled in from one of our templates."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from woonmonitor.imports.tables.template import (
    RowError,
    Template,
    UploadError,
    cell_text,
    read_upload,
    table_of,
)

TEMPLATE = Template(
    sheet="Taken", columns=("code", "taak", "bron"), required=("code", "taak"), max_rows=2
)


def test_csv_rows_keep_the_spreadsheet_numbers_and_skip_empty_lines():
    table = read_upload("taken.csv", b"\n Code ;Taak;bron\nGM1681;3;x\n;;\nGM0118;4;y\n", TEMPLATE)
    assert table.header == ["code", "taak", "bron"]
    assert [number for number, _cells in table.rows] == [3, 5]
    assert table.rows[1][1] == {"code": "GM0118", "taak": "4", "bron": "y"}


def test_a_workbook_is_read_from_its_data_sheet_not_the_read_me():
    book = Workbook()
    book.active.title = "Leesmij"
    book.active.append(["Lees dit eerst"])
    sheet = book.create_sheet("Taken")
    sheet.append(["code", "taak"])
    sheet.append(["GM1681", 12.0])
    data = io.BytesIO()
    book.save(data)
    table = read_upload("taken.xlsx", data.getvalue(), TEMPLATE)
    assert table.rows == [(2, {"code": "GM1681", "taak": 12.0})]
    assert cell_text(table.rows[0][1]["taak"]) == "12"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("taken.pdf", b"%PDF", "Kies een .csv- of .xlsx-bestand"),
        ("taken.csv", b"\n\n", "Het bestand is leeg."),
        ("taken.csv", b"code;bron\nGM1681;x\n", "Kolommen ontbreken in de eerste regel: taak"),
        ("taken.csv", b"code;taak;taak\n", "Kolom staat er meer dan eens: taak"),
        ("taken.csv", b"code;taak\na;1\nb;2\nc;3\n", "hoogstens 2 per keer"),
        ("taken.xlsx", b"not a zip", ""),
    ],
)
def test_a_file_that_cannot_be_read_says_why_in_dutch(name, data, message):
    with pytest.raises(UploadError, match=message):
        read_upload(name, data, TEMPLATE)


def test_table_of_and_row_errors():
    assert table_of([["code", "taak"], ["GM1681", "1"]], TEMPLATE).rows == [
        (2, {"code": "GM1681", "taak": "1"})
    ]
    assert str(RowError(3, "taak", "geen getal")) == "rij 3, kolom taak: geen getal"
    assert str(RowError(0, "", "leeg")) == "bestand: leeg"
