"""Reading and checking an uploaded table of tasks (taakstellingen). No database.

The file (CSV with ``;``, ``,`` or tab, or an Excel workbook) has one task per row in the
columns ``gemeentecode`` (CBS code, ``GM1681``), ``groep`` (the key of a priority group,
``uitstroom-bw-mo``), ``jaar``, ``halfjaar`` (1 or 2 for a group counted per half-year; 0 or
empty for a whole year), ``taak`` (a whole number, 0 or more), ``bron`` (required: where the
number comes from) and ``toelichting``. The template's helper columns ``gemeentenaam``,
``groepsnaam`` and ``eenheid`` are ignored. A row with nothing in ``taak``, ``bron`` and
``toelichting`` is skipped, so a template can be filled in part.

Every row is checked and every problem reported with its row number as the spreadsheet shows
it (the header is row 1) and its column, in Dutch. The caller stores nothing unless there are
no problems at all (all or nothing). Files are read only through ``woonmonitor.imports.tables``
within ``UPLOAD_LIMITS`` (ADR 10).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

# README_SHEET and UploadError are re-exported: callers of this upload read them here.
from woonmonitor.imports.tables.template import README_SHEET as README_SHEET
from woonmonitor.imports.tables.template import (
    RowError,
    Table,
    Template,
    blank,
    cell_text,
)
from woonmonitor.imports.tables.template import UploadError as UploadError
from woonmonitor.imports.tables.template import read_upload as read_template_upload
from woonmonitor.imports.tables.template import table_of as template_table_of

COLUMNS = ("gemeentecode", "groep", "jaar", "halfjaar", "taak", "bron", "toelichting")
REQUIRED = ("gemeentecode", "groep", "jaar", "taak", "bron")
HELPER_COLUMNS = ("gemeentenaam", "groepsnaam", "eenheid")
TASKS_SHEET = "Taken"
MAX_ROWS = 5_000
MAX_SOURCE = 500
MAX_NOTE = 1_000
MAX_AMOUNT = 1_000_000
TEMPLATE = Template(sheet=TASKS_SHEET, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS)

_CODE = re.compile(r"GM\d{4}")
_DIGITS = re.compile(r"\d+")
_THOUSANDS_DOT = re.compile(r"\d{1,3}(\.\d{3})+")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


@dataclass(frozen=True)
class GroupRule:
    """What a row needs to know of a group."""

    half_yearly: bool
    statutory: bool = False


@dataclass(frozen=True)
class Checks:
    """What rows are checked against (looked up by the caller)."""

    #: group key -> its rule
    groups: Mapping[str, GroupRule]
    #: every municipality code Woonmonitor knows
    municipalities: Collection[str]
    #: the municipality codes the user may set tasks for
    writable: Collection[str]
    first_year: int
    last_year: int


@dataclass(frozen=True)
class TaskRow:
    row: int
    municipality_code: str
    group: str
    year: int
    half: int
    amount: int
    source: str
    note: str


@dataclass
class Checked:
    rows: list[TaskRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


# ------------------------------------------------------------------------------- reading


def read_upload(name: str, data: bytes) -> Table:
    """A CSV or an Excel workbook (.xlsx, sheet 'Taken'), told apart by the file name."""
    return read_template_upload(name, data, TEMPLATE)


def table_of(lines: Sequence[Sequence[object]]) -> Table:
    """The first non-empty line is the header; empty lines are left out."""
    return template_table_of(lines, TEMPLATE)


# ------------------------------------------------------------------------------- parsing


def parse_whole(raw: object, what: str) -> int:
    """A whole number, 0 or more: ``12``, ``12.0`` from Excel, ``1.234`` (a thousands dot).

    ``ValueError`` with a Dutch reason otherwise (a fraction, a negative, text).
    """
    if isinstance(raw, bool):
        raise ValueError(f"{what} is geen geheel getal")
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError(f"{what} {raw:g} is geen geheel getal")
        number = int(raw)
    else:
        text = _SPACES.sub("", str(raw or "")).replace("\u2212", "-")
        if not text:
            raise ValueError(f"{what} ontbreekt")
        if text.startswith("-") and _DIGITS.fullmatch(text[1:].replace(".", "")):
            raise ValueError(f"{what} {text} is negatief; een taak is 0 of meer")
        if _THOUSANDS_DOT.fullmatch(text) and not text.startswith("0"):
            text = text.replace(".", "")
        if not _DIGITS.fullmatch(text):
            raise ValueError(f"'{str(raw).strip()}' is geen geheel getal (schrijf bijvoorbeeld 12)")
        number = int(text)
    if number < 0:
        raise ValueError(f"{what} {number} is negatief; een taak is 0 of meer")
    return number


def check_period(
    year: int, half: int, *, half_yearly: bool, first_year: int, last_year: int
) -> list[tuple[str, str]]:
    """Problems with a period for a group, as ``(column, message)``; empty when it is valid."""
    problems = []
    if not first_year <= year <= last_year:
        problems.append(("jaar", f"{year} ligt niet tussen {first_year} en {last_year}"))
    if half_yearly and half not in (1, 2):
        problems.append(
            ("halfjaar", "deze groep heeft een taak per halfjaar: vul 1 of 2 in bij halfjaar")
        )
    if not half_yearly and half != 0:
        problems.append(
            ("halfjaar", "deze groep heeft een taak per jaar: laat halfjaar leeg of vul 0 in")
        )
    return problems


# ------------------------------------------------------------------------------ checking


def check_rows(table: Table, checks: Checks) -> Checked:
    """Check every row; collect all problems rather than stopping at the first."""
    result = Checked()
    seen: dict[tuple[str, str, int, int], int] = {}
    for number, cells in table.rows:
        if all(blank(cells.get(column)) for column in ("taak", "bron", "toelichting")):
            result.skipped += 1
            continue
        errors: list[RowError] = []

        def fail(column: str, message: str, number: int = number, errors=errors) -> None:
            errors.append(RowError(number, column, message))

        code = _check_municipality(cells.get("gemeentecode"), checks, fail)
        key = cell_text(cells.get("groep")).lower()
        rule = checks.groups.get(key)
        if not key:
            fail("groep", "groep ontbreekt")
        elif rule is None:
            fail("groep", f"onbekende groep '{key}'; kies uit {', '.join(sorted(checks.groups))}")
        year = half = amount = None
        try:
            year = parse_whole(cells.get("jaar"), "jaar")
        except ValueError as exc:
            fail("jaar", str(exc))
        raw_half = cells.get("halfjaar")
        try:
            half = 0 if blank(raw_half) else parse_whole(raw_half, "halfjaar")
            if half not in (0, 1, 2):
                fail("halfjaar", f"halfjaar {half} bestaat niet; kies 1, 2 of laat leeg")
                half = None
        except ValueError as exc:
            fail("halfjaar", str(exc))
        if rule is not None and year is not None and half is not None:
            for column, message in check_period(
                year,
                half,
                half_yearly=rule.half_yearly,
                first_year=checks.first_year,
                last_year=checks.last_year,
            ):
                fail(column, message)
        try:
            amount = parse_whole(cells.get("taak"), "taak")
            if amount > MAX_AMOUNT:
                fail("taak", f"taak {amount} is groter dan {MAX_AMOUNT}; klopt dat getal?")
        except ValueError as exc:
            fail("taak", str(exc))
        source = cell_text(cells.get("bron"))
        if not source:
            fail("bron", "bron ontbreekt: noem waar de taak vandaan komt (besluit, convenant)")
        elif len(source) > MAX_SOURCE:
            fail("bron", f"bron is {len(source)} tekens; hoogstens {MAX_SOURCE}")
        note = cell_text(cells.get("toelichting"))
        if len(note) > MAX_NOTE:
            fail("toelichting", f"toelichting is {len(note)} tekens; hoogstens {MAX_NOTE}")
        if code and rule is not None and year is not None and half is not None:
            first = seen.setdefault((code, key, year, half), number)
            if first != number:
                fail("gemeentecode", f"dubbel: zelfde gemeente, groep en periode als rij {first}")
        if errors:
            result.errors.extend(errors)
            continue
        result.rows.append(TaskRow(number, code, key, year, half, amount, source, note))
    return result


def _check_municipality(raw: object, checks: Checks, fail) -> str | None:
    text = cell_text(raw)
    if not text:
        fail("gemeentecode", "gemeentecode ontbreekt")
        return None
    code = text.upper().replace(" ", "")
    if code.isdigit() and len(code) <= 4:  # Excel dropped the GM and the leading zeros
        code = f"GM{int(code):04d}"
    if not _CODE.fullmatch(code):
        fail("gemeentecode", f"'{text}' is geen CBS-gemeentecode (schrijf bijvoorbeeld GM1681)")
        return None
    if code not in checks.municipalities:
        fail("gemeentecode", f"gemeente {code} is niet bekend in Woonmonitor")
        return None
    if code not in checks.writable:
        allowed = ", ".join(sorted(checks.writable)) or "geen"
        fail(
            "gemeentecode",
            f"u mag geen taak vastleggen voor {code}; alleen voor uw eigen gemeente ({allowed})",
        )
        return None
    return code
