"""Reading and writing the national rent thresholds (huurprijsgrenzen)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.files import csv_records
from woonmonitor.imports.models import ImportRun

from .models import RentThresholds

COLUMNS = {
    "jaar": "year",
    "kwaliteitskortingsgrens": "quality_discount_limit",
    "aftoppingsgrens_laag_1_2_pers": "capping_limit_low",
    "aftoppingsgrens_hoog_3plus_pers": "capping_limit_high",
    "liberalisatiegrens_max_huurgrens": "liberalisation_limit",
    "status": "verification",
    "bron": "source",
}
AMOUNTS = (
    "quality_discount_limit",
    "capping_limit_low",
    "capping_limit_high",
    "liberalisation_limit",
)
STATUSES = {
    "verified": RentThresholds.Verification.VERIFIED,
    "partly verified": RentThresholds.Verification.PARTLY_VERIFIED,
    "partly_verified": RentThresholds.Verification.PARTLY_VERIFIED,
    "unverified": RentThresholds.Verification.UNVERIFIED,
}


@dataclass(frozen=True)
class ThresholdRow:
    row: str
    values: dict[str, object]


def parse_rent_thresholds(path: Path) -> list[ThresholdRow | tuple[str, str]]:
    """Rows of huurprijsgrenzen.csv as model values, or (row, reason) for an unusable row.

    Raises ``MalformedFile`` when columns are missing. A second row for a year is refused: the
    file must say once what holds in a year.
    """
    fieldnames, records = csv_records(path, delimiter=",")
    header = {name.strip() for name in fieldnames}
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise MalformedFile(f"Verplichte kolommen ontbreken in {path.name}: {', '.join(missing)}")
    rows: list[ThresholdRow | tuple[str, str]] = []
    seen: dict[int, str] = {}
    for index, raw in enumerate(records, start=2):
        row = {key.strip(): str(value or "").strip() for key, value in raw.items() if key}
        label = f"regel {index} ({row.get('jaar') or '?'})"
        if raw.get(None):
            rows.append((label, f"meer kolommen dan de kop ({len(raw[None])} te veel)"))
            continue
        try:
            values = _values(row)
        except ValueError as exc:
            rows.append((label, str(exc)))
            continue
        if values["year"] in seen:
            rows.append((label, f"jaar {values['year']} staat al op {seen[values['year']]}"))
            continue
        seen[values["year"]] = label
        rows.append(ThresholdRow(row=label, values=values))
    return rows


def _values(row: dict[str, str]) -> dict[str, object]:
    if not row["jaar"].isdigit() or not 1900 < int(row["jaar"]) < 2200:
        raise ValueError(f"ongeldig jaar {row['jaar']!r}")
    values: dict[str, object] = {"year": int(row["jaar"])}
    for column, field in COLUMNS.items():
        if field in AMOUNTS:
            try:
                amount = Decimal(row[column])
            except InvalidOperation as exc:
                raise ValueError(f"{column}: geen bedrag {row[column]!r}") from exc
            if amount <= 0:
                raise ValueError(f"{column}: bedrag moet positief zijn")
            values[field] = amount.quantize(Decimal("0.01"))
    status = STATUSES.get(row["status"].lower())
    if status is None:
        raise ValueError(f"onbekende status {row['status']!r}")
    values["verification"] = status
    if not row["bron"]:
        raise ValueError("bron ontbreekt")
    values["source"] = row["bron"]
    return values


@transaction.atomic
def save_rent_thresholds(
    *, values: dict[str, object], import_run: ImportRun | None = None
) -> RentThresholds:
    """Create or update the thresholds of one year."""
    defaults = {key: value for key, value in values.items() if key != "year"}
    thresholds, _ = RentThresholds.objects.update_or_create(
        year=values["year"], defaults={**defaults, "import_run": import_run}
    )
    return thresholds


def rent_thresholds_for(year: int) -> RentThresholds | None:
    """The national rent thresholds in force in a year, or None when not loaded."""
    return RentThresholds.objects.filter(year=year).first()
