"""Housing with care for older people: the reads behind the need pages and the woonzorg
profile, and the loader of the ratio sets. Touches the database; the arithmetic is in the pure
``care_need`` module.

Where the figures come from:

- the age group in the base year: the monitor indicator the ratio set names
  (``RatioSet.age_indicator``, e.g. ``inwoners-80-plus``), read through
  ``woonmonitor.monitor.figures`` with its citation;
- the age group in the horizon year: **a figure for that year wins** when one is loaded (the
  indicator itself in the horizon year, or a prognosis by age under ``prognosis_key``); only
  without one is the base multiplied by the set's growth factor, whose source is shown;
- the ratios: ``Ratio`` rows of the set, each with its source (no national norm exists);
- existing supply per home type: no figures are loaded yet, so the need is not reduced by it
  (``care_need`` accepts it when a source comes).
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from woonmonitor.areas.models import Area, Level, Region
from woonmonitor.areas.names import latest_names
from woonmonitor.monitor.figures import Figure, figures

from . import care_need
from .loading import DATA, LoadResult
from .models import Group, HomeType, Placement, Ratio, RatioSet, Task, period_label

#: CBS code of the province whose municipalities make "all Drenthe".
PROVINCE_CODE = "PV22"


#: Statuses of a monitor value that carry no usable number.


def age_labels(age_indicator: str) -> tuple[str, str]:
    """A readable name and a short one for the age group of a monitor key:
    ``inwoners-80-plus`` -> ("inwoners van 80 jaar en ouder", "80+"); else the key twice."""
    match = re.fullmatch(r"inwoners-(\d+)-plus", age_indicator)
    if match is None:
        return age_indicator, age_indicator
    age = match.group(1)
    return _("inwoners van %(age)s jaar en ouder") % {"age": age}, f"{age}+"


def prognosis_key(age_indicator: str) -> str:
    """The monitor key a prognosis by age would be loaded under (``prognose-inwoners-80-plus``)."""
    return f"prognose-{age_indicator}"


# ----------------------------------------------------------------------------- scope


@dataclass(frozen=True)
class Scope:
    """What a page is about: one municipality, one region, or all of Drenthe."""

    kind: str  # "gemeente", "regio", "provincie"
    key: str  # GM code, region slug, or "drenthe"
    name: str
    names: dict[str, str]  # code -> name, in the order shown
    region: Region | None = None

    @property
    def codes(self) -> list[str]:
        return list(self.names)


def drenthe_municipalities() -> dict[str, str]:
    """The municipalities of Drenthe in the latest CBS vintage, code -> name, by name."""
    areas = (
        Area.objects.of_latest_vintage(Level.MUNICIPALITY)
        .filter(parent__code=PROVINCE_CODE)
        .order_by("name")
    )
    return {area.code: area.name for area in areas}


def municipality_names(codes: list[str]) -> dict[str, str]:
    """Names of ``codes`` from their latest vintage (the code itself when unknown), by name."""
    names = latest_names(codes)
    return dict(sorted(((c, names.get(c, c)) for c in codes), key=lambda item: item[1]))


def province_scope() -> Scope:
    return Scope("provincie", "drenthe", "Drenthe", drenthe_municipalities())


def region_scope(region: Region) -> Scope:
    codes = list(region.members.values_list("municipality_code", flat=True))
    return Scope("regio", region.slug, region.name, municipality_names(codes), region)


def municipality_scope(code: str) -> Scope | None:
    area = (
        Area.objects.filter(level=Level.MUNICIPALITY, code=code.upper())
        .order_by("-vintage")
        .first()
    )
    if area is None:
        return None
    return Scope("gemeente", area.code, area.name, {area.code: area.name})


# ----------------------------------------------------------------------------- ratio sets


def ratio_set_for(scope: Scope, *, on: datetime.date | None = None) -> RatioSet | None:
    """The set that holds for ``scope`` on ``on``: the latest of the region itself (for a
    municipality: of a region it belongs to), else the latest province-wide set (no region)."""
    on = on or timezone.localdate()
    sets = RatioSet.objects.filter(valid_from__lte=on).prefetch_related("ratios")
    if scope.kind == "regio":
        own = sets.filter(region=scope.region)
    elif scope.kind == "gemeente":
        own = sets.filter(region__members__municipality_code=scope.key)
    else:
        own = sets.none()
    chosen = own.order_by("-valid_from", "-recorded_at").first()
    return chosen or sets.filter(region__isnull=True).order_by("-valid_from").first()


def target_scope(ratio_set: RatioSet) -> Scope:
    """The municipalities a set's regional target is shared over."""
    return region_scope(ratio_set.region) if ratio_set.region else province_scope()


def _decimal_or_none(value: object) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


@transaction.atomic
def load_care_ratios(*, path: Path | None = None) -> LoadResult:
    """Create or update the ratio sets of ``data/care_ratios.toml`` (found by name) and their
    ratios. A set an administrator made that the file does not name is left alone."""
    with (path or DATA / "care_ratios.toml").open("rb") as handle:
        data = tomllib.load(handle)
    result = LoadResult()
    for entry in data.get("ratio_set", []):
        slug = entry.get("region") or ""
        region = Region.objects.get(slug=slug) if slug else None
        values = {
            "region": region,
            "age_indicator": entry["age_indicator"],
            "base_year": entry["base_year"],
            "horizon_year": entry["horizon_year"],
            "growth_factor": Decimal(entry["growth_factor"])
            if entry.get("growth_factor")
            else None,
            "growth_source": entry.get("growth_source", ""),
            "regional_target": entry.get("regional_target"),
            "valid_from": entry["valid_from"],
            "source": entry["source"],
            "is_example": entry.get("is_example", False),
        }
        ratio_set, created = RatioSet.objects.get_or_create(name=entry["name"], defaults=values)
        changed = not created and any(
            getattr(ratio_set, name) != value for name, value in values.items()
        )
        if changed:
            RatioSet.objects.filter(pk=ratio_set.pk).update(**values)
        ratios_changed = False
        for item in entry.get("ratio", []):
            ratio_values = {"per_thousand": Decimal(item["per_thousand"]), "source": item["source"]}
            ratio, made = Ratio.objects.get_or_create(
                ratio_set=ratio_set, home_type=item["home_type"], defaults=ratio_values
            )
            if not made and (ratio.per_thousand, ratio.source) != tuple(ratio_values.values()):
                Ratio.objects.filter(pk=ratio.pk).update(**ratio_values)
                ratios_changed = True
        if created:
            result.created += 1
        elif changed or ratios_changed:
            result.updated += 1
        else:
            result.unchanged += 1
    return result


# ----------------------------------------------------------------------------- need


@dataclass(frozen=True)
class NeedRow:
    """One municipality's need with the sources of its figures, for a table row."""

    need: care_need.MunicipalityNeed
    base_citation: str
    horizon_citation: str


@dataclass
class CareNeed:
    """The need per municipality of a scope under one ratio set, with every input's source."""

    ratio_set: RatioSet
    ratios: list[Ratio]
    growth: care_need.GrowthParam
    needs: list[care_need.MunicipalityNeed]
    totals: dict[str, int]
    base_citations: dict[str, str] = field(default_factory=dict)
    horizon_citations: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    split: care_need.TargetSplit | None = None
    split_scope: Scope | None = None
    split_rows: list[care_need.TargetShare] = field(default_factory=list)

    @property
    def age_label(self) -> str:
        return age_labels(self.ratio_set.age_indicator)[0]

    @property
    def age_short(self) -> str:
        return age_labels(self.ratio_set.age_indicator)[1]

    @property
    def common_base_citation(self) -> str:
        """The one source of every municipality's base figure, when they share it and no
        municipality has a figure for the horizon year (then the table names it once)."""
        texts = set(self.base_citations.values())
        if len(texts) == 1 and not self.horizon_citations and not self.missing:
            return texts.pop()
        return ""

    @property
    def split_rows_total(self) -> int:
        return sum(row.share for row in self.split_rows)

    @property
    def rows(self) -> list[NeedRow]:
        return [
            NeedRow(
                need,
                self.base_citations.get(need.code, ""),
                self.horizon_citations.get(need.code, ""),
            )
            for need in self.needs
        ]

    @property
    def citations(self) -> list[str]:
        """Every distinct source of the figures, in a stable order."""
        seen: dict[str, None] = {}
        for text in [*self.base_citations.values(), *self.horizon_citations.values()]:
            seen.setdefault(text, None)
        return list(seen)


def _horizon_figures(ratio_set: RatioSet, codes: list[str]) -> dict[str, Figure]:
    """A loaded figure of the age group in the horizon year per code: the indicator itself in
    that year (a count), else a prognosis by age. Codes without one are absent."""
    found: dict[str, Figure] = {}
    for key in (ratio_set.age_indicator, prognosis_key(ratio_set.age_indicator)):
        for code, figure in figures(key, ratio_set.horizon_year, codes=codes).items():
            if figure.known and code not in found:
                found[code] = figure
    return found


def _needs(ratio_set: RatioSet, ratios: list[Ratio], names: dict[str, str]):
    codes = list(names)
    base = figures(ratio_set.age_indicator, ratio_set.base_year, codes=codes)
    horizon = _horizon_figures(ratio_set, codes)
    growth = care_need.GrowthParam(
        base_year=ratio_set.base_year,
        horizon_year=ratio_set.horizon_year,
        factor=ratio_set.growth_factor,
        source=ratio_set.growth_source,
    )
    params = [
        care_need.RatioParam(r.home_type, r.per_thousand, r.source, str(r.get_home_type_display()))
        for r in ratios
    ]
    people = [
        care_need.OlderPeople(
            code=code,
            name=name,
            base=Decimal(str(base[code].value)) if code in base and base[code].known else None,
            prognosis=Decimal(str(horizon[code].value)) if code in horizon else None,
        )
        for code, name in names.items()
    ]
    needs = care_need.need_for_all(people, params, growth)
    base_citations = {code: base[code].citation for code in codes if code in base}
    horizon_citations = {code: figure.citation for code, figure in horizon.items()}
    return growth, needs, base_citations, horizon_citations


def care_need_for(scope: Scope, ratio_set: RatioSet) -> CareNeed:
    """The need of every municipality of ``scope`` under ``ratio_set``, and, when the set has a
    regional target, its split over the set's own municipalities (the rows of ``scope``)."""
    ratios = sorted(ratio_set.ratios.all(), key=lambda r: care_need.HOME_TYPES.index(r.home_type))
    growth, needs, base_cit, horizon_cit = _needs(ratio_set, ratios, scope.names)
    result = CareNeed(
        ratio_set=ratio_set,
        ratios=ratios,
        growth=growth,
        needs=needs,
        totals=care_need.totals(needs),
        base_citations=base_cit,
        horizon_citations=horizon_cit,
        missing=[need.name for need in needs if not need.known],
    )
    if ratio_set.regional_target:
        split_scope = target_scope(ratio_set)
        if split_scope.names == scope.names:
            split_needs = needs
        else:
            split_needs = _needs(ratio_set, ratios, split_scope.names)[1]
        result.split = care_need.split_target(ratio_set.regional_target, split_needs)
        result.split_scope = split_scope
        result.split_rows = [row for row in result.split.rows if row.code in scope.names]
    return result


HOME_TYPE_LABELS = dict(HomeType.choices)


# ----------------------------------------------------------------------------- tasks, placements


@dataclass
class PeriodLine:
    """A group's task and what was realised in one period, summed over the scope."""

    year: int
    half: int
    label: str
    task: int | None = None
    task_municipalities: int = 0
    origins: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    realised: int | None = None
    realised_demo: bool = False


def _half_of(group: Group, month: int) -> int:
    return (1 if month <= 6 else 2) if group.half_yearly else 0


def group_periods(codes: list[str]) -> dict[int, list[PeriodLine]]:
    """Per group id: the current tasks and the current placements of ``codes`` per period
    (newest first). Placements are summed over the months of the task's period; a period with
    placements but no task appears with ``task`` None."""
    groups = {group.pk: group for group in Group.objects.all()}
    lines: dict[tuple[int, int, int], PeriodLine] = {}

    def line(group_id: int, year: int, half: int) -> PeriodLine:
        key = (group_id, year, half)
        if key not in lines:
            lines[key] = PeriodLine(year, half, period_label(year, half))
        return lines[key]

    for task in Task.objects.current().filter(municipality_code__in=codes):
        entry = line(task.group_id, task.year, task.half)
        entry.task = (entry.task or 0) + task.amount
        entry.task_municipalities += 1
        entry.origins.add(task.get_origin_display())
        entry.sources.add(task.source)
    placements = (
        Placement.objects.current()
        .filter(municipality_code__in=codes)
        .values("group_id", "year", "month", "is_demo")
        .annotate(total=models.Sum("count"))
    )
    for row in placements:
        group = groups[row["group_id"]]
        # A whole-year task takes the placements of the whole year, whatever the group says.
        half = _half_of(group, row["month"])
        if (row["group_id"], row["year"], half) not in lines and (
            row["group_id"],
            row["year"],
            0,
        ) in lines:
            half = 0
        entry = line(row["group_id"], row["year"], half)
        entry.realised = (entry.realised or 0) + row["total"]
        entry.realised_demo = entry.realised_demo or row["is_demo"]
    result: dict[int, list[PeriodLine]] = {}
    for (group_id, _year, _half), entry in sorted(
        lines.items(), key=lambda item: (item[0][0], -item[0][1], -item[0][2])
    ):
        result.setdefault(group_id, []).append(entry)
    return result
