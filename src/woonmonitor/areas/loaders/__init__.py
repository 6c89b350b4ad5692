"""Pure parsing of the public area files (GeoJSON boundaries, KWB key figures, code lists).

Nothing here touches the database: the functions read a file and return plain records,
so they can be tested on their own. The management commands and ``areas.services`` write.
"""

from __future__ import annotations


class FileFormatError(ValueError):
    """The file as a whole is not what the loader expects (bad JSON, missing columns)."""


class RowError(ValueError):
    """One row or feature cannot be used; the reason is recorded and the import goes on."""

    def __init__(self, message: str, row: str = "") -> None:
        super().__init__(message)
        self.row = row
