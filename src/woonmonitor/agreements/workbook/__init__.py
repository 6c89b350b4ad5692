"""The Excel round trip of an agreement: export to .xlsx, read an edited workbook back, apply it.

Layout (one workbook per agreement):

- ``Leesmij``: what the workbook is, for which agreement and edition, when it was
  exported and how to edit and re-import it;
- ``Partijen``: the parties with their abbreviations (read only);
- one sheet per theme: one row per commitment;
- one sheet per number table: one row per cell.

Every data sheet has a key row (row 1: the hidden cell A1 says what the sheet
is, B1 its title for people), a header row (row 2) and data from row 3. Column
A holds the database id of each row; it is hidden and locked. Reading checks
everything first and collects row-level errors; nothing is written unless the
whole workbook is valid, and then only through ``services``.
"""

from .export import export_workbook
from .layout import (
    COMMITMENT_COLUMNS,
    FIRST_DATA_ROW,
    HEADER_ROW,
    PARTIES_SHEET,
    README_SHEET,
    sheet_plan,
    workbook_filename,
)
from .reading import RowError, WorkbookChanges, apply_workbook, read_workbook

__all__ = [
    "COMMITMENT_COLUMNS",
    "FIRST_DATA_ROW",
    "HEADER_ROW",
    "PARTIES_SHEET",
    "README_SHEET",
    "RowError",
    "WorkbookChanges",
    "apply_workbook",
    "export_workbook",
    "read_workbook",
    "sheet_plan",
    "workbook_filename",
]
