"""The area profile ("factsheet"): an area's indicators per theme beside its municipality,
its province and the country, for one period.

One read model for the page, the PDF, the CSV/JSON downloads and the API. It costs the same
handful of queries whatever the number of indicators: the area's versions, which indicators
have values in which period, the catalogue, the values of the four areas in the period, and
the base figures that disclosure control needs (fetched by ``disclose_rows``). Every value
shown has passed ``monitor.public.disclose_rows``.

A period's values may belong to another vintage of the same code than the area asked for (the
population prognosis is published on the 2018 classification); the profile takes, per
indicator, the vintage nearest to the period and says which one it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from django.utils.translation import gettext as _

from woonmonitor.areas.models import Area, Level
from woonmonitor.areas.vintages import nearest_vintage

from .models import Indicator, IndicatorValue, Theme, ValueStatus
from .presentation import (
    VALUE_FIELDS,
    Cell,
    PeriodRange,
    area_ids,
    cell,
    cell_html,
    default_period,
    indicator_sort_key,
    indicator_source,
    nearest_rows,
    period_ranges,
)
from .public import disclose_rows

COUNTRY_CODE = "NL01"

#: The comparison columns, from small to large.
ROLES = (
    ("municipality", Level.MUNICIPALITY),
    ("province", Level.PROVINCE),
    ("country", Level.COUNTRY),
)
DEPTH = {Level.COUNTRY: 0, Level.PROVINCE: 1, Level.MUNICIPALITY: 2, Level.DISTRICT: 3}


@dataclass(frozen=True)
class Comparison:
    role: str
    code: str
    name: str
    level: str

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level in Level.values else self.level


@dataclass
class ProfileLine:
    indicator: Indicator
    own: Cell
    municipality: Cell | None = None
    province: Cell | None = None
    country: Cell | None = None
    #: The comparison cells in the order of ``Profile.comparisons`` (for tables).
    besides: list[Cell | None] = field(default_factory=list)

    @property
    def source(self) -> str:
        return indicator_source(self.indicator, self.own.origin)

    @property
    def besides_html(self) -> list[str]:
        return [cell_html(item) for item in self.besides]

    def beside(self, role: str) -> Cell | None:
        return getattr(self, role)


@dataclass(frozen=True)
class Missing:
    """An indicator without a value for the area in this period (and where it has one)."""

    indicator: Indicator
    other_periods: tuple[int, ...]

    @property
    def ranges(self) -> tuple[PeriodRange, ...]:
        """The other periods as ranges of years, newest first."""
        return period_ranges(self.other_periods)


@dataclass(frozen=True)
class MissingGroup:
    """Missing indicators that have values in the same other years (or in none)."""

    ranges: tuple[PeriodRange, ...]
    indicators: tuple[Indicator, ...]


@dataclass
class ThemeBlock:
    theme: str
    label: str
    lines: list[ProfileLine] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)

    @property
    def missing_groups(self) -> list[MissingGroup]:
        """The missing indicators grouped by the years that do have them, the most recent
        years first and "in no year" last: a compact list instead of a row each."""
        groups: dict[tuple[PeriodRange, ...], list[Indicator]] = {}
        for item in self.missing:
            groups.setdefault(item.ranges, []).append(item.indicator)
        order = sorted(groups, key=lambda ranges: (not ranges, [-r.last for r in ranges]))
        return [MissingGroup(ranges, tuple(groups[ranges])) for ranges in order]


@dataclass
class Profile:
    area: Area
    period: int | None
    periods: list[int]
    comparisons: list[Comparison]
    themes: list[ThemeBlock]
    #: Per period the number of indicators with a value for the area (for the period list).
    counts: dict[int, int] = field(default_factory=dict)
    #: The whole catalogue, in theme order.
    indicators: list[Indicator] = field(default_factory=list)
    #: Ids of every vintage of the area's code (children may hang under any of them).
    version_ids: list[int] = field(default_factory=list)

    @property
    def lines(self) -> list[ProfileLine]:
        return [line for block in self.themes for line in block.lines]

    @property
    def missing(self) -> list[Missing]:
        return [item for block in self.themes for item in block.missing]

    @property
    def other_vintages(self) -> list[int]:
        """Vintages (other than the area's) that some of the values belong to."""
        return sorted(
            {
                line.own.vintage
                for line in self.lines
                if line.own.vintage and line.own.vintage != self.area.vintage
            }
        )

    @property
    def sources(self) -> list[tuple[str, datetime | None]]:
        """Distinct (source, loaded at) of the values shown, in order of first use."""
        seen: dict[str, datetime | None] = {}
        for line in self.lines:
            for item in (line.own, line.municipality, line.province, line.country):
                if item is not None and item.source and item.source not in seen:
                    seen[item.source] = item.loaded_at
        return list(seen.items())

    @property
    def suppressed(self) -> int:
        return sum(
            1
            for line in self.lines
            for item in (line.own, line.municipality, line.province, line.country)
            if item is not None and item.status == ValueStatus.SUPPRESSED
        )


def _ancestors(area: Area) -> dict[str, Area]:
    found: dict[str, Area] = {}
    current = area.parent
    while current is not None and len(found) < 5:
        found.setdefault(current.level, current)
        current = current.parent
    return found


def comparisons_for(area: Area) -> list[Comparison]:
    """The larger areas the profile puts beside ``area``: its municipality, province, country."""
    ancestors = _ancestors(area)
    depth = DEPTH.get(area.level, 4)
    out = []
    for role, level in ROLES:
        if DEPTH[level] >= depth:
            continue
        ancestor = ancestors.get(level)
        if ancestor is not None:
            out.append(Comparison(role, ancestor.code, ancestor.name, level))
        elif level == Level.COUNTRY:
            out.append(Comparison(role, COUNTRY_CODE, _("Nederland"), level))
    return out


def _availability(code: str) -> list[tuple[int, int, int]]:
    """(indicator id, period, vintage) of every current value of the code: one query."""
    return list(
        IndicatorValue.objects.current()
        .filter(area_id__in=area_ids(code=code))
        .values_list("indicator_id", "period", "area__vintage")
        .distinct()
    )


def period_counts(available: list[tuple[int, int, int]]) -> dict[int, int]:
    """Per period: how many indicators have a value (in any vintage)."""
    pairs = {(indicator_id, period) for indicator_id, period, _vintage in available}
    counts: dict[int, int] = {}
    for _indicator_id, period in pairs:
        counts[period] = counts.get(period, 0) + 1
    return counts


def _resolve_area(area: Area, versions: list[Area], vintages: set[int], period: int) -> Area:
    """The version of the area whose vintage fits the period best (one that has values)."""
    candidates = [version for version in versions if version.vintage in vintages] or versions
    return nearest_vintage(candidates, period, vintage_of=lambda v: v.vintage) or area


def build_profile(*, area: Area, period: int | None = None) -> Profile:
    """The profile of ``area`` (any vintage of its code) in ``period``.

    The default period is the latest with values (see ``presentation.default_period``: a year
    holding only a prognosis is not the default). A period without values gives a profile
    with every indicator listed as missing."""
    versions = list(
        Area.objects.filter(code=area.code).select_related("parent__parent__parent__parent")
    )
    available = _availability(area.code)
    counts = period_counts(available)
    periods = sorted(counts)
    if period is None:
        period = default_period(counts)
    if period is not None:
        in_period = {v for _i, p, v in available if p == period}
        area = _resolve_area(area, versions, in_period, period)
    comparisons = comparisons_for(area)
    indicators = sorted(Indicator.objects.all(), key=indicator_sort_key)
    by_id = {indicator.pk: indicator for indicator in indicators}
    rows: list[dict] = []
    if period is not None:
        codes = [area.code, *[c.code for c in comparisons]]
        raw = list(
            IndicatorValue.objects.current()
            .filter(period=period, area_id__in=area_ids(code__in=codes))
            .values(*VALUE_FIELDS)
        )
        rows = disclose_rows(raw, by_id) if raw else []
    chosen = nearest_rows(rows, key=lambda row: (row["area__code"], row["indicator_id"]))
    periods_of: dict[int, set[int]] = {}
    for indicator_id, p, _v in available:
        periods_of.setdefault(indicator_id, set()).add(p)

    blocks = {theme: ThemeBlock(theme, str(label)) for theme, label in Theme.choices}
    for indicator in indicators:
        block = blocks.setdefault(indicator.theme, ThemeBlock(indicator.theme, indicator.theme))
        own = chosen.get((area.code, indicator.pk))
        if own is None:
            others = tuple(sorted(periods_of.get(indicator.pk, set()) - {period}))
            block.missing.append(Missing(indicator, others))
            continue
        own_cell = cell(own, indicator)
        if own_cell.vintage != area.vintage:
            own_cell = replace(own_cell, other_vintage=True)
        line = ProfileLine(indicator, own_cell)
        for comparison in comparisons:
            beside = cell(chosen.get((comparison.code, indicator.pk)), indicator)
            setattr(line, comparison.role, beside)
            line.besides.append(beside)
        block.lines.append(line)
    themes = [block for block in blocks.values() if block.lines or block.missing]
    return Profile(
        area, period, periods, comparisons, themes, counts, indicators, [v.pk for v in versions]
    )


def profile_rows(profile: Profile) -> list[dict]:
    """Flat rows for CSV and JSON: one per indicator of the catalogue, the missing ones too."""
    area = profile.area
    out = []
    for block in profile.themes:
        for line in block.lines:
            indicator = line.indicator
            row = _base_row(profile, block, indicator)
            row.update(
                value=line.own.value,
                status=line.own.status,
                note=line.own.note,
                vintage=line.own.vintage,
                source=line.source,
                source_run=line.own.source,
                loaded_at=line.own.loaded_at.isoformat() if line.own.loaded_at else None,
            )
            for role, _level in ROLES:
                beside = line.beside(role)
                row[f"{role}_value"] = beside.value if beside else None
                row[f"{role}_status"] = beside.status if beside else None
            out.append(row)
        for item in block.missing:
            row = _base_row(profile, block, item.indicator)
            row.update(
                value=None,
                status=ValueStatus.MISSING.value,
                note=_("geen gegevens voor dit gebied"),
                vintage=None,
                source_run="",
                loaded_at=None,
            )
            for role, _level in ROLES:
                row[f"{role}_value"] = None
                row[f"{role}_status"] = None
            out.append(row)
    for row in out:
        row["area"] = area.code
        row["area_name"] = area.name
    return out


def _base_row(profile: Profile, block: ThemeBlock, indicator: Indicator) -> dict:
    return {
        "area": "",
        "area_name": "",
        "theme": block.theme,
        "key": indicator.key,
        "name": indicator.name,
        "unit": indicator.unit,
        "period": profile.period,
        "source": indicator_source(indicator),
    }


#: Column order of the CSV download (and of ``profile_rows`` keys).
CSV_COLUMNS = (
    "area",
    "area_name",
    "theme",
    "key",
    "name",
    "unit",
    "period",
    "vintage",
    "value",
    "status",
    "note",
    "municipality_value",
    "municipality_status",
    "province_value",
    "province_status",
    "country_value",
    "country_status",
    "source",
    "source_run",
    "loaded_at",
)


#: The figures of the table of smaller areas on a profile (those loaded are shown).
CHILD_KEYS = ("inwoners", "woningvoorraad", "woz-gemiddeld", "koopwoningen", "woningbezetting")


@dataclass(frozen=True)
class Child:
    code: str
    name: str
    vintage: int
    level: str
    cells: tuple[Cell | None, ...]

    @property
    def cells_html(self) -> list[str]:
        return [cell_html(item) for item in self.cells]


@dataclass
class ChildTable:
    indicators: list[Indicator]
    rows: list[Child]


def child_table(profile: Profile) -> ChildTable:
    """The wijken (or buurten) of the area with a few key figures in the profile's period:
    one query for the values and one for disclosure control."""
    chosen_indicators = [i for key in CHILD_KEYS for i in profile.indicators if i.key == key]
    if profile.period is None or not chosen_indicators or profile.area.level == Level.NEIGHBOURHOOD:
        return ChildTable([], [])
    raw = list(
        IndicatorValue.objects.current()
        .filter(
            period=profile.period,
            area_id__in=area_ids(parent_id__in=profile.version_ids),
            indicator__in=[i.pk for i in chosen_indicators],
        )
        .values(*VALUE_FIELDS)
    )
    if not raw:
        return ChildTable([], [])
    rows = disclose_rows(raw, {i.pk: i for i in chosen_indicators})
    chosen = nearest_rows(rows, key=lambda row: (row["area__code"], row["indicator_id"]))
    areas = {row["area__code"]: row for row in chosen.values()}
    present = [i for i in chosen_indicators if any(key[1] == i.pk for key in chosen)]
    children = [
        Child(
            code,
            row["area__name"],
            row["area__vintage"],
            row["area__level"],
            tuple(cell(chosen.get((code, i.pk)), i) for i in present),
        )
        for code, row in areas.items()
    ]
    return ChildTable(present, sorted(children, key=lambda child: child.name))
