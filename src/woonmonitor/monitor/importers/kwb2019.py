"""KWB 2019 per gemeente with renamed columns (``kwb-2019-gemeente/kwb-2019.csv``).

Columns: region (name), unique_id (GM code), population, men, women, b_00_14 .. b_65_oo,
unmarried, married, divorced, widowed; renamed from CBS a_inw, a_man, a_vrouw, a_00_14 ...
a_verwed (peildatum 1 January 2019). All are counts of persons.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.files import csv_rows

from . import Parsed, ParsedValue, gemeente_row
from .cbs import CellError, read_cell

COLUMNS: dict[str, str] = {
    "population": "inwoners",
    "men": "mannen",
    "women": "vrouwen",
    "b_00_14": "inwoners-0-14",
    "b_15_24": "inwoners-15-24",
    "b_25_44": "inwoners-25-44",
    "b_45_64": "inwoners-45-64",
    "b_65_oo": "inwoners-65-plus",
    "unmarried": "ongehuwd",
    "married": "gehuwd",
    "divorced": "gescheiden",
    "widowed": "verweduwd",
}
CODE_COLUMN = "unique_id"
NAME_COLUMN = "region"
PERIOD = 2019


def read_kwb2019(
    lines: Iterable[str] | Path, *, period: int = PERIOD, municipalities: set[str] | None = None
) -> Parsed:
    rows = csv_rows(lines, delimiter=",")
    try:
        header = [name.strip().lstrip("\ufeff") for name in next(rows)]
    except StopIteration:
        raise MalformedFile("Het CSV-bestand is leeg.") from None
    missing = sorted({CODE_COLUMN, NAME_COLUMN, *COLUMNS} - set(header))
    if missing:
        raise MalformedFile(f"Verplichte kolommen ontbreken (KWB 2019): {', '.join(missing)}")
    index = {name: position for position, name in enumerate(header)}
    plan = [(index[column], column, key) for column, key in COLUMNS.items()]
    municipalities = set(municipalities or ())
    parsed = Parsed()
    width = len(header)
    for line_number, row in enumerate(rows, start=2):
        if not row:
            continue
        found = gemeente_row(
            parsed,
            row,
            code_at=index[CODE_COLUMN],
            width=width,
            line_number=line_number,
            municipalities=municipalities,
        )
        if found is None:
            continue
        code, label = found
        name = row[index[NAME_COLUMN]].strip()
        if name:
            parsed.names[code] = name
        for position, column, key in plan:
            try:
                value, status, note = read_cell(row[position])
            except CellError as exc:
                parsed.drop_value(f"{label} kolom {column}", str(exc))
                continue
            parsed.values.append(ParsedValue(code, period, key, value, status, note))
        parsed.rows_accepted += 1
    return parsed


def read_kwb2019_file(
    path: Path, *, period: int = PERIOD, municipalities: set[str] | None = None
) -> Parsed:
    return read_kwb2019(path, period=period, municipalities=municipalities)
