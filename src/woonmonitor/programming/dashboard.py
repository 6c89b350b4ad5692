"""The checks of a woondeal region and its municipalities, wired to their figures (issue 12,
point 4). Reads the database (through ``need_figures``, ``plans``, the explanations and the
monitor's new-build figures); the verdicts are the pure ``checks`` and ``signals``.

For a region and a horizon year (2030):

* plan capacity >= 130% of the need: for the region against its woondeal target; for each
  municipality twice, against Woonmonitor's split of the target and against the demographic
  need, each row saying which need it uses;
* the regional mix (two thirds affordable, 30% social rent) and the municipal mix (30% social
  rent or 40% middle segment, not in force before the law's date from the parameters);
* the affordable-purchase price limit of the source year of the plan figures;
* over- and under-production signals between neighbouring members (need: the woondeal split);
* realisation per year: CBS new-build (81955NED, ``nieuwbouw``) against the planned deliveries.
  Realised new-build entered by associations in the agreements app is not read here: the
  programming app may not import ``agreements`` (tests/test_architecture.py), so only CBS.

A figure that disclosure control hides for the viewer makes its check "afgeschermd": a verdict
on a hidden figure would tell what it hides. A ``CheckExplanation`` turns "niet voldaan" into
"afwijking toegelicht" (``checks.with_explanation``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from woonmonitor.agreements.production import ReportedNewBuild, reported_new_build
from woonmonitor.monitor import figures as monitor_figures

from . import checks, signals
from .dashboard_neighbours import municipality_neighbours
from .models import CheckExplanation
from .need_figures import RegionNeed, region_need
from .parameters import PriceLimit, WoondealRegion, parameters_on, price_limit_for_year
from .plans import (
    BASIS_2021,
    BASIS_LABELS,
    BASIS_PROJECTS,
    ProjectFigures,
    PublishedFigures,
    default_basis,
)

CAPACITY_TARGET = "plancapaciteit-woondeal"
CAPACITY_DEMOGRAPHIC = "plancapaciteit-demografisch"
MIX_REGIONAL = "mix-regionaal"
MIX_MUNICIPAL = "mix-gemeente"
REALISATION = "realisatie"
#: The check keys an explanation (``CheckExplanation.check_key``) may name.
CHECK_KEYS = {
    CAPACITY_TARGET: gettext_lazy("plancapaciteit tegen het woondealdoel"),
    CAPACITY_DEMOGRAPHIC: gettext_lazy("plancapaciteit tegen de demografische behoefte"),
    MIX_REGIONAL: gettext_lazy("regionale mix"),
    MIX_MUNICIPAL: gettext_lazy("mix per gemeente"),
    REALISATION: gettext_lazy("realisatie per jaar"),
}
NEW_BUILD = "nieuwbouw"
SHIELDED = "afgeschermd"
#: how many of the latest CBS years are shown next to the planned deliveries
REALISED_YEARS = 5


@dataclass
class CheckRow:
    key: str
    area: str
    area_name: str
    need_label: str
    check: checks.Check
    shielded: bool = False
    explained_by: str = ""
    #: new-build the associations reported in the agreements for this year (realisation rows)
    reported: ReportedNewBuild | None = None

    @property
    def status(self) -> str:
        return SHIELDED if self.shielded else self.check.status

    @property
    def status_label(self) -> str:
        return _("afgeschermd") if self.shielded else self.check.status_label

    @property
    def year(self) -> int | None:
        return getattr(self.check, "year", None) or (
            int(self.key.rsplit("-", 1)[1]) if self.key.startswith(REALISATION) else None
        )

    @property
    def title(self) -> str:
        return str(CHECK_KEYS.get(self.key, self.key))

    def as_dict(self) -> dict:
        data = self.check.as_dict()
        data |= {"check_key": self.key, "need_used": self.need_label, "status": self.status}
        data["status_label"] = self.status_label
        if self.shielded:
            for name in ("capacity", "segments", "planned", "percent_of_need", "difference"):
                data.pop(name, None)
        return data


@dataclass
class Dashboard:
    region: WoondealRegion
    need: RegionNeed
    year: int
    on: datetime.date
    basis: str
    figures: ProjectFigures
    published: PublishedFigures
    region_checks: list[CheckRow] = field(default_factory=list)
    municipality_checks: dict[str, list[CheckRow]] = field(default_factory=dict)
    signals: signals.ProductionSignals | None = None
    neighbours: dict[str, set[str]] = field(default_factory=dict)
    neighbours_source: str = ""
    realisation: dict[str, list[CheckRow]] = field(default_factory=dict)
    new_build_source: str = ""
    #: {code: {year: new-build reported by associations}} (``agreements.production``)
    reported: dict[str, dict[int, ReportedNewBuild]] = field(default_factory=dict)
    price_limit: PriceLimit | None = None
    price_year: int | None = None

    @property
    def basis_label(self) -> str:
        return str(BASIS_LABELS[self.basis])

    #: the municipalities whose plans decide the default basis (the region's, or one member's
    #: on a municipality page)
    default_codes: tuple[str, ...] = ()

    @property
    def default_basis(self) -> str:
        return default_basis(self.figures, self.default_codes or self.region.codes)

    def capacity(self, area: str) -> int | None:
        if self.basis == BASIS_PROJECTS:
            return self.figures.value("total", area)
        codes = self.region.codes if area == self.region.slug else (area,)
        return self.published.total(codes)

    def shielded(self, area: str) -> bool:
        return self.basis == BASIS_PROJECTS and self.figures.value("total", area) is None

    def peilmoment(self, codes=None) -> str:
        if self.basis == BASIS_2021:
            return str(self.published.year or "")
        found = self.figures.reference_date(codes or self.region.codes)
        return found.isoformat() if found else ""

    def sources(self, codes=None) -> list[str]:
        if self.basis == BASIS_2021:
            return self.published.sources(codes or self.region.codes)
        return [_("Projecten in Woonmonitor, ingevoerd door gemeenten en corporaties")]

    def plan_table(self, dimension: str) -> list[tuple[str, str, list, int | None]]:
        """Rows (area, name, values per category, total) for the members and the region;
        ``None`` is afgeschermd."""
        rows = []
        areas = [(m.code, m.name) for m in self.region.members]
        for area, name in [*areas, (self.region.slug, self.region.name)]:
            values = self.figures.row(dimension, area)
            rows.append((area, name, values, self.figures.value("total", area)))
        return rows

    @property
    def published_total(self) -> int | None:
        return self.published.total(self.region.codes)

    def published_rows(self) -> list[tuple[str, str, object]]:
        rows = [(m.code, m.name, self.published.by_code.get(m.code)) for m in self.region.members]
        return rows

    @property
    def realisation_rows(self) -> list[CheckRow]:
        return [row for code in self.region.codes for row in self.realisation.get(code, [])]

    def all_checks(self) -> list[CheckRow]:
        rows = list(self.region_checks)
        for code in self.region.codes:
            rows += self.municipality_checks.get(code, [])
        return rows


def explanations(areas) -> dict[tuple[str, str], CheckExplanation]:
    """The latest explanation per (area, check key)."""
    found: dict[tuple[str, str], CheckExplanation] = {}
    rows = CheckExplanation.objects.filter(area__in=list(areas)).select_related("organisation")
    for row in rows.order_by("area", "check_key", "-recorded_at", "-pk"):
        found.setdefault((row.area, row.check_key), row)
    return found


def _shielded_check(area: str, name: str) -> checks.Check:
    sentence = _(
        "Afgeschermd: dit cijfer zou laten zien hoeveel woningen een enkel plan telt dat de "
        "gemeente alleen in totalen openbaar maakt."
    )
    return checks.Check(area=area, name=name, status=checks.Status.NO_DATA, sentence=sentence)


def _no_segments(area: str, name: str, basis: str) -> checks.Check:
    sentence = (
        _(
            "De plancapaciteit 2021 geeft voor Drenthe alleen totalen, geen segmenten: de mix "
            "is niet te toetsen."
        )
        if basis == BASIS_2021
        else _("Geen plannen met aantallen bekend.")
    )
    return checks.Check(area=area, name=name, status=checks.Status.NO_DATA, sentence=sentence)


def _mix_row(dash: Dashboard, key: str, area: str, name: str, expl: dict) -> CheckRow:
    params = parameters_on(dash.on)
    note = expl.get((area, key))
    text = note.text if note else ""
    label = _("plannen per segment")
    if dash.basis == BASIS_2021:
        return CheckRow(key, area, name, label, _no_segments(area, name, dash.basis))
    segments = dash.figures.segments(area)
    if segments is None:
        return CheckRow(key, area, name, label, _shielded_check(area, name), shielded=True)
    if not segments.total:
        return CheckRow(key, area, name, label, _no_segments(area, name, dash.basis))
    check = checks.check_regional_mix if key == MIX_REGIONAL else checks.check_municipal_mix
    result = check(area=area, name=name, segments=segments, params=params, explanation=text)
    return CheckRow(key, area, name, label, result, explained_by=_by(note, result))


def _by(note, result: checks.Check) -> str:
    if note is None or result.status != checks.Status.EXPLAINED:
        return ""
    return note.organisation.name


def _capacity_row(
    dash: Dashboard, key: str, area: str, name: str, need: int | None, label: str, expl: dict
) -> CheckRow:
    params = parameters_on(dash.on)
    note = expl.get((area, key))
    text = note.text if note else ""
    if dash.shielded(area):
        return CheckRow(key, area, name, label, _shielded_check(area, name), shielded=True)
    codes = dash.region.codes if area == dash.region.slug else (area,)
    if dash.basis == BASIS_PROJECTS:
        missing = [c for c in codes if not dash.figures.has_projects([c])]
    else:
        missing = [c for c in codes if c not in dash.published.by_code]
    names = {m.code: m.name for m in dash.region.members}
    result = checks.check_plan_capacity(
        area=area,
        name=name,
        capacity=None if missing else dash.capacity(area),
        need=need,
        params=params,
        explanation=text,
        missing=[names.get(c, c) for c in missing],
        hard=dash.figures.value("certainty", area, "hard")
        if dash.basis == BASIS_PROJECTS
        else None,
    )
    return CheckRow(key, area, name, label, result, explained_by=_by(note, result))


def _new_build(codes) -> dict[int, dict]:
    """CBS new-build of the last ``REALISED_YEARS`` loaded years: one read per year for all
    ``codes`` (``{period: {code: Figure}}``)."""
    periods = monitor_figures.periods(NEW_BUILD)[-REALISED_YEARS:]
    return {period: monitor_figures.figures(NEW_BUILD, period, codes=codes) for period in periods}


def _realisation(
    dash: Dashboard, code: str, name: str, expl: dict, new_build: dict[int, dict]
) -> list[CheckRow]:
    realised: dict[int, int | None] = {}
    for period, found in new_build.items():
        figure = found.get(code)
        if figure and figure.known:
            realised[period] = int(figure.value)
            dash.new_build_source = dash.new_build_source or figure.citation
    planned: dict[int, int | None] = {}
    shielded: set[int] = set()
    if dash.basis == BASIS_PROJECTS and dash.figures.has_projects([code]):
        for year in dash.figures.years:
            if year == "onbekend" or year > dash.year:
                continue
            value = dash.figures.value("year", code, year)
            if value is None:
                shielded.add(year)
            elif value:
                planned[year] = value
    reported = dash.reported.get(code, {})
    for year in reported:
        if year <= dash.year:
            realised.setdefault(year, None)
    notes = {y: expl.get((code, f"{REALISATION}-{y}")) for y in set(planned) | set(realised)}
    rows = signals.realisation_by_year(
        area=code,
        name=name,
        planned=planned,
        realised=realised,
        explanations={y: n.text for y, n in notes.items() if n},
        source=dash.new_build_source,
    )
    label = _("geplande oplevering per jaar")
    result = [
        CheckRow(
            f"{REALISATION}-{row.year}",
            code,
            name,
            label,
            row,
            explained_by=_by(notes.get(row.year), row),
            reported=reported.get(row.year),
        )
        for row in rows
        if row.year not in shielded
    ]
    for year in sorted(shielded):
        hidden = signals.check_realisation(
            area=code, name=name, year=year, planned=None, realised=realised.get(year)
        )
        result.append(CheckRow(f"{REALISATION}-{year}", code, name, label, hidden, shielded=True))
    return sorted(result, key=lambda r: r.key)


def build(
    region: WoondealRegion,
    *,
    figures: ProjectFigures,
    published: PublishedFigures,
    on: datetime.date,
    year: int = 2030,
    basis: str | None = None,
    default_codes: tuple[str, ...] = (),
) -> Dashboard:
    """Every check of ``region`` for the horizon ``year`` on the chosen basis, or by default
    on projects once every municipality of ``default_codes`` (the region's) keeps them here."""
    need = region_need(region, horizon=year, on=on)
    default_codes = tuple(default_codes or region.codes)
    chosen = basis if basis in BASIS_LABELS else default_basis(figures, default_codes)
    dash = Dashboard(region, need, year, on, chosen, figures, published)
    dash.default_codes = default_codes
    areas = [region.slug, *region.codes]
    expl = explanations(areas)
    target = need.target.homes if need.target else None
    dash.region_checks = [
        _capacity_row(
            dash,
            CAPACITY_TARGET,
            region.slug,
            region.name,
            target,
            _("woondealdoel %(year)s") % {"year": need.target.horizon_year}
            if need.target
            else _("geen woondealdoel"),
            expl,
        ),
        _mix_row(dash, MIX_REGIONAL, region.slug, region.name, expl),
    ]
    dash.reported = reported_new_build(region.codes)
    new_build = _new_build(region.codes)
    for member in region.members:
        split = need.split_for(member.code)
        demographic = need.demographic_for(member.code)
        rows = [
            _capacity_row(
                dash,
                CAPACITY_TARGET,
                member.code,
                member.name,
                split.homes if split else None,
                _("woondealverdeling van Woonmonitor (naar woningvoorraad)"),
                expl,
            ),
            _capacity_row(
                dash,
                CAPACITY_DEMOGRAPHIC,
                member.code,
                member.name,
                demographic.households if demographic else None,
                _("demografische behoefte (extra huishoudens)"),
                expl,
            ),
            _mix_row(dash, MIX_MUNICIPAL, member.code, member.name, expl),
        ]
        dash.municipality_checks[member.code] = rows
        dash.realisation[member.code] = _realisation(
            dash, member.code, member.name, expl, new_build
        )
    dash.neighbours, dash.neighbours_source = municipality_neighbours(region.codes)
    plans = [
        checks.PlanNeed(
            code=m.code,
            name=m.name,
            capacity=None
            if (dash.basis == BASIS_PROJECTS and not figures.has_projects([m.code]))
            else dash.capacity(m.code),
            need=(need.split_for(m.code).homes if need.split_for(m.code) else None),
        )
        for m in region.members
    ]
    dash.signals = signals.production_signals(plans, dash.neighbours, parameters_on(on))
    if basis == BASIS_2021 or chosen == BASIS_2021:
        dash.price_year = published.year
    else:
        latest = figures.reference_date(region.codes)
        dash.price_year = latest.year if latest else None
    dash.price_limit = price_limit_for_year(dash.price_year) if dash.price_year else None
    return dash
