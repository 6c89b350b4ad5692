"""The one reading of a number table: what every page, chart, download and report shows.

A stored cell keeps the source as written (``raw``, ``row_label``, ``column``). What may be
read from it follows from its ``status`` and the table's flags, here and nowhere else:

- a cell has a value only when it is readable in the source or a reviewer entered it;
  masked, unreadable and empty cells have none (never a 0);
- a 0 in a masked row or column may be a masked digit: unreadable unless a reviewer entered it;
- a masked row label or column header is shown as the inferred label or year only when a
  reviewer confirmed that inference (the ``inferred`` flag), always marked as inferred;
  otherwise it is unreadable, and the row has no measure and the column no year.

``read_table`` is pure (it takes the table, its cells and its flags), so the agreement page,
the organisation page, the chart, the CSV, the API, the PDF and the Excel report all read one
table the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .masking import (
    MASKED,
    READABLE,
    REVIEWED,
    UNREADABLE,
    is_masked_label,
    source_status,
    zero_may_be_masked,
)
from .measures import Measure

SOURCE, INFERRED = "source", "inferred"  # label statuses besides MASKED


def unreadable_text() -> str:
    return _("onleesbaar in de bron")


@dataclass(frozen=True)
class ReadLabel:
    """A row label or column header: as in the source, inferred (confirmed), or masked."""

    raw: str
    text: str  # what to show; "" when masked
    status: str  # SOURCE, INFERRED or MASKED
    note: str = ""  # why it is inferred, and who confirmed it

    @property
    def is_masked(self) -> bool:
        return self.status == MASKED

    @property
    def is_inferred(self) -> bool:
        return self.status == INFERRED

    @property
    def display(self) -> str:
        return unreadable_text() if self.is_masked else self.text

    @property
    def marked(self) -> str:
        """Plain text with a visible marker: 'Nieuwbouw (afgeleid)', 'onleesbaar in de bron'."""
        if self.is_inferred:
            return _("%(label)s (afgeleid)") % {"label": self.text}
        return self.display

    def __str__(self) -> str:
        return self.display


@dataclass(frozen=True)
class ReadCell:
    """One cell as every page and export reads it."""

    source: object  # the NumberCell
    row_index: int
    col_index: int
    row: ReadLabel
    col: ReadLabel
    value: int | None
    status: str  # a NumberCell.Status value
    year: int | None
    measure: str

    @property
    def raw(self) -> str:
        return self.source.raw

    @property
    def is_total(self) -> bool:
        return self.source.is_total

    @property
    def table(self):
        return self.source.table

    @property
    def party_id(self):
        return getattr(self.source, "party_id", None)

    @property
    def row_label(self) -> str:
        return self.row.display

    @property
    def column(self) -> str:
        return self.col.display

    @property
    def is_readable(self) -> bool:
        return self.value is not None

    @property
    def is_masked(self) -> bool:
        return self.status == MASKED

    @property
    def is_unreadable(self) -> bool:
        """Masked or not a number: shown as 'onleesbaar in de bron'."""
        return self.status in (MASKED, UNREADABLE)

    @property
    def is_reviewed(self) -> bool:
        return self.status == REVIEWED

    @property
    def text(self) -> str:
        """The cell as plain text: the number as written, 'onleesbaar in de bron' or a dash."""
        if self.value is not None:
            return (
                self.source.raw if self.status == READABLE and self.source.raw else str(self.value)
            )
        if self.is_unreadable:
            return unreadable_text()
        return "–"

    def get_measure_display(self) -> str:
        return str(Measure(self.measure).label) if self.measure in Measure.values else ""


@dataclass
class TableView:
    """A number table read: labels and headers, and rows x columns of ``ReadCell``."""

    table: object  # the NumberTable
    row_labels: list[ReadLabel]
    columns: list[ReadLabel]
    grid: list[list[ReadCell]]

    @property
    def inferred_notes(self) -> list[tuple[str, ReadLabel]]:
        """(where, label) for every inferred label: the visible flags under a table."""
        notes = [(_("rij %(n)d") % {"n": i + 1}, label) for i, label in enumerate(self.row_labels)]
        notes += [(_("kolom %(n)d") % {"n": i + 1}, label) for i, label in enumerate(self.columns)]
        return [(where, label) for where, label in notes if label.is_inferred]

    @property
    def has_unreadable(self) -> bool:
        return any(cell.is_unreadable for row in self.grid for cell in row) or any(
            label.is_masked for label in [*self.row_labels, *self.columns]
        )


def _flag(flags, field: str, kind: str):
    return next((flag for flag in flags if flag.field == field and flag.kind == kind), None)


def _confirmed_note(flag) -> str:
    """The inference and its confirmation (no name: pages and exports never name a person)."""
    when = flag.confirmed_at.strftime("%d-%m-%Y")
    return _("%(note)s; bevestigd door een beoordelaar op %(when)s") % {
        "note": flag.note,
        "when": when,
    }


def read_row_label(raw: str, index: int, measure: str, flags) -> ReadLabel:
    masked = _flag(flags, f"rows[{index}].label", MASKED) is not None or is_masked_label(raw)
    if not masked:
        return ReadLabel(raw, raw, SOURCE)
    inferred = _flag(flags, f"rows[{index}].measure", INFERRED)
    if inferred is not None and inferred.confirmed_at and measure in Measure.values:
        text = capfirst(str(Measure(measure).label))
        return ReadLabel(raw, text, INFERRED, _confirmed_note(inferred))
    return ReadLabel(raw, "", MASKED)


def read_column(raw: str, year: int | None, flags) -> ReadLabel:
    if not is_masked_label(raw):
        return ReadLabel(raw, raw, SOURCE)
    inferred = _flag(flags, "columns", INFERRED)
    if inferred is not None and inferred.confirmed_at and year:
        return ReadLabel(raw, str(year), INFERRED, _confirmed_note(inferred))
    return ReadLabel(raw, "", MASKED)


def stored_status(cell) -> str:
    """The cell's status; for a cell without one (unsaved), from its value and raw text."""
    status = getattr(cell, "status", "") or ""
    return status or source_status(cell.raw, cell.value)


def read_cell(cell, row: ReadLabel, col: ReadLabel, row_index: int, col_index: int) -> ReadCell:
    status = stored_status(cell)
    value = cell.value if status in (READABLE, REVIEWED) else None
    if value is None and status in (READABLE, REVIEWED):
        status = source_status(cell.raw, None)  # no number: masked, unreadable or empty
    if status == READABLE and zero_may_be_masked(
        value, row_masked=row.status != SOURCE, column_masked=col.status != SOURCE
    ):
        status, value = MASKED, None  # a 0 under a masked label: unreadable until reviewed
    return ReadCell(
        source=cell,
        row_index=row_index,
        col_index=col_index,
        row=row,
        col=col,
        value=value,
        status=status,
        year=None if col.is_masked else cell.year,
        measure="" if row.is_masked else (cell.measure or ""),
    )


def read_table(table, cells, flags) -> TableView:
    """The one reading of ``table`` from its cells and its flags (any order)."""
    rows: dict[int, list] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell)
    ordered = [sorted(rows[number], key=lambda c: c.col) for number in sorted(rows)]
    flags = list(flags)
    row_labels = [
        read_row_label(row[0].row_label, index, row[0].measure or "", flags)
        for index, row in enumerate(ordered)
    ]
    first = ordered[0] if ordered else []
    columns = [read_column(cell.column, cell.year, flags) for cell in first]
    grid = []
    for row_index, row in enumerate(ordered):
        line = []
        for cell in row:
            col = (
                columns[cell.col]
                if cell.col < len(columns)
                else read_column(cell.column, cell.year, flags)
            )
            line.append(read_cell(cell, row_labels[row_index], col, row_index, cell.col))
        grid.append(line)
    return TableView(table=table, row_labels=row_labels, columns=columns, grid=grid)


def table_views(agreement) -> list[TableView]:
    """Every number table of ``agreement`` in the one reading: three queries (tables, their
    cells, their flags), whatever their size."""
    from django.db.models import Prefetch

    from .models import Flag

    tables = agreement.tables.select_related("party", "commitment").prefetch_related(
        Prefetch("cells", to_attr="all_cells"),
        Prefetch(
            "flags", queryset=Flag.objects.select_related("confirmed_by"), to_attr="all_flags"
        ),
    )
    return read_tables(tables)


def read_tables(tables) -> list[TableView]:
    """Tables with ``all_cells`` and ``all_flags`` prefetched (see ``table_views``)."""
    return [read_table(table, table.all_cells, table.all_flags) for table in tables]
