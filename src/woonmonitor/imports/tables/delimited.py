"""Reading CSV files within limits, streaming. Nothing here touches the database.

The text is read line by line with a bound on the length of each read (``readline(n)``), so a
file without line breaks never becomes one huge string; every record is checked against the
limits before it is handed on, and the deadline is checked after every record.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain

from django.utils.translation import gettext as _

from .limits import (
    CSV_FIELD_LIMIT,
    Deadline,
    Limits,
    TableUnreadable,
    cell_too_long,
    check_size,
    line_too_long,
    too_many_cells,
    too_many_columns,
    too_many_rows,
)

#: UTF-8 with or without a byte order mark.
UTF8 = ("utf-8-sig",)
#: The delimiters a CSV file is sniffed among, in order of preference on a tie.
DELIMITERS = ";,\t"
#: How many blank lines at the start the sniffing looks past.
SNIFF_LINES = 100

#: The file's bytes, its whole text, a path, or lines (an open text file, a list of strings).
CsvSource = bytes | str | os.PathLike | Iterable[str]


def iter_csv(
    source: CsvSource,
    *,
    limits: Limits,
    delimiter: str | None = None,
    candidates: str = DELIMITERS,
    encodings: Sequence[str] = UTF8,
    comment: str | None = None,
) -> Iterator[list[str]]:
    """The records of a CSV file as lists of fields, each checked against ``limits``.

    Without ``delimiter`` the first non-blank line chooses among ``candidates`` (the most
    frequent; the first on a tie). ``encodings`` are tried in order (bytes and paths). With
    ``comment``, lines that start with it (after spaces) and blank lines are left out;
    otherwise a blank line gives ``[]``, as in ``csv.reader``. Raises ``TableTooLarge`` or
    ``TableUnreadable`` while iterating.
    """
    deadline = Deadline(limits)
    pending = [0]
    lines = _counted(_lines(source, limits, tuple(encodings)), limits, pending)
    if comment:
        lines = (line for line in lines if line.strip() and not line.lstrip().startswith(comment))
    if delimiter is None:
        delimiter, lines = _sniff(lines, candidates)
    reader = csv.reader(lines, delimiter=delimiter)
    rows = cells = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _csv_error(exc, reader.line_num, limits) from exc
        pending[0] = 0
        rows += 1
        cells += len(row)
        deadline.check()
        if rows > limits.max_rows:
            raise too_many_rows(rows, limits)
        if len(row) > limits.max_columns:
            raise too_many_columns(len(row), limits)
        if cells > limits.max_cells:
            raise too_many_cells(cells, limits)
        longest = max(map(len, row), default=0)
        if longest > limits.max_cell_chars:
            raise cell_too_long(longest, limits)
        yield row


def read_csv(source: CsvSource, *, limits: Limits, **options) -> list[list[str]]:
    """All records of a CSV file (see ``iter_csv`` for the options)."""
    return list(iter_csv(source, limits=limits, **options))


def read_csv_records(
    source: CsvSource, *, limits: Limits, **options
) -> tuple[list[str], list[dict[str | None, object]]]:
    """The header and the records as dicts, like ``csv.DictReader``.

    The header is the first non-empty record; blank records are left out; missing fields are
    ``None`` and extra fields are a list under the key ``None``.
    """
    rows = iter_csv(source, limits=limits, **options)
    header = next((row for row in rows if row), [])
    width = len(header)
    records: list[dict[str | None, object]] = []
    for row in rows:
        if not row:
            continue
        record: dict[str | None, object] = dict(zip(header, row, strict=False))
        if len(row) > width:
            record[None] = row[width:]
        else:
            record.update(dict.fromkeys(header[len(row) :]))
        records.append(record)
    return header, records


def _not_text() -> TableUnreadable:
    return TableUnreadable(_("Het bestand is geen leesbare tekst; sla het op als CSV (UTF-8)."))


def _csv_error(exc: csv.Error, line: int, limits: Limits) -> Exception:
    if "field larger than field limit" in str(exc):
        return cell_too_long(CSV_FIELD_LIMIT, limits)
    return TableUnreadable(
        _("Het bestand is geen leesbaar CSV-bestand: regel %(line)s kan niet gelezen worden.")
        % {"line": line}
    )


def _decode(data: bytes, encodings: tuple[str, ...]) -> str:
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _not_text()


def _lines(source: CsvSource, limits: Limits, encodings: tuple[str, ...]) -> Iterator[str]:
    """Physical lines (with their line ends); no read is longer than one line may be."""
    try:
        if isinstance(source, bytes | bytearray):
            check_size(len(source), limits)
            yield from _read_lines(
                io.StringIO(_decode(bytes(source), encodings), newline=""), limits
            )
        elif isinstance(source, str):
            check_size(len(source), limits)  # characters stand in for bytes
            yield from _read_lines(io.StringIO(source, newline=""), limits)
        elif isinstance(source, os.PathLike):
            check_size(os.stat(source).st_size, limits)
            if len(encodings) > 1:
                with open(source, "rb") as handle:
                    text = _decode(handle.read(), encodings)
                yield from _read_lines(io.StringIO(text, newline=""), limits)
            else:
                with open(source, encoding=encodings[0], newline="") as handle:
                    yield from _read_lines(handle, limits)
        else:
            total = 0
            for line in source:
                total += len(line)
                check_size(total, limits)
                yield line
    except UnicodeDecodeError as exc:
        raise _not_text() from exc


def _read_lines(handle: io.TextIOBase, limits: Limits) -> Iterator[str]:
    while line := handle.readline(limits.max_line_chars + 1):
        yield line


def _counted(lines: Iterator[str], limits: Limits, pending: list[int]) -> Iterator[str]:
    """Count the characters of the record being read; ``pending`` is reset per record."""
    for number, line in enumerate(lines, start=1):
        pending[0] += len(line)
        if pending[0] > limits.max_line_chars:
            raise line_too_long(number, limits)
        yield line


def _sniff(lines: Iterator[str], candidates: str) -> tuple[str, Iterator[str]]:
    """The delimiter from the first line with text among the first ``SNIFF_LINES``."""
    seen = []
    delimiter = candidates[0]
    for line in lines:
        seen.append(line)
        if line.strip():
            delimiter = max(candidates, key=line.count)
            break
        if len(seen) >= SNIFF_LINES:
            break
    return delimiter, chain(seen, lines)
