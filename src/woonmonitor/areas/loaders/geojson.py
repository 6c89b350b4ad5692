"""Reading GeoJSON boundary files of the shapes CBS, PDOK and others publish.

Known property shapes (the first matching key wins, level-specific keys first):

* PDOK/CBS gebiedsindelingen and cartomap: ``statcode``, ``statnaam``
* tmap (R package): ``code``, ``name`` and, for gemeenten, ``province`` (a name)
* rubensan19/kaarten: ``gemeenteCode``/``gemeenteNaam``, ``provincieCode``/``provincie``
* PDOK CBS wijk- en buurtkaart (wijkenbuurten WFS / OGC API): ``gemeentecode``/``gemeentenaam``,
  ``wijkcode``/``wijknaam``, ``buurtcode``/``buurtnaam``
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from woonmonitor.imports.errors import InvalidRow, MalformedFile

from .codes import normalise_code
from .geometry import clean_geometry, crs_from_geojson, first_position, guess_crs

CODE_KEYS: dict[str, tuple[str, ...]] = {
    "provincie": ("provinciecode", "provincieCode", "statcode", "code"),
    "gemeente": ("gemeentecode", "gemeenteCode", "statcode", "code"),
    "wijk": ("wijkcode", "wijkCode", "statcode", "code"),
    "buurt": ("buurtcode", "buurtCode", "statcode", "code"),
}
NAME_KEYS: dict[str, tuple[str, ...]] = {
    "provincie": ("provincienaam", "provincieNaam", "provincie", "statnaam", "name"),
    "gemeente": ("gemeentenaam", "gemeenteNaam", "statnaam", "name"),
    "wijk": ("wijknaam", "wijkNaam", "statnaam", "name"),
    "buurt": ("buurtnaam", "buurtNaam", "statnaam", "name"),
}
#: A gemeente's province, by name (tmap) or by code.
PROVINCE_NAME_KEYS = ("province", "provincienaam", "provincieNaam", "provincie")
PROVINCE_CODE_KEYS = ("provinciecode", "provincieCode")


@dataclass(frozen=True)
class PropertyShape:
    """Which property holds the code, the name and (for gemeenten) the province."""

    code_key: str
    name_key: str | None
    province_name_key: str | None = None
    province_code_key: str | None = None


@dataclass
class BoundaryRecord:
    row: str
    code: str
    name: str
    province_name: str
    province_code: str
    geometry: dict[str, Any] | None


def read_collection(path: Path) -> dict[str, Any]:
    """Load a GeoJSON FeatureCollection; ``MalformedFile`` when it is not one."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as exc:
        raise MalformedFile(f"Geen geldige JSON in {path.name}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise MalformedFile(f"{path.name} is geen UTF-8-tekst.") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise MalformedFile(f"{path.name} is geen GeoJSON FeatureCollection.")
    features = data.get("features")
    if not isinstance(features, list):
        raise MalformedFile(f"{path.name} heeft geen lijst 'features'.")
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            raise MalformedFile(f"Feature {index + 1} in {path.name} heeft geen properties.")
    return data


def detect_shape(features: list[dict[str, Any]], level: str) -> PropertyShape:
    """Find the property names for ``level``; ``MalformedFile`` when there is no code property."""
    keys: set[str] = set()
    for feature in features:
        keys.update(feature["properties"].keys())
    code_key = next((key for key in CODE_KEYS[level] if key in keys), None)
    if code_key is None:
        raise MalformedFile(
            f"Geen codekenmerk voor niveau {level} gevonden; verwacht een van: "
            + ", ".join(CODE_KEYS[level])
        )
    name_key = next((key for key in NAME_KEYS[level] if key in keys), None)
    shape = PropertyShape(code_key=code_key, name_key=name_key)
    if level == "gemeente":
        shape = PropertyShape(
            code_key=code_key,
            name_key=name_key,
            province_name_key=next((k for k in PROVINCE_NAME_KEYS if k in keys), None),
            province_code_key=next((k for k in PROVINCE_CODE_KEYS if k in keys), None),
        )
    return shape


def detect_crs(collection: dict[str, Any]) -> str:
    """The source CRS: the ``crs`` member, else WGS84 unless the coordinates are RD metres."""
    named = crs_from_geojson(collection)
    if named is not None:
        return named
    sample = next(
        (first_position(f.get("geometry")) for f in collection["features"] if f.get("geometry")),
        None,
    )
    return guess_crs(sample)


def _text(properties: dict[str, Any], key: str | None) -> str:
    value = properties.get(key) if key else None
    return "" if value is None else str(value).strip()


def iter_records(collection: dict[str, Any], level: str) -> Iterator[BoundaryRecord | InvalidRow]:
    """Yield one record per feature, or a ``InvalidRow`` (with ``row``) for an unusable one."""
    shape = detect_shape(collection["features"], level)
    for index, feature in enumerate(collection["features"], start=1):
        props = feature["properties"]
        raw_code = props.get(shape.code_key)
        row = f"feature {index} ({str(raw_code).strip() if raw_code is not None else '?'})"
        try:
            code = normalise_code(raw_code, level)
        except InvalidRow as exc:
            yield InvalidRow(str(exc), row=row)
            continue
        geometry = feature.get("geometry")
        if geometry is not None and not isinstance(geometry, dict):
            yield InvalidRow("geometrie is geen object", row=row)
            continue
        yield BoundaryRecord(
            row=row,
            code=code,
            name=_text(props, shape.name_key),
            province_name=_text(props, shape.province_name_key),
            province_code=_text(props, shape.province_code_key).upper(),
            geometry=geometry,
        )


def simplified_geometry(
    record: BoundaryRecord, *, source_crs: str, tolerance: float
) -> dict[str, Any] | None:
    """The record's geometry in WGS84, simplified; None when it has none."""
    if record.geometry is None:
        return None
    return clean_geometry(record.geometry, source_crs=source_crs, tolerance=tolerance)
