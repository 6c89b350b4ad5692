"""Reading an administrator's source file within ``ADMIN_LIMITS``, for the loaders.

The loaders of every app read their CSV files through these (which read through
``woonmonitor.imports.tables``, the one reader with limits); a refused file is a
``MalformedFile`` whose message names the file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from .errors import MalformedFile
from .tables import ADMIN_LIMITS, CsvSource, TableError, check_size, iter_csv, read_csv_records


def csv_rows(source: CsvSource, **options) -> Iterator[list[str]]:
    """The records of a CSV file (or its lines) within ``ADMIN_LIMITS``."""
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
    """``MalformedFile`` for a file above ``ADMIN_LIMITS.max_file_bytes``, before reading."""
    try:
        check_size(os.stat(path).st_size, ADMIN_LIMITS)
    except TableError as exc:
        raise _refused(path, exc) from exc


def _refused(source: CsvSource, exc: TableError) -> MalformedFile:
    name = os.path.basename(source) if isinstance(source, os.PathLike) else ""
    return MalformedFile(f"{name}: {exc}" if name else str(exc))
