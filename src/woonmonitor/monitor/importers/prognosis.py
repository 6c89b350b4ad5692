"""PBL/CBS regional population prognosis in ``plancapaciteit_databewijst.xlsx``.

Sheet "Bevolkingsprognose CBS": columns "Regio-indeling 2018" (the gemeente *name*),
"Perioden" (2021..2030) and "Totale bevolking (x 1 000)". The sheet has no codes, so names are
resolved to codes through the gemeenten the platform already knows, nearest vintage to 2018
first (2019, then 2022, 2024). A name that cannot be resolved, or that fits more than one
gemeente, is reported with the name and not stored: a code is never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from woonmonitor.areas.names import NameIndex
from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.tables.admin_sheet import admin_sheet

from . import Parsed, ParsedValue
from .cbs import CellError, read_cell

SHEET = "Bevolkingsprognose CBS"
KEY = "bevolkingsprognose"
VINTAGE = 2018
FACTOR = 1000.0


@dataclass(frozen=True)
class PrognosisRow:
    row: str
    name: str
    period: int
    raw: object


def read_prognosis_rows(rows: Iterable[tuple]) -> list[PrognosisRow]:
    """Rows of the sheet (header first) into ``PrognosisRow``; ``MalformedFile`` if the
    header is not the one described above."""
    rows = iter(rows)
    header = next(rows, None)
    if not header or len(header) < 3:
        raise MalformedFile(f"Blad {SHEET!r} heeft geen kopregel met drie kolommen.")
    labels = [str(cell or "").strip() for cell in header[:3]]
    if not labels[0].startswith("Regio") or labels[1] != "Perioden":
        raise MalformedFile(f"Onverwachte kolommen in {SHEET!r}: {labels}")
    if "x 1 000" not in labels[2]:
        raise MalformedFile(f"Verwacht 'Totale bevolking (x 1 000)', gevonden {labels[2]!r}")
    result = []
    for number, row in enumerate(rows, start=2):
        if not row or all(cell in (None, "") for cell in row[:3]):
            continue
        name = str(row[0] or "").strip()
        period = row[1]
        if isinstance(period, str) and period.strip()[:4].isdigit():
            period = int(period.strip()[:4])
        result.append(PrognosisRow(f"regel {number} ({name or '?'})", name, period, row[2]))
    return result


def resolve_prognosis(
    rows: Iterable[PrognosisRow], index: NameIndex, *, municipalities: set[str] | None = None
) -> Parsed:
    """Values per gemeente code; unresolved names are warnings, once per name."""
    parsed = Parsed()
    municipalities = set(municipalities or ())
    remarks: dict[str, tuple[str | None, str]] = {}
    for item in rows:
        if item.name not in remarks:
            remarks[item.name] = index.resolve(item.name) if item.name else (None, "")
            code, remark = remarks[item.name]
            if remark:
                parsed.warn(item.row, remark)
        code, _ = remarks[item.name]
        if not item.name:
            parsed.rows_read += 1
            parsed.reject(item.row, "gemeentenaam ontbreekt")
            continue
        if code is None:
            parsed.rows_read += 1
            parsed.skip(item.row, f"gemeentenaam {item.name!r} niet te koppelen aan een code")
            continue
        if municipalities and code not in municipalities:
            parsed.skip_outside(item.row)
            continue
        parsed.rows_read += 1
        if not isinstance(item.period, int) or not 1900 < item.period < 2200:
            parsed.reject(item.row, f"periode {item.period!r} is geen jaar")
            continue
        try:
            value, status, note = read_cell(item.raw, FACTOR)
        except CellError as exc:
            parsed.reject(item.row, str(exc))
            continue
        parsed.values.append(ParsedValue(code, item.period, KEY, value, status, note))
        parsed.rows_accepted += 1
    return parsed


def read_prognosis_file(path: Path) -> list[PrognosisRow]:
    return read_prognosis_rows(admin_sheet(path, SHEET).iter_rows())
