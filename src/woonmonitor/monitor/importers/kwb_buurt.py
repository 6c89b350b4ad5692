"""KWB per buurt as two StatLine CSV exports of one year (``kwb-2024-buurt``).

The main export (``..._geslachten.csv``): name | gemeente name | soort regio | code |
indelingswijziging | inhabitants | men | women | five age groups; the origin export: name |
gemeente name | inhabitants | herkomst Nederland | Europa (excl. NL) | buiten Europa, with NO code
column. Both list the whole country (Nederland, gemeenten, wijken, buurten) in the same order, so
the origin export is joined to the main one by row order, and only when every line agrees on the
region name, the gemeente name and the number of inhabitants: one line that does not agree
refuses the origin file as a whole (``MalformedFile``), nothing is guessed.

Columns are found by their StatLine titles (spaces and case do not matter), not by position.
Codes and region types are right-padded by CBS (``"GM1681    "``, ``"Buurt     "``): trimmed.
``.`` is CBS's "onbekend, onvoldoende betrouwbaar of geheim". The year is not in the files: the
command gives it (``--period``), so a later year of this shape needs no code change.

``indelingswijziging`` (CBS: 1 code and boundary unchanged since the year before, 2 code changed
but not the boundary, 3 boundary changed) is returned per code: it decides whether an older
boundary may be used for the area, and that the gemeente is the same area as a year earlier.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from woonmonitor.areas.loaders.codes import COUNTRY_CODE, in_municipalities, normalise_code
from woonmonitor.imports.errors import InvalidRow, MalformedFile
from woonmonitor.imports.files import csv_rows

from . import Parsed, ParsedValue
from .cbs import CellError, read_cell

NAME = "wijken en buurten"
MUNICIPALITY_NAME = "regioaanduiding/gemeentenaam (naam)"
KIND = "regioaanduiding/soort regio (omschrijving)"
CODE = "regioaanduiding/codering (code)"
CHANGE = "regioaanduiding/indelingswijziging gemeente, wijk, buurt (code)"
INHABITANTS = "bevolking/aantal inwoners (aantal)"
#: StatLine title (normalised) -> indicator key
MAIN_COLUMNS: dict[str, str] = {
    INHABITANTS: "inwoners",
    "bevolking/geslacht/mannen (aantal)": "mannen",
    "bevolking/geslacht/vrouwen (aantal)": "vrouwen",
    "bevolking/leeftijdsgroepen/0 tot 15 jaar (aantal)": "inwoners-0-14",
    "bevolking/leeftijdsgroepen/15 tot 25 jaar (aantal)": "inwoners-15-24",
    "bevolking/leeftijdsgroepen/25 tot 45 jaar (aantal)": "inwoners-25-44",
    "bevolking/leeftijdsgroepen/45 tot 65 jaar (aantal)": "inwoners-45-64",
    "bevolking/leeftijdsgroepen/65 jaar of ouder (aantal)": "inwoners-65-plus",
}
ORIGIN = "bevolking/bevolking naar herkomst/herkomstland/"
ORIGIN_COLUMNS: dict[str, str] = {
    ORIGIN + "nederland (aantal)": "herkomst-nederland",
    ORIGIN + "europa (exclusief nederland) (aantal)": "herkomst-europa",
    ORIGIN + "buiten europa (aantal)": "herkomst-buiten-europa",
}
KINDS = {"land", "gemeente", "wijk", "buurt"}
#: CBS's meaning of the indelingswijziging codes (85984NED, DataProperties).
CHANGE_CODES = {
    "1": "codering en afbakening ongewijzigd ten opzichte van het jaar ervoor",
    "2": "codering gewijzigd, afbakening ongewijzigd",
    "3": "afbakening gewijzigd",
}
UNCHANGED = "1"


def title(raw: str) -> str:
    """A StatLine column title for comparing: BOM, case and runs of spaces removed."""
    return " ".join(raw.lstrip("\ufeff").strip().lower().split())


@dataclass
class KwbBuurt:
    parsed: Parsed
    #: code -> CBS indelingswijziging code ("1", "2", "3")
    changes: dict[str, str] = field(default_factory=dict)
    #: code -> level word of the file ("gemeente", "wijk", "buurt")
    kinds: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Line:
    number: int
    row: list[str]


def _records(lines: Iterable[str] | Path, what: str) -> tuple[dict[str, int], Iterator[_Line]]:
    rows = csv_rows(lines, delimiter=";")
    first = next(rows, None)
    if not first or not "".join(first).strip():
        raise MalformedFile(f"Het CSV-bestand ({what}) is leeg.")
    header = {title(name): position for position, name in enumerate(first)}
    body = (_Line(number, row) for number, row in enumerate(rows, start=2))
    return header, body


def _require(header: dict[str, int], columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in header]
    if missing:
        raise MalformedFile(f"Verplichte kolommen ontbreken ({what}): {', '.join(missing)}")


def read_kwb_buurt(
    main: Iterable[str] | Path,
    origin: Iterable[str] | Path | None = None,
    *,
    period: int,
    municipalities: set[str] | None = None,
) -> KwbBuurt:
    """Values of the main export (and the origin export joined to it by row order)."""
    header, lines = _records(main, "hoofdbestand")
    _require(header, [NAME, MUNICIPALITY_NAME, KIND, CODE, CHANGE, *MAIN_COLUMNS], "KWB buurten")
    origin_lines: Iterator[_Line] | None = None
    origin_header: dict[str, int] = {}
    if origin is not None:
        origin_header, origin_lines = _records(origin, "herkomst")
        _require(origin_header, [NAME, MUNICIPALITY_NAME, INHABITANTS, *ORIGIN_COLUMNS], "herkomst")
    result = KwbBuurt(Parsed())
    parsed = result.parsed
    municipalities = set(municipalities or ())
    width = len(header)
    for line in lines:
        extra = next(origin_lines, None) if origin_lines is not None else None
        if origin_lines is not None:
            _check_join(line, extra, header, origin_header)
        parsed.rows_read += 1
        row = line.row
        if not row or all(not cell.strip() for cell in row):
            parsed.skip(f"regel {line.number}", "lege regel")
            continue
        raw_code = row[header[CODE]].strip() if len(row) > header[CODE] else ""
        label = f"regel {line.number} ({raw_code or '?'})"
        if len(row) != width:
            parsed.reject(label, f"{len(row)} kolommen, verwacht {width}")
            continue
        kind = row[header[KIND]].strip().lower()
        try:
            code = _code(raw_code, kind)
        except InvalidRow as exc:
            parsed.reject(label, str(exc))
            continue
        if municipalities and (code == COUNTRY_CODE or not in_municipalities(code, municipalities)):
            parsed.skip(label, "buiten de gekozen gemeenten")
            continue
        cells = [(column, key, row[header[column]]) for column, key in MAIN_COLUMNS.items()]
        if extra is not None:
            cells += [
                (column, key, extra.row[origin_header[column]])
                for column, key in ORIGIN_COLUMNS.items()
            ]
        values, errors = _values(code, period, cells)
        change = row[header[CHANGE]].strip()
        if code != COUNTRY_CODE and change not in CHANGE_CODES:
            errors.append(f"indelingswijziging {change!r} is niet 1, 2 of 3")
        if errors:
            parsed.reject(label, "; ".join(errors))
            continue
        name = row[header[NAME]].strip()
        if name:
            parsed.names[code] = name
        if code != COUNTRY_CODE:
            result.changes[code] = change
        result.kinds[code] = kind
        parsed.values.extend(values)
        parsed.rows_accepted += 1
    if origin_lines is not None:
        left = next(origin_lines, None)
        if left is not None:
            raise MalformedFile(
                f"Herkomstbestand: regel {left.number} en verder hebben geen regel in het "
                "hoofdbestand; het bestand is geweigerd."
            )
    return result


def _code(raw: str, kind: str) -> str:
    if kind not in KINDS:
        raise InvalidRow(f"soort regio {kind!r} onbekend")
    if kind == "land":
        code = normalise_code(raw, "land")
        return COUNTRY_CODE if code in ("NL00", "NL01") else code
    return normalise_code(raw, kind)


def _values(
    code: str, period: int, cells: list[tuple[str, str, str]]
) -> tuple[list[ParsedValue], list[str]]:
    values, errors = [], []
    for column, key, raw in cells:
        try:
            value, status, note = read_cell(raw)
        except CellError as exc:
            errors.append(f"kolom {column!r}: {exc}")
            continue
        values.append(ParsedValue(code, period, key, value, status, note))
    return values, errors


def _check_join(
    line: _Line, extra: _Line | None, header: dict[str, int], origin_header: dict[str, int]
) -> None:
    """Refuse the origin file unless this line names the same region, gemeente and number of
    inhabitants as the main file's line."""
    if extra is None:
        raise MalformedFile(
            f"Herkomstbestand is korter dan het hoofdbestand (regel {line.number} ontbreekt); "
            "het bestand is geweigerd."
        )

    def cell(item: _Line, columns: dict[str, int], column: str) -> str:
        at = columns[column]
        return " ".join(item.row[at].split()) if len(item.row) > at else ""

    for column, what in (
        (NAME, "naam"),
        (MUNICIPALITY_NAME, "gemeentenaam"),
        (INHABITANTS, "aantal inwoners"),
    ):
        ours, theirs = cell(line, header, column), cell(extra, origin_header, column)
        if ours != theirs:
            raise MalformedFile(
                f"Herkomstbestand regel {extra.number}: {what} {theirs!r} wijkt af van "
                f"{ours!r} in het hoofdbestand (regel {line.number}); de bestanden hebben geen "
                "codekolom gemeen en worden alleen op volgorde gekoppeld als elke regel klopt: "
                "het herkomstbestand is geweigerd."
            )
