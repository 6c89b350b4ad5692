"""Reads of the monitor's map, start and compare pages: few queries, plain rows, no N+1.

``map_data`` answers "indicator X in year Y for every wijk of gemeente Z": the areas of the
level in scope (one query), their current values (one query on the index (indicator, period,
area)), the public version of those values (``disclose_rows``, one query for its bases), and
the boundaries of the vintage the values belong to (``boundaries_for``, at most three). The
number of queries does not depend on the number of areas.

A value belongs to an area *in a vintage*. The map lists the areas of the vintage most
values of that year belong to, draws the boundaries of that vintage, and borrows the nearest
vintage's boundary where that one is not loaded (the page says so).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from woonmonitor.areas.mapping import MapShape, SvgMap, feature_collection, svg_map
from woonmonitor.areas.models import Area, Level, RegionMember
from woonmonitor.areas.querysets import boundaries_for
from woonmonitor.areas.vintages import nearest_vintage

from .citations import cite_rows
from .classes import Classification, classify
from .formatting import format_value
from .models import Indicator, IndicatorValue, ValueStatus
from .presentation import row_citation, status_label
from .public import disclose_rows

#: The region of the monitor's scope: Drenthe plus Hardenberg (seed 000, "Monitoring").
SCOPE_REGION = "monitorgebied"
#: Levels a map can show, from large to small.
MAP_LEVELS = (Level.MUNICIPALITY, Level.DISTRICT, Level.NEIGHBOURHOOD)
#: How many levels up the gemeente lies from an area of each map level.
PARENT_PATH = {
    Level.MUNICIPALITY: "code",
    Level.DISTRICT: "parent__code",
    Level.NEIGHBOURHOOD: "parent__parent__code",
}

SECRET = "secret"
MISSING = "missing"


class AreaRef(NamedTuple):
    """The columns of an area the map needs (``boundaries_for`` reads pk, code, vintage)."""

    pk: int
    code: str
    name: str
    vintage: int
    parent_code: str


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    vintage: int


# --------------------------------------------------------------------------- scope


def scope_municipalities() -> list[Municipality]:
    """The gemeenten of the monitor (region ``monitorgebied``), by name, latest vintage each.

    One query; when that region is not loaded, every gemeente of the latest vintage.
    """
    members = RegionMember.objects.filter(region__slug=SCOPE_REGION).values("municipality_code")
    rows = list(
        Area.objects.filter(level=Level.MUNICIPALITY, code__in=members).values_list(
            "code", "name", "vintage"
        )
    )
    if not rows:
        rows = list(
            Area.objects.of_latest_vintage(Level.MUNICIPALITY).values_list(
                "code", "name", "vintage"
            )
        )
    latest: dict[str, tuple[str, int]] = {}
    for code, name, vintage in rows:
        if code not in latest or vintage > latest[code][1]:
            latest[code] = (name, vintage)
    return sorted(
        (Municipality(code, name, vintage) for code, (name, vintage) in latest.items()),
        key=lambda m: m.name,
    )


def scope_districts(codes: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    """Per gemeente code the (code, name) of its wijken, latest vintage per code, by name."""
    rows = Area.objects.filter(level=Level.DISTRICT, parent__code__in=list(codes)).values_list(
        "code", "name", "vintage", "parent__code"
    )
    latest: dict[str, tuple[str, int, str]] = {}
    for code, name, vintage, parent in rows:
        if code not in latest or vintage > latest[code][1]:
            latest[code] = (name, vintage, parent)
    result: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, (name, _vintage, parent) in latest.items():
        result[parent].append((code, name))
    for districts in result.values():
        districts.sort(key=lambda item: item[1])
    return dict(result)


# --------------------------------------------------------------------------- availability


def indicator_periods(indicator_ids: Sequence[int] | None = None) -> dict[int, list[int]]:
    """The periods with current values per indicator, in one query.

    A loose index scan (a recursive query that jumps from period to period through the index
    on current (indicator, period, area)) instead of a DISTINCT over every value: a handful of index
    probes per indicator, also with the whole country loaded.

    ``v.is_current`` is written bare, not as ``= %s``: the index is partial (``WHERE
    is_current``) and SQLite only uses it when the query repeats that condition literally; with
    a parameter it scans the whole table (seconds per probe at national scale).
    """
    values = IndicatorValue._meta.db_table
    indicators = Indicator._meta.db_table
    where = ""
    params: list = []
    if indicator_ids is not None:
        if not indicator_ids:
            return {}
        where = f" WHERE i.id IN ({', '.join(['%s'] * len(indicator_ids))})"
        params = [*indicator_ids]
    sql = f"""
        WITH RECURSIVE found(indicator_id, period) AS (
            SELECT i.id, (SELECT MIN(v.period) FROM {values} v
                          WHERE v.indicator_id = i.id AND v.is_current)
            FROM {indicators} i{where}
            UNION ALL
            SELECT f.indicator_id, (SELECT MIN(v.period) FROM {values} v
                                    WHERE v.indicator_id = f.indicator_id
                                      AND v.period > f.period AND v.is_current)
            FROM found f WHERE f.period IS NOT NULL
        )
        SELECT indicator_id, period FROM found WHERE period IS NOT NULL
    """  # noqa: S608 - table names come from the models, values are parameters
    result: dict[int, list[int]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for indicator_id, period in cursor.fetchall():
            result[indicator_id].append(period)
    return {key: sorted(periods) for key, periods in result.items()}


def period_levels(indicator: Indicator, periods: Sequence[int]) -> dict[int, list[str]]:
    """Per period the levels (gemeente, wijk, buurt, ...) with values: one query of EXISTS."""
    if not periods:
        return {}
    # Driven from the areas of each level: a level with few areas (land, provincie) costs a
    # few index probes instead of a scan of every value of the period.
    checks = {}
    for period in periods:
        for level in Level.values:
            checks[f"p{period}_{level}"] = Exists(
                Area.objects.filter(level=level).filter(
                    Exists(
                        IndicatorValue.objects.current().filter(
                            indicator=OuterRef(OuterRef("pk")), period=period, area=OuterRef("pk")
                        )
                    )
                )
            )
    found = Indicator.objects.filter(pk=indicator.pk).annotate(**checks).values(*checks).first()
    return {
        period: [level for level in Level.values if found and found[f"p{period}_{level}"]]
        for period in periods
    }


# --------------------------------------------------------------------------- map


@dataclass
class MapData:
    indicator: Indicator
    period: int
    level: str
    parent_code: str
    #: The vintage (area classification) of the areas listed; None when there are no areas.
    vintage: int | None
    rows: list[dict]
    classification: Classification
    has_values: bool
    #: Values of this year that belong to areas of another vintage (not on this map).
    other_vintage: dict[int, int] = field(default_factory=dict)
    sources: list[dict] = field(default_factory=list)
    svg: SvgMap | None = None
    geojson: dict = field(default_factory=dict)
    boundary_sources: list[str] = field(default_factory=list)
    borrowed: dict[int, list[str]] = field(default_factory=dict)
    without_boundary: list[str] = field(default_factory=list)

    @property
    def borrowed_count(self) -> int:
        return sum(len(codes) for codes in self.borrowed.values())

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row["pattern"] or "value" for row in self.rows)
        return {"value": counted["value"], SECRET: counted[SECRET], MISSING: counted[MISSING]}


def _scope_filter(level: str, parent_code: str, scope: Sequence[str] | None) -> dict:
    """The area lookup for "areas of ``level`` in the gemeente (or the monitor's scope)"."""
    path = PARENT_PATH[level]
    if parent_code and level != Level.MUNICIPALITY:
        return {path: parent_code}
    codes = list(scope) if scope is not None else None
    if level == Level.MUNICIPALITY and parent_code and codes is not None:
        codes.append(parent_code)
    return {f"{path}__in": codes} if codes is not None else {}


def _areas_in_scope(level: str, parent_code: str, scope: Sequence[str] | None) -> list[AreaRef]:
    lookup = _scope_filter(level, parent_code, scope)
    parent = "code" if level == Level.MUNICIPALITY else "parent__code"
    return [
        AreaRef(*row)
        for row in Area.objects.filter(level=level, **lookup).values_list(
            "pk", "code", "name", "vintage", parent
        )
    ]


def _choose_vintage(rows: list[dict], areas: list[AreaRef], period: int) -> int | None:
    """The vintage most values belong to; without values the vintage nearest the period."""
    if rows:
        counted = Counter(row["area__vintage"] for row in rows)
        return max(counted, key=lambda v: (counted[v], -abs(v - period), v))
    return nearest_vintage({a.vintage for a in areas}, period, vintage_of=lambda v: v)


def _public_row(area: AreaRef, level: str, row: dict | None, indicator: Indicator) -> dict:
    """A table row of the map: the area and its public value, or why it has none."""
    if row is None:
        value, status, note, origin, citation = None, "", "", "", None
        label = _("geen gegevens")
    else:
        value, status, note = row["value"], row["status"], row.get("note") or ""
        origin, citation = row.get("origin") or "", row_citation(row, indicator)
        label = status_label(status)
    if value is not None:
        pattern = ""
    elif status == ValueStatus.SUPPRESSED:
        pattern = SECRET
    else:
        pattern = MISSING
    return {
        "area_id": area.pk,
        "code": area.code,
        "name": area.name,
        "level": level,
        "vintage": area.vintage,
        "parent_code": area.parent_code,
        "value": value,
        "text": format_value(value, indicator.unit, indicator.decimals),
        "status": status,
        "status_label": label,
        "note": note,
        "origin": origin,
        "source": citation.text if citation is not None else "",
        "citation": citation,
        "pattern": pattern,
    }


def _sources(rows: list[dict]) -> list[dict]:
    """The sources of the values shown (``citations.SourceLine``), the largest first."""
    counted: Counter = Counter(
        row["citation"] for row in rows if row["status"] and row["citation"] is not None
    )
    return [
        {"source": line, "count": count}
        for line, count in sorted(counted.items(), key=lambda item: (-item[1], item[0].text))
    ]


def map_data(
    *,
    indicator: Indicator,
    period: int,
    level: str,
    parent_code: str = "",
    scope: Sequence[str] | None = None,
    url_for: Callable[[str], str] = lambda code: "",
    with_geometry: bool = True,
) -> MapData:
    """The public values of ``indicator`` in ``period`` for the areas of ``level``.

    ``parent_code`` (a gemeente) limits wijken and buurten to that gemeente; otherwise the
    areas lie in the gemeenten of ``scope`` (None: no limit). ``url_for(code)`` gives the
    link of an area. Without ``with_geometry`` (downloads) no boundaries are read.
    """
    parent_code = (parent_code or "").upper()
    areas = _areas_in_scope(level, parent_code, scope)
    by_pk = {area.pk: area for area in areas}
    raw = (
        IndicatorValue.objects.current()
        .of(indicator)
        .in_period(period)
        .filter(area_id__in=list(by_pk))
        .rows()
        if by_pk
        else []
    )
    by_id = {indicator.pk: indicator}
    public = cite_rows(disclose_rows(raw, by_id), by_id) if raw else []
    vintage = _choose_vintage(public, areas, period)
    listed = sorted((a for a in areas if a.vintage == vintage), key=lambda a: (a.name, a.code))
    values = {row["area_id"]: row for row in public if row["area__vintage"] == vintage}
    other = Counter(row["area__vintage"] for row in public if row["area__vintage"] != vintage)
    rows = [_public_row(area, level, values.get(area.pk), indicator) for area in listed]
    classification = classify(
        [row["value"] for row in rows],
        unit=indicator.unit,
        decimals=indicator.decimals,
        polarity=indicator.polarity,
    )
    for row in rows:
        position = classification.index(row["value"])
        row["class_index"] = position
        row["colour"] = None if position is None else classification.classes[position].colour
        row["class_label"] = "" if position is None else classification.classes[position].label
        row["url"] = url_for(row["code"])
    data = MapData(
        indicator=indicator,
        period=period,
        level=level,
        parent_code=parent_code,
        vintage=vintage,
        rows=rows,
        classification=classification,
        has_values=bool(values),
        other_vintage=dict(sorted(other.items())),
        sources=_sources(rows),
    )
    if with_geometry and listed and values:
        _add_geometry(data, listed)
    return data


def _add_geometry(data: MapData, listed: list[AreaRef]) -> None:
    boundaries = boundaries_for(listed)
    shapes: list[MapShape] = []
    borrowed: dict[int, list[str]] = defaultdict(list)
    sources: set[str] = set()
    by_code = {row["code"]: row for row in data.rows}
    for area in listed:
        boundary, boundary_vintage = boundaries.get(area.pk, (None, None))
        if boundary is None:
            data.without_boundary.append(area.name)
            continue
        sources.add(f"{boundary.source} ({boundary_vintage})")
        if boundary_vintage != area.vintage:
            borrowed[boundary_vintage].append(area.code)
        shapes.append(MapShape(area.code, area.name, by_code[area.code]["url"], boundary.geometry))
    data.svg = svg_map(shapes)
    collection = feature_collection(shapes)
    for feature in collection["features"]:
        row = by_code[feature["properties"]["code"]]
        feature["properties"].update(
            {
                "value": row["text"],
                "status": row["status_label"],
                "note": row["note"],
                "colour": row["colour"],
                "pattern": row["pattern"],
            }
        )
    data.geojson = collection
    data.boundary_sources = sorted(sources)
    data.borrowed = {vintage: sorted(codes) for vintage, codes in sorted(borrowed.items())}
