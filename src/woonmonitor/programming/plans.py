"""Plan figures per municipality and woondeal region, for one viewer. Reads the database.

Two bases, never summed together, each with its peilmoment:

* ``projecten in Woonmonitor``: the real projects (``Project.objects.real()``: never demonstration
  projects, never reviewed duplicates) on a rung that is plan capacity (hard or zacht), by
  certainty, phase, segment and expected delivery year. Every figure goes through
  ``programming.disclosure`` for the viewer: plans the viewer may see one by one count plainly,
  ``totalen`` plans count where a cell holds none or at least three of them, ``partijen`` plans
  the viewer may not see are left out.
* ``plancapaciteit 2021 (Data Bewijst)``: the published totals per municipality
  (``PlanCapacity``, the latest reference year), public figures without disclosure control.

``BASIS_PROJECTS`` is the default for an area with real projects that count for the viewer,
else ``BASIS_2021``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from woonmonitor.accounts.access import reads_everything

from . import disclosure
from .checks import Segments
from .ladder import phases as ladder_phases
from .models import PlanCapacity, Project, Publicity
from .parameters import woondeal_regions
from .services import figures_of

BASIS_PROJECTS = "projecten"
BASIS_2021 = "plancapaciteit-2021"
BASIS_LABELS = {
    BASIS_PROJECTS: gettext_lazy("projecten in Woonmonitor"),
    BASIS_2021: gettext_lazy("plancapaciteit 2021 (Data Bewijst)"),
}
SEGMENT_KEYS = (
    "social_rent",
    "middle_rent",
    "expensive_rent",
    "affordable_purchase",
    "expensive_purchase",
    "unknown",
)
SEGMENT_LABELS = {
    "social_rent": gettext_lazy("sociale huur"),
    "middle_rent": gettext_lazy("middenhuur"),
    "expensive_rent": gettext_lazy("dure huur"),
    "affordable_purchase": gettext_lazy("betaalbare koop"),
    "expensive_purchase": gettext_lazy("dure koop"),
    "unknown": gettext_lazy("segment onbekend"),
}
CERTAINTIES = ("hard", "zacht")
YEAR_UNKNOWN = "onbekend"
DIMENSIONS = ("certainty", "phase", "segment", "year")


@dataclass(frozen=True)
class CountedProject:
    pk: int
    code: str
    units: int
    certainty: str
    phase: str
    segments: dict
    years: dict
    reference_date: datetime.date
    sensitive: bool


@dataclass
class ProjectFigures:
    """The projects basis for one viewer: the disclosed values of every cell."""

    result: disclosure.Disclosure
    phases: list[tuple[str, str]]
    years: list
    counted: dict[str, list[CountedProject]]
    full: bool
    #: some plans were left out for this viewer (marked for parties only)
    left_out: bool = False

    def value(self, *key) -> int | None:
        return self.result.shown(key)

    def has_projects(self, codes: Iterable[str]) -> bool:
        return any(self.counted.get(code) for code in codes)

    def reference_date(self, codes: Iterable[str]) -> datetime.date | None:
        dates = [p.reference_date for code in codes for p in self.counted.get(code, [])]
        return max(dates) if dates else None

    def segments(self, area: str) -> Segments | None:
        """The segments of ``area`` for the mix checks (``None`` when any is afgeschermd)."""
        values = [self.value("segment", area, key) for key in SEGMENT_KEYS]
        if any(v is None for v in values) or any((v or 0) < 0 for v in values):
            return None
        return Segments(*[int(v or 0) for v in values])

    def row(self, dimension: str, area: str) -> list[int | None]:
        return [self.value(dimension, area, key) for key in self.categories(dimension)]

    def categories(self, dimension: str) -> list:
        return {
            "certainty": list(CERTAINTIES),
            "phase": [key for key, _name in self.phases],
            "segment": list(SEGMENT_KEYS),
            "year": self.years,
        }[dimension]


def _counted(user) -> tuple[list[CountedProject], bool, bool]:
    """The real capacity projects as the viewer counts them; (projects, full, left_out)."""
    everything = reads_everything(user)
    visible = set()
    if not everything:
        visible = set(Project.objects.real().visible_to(user).values_list("pk", flat=True))
    rows = Project.objects.real().filter(phase__certainty__in=CERTAINTIES).select_related("phase")
    result, left_out = [], False
    for project in rows:
        shown = everything or project.pk in visible
        if not shown and project.publicity == Publicity.PARTIES:
            left_out = True
            continue
        figures = figures_of(project)
        segments = figures.check_segments() if project.units_net > 0 else Segments()
        split = {key: getattr(segments, key) for key in SEGMENT_KEYS}
        split["unknown"] += project.units_net - segments.total
        years: dict = {year: units for year, units in figures.deliveries.items() if units}
        rest = project.units_net - sum(years.values())
        if rest:
            years[YEAR_UNKNOWN] = rest
        result.append(
            CountedProject(
                pk=project.pk,
                code=project.municipality_code,
                units=project.units_net,
                certainty=project.phase.certainty,
                phase=project.phase.key,
                segments=split,
                years=years,
                reference_date=project.reference_date,
                sensitive=not shown,
            )
        )
    return result, everything, left_out


def project_figures(user) -> ProjectFigures:
    """Every municipality's and woondeal region's project figures, disclosed for ``user``.

    One computation over all of them, so that no page or download shows a cell another one
    hides (the same pattern everywhere)."""
    projects, everything, left_out = _counted(user)
    by_code: dict[str, list[CountedProject]] = defaultdict(list)
    for project in projects:
        by_code[project.code].append(project)
    phase_list = [(p.key, p.name) for p in ladder_phases() if p.certainty]
    known = {key for key, _name in phase_list}
    phase_list += sorted({(p.phase, p.phase) for p in projects if p.phase not in known})
    years = sorted({y for p in projects for y in p.years if y != YEAR_UNKNOWN})
    years.append(YEAR_UNKNOWN)
    categories = {
        "certainty": list(CERTAINTIES),
        "phase": [key for key, _name in phase_list],
        "segment": list(SEGMENT_KEYS),
        "year": years,
    }
    cells: dict = defaultdict(list)

    def add(key, project: CountedProject, units: int) -> None:
        if units:
            cells[key].append(disclosure.Part(project.pk, units, project.sensitive))

    for project in projects:
        code = project.code
        add(("total", code), project, project.units)
        add(("certainty", code, project.certainty), project, project.units)
        add(("phase", code, project.phase), project, project.units)
        for key, units in project.segments.items():
            add(("segment", code, key), project, units)
        for year, units in project.years.items():
            add(("year", code, year), project, units)
    relations = []
    regions = woondeal_regions()
    codes = sorted(set(by_code) | {c for r in regions for c in r.codes})
    for code in codes:
        for dimension, cats in categories.items():
            members = tuple((dimension, code, cat) for cat in cats)
            relations.append(disclosure.Relation(("total", code), members))
    for region in regions:
        area = region.slug
        for project in projects:
            if project.code in region.codes:
                for key in ("total",):
                    add((key, area), project, project.units)
                add(("certainty", area, project.certainty), project, project.units)
                add(("phase", area, project.phase), project, project.units)
                for key, units in project.segments.items():
                    add(("segment", area, key), project, units)
                for year, units in project.years.items():
                    add(("year", area, year), project, units)
        relations.append(
            disclosure.Relation(("total", area), tuple(("total", c) for c in region.codes))
        )
        for dimension, cats in categories.items():
            relations.append(
                disclosure.Relation(("total", area), tuple((dimension, area, c) for c in cats))
            )
            for cat in cats:
                relations.append(
                    disclosure.Relation(
                        (dimension, area, cat), tuple((dimension, c, cat) for c in region.codes)
                    )
                )
    result = disclosure.full(cells) if everything else disclosure.disclose(cells, relations)
    return ProjectFigures(
        result=result,
        phases=phase_list,
        years=years,
        counted=dict(by_code),
        full=everything,
        left_out=left_out,
    )


# -- Published plan capacity (2021) -------------------------------------------------------------


@dataclass(frozen=True)
class PublishedCapacity:
    code: str
    name: str
    year: int
    units: int
    hard: int | None
    soft: int | None
    period: str
    source: str


@dataclass
class PublishedFigures:
    year: int | None
    by_code: dict[str, PublishedCapacity] = field(default_factory=dict)

    def total(self, codes: Iterable[str]) -> int | None:
        found = [self.by_code.get(code) for code in codes]
        if not found or any(f is None for f in found):
            return None
        return sum(f.units for f in found if f)

    def sources(self, codes: Iterable[str]) -> list[str]:
        return sorted({self.by_code[c].source for c in codes if c in self.by_code})


def published_capacity(year: int | None = None) -> PublishedFigures:
    """The published plan capacity per municipality of ``year`` (default the latest): the
    rows without certainty are the total; else hard + zacht are added."""
    year = year or PlanCapacity.objects.latest_year()
    if year is None:
        return PublishedFigures(None)
    rows = defaultdict(list)
    for row in PlanCapacity.objects.filter(reference_year=year):
        rows[row.municipality_code].append(row)
    result = PublishedFigures(year)
    for code, items in rows.items():
        totals = [r for r in items if not r.certainty]
        hard = [r.units for r in items if r.certainty == "hard"]
        soft = [r.units for r in items if r.certainty == "zacht"]
        units = sum(r.units for r in totals) if totals else sum(hard) + sum(soft)
        first = [r.first_year for r in items if r.first_year]
        last = [r.last_year for r in items if r.last_year]
        period = f"{min(first)}-{max(last)}" if first and last else ""
        result.by_code[code] = PublishedCapacity(
            code=code,
            name=items[0].municipality_name,
            year=year,
            units=units,
            hard=sum(hard) if hard and not totals else None,
            soft=sum(soft) if soft and not totals else None,
            period=period,
            source=items[0].source,
        )
    return result


def default_basis(figures: ProjectFigures, codes: Iterable[str]) -> str:
    """Projects in Woonmonitor once every municipality of the area keeps its plans here (a
    region total of some members' projects would compare part of the plans with all of the
    need); until then the published capacity of 2021. The page offers the other basis."""
    codes = list(codes)
    if codes and all(figures.has_projects([code]) for code in codes):
        return BASIS_PROJECTS
    return BASIS_2021
