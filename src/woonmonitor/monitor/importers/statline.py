"""CBS StatLine CSV exports per gemeente keyed by NAME (``cbs-statline-gemeente-2024-2025``).

Two shapes, told apart by their columns:

* ``regionale-kerncijfers`` (70072NED): ``Perioden;Regio's;`` then population on 1 January by age
  (incl. 65-80 and 80+), households by type, and much more (migration, education: not read);
  the export lists every gemeente CBS ever had, those without figures with empty cells;
* ``inkomen-huishoudens``: ``Populatie;Kenmerken van huishoudens;Perioden;Regio's;`` then the
  number of households and the average and median standardised and disposable income.

``2024*`` is a provisional year (status ``voorlopig``). Names are matched to codes through the
gemeente list the caller gives (``GemeenteNames``: one vintage, the list of the same year), only
exactly (case, apostrophes and a ``(gemeente)`` suffix aside): ``Hengelo (Gld.)`` is not
``Hengelo (O.)``. A name with figures that matches nothing, or more than one gemeente, is
rejected with the name and never guessed; a name without figures that matches nothing (CBS lists
every gemeente it ever had) is skipped with the reason. Provinces,
landsdelen and COROP areas (``(PV)``, ``(provincie)``, ``(LD)``, ``(CR)``) are skipped.

Cleaning done here, never in the file: the income export was saved wrapped in an extra layer of
CSV quoting (every ``"`` doubled, the header line and the first data line each missing one outer
quote, a lone ``"`` as the last line). ``unwrap_doubled_quotes`` undoes that line by line before the
table reader sees it; a normal export passes through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

from woonmonitor.areas.loaders.codes import COUNTRY_CODE
from woonmonitor.areas.names import normalise_name
from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.files import check_file_size, csv_rows
from woonmonitor.imports.tables import ADMIN_LIMITS

from . import Parsed, ParsedValue
from .cbs import CellError, read_cell
from .kwb_buurt import title

PROVISIONAL = "voorlopig"
PERIOD = "perioden"
REGION = "regio's"
POPULATION = "bevolking/bevolkingssamenstelling op 1 januari/"
AGE = POPULATION + "leeftijd/leeftijdsgroepen/"
HOUSEHOLDS = "bevolking/particuliere huishoudens/"
#: shape -> (column title -> indicator key)
SHAPES: dict[str, dict[str, str]] = {
    "regionale-kerncijfers": {
        POPULATION + "totale bevolking (aantal)": "inwoners",
        AGE + "25 tot 45 jaar (aantal)": "inwoners-25-44",
        AGE + "45 tot 65 jaar (aantal)": "inwoners-45-64",
        AGE + "65 tot 80 jaar (aantal)": "inwoners-65-79",
        AGE + "80 jaar of ouder (aantal)": "inwoners-80-plus",
        HOUSEHOLDS + "particuliere huishoudens/totaal particuliere huishoudens (aantal)": (
            "huishoudens"
        ),
        HOUSEHOLDS + "particuliere huishoudens/eenpersoonshuishoudens (aantal)": (
            "eenpersoonshuishoudens"
        ),
        HOUSEHOLDS + "particuliere huishoudens/meerpersoonshuishoudens zonder kinderen (aantal)": (
            "huishoudens-zonder-kinderen"
        ),
        HOUSEHOLDS + "particuliere huishoudens/meerpersoonshuishoudens met kinderen (aantal)": (
            "huishoudens-met-kinderen"
        ),
        HOUSEHOLDS + "gemiddelde huishoudensgrootte (personen per 1 huishouden)": (
            "huishoudensgrootte"
        ),
    },
    "inkomen-huishoudens": {
        "inkomen/gemiddeld gestandaardiseerd inkomen (1 000 euro)": (
            "inkomen-gestandaardiseerd-gemiddeld"
        ),
        "inkomen/mediaan gestandaardiseerd inkomen (1 000 euro)": (
            "inkomen-gestandaardiseerd-mediaan"
        ),
        "inkomen/gemiddeld besteedbaar inkomen (1 000 euro)": "inkomen-besteedbaar-gemiddeld",
        "inkomen/mediaan besteedbaar inkomen (1 000 euro)": "inkomen-besteedbaar-mediaan",
    },
}
#: shape -> (dimension column title -> the only member that is read)
FILTERS: dict[str, dict[str, str]] = {
    "regionale-kerncijfers": {},
    "inkomen-huishoudens": {
        "populatie": "Particuliere huishoudens incl. studenten",
        "kenmerken van huishoudens": "Particuliere huishoudens",
    },
}
_NOT_MUNICIPALITY = re.compile(r"\((pv|provincie|ld|landsdeel|cr|corop)\)\s*$", re.IGNORECASE)
COUNTRY_NAMES = {"nederland"}
BLANK_NOTE = (
    "leeg in de StatLine-export: CBS publiceert hier geen cijfer (onbekend, onvoldoende "
    "betrouwbaar of geheim)"
)


def unwrap_doubled_quotes(lines: Iterable[str]) -> Iterator[str]:
    """Undo one extra layer of CSV quoting, line by line: ``""`` becomes ``"`` and a line that
    is only a ``"`` becomes empty. Lines of a file without the extra layer pass unchanged (the
    first line decides: an export whose header holds ``"";""`` has it)."""
    lines = iter(lines)
    first = next(lines, None)
    if first is None:
        return
    if '"";""' not in first:
        yield first
        yield from lines
        return
    for line in chain((first,), lines):
        body = line.rstrip("\r\n")
        end = line[len(body) :]
        yield ("" if body.strip() == '"' else body.replace('""', '"')) + end


def physical_lines(path: Path) -> Iterator[str]:
    """The lines of ``path`` within the administrators' limits (size checked first, each read
    bounded), for ``unwrap_doubled_quotes``; the table reader checks the records again."""
    check_file_size(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        while line := handle.readline(ADMIN_LIMITS.max_line_chars + 1):
            yield line


class GemeenteNames:
    """The gemeenten of one vintage by name. A name matches only exactly (ignoring case,
    apostrophes, extra spaces and a ``(gemeente)`` suffix): ``Hengelo (Gld.)`` never matches
    ``Hengelo (O.)``, and a name two gemeenten share matches neither."""

    def __init__(self, areas: Iterable[tuple[str, str]], *, vintage: int) -> None:
        self.vintage = vintage
        self.by_name: dict[str, set[str]] = {}
        for code, name in areas:
            if name and name != code:
                self.by_name.setdefault(normalise_name(name), set()).add(code)

    def __len__(self) -> int:
        return len(self.by_name)

    def resolve(self, name: str) -> tuple[str | None, str]:
        codes = self.by_name.get(normalise_name(name), set())
        if len(codes) == 1:
            return next(iter(codes)), ""
        if codes:
            return None, (
                f"naam {name!r} past op meer dan één gemeente van {self.vintage} "
                f"({', '.join(sorted(codes))}); niet ingelezen"
            )
        return None, f"gemeentenaam {name!r} staat niet in de gemeentelijst van {self.vintage}"


def detect_shape(header: Iterable[str]) -> str:
    titles = set(header)
    for shape, columns in SHAPES.items():
        if {PERIOD, REGION, *FILTERS[shape]} <= titles and any(c in titles for c in columns):
            return shape
    raise MalformedFile(
        "Onbekende StatLine-export: verwacht 'Perioden' en \"Regio's\" met de kolommen van de "
        "Regionale kerncijfers (bevolking, huishoudens) of van Inkomen van huishoudens."
    )


def read_statline(
    lines: Iterable[str] | Path,
    *,
    names: GemeenteNames,
    municipalities: set[str] | None = None,
) -> tuple[str, Parsed]:
    """``(shape, values)``: one value per mapped column per matched gemeente (and Nederland)."""
    source = unwrap_doubled_quotes(physical_lines(lines) if isinstance(lines, Path) else lines)
    rows = csv_rows(source, delimiter=";")
    first = next(rows, None)
    if not first or not "".join(first).strip():
        raise MalformedFile("Het CSV-bestand is leeg.")
    header = [title(name) for name in first]
    shape = detect_shape(header)
    index = {name: position for position, name in enumerate(header)}
    plan = [(index[column], key) for column, key in SHAPES[shape].items() if column in index]
    parsed = Parsed()
    absent = [c for c in SHAPES[shape] if c not in index]
    if absent:
        parsed.warn("kolommen", f"kolommen niet in dit bestand: {', '.join(absent)}")
    skipped_columns = len(header) - len(plan) - 2 - len(FILTERS[shape])
    if skipped_columns:
        parsed.warn(
            "kolommen",
            f"{skipped_columns} kolommen niet ingelezen (geen indicator in de catalogus)",
        )
    municipalities = set(municipalities or ())
    width = len(header)
    file_period: str | None = None
    seen: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        parsed.rows_read += 1
        if not row or all(not cell.strip() for cell in row):
            parsed.skip(f"regel {number}", "lege regel")
            continue
        name = row[index[REGION]].strip() if len(row) > index[REGION] else ""
        label = f"regel {number} ({name or '?'})"
        if len(row) != width:
            parsed.reject(label, f"{len(row)} kolommen, verwacht {width}")
            continue
        other = next(
            (
                f"{column} {row[index[column]].strip()!r}"
                for column, wanted in FILTERS[shape].items()
                if row[index[column]].strip() != wanted
            ),
            None,
        )
        if other:
            parsed.skip(label, f"{other}: alleen {FILTERS[shape]} wordt ingelezen")
            continue
        raw_period = row[index[PERIOD]].strip()
        if file_period is None:
            file_period = raw_period
        if raw_period != file_period:
            parsed.reject(label, f"periode {raw_period!r} wijkt af van {file_period!r}")
            continue
        try:
            period, status = parse_period(raw_period)
        except ValueError as exc:
            parsed.reject(label, str(exc))
            continue
        if _NOT_MUNICIPALITY.search(name):
            parsed.skip(label, "provincie, landsdeel of COROP-gebied: geen gemeente")
            continue
        empty = all(not row[position].strip() for position, _ in plan)
        if name.lower() in COUNTRY_NAMES:
            code = COUNTRY_CODE
        else:
            code, remark = names.resolve(name) if name else (None, "regionaam ontbreekt")
            if code is None and empty:
                parsed.skip(label, f"geen cijfers, en geen gemeente van de lijst: {remark}")
                continue
            if code is None:
                parsed.reject(label, remark)
                continue
            if remark:
                parsed.warn(label, remark)
        if code in seen:
            parsed.reject(label, f"{code} staat al op {seen[code]}: twee regels voor één gebied")
            continue
        seen[code] = label
        if municipalities and code not in municipalities:
            parsed.skip(label, "buiten de gekozen gemeenten")
            continue
        values, errors = [], []
        for position, key in plan:
            try:
                value, value_status, note = read_cell(
                    row[position], status=status, blank_note=BLANK_NOTE
                )
            except CellError as exc:
                errors.append(f"kolom {header[position]!r}: {exc}")
                continue
            values.append(ParsedValue(code, period, key, value, value_status, note))
        if errors:
            parsed.reject(label, "; ".join(errors))
            continue
        parsed.values.extend(values)
        parsed.rows_accepted += 1
    return shape, parsed


def parse_period(raw: str) -> tuple[int, str]:
    """``2025`` -> (2025, definitief); ``2024*`` -> (2024, voorlopig)."""
    text = raw.strip()
    provisional = text.endswith("*")
    year = text.rstrip("*").strip()
    if len(year) != 4 or not year.isdigit():
        raise ValueError(f"periode {raw!r} is geen jaar")
    return int(year), PROVISIONAL if provisional else "definitief"


def unmatched_names(parsed: Parsed) -> list[str]:
    """The region names of rejected rows whose name matched no gemeente (for the summary)."""
    found = []
    for row, reason in parsed.rejected:
        if "gemeentenaam" in reason or "past op meer dan één gemeente" in reason:
            found.append(row[row.index("(") + 1 : -1] if row.endswith(")") else row)
    return found
