"""Reads of the compare page: up to five areas side by side on every indicator (or one).

A fixed number of queries whatever the number of areas and indicators: the areas by code,
the latest year per indicator, and the current values of those codes in those years (then
``disclose_rows``, one more for its bases). An area code is
vintage-free in the URL; per indicator and period the value of the vintage nearest to that
period is shown, and the year is the same for every area of one indicator.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils.translation import gettext as _

from woonmonitor.areas.models import Area, Level

from .citations import cite_rows
from .formatting import format_value
from .maps import MISSING, SECRET
from .models import Indicator, IndicatorValue, Theme, ValueStatus
from .presentation import indicator_sort_key, nearest_rows, row_citation, status_label


@dataclass(frozen=True)
class ComparedArea:
    code: str
    name: str
    level: str
    vintage: int
    url: str = ""

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level in Level.values else self.level


@dataclass
class CompareRow:
    indicator: Indicator
    period: int
    #: One cell per compared area, in the order of the areas.
    cells: list[dict]


@dataclass
class Comparison:
    areas: list[ComparedArea]
    themes: list[tuple[str, list[CompareRow]]] = field(default_factory=list)
    #: Indicators left out because none of the areas has a value for them (in the year asked).
    without_values: int = 0
    sources: list[dict] = field(default_factory=list)

    @property
    def rows(self) -> list[CompareRow]:
        return [row for _theme, rows in self.themes for row in rows]


def resolve_areas(
    codes: Sequence[str], url_for: Callable[[str], str] = lambda code: ""
) -> tuple[list[ComparedArea], list[str]]:
    """The areas with these codes (latest vintage each, in the order asked) and unknown codes."""
    latest: dict[str, tuple[str, str, int]] = {}
    for code, name, level, vintage in Area.objects.filter(code__in=list(codes)).values_list(
        "code", "name", "level", "vintage"
    ):
        if code not in latest or vintage > latest[code][2]:
            latest[code] = (name, level, vintage)
    areas = [
        ComparedArea(code, *latest[code], url=url_for(code)) for code in codes if code in latest
    ]
    return areas, [code for code in codes if code not in latest]


def _cell(row: dict | None, indicator: Indicator) -> dict:
    if row is None:
        return {
            "value": None,
            "text": "",
            "status": "",
            "status_label": _("geen gegevens"),
            "note": "",
            "pattern": MISSING,
            "vintage": None,
            "source": "",
            "citation": None,
        }
    value = row["value"]
    if value is not None:
        pattern = ""
    elif row["status"] == ValueStatus.SUPPRESSED:
        pattern = SECRET
    else:
        pattern = MISSING
    return {
        "value": value,
        "text": format_value(value, indicator.unit, indicator.decimals),
        "status": row["status"],
        "status_label": status_label(row["status"]),
        "note": row.get("note") or "",
        "pattern": pattern,
        "vintage": row["area__vintage"],
        "source": (line := row_citation(row, indicator)).text,
        "citation": line,
    }


def compare(
    *,
    areas: Sequence[ComparedArea],
    indicators: Sequence[Indicator],
    period: int | None = None,
    disclose: Callable[[list[dict], dict[int, Indicator]], list[dict]],
) -> Comparison:
    """The public values of ``indicators`` for ``areas``, per theme, one year per indicator.

    Without ``period`` each indicator shows its latest year in which one of the areas has a
    value; with it, that year only. ``disclose`` is ``public.disclose_rows``.
    """
    result = Comparison(areas=list(areas))
    if not areas or not indicators:
        return result
    by_pk = {indicator.pk: indicator for indicator in indicators}
    values = (
        IndicatorValue.objects.current()
        .for_codes([area.code for area in areas])
        .filter(indicator_id__in=list(by_pk))
    )
    if period is not None:
        latest = None
        values = values.in_period(period)
    else:
        # The latest year per indicator first (aggregated in the database), then only the
        # rows of those years: a few hundred rows instead of every year of every indicator.
        latest = dict(values.order_by().values_list("indicator_id").annotate(latest=Max("period")))
        values = values.filter(period__in=set(latest.values()))
    raw = values.rows()
    if latest is not None:
        raw = [row for row in raw if row["period"] == latest[row["indicator_id"]]]
    public = cite_rows(disclose(raw, by_pk), by_pk) if raw else []
    per_indicator: dict[int, list[dict]] = defaultdict(list)
    for row in public:
        per_indicator[row["indicator_id"]].append(row)
    grouped: dict[str, list[CompareRow]] = defaultdict(list)
    sources: Counter = Counter()
    for indicator in sorted(indicators, key=indicator_sort_key):
        rows = per_indicator.get(indicator.pk)
        if not rows:
            result.without_values += 1
            continue
        chosen_period = period if period is not None else max(row["period"] for row in rows)
        nearest = nearest_rows(
            [row for row in rows if row["period"] == chosen_period], key=lambda r: r["area__code"]
        )
        cells = [_cell(nearest.get(area.code), indicator) for area in areas]
        for cell in cells:
            if cell["status"]:
                sources[cell["citation"]] += 1
        grouped[indicator.theme].append(CompareRow(indicator, chosen_period, cells))
    result.themes = [(theme.label, grouped[theme.value]) for theme in Theme if grouped[theme.value]]
    result.sources = [
        {"source": line, "count": count}
        for line, count in sorted(sources.items(), key=lambda item: (-item[1], item[0].text))
    ]
    return result
