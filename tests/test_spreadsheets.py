"""Excel downloads: valid unique sheet names, and typed text never becomes a formula."""

from __future__ import annotations

from openpyxl import Workbook

from woonmonitor.spreadsheets import set_value, sheet_name


def test_sheet_names_are_valid_unique_and_at_most_31_characters():
    taken: set[str] = set()
    long = "A. Voldoende geschikte en betaalbare woningen: [nieuw]/oud?"
    first = sheet_name(long, taken)
    second = sheet_name(long, taken)
    assert first == "A. Voldoende geschikte en betaa"
    assert second == "A. Voldoende geschikte en b (2)"
    assert all(len(name) <= 31 for name in (first, second))
    assert not set("[]:*?/\\") & set(first + second)
    assert sheet_name("***", taken, fallback="Tabel") == "Tabel"


def test_text_that_looks_like_a_formula_stays_text():
    sheet = Workbook().active
    set_value(sheet["A1"], '=HYPERLINK("http://example.org","klik")')
    set_value(sheet["A2"], 42)
    assert sheet["A1"].data_type == "s"
    assert sheet["A2"].value == 42 and sheet["A2"].data_type == "n"
