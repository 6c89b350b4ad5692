"""Reading and checking a party's own indicator values from a CSV or Excel upload. Pure.

The file has one value per row in the columns ``gebiedscode`` (a CBS code GM/WK/BU),
``indicator`` (the catalogue key), ``periode`` (a year), ``waarde`` (Dutch or English decimal
notation), ``status`` (``definitief`` or ``voorlopig``; empty is ``voorlopig``) and
``toelichting``. The template adds ``gebiedsnaam``, ``indicatornaam`` and ``eenheid`` to help
the reader; they are ignored. A row with nothing in ``waarde`` and ``toelichting`` is
skipped, so a template can be filled in part.

Every row is checked; each problem is reported with its row (as the spreadsheet numbers it,
the header being row 1) and column, in Dutch. The caller stores nothing unless there are none.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from woonmonitor.areas.loaders.codes import level_of, municipality_code_of

# README_SHEET and UploadError are re-exported: callers of this upload read them here.
from woonmonitor.imports.tables.template import README_SHEET as README_SHEET
from woonmonitor.imports.tables.template import (
    RowError,
    Table,
    Template,
)
from woonmonitor.imports.tables.template import UploadError as UploadError
from woonmonitor.imports.tables.template import blank as _blank
from woonmonitor.imports.tables.template import cell_text as _cell_text
from woonmonitor.imports.tables.template import read_upload as read_template_upload

from .models import ValueStatus

COLUMNS = ("gebiedscode", "indicator", "periode", "waarde", "status", "toelichting")
REQUIRED = ("gebiedscode", "indicator", "periode", "waarde")
HELPER_COLUMNS = ("gebiedsnaam", "indicatornaam", "eenheid")
STATUSES = {
    "definitief": ValueStatus.DEFINITIVE.value,
    "voorlopig": ValueStatus.PROVISIONAL.value,
}
DEFAULT_STATUS = ValueStatus.PROVISIONAL.value
VALUES_SHEET = "Waarden"
MAX_ROWS = 20_000
MAX_NOTE = 300
ENTRY_LEVELS = ("gemeente", "wijk", "buurt")
TEMPLATE = Template(sheet=VALUES_SHEET, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS)

_THOUSANDS_DOT = re.compile(r"\d{1,3}(\.\d{3})+")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(,\d{3})+")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


@dataclass(frozen=True)
class EnteredRow:
    row: int
    code: str
    key: str
    period: int
    value: float
    status: str
    note: str


@dataclass(frozen=True)
class Checks:
    """What a row is checked against (looked up by the caller)."""

    #: indicator key -> "" when the party may enter it, else why not
    indicators: Mapping[str, str]
    #: CBS codes the monitor knows (any vintage)
    areas: Collection[str]
    #: the gemeenten the organisation may enter values for
    municipalities: Collection[str]
    #: village or cluster slug -> its member codes
    groups: Mapping[str, Sequence[str]]
    first_year: int
    last_year: int


@dataclass
class Checked:
    rows: list[EnteredRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


# ------------------------------------------------------------------------------- reading


def read_upload(name: str, data: bytes) -> Table:
    """A CSV (``;``, ``,`` or tab) or an Excel workbook (.xlsx, sheet 'Waarden'), by its name."""
    return read_template_upload(name, data, TEMPLATE)


# ------------------------------------------------------------------------------- parsing


def parse_number(raw: object) -> float:
    """A value in Dutch or English notation; ``ValueError`` with a Dutch reason otherwise.

    ``12,5`` = 12.5; ``1.234`` = 1234 (a dot with exactly three digits after it is a
    thousands separator); ``1234.5`` = 1234.5; ``1.234,5`` and ``1,234.5`` = 1234.5.
    """
    if isinstance(raw, bool | datetime | date):
        raise ValueError(f"{raw!s} is geen getal")
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = _SPACES.sub("", str(raw)).replace("\u2212", "-")
        if not text:
            raise ValueError("waarde ontbreekt")
        sign = -1.0 if text.startswith("-") else 1.0
        body = text[1:] if text[0] in "+-" else text
        number = sign * _unsigned(body, str(raw).strip())
    if not math.isfinite(number):
        raise ValueError(f"{raw!s} is geen getal")
    return number


def _unsigned(body: str, shown: str) -> float:
    wrong = ValueError(f"'{shown}' is geen getal (schrijf bijvoorbeeld 12,5 of 1234)")
    if "," in body and "." in body:
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        whole, _, fraction = body.rpartition(decimal)
        pattern = _THOUSANDS_DOT if thousands == "." else _THOUSANDS_COMMA
        if not pattern.fullmatch(whole) or not _DIGITS.fullmatch(fraction):
            raise wrong
        return float(whole.replace(thousands, "") + "." + fraction)
    if "," in body:
        if body.count(",") == 1:
            whole, fraction = body.split(",")
            if not _DIGITS.fullmatch(whole or "0") or not _DIGITS.fullmatch(fraction):
                raise wrong
            return float((whole or "0") + "." + fraction)
        if _THOUSANDS_COMMA.fullmatch(body):
            return float(body.replace(",", ""))
        raise wrong
    if "." in body:
        if _THOUSANDS_DOT.fullmatch(body) and not body.startswith("0"):
            return float(body.replace(".", ""))
        whole, _, fraction = body.partition(".")
        if (
            "." in fraction
            or not _DIGITS.fullmatch(whole or "0")
            or not _DIGITS.fullmatch(fraction)
        ):
            raise wrong
        return float((whole or "0") + "." + fraction)
    if not _DIGITS.fullmatch(body):
        raise wrong
    return float(body)


def parse_period(raw: object, first_year: int, last_year: int) -> int:
    if isinstance(raw, bool) or _blank(raw):
        raise ValueError("periode ontbreekt")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"'{text}' is geen jaartal (schrijf bijvoorbeeld 2024)")
    year = int(text)
    if not first_year <= year <= last_year:
        raise ValueError(f"{year} ligt niet tussen {first_year} en {last_year}")
    return year


# ------------------------------------------------------------------------------ checking


def check_rows(table: Table, checks: Checks) -> Checked:
    """Check every row; collect all problems rather than stopping at the first."""
    result = Checked()
    seen: dict[tuple[str, str, int], int] = {}
    for number, cells in table.rows:
        value_cell, status_cell, note_cell = (
            cells.get("waarde"),
            cells.get("status"),
            cells.get("toelichting"),
        )
        if _blank(value_cell) and _blank(note_cell):
            result.skipped += 1
            continue
        errors: list[RowError] = []

        def fail(column: str, message: str, number: int = number, errors=errors) -> None:
            errors.append(RowError(number, column, message))

        code = _check_area(cells.get("gebiedscode"), checks, fail)
        key = _check_indicator(cells.get("indicator"), checks, fail)
        try:
            period = parse_period(cells.get("periode"), checks.first_year, checks.last_year)
        except ValueError as exc:
            period = None
            fail("periode", str(exc))
        try:
            value = parse_number(value_cell) if not _blank(value_cell) else None
            if value is None:
                fail("waarde", "waarde ontbreekt")
        except ValueError as exc:
            value = None
            fail("waarde", str(exc))
        status_text = _cell_text(status_cell).lower()
        status = STATUSES.get(status_text or "voorlopig")
        if status is None:
            fail(
                "status",
                f"'{_cell_text(status_cell)}' is geen status; kies definitief of voorlopig",
            )
        note = _cell_text(note_cell)
        if len(note) > MAX_NOTE:
            fail("toelichting", f"toelichting is {len(note)} tekens; hoogstens {MAX_NOTE}")
        if code and key and period is not None:
            first = seen.setdefault((code, key, period), number)
            if first != number:
                fail("gebiedscode", f"dubbel: zelfde gebied, indicator en periode als rij {first}")
        if errors:
            result.errors.extend(errors)
            continue
        result.rows.append(EnteredRow(number, code, key, period, value, status, note))
    return result


def _check_area(raw: object, checks: Checks, fail) -> str | None:
    text = _cell_text(raw)
    if not text:
        fail("gebiedscode", "gebiedscode ontbreekt")
        return None
    if text.lower() in checks.groups:
        members = ", ".join(checks.groups[text.lower()]) or "geen leden"
        fail(
            "gebiedscode",
            f"'{text}' is een dorp of cluster, geen CBS-gebied. Voer de waarden in per buurt of "
            f"wijk ({members}); de monitor telt ze per dorp op volgens de regel van de indicator.",
        )
        return None
    code = text.upper().replace(" ", "")
    level = level_of(code)
    if level not in ENTRY_LEVELS:
        fail("gebiedscode", f"'{text}' is geen CBS-code van een gemeente, wijk of buurt")
        return None
    if code not in checks.areas:
        fail("gebiedscode", f"gebied {code} is niet bekend in de monitor")
        return None
    if municipality_code_of(code) not in checks.municipalities:
        fail(
            "gebiedscode",
            f"gebied {code} ligt buiten uw werkgebied ({', '.join(sorted(checks.municipalities))})",
        )
        return None
    return code


def _check_indicator(raw: object, checks: Checks, fail) -> str | None:
    key = _cell_text(raw).lower()
    if not key:
        fail("indicator", "indicator ontbreekt")
        return None
    if key not in checks.indicators:
        fail("indicator", f"onbekende indicator '{key}'; de sleutels staan in het blad Leesmij")
        return None
    reason = checks.indicators[key]
    if reason:
        fail("indicator", reason)
        return None
    return key
