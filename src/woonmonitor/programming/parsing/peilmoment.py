"""Reading a peilmoment (the date a plan figure refers to) from the forms sources use.

Pure: no database. A peilmoment is a date; a period stands for its first day:

* a date: ``2024-01-01``, ``2024-01-01T00:00:00`` (the time is dropped), ``1-7-2024``,
  ``01/07/2024`` (day first, the Dutch way);
* a month: ``2024-07``, ``2024/07``, ``juli 2024``, ``jul 2024`` -> 1 July 2024;
* a quarter: ``2024-Q1``, ``2024Q3``, ``Q3 2024``, ``2024-K3`` (Dutch kwartaal) -> its first day;
* a half year: ``2024-H2``, ``H2 2024`` -> 1 July 2024;
* a number of milliseconds since 1970 (how ArcGIS exports write dates), when it falls in
  the years accepted.

A year alone (``2024``) is refused: the woningbouwkaart is published twice a year, so a year
does not say which edition. Any other form is refused with a Dutch reason; years outside
``FIRST_YEAR`` .. ``LAST_YEAR`` too.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from django.utils.translation import gettext as _

FIRST_YEAR = 2000
LAST_YEAR = 2100

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_MONTH = re.compile(r"(\d{4})[-/](\d{1,2})")
_QUARTER = re.compile(
    r"(\d{4})\s*[-/ ]?\s*[QK]([1-4])|[QK]([1-4])\s*[-/ ]?\s*(\d{4})", re.IGNORECASE
)
_HALF = re.compile(r"(\d{4})\s*[-/ ]?\s*H([12])|H([12])\s*[-/ ]?\s*(\d{4})", re.IGNORECASE)
_NAMED_MONTH = re.compile(r"([a-z]+)\.?\s+(\d{4})", re.IGNORECASE)
_YEAR = re.compile(r"\d{4}")
_EPOCH_MS_FIRST = int(datetime(FIRST_YEAR, 1, 1, tzinfo=UTC).timestamp() * 1000)
_EPOCH_MS_LAST = int(datetime(LAST_YEAR, 12, 31, tzinfo=UTC).timestamp() * 1000)


def parse_peilmoment(raw: object) -> date:
    """The date of a peilmoment; ``ValueError`` with a Dutch reason when it is not one."""
    if isinstance(raw, bool):
        raise ValueError(_refused(raw))
    if isinstance(raw, datetime):
        return _checked(raw.date(), raw)
    if isinstance(raw, date):
        return _checked(raw, raw)
    if isinstance(raw, (int, float)):
        if _EPOCH_MS_FIRST <= raw <= _EPOCH_MS_LAST:
            return datetime.fromtimestamp(raw / 1000, tz=UTC).date()
        raise ValueError(_refused(raw))
    text = " ".join(str(raw or "").split())
    if not text:
        raise ValueError(_("peilmoment ontbreekt."))
    if match := _ISO.fullmatch(text):
        return _make(raw, int(match[1]), int(match[2]), int(match[3]))
    if match := _DAY_FIRST.fullmatch(text):
        return _make(raw, int(match[3]), int(match[2]), int(match[1]))
    if match := _MONTH.fullmatch(text):
        return _make(raw, int(match[1]), int(match[2]), 1)
    if match := _QUARTER.fullmatch(text):
        year, quarter = (match[1], match[2]) if match[1] else (match[4], match[3])
        return _make(raw, int(year), 3 * int(quarter) - 2, 1)
    if match := _HALF.fullmatch(text):
        year, half = (match[1], match[2]) if match[1] else (match[4], match[3])
        return _make(raw, int(year), 1 if half == "1" else 7, 1)
    if (match := _NAMED_MONTH.fullmatch(text)) and match[1].lower() in MONTHS:
        return _make(raw, int(match[2]), MONTHS[match[1].lower()], 1)
    if _YEAR.fullmatch(text):
        raise ValueError(
            _(
                "peilmoment '%(text)s' is alleen een jaar; geef een datum, maand, kwartaal "
                "of halfjaar (bijvoorbeeld 2024-01-01, 2024-07 of 2024-Q1)."
            )
            % {"text": text}
        )
    raise ValueError(_refused(text))


def _make(raw: object, year: int, month: int, day: int) -> date:
    try:
        moment = date(year, month, day)
    except ValueError as exc:
        raise ValueError(
            _("peilmoment '%(text)s' is geen bestaande datum.") % {"text": raw}
        ) from exc
    return _checked(moment, raw)


def _checked(moment: date, raw: object) -> date:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(
            _("peilmoment '%(text)s' ligt niet tussen %(first)s en %(last)s.")
            % {"text": raw, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return moment


def _refused(raw: object) -> str:
    return _(
        "peilmoment '%(text)s' is geen bekende vorm; geef een datum, maand, kwartaal of "
        "halfjaar (bijvoorbeeld 2024-01-01, 2024-07 of 2024-Q1)."
    ) % {"text": raw}
