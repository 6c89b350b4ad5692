"""Reading and checking a party's upload (pure: no database)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from woonmonitor.monitor.party_input import (
    Checks,
    UploadError,
    check_rows,
    parse_number,
    parse_period,
    read_upload,
)

# Real codes: Borger-Odoorn and two of its wijken (KWB 2024); Assen is outside the scope.
CHECKS = Checks(
    indicators={
        "sociale-huurwoningen": "",
        "zonnepanelen": "",
        "aandeel-65-plus": "'aandeel-65-plus' wordt berekend uit inwoners-65-plus en inwoners; "
        "voer die in",
    },
    areas={"GM1681", "WK168100", "WK168101", "BU16810001", "GM0106"},
    municipalities={"GM1681"},
    groups={"borger": ["WK168101"]},
    first_year=1995,
    last_year=2025,
)


def csv_bytes(text: str, encoding: str = "utf-8-sig") -> bytes:
    return text.encode(encoding)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12,5", 12.5),
        ("1.234", 1234.0),
        ("1234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234.567", 1234567.0),
        ("1,234,567", 1234567.0),
        ("0.5", 0.5),
        ("0.500", 0.5),
        (" 42 ", 42.0),
        ("-3,5", -3.5),
        ("\u22123,5", -3.5),
        ("1 234", 1234.0),
        (",5", 0.5),
        (17, 17.0),
        (12.25, 12.25),
    ],
)
def test_numbers_in_dutch_and_english_notation(raw, expected):
    assert parse_number(raw) == pytest.approx(expected)


@pytest.mark.parametrize("raw", ["abc", "12,5%", "1.2.3", "1,2,3", "1.234,5.6", "--4", "", True])
def test_what_is_not_a_number_is_refused(raw):
    with pytest.raises(ValueError):
        parse_number(raw)


def test_periods():
    assert parse_period("2024", 1995, 2025) == 2024
    assert parse_period(2023.0, 1995, 2025) == 2023
    with pytest.raises(ValueError, match="geen jaartal"):
        parse_period("24", 1995, 2025)
    with pytest.raises(ValueError, match="ligt niet tussen"):
        parse_period("2031", 1995, 2025)


def test_a_semicolon_csv_with_bom_and_helper_columns():
    table = read_upload(
        "cijfers.csv",
        csv_bytes(
            "gebiedscode;gebiedsnaam;indicator;periode;waarde;status;toelichting\n"
            "GM1681;Borger-Odoorn;sociale-huurwoningen;2024;3.150;definitief;telling 1 jan\n"
            "\n"
            "WK168100;Valthe;zonnepanelen;2024;41,5;;\n"
        ),
    )
    assert table.header[0] == "gebiedscode"
    checked = check_rows(table, CHECKS)
    assert checked.ok
    first, second = checked.rows
    assert (first.row, first.code, first.key, first.period, first.value) == (
        2,
        "GM1681",
        "sociale-huurwoningen",
        2024,
        3150.0,
    )
    assert first.status == "definitief" and first.note == "telling 1 jan"
    assert (second.row, second.value, second.status) == (4, 41.5, "voorlopig")


def test_a_comma_csv_in_windows_encoding():
    text = "gebiedscode,indicator,periode,waarde,toelichting\nWK168101,zonnepanelen,2024,7,één\n"
    checked = check_rows(read_upload("x.csv", text.encode("cp1252")), CHECKS)
    assert checked.ok and checked.rows[0].note == "één"


def test_an_excel_upload_reads_the_waarden_sheet():
    workbook = Workbook()
    workbook.active.title = "Leesmij"
    sheet = workbook.create_sheet("Waarden")
    sheet.append(["gebiedscode", "indicator", "periode", "waarde", "status", "toelichting"])
    sheet.append(["BU16810001", "zonnepanelen", 2024, 12.5, "Definitief", None])
    sheet.append([None, None, None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    checked = check_rows(read_upload("cijfers.xlsx", buffer.getvalue()), CHECKS)
    assert checked.ok
    assert checked.rows[0].code == "BU16810001"
    assert checked.rows[0].value == 12.5 and checked.rows[0].status == "definitief"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("x.pdf", b"%PDF", "Kies een .csv- of .xlsx-bestand"),
        ("x.csv", b"", "leeg"),
        ("x.csv", b"gebiedscode;waarde\nGM1681;3\n", "indicator, periode"),
        ("x.xlsx", b"not a workbook", "geen leesbare Excel"),
        ("x.csv", b"gebiedscode;indicator;periode;waarde;waarde\n", "meer dan eens"),
    ],
)
def test_unreadable_files(name, data, message):
    with pytest.raises(UploadError, match=message):
        read_upload(name, data)


def test_every_wrong_row_is_reported_by_row_and_column():
    table = read_upload(
        "x.csv",
        csv_bytes(
            "gebiedscode;indicator;periode;waarde;status;toelichting\n"
            "GM1681;sociale-huurwoningen;2024;3150;definitief;\n"  # 2: good
            "GM0106;sociale-huurwoningen;2024;10;;\n"  # 3: outside the scope
            "GM9999;sociale-huurwoningen;2024;10;;\n"  # 4: unknown area
            "PV22;sociale-huurwoningen;2024;10;;\n"  # 5: a province
            "borger;zonnepanelen;2024;10;;\n"  # 6: a village
            "WK168100;bestaat-niet;2024;10;;\n"  # 7: unknown indicator
            "WK168100;aandeel-65-plus;2024;10;;\n"  # 8: computed indicator
            "WK168100;zonnepanelen;24;veel;zeker;\n"  # 9: period, value, status
            "GM1681;sociale-huurwoningen;2024;3151;;\n"  # 10: same as row 2
            f"WK168100;zonnepanelen;2024;1;;{'x' * 301}\n"  # 11: note too long
            "WK168101;zonnepanelen;2024;;;alleen toelichting\n"  # 12: value missing
            "WK168101;zonnepanelen;2024;;;\n"  # 13: skipped
        ),
    )
    checked = check_rows(table, CHECKS)
    found = {(error.row, error.column): error.message for error in checked.errors}
    assert [row.row for row in checked.rows] == [2]
    assert checked.skipped == 1
    assert "buiten uw werkgebied (GM1681)" in found[(3, "gebiedscode")]
    assert "niet bekend in de monitor" in found[(4, "gebiedscode")]
    assert "geen CBS-code van een gemeente, wijk of buurt" in found[(5, "gebiedscode")]
    assert "dorp of cluster" in found[(6, "gebiedscode")]
    assert "WK168101" in found[(6, "gebiedscode")]
    assert "onbekende indicator 'bestaat-niet'" in found[(7, "indicator")]
    assert "berekend uit inwoners-65-plus en inwoners" in found[(8, "indicator")]
    assert "geen jaartal" in found[(9, "periode")]
    assert "'veel' is geen getal" in found[(9, "waarde")]
    assert "kies definitief of voorlopig" in found[(9, "status")]
    assert "als rij 2" in found[(10, "gebiedscode")]
    assert "hoogstens 300" in found[(11, "toelichting")]
    assert found[(12, "waarde")] == "waarde ontbreekt"
    assert str(checked.errors[0]).startswith("rij 3, kolom gebiedscode:")
