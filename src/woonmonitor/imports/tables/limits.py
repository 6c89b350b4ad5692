"""The limits of one read, the errors that refuse a file and their Dutch messages.

Nothing here touches the database. The chosen values and the reasons for them are in the
package docstring (``woonmonitor.imports.tables``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..errors import MalformedFile

MB = 1024 * 1024
#: The csv module refuses a longer field on its own (``csv.field_size_limit()``); a limit on
#: the length of one cell above it would never be reached.
CSV_FIELD_LIMIT = 131_072


@dataclass(frozen=True)
class Limits:
    """Upper bounds for reading one file; exceeding any of them refuses the whole file."""

    #: size of the file as stored or uploaded
    max_file_bytes: int
    #: all parts of an .xlsx together once decompressed, measured while decompressing
    max_unzipped_bytes: int
    #: parts (members) in the zip archive of an .xlsx
    max_zip_members: int
    #: rows of a sheet or CSV file, header included; in a sheet the highest row number counts
    max_rows: int
    #: columns; in a sheet the highest column letter counts (a cell in XFD is 16.384 columns)
    max_columns: int
    #: cells of the whole file (CSV fields; sheet cells; shared texts of a workbook)
    max_cells: int
    #: characters in one cell
    max_cell_chars: int
    #: characters in one CSV record (a line, or several when a quoted field holds line breaks)
    max_line_chars: int
    #: XML elements of a workbook besides rows and cells: styles, merged cells, properties
    max_other_elements: int
    #: wall-clock seconds for the whole read
    max_seconds: float

    def __post_init__(self) -> None:
        if self.max_cell_chars > CSV_FIELD_LIMIT:
            raise ValueError(f"max_cell_chars above the csv module's own {CSV_FIELD_LIMIT}")
        if min(self.max_file_bytes, self.max_rows, self.max_columns, self.max_cells) <= 0:
            raise ValueError("limits must be positive")


#: Files that people upload through a web form: the party-input template (20.000 value rows
#: at most, 9 columns) and the agreement review workbook (a few hundred rows, ~10 columns).
UPLOAD_LIMITS = Limits(
    max_file_bytes=5 * MB,
    max_unzipped_bytes=50 * MB,
    max_zip_members=500,
    max_rows=50_000,
    max_columns=256,
    max_cells=1_000_000,
    max_cell_chars=32_767,
    max_line_chars=262_144,
    max_other_elements=200_000,
    max_seconds=20.0,
)

#: Files that administrators load with management commands, and the CSV files shipped with
#: the code: national CBS tables (the largest real one: 18.311 rows, 2,3 MB, 87 columns).
ADMIN_LIMITS = Limits(
    max_file_bytes=200 * MB,
    max_unzipped_bytes=500 * MB,
    max_zip_members=2_000,
    max_rows=500_000,
    max_columns=2_000,
    max_cells=5_000_000,
    max_cell_chars=100_000,
    max_line_chars=1_048_576,
    max_other_elements=1_000_000,
    max_seconds=600.0,
)


class TableError(MalformedFile):
    """A file that is not read; ``str(error)`` is the Dutch message for the user (a
    ``MalformedFile``, so an import stops on it like on any refused file)."""


class TableTooLarge(TableError):
    """The file exceeds one of the limits (size, rows, columns, cells, time ...)."""


class TableUnreadable(TableError):
    """The file is not a CSV or .xlsx file that can be read (format, encoding, damage)."""


def count(number: int) -> str:
    """``1048576`` -> ``1.048.576`` (in the active language's notation)."""
    return number_format(number, force_grouping=True)


def size(number: int) -> str:
    """A size in bytes for people: ``5 MB``, ``6,2 MB``, ``12 kB``, ``800 bytes``."""
    if number >= MB:
        return f"{number_format(_whole(round(number / MB, 1)))} MB"
    if number >= 1024:
        return f"{count(round(number / 1024))} kB"
    return ngettext("%(count)s byte", "%(count)s bytes", number) % {"count": count(number)}


def check_size(number: int, limits: Limits) -> None:
    """Refuse a file of ``number`` bytes before anything of it is read."""
    if number > limits.max_file_bytes:
        raise TableTooLarge(
            _("Het bestand is te groot: %(size)s (maximaal %(limit)s).")
            % {"size": size(number), "limit": size(limits.max_file_bytes)}
        )


def too_many_rows(found: int, limits: Limits) -> TableTooLarge:
    return TableTooLarge(
        _("Het bestand heeft te veel rijen: ten minste %(found)s (maximaal %(limit)s).")
        % {"found": count(found), "limit": count(limits.max_rows)}
    )


def too_many_columns(found: int, limits: Limits) -> TableTooLarge:
    return TableTooLarge(
        _("Het bestand heeft te veel kolommen: ten minste %(found)s (maximaal %(limit)s).")
        % {"found": count(found), "limit": count(limits.max_columns)}
    )


def too_many_cells(found: int, limits: Limits) -> TableTooLarge:
    return TableTooLarge(
        _("Het bestand heeft te veel cellen: ten minste %(found)s (maximaal %(limit)s).")
        % {"found": count(found), "limit": count(limits.max_cells)}
    )


def cell_too_long(found: int, limits: Limits) -> TableTooLarge:
    return TableTooLarge(
        _("Een cel is te lang: ten minste %(found)s tekens (maximaal %(limit)s).")
        % {"found": count(found), "limit": count(limits.max_cell_chars)}
    )


def line_too_long(line: int, limits: Limits) -> TableTooLarge:
    return TableTooLarge(
        _("Regel %(line)s is te lang (maximaal %(limit)s tekens).")
        % {"line": count(line), "limit": count(limits.max_line_chars)}
    )


def _whole(number: float) -> float | int:
    return int(number) if float(number).is_integer() else number


class Deadline:
    """The wall-clock limit of one read, checked while iterating."""

    def __init__(self, limits: Limits) -> None:
        self.seconds = limits.max_seconds
        self.end = time.monotonic() + limits.max_seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise TableTooLarge(
                _("Het lezen van het bestand duurt te lang (maximaal %(seconds)s seconden).")
                % {"seconds": number_format(_whole(self.seconds))}
            )
