"""KWB gemeente rows with the original KWB Excel column names (``kwb-2020-2024-gemeente``).

One file per KWB year (``kwb2020_clean.csv`` ... ``kwb2024_clean.csv``), each on the gemeente
indeling of its own year, so a value's vintage is its year. Columns (lower-cased KWB names):
``year, gwb_code, gm_naam, recs, a_woning, a_hh, p_leegsw, g_wozbag, p_koopw, p_huurw, p_wcorpw,
p_ov_hw, ste_mvs, bev_dich, a_inw``. The year is read from the file, so a later year of the same
shape needs no code change.

Cleaning done here, never in the file (the files are real and stay as they are):

* ``g_wozbag`` was multiplied by 1000 by the repository author (their Datacleaning.R), so it is
  in euros; the catalogue's ``woz-gemiddeld`` is in thousands of euros as CBS publishes it: the
  reader divides by 1000. A value under 1000 cannot be an average WOZ in euros (the file was
  not multiplied) and refuses the row instead of being divided twice.
* the author replaced CBS's ``.`` by an empty cell: empty is "not available", never zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from woonmonitor.areas.loaders.codes import normalise_code
from woonmonitor.imports.errors import InvalidRow, MalformedFile
from woonmonitor.imports.files import csv_rows

from . import Parsed, ParsedValue
from .cbs import MISSING, CellError, read_cell

#: column -> (indicator key, factor to the indicator's unit)
COLUMNS: dict[str, tuple[str, float]] = {
    "a_inw": ("inwoners", 1.0),
    "a_hh": ("huishoudens", 1.0),
    "bev_dich": ("bevolkingsdichtheid", 1.0),
    "a_woning": ("woningvoorraad", 1.0),
    "p_leegsw": ("onbewoonde-woningen", 1.0),
    "g_wozbag": ("woz-gemiddeld", 0.001),
    "p_koopw": ("koopwoningen", 1.0),
    "p_huurw": ("huurwoningen", 1.0),
    "p_wcorpw": ("huurwoningen-corporatie", 1.0),
    "p_ov_hw": ("huurwoningen-overig", 1.0),
    "ste_mvs": ("stedelijkheid", 1.0),
}
ID_COLUMNS = ("year", "gwb_code", "gm_naam", "recs")
MUNICIPALITY_ROW = "gemeente"
WOZ_COLUMN = "g_wozbag"
#: An average WOZ value in euros is far above this; a smaller number is in thousands already.
WOZ_MIN_EUROS = 1000.0
URBANITY_CLASSES = {1.0, 2.0, 3.0, 4.0, 5.0}
BLANK_NOTE = (
    "leeg in de bron: CBS gaf '.' (cijfer onbekend, onvoldoende betrouwbaar of geheim), door "
    "de bewerker van het bestand leeg gemaakt"
)


def read_kwb_gemeente(
    lines: Iterable[str] | Path, *, municipalities: set[str] | None = None
) -> Parsed:
    """Values of one yearly file; every data line is accepted, rejected or skipped."""
    rows = csv_rows(lines, delimiter=",")
    try:
        header = [name.strip().lstrip("\ufeff").lower() for name in next(rows)]
    except StopIteration:
        raise MalformedFile("Het CSV-bestand is leeg.") from None
    missing = [c for c in (*ID_COLUMNS, *COLUMNS) if c not in header]
    if missing:
        raise MalformedFile(f"Verplichte kolommen ontbreken (KWB gemeenten): {', '.join(missing)}")
    index = {name: position for position, name in enumerate(header)}
    parsed = Parsed()
    extra = [c for c in header if c and c not in (*ID_COLUMNS, *COLUMNS)]
    if extra:
        parsed.warn("kolommen", f"niet ingelezen kolommen: {', '.join(extra)}")
    municipalities = set(municipalities or ())
    width = len(header)
    file_year: int | None = None
    for line_number, row in enumerate(rows, start=2):
        if not row or all(not cell.strip() for cell in row):
            parsed.rows_read += 1
            parsed.skip(f"regel {line_number}", "lege regel")
            continue
        parsed.rows_read += 1
        raw_code = row[index["gwb_code"]].strip() if len(row) > index["gwb_code"] else ""
        label = f"regel {line_number} ({raw_code or '?'})"
        if len(row) != width:
            parsed.reject(label, f"{len(row)} kolommen, verwacht {width}")
            continue
        kind = row[index["recs"]].strip()
        if kind.lower() != MUNICIPALITY_ROW:
            parsed.skip(label, f"geen gemeenteregel (recs = {kind!r})")
            continue
        try:
            code = normalise_code(raw_code, "gemeente")
            year = _year(row[index["year"]])
        except InvalidRow as exc:
            parsed.reject(label, str(exc))
            continue
        if file_year is None:
            file_year = year
        elif year != file_year:
            parsed.reject(label, f"jaar {year} wijkt af van {file_year}: één jaar per bestand")
            continue
        if municipalities and code not in municipalities:
            parsed.skip(label, "gemeente buiten de gekozen selectie")
            continue
        values, errors = _row_values(row, index, code, year)
        if errors:
            parsed.reject(label, "; ".join(errors))
            continue
        name = row[index["gm_naam"]].strip()
        if name:
            parsed.names[code] = name
        parsed.values.extend(values)
        parsed.rows_accepted += 1
    return parsed


def _year(raw: str) -> int:
    text = raw.strip()
    if len(text) == 4 and text.isdigit() and 1990 <= int(text) <= 2100:
        return int(text)
    raise InvalidRow(f"jaar {text!r} is geen jaartal")


def _row_values(
    row: list[str], index: dict[str, int], code: str, year: int
) -> tuple[list[ParsedValue], list[str]]:
    values: list[ParsedValue] = []
    errors: list[str] = []
    for column, (key, factor) in COLUMNS.items():
        raw = row[index[column]]
        try:
            value, status, note = read_cell(raw, factor, blank_note=BLANK_NOTE)
        except CellError as exc:
            errors.append(f"kolom {column}: {exc}")
            continue
        if value is not None and column == WOZ_COLUMN and value * 1000 < WOZ_MIN_EUROS:
            errors.append(
                f"kolom {column}: {raw.strip()} is geen gemiddelde WOZ-waarde in euro's (de "
                "bewerkte bron vermenigvuldigde met 1000); niet gedeeld"
            )
            continue
        if value is not None and key == "stedelijkheid" and value not in URBANITY_CLASSES:
            errors.append(f"kolom {column}: stedelijkheidsklasse {raw.strip()!r} is niet 1-5")
            continue
        if value is None and status == MISSING and not raw.strip():
            note = BLANK_NOTE
        values.append(ParsedValue(code, year, key, value, status, note))
    return values, errors


def file_year(path: Path) -> int | None:
    """The year of the first gemeente row (the run's vintage), or None when there is none."""
    rows = csv_rows(path, delimiter=",")
    header = [name.strip().lstrip("\ufeff").lower() for name in next(rows, [])]
    if "year" not in header:
        return None
    at = header.index("year")
    for row in rows:
        if len(row) > at:
            try:
                return _year(row[at])
            except InvalidRow:
                return None
    return None


def read_kwb_gemeente_file(path: Path, *, municipalities: set[str] | None = None) -> Parsed:
    return read_kwb_gemeente(path, municipalities=municipalities)
