"""Readers that turn the public source files into monitor values. Pure: no database.

Each reader takes a file (or an already decoded payload) and returns a ``Parsed``: one
``ParsedValue(code, period, key, value, status, note)`` per figure, the names the file gives
its areas, and a row-level report (rows read and accepted, rejected rows with the reason,
warnings). ``monitor/loading.py`` writes a ``Parsed`` into the database in one import run.

A CBS special value (secret, unknown, not applicable) is never a number: it becomes a value
``None`` with status ``geheim`` or ``ontbreekt`` and a note that says why (see ``cbs.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from woonmonitor.areas.loaders.codes import OUTSIDE_MUNICIPALITIES, normalise_code
from woonmonitor.imports.errors import InvalidRow, MalformedFile


class ParsedValue(NamedTuple):
    code: str
    period: int
    key: str
    value: float | None
    status: str
    note: str = ""


@dataclass
class Parsed:
    """What a reader found in one file."""

    values: list[ParsedValue] = field(default_factory=list)
    #: code -> name, where the file names its areas
    names: dict[str, str] = field(default_factory=dict)
    #: gemeente code -> province name, where the file says
    provinces: dict[str, str] = field(default_factory=dict)
    rows_read: int = 0
    rows_accepted: int = 0
    #: rows that were not stored because they exist on purpose (e.g. a gemeente that did not
    #: exist that year): counted, not rejected
    skipped_rows: int = 0
    #: skipped rows with their reason (``skip``); readers that only count use ``skipped_rows``
    skipped: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def reject(self, row: str, reason: str) -> None:
        self.rejected.append((row, reason))

    def skip(self, row: str, reason: str) -> None:
        """The row was read and deliberately not stored, with why (counted in ``skipped_rows``)."""
        self.skipped_rows += 1
        self.skipped.append((row, reason))

    def skip_outside(self, row: str) -> None:
        """A row read of a gemeente outside the chosen ones (``--gemeenten``): skipped."""
        self.rows_read += 1
        self.skip(row, OUTSIDE_MUNICIPALITIES)

    def drop_value(self, row: str, reason: str) -> None:
        """One value of an accepted row is not read (its cell is unreadable): the row counts
        as accepted, the value is named in a warning."""
        self.warnings.append((row, f"waarde niet ingelezen: {reason}"))

    def warn(self, row: str, message: str) -> None:
        self.warnings.append((row, message))

    @property
    def keys(self) -> set[str]:
        return {value.key for value in self.values}

    @property
    def codes(self) -> set[str]:
        return {value.code for value in self.values}


__all__ = ["MalformedFile", "Parsed", "ParsedValue"]


def gemeente_row(
    parsed: Parsed,
    row: list[str],
    *,
    code_at: int,
    width: int,
    line_number: int,
    municipalities: set[str],
) -> tuple[str, str] | None:
    """(gemeente code, report label) of one CSV row, or None when the row is rejected (bad code,
    wrong width; recorded on ``parsed``) or not among ``municipalities`` (when given)."""
    raw_code = row[code_at].strip() if len(row) > code_at else ""
    label = f"regel {line_number} ({raw_code or '?'})"
    try:
        code = normalise_code(raw_code, "gemeente")
    except InvalidRow as exc:
        parsed.rows_read += 1
        parsed.reject(label, str(exc))
        return None
    if municipalities and code not in municipalities:
        parsed.skip_outside(label)
        return None
    parsed.rows_read += 1
    if len(row) != width:
        parsed.reject(label, f"{len(row)} kolommen, verwacht {width}")
        return None
    return code, label
