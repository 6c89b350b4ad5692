"""The figures the fair-share keys and caps use, per municipality of a region, each with its
source and year; and the loaders of the recorded figures. Reads (and, in the loaders, writes)
the database.

- inhabitants: the monitor's ``inwoners`` (``monitor.figures``), the latest year up to the
  scenario's year;
- social stock of a municipality: an ``AllocationFigure`` (``social_stock``, no organisation),
  or else *derived* from CBS: ``woningvoorraad × huurwoningen-corporatie / 100``, which is the
  stock owned by housing associations according to CBS, not the same as social rent (the
  source says so);
- social stock of an association in a municipality: ``AllocationFigure`` with the association
  (real figures from the agreements: ``data/association_stock.toml``);
- vacated social homes (municipality and association) and the group's current presence:
  ``AllocationFigure``; in the demo these are invented (``data/demo_figures.toml``,
  ``is_demo``), and every page that uses them says so.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from woonmonitor.accounts.models import Organisation, OrganisationKind
from woonmonitor.areas.models import Area, Level
from woonmonitor.monitor.figures import Figure, figures, periods

from .fairshare import (
    CONCENTRATION,
    INHABITANTS,
    SOCIAL_STOCK,
    VACATED,
    AssociationInput,
    MunicipalityInput,
)
from .models import AllocationFigure, FigureKind, Group

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Sourced:
    """One figure with where it comes from; ``value`` None: not known."""

    value: int | None
    source: str = ""
    year: int | None = None
    is_demo: bool = False
    derived: bool = False


MISSING = Sourced(None)


@dataclass
class AssociationFigures:
    slug: str
    name: str
    stock: Sourced = MISSING
    vacated: Sourced = MISSING


@dataclass
class MunicipalityFigures:
    code: str
    name: str
    inhabitants: Sourced = MISSING
    social_stock: Sourced = MISSING
    vacated: Sourced = MISSING
    presence: Sourced = MISSING
    associations: list[AssociationFigures] = field(default_factory=list)


def _latest_monitor(key: str, codes: list[str], year: int) -> dict[str, Figure]:
    """Per code the known value of ``key`` in the latest period up to ``year``."""
    found: dict[str, Figure] = {}
    for period in sorted((p for p in periods(key) if p <= year), reverse=True):
        missing = [code for code in codes if code not in found]
        if not missing:
            break
        for code, figure in figures(key, period, codes=missing).items():
            if figure.known:
                found[code] = figure
    return found


def _monitor_source(figure: Figure) -> str:
    """The monitor's citation (it names the table and the peildatum)."""
    return figure.citation


def _recorded(kind: str, codes: list[str], year: int, *, group: Group | None = None) -> dict:
    """The current recorded figures of ``kind`` up to ``year``: (code, org id) -> latest."""
    rows = AllocationFigure.objects.current().filter(
        kind=kind, municipality_code__in=codes, year__lte=year
    )
    rows = rows.filter(group=group) if group is not None else rows.filter(group__isnull=True)
    found: dict[tuple[str, int | None], AllocationFigure] = {}
    for figure in rows.select_related("organisation").order_by("year", "recorded_at"):
        found[(figure.municipality_code, figure.organisation_id)] = figure
    return found


def _sourced(figure: AllocationFigure | None) -> Sourced:
    if figure is None:
        return MISSING
    return Sourced(figure.value, figure.source, figure.year, figure.is_demo)


def _derived_stock(codes: list[str], year: int) -> dict[str, Sourced]:
    homes = _latest_monitor("woningvoorraad", codes, year)
    shares = _latest_monitor("huurwoningen-corporatie", codes, year)
    found = {}
    for code in codes:
        if code in homes and code in shares:
            home, share = homes[code], shares[code]
            found[code] = Sourced(
                round(home.value * share.value / 100),
                _(
                    "Afgeleid: woningvoorraad × aandeel huurwoningen van corporaties / 100 "
                    "(%(homes)s; %(share)s). Corporatiebezit volgens CBS, niet hetzelfde als "
                    "sociale huur."
                )
                % {"homes": _monitor_source(home), "share": _monitor_source(share)},
                min(home.period, share.period),
                derived=True,
            )
    return found


def region_codes(region) -> list[str]:
    return sorted(region.members.values_list("municipality_code", flat=True))


def region_figures(region, *, group: Group, year: int) -> list[MunicipalityFigures]:
    """Every figure a key or cap may use, for each municipality of ``region`` (by code)."""
    codes = region_codes(region)
    names = dict(
        Area.objects.filter(level=Level.MUNICIPALITY, code__in=codes)
        .order_by("vintage")
        .values_list("code", "name")
    )
    people = _latest_monitor("inwoners", codes, year)
    stock = _recorded(FigureKind.SOCIAL_STOCK, codes, year)
    derived = _derived_stock(codes, year)
    vacated = _recorded(FigureKind.VACATED_SOCIAL, codes, year)
    presence = _recorded(FigureKind.GROUP_PRESENCE, codes, year, group=group)
    associations = list(
        Organisation.objects.filter(kind=OrganisationKind.HOUSING_ASSOCIATION).order_by("name")
    )
    result = []
    for code in codes:
        inhabitants = MISSING
        if code in people:
            figure = people[code]
            inhabitants = Sourced(round(figure.value), _monitor_source(figure), figure.period)
        own_stock = stock.get((code, None))
        municipality = MunicipalityFigures(
            code=code,
            name=names.get(code, code),
            inhabitants=inhabitants,
            social_stock=_sourced(own_stock) if own_stock else derived.get(code, MISSING),
            vacated=_sourced(vacated.get((code, None))),
            presence=_sourced(presence.get((code, None))),
        )
        for organisation in associations:
            key = (code, organisation.pk)
            if code in (organisation.working_area_codes or []) or key in stock:
                municipality.associations.append(
                    AssociationFigures(
                        organisation.slug,
                        organisation.name,
                        _sourced(stock.get(key)),
                        _sourced(vacated.get(key)),
                    )
                )
        result.append(municipality)
    return result


def as_inputs(rows: list[MunicipalityFigures]) -> list[MunicipalityInput]:
    """The pure calculation's input."""
    return [
        MunicipalityInput(
            code=m.code,
            name=m.name,
            inhabitants=m.inhabitants.value,
            social_stock=m.social_stock.value,
            vacated=m.vacated.value,
            presence=m.presence.value,
            associations=tuple(
                AssociationInput(a.slug, a.name, a.stock.value, a.vacated.value)
                for a in m.associations
            ),
        )
        for m in rows
    ]


def as_json(rows: list[MunicipalityFigures]) -> list[dict]:
    return [asdict(m) for m in rows]


def uses_demo(rows: list[dict], *, keys, caps: bool, association_caps: bool) -> bool:
    """Whether a calculation with these keys and caps used a demonstration figure."""
    attributes = set()
    for key in keys:
        attributes |= {
            INHABITANTS: {"inhabitants"},
            SOCIAL_STOCK: {"social_stock"},
            VACATED: {"vacated"},
            CONCENTRATION: {"inhabitants", "presence"},
        }[key]
    if caps:
        attributes.add("vacated")
    for municipality in rows:
        if any(municipality[name]["is_demo"] for name in attributes):
            return True
        for association in municipality["associations"]:
            if association["stock"]["is_demo"] or (
                association_caps and association["vacated"]["is_demo"]
            ):
                return True
    return False


# ----------------------------------------------------------------------------- loading


def _load(entries: list[dict], *, default_source: str = "", is_demo: bool) -> str:
    created = unchanged = replaced = skipped = 0
    for entry in entries:
        organisation = group = None
        if entry.get("organisation"):
            organisation = Organisation.objects.filter(slug=entry["organisation"]).first()
            if organisation is None:
                skipped += 1
                continue
        if entry.get("group"):
            group = Group.objects.filter(key=entry["group"]).first()
            if group is None:
                skipped += 1
                continue
        source = entry.get("source", default_source)
        current = (
            AllocationFigure.objects.current()
            .filter(
                kind=entry["kind"],
                municipality_code=entry["municipality"],
                organisation=organisation,
                group=group,
                year=entry["year"],
            )
            .first()
        )
        if current and (current.value, current.source, current.is_demo) == (
            entry["value"],
            source,
            is_demo,
        ):
            unchanged += 1
            continue
        AllocationFigure.objects.create(
            kind=entry["kind"],
            municipality_code=entry["municipality"],
            organisation=organisation,
            group=group,
            year=entry["year"],
            value=entry["value"],
            source=source,
            is_demo=is_demo,
            supersedes=current,
        )
        if current:
            replaced += 1
        else:
            created += 1
    text = f"{created} nieuw, {replaced} vervangen, {unchanged} ongewijzigd"
    return text + (f", {skipped} overgeslagen (organisatie of groep ontbreekt)" if skipped else "")


def _read(name: str) -> dict:
    with (DATA / name).open("rb") as handle:
        return tomllib.load(handle)


@transaction.atomic
def load_stock_figures() -> str:
    """The real DAEB stock per association from the agreements (``association_stock.toml``)."""
    return _load(_read("association_stock.toml")["figure"], is_demo=False)


@transaction.atomic
def load_demo_figures() -> str:
    """The invented vacated homes and group presence of the demo, all ``is_demo``."""
    data = _read("demo_figures.toml")
    return _load(data["figure"], default_source=data["source"], is_demo=True)
