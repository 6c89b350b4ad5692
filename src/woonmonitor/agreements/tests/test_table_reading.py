"""The one reading of a number table (agreements.table_reading) and the masking rules.

Pure: cells and flags are plain objects, as the pages, exports and API hand them in.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from woonmonitor.agreements.masking import (
    is_masked_label,
    is_masked_value,
    marked_plain,
    mask_zeros,
    masked_segments,
    source_status,
)
from woonmonitor.agreements.parsing.schema import Cell, Row, Table
from woonmonitor.agreements.table_reading import read_table

CONFIRMED = datetime(2023, 2, 1, 10, 0, tzinfo=UTC)


def cell(row, col, row_label, column, raw, value, year, *, status=None, measure="new_build"):
    return SimpleNamespace(
        row=row,
        col=col,
        row_label=row_label,
        column=column,
        raw=raw,
        value=value,
        year=year,
        measure=measure,
        status=status if status is not None else source_status(raw, value),
        party_id=3,
        is_total=False,
    )


def flag(field, kind, raw="", note="", confirmed=False):
    return SimpleNamespace(
        field=field, kind=kind, raw=raw, note=note, confirmed_at=CONFIRMED if confirmed else None
    )


def lefier(*, confirmed: bool, zero_status="masked"):
    """Seed 001's Lefier table in short: a masked row 'Xxxxx', masked years '0000'."""
    cells = [
        cell(0, 0, "Xxxxx", "0000", "0", None, 2025, status=zero_status, measure="demolition"),
        cell(0, 1, "Xxxxx", "2026", "7", 7, 2026, measure="demolition"),
        cell(1, 0, "Verkoop", "0000", "3", 3, 2025, measure="sale"),
        cell(1, 1, "Verkoop", "2026", "X0", None, 2026, measure="sale"),
    ]
    if zero_status == "readable":
        cells[0].value = 0
    flags = [
        flag("columns", "masked", "0000", "kolomkoppen 1 gemaskeerd in de bron", confirmed),
        flag("columns", "inferred", "0000", "jaar afgeleid uit de kolomvolgorde", confirmed),
        flag("rows[0].label", "masked", "Xxxxx", "rijnaam gemaskeerd in de bron", confirmed),
        flag("rows[0].measure", "inferred", "Xxxxx", "'Sloop' afgeleid uit Woonservice", confirmed),
    ]
    return read_table(SimpleNamespace(key="production-lf"), cells, flags)


# ----------------------------------------------------------------------------- masking rules


@pytest.mark.parametrize("text", ["Xxxxxxxxx", "Xxxxx", "0000", "X0", "Xxxxxxxxxx 0000"])
def test_masked_labels(text):
    assert is_masked_label(text)


@pytest.mark.parametrize("text", ["Nieuwbouw", "2026", "Borger-Odoorn", "Totaal", "X", "0"])
def test_labels_that_are_not_masked(text):
    assert not is_masked_label(text)


def test_masked_values_and_a_real_zero():
    assert is_masked_value("0000") and is_masked_value("X0") and is_masked_value("00")
    assert not is_masked_value("0") and not is_masked_value("7")


def test_source_status():
    assert source_status("30", 30) == "readable"
    assert source_status("0000", None) == "masked"
    assert source_status("0", 0, flagged_masked=True) == "masked"
    assert source_status("n.v.t.", None) == "unreadable"
    assert source_status("–", None) == "empty"
    assert source_status("", None) == "empty"


def test_parser_makes_a_zero_in_a_masked_row_or_column_unreadable_with_a_flag():
    table = Table(
        key="t",
        title="Lefier",
        kind="production",
        columns=["0000", "2026"],
        rows=[
            Row("Xxxxx", "demolition", [Cell("0000", "0", 0, 2025), Cell("2026", "7", 7, 2026)]),
            Row("Verkoop", "sale", [Cell("0000", "0", 0, 2025), Cell("2026", "0", 0, 2026)]),
        ],
    )
    mask_zeros(table)
    values = [[c.value for c in row.cells] for row in table.rows]
    # masked row: its 0 goes; masked column: its 0 goes; a 0 under '2026' in 'Verkoop' stays
    assert values == [[None, 7], [None, 0]]
    assert sorted(f.field for f in table.flags) == [
        "rows[0].cells[0].value",
        "rows[1].cells[0].value",
    ]
    assert {f.kind for f in table.flags} == {"masked"}


def test_masked_segments_of_quoted_text():
    text = "In de periode 0000-0000 000 woningen; Xxxxxx thuis, € 1.000 en 2023."
    assert [part for part, masked in masked_segments(text) if masked] == [
        "0000-0000 000",
        "Xxxxxx",
    ]
    assert "".join(part for part, _masked in masked_segments(text)) == text
    assert marked_plain("in periode 0000-0000 000 woningen", "onleesbaar in de bron") == (
        "in periode [onleesbaar in de bron: 0000-0000 000] woningen"
    )


# ----------------------------------------------------------------------------- the one reading


def test_masked_value_has_no_value_and_says_masked():
    view = lefier(confirmed=True)
    masked = view.grid[1][1]
    assert masked.raw == "X0"
    assert masked.value is None and masked.status == "masked"
    assert masked.text == "onleesbaar in de bron"
    assert view.has_unreadable


def test_zero_in_a_masked_row_is_unreadable_even_if_stored_as_a_number():
    # an old row that still holds 0 as readable: the reading does not show it as a number
    view = lefier(confirmed=True, zero_status="readable")
    zero = view.grid[0][0]
    assert zero.value is None and zero.status == "masked"
    assert zero.text == "onleesbaar in de bron"
    # the real digits in the same row stay
    assert view.grid[0][1].value == 7


def test_a_zero_a_reviewer_entered_is_a_number():
    view = lefier(confirmed=True, zero_status="reviewed")
    view_cell = read_table(
        SimpleNamespace(key="t"),
        [cell(0, 0, "Xxxxx", "0000", "0", 0, 2025, status="reviewed", measure="demolition")],
        [],
    ).grid[0][0]
    assert view_cell.value == 0 and view_cell.is_reviewed and view_cell.text == "0"
    assert view.grid[0][0].value is None  # stored without value: still unreadable


def test_masked_label_and_year_without_confirmation_are_unreadable():
    view = lefier(confirmed=False)
    row, column = view.row_labels[0], view.columns[0]
    assert row.is_masked and row.display == "onleesbaar in de bron" and row.text == ""
    assert column.is_masked and column.display == "onleesbaar in de bron"
    first = view.grid[0][1]
    assert first.measure == ""  # no measure: no planned number counts for an unreadable row
    assert view.grid[1][0].year is None  # no year under an unreadable column
    assert view.grid[1][0].value == 3  # a real digit in a masked column is readable
    assert view.inferred_notes == []


def test_confirmed_inference_is_used_and_marked():
    view = lefier(confirmed=True)
    row, column = view.row_labels[0], view.columns[0]
    assert row.is_inferred and row.text == "Sloop" and row.marked == "Sloop (afgeleid)"
    assert row.raw == "Xxxxx" and "bevestigd door een beoordelaar op 01-02-2023" in row.note
    assert column.is_inferred and column.text == "2025" and column.marked == "2025 (afgeleid)"
    assert view.grid[0][1].measure == "demolition" and view.grid[1][0].year == 2025
    assert view.columns[1].status == "source" and view.columns[1].text == "2026"
    assert [where for where, _label in view.inferred_notes] == ["rij 1", "kolom 1"]


def test_an_unconfirmed_inference_next_to_a_confirmed_masking_is_not_used():
    cells = [cell(0, 0, "Xxxxx", "2026", "7", 7, 2026, measure="demolition")]
    flags = [
        flag("rows[0].label", "masked", "Xxxxx", confirmed=True),
        flag("rows[0].measure", "inferred", "Xxxxx", confirmed=False),
    ]
    view = read_table(SimpleNamespace(key="t"), cells, flags)
    assert view.row_labels[0].is_masked and view.grid[0][0].measure == ""
