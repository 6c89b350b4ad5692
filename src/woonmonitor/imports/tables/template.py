"""An upload filled in from one of our templates (a CSV, or a workbook with a data sheet and a
read-me sheet), read into a header and numbered rows. Pure: no database.

Party input in the monitor (``monitor/party_input.py``) and tasks in Aandachtsgroepen
(``allocation/task_rows.py``) both read their uploads here, within ``UPLOAD_LIMITS``; each
checks its own rows. The row numbers are the spreadsheet's (the header is row 1), so an error
message points at the line a person sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .delimited import read_csv
from .limits import UPLOAD_LIMITS, TableError
from .workbook import read_xlsx

README_SHEET = "Leesmij"


class UploadError(ValueError):
    """The file as a whole cannot be read (wrong type, empty, columns missing); the text is a
    Dutch message for the person who uploaded it."""


@dataclass(frozen=True)
class RowError:
    """One problem in an upload: ``row`` 0 is the file as a whole."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"rij {self.row}" if self.row else "bestand"
        if self.column:
            where += f", kolom {self.column}"
        return f"{where}: {self.message}"


@dataclass
class Table:
    """The header (lower-cased) and the data rows ``(row number, {column: raw value})``."""

    header: list[str]
    rows: list[tuple[int, dict[str, object]]]


@dataclass(frozen=True)
class Template:
    """What an upload of one template must look like."""

    sheet: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    max_rows: int


def read_upload(name: str, data: bytes, template: Template) -> Table:
    """A CSV (``;``, ``,`` or tab; UTF-8 or Windows-1252) or an Excel workbook (.xlsx, its
    sheet ``template.sheet``, else the first sheet that is not the read-me), by the file's name.
    ``UploadError`` with a Dutch message when it cannot be read or lacks columns."""
    lowered = name.lower()
    try:
        if lowered.endswith(".xlsx"):
            workbook = read_xlsx(
                data, limits=UPLOAD_LIMITS, sheets=lambda names: _data_sheet(names, template)
            )
            if not workbook.sheets:
                raise UploadError(f"De werkmap heeft geen blad '{template.sheet}'.")
            (sheet,) = workbook.sheets.values()
            return table_of([list(row) for row in sheet.rows], template)
        if lowered.endswith((".csv", ".txt")):
            lines = read_csv(data, limits=UPLOAD_LIMITS, encodings=("utf-8-sig", "cp1252"))
            return table_of(lines, template)
    except TableError as exc:  # too large, or unreadable: the reader says which, in Dutch
        raise UploadError(str(exc)) from exc
    raise UploadError("Kies een .csv- of .xlsx-bestand (zoals het sjabloon).")


def _data_sheet(names: Sequence[str], template: Template) -> list[str]:
    chosen = next(
        (name for name in names if name.strip().lower() == template.sheet.lower()),
        next((name for name in names if name.strip().lower() != README_SHEET.lower()), None),
    )
    return [chosen] if chosen is not None else []


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(raw: object) -> str:
    """A cell as text: ``12.0`` from Excel is ``12``."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def table_of(lines: Sequence[Sequence[object]], template: Template) -> Table:
    """The first non-empty line is the header; empty lines are left out."""
    start = next((i for i, line in enumerate(lines) if not all(map(blank, line))), None)
    if start is None:
        raise UploadError("Het bestand is leeg.")
    header = [str(value or "").strip().lower() for value in lines[start]]
    missing = [column for column in template.required if column not in header]
    if missing:
        raise UploadError(
            "Kolommen ontbreken in de eerste regel: "
            + ", ".join(missing)
            + ". Gebruik het sjabloon: "
            + ", ".join(template.columns)
            + "."
        )
    doubled = sorted({column for column in header if column and header.count(column) > 1})
    if doubled:
        raise UploadError(f"Kolom staat er meer dan eens: {', '.join(doubled)}.")
    rows = []
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if all(map(blank, line)):
            continue
        cells = {column: line[i] if i < len(line) else None for i, column in enumerate(header)}
        rows.append((number, cells))
    if len(rows) > template.max_rows:
        raise UploadError(
            f"Het bestand heeft {len(rows)} regels; hoogstens {template.max_rows} per keer."
        )
    return Table(header=header, rows=rows)
