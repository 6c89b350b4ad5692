"""Reads for the page "realised against fair share" (the spread within a municipality is read
by ``spread_figures``). Touches the database; the arithmetic is in ``realised`` (pure).

A municipality's share comes from a fair-share scenario (the one chosen, visible to the user,
or else the latest published one for the region, group and period) or, without one, from its
task (``Task``: the statutory task of statushouders, or an entered task). Placements are the
current figures (``Placement.objects.current()``); what a municipality housed follows the
ledger's rule (its own figure per month, else its associations'). The cap is a percentage of
the vacated social homes (``AllocationFigure`` ``vacated_social``): the scenario's cap when it
set one, else 10% (Hoogeveen #19).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from woonmonitor.accounts.models import Organisation, OrganisationKind

from . import realised
from .models import AllocationFigure, FigureKind, Group, Placement, Scenario, Task, period_label
from .statushouders_reads import municipality_names, region_codes


def parse_period(text: str | None) -> tuple[int, int] | None:
    """``2024`` -> (2024, 0); ``2024-1`` / ``2024-2`` -> a half-year; None when invalid."""
    text = (text or "").strip()
    year, _sep, half = text.partition("-")
    if not year.isdigit() or len(year) != 4 or half not in ("", "1", "2"):
        return None
    return int(year), int(half or 0)


def months_elapsed(year: int, half: int, today: datetime.date) -> int:
    """How many months of the period ended before the month of ``today``."""
    months = realised.months_of(half)
    now = today.year * 12 + today.month
    first = year * 12 + months[0]
    return max(0, min(len(months), now - first))


def by_municipality(organisation_kind: str, organisation_area: str, code: str) -> bool:
    """Whether a placement was reported by the municipality itself (the ledger's rule)."""
    return organisation_kind == OrganisationKind.MUNICIPALITY and organisation_area == code


# ----------------------------------------------------------------------------- shares


@dataclass
class Shares:
    """Shares per municipality (and per association slug) and where they come from."""

    basis: str  # "scenario", "task" or ""
    municipalities: dict[str, int] = field(default_factory=dict)
    associations: dict[str, dict[str, int]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    cap_percent: Decimal = realised.DEFAULT_CAP_PERCENT
    cap_source: str = ""
    association_cap_percent: Decimal | None = None
    is_demo: bool = False


def scenario_shares(scenario: Scenario) -> Shares:
    """The shares a scenario's result holds (``fairshare.fair_share``: ``municipalities`` with
    ``share`` and ``associations``)."""
    shares = Shares(basis="scenario", is_demo=scenario.is_demo)
    for row in (scenario.result or {}).get("municipalities", []):
        if row.get("share") is None:
            continue
        shares.municipalities[row["code"]] = int(row["share"])
        shares.associations[row["code"]] = {
            item["slug"]: int(item["share"])
            for item in row.get("associations", [])
            if item.get("share") is not None
        }
    status = scenario.get_status_display()
    shares.sources.append(
        _("Verdeelscenario ‘%(name)s’ (%(status)s, %(date)s)")
        % {
            "name": scenario.name,
            "status": status,
            "date": formats.date_format(scenario.created_at, "j F Y"),
        }
    )
    caps = (scenario.inputs or {}).get("caps") or {}
    if caps.get("municipality") not in (None, ""):
        shares.cap_percent = Decimal(str(caps["municipality"]))
        shares.cap_source = _("plafond uit het verdeelscenario ‘%(name)s’") % {
            "name": scenario.name
        }
    if caps.get("association") not in (None, ""):
        shares.association_cap_percent = Decimal(str(caps["association"]))
    return shares


def task_shares(group: Group, codes: Iterable[str], year: int, half: int) -> Shares:
    """The current tasks as shares: a whole year is its whole-year task, or the sum of its two
    half-year tasks when both are known."""
    shares = Shares(basis="task")
    per_code: dict[str, dict[int, Task]] = defaultdict(dict)
    wanted = (0, 1, 2) if half == 0 else (half,)
    for task in Task.objects.current().filter(
        group=group, municipality_code__in=list(codes), year=year, half__in=wanted
    ):
        per_code[task.municipality_code][task.half] = task
    sources: dict[str, None] = {}
    for code, tasks in per_code.items():
        if half:
            chosen = [tasks[half]]
        elif 0 in tasks:
            chosen = [tasks[0]]
        elif 1 in tasks and 2 in tasks:
            chosen = [tasks[1], tasks[2]]
        else:
            continue
        shares.municipalities[code] = sum(task.amount for task in chosen)
        for task in chosen:
            sources.setdefault(
                _("Taakstelling %(period)s: %(source)s")
                % {
                    "period": task.period_label,
                    "source": task.source,
                }
            )
    shares.sources = list(sources)
    return shares


def shares_for(
    *, group: Group, region_slug: str, codes: list[str], year: int, half: int, scenario=None
) -> tuple[Shares, Scenario | None]:
    """The chosen scenario, else the latest published one of the region and period, else the
    tasks."""
    if scenario is None:
        scenario = (
            Scenario.objects.published()
            .filter(group=group, region__slug=region_slug, year=year, half=half)
            .order_by("-created_at")
            .first()
        )
    if scenario is not None:
        return scenario_shares(scenario), scenario
    return task_shares(group, codes, year, half), None


# ----------------------------------------------------------------------------- realised


@dataclass
class Realisation:
    group: Group
    region_slug: str
    codes: list[str]
    year: int
    half: int
    table: realised.RealisedTable
    shares: Shares
    scenario: Scenario | None
    sources: list[str]
    is_demo: bool
    names: dict[str, str]

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.half)


def _vacated(codes: list[str], year: int) -> tuple[dict, dict, list[str], bool]:
    """Vacated social homes per municipality and per (municipality, slug): the figure of
    ``year``, or else of the latest year before it (the source names the year)."""
    whole: dict[str, int] = {}
    per_association: dict[tuple[str, str], int] = {}
    used: dict[tuple[str, str], AllocationFigure] = {}
    for figure in (
        AllocationFigure.objects.current()
        .filter(kind=FigureKind.VACATED_SOCIAL, municipality_code__in=codes, year__lte=year)
        .select_related("organisation")
        .order_by("year", "recorded_at")
    ):
        slug = figure.organisation.slug if figure.organisation_id else ""
        used[(figure.municipality_code, slug)] = figure
    sources: dict[str, None] = {}
    for (code, slug), figure in used.items():
        if slug:
            per_association[(code, slug)] = figure.value
        else:
            whole[code] = figure.value
        sources.setdefault(
            _("Vrijgekomen sociale huurwoningen %(year)s: %(source)s")
            % {"year": figure.year, "source": figure.source}
        )
    demo = any(figure.is_demo for figure in used.values())
    return whole, per_association, list(sources), demo


def placement_rows(group: Group, codes: list[str], year: int, half: int) -> list[dict]:
    return list(
        Placement.objects.current()
        .filter(
            group=group,
            municipality_code__in=codes,
            year=year,
            month__in=realised.months_of(half),
        )
        .values(
            "municipality_code",
            "month",
            "count",
            "area_code",
            "is_demo",
            "created_at",
            "organisation__slug",
            "organisation__name",
            "organisation__kind",
            "organisation__area_code",
        )
    )


def realisation(
    *,
    group: Group,
    region_slug: str,
    year: int,
    half: int,
    today: datetime.date,
    scenario: Scenario | None = None,
) -> Realisation | None:
    """Realised against share and cap for every municipality of the region; None when the
    region is unknown. A handful of queries whatever the number of municipalities."""
    codes = region_codes(region_slug)
    if codes is None:
        return None
    names = municipality_names(codes)
    shares, scenario = shares_for(
        group=group, region_slug=region_slug, codes=codes, year=year, half=half, scenario=scenario
    )
    vacated, vacated_assoc, vacated_sources, vacated_demo = _vacated(codes, year)
    rows = placement_rows(group, codes, year, half)
    counts: dict[str, list[realised.Count]] = defaultdict(list)
    by_association: dict[tuple[str, str], int] = defaultdict(int)
    association_names: dict[str, str] = {}
    demo_parties: set[tuple[str, str]] = set()
    reporters: dict[str, datetime.datetime] = {}
    for row in rows:
        code, slug = row["municipality_code"], row["organisation__slug"]
        own = by_municipality(row["organisation__kind"], row["organisation__area_code"], code)
        counts[code].append(realised.Count(row["month"], row["count"], own))
        if not own:
            by_association[(code, slug)] += row["count"]
            association_names[slug] = row["organisation__name"]
        if row["is_demo"]:
            demo_parties.add((code, slug if not own else ""))
        name = row["organisation__name"]
        reporters[name] = max(reporters.get(name, row["created_at"]), row["created_at"])
    slugs_by_code = _associations(codes, shares, vacated_assoc, by_association)
    association_names.update(
        Organisation.objects.filter(
            slug__in={slug for slugs in slugs_by_code.values() for slug in slugs}
        ).values_list("slug", "name")
    )
    municipalities = []
    for code in sorted(codes, key=lambda item: names.get(item, item)):
        associations = tuple(
            realised.PartyInput(
                key=slug,
                name=association_names.get(slug, slug),
                share=shares.associations.get(code, {}).get(slug),
                placed=by_association.get((code, slug)),
                vacated=vacated_assoc.get((code, slug)),
                is_demo=(code, slug) in demo_parties,
            )
            for slug in slugs_by_code.get(code, [])
        )
        municipalities.append(
            realised.MunicipalityInput(
                key=code,
                name=names.get(code, code),
                share=shares.municipalities.get(code),
                placed=realised.combine_counts(counts[code]),
                vacated=vacated.get(code),
                is_demo=any(party[0] == code for party in demo_parties),
                associations=associations,
            )
        )
    months = len(realised.months_of(half))
    table = realised.realised_table(
        municipalities,
        cap_percent=shares.cap_percent,
        association_cap_percent=shares.association_cap_percent,
        months=months,
        elapsed=months_elapsed(year, half, today),
    )
    sources = [*shares.sources]
    if reporters:
        parties = ", ".join(sorted(reporters))
        latest = max(reporters.values())
        sources.append(
            _("Plaatsingen: opgegeven door %(parties)s; laatst bijgewerkt %(date)s")
            % {"parties": parties, "date": formats.date_format(latest, "j F Y")}
        )
    sources.extend(vacated_sources)
    sources.append(
        _("Plafond %(percent)s%% van de vrijgekomen sociale huurwoningen: %(source)s")
        % {
            "percent": formats.number_format(shares.cap_percent, use_l10n=True),
            "source": shares.cap_source or str(realised.CAP_SOURCE),
        }
    )
    return Realisation(
        group=group,
        region_slug=region_slug,
        codes=codes,
        year=year,
        half=half,
        table=table,
        shares=shares,
        scenario=scenario,
        sources=sources,
        is_demo=bool(demo_parties) or vacated_demo or shares.is_demo,
        names=names,
    )


def _associations(codes, shares: Shares, vacated_assoc, by_association) -> dict[str, list[str]]:
    """Per municipality the association slugs that have a share, a figure or placements, plus
    the associations that work there."""
    found: dict[str, set[str]] = defaultdict(set)
    for code, items in shares.associations.items():
        found[code].update(items)
    for code, slug in [*vacated_assoc, *by_association]:
        found[code].add(slug)
    for slug, working in Organisation.objects.filter(
        kind=OrganisationKind.HOUSING_ASSOCIATION
    ).values_list("slug", "working_area_codes"):
        for code in working or []:
            if code in codes:
                found[code].add(slug)
    return {code: sorted(slugs) for code, slugs in found.items()}


def periods_with_figures(group: Group) -> list[str]:
    """Period keys with tasks, placements or scenarios, newest first: every such year, and for
    a half-yearly group (or a half-year scenario) the half-years that have figures."""
    halves = set(Task.objects.filter(group=group).values_list("year", "half"))
    halves |= set(Scenario.objects.filter(group=group).values_list("year", "half"))
    for year, month in (
        Placement.objects.filter(group=group).values_list("year", "month").distinct()
    ):
        halves.add((year, 1 if month <= 6 else 2) if group.half_yearly else (year, 0))
    keys = {str(year) for year, _half in halves}
    keys |= {f"{year}-{half}" for year, half in halves if half}
    return sorted(keys, reverse=True)
