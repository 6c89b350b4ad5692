"""The inputs of the need per municipality and woondeal region, read from the monitor through
``woonmonitor.monitor.figures`` (the one door to the monitor), and the needs built from them
with the pure ``programming.need``. Reads the database.

* Population prognosis: indicator ``bevolkingsprognose`` (PBL/CBS regional prognosis, values in
  persons, periods 2021..2030, on the municipalities of the 2018 division). The start year is the
  first year of the prognosis; the horizon the year asked (2030), or the prognosis's last year.
* Household size: indicator ``huishoudensgrootte``, each municipality's latest year.
* Housing stock for the woondeal split: KWB ``woningvoorraad`` (1 January) of the latest year in
  which every member has a figure; else the 81955NED ``voorraad-eind`` (31 December) likewise.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from woonmonitor.monitor import figures as monitor_figures

from . import need as calc
from .parameters import (
    WoondealRegion,
    WoondealTarget,
    parameters_on,
    woondeal_regions,
    woondeal_targets,
)

PROGNOSIS = "bevolkingsprognose"
HOUSEHOLD_SIZE = "huishoudensgrootte"
#: housing stock indicators for the split, in order of preference (key, how it is named)
STOCK_INDICATORS = (
    ("woningvoorraad", "woningvoorraad op 1 januari (CBS, Kerncijfers wijken en buurten)"),
    ("voorraad-eind", "woningvoorraad op 31 december (CBS 81955NED)"),
)
#: The regional division the loaded prognosis is published on (see the indicator's
#: description in monitor/data/indicators.toml and the importer ``monitor.importers.prognosis``).
PROGNOSIS_DIVISION = 2018
_PUBLISHED = re.compile(r"gepubliceerd [^;]*?(\d{4})")


@dataclass(frozen=True)
class PrognosisInfo:
    start_year: int | None
    horizon_year: int | None
    asked_year: int
    citation: str
    vintage: str

    @property
    def shortened(self) -> bool:
        """The horizon asked lies beyond the prognosis."""
        return self.horizon_year is not None and self.horizon_year < self.asked_year


@dataclass
class RegionNeed:
    region: WoondealRegion
    target: WoondealTarget | None
    split: calc.WoondealSplit | None
    demographic: list[calc.DemographicNeed]
    prognosis: PrognosisInfo
    stock_label: str = ""
    stock_period: int | None = None
    citations: list[str] = field(default_factory=list)

    @property
    def demographic_total(self) -> int | None:
        if any(d.households is None for d in self.demographic):
            return None
        return sum(d.households or 0 for d in self.demographic)

    def split_for(self, code: str) -> calc.SplitMember | None:
        if self.split is None:
            return None
        return next((m for m in self.split.members if m.code == code), None)

    def demographic_for(self, code: str) -> calc.DemographicNeed | None:
        return next((d for d in self.demographic if d.code == code), None)


def region_target(slug: str, horizon: int) -> WoondealTarget | None:
    """The region's own target ("regio") for the horizon year, else its latest before."""
    found = [t for t in woondeal_targets(slug) if t.kind == "regio" and t.horizon_year <= horizon]
    return max(found, key=lambda t: t.horizon_year) if found else None


def prognosis_info(horizon: int) -> PrognosisInfo:
    periods = [p for p in monitor_figures.periods(PROGNOSIS)]
    if not periods:
        return PrognosisInfo(None, None, horizon, "", "")
    within = [p for p in periods if p <= horizon]
    end = max(within) if within else None
    start = min(periods)
    citation = ""
    if end is not None:
        sample = monitor_figures.figures(PROGNOSIS, end)
        citation = next(iter(sample.values())).citation if sample else ""
    match = _PUBLISHED.search(citation)
    edition = f"prognose {match.group(1)}, " if match else ""
    vintage = f"{edition}regio-indeling {PROGNOSIS_DIVISION}"
    return PrognosisInfo(start, end, horizon, citation, vintage)


def _latest_household_size(codes: list[str]) -> dict[str, monitor_figures.Figure]:
    found: dict[str, monitor_figures.Figure] = {}
    for period in reversed(monitor_figures.periods(HOUSEHOLD_SIZE)):
        missing = [c for c in codes if c not in found]
        if not missing:
            break
        for code, figure in monitor_figures.figures(HOUSEHOLD_SIZE, period, codes=missing).items():
            if figure.known:
                found[code] = figure
    return found


def _stock(codes: list[str]) -> tuple[str, int | None, dict[str, monitor_figures.Figure]]:
    """(label, period, figures) of the first stock indicator with a year that covers all."""
    for key, label in STOCK_INDICATORS:
        for period in reversed(monitor_figures.periods(key)):
            values = monitor_figures.figures(key, period, codes=codes)
            if all(code in values and values[code].known for code in codes):
                return label, period, values
    return "", None, {}


def demographic_needs(
    codes: list[str], names: dict[str, str], info: PrognosisInfo, on: datetime.date
) -> tuple[list[calc.DemographicNeed], list[str]]:
    mix = parameters_on(on).woondeal_mix
    citations: list[str] = []
    start = end = {}
    if info.start_year is not None and info.horizon_year is not None:
        start = monitor_figures.figures(PROGNOSIS, info.start_year, codes=codes)
        end = monitor_figures.figures(PROGNOSIS, info.horizon_year, codes=codes)
        citations += [f.citation for f in (*start.values(), *end.values())]
    sizes = _latest_household_size(codes)
    citations += [f.citation for f in sizes.values()]
    result = []
    for code in codes:
        first, last, size = start.get(code), end.get(code), sizes.get(code)
        result.append(
            calc.demographic_need(
                code=code,
                name=names.get(code, code),
                start_year=info.start_year or info.asked_year,
                horizon_year=info.horizon_year or info.asked_year,
                population_start=first.value if first and first.known else None,
                population_horizon=last.value if last and last.known else None,
                household_size=size.value if size else None,
                household_year=size.period if size else None,
                mix=mix,
            )
        )
    return result, citations


def region_need(region: WoondealRegion, *, horizon: int = 2030, on: datetime.date) -> RegionNeed:
    """The demographic need of every member and the woondeal target split over them."""
    codes = list(region.codes)
    names = {m.code: m.name for m in region.members}
    info = prognosis_info(horizon)
    demographic, citations = demographic_needs(codes, names, info, on)
    target = region_target(region.slug, horizon)
    split = None
    label, period, stock = _stock(codes)
    citations += [f.citation for f in stock.values()]
    if target is not None:
        members = [
            calc.MemberStock(
                code=m.code,
                name=m.name,
                confirmed=m.confirmed,
                stock=int(stock[m.code].value) if m.code in stock else None,
            )
            for m in region.members
        ]
        split = calc.woondeal_split(
            region=region.slug,
            target=target.homes,
            members=members,
            mix=parameters_on(on).woondeal_mix,
        )
    return RegionNeed(
        region=region,
        target=target,
        split=split,
        demographic=demographic,
        prognosis=info,
        stock_label=label,
        stock_period=period,
        citations=list(dict.fromkeys(c for c in citations if c)),
    )


def all_region_needs(*, horizon: int = 2030, on: datetime.date) -> list[RegionNeed]:
    return [region_need(region, horizon=horizon, on=on) for region in woondeal_regions()]


def region_of(code: str) -> WoondealRegion | None:
    return next((r for r in woondeal_regions() if code in r.codes), None)
