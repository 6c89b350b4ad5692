"""Pure parsing of the public area files (GeoJSON boundaries, KWB key figures, code lists).

Nothing here touches the database: the functions read a file and return plain records,
so they can be tested on their own. The management commands and ``areas.services`` write.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from woonmonitor.imports.tables import (
    ADMIN_LIMITS,
    CsvSource,
    TableError,
    check_size,
    iter_csv,
    read_csv_records,
)


class FileFormatError(ValueError):
    """The file as a whole is not what the loader expects (bad JSON, missing columns)."""


class RowError(ValueError):
    """One row or feature cannot be used; the reason is recorded and the import goes on."""

    def __init__(self, message: str, row: str = "") -> None:
        super().__init__(message)
        self.row = row


def csv_rows(source: CsvSource, **options) -> Iterator[list[str]]:
    """The records of a CSV file read by ``woonmonitor.imports.tables`` within
    ``ADMIN_LIMITS``; a refused file is a ``FileFormatError`` that names the file."""
    try:
        yield from iter_csv(source, limits=ADMIN_LIMITS, **options)
    except TableError as exc:
        raise _refused(source, exc) from exc


def csv_records(source: CsvSource, **options) -> tuple[list[str], list[dict]]:
    """Header and records (like ``csv.DictReader``) within ``ADMIN_LIMITS``."""
    try:
        return read_csv_records(source, limits=ADMIN_LIMITS, **options)
    except TableError as exc:
        raise _refused(source, exc) from exc


def check_file_size(path: os.PathLike) -> None:
    """``FileFormatError`` for a file above ``ADMIN_LIMITS.max_file_bytes``, before reading."""
    try:
        check_size(os.stat(path).st_size, ADMIN_LIMITS)
    except TableError as exc:
        raise _refused(path, exc) from exc


def _refused(source: CsvSource, exc: TableError) -> FileFormatError:
    name = os.path.basename(source) if isinstance(source, os.PathLike) else ""
    return FileFormatError(f"{name}: {exc}" if name else str(exc))
