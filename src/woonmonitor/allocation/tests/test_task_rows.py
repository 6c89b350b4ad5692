"""Pure tests of reading and checking an uploaded table of tasks (no database)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from woonmonitor.allocation.task_rows import (
    Checks,
    GroupRule,
    UploadError,
    check_period,
    check_rows,
    parse_whole,
    read_upload,
    table_of,
)

HEADER = ["gemeentecode", "groep", "jaar", "halfjaar", "taak", "bron", "toelichting"]
CHECKS = Checks(
    groups={
        "statushouders": GroupRule(half_yearly=True, statutory=True),
        "uitstroom-bw-mo": GroupRule(half_yearly=False),
    },
    municipalities={"GM1681", "GM0118", "GM0114"},
    writable={"GM1681"},
    first_year=2000,
    last_year=2036,
)


def check(*rows):
    return check_rows(table_of([HEADER, *rows]), CHECKS)


def messages(result):
    return [(error.row, error.column, error.message) for error in result.errors]


def test_good_rows_are_read():
    result = check(
        ["GM1681", "uitstroom-bw-mo", "2025", "", "12", "Convenant Weer Thuis", ""],
        ["gm1681", "Statushouders", 2025, 2, 30.0, "Circulaire", "eerste opgave"],
    )
    assert result.ok
    assert [
        (r.row, r.municipality_code, r.group, r.year, r.half, r.amount) for r in result.rows
    ] == [
        (2, "GM1681", "uitstroom-bw-mo", 2025, 0, 12),
        (3, "GM1681", "statushouders", 2025, 2, 30),
    ]
    assert result.rows[1].note == "eerste opgave"


def test_every_problem_is_reported_with_row_and_column():
    result = check(
        ["GM9999", "onbekend", "20x5", "", "-3", "", ""],
        ["GM0118", "uitstroom-bw-mo", "2025", "", "4", "Besluit", ""],
        ["GM1681", "statushouders", "2025", "", "4,5", "Besluit", ""],
        ["GM1681", "uitstroom-bw-mo", "2025", "1", "4", "Besluit", ""],
    )
    assert not result.ok and result.rows == []
    found = messages(result)
    columns = {(row, column) for row, column, _ in found}
    assert {(2, "gemeentecode"), (2, "groep"), (2, "jaar"), (2, "taak"), (2, "bron")} <= columns
    assert (3, "gemeentecode") in columns  # another municipality than the user's own
    assert any("alleen voor uw eigen gemeente (GM1681)" in m for r, _c, m in found if r == 3)
    assert {(4, "halfjaar"), (4, "taak")} <= columns  # needs a half-year; 4,5 is no whole number
    assert (5, "halfjaar") in columns  # a yearly group with a half-year
    assert all(isinstance(message, str) and message for _r, _c, message in found)


def test_negative_amount_says_so():
    result = check(["GM1681", "uitstroom-bw-mo", "2025", "", "-3", "Besluit", ""])
    assert messages(result) == [(2, "taak", "taak -3 is negatief; een taak is 0 of meer")]


def test_source_is_required():
    result = check(["GM1681", "uitstroom-bw-mo", "2025", "", "3", " ", "iets"])
    assert [(r, c) for r, c, _m in messages(result)] == [(2, "bron")]


def test_duplicate_rows_are_an_error():
    result = check(
        ["GM1681", "uitstroom-bw-mo", "2025", "", "3", "Besluit", ""],
        ["GM1681", "uitstroom-bw-mo", "2025", "0", "4", "Besluit", ""],
    )
    assert messages(result) == [
        (3, "gemeentecode", "dubbel: zelfde gemeente, groep en periode als rij 2")
    ]


def test_rows_without_task_source_and_note_are_skipped():
    result = check(
        ["GM1681", "uitstroom-bw-mo", "2025", "", "", "", ""],
        ["GM1681", "statushouders", "2025", "1", "", "", ""],
    )
    assert result.ok and result.rows == [] and result.skipped == 2


def test_excel_dropped_leading_letters_and_zeros():
    result = check([1681, "uitstroom-bw-mo", 2025, None, 3, "Besluit", None])
    assert result.ok and result.rows[0].municipality_code == "GM1681"


def test_year_outside_the_bounds():
    result = check(["GM1681", "uitstroom-bw-mo", "1990", "", "3", "Besluit", ""])
    assert messages(result) == [(2, "jaar", "1990 ligt niet tussen 2000 en 2036")]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", 12), (" 12 ", 12), (12, 12), (12.0, 12), ("1.234", 1234), ("0", 0)],
)
def test_whole_numbers(raw, expected):
    assert parse_whole(raw, "taak") == expected


@pytest.mark.parametrize("raw", ["12,5", "12.5", 12.5, "twaalf", "", None, True, "-1", -1])
def test_not_whole_numbers(raw):
    with pytest.raises(ValueError):
        parse_whole(raw, "taak")


def test_check_period_rules():
    kwargs = {"first_year": 2000, "last_year": 2030}
    assert check_period(2025, 1, half_yearly=True, **kwargs) == []
    assert check_period(2025, 0, half_yearly=False, **kwargs) == []
    assert [c for c, _m in check_period(2025, 0, half_yearly=True, **kwargs)] == ["halfjaar"]
    assert [c for c, _m in check_period(2025, 2, half_yearly=False, **kwargs)] == ["halfjaar"]
    assert [c for c, _m in check_period(2040, 0, half_yearly=False, **kwargs)] == ["jaar"]


def test_missing_columns_refuse_the_file():
    with pytest.raises(UploadError, match="Kolommen ontbreken in de eerste regel: taak, bron"):
        table_of([["gemeentecode", "groep", "jaar"]])


def test_empty_file():
    with pytest.raises(UploadError, match="leeg"):
        table_of([[], ["", None]])


def test_read_csv_with_semicolons():
    data = (
        "\ufeffgemeentecode;groep;jaar;halfjaar;taak;bron;toelichting\r\n"
        "GM1681;uitstroom-bw-mo;2025;;7;Convenant;\r\n"
    ).encode()
    table = read_upload("taken.csv", data)
    assert check_rows(table, CHECKS).rows[0].amount == 7


def test_read_xlsx_sheet_taken():
    workbook = Workbook()
    readme = workbook.active
    readme.title = "Leesmij"
    readme.append(["uitleg"])
    sheet = workbook.create_sheet("Taken")
    sheet.append(HEADER)
    sheet.append(["GM1681", "statushouders", 2025, 1, 21, "Circulaire", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_upload("taken.xlsx", buffer.getvalue())
    result = check_rows(table, CHECKS)
    assert result.ok and result.rows[0].half == 1 and result.rows[0].amount == 21


def test_other_file_types_are_refused():
    with pytest.raises(UploadError, match=r"\.csv- of \.xlsx-bestand"):
        read_upload("taken.pdf", b"%PDF")


def test_unreadable_xlsx_is_an_upload_error():
    with pytest.raises(UploadError):
        read_upload("taken.xlsx", b"not a zip")
