"""Values of a group of areas: a region of gemeenten (``areas.Region``) or a village or
cluster of wijken and buurten (``monitor.AreaGroup``), per indicator by its own rule.

How a group value is made:

1. Counts add up, shares and averages are weighted by their weight indicator, and some
   figures (a class, a distance) are not combined at all (``monitor/aggregation.py``). A ratio
   indicator is the ratio of its aggregated numerator and denominator; when those are not
   loaded for the period (a source that publishes only the share), the indicator's own rule
   is used instead and the note says which.
2. A whole is given only when every member has a value: "2 van 5 gebieden zonder waarde"
   says why there is none.
3. Disclosure control comes *after* aggregation. The group is built from the stored values,
   not from the published (rounded or suppressed) ones: rounding first and adding up would
   add rounding errors, and a member suppressed because it is small would leave the whole
   group without a figure although the group itself is large enough to publish. The group
   result is then protected like any area's value, with the group's own aggregated
   inhabitants and homes as the base, so a group too small to publish is still suppressed.
   A member whose stored value is itself secret or missing (CBS did not publish it) still
   counts as a member without a value.

Members are CBS codes; in a period each code is read in the vintage nearest to the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from woonmonitor.areas.models import Area, Level, Region

from .aggregation import Aggregate, Part, aggregate, ratio
from .citations import (
    CITATION,
    SourceLine,
    basis_sources,
    cite_rows,
    distinct_sources,
    source_columns,
    source_line,
)
from .disclosure import disclose, rule_for
from .formatting import rounded
from .models import (
    Aggregation,
    AreaGroup,
    Computation,
    Indicator,
    IndicatorValue,
    Theme,
    ValueOrigin,
    ValueStatus,
)
from .presentation import (
    VALUE_FIELDS,
    area_ids,
    default_period,
    display,
    indicator_sort_key,
    nearest_rows,
    reason,
)

RULE_LABELS = dict(Aggregation.choices)
MAX_DEPTH = 3


@dataclass(frozen=True)
class Group:
    """A region or an area group, as the group pages read it."""

    kind: str  # "regio", "dorp" or "cluster"
    slug: str
    name: str
    description: str
    source: str
    member_codes: tuple[str, ...]

    @property
    def kind_label(self) -> str:
        if self.kind == "regio":
            return _("regio van gemeenten")
        return str(AreaGroup.Kind(self.kind).label)


def find_group(slug: str, user=None) -> Group | None:
    """The area group or, when there is none, the region with this slug (two queries at most)."""
    area_group = AreaGroup.objects.visible_to(user).filter(slug=slug).first()
    if area_group is not None:
        return Group(
            area_group.kind,
            area_group.slug,
            area_group.name,
            area_group.description,
            area_group.source,
            tuple(code.upper() for code in area_group.member_codes),
        )
    region = Region.objects.visible_to(user).filter(slug=slug).prefetch_related("members").first()
    if region is None:
        return None
    return Group(
        "regio",
        region.slug,
        region.name,
        region.description,
        region.source,
        tuple(member.municipality_code.upper() for member in region.members.all()),
    )


# ----------------------------------------------------------------------------- pure part


def combine(
    indicator: Indicator,
    codes: list[str],
    values: dict[str, dict[str, float | None]],
    by_key: dict[str, Indicator],
    depth: int = 0,
) -> Aggregate:
    """The group value of ``indicator`` over ``codes``. ``values`` holds per indicator key the
    stored value per member code (absent: no value). Pure."""
    own = values.get(indicator.key, {})
    if (
        indicator.computation == Computation.RATIO
        and indicator.numerator
        and indicator.denominator
        and depth < MAX_DEPTH
    ):
        numerator, denominator = by_key.get(indicator.numerator), by_key.get(indicator.denominator)
        if numerator is not None and denominator is not None:
            top = combine(numerator, codes, values, by_key, depth + 1)
            bottom = combine(denominator, codes, values, by_key, depth + 1)
            value = ratio(top.value, bottom.value, indicator.factor)
            if value is not None:
                return Aggregate(
                    value,
                    len(codes),
                    _("%(num)s gedeeld door %(den)s, beide over %(n)s gebieden")
                    % {"num": numerator.name, "den": denominator.name, "n": len(codes)},
                )
            if not any(code in own for code in codes):
                missing = top if top.value is None else bottom
                return Aggregate(None, len(codes), missing.note)
    if indicator.aggregation == Aggregation.WEIGHTED_MEAN:
        weights = values.get(indicator.weight, {})
        parts = [Part(own.get(code), weights.get(code)) for code in codes]
    else:
        parts = [Part(own.get(code)) for code in codes]
    return aggregate(indicator.aggregation, parts)


def members_with_value(indicator: Indicator, codes, values) -> int:
    own = values.get(indicator.key, {})
    return sum(1 for code in codes if own.get(code) is not None)


# ----------------------------------------------------------------------------- read model


@dataclass(frozen=True)
class Member:
    code: str
    name: str
    vintage: int | None
    level: str


@dataclass(frozen=True)
class GroupValue:
    indicator: Indicator
    value: float | None
    status: str
    note: str
    with_value: int
    members: int
    #: The readable source: the Woonmonitor computation and the table its inputs come from.
    citation: SourceLine | None = None

    @property
    def text(self) -> str:
        return display(self.value, self.indicator)

    @property
    def reason(self) -> str:
        if self.value is not None:
            return ""
        return reason(self.status, self.note)

    @property
    def rule(self) -> str:
        return str(RULE_LABELS.get(self.indicator.aggregation, self.indicator.aggregation))

    @property
    def source(self) -> str:
        return self.citation.text if self.citation is not None else ""


@dataclass
class GroupTheme:
    theme: str
    label: str
    values: list[GroupValue] = field(default_factory=list)


@dataclass
class GroupResult:
    group: Group
    period: int | None
    periods: list[int]
    members: list[Member]
    themes: list[GroupTheme]
    #: The sources of the members' values the group's values are made of.
    sources: list[SourceLine]
    counts: dict[int, int] = field(default_factory=dict)

    @property
    def values(self) -> list[GroupValue]:
        return [value for block in self.themes for value in block.values]


def _members(codes: tuple[str, ...], period: int | None) -> list[Member]:
    areas = list(Area.objects.filter(code__in=codes).values("code", "name", "vintage", "level"))
    out = []
    for code in codes:
        versions = [area for area in areas if area["code"] == code]
        if not versions:
            out.append(Member(code, code, None, ""))
            continue
        target = period or max(area["vintage"] for area in versions)
        best = min(versions, key=lambda a: (abs(a["vintage"] - target), -a["vintage"]))
        out.append(Member(code, best["name"], best["vintage"], best["level"]))
    return sorted(out, key=lambda member: member.name)


def _group_citation(
    indicator: Indicator,
    period: int | None,
    vintage: int | None,
    by_key: dict[str, Indicator],
    basis=None,
) -> SourceLine:
    """A group's value is the Woonmonitor's sum (or ratio) of its members' values."""
    origin = (
        ValueOrigin.COMPUTED
        if indicator.computation == Computation.RATIO
        else ValueOrigin.AGGREGATED
    )
    row = {"origin": origin, "period": period, "area__vintage": vintage}
    return source_line(row, indicator, related=by_key, basis=basis)


def group_values(*, group: Group, period: int | None = None) -> GroupResult:
    """Every indicator of the catalogue for the group in ``period`` (default: the latest
    period with values, see ``presentation.default_period``). Four queries plus disclosure."""
    codes = group.member_codes
    pairs = set(
        IndicatorValue.objects.current()
        .filter(area_id__in=area_ids(code__in=codes), value__isnull=False)
        .values_list("indicator_id", "period")
        .distinct()
    )
    counts: dict[int, int] = {}
    for _indicator_id, p in pairs:
        counts[p] = counts.get(p, 0) + 1
    if period is None:
        period = default_period(counts)
    indicators = sorted(Indicator.objects.all(), key=indicator_sort_key)
    by_key = {indicator.key: indicator for indicator in indicators}
    rows = (
        list(
            IndicatorValue.objects.current()
            .filter(period=period, area_id__in=area_ids(code__in=codes))
            .values(*VALUE_FIELDS)
        )
        if period is not None
        else []
    )
    cite_rows(rows, {indicator.pk: indicator for indicator in indicators})
    chosen = nearest_rows(rows, key=lambda row: (row["area__code"], row["indicator_id"]))
    key_of = {indicator.pk: indicator.key for indicator in indicators}
    vintage_of = {indicator_id: row["area__vintage"] for (_c, indicator_id), row in chosen.items()}
    values: dict[str, dict[str, float | None]] = {}
    provisional: set[str] = set()
    for (code, indicator_id), row in chosen.items():
        if row["value"] is not None and indicator_id in key_of:
            values.setdefault(key_of[indicator_id], {})[code] = row["value"]
            if row["status"] == ValueStatus.PROVISIONAL:
                provisional.add(key_of[indicator_id])
    code_list = list(codes)
    results: list[GroupValue] = []
    basis = basis_sources() if rows else None
    for indicator in indicators:
        whole = combine(indicator, code_list, values, by_key)
        inputs = {indicator.key, indicator.numerator, indicator.denominator} - {""}
        shown_by = {indicator.key, indicator.numerator} - {""}  # a denominator alone: no
        if not any(code in values.get(key, {}) for key in shown_by for code in code_list):
            continue
        if whole.value is None:
            status = ValueStatus.MISSING
        elif inputs & provisional:
            status = ValueStatus.PROVISIONAL
        else:
            status = ValueStatus.DEFINITIVE
        results.append(
            GroupValue(
                indicator,
                whole.value,
                status,
                whole.note,
                members_with_value(indicator, code_list, values),
                len(code_list),
                _group_citation(indicator, period, vintage_of.get(indicator.pk), by_key, basis),
            )
        )
    level = Level.MUNICIPALITY if group.kind == "regio" else member_level(group)
    results = disclose_group(results, code_list, values, by_key, level or Level.DISTRICT)
    themes = {theme: GroupTheme(theme, str(label)) for theme, label in Theme.choices}
    for result in results:
        themes.setdefault(
            result.indicator.theme, GroupTheme(result.indicator.theme, "")
        ).values.append(result)
    return GroupResult(
        group=group,
        period=period,
        periods=sorted(counts),
        members=_members(codes, period),
        themes=[block for block in themes.values() if block.values],
        # the members' imported sources first, then what the Woonmonitor derived, in a fixed
        # order (the rows come in the database's order)
        sources=distinct_sources(
            (
                row[CITATION]
                for row in sorted(
                    chosen.values(),
                    key=lambda row: (
                        row["origin"] != ValueOrigin.IMPORTED,
                        row["area__code"],
                        row["indicator_id"],
                    ),
                )
            ),
            one_period=True,
        ),
        counts=counts,
    )


def disclose_group(
    results: list[GroupValue],
    codes: list[str],
    values: dict[str, dict[str, float | None]],
    by_key: dict[str, Indicator],
    level: str,
) -> list[GroupValue]:
    """Disclosure control on the group's own values (see the module docstring): each result is
    judged with the group's aggregated base (inhabitants, homes) and the level of its members
    (a region counts as a gemeente, a village of wijken as a wijk). Pure."""
    bases: dict[str, float | None] = {}
    out = []
    for result in results:
        rule = rule_for(result.indicator)
        base = None
        if rule.base_key:
            if rule.base_key not in bases:
                base_indicator = by_key.get(rule.base_key)
                bases[rule.base_key] = (
                    combine(base_indicator, codes, values, by_key).value
                    if base_indicator is not None
                    else None
                )
            base = bases[rule.base_key]
        shown = disclose(
            rule,
            value=result.value,
            status=result.status,
            note=result.note,
            base=base,
            level=level,
            origin=ValueOrigin.AGGREGATED,
        )
        out.append(replace(result, value=shown.value, status=shown.status, note=shown.note))
    return out


def group_rows(result: GroupResult) -> list[dict]:
    """Flat rows for CSV and JSON, each public value rounded to its indicator's precision."""
    return [
        {
            "group": result.group.slug,
            "group_name": result.group.name,
            "period": result.period,
            "theme": value.indicator.theme,
            "key": value.indicator.key,
            "name": value.indicator.name,
            "unit": value.indicator.unit,
            "value": rounded(value.value, value.indicator.decimals),
            "status": value.status,
            "note": value.note,
            "members_with_value": value.with_value,
            "members": value.members,
            "aggregation": value.indicator.aggregation,
            **source_columns(value.citation),
        }
        for value in result.values
    ]


GROUP_CSV_COLUMNS = (
    "group",
    "group_name",
    "period",
    "theme",
    "key",
    "name",
    "unit",
    "value",
    "status",
    "note",
    "members_with_value",
    "members",
    "aggregation",
    "source",
    "reference_date",
    "published_on",
)


def member_level(group: Group) -> str:
    first = group.member_codes[0] if group.member_codes else ""
    return {"GM": Level.MUNICIPALITY, "WK": Level.DISTRICT, "BU": Level.NEIGHBOURHOOD}.get(
        first[:2], ""
    )
