"""The one reader of CSV and .xlsx files: what it reads, and what it refuses (in-process).

The hostile files under a memory limit are in ``test_tables_hostile.py``.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import Workbook, load_workbook

from woonmonitor.imports.tables import (
    ADMIN_LIMITS,
    UPLOAD_LIMITS,
    Limits,
    TableTooLarge,
    TableUnreadable,
    check_size,
    iter_csv,
    read_csv,
    read_csv_records,
    read_xlsx,
)

from .hostile import XML, sheet_xml, strings_xml, xlsx

DATA = Path(settings.WOONMONITOR_DATA_DIR)
PROGNOSIS = DATA / "ftm-woningvoorraad-plancapaciteit" / "plancapaciteit_databewijst.xlsx"
TINY = replace(UPLOAD_LIMITS, max_rows=3, max_columns=3, max_cells=7, max_cell_chars=5)


# ---------------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a;b,c\n1;2,3\n", ";"),
        ("a,b,c;d\n1,2;3\n", ","),
        ("a\tb\n1\t2\n", "\t"),
        ("\n\na;b\n", ";"),
    ],
)
def test_the_delimiter_is_sniffed_from_the_first_line_with_text(text, delimiter):
    rows = read_csv(text, limits=UPLOAD_LIMITS)
    assert [row for row in rows if row][0] == text.strip().splitlines()[0].split(delimiter)


def test_bytes_text_path_and_lines_read_the_same(tmp_path):
    text = 'code;naam\nGM1681;"Borger-\nOdoorn"\r\nGM0106;Assen\n'
    path = tmp_path / "x.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    expected = [["code", "naam"], ["GM1681", "Borger-\nOdoorn"], ["GM0106", "Assen"]]
    assert read_csv(path, limits=UPLOAD_LIMITS) == expected
    assert read_csv(path.read_bytes(), limits=UPLOAD_LIMITS) == expected
    assert read_csv(text, limits=UPLOAD_LIMITS) == expected
    assert read_csv(text.splitlines(keepends=True), limits=UPLOAD_LIMITS) == expected


def test_windows_1252_only_where_the_caller_allows_it(tmp_path):
    data = "naam;toelichting\nx;één\n".encode("cp1252")
    rows = read_csv(data, limits=UPLOAD_LIMITS, encodings=("utf-8-sig", "cp1252"))
    assert rows[1] == ["x", "één"]
    with pytest.raises(TableUnreadable, match="UTF-8"):
        read_csv(data, limits=UPLOAD_LIMITS)
    path = tmp_path / "latin.csv"
    path.write_bytes(data)
    with pytest.raises(TableUnreadable, match="UTF-8"):
        read_csv(path, limits=ADMIN_LIMITS)
    assert read_csv(path, limits=ADMIN_LIMITS, encodings=("utf-8", "cp1252"))[1][1] == "één"


def test_records_behave_like_dict_reader_and_comments_are_left_out():
    text = "# bron: test\n\ncode,jaar\nGM1681,2024\n\n# nog een\nGM0106\nGM0114,2023,extra\n"
    header, records = read_csv_records(text, limits=ADMIN_LIMITS, delimiter=",", comment="#")
    assert header == ["code", "jaar"]
    assert records == [
        {"code": "GM1681", "jaar": "2024"},
        {"code": "GM0106", "jaar": None},
        {"code": "GM0114", "jaar": "2023", None: ["extra"]},
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a\nb\nc\nd\n", "te veel rijen: ten minste 4 (maximaal 3)"),
        ("a;b;c;d\n", "te veel kolommen: ten minste 4 (maximaal 3)"),
        ("a;b;c\nd;e;f\ng;h\n", "te veel cellen: ten minste 8 (maximaal 7)"),
        ("abcdef\n", "Een cel is te lang: ten minste 6 tekens (maximaal 5)"),
    ],
)
def test_csv_limits(text, message):
    rows = iter_csv(text, limits=TINY)
    with pytest.raises(TableTooLarge, match=message.replace("(", r"\(").replace(")", r"\)")):
        list(rows)


def test_a_record_longer_than_the_line_limit_is_refused_without_reading_further():
    limits = replace(UPLOAD_LIMITS, max_line_chars=100)
    with pytest.raises(TableTooLarge, match="Regel 1 is te lang"):
        read_csv("x" * 101 + "\n", limits=limits)
    with pytest.raises(TableTooLarge, match=r"Regel \d+ is te lang"):  # a quoted field, many lines
        read_csv('a;"' + "x\n" * 60 + '"\n', limits=limits)


def test_a_damaged_csv_is_unreadable():
    with pytest.raises(TableUnreadable, match="regel 1"):
        read_csv(["a;b\rc\n"], limits=UPLOAD_LIMITS)  # a line break inside a given line


def test_the_size_is_checked_before_reading(tmp_path):
    with pytest.raises(
        TableTooLarge, match=r"^Het bestand is te groot: 6,2 MB \(maximaal 5 MB\)\.$"
    ):
        check_size(int(6.2 * 1024 * 1024), UPLOAD_LIMITS)
    check_size(UPLOAD_LIMITS.max_file_bytes, UPLOAD_LIMITS)
    limits = replace(UPLOAD_LIMITS, max_file_bytes=10)
    path = tmp_path / "x.csv"
    path.write_text("a;b\n" * 3)
    with pytest.raises(TableTooLarge, match=r"12 bytes \(maximaal 10 bytes\)"):
        read_csv(path, limits=limits)
    with pytest.raises(TableTooLarge, match="te groot"):
        read_csv(["a;b\n"] * 3, limits=limits)


def test_limits_stay_below_what_the_csv_module_refuses_itself():
    with pytest.raises(ValueError, match="csv module"):
        replace(ADMIN_LIMITS, max_cell_chars=200_000)
    assert isinstance(ADMIN_LIMITS, Limits)


@pytest.mark.parametrize("path", sorted(DATA.glob("*/*.csv")), ids=lambda p: p.name)
def test_every_real_csv_file_reads_within_the_admin_limits(path):
    assert read_csv(path, limits=ADMIN_LIMITS)


# --------------------------------------------------------------------------------- XLSX


def saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_values_dates_and_formulas():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Waarden"
    sheet.append(["code", "waarde", "datum", "som"])
    sheet.append(["GM1681", 12.5, datetime(2024, 1, 1), "=B2*2"])
    sheet["B4"] = 3
    workbook.create_sheet("Leesmij")["A1"] = "lees mij"
    data = saved(workbook)

    book = read_xlsx(data, limits=UPLOAD_LIMITS)
    assert book.sheetnames == ["Waarden", "Leesmij"] and "Leesmij" in book
    values = book["Waarden"]
    assert values.rows == [
        ("code", "waarde", "datum", "som"),
        ("GM1681", 12.5, datetime(2024, 1, 1)),  # no cached value for the formula
        (),
        (None, 3),
    ]
    assert (values.max_row, values.max_column) == (4, 4)
    assert values.value(2, 1) == "GM1681" and values.value(9, 9) is None
    assert list(values.iter_rows(min_row=4)) == [(None, 3, None, None)]
    assert not values.formulas

    with_formulas = read_xlsx(data, limits=UPLOAD_LIMITS, formulas=True)["Waarden"]
    assert with_formulas.value(2, 4) == "=B2*2" and with_formulas.is_formula(2, 4)
    assert not with_formulas.is_formula(2, 2)


def test_only_the_chosen_sheets_are_read(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Leesmij"
    workbook.create_sheet("Waarden")["A1"] = "x"
    path = tmp_path / "x.xlsx"
    path.write_bytes(saved(workbook))
    book = read_xlsx(path, limits=UPLOAD_LIMITS, sheets=lambda names: names[1:])
    assert list(book.sheets) == ["Waarden"] and book.sheetnames == ["Leesmij", "Waarden"]
    assert not read_xlsx(path, limits=UPLOAD_LIMITS, sheets=["Bestaat niet"]).sheets


def test_a_sheet_is_read_as_far_as_it_really_goes_not_as_far_as_it_declares():
    data = xlsx(
        sheet_xml('<row r="2"><c r="B2" t="s"><v>0</v></c></row>', dimension="A1:IV40000"),
        strings_xml(["hallo"]),
    )
    sheet = read_xlsx(data, limits=UPLOAD_LIMITS)["Waarden"]
    assert sheet.rows == [(), (None, "hallo")]


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (sheet_xml("", dimension="A1:XFD1048576"), "A1:XFD1048576; dat is te groot"),
        (sheet_xml('<row r="1"><c r="IW1"><v>1</v></c></row>'), "kolommen: ten minste 257"),
        (sheet_xml('<row r="50001"><c><v>1</v></c></row>'), "rijen: ten minste 50.001"),
        (sheet_xml("<row>" + "<c/>" * 257 + "</row>"), "kolommen: ten minste 257"),
    ],
)
def test_sheet_limits(sheet, message):
    with pytest.raises(TableTooLarge, match=message):
        read_xlsx(xlsx(sheet), limits=UPLOAD_LIMITS)


def test_a_dtd_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    cell = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
    with pytest.raises(TableUnreadable, match="DTD"):
        read_xlsx(xlsx(laughs + sheet_xml(cell)[len(XML) :]), limits=ADMIN_LIMITS)


@pytest.mark.parametrize("data", [b"", b"not a workbook", b"PK\x03\x04" + b"\x00" * 100])
def test_what_is_not_a_workbook_is_unreadable(data):
    with pytest.raises(TableUnreadable, match="geen leesbare Excel-werkmap"):
        read_xlsx(data, limits=UPLOAD_LIMITS)


@pytest.mark.skipif(not PROGNOSIS.is_file(), reason="shared data not beside the checkout")
def test_the_real_prognosis_workbook_reads_as_openpyxl_reads_it():
    sheet = "Bevolkingsprognose CBS"
    book = read_xlsx(PROGNOSIS, limits=ADMIN_LIMITS, sheets=[sheet])
    direct = load_workbook(PROGNOSIS, read_only=True, data_only=True)
    try:
        expected = list(direct[sheet].iter_rows(values_only=True))
    finally:
        direct.close()
    assert list(book[sheet].iter_rows()) == expected
