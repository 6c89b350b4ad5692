"""The indicator catalogue as data: read and check ``monitor/data/indicators.toml``. Pure.

``read_catalogue`` returns a ``Catalogue`` of ``IndicatorSpec`` (the fields of
``monitor.models.Indicator``) or raises ``CatalogueError`` listing every problem, each naming the
indicator and the field. Writing the catalogue to the database is ``catalogue_services``.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from woonmonitor.imports.errors import MalformedFile

from .disclosure import BASE_LABELS, COUNT, COUNT_PERSONS, NEEDS_BASE, NONE
from .models import (
    Aggregation,
    Computation,
    DisclosureKind,
    Polarity,
    SourceKind,
    Theme,
    Unit,
)

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "indicators.toml"

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: A CBS OData key carries a sequence number (``AantalInwoners_5``); the catalogue leaves it off.
NUMBERED_VARIABLE = re.compile(r"_\d+$")
MAX_KEY = 60
MAX_NAME = 200
MAX_DECIMALS = 3

REQUIRED = (
    "key",
    "name",
    "description",
    "theme",
    "unit",
    "decimals",
    "source_kind",
    "computation",
    "aggregation",
    "polarity",
    "disclosure",
)
OPTIONAL = (
    "source_table",
    "source_variable",
    "numerator",
    "denominator",
    "factor",
    "weight",
    "range",
    "reference_offset",
)
NOT_TEXT = ("factor", "range", "reference_offset")
#: How many years before the figure's year its reference date may lie (WOZ: one year).
MAX_REFERENCE_OFFSET = 5
DISCLOSURE_FIELDS = ("kind", "base", "minimum")

CHOICES = {
    "theme": Theme.values,
    "unit": Unit.values,
    "source_kind": SourceKind.values,
    "computation": Computation.values,
    "aggregation": Aggregation.values,
    "polarity": Polarity.values,
}


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    name: str
    description: str
    theme: str
    unit: str
    decimals: int
    source_kind: str
    source_table: str
    source_variable: str
    computation: str
    numerator: str
    denominator: str
    factor: float
    aggregation: str
    weight: str
    polarity: str
    disclosure: str
    disclosure_base: str
    disclosure_minimum: int | None
    #: the plausible range of an entered value, when it differs from the unit's (plausibility.py)
    plausible_min: float | None
    plausible_max: float | None
    order: int
    #: years between the figure's year and its reference year (WOZ 2024 is valued on 1 January
    #: 2023: -1); the source's rule is applied to that year
    reference_offset: int = 0

    def model_fields(self, version: str) -> dict:
        """The values of an ``Indicator`` row for this spec (everything except ``key``)."""
        fields = {name: getattr(self, name) for name in MODEL_FIELDS}
        fields["catalogue_version"] = version
        return fields


MODEL_FIELDS = tuple(name for name in IndicatorSpec.__dataclass_fields__ if name != "key")


@dataclass(frozen=True)
class Catalogue:
    version: str
    indicators: list[IndicatorSpec]

    def by_key(self) -> dict[str, IndicatorSpec]:
        return {spec.key: spec for spec in self.indicators}

    def per_theme(self) -> dict[str, list[IndicatorSpec]]:
        """Indicators per theme, in the order of ``Theme`` and then of the file."""
        grouped: dict[str, list[IndicatorSpec]] = {theme: [] for theme in Theme.values}
        for spec in self.indicators:
            grouped[spec.theme].append(spec)
        return grouped


class CatalogueError(MalformedFile):
    """The catalogue file is not valid; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors), errors=errors)


def read_catalogue(path: Path | str | None = None) -> Catalogue:
    """Read and check the catalogue at ``path`` (default: the packaged file)."""
    path = Path(path) if path else DEFAULT_PATH
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise CatalogueError([f"catalogus: bestand {path} bestaat niet"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError([f"catalogus: {path} is geen geldige TOML: {exc}"]) from exc
    return parse_catalogue(data)


def parse_catalogue(data: dict) -> Catalogue:
    """Check the parsed TOML ``data`` and turn it into a ``Catalogue``."""
    errors: list[str] = []
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        errors.append("catalogus: 'version' ontbreekt (bijv. version = \"2026.1\")")
    elif len(version) > 20:
        errors.append("catalogus: 'version' is langer dan 20 tekens")
    unknown = sorted(set(data) - {"version", "indicator"})
    if unknown:
        errors.append(f"catalogus: onbekende sleutels {', '.join(unknown)}")
    tables = data.get("indicator")
    if not isinstance(tables, list) or not tables:
        errors.append("catalogus: geen [[indicator]]-tabellen gevonden")
        raise CatalogueError(errors)
    specs = []
    for order, table in enumerate(tables, start=1):
        spec = _read_indicator(table, order, errors)
        if spec is not None:
            specs.append(spec)
    _check_references(specs, errors)
    if errors:
        raise CatalogueError(errors)
    return Catalogue(version=version.strip(), indicators=specs)


def _label(table: dict, order: int) -> str:
    key = table.get("key")
    return f"indicator '{key}'" if isinstance(key, str) and key else f"indicator nr. {order}"


def _text(table: dict, field: str, where: str, errors: list[str], *, required: bool) -> str:
    value = table.get(field, "")
    if not isinstance(value, str):
        errors.append(f"{where}: veld '{field}' moet tekst zijn")
        return ""
    value = " ".join(value.split())
    if required and not value:
        errors.append(f"{where}: veld '{field}' is leeg")
    return value


def _read_indicator(table: object, order: int, errors: list[str]) -> IndicatorSpec | None:
    if not isinstance(table, dict):
        errors.append(f"indicator nr. {order}: geen tabel")
        return None
    where = _label(table, order)
    before = len(errors)
    for field in REQUIRED:
        if field not in table:
            errors.append(f"{where}: veld '{field}' ontbreekt")
    unknown = sorted(set(table) - set(REQUIRED) - set(OPTIONAL))
    for field in unknown:
        errors.append(f"{where}: onbekend veld '{field}'")
    if len(errors) > before:
        return None

    texts = {
        field: _text(table, field, where, errors, required=field in REQUIRED)
        for field in ("key", "name", "description", *CHOICES, *OPTIONAL)
        if field not in NOT_TEXT
    }
    key = texts["key"]
    if key and (not KEY_PATTERN.match(key) or len(key) > MAX_KEY):
        errors.append(
            f"{where}: veld 'key': '{key}' is geen geldige sleutel "
            f"(kleine letters, cijfers en streepjes, hoogstens {MAX_KEY} tekens)"
        )
    if len(texts["name"]) > MAX_NAME:
        errors.append(f"{where}: veld 'name' is langer dan {MAX_NAME} tekens")
    for field, allowed in CHOICES.items():
        if texts[field] and texts[field] not in allowed:
            errors.append(
                f"{where}: veld '{field}': onbekende waarde '{texts[field]}' "
                f"(toegestaan: {', '.join(allowed)})"
            )
    decimals = table["decimals"]
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        errors.append(f"{where}: veld 'decimals' moet een geheel getal zijn")
        decimals = 0
    elif not 0 <= decimals <= MAX_DECIMALS:
        errors.append(f"{where}: veld 'decimals' moet tussen 0 en {MAX_DECIMALS} liggen")
    factor = table.get("factor", 1.0)
    if isinstance(factor, bool) or not isinstance(factor, int | float) or factor <= 0:
        errors.append(f"{where}: veld 'factor' moet een positief getal zijn")
        factor = 1.0
    kind, base, minimum = _read_disclosure(table["disclosure"], where, errors)
    low, high = _read_range(table.get("range"), where, errors)
    offset = table.get("reference_offset", 0)
    if isinstance(offset, bool) or not isinstance(offset, int):
        errors.append(f"{where}: veld 'reference_offset' moet een geheel getal zijn")
        offset = 0
    elif not -MAX_REFERENCE_OFFSET <= offset <= 0:
        errors.append(
            f"{where}: veld 'reference_offset' moet tussen -{MAX_REFERENCE_OFFSET} en 0 liggen"
        )
        offset = 0
    spec = IndicatorSpec(
        key=key,
        name=texts["name"],
        description=texts["description"],
        theme=texts["theme"],
        unit=texts["unit"],
        decimals=decimals,
        source_kind=texts["source_kind"],
        source_table=texts["source_table"],
        source_variable=texts["source_variable"],
        computation=texts["computation"],
        numerator=texts["numerator"],
        denominator=texts["denominator"],
        factor=float(factor),
        aggregation=texts["aggregation"],
        weight=texts["weight"],
        polarity=texts["polarity"],
        disclosure=kind,
        disclosure_base=base,
        disclosure_minimum=minimum,
        plausible_min=low,
        plausible_max=high,
        order=order,
        reference_offset=offset,
    )
    _check_own_fields(spec, where, errors)
    return spec


def _read_range(value: object, where: str, errors: list[str]) -> tuple[float | None, float | None]:
    """``range = [min, max]``: what an entered value may be (the unit's range when absent)."""
    if value is None:
        return None, None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or any(isinstance(v, bool) or not isinstance(v, int | float) for v in value)
        or value[0] >= value[1]
    ):
        errors.append(f"{where}: veld 'range' moet [ondergrens, bovengrens] zijn, bijv. [0, 100]")
        return None, None
    return float(value[0]), float(value[1])


def _read_disclosure(value: object, where: str, errors: list[str]) -> tuple[str, str, int | None]:
    if not isinstance(value, dict):
        errors.append(
            f"{where}: veld 'disclosure' moet een tabel zijn, "
            'bijv. { kind = "aandeel", base = "inwoners", minimum = 10 }'
        )
        return "", "", None
    for field in sorted(set(value) - set(DISCLOSURE_FIELDS)):
        errors.append(f"{where}: veld 'disclosure.{field}' is onbekend")
    kind = value.get("kind", "")
    if kind not in DisclosureKind.values:
        errors.append(
            f"{where}: veld 'disclosure.kind': onbekende waarde '{kind}' "
            f"(toegestaan: {', '.join(DisclosureKind.values)})"
        )
        kind = ""
    base = value.get("base", "")
    if not isinstance(base, str):
        errors.append(f"{where}: veld 'disclosure.base' moet tekst zijn")
        base = ""
    minimum = value.get("minimum")
    if minimum is not None and (
        isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1
    ):
        errors.append(
            f"{where}: veld 'disclosure.minimum' moet een geheel getal van 1 of meer zijn"
        )
        minimum = None
    return kind, base.strip(), minimum


def _check_own_fields(spec: IndicatorSpec, where: str, errors: list[str]) -> None:
    """Rules that need only the indicator itself."""
    if spec.computation == Computation.RATIO:
        for field in ("numerator", "denominator"):
            if not getattr(spec, field):
                errors.append(f"{where}: veld '{field}' is nodig bij een verhouding")
    elif spec.computation == Computation.DIRECT:
        for field in ("numerator", "denominator"):
            if getattr(spec, field):
                errors.append(f"{where}: veld '{field}' hoort alleen bij een verhouding")
        if spec.factor != 1.0:
            errors.append(f"{where}: veld 'factor' hoort alleen bij een verhouding")
    if spec.source_kind in (SourceKind.CBS, SourceKind.PBL_CBS) and not spec.source_table:
        errors.append(f"{where}: veld 'source_table' is nodig bij bron '{spec.source_kind}'")
    if spec.source_kind == SourceKind.PARTY and (spec.source_table or spec.source_variable):
        errors.append(f"{where}: een indicator die partijen invoeren heeft geen brontabel")
    if spec.source_kind == SourceKind.DERIVED and spec.computation != Computation.RATIO:
        errors.append(f"{where}: veld 'computation': een berekende indicator is een verhouding")
    if spec.source_variable and NUMBERED_VARIABLE.search(spec.source_variable):
        errors.append(
            f"{where}: veld 'source_variable': '{spec.source_variable}' zonder volgnummer "
            "schrijven (AantalInwoners, niet AantalInwoners_5)"
        )
    if spec.aggregation == Aggregation.WEIGHTED_MEAN and not spec.weight:
        errors.append(f"{where}: veld 'weight' is nodig bij een gewogen gemiddelde")
    if spec.aggregation != Aggregation.WEIGHTED_MEAN and spec.weight:
        errors.append(f"{where}: veld 'weight' hoort alleen bij een gewogen gemiddelde")
    _check_disclosure(spec, where, errors)


def _check_disclosure(spec: IndicatorSpec, where: str, errors: list[str]) -> None:
    kind, base, minimum = spec.disclosure, spec.disclosure_base, spec.disclosure_minimum
    if kind in NEEDS_BASE and not (base and minimum):
        errors.append(
            f"{where}: veld 'disclosure': bij '{kind}' horen 'base' en 'minimum' "
            "(de CBS-ondergrens, bijv. 10 inwoners of 20 woningen)"
        )
    if kind in (COUNT, NONE) and (base or minimum):
        errors.append(f"{where}: veld 'disclosure': '{kind}' heeft geen 'base' of 'minimum'")
    if kind == COUNT_PERSONS and base and not minimum:
        errors.append(f"{where}: veld 'disclosure': bij een 'base' hoort een 'minimum'")
    if base and base not in BASE_LABELS:
        errors.append(
            f"{where}: veld 'disclosure.base': '{base}' is geen basis voor geheimhouding "
            f"(toegestaan: {', '.join(BASE_LABELS)})"
        )


def _check_references(specs: list[IndicatorSpec], errors: list[str]) -> None:
    """Rules between indicators: unique keys, and every named indicator exists and fits."""
    counts = Counter(spec.key for spec in specs if spec.key)
    for key, count in sorted(counts.items()):
        if count > 1:
            errors.append(f"indicator '{key}': sleutel komt {count} keer voor")
    by_key = {spec.key: spec for spec in specs}
    for spec in specs:
        where = f"indicator '{spec.key}'"
        for field in ("numerator", "denominator", "weight", "disclosure_base"):
            other_key = getattr(spec, field)
            if not other_key:
                continue
            label = "disclosure.base" if field == "disclosure_base" else field
            other = by_key.get(other_key)
            if other is None:
                errors.append(f"{where}: veld '{label}': indicator '{other_key}' bestaat niet")
            elif other_key == spec.key:
                errors.append(f"{where}: veld '{label}' verwijst naar de indicator zelf")
            elif field in ("weight", "disclosure_base") and other.aggregation != Aggregation.SUM:
                errors.append(
                    f"{where}: veld '{label}': '{other_key}' is geen optelbaar aantal "
                    "(optellen moet 'som' zijn)"
                )
