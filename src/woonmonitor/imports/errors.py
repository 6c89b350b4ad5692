"""The error types of every import: a file that is refused as a whole, or one row that is.

Every loader (areas, accounts, housing, monitor, agreements and the capability apps to come)
raises these, so a command, a page or a test catches one type whatever the importer:

* ``MalformedFile``: the file as a whole is not what the importer expects (not found, bad JSON,
  missing columns, above the reading limits). The import stops and nothing is changed;
  ``errors`` lists every problem when the importer checked them all at once.
* ``InvalidRow``: one row, feature or cell cannot be used. The reason is recorded on the import
  run (``RunRecorder.reject``) and the import goes on with the next row; ``row`` says which.

The reader's own refusal (``imports.tables.TableError``: too large, unreadable) is a
``MalformedFile`` too.
"""

from __future__ import annotations

from collections.abc import Iterable


class MalformedFile(ValueError):
    """The file is not what the importer expects; nothing was changed."""

    def __init__(self, message: str | Iterable[str] = "", *, errors: Iterable[str] = ()) -> None:
        if not isinstance(message, str):
            errors, message = list(message), ""
        self.errors = list(errors) or ([message] if message else [])
        super().__init__(message or "; ".join(self.errors))


class InvalidRow(ValueError):
    """One row cannot be used; the reason is recorded and the import goes on."""

    def __init__(self, message: str, row: str = "") -> None:
        super().__init__(message)
        self.row = row


__all__ = ["InvalidRow", "MalformedFile"]
