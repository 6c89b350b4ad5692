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

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext as _

from woonmonitor.areas.models import Area, Level
from woonmonitor.areas.vintages import nearest_vintage

from .citations import (
    SourceLine,
    citation_fields,
    cite_rows,
    distinct_sources,
    source_columns,
)
from .formatting import rounded
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
    #: The period of the values of this line: the profile's, or the latest year the area has
    #: a value for when the profile's year has none (``fallback``).
    period: int | None = None
    fallback: bool = False

    @property
    def period_label(self) -> str:
        """ "cijfer van 2022" for a line whose values are of another year than the profile's."""
        if not self.fallback:
            return ""
        return _("cijfer van %(year)s") % {"year": self.period}

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
    """An indicator without any value for the area (in no year; ``other_periods`` holds years
    with only suppressed or missing rows, if any)."""

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
        """The indicators without any value for the area, summarised once on the page."""
        return [item for block in self.themes for item in block.missing]

    @property
    def fallbacks(self) -> int:
        """How many lines show the value of another year than the profile's."""
        return sum(1 for line in self.lines if line.fallback)

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
    def sources(self) -> list[SourceLine]:
        """The different sources of the values shown (citation, peildatum, publication date),
        in order of first use."""
        return distinct_sources(
            (
                item.citation
                for line in self.lines
                for item in (line.own, line.municipality, line.province, line.country)
                if item is not None
            ),
            one_period=True,
        )

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


def _availability(code: str) -> list[tuple[int, int, int, bool]]:
    """(indicator id, period, vintage, has a value) of every current value of the code: one
    query."""
    return list(
        IndicatorValue.objects.current()
        .filter(area_id__in=area_ids(code=code))
        .annotate(filled=ExpressionWrapper(Q(value__isnull=False), output_field=BooleanField()))
        .values_list("indicator_id", "period", "area__vintage", "filled")
        .distinct()
    )


def period_counts(available) -> dict[int, int]:
    """Per period: how many indicators have a value (in any vintage)."""
    pairs = {(item[0], item[1]) for item in available}
    counts: dict[int, int] = {}
    for _indicator_id, period in pairs:
        counts[period] = counts.get(period, 0) + 1
    return counts


def fallback_period(periods, period: int) -> int | None:
    """The year to show when ``period`` has no value: the latest earlier year with one, else
    the nearest later year. Pure."""
    earlier = [p for p in periods if p < period]
    if earlier:
        return max(earlier)
    later = [p for p in periods if p > period]
    return min(later) if later else None


def _fallback_raw(wanted: dict[int, int], codes: list[str]) -> list[dict]:
    """The stored rows of the areas ``codes`` for each indicator in its fallback year
    (``wanted``: indicator id -> period), in one query."""
    if not wanted:
        return []
    per_period: dict[int, list[int]] = {}
    for indicator_id, period in wanted.items():
        per_period.setdefault(period, []).append(indicator_id)
    condition = Q()
    for period, ids in per_period.items():
        condition |= Q(period=period, indicator_id__in=ids)
    return list(
        IndicatorValue.objects.current()
        .filter(condition, area_id__in=area_ids(code__in=codes))
        .values(*VALUE_FIELDS)
    )


def _resolve_area(area: Area, versions: list[Area], vintages: set[int], period: int) -> Area:
    """The version of the area whose vintage fits the period best (one that has values)."""
    candidates = [version for version in versions if version.vintage in vintages] or versions
    return nearest_vintage(candidates, period, vintage_of=lambda v: v.vintage) or area


def _is_missing(row: dict) -> bool:
    """A row without a value that is not a secret: the source has no figure."""
    return row["value"] is None and row["status"] == ValueStatus.MISSING


def build_profile(*, area: Area, period: int | None = None) -> Profile:
    """The profile of ``area`` (any vintage of its code) in ``period``.

    The default period is the latest with values (see ``presentation.default_period``: a year
    holding only a prognosis is not the default). An indicator without a value in the period
    shows the latest earlier year with one (else the nearest later year), the whole line of
    that year and labelled (``ProfileLine.fallback``); an indicator without any value for the
    area is listed as missing, once."""
    versions = list(
        Area.objects.filter(code=area.code).select_related("parent__parent__parent__parent")
    )
    available = _availability(area.code)
    counts = period_counts(available)
    periods = sorted(counts)
    if period is None:
        period = default_period(counts)
    if period is not None:
        in_period = {item[2] for item in available if item[1] == period}
        area = _resolve_area(area, versions, in_period, period)
    comparisons = comparisons_for(area)
    indicators = sorted(Indicator.objects.all(), key=indicator_sort_key)
    by_id = {indicator.pk: indicator for indicator in indicators}
    codes = [area.code, *[c.code for c in comparisons]]
    raw: list[dict] = []
    if period is not None:
        raw = list(
            IndicatorValue.objects.current()
            .filter(period=period, area_id__in=area_ids(code__in=codes))
            .values(*VALUE_FIELDS)
        )
    periods_of: dict[int, set[int]] = {}
    filled_of: dict[int, set[int]] = {}
    for indicator_id, p, _v, filled in available:
        periods_of.setdefault(indicator_id, set()).add(p)
        if filled:
            filled_of.setdefault(indicator_id, set()).add(p)

    # An indicator without a value in the period shows its latest other year, labelled: the
    # whole line of that year (one more query for those rows; disclosed and cited with the rest).
    fallback: dict[int, int] = {}
    if period is not None:
        stored = nearest_rows(raw, key=lambda row: (row["area__code"], row["indicator_id"]))
        for indicator in indicators:
            own = stored.get((area.code, indicator.pk))
            if own is not None and not _is_missing(own):
                continue
            other = fallback_period(filled_of.get(indicator.pk, ()), period)
            if other is not None:
                fallback[indicator.pk] = other
        raw = [row for row in raw if row["indicator_id"] not in fallback]
        raw += _fallback_raw(fallback, codes)
    rows = cite_rows(disclose_rows(raw, by_id), by_id) if raw else []
    chosen = nearest_rows(rows, key=lambda row: (row["area__code"], row["indicator_id"]))

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
        line_period = fallback.get(indicator.pk, period)
        line = ProfileLine(indicator, own_cell, period=line_period, fallback=line_period != period)
        for comparison in comparisons:
            beside = cell(chosen.get((comparison.code, indicator.pk)), indicator)
            setattr(line, comparison.role, beside)
            line.besides.append(beside)
        block.lines.append(line)
    themes = [block for block in blocks.values() if block.lines or block.missing]
    return Profile(
        area, period, periods, comparisons, themes, counts, indicators, [v.pk for v in versions]
    )


def profile_rows(profile: Profile, *, loaded_at: bool = False) -> list[dict]:
    """Flat rows for CSV and JSON: one per indicator of the catalogue, the missing ones too.

    Each row cites its value's source (``source``, ``reference_date``, ``published_on``: see
    ``citations``); ``loaded_at`` (when the value was loaded) only when asked, for the API.

    Values are public (disclosed) and then rounded to the indicator's precision
    (``formatting.rounded``); ``value_period`` is the year of the line's values, which differs
    from ``period`` when the area has no value in that year (the latest other year instead)."""
    area = profile.area
    out = []
    for block in profile.themes:
        for line in block.lines:
            indicator = line.indicator
            decimals = indicator.decimals
            row = _base_row(profile, block, indicator)
            row.update(
                value_period=line.period,
                value=rounded(line.own.value, decimals),
                status=line.own.status,
                note=line.own.note,
                vintage=line.own.vintage,
                **(citation_fields if loaded_at else source_columns)(line.own.citation),
            )
            for role, _level in ROLES:
                beside = line.beside(role)
                row[f"{role}_value"] = rounded(beside.value, decimals) if beside else None
                row[f"{role}_status"] = beside.status if beside else None
            out.append(row)
        for item in block.missing:
            row = _base_row(profile, block, item.indicator)
            row.update(
                value_period=None,
                value=None,
                status=ValueStatus.MISSING.value,
                note=_("geen gegevens voor dit gebied"),
                vintage=None,
                reference_date=None,
                published_on=None,
            )
            for role, _level in ROLES:
                row[f"{role}_value"] = None
                row[f"{role}_status"] = None
            out.append(row)
    for row in out:
        if loaded_at:
            row.setdefault("loaded_at", None)
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
    "value_period",
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
    "reference_date",
    "published_on",
)
