"""Readers for CBS Kerncijfers wijken en buurten (KWB) in the shapes we meet.

Auto-detected formats:

* ``stripped``: a JSON dict code -> {"AantalInwoners_5": ..., "Woningvoorraad_35": ...}
* ``odata``: a CBS OData v3 TypedDataSet response {"odata.metadata": ..., "value": [rows]},
  codes and names padded with spaces as CBS sends them
* ``cbs-csv``: a CBS StatLine CSV export with the same column keys (``;`` or ``,``)
* ``tmap``: the tmap attributes CSV (code, name, province, area in km2, population, dwelling_total)

CBS variable keys carry a position suffix that changes per table (``Woningvoorraad_35`` in
2024, another number in other years), so the readers match on the part before the suffix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from woonmonitor.imports.errors import InvalidRow, MalformedFile
from woonmonitor.imports.files import check_file_size, csv_records

from .codes import normalise_code

#: CBS variable (without position suffix) -> our key figure.
CBS_VARIABLES = {
    "AantalInwoners": "inhabitants",
    "Woningvoorraad": "homes",
    "OppervlakteTotaal": "surface_ha",
}
#: tmap column -> (our key figure, factor to our unit).
TMAP_COLUMNS = {
    "population": ("inhabitants", Decimal(1)),
    "dwelling_total": ("homes", Decimal(1)),
    "area": ("surface_ha", Decimal(100)),  # km2 -> ha
}
MISSING_MARKERS = {"", ".", "x", "-", "?", "null", "none", "nan"}
#: CBS codes its special values (secret, not applicable, unknown) as large negative numbers.
SENTINEL_LIMIT = Decimal(-99990)
CENT = Decimal("0.01")
_SUFFIX = re.compile(r"_\d+$")


@dataclass
class KwbRecord:
    row: str
    code: str
    name: str = ""
    province_name: str = ""
    figures: dict[str, Decimal] = field(default_factory=dict)
    #: key -> why the value is not stored (CBS special value, missing, wrong type)
    skipped: dict[str, str] = field(default_factory=dict)


def base_key(key: str) -> str:
    """``AantalInwoners_5`` -> ``AantalInwoners``."""
    return _SUFFIX.sub("", key.strip())


def parse_figure(raw: object, factor: Decimal = Decimal(1)) -> tuple[Decimal | None, str]:
    """A figure as Decimal (times ``factor``, 2 decimals), or (None, reason) if not storable."""
    if raw is None:
        return None, "geen waarde (null)"
    if isinstance(raw, bool):
        return None, f"geen getal: {raw!r}"
    if isinstance(raw, int | float):
        text = repr(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        if text.lower() in MISSING_MARKERS:
            return None, f"geen waarde ({text or 'leeg'})"
    else:
        return None, f"geen getal: {raw!r}"
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, f"geen getal: {text!r}"
    if not value.is_finite():
        return None, f"geen getal: {text!r}"
    if value <= SENTINEL_LIMIT:
        return None, f"CBS-speciale waarde {text}"
    if value < 0:
        return None, f"negatieve waarde {text}"
    return (value * factor).quantize(CENT, rounding=ROUND_HALF_UP), ""


def detect_format(path: Path) -> tuple[str, Any]:
    """Return (format name, parsed content); ``MalformedFile`` for anything else."""
    check_file_size(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MalformedFile(f"{path.name} is geen UTF-8-tekst.") from exc
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MalformedFile(f"Geen geldige JSON in {path.name}: {exc}") from exc
        if isinstance(data, dict) and isinstance(data.get("value"), list):
            return "odata", data["value"]
        if isinstance(data, dict) and data and all(isinstance(v, dict) for v in data.values()):
            return "stripped", data
        raise MalformedFile(
            f"{path.name}: onbekende JSON-vorm (verwacht een OData-antwoord met 'value' "
            "of een object code -> kerncijfers)."
        )
    if not stripped:
        raise MalformedFile(f"{path.name} is leeg.")
    _header, rows = csv_records(text, candidates=",;")
    header = {name.strip() for name in (rows[0].keys() if rows else [])}
    if "code" in header:
        return "tmap", rows
    if {base_key(h) for h in header} & {"Codering", "WijkenEnBuurten"}:
        return "cbs-csv", rows
    raise MalformedFile(f"{path.name}: geen kolom 'code' of 'Codering' gevonden.")


def read_kwb(path: Path) -> tuple[str, list[KwbRecord | InvalidRow]]:
    """Read a KWB file of any supported format into records (or row errors)."""
    fmt, content = detect_format(path)
    if fmt == "tmap":
        return fmt, list(_tmap_records(content))
    if fmt == "stripped":
        rows = [{"Codering": code, **values} for code, values in content.items()]
        return fmt, list(_cbs_records(rows))
    if not all(isinstance(row, dict) for row in content):
        raise MalformedFile(f"{path.name}: de rijen in 'value' zijn geen objecten.")
    return fmt, list(_cbs_records(content))


def _check_columns(columns: set[str], required: set[str], what: str) -> None:
    missing = required - columns
    if missing:
        raise MalformedFile(f"Verplichte kolommen ontbreken ({what}): {', '.join(sorted(missing))}")


def _tmap_records(rows: list[dict[str, str]]) -> Iterator[KwbRecord | InvalidRow]:
    columns = {key.strip() for key in (rows[0].keys() if rows else [])}
    _check_columns(columns, {"code", *TMAP_COLUMNS}, "tmap-kerncijfers")
    for index, raw in enumerate(rows, start=2):
        row = {key.strip(): value for key, value in raw.items() if key}
        code_text = (row.get("code") or "").strip()
        label = f"regel {index} ({code_text or '?'})"
        try:
            code = normalise_code(code_text)
        except InvalidRow as exc:
            yield InvalidRow(str(exc), row=label)
            continue
        record = KwbRecord(
            row=label,
            code=code,
            name=(row.get("name") or "").strip(),
            province_name=(row.get("province") or "").strip(),
        )
        for column, (key, factor) in TMAP_COLUMNS.items():
            _add_figure(record, key, row.get(column), factor)
        yield record


def _cbs_records(rows: list[dict[str, Any]]) -> Iterator[KwbRecord | InvalidRow]:
    columns: set[str] = set()
    for row in rows:
        columns.update(base_key(key) for key in row)
    if not columns & {"Codering", "WijkenEnBuurten"}:
        raise MalformedFile("Verplichte kolom ontbreekt: Codering of WijkenEnBuurten.")
    if not columns & set(CBS_VARIABLES):
        raise MalformedFile(
            "Geen van de kerncijfers gevonden: " + ", ".join(f"{v}_n" for v in CBS_VARIABLES)
        )
    for index, raw in enumerate(rows, start=1):
        row = {base_key(key): value for key, value in raw.items()}
        code_raw = row.get("Codering") or row.get("WijkenEnBuurten")
        label = f"rij {index} ({str(code_raw).strip() if code_raw is not None else '?'})"
        try:
            code = normalise_code(code_raw)
        except InvalidRow as exc:
            yield InvalidRow(str(exc), row=label)
            continue
        # Gemeentenaam is the name of the gemeente, also on wijk and buurt rows.
        name = str(row.get("Gemeentenaam") or "").strip() if code.startswith("GM") else ""
        record = KwbRecord(row=label, code=code, name=name)
        for variable, key in CBS_VARIABLES.items():
            if variable in row:
                _add_figure(record, key, row[variable])
        yield record


def _add_figure(record: KwbRecord, key: str, raw: object, factor: Decimal = Decimal(1)) -> None:
    value, reason = parse_figure(raw, factor)
    if value is None:
        record.skipped[key] = reason
    else:
        record.figures[key] = value


def is_tmap_file(path: Path) -> bool:
    """True when the file's first line is the tmap attribute header (``code,...,population``):
    the KWB figures as the R package tmap publishes them, not as CBS does."""
    try:
        with path.open("r", encoding="utf-8-sig") as handle:
            first = handle.readline(65536)
    except (OSError, UnicodeDecodeError):
        return False
    columns = {part.strip().strip('"') for part in first.split(",")}
    return {"code", *TMAP_COLUMNS} <= columns
