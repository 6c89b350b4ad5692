"""The one reader of spreadsheets and CSV files, with limits. Nothing here touches the database.

Every CSV and .xlsx file the platform reads, uploaded or loaded by a command, goes through
``iter_csv`` / ``read_csv`` / ``read_csv_records`` or ``read_xlsx``;
``imports/tests/test_one_reader.py`` fails when other code calls ``csv.reader``,
``csv.DictReader`` or ``load_workbook`` itself (ADR 10). A file that exceeds a limit is refused
as a whole with ``TableTooLarge``, one that cannot be read with ``TableUnreadable``; both are
``TableError`` (an ``imports.errors.MalformedFile``) whose text is a Dutch message for the user.

What is checked, before and while reading:

* the size of the file (``check_size``; forms call it with ``UploadedFile.size`` too);
* .xlsx: the members of the zip archive (counted from the end record before ``zipfile`` reads
  the directory), the decompressed size of all parts together (counted while decompressing
  in chunks; the sizes the zip declares are not trusted), every XML part parsed by a defused
  parser (no DTD, no entity expansion) that counts rows (the highest row number), columns (the
  highest column letter: one cell in XFD is 16.384 columns), cells, shared texts, characters
  per cell and the other elements (styles, merged cells), and the declared sheet dimension;
  only then openpyxl reads the sheets, read-only, within the bounds the scan found;
* CSV: rows, columns per row, cells, characters per cell and per record (lines are read with a
  bounded ``readline``), the delimiter given or sniffed among ``;``, ``,`` and tab;
* wall-clock time: a deadline checked per decompressed chunk, per sheet row, per CSV record.

The limits (``Limits``; a test may ``dataclasses.replace`` one):

==================  ==============  ==============  ==========================================
limit               UPLOAD_LIMITS   ADMIN_LIMITS    why
==================  ==============  ==============  ==========================================
file size           5 MB            200 MB          the upload forms always allowed 5 MB; the
                                                    largest real CBS file is 2,3 MB, a full
                                                    national KWB table with every variable is
                                                    some tens of MB
unzipped (.xlsx)    50 MB           500 MB          ten times the file size, well within memory
zip members         500             2.000           a workbook has ~10 parts plus 2 per sheet
rows                50.000          500.000         party input takes 20.000 value rows (its
                                                    own message above that); the largest CBS
                                                    file has 18.311 rows, ~25 times headroom
columns             256             2.000           the template has 9, the review workbook
                                                    ~10 (256: Excel 2003's last column IV);
                                                    CBS tables have up to ~150
cells               1.000.000       5.000.000       20.000 x 9 = 180.000 for a full template;
                                                    largest CBS file 18.311 x 15 = 275.000
characters a cell   32.767          100.000         Excel's own maximum per cell; the csv
                                                    module stops at 131.072 by itself
characters a line   262.144         1.048.576       real lines are below 7.200 characters
other XML elements  200.000         1.000.000       styles and merged cells of real workbooks
                                                    are a few thousand
seconds             20              600             a web request must answer; a national
                                                    load may take minutes
==================  ==============  ==============  ==========================================

Package data shipped with the code (``monitor/data/*.csv``) is read with ``ADMIN_LIMITS``.
"""

from __future__ import annotations

from .delimited import DELIMITERS, UTF8, CsvSource, iter_csv, read_csv, read_csv_records
from .limits import (
    ADMIN_LIMITS,
    UPLOAD_LIMITS,
    Limits,
    TableError,
    TableTooLarge,
    TableUnreadable,
    check_size,
)
from .workbook import Sheet, SheetChoice, Workbook, read_xlsx

__all__ = [
    "ADMIN_LIMITS",
    "DELIMITERS",
    "UPLOAD_LIMITS",
    "UTF8",
    "CsvSource",
    "Limits",
    "Sheet",
    "SheetChoice",
    "TableError",
    "TableTooLarge",
    "TableUnreadable",
    "Workbook",
    "check_size",
    "iter_csv",
    "read_csv",
    "read_csv_records",
    "read_xlsx",
]
