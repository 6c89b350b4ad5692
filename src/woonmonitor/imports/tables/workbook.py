"""Reading an .xlsx workbook within limits. Nothing here touches the database.

First the whole package is scanned (``package.scan_package``); only a file that passes is
opened by openpyxl, in read-only mode, and every sheet is read with explicit bounds taken from
the scan (``iter_rows(max_row=..., max_col=...)``). openpyxl's read-only sheets otherwise pad
every row up to the dimension the file declares, whatever the file really holds.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import BinaryIO

from .limits import Deadline, Limits, TableError, check_size
from .package import SheetSize, not_a_workbook, scan_package

#: Which sheets to read: names, or a function from all names (in order) to the wanted ones.
SheetChoice = Iterable[str] | Callable[[Sequence[str]], Iterable[str]]


@dataclass(frozen=True)
class Sheet:
    """The values of one worksheet; row and column numbers start at 1, as in Excel."""

    name: str
    #: every row from row 1 on; empty cells at the end of a row are left off
    rows: list[tuple[object, ...]]
    #: ``(row, column)`` of the cells that hold a formula (read with ``formulas=True``)
    formulas: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    @property
    def max_row(self) -> int:
        return len(self.rows)

    @property
    def max_column(self) -> int:
        return max(map(len, self.rows), default=0)

    def value(self, row: int, column: int) -> object:
        """The value of a cell; ``None`` when it is empty or outside the sheet."""
        if 1 <= row <= len(self.rows) and 1 <= column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return None

    def is_formula(self, row: int, column: int) -> bool:
        return (row, column) in self.formulas

    def iter_rows(self, min_row: int = 1, width: int | None = None) -> Iterator[tuple[object, ...]]:
        """Rows from ``min_row`` on, each padded with ``None`` to ``width`` (the widest row)."""
        width = self.max_column if width is None else width
        for values in self.rows[min_row - 1 :]:
            yield values + (None,) * (width - len(values))


@dataclass(frozen=True)
class Workbook:
    """The sheets that were read; ``name in workbook`` is true for those only."""

    #: the names of all sheets (chart sheets too), in the workbook's order
    sheetnames: list[str]
    #: the sheets that were read, by name
    sheets: dict[str, Sheet]

    def __contains__(self, name: object) -> bool:
        return name in self.sheets

    def __getitem__(self, name: str) -> Sheet:
        return self.sheets[name]


def read_xlsx(
    source: bytes | os.PathLike,
    *,
    limits: Limits,
    sheets: SheetChoice | None = None,
    formulas: bool = False,
) -> Workbook:
    """Read the worksheets of an .xlsx file (all, or those ``sheets`` chooses).

    With ``formulas`` a formula is read as its text (``"=SUM(A1:A3)"``) and its cell is listed
    in ``Sheet.formulas``; otherwise the value Excel last calculated is read. Raises
    ``TableTooLarge`` or ``TableUnreadable``; nothing is loaded before the scan passed.
    """
    from openpyxl import load_workbook

    deadline = Deadline(limits)
    with ExitStack() as stack:
        handle = _open(source, limits, stack)
        sizes = scan_package(handle, limits, deadline)
        handle.seek(0)
        try:
            book = load_workbook(handle, read_only=True, data_only=not formulas, keep_links=False)
        except TableError:
            raise
        except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
            raise not_a_workbook() from exc
        stack.callback(book.close)
        names = list(book.sheetnames)
        chosen = names if sheets is None else sheets(names) if callable(sheets) else sheets
        widest = SheetSize(
            max((s.rows for s in sizes.values()), default=0),
            max((s.columns for s in sizes.values()), default=0),
        )
        read = {}
        for name in dict.fromkeys(chosen):
            worksheet = book[name] if name in names else None
            if worksheet is None or not hasattr(worksheet, "iter_rows"):
                continue  # no such sheet, or a chart sheet
            bounds = sizes.get(getattr(worksheet, "_worksheet_path", ""), widest)
            try:
                read[name] = _read_sheet(worksheet, name, bounds, formulas, deadline)
            except TableError:
                raise
            except Exception as exc:
                raise not_a_workbook() from exc
    return Workbook(sheetnames=names, sheets=read)


def _open(source: bytes | os.PathLike, limits: Limits, stack: ExitStack) -> BinaryIO:
    if isinstance(source, bytes | bytearray):
        check_size(len(source), limits)
        return io.BytesIO(source)
    handle = stack.enter_context(open(source, "rb"))  # noqa: SIM115 - closed by the stack
    check_size(os.fstat(handle.fileno()).st_size, limits)
    return handle


def _read_sheet(
    worksheet, name: str, bounds: SheetSize, formulas: bool, deadline: Deadline
) -> Sheet:
    if not bounds.rows or not bounds.columns:
        return Sheet(name, [])  # openpyxl would fall back to the declared dimension on 0
    rows: list[tuple[object, ...]] = []
    found: set[tuple[int, int]] = set()
    cells = worksheet.iter_rows(
        min_row=1,
        max_row=bounds.rows,
        min_col=1,
        max_col=bounds.columns,
        values_only=not formulas,
    )
    for number, row in enumerate(cells, start=1):
        deadline.check()
        if formulas:
            values = [cell.value for cell in row]
            found.update(
                (number, column)
                for column, cell in enumerate(row, start=1)
                if cell.data_type == "f"
            )
        else:
            values = list(row)
        while values and values[-1] is None:
            values.pop()
        rows.append(tuple(values))
    return Sheet(name, rows, frozenset(found))
