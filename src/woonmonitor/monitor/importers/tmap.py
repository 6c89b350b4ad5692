"""KWB 2022 as shipped in the R package tmap: ``kwb2022_gm_wk_attributes_nl.csv``.

Columns: code, name, province, area (km2), urbanity (five classes in English words),
population, pop_0_14 .. pop_65plus (% rounded), dwelling_total, dwelling_value (average WOZ,
x 1000 euro), dwelling_ownership (% owner-occupied), employment_rate, income_low,
income_high, edu_appl_sci (%). Missing values (CBS secrecy or unknown) are empty cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from woonmonitor.areas.loaders.codes import in_municipalities, normalise_code
from woonmonitor.imports.errors import InvalidRow, MalformedFile
from woonmonitor.imports.files import csv_rows

from . import Parsed, ParsedValue
from .cbs import DEFINITIVE, MISSING, CellError, read_cell

#: column -> (indicator key, factor to the indicator's unit)
COLUMNS: dict[str, tuple[str, float]] = {
    "population": ("inwoners", 1.0),
    "pop_0_14": ("aandeel-0-14", 1.0),
    "pop_15_24": ("aandeel-15-24", 1.0),
    "pop_25_44": ("aandeel-25-44", 1.0),
    "pop_45_64": ("aandeel-45-64", 1.0),
    "pop_65plus": ("aandeel-65-plus", 1.0),
    "dwelling_total": ("woningvoorraad", 1.0),
    "dwelling_value": ("woz-gemiddeld", 1.0),
    "dwelling_ownership": ("koopwoningen", 1.0),
    "employment_rate": ("nettoarbeidsparticipatie", 1.0),
    "income_low": ("inkomen-laagste-40", 1.0),
    "income_high": ("inkomen-hoogste-20", 1.0),
    "edu_appl_sci": ("opleiding-hbo-wo", 1.0),
    "area": ("oppervlakte-totaal", 100.0),  # km2 -> ha
}
URBANITY_KEY = "stedelijkheid"
#: CBS "mate van stedelijkheid": 1 = zeer sterk stedelijk ... 5 = niet stedelijk.
URBANITY_CLASSES = {
    "extremely urbanised": 1,
    "strongly urbanised": 2,
    "moderately urbanised": 3,
    "hardly urbanised": 4,
    "not urbanised": 5,
}
BLANK_NOTE = "geen cijfer in de bron (CBS: onbekend, onvoldoende betrouwbaar of geheim)"
PERIOD = 2022


def read_tmap(
    lines: Iterable[str] | Path, *, period: int = PERIOD, municipalities: set[str] | None = None
) -> Parsed:
    """Values of the tmap attributes CSV (streamed)."""
    rows = csv_rows(lines, delimiter=",")
    try:
        header = [name.strip().lstrip("\ufeff") for name in next(rows)]
    except StopIteration:
        raise MalformedFile("Het CSV-bestand is leeg.") from None
    required = {"code", "name", "province", "urbanity", *COLUMNS}
    missing = sorted(required - set(header))
    if missing:
        raise MalformedFile(f"Verplichte kolommen ontbreken (tmap): {', '.join(missing)}")
    index = {name: position for position, name in enumerate(header)}
    plan = [(index[column], column, key, factor) for column, (key, factor) in COLUMNS.items()]
    code_at, name_at, province_at, urbanity_at = (
        index["code"],
        index["name"],
        index["province"],
        index["urbanity"],
    )
    municipalities = set(municipalities or ())
    parsed = Parsed()
    append = parsed.values.append
    width = len(header)
    for line_number, row in enumerate(rows, start=2):
        if not row:
            continue
        raw_code = row[code_at].strip() if len(row) > code_at else "?"
        label = f"regel {line_number} ({raw_code or '?'})"
        try:
            code = normalise_code(raw_code)
            if code[:2] not in ("GM", "WK", "BU"):
                raise InvalidRow(f"code {code} is geen gemeente, wijk of buurt")
        except InvalidRow as exc:
            parsed.rows_read += 1
            parsed.reject(label, str(exc))
            continue
        if municipalities and not in_municipalities(code, municipalities):
            parsed.skip_outside(label)
            continue
        parsed.rows_read += 1
        if len(row) != width:
            parsed.reject(label, f"{len(row)} kolommen, verwacht {width}")
            continue
        name = row[name_at].strip()
        if name:
            parsed.names[code] = name
        province = row[province_at].strip()
        if province and code.startswith("GM"):
            parsed.provinces[code] = province
        for position, column, key, factor in plan:
            try:
                value, status, note = read_cell(row[position], factor, blank_note=BLANK_NOTE)
            except CellError as exc:
                parsed.drop_value(f"{label} kolom {column}", str(exc))
                continue
            append(ParsedValue(code, period, key, value, status, note))
        urbanity = urbanity_value(row[urbanity_at])
        if isinstance(urbanity, str):
            parsed.drop_value(f"{label} kolom urbanity", urbanity)
        else:
            append(ParsedValue(code, period, URBANITY_KEY, *urbanity))
        parsed.rows_accepted += 1
    return parsed


def urbanity_value(raw: str) -> tuple[float | None, str, str] | str:
    """``(class, status, note)`` of the urbanity text, or an error message."""
    text = raw.strip().lower()
    if not text:
        return None, MISSING, BLANK_NOTE
    found = URBANITY_CLASSES.get(text)
    if found is None:
        return f"onbekende stedelijkheidsklasse {raw.strip()!r}"
    return float(found), DEFINITIVE, ""


def read_tmap_file(
    path: Path, *, period: int = PERIOD, municipalities: set[str] | None = None
) -> Parsed:
    return read_tmap(path, period=period, municipalities=municipalities)
