"""CBS maatwerk tables per gemeente and wijk, exported from the CBS xlsx to ';'-CSV
(``cbs-maatwerk-wijk-2020-2023``), with CBS's title, header and footer lines kept.

* income (``kvk2020-wb2023.csv``): a title block that ends "..., 2020" (the year of the income)
  and states "Gemeentelijke indeling van 2023" (the vintage of the areas); a header line
  ``Gemeentecode;Wijkcode;Regionaam``; a unit line (``x 1000 euro``, ``%``); then ``Nederland``,
  gemeente rows ``GM0014;Totaal;Groningen;25,6;59,5;11,8`` and wijk rows
  ``;WK001400;Centrum;22,5;79,6;5,4``; a "Bron:" footer.
* cars per household (``gem-autobezit-huishouden_2023_gem.csv`` / ``_wijk.csv``): a title
  "..., 1 januari 2023" (year and vintage), a header with ``Gemeentecode`` (and ``Wijkcode``)
  and "Personenauto's per huishouden (afgerond)", rows with padded codes, a "Bron:" footer.

Year and vintage come from the title lines, so a later table of the same shape needs no code
change. Comma decimals; ``.`` is "geheim" in these tables (status ``geheim``, never a number).
Every line is accepted, rejected with a reason, or skipped with a reason (title, header and
blank lines, the source line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from woonmonitor.areas.loaders.codes import (
    COUNTRY_CODE,
    in_municipalities,
    municipality_code_of,
    normalise_code,
)
from woonmonitor.imports.errors import InvalidRow, MalformedFile
from woonmonitor.imports.files import csv_rows

from . import Parsed, ParsedValue
from .cbs import SUPPRESSED, CellError, read_cell

NOTE_SECRET = "CBS maatwerk: geheim (.)"
INCOME_COLUMNS = ("inkomen-per-inwoner", "huishoudens-laagste-40", "huishoudens-hoogste-20")
INCOME_UNITS = ("x 1000 euro", "%")
CARS_KEY = "personenautos-per-huishouden"
CARS_COLUMN = "personenauto's per huishouden"
_YEAR_AT_END = re.compile(r"(?:,|januari)\s*((?:19|20)\d\d)\s*$")
_INDELING = re.compile(r"indeling van\s*((?:19|20)\d\d)", re.IGNORECASE)


class Maatwerk(Parsed):
    """A ``Parsed`` with the year of the figures and the vintage of the areas."""

    period: int = 0
    vintage: int = 0


def _cells(row: list[str]) -> list[str]:
    return [cell.strip() for cell in row]


def _cell(raw: str) -> tuple[float | None, str, str]:
    if raw.strip() == ".":
        return None, SUPPRESSED, NOTE_SECRET
    return read_cell(raw)


def _title_year(text: str) -> int | None:
    found = _YEAR_AT_END.search(text.strip().rstrip(";").strip())
    return int(found.group(1)) if found else None


def _values(code: str, period: int, pairs) -> tuple[list[ParsedValue], list[str]]:
    values, errors = [], []
    for key, raw in pairs:
        try:
            value, status, note = _cell(raw)
        except CellError as exc:
            errors.append(f"{key}: {exc}")
            continue
        values.append(ParsedValue(code, period, key, value, status, note))
    return values, errors


def read_income(lines: Iterable[str] | Path, *, municipalities: set[str] | None = None) -> Maatwerk:
    """Average personal income and the shares of households in the lowest 40 % and highest
    20 % of disposable income, per gemeente and wijk."""
    parsed = Maatwerk()
    municipalities = set(municipalities or ())
    rows = list(csv_rows(lines, delimiter=";"))
    header_at = next(
        (i for i, row in enumerate(rows) if _cells(row)[:2] == ["Gemeentecode", "Wijkcode"]), None
    )
    if header_at is None:
        raise MalformedFile(
            "Geen kopregel 'Gemeentecode;Wijkcode;Regionaam': geen CBS-maatwerktabel inkomen "
            "per gemeente en wijk."
        )
    title = " ".join(" ".join(_cells(row)).strip() for row in rows[:header_at])
    year = next(
        (
            _title_year(" ".join(_cells(r)))
            for r in rows[:header_at]
            if _title_year(" ".join(_cells(r)))
        ),
        None,
    )
    indeling = _INDELING.search(title)
    if year is None or indeling is None:
        raise MalformedFile(
            "De titel noemt geen jaar (', 2020') of geen 'Gemeentelijke indeling van ...'."
        )
    parsed.period, parsed.vintage = year, int(indeling.group(1))
    units_seen = False
    for number, row in enumerate(rows, start=1):
        parsed.rows_read += 1
        cells = _cells(row)
        label = f"regel {number}"
        if number - 1 <= header_at:
            parsed.skip(label, "titel- of kopregel van CBS")
            continue
        if not any(cells):
            parsed.skip(label, "lege regel")
            continue
        if not cells[0] and not cells[1] and not cells[2]:
            if tuple(c for c in cells[3:] if c) == INCOME_UNITS:
                units_seen = True
                parsed.skip(label, "eenhedenregel (x 1000 euro, %)")
                continue
            parsed.reject(label, "regel zonder code of naam")
            continue
        if cells[0].lower().startswith("bron"):
            parsed.skip(label, "bronvermelding van CBS")
            continue
        if not units_seen:
            raise MalformedFile(
                "De eenhedenregel ';;;x 1000 euro;%;' ontbreekt vóór de cijfers: de kolommen "
                "zijn niet wat de importer verwacht."
            )
        if len(cells) != 6:
            parsed.reject(label, f"{len(cells)} kolommen, verwacht 6")
            continue
        try:
            code = _income_code(cells)
        except InvalidRow as exc:
            parsed.reject(f"{label} ({cells[0] or cells[1]})", str(exc))
            continue
        label = f"{label} ({code})"
        if municipalities and (code == COUNTRY_CODE or not in_municipalities(code, municipalities)):
            parsed.skip(label, "buiten de gekozen gemeenten")
            continue
        values, errors = _values(code, year, zip(INCOME_COLUMNS, cells[3:6], strict=True))
        if errors:
            parsed.reject(label, "; ".join(errors))
            continue
        if cells[2] and code != COUNTRY_CODE:
            parsed.names[code] = cells[2]
        parsed.values.extend(values)
        parsed.rows_accepted += 1
    return parsed


def _income_code(cells: list[str]) -> str:
    first, second = cells[0], cells[1]
    if first == "Nederland" and not second:
        return COUNTRY_CODE
    if first and second.lower() == "totaal":
        return normalise_code(first, "gemeente")
    if not first and second:
        return normalise_code(second, "wijk")
    raise InvalidRow(f"onbekende regel: {';'.join(cells[:3])!r}")


def read_cars(lines: Iterable[str] | Path, *, municipalities: set[str] | None = None) -> Maatwerk:
    """Cars per household per gemeente (the ``_gem`` table) or per wijk (the ``_wijk`` table)."""
    parsed = Maatwerk()
    municipalities = set(municipalities or ())
    rows = list(csv_rows(lines, delimiter=";"))
    header_at = next(
        (
            i
            for i, row in enumerate(rows)
            if "gemeentecode" in [c.lower() for c in _cells(row)]
            and any(c.lower().startswith(CARS_COLUMN) for c in _cells(row))
        ),
        None,
    )
    if header_at is None:
        raise MalformedFile(
            "Geen kopregel met 'Gemeentecode' en \"Personenauto's per huishouden\": geen "
            "CBS-maatwerktabel autobezit."
        )
    year = next((y for r in rows[:header_at] if (y := _title_year(" ".join(_cells(r))))), None)
    if year is None:
        raise MalformedFile("De titel noemt geen peildatum ('1 januari 2023').")
    parsed.period = parsed.vintage = year
    header = [c.lower() for c in _cells(rows[header_at])]
    level = "wijk" if "wijkcode" in header else "gemeente"
    code_at = header.index("wijkcode" if level == "wijk" else "gemeentecode")
    municipality_at = header.index("gemeentecode")
    name_at = header.index("wijknaam" if level == "wijk" else "gemeentenaam")
    value_at = next(i for i, c in enumerate(header) if c.startswith(CARS_COLUMN))
    for number, row in enumerate(rows, start=1):
        parsed.rows_read += 1
        cells = _cells(row)
        label = f"regel {number}"
        if number - 1 <= header_at:
            parsed.skip(label, "titel- of kopregel van CBS")
            continue
        if not any(cells):
            parsed.skip(label, "lege regel")
            continue
        if cells[0].lower().startswith("bron") and not any(cells[1:]):
            parsed.skip(label, "bronvermelding van CBS")
            continue
        if len(cells) != len(header):
            parsed.reject(label, f"{len(cells)} kolommen, verwacht {len(header)}")
            continue
        try:
            code = normalise_code(cells[code_at], level)
            municipality = normalise_code(cells[municipality_at], "gemeente")
        except InvalidRow as exc:
            parsed.reject(f"{label} ({cells[code_at]})", str(exc))
            continue
        label = f"{label} ({code})"
        if level == "wijk" and municipality_code_of(code) != municipality:
            parsed.reject(label, f"wijk {code} hoort niet bij gemeente {municipality}")
            continue
        if municipalities and not in_municipalities(code, municipalities):
            parsed.skip(label, "buiten de gekozen gemeenten")
            continue
        values, errors = _values(code, year, [(CARS_KEY, cells[value_at])])
        if errors:
            parsed.reject(label, "; ".join(errors))
            continue
        if cells[name_at]:
            parsed.names[code] = cells[name_at]
        parsed.values.extend(values)
        parsed.rows_accepted += 1
    return parsed
