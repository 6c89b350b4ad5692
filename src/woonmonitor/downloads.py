"""Downloads of the figures shown on pages: every table can be had as CSV. Pure.

Every CSV the platform writes goes through ``csv_text`` (``csv_response`` for a download):
text that a spreadsheet would take for a formula (starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return: CSV injection) gets a leading apostrophe, so it is shown as the text
it is and never runs. Numbers are written as numbers and never touched: pass ``int``,
``float``, ``Decimal`` or a ``DutchNumber`` (a decimal already written with a comma).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

#: What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class DutchNumber(str):
    """A number already written the Dutch way ("-1,5"): a number, so never neutralised."""


def csv_cell(value: object) -> object:
    """One cell as written: numbers as they are, text made safe, None as empty."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal | DutchNumber):
        return value
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """';'-separated CSV with a BOM, as Dutch Excel opens it, every cell through ``csv_cell``.

    Written to memory in one go (``writerows``): a national table of 14,000 rows is several
    times faster than writing row by row into the response.
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """A UTF-8 CSV download (see ``csv_text``)."""
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
