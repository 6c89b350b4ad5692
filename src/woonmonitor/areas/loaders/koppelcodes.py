"""Reader for the gemeente-province lookup table ``KoppelCodes.csv`` (rubensan19/kaarten).

Columns (``;``, UTF-8 with BOM): gemeentCode;gemeenteNaam;veiligheidsRegioCode;
veiligheidsRegioNaam;provincieCode;Provincie;Land. ``gemeenteCode`` is accepted as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from woonmonitor.imports.errors import InvalidRow, MalformedFile
from woonmonitor.imports.files import csv_records

from .codes import normalise_code

MUNICIPALITY_CODE_COLUMNS = ("gemeentCode", "gemeenteCode", "gemeentecode")
REQUIRED = ("gemeenteNaam", "provincieCode", "Provincie")


@dataclass(frozen=True)
class MunicipalityProvince:
    row: str
    municipality_code: str
    municipality_name: str
    province_code: str
    province_name: str


def read_municipality_provinces(path: Path) -> list[MunicipalityProvince | InvalidRow]:
    """One record per gemeente; ``MalformedFile`` when columns are missing."""
    fieldnames, rows = csv_records(path, delimiter=";")
    header = [name.strip() for name in fieldnames]
    code_column = next((c for c in MUNICIPALITY_CODE_COLUMNS if c in header), None)
    missing = [c for c in REQUIRED if c not in header]
    if code_column is None:
        missing.insert(0, "gemeentCode")
    if missing:
        raise MalformedFile(
            f"Verplichte kolommen ontbreken in {path.name}: {', '.join(missing)} "
            "(verwacht ';'-gescheiden KoppelCodes.csv)"
        )
    records: list[MunicipalityProvince | InvalidRow] = []
    for index, raw in enumerate(rows, start=2):
        row = {(key or "").strip(): (value or "").strip() for key, value in raw.items()}
        label = f"regel {index} ({row.get(code_column) or '?'})"
        try:
            municipality = normalise_code(row.get(code_column), "gemeente")
            province = normalise_code(row.get("provincieCode"), "provincie")
        except InvalidRow as exc:
            records.append(InvalidRow(str(exc), row=label))
            continue
        if not row.get("Provincie"):
            records.append(InvalidRow("provincienaam ontbreekt", row=label))
            continue
        records.append(
            MunicipalityProvince(
                row=label,
                municipality_code=municipality,
                municipality_name=row.get("gemeenteNaam", ""),
                province_code=province,
                province_name=row["Provincie"],
            )
        )
    return records
