"""The trend of one indicator for one area over every vintage loaded, honest about boundaries.

CBS keeps a code when it redraws an area, so values of two vintages of one code are joined
into one line only when an ``areas.Continuity`` record says they are the same area
(``same=True``, directly or through other vintages). Otherwise each run of joinable vintages
is a segment of its own, drawn as its own line, with a note that says why: the evidence of a
record that found them different ("Ander gebied: oppervlakte 1.082 ha → 1.500 ha"), or that
nobody established they are the same.

The parent municipality and the province are given beside the area, each under its own code
and with its own segments. Five queries whatever the number of years: the indicator and area
come from the caller, then the values of the three codes, the base figures of disclosure
control, and the continuity records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from woonmonitor.areas.continuity import segments as join_segments
from woonmonitor.areas.models import Area, Continuity, Level

from .citations import CITATION, SourceLine, cite_rows, distinct_sources, source_columns
from .formatting import rounded
from .models import Aggregation, Indicator, IndicatorValue
from .presentation import VALUE_FIELDS, area_ids, period_ranges
from .profile import COUNTRY_CODE, DEPTH
from .public import disclose_rows

ROLE_AREA = "gebied"


@dataclass(frozen=True)
class Point:
    period: int
    value: float | None
    status: str
    note: str
    vintage: int
    #: The readable source of the value (citation, peildatum, publication date).
    citation: SourceLine | None


@dataclass
class Segment:
    """Values of one code over vintages that may be joined (one line in the chart)."""

    role: str
    code: str
    name: str
    level: str
    vintages: list[int]
    points: list[Point]
    split: bool = False  # the code has more than one segment

    @property
    def label(self) -> str:
        level = Level(self.level).label if self.level in Level.values else self.level
        if not self.split:
            return f"{self.name} ({level})"
        first, last = self.vintages[0], self.vintages[-1]
        span = str(first) if first == last else f"{first}–{last}"
        return _("%(name)s (%(level)s, indeling %(span)s)") % {
            "name": self.name,
            "level": level,
            "span": span,
        }

    @property
    def key(self) -> str:
        return f"{self.code}-{self.vintages[0]}"

    def value_at(self, period: int) -> Point | None:
        return next((point for point in self.points if point.period == period), None)


@dataclass(frozen=True)
class Break:
    """Two neighbouring vintages of a code that are not joined, and why."""

    code: str
    earlier: int
    later: int
    judged: bool
    evidence: str
    source: str = ""

    @property
    def text(self) -> str:
        if self.judged:
            return _("Ander gebied: %(evidence)s (%(code)s, indeling %(a)s → %(b)s)") % {
                "evidence": self.evidence,
                "code": self.code,
                "a": self.earlier,
                "b": self.later,
            }
        return _(
            "Niet vastgesteld dat %(code)s in de indeling %(a)s hetzelfde gebied is als in %(b)s"
        ) % {"code": self.code, "a": self.earlier, "b": self.later}


@dataclass
class TrendSeries:
    area: Area
    indicator: Indicator
    segments: list[Segment] = field(default_factory=list)
    breaks: list[Break] = field(default_factory=list)

    @property
    def periods(self) -> list[int]:
        return sorted({point.period for s in self.segments for point in s.points})

    @property
    def period_ranges(self):
        """The periods as ranges of consecutive years, oldest first ("2012–2020", "2022")."""
        return tuple(reversed(period_ranges(self.periods)))

    @property
    def roles(self) -> list[str]:
        seen: list[str] = []
        for segment in self.segments:
            if segment.role not in seen:
                seen.append(segment.role)
        return seen

    def segments_of(self, role: str) -> list[Segment]:
        return [segment for segment in self.segments if segment.role == role]

    @property
    def additive(self) -> bool:
        """Counts of different-sized areas do not belong on one axis."""
        return self.indicator.aggregation == Aggregation.SUM

    @property
    def sources(self) -> list[SourceLine]:
        """The different sources of the points, each once with its peildatum rule ("peildatum
        1 januari van het jaar"), in order of first use."""
        return distinct_sources(
            (point.citation for segment in self.segments for point in segment.points),
            one_period=False,
        )


def comparison_codes(area: Area) -> list[tuple[str, str]]:
    """(role, code) of the areas beside ``area``: its municipality and province; the country
    beside a province."""
    ancestors: dict[str, Area] = {}
    current = area.parent
    while current is not None and len(ancestors) < 5:
        ancestors.setdefault(current.level, current)
        current = current.parent
    depth = DEPTH.get(area.level, 4)
    out = []
    for level in (Level.MUNICIPALITY, Level.PROVINCE):
        if DEPTH[level] < depth and level in ancestors:
            out.append((level.value, ancestors[level].code))
    if area.level == Level.PROVINCE:
        out.append((Level.COUNTRY.value, COUNTRY_CODE))
    return out


def _same_pairs(links: list[dict], code: str) -> list[tuple[int, int]]:
    return [(link["earlier__vintage"], link["later__vintage"]) for link in links if link["same"]]


def _break(code: str, earlier: int, later: int, links: list[dict]) -> Break:
    """Why ``earlier`` and ``later`` are apart: a record between them (or inside the span)
    that found a difference, else "not established"."""
    direct = [
        link
        for link in links
        if {link["earlier__vintage"], link["later__vintage"]} == {earlier, later}
    ]
    inside = [
        link
        for link in links
        if not link["same"]
        and earlier <= min(link["earlier__vintage"], link["later__vintage"])
        and max(link["earlier__vintage"], link["later__vintage"]) <= later
    ]
    for link in [*direct, *inside]:
        if not link["same"]:
            return Break(code, earlier, later, True, link["evidence"], link["source"])
    return Break(code, earlier, later, False, "")


def build_segments(
    role: str, code: str, rows: list[dict], links: list[dict]
) -> tuple[list[Segment], list[Break]]:
    """Segments and breaks of one code from its (disclosed) value rows and continuity records.

    Vintages are joined through every record of the code, also through vintages without a
    value of this indicator; a period with values in two joined vintages takes the vintage
    nearest to it."""
    if not rows:
        return [], []
    with_values = sorted({row["area__vintage"] for row in rows})
    linked = {v for link in links for v in (link["earlier__vintage"], link["later__vintage"])}
    groups = [
        [v for v in group if v in with_values]
        for group in join_segments(set(with_values) | linked, _same_pairs(links, code))
    ]
    groups = [group for group in groups if group]
    segment_of = {v: index for index, group in enumerate(groups) for v in group}
    out: list[Segment] = []
    for group in groups:
        members = [row for row in rows if row["area__vintage"] in group]
        by_period: dict[int, dict] = {}
        for row in members:
            best = by_period.get(row["period"])
            rank = (abs(row["area__vintage"] - row["period"]), -row["area__vintage"])
            if best is None or rank < (
                abs(best["area__vintage"] - best["period"]),
                -best["area__vintage"],
            ):
                by_period[row["period"]] = row
        latest = max(members, key=lambda row: row["area__vintage"])
        points = [
            Point(
                period=row["period"],
                value=row["value"],
                status=row["status"],
                note=row.get("note") or "",
                vintage=row["area__vintage"],
                citation=row.get(CITATION),
            )
            for _period, row in sorted(by_period.items())
        ]
        out.append(
            Segment(
                role=role,
                code=code,
                name=latest["area__name"],
                level=latest["area__level"],
                vintages=group,
                points=points,
                split=len(groups) > 1,
            )
        )
    breaks = [
        _break(code, a, b, links)
        for a, b in zip(with_values, with_values[1:], strict=False)
        if segment_of[a] != segment_of[b]
    ]
    return out, breaks


def trend_series(*, area: Area, indicator: Indicator) -> TrendSeries:
    """Every value of ``indicator`` for ``area``'s code over all vintages, in honest segments,
    with the municipality and the province beside it (their own codes and segments)."""
    roles = [(ROLE_AREA, area.code), *comparison_codes(area)]
    codes = [code for _role, code in roles]
    raw = list(
        IndicatorValue.objects.current()
        .filter(indicator=indicator, area_id__in=area_ids(code__in=codes))
        .order_by("period")
        .values(*VALUE_FIELDS)
    )
    by_id = {indicator.pk: indicator}
    rows = cite_rows(disclose_rows(raw, by_id), by_id) if raw else []
    links = [
        link
        for link in Continuity.objects.filter(earlier_id__in=area_ids(code__in=codes)).values(
            "earlier__code",
            "later__code",
            "earlier__vintage",
            "later__vintage",
            "same",
            "evidence",
            "source",
        )
        if link["earlier__code"] == link["later__code"]
    ]
    series = TrendSeries(area=area, indicator=indicator)
    for role, code in roles:
        segments, breaks = build_segments(
            role,
            code,
            [row for row in rows if row["area__code"] == code],
            [link for link in links if link["earlier__code"] == code],
        )
        series.segments.extend(segments)
        series.breaks.extend(breaks)
    return series


def trend_rows(series: TrendSeries) -> list[dict]:
    """Flat rows for CSV and JSON: one per point of every segment, its public value rounded
    to the indicator's precision."""
    indicator = series.indicator
    return [
        {
            "indicator": indicator.key,
            "role": segment.role,
            "area": segment.code,
            "area_name": segment.name,
            "level": segment.level,
            "segment": segment.key,
            "segment_vintages": "-".join(str(v) for v in segment.vintages),
            "period": point.period,
            "vintage": point.vintage,
            "value": rounded(point.value, indicator.decimals),
            "status": point.status,
            "note": point.note,
            "unit": indicator.unit,
            **source_columns(point.citation),
        }
        for segment in series.segments
        for point in segment.points
    ]


TREND_CSV_COLUMNS = (
    "indicator",
    "role",
    "area",
    "area_name",
    "level",
    "segment",
    "segment_vintages",
    "period",
    "vintage",
    "value",
    "status",
    "note",
    "unit",
    "source",
    "reference_date",
    "published_on",
)
