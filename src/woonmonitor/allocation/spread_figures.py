"""Reads for the page "spread within a municipality" (Hoogeveen #21): the placements of a group
per wijk against the social stock per wijk from the monitor (``monitor.figures``). Touches the
database; the arithmetic and the disclosure control are in ``spread`` (pure).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from woonmonitor.areas.models import Area, Level
from woonmonitor.monitor.figures import figures as monitor_figures
from woonmonitor.monitor.figures import periods as monitor_periods

from . import realised, spread
from .models import Group, period_label
from .realisation import by_municipality, placement_rows
from .statushouders_reads import municipality_names

#: The monitor indicators a wijk's social stock is read from, best first (see ``wijk_stock``).
STOCK_COUNT = "sociale-huurwoningen"
STOCK_PERCENT = "huurwoningen-corporatie"
HOMES = "woningvoorraad"


@dataclass
class WijkStock:
    stock: dict[str, float]
    label: str
    source: str
    period: int | None
    exact: bool


def wijk_stock(codes: list[str], year: int) -> WijkStock:
    """The social stock per wijk from the monitor, the latest period up to ``year``:
    ``sociale-huurwoningen`` (entered by parties) when it covers the wijken; else CBS's share of
    homes owned by housing associations times the homes (``huurwoningen-corporatie`` ×
    ``woningvoorraad`` / 100, owned by an association, not the same as social rent); else all
    homes (``woningvoorraad``), said plainly on the page."""

    def latest(key: str) -> int | None:
        found = [p for p in monitor_periods(key, level=Level.DISTRICT) if p <= year]
        return found[-1] if found else None

    period = latest(STOCK_COUNT)
    if period is not None:
        values = monitor_figures(STOCK_COUNT, period, codes=codes, level=Level.DISTRICT)
        known = {code: f.value for code, f in values.items() if f.known}
        if known:
            source = next(iter(values.values())).citation
            return WijkStock(known, _("sociale huurwoningen"), source, period, True)
    period = latest(STOCK_PERCENT)
    if period is not None:
        percent = monitor_figures(STOCK_PERCENT, period, codes=codes, level=Level.DISTRICT)
        homes = monitor_figures(HOMES, period, codes=codes, level=Level.DISTRICT)
        known = {
            code: round(homes[code].value * f.value / 100)
            for code, f in percent.items()
            if f.known and code in homes and homes[code].known
        }
        if known:
            source = next(iter(percent.values())).citation
            label = _("huurwoningen van corporaties (CBS; niet precies sociale huur)")
            return WijkStock(known, label, source, period, False)
    period = latest(HOMES)
    if period is not None:
        homes = monitor_figures(HOMES, period, codes=codes, level=Level.DISTRICT)
        known = {code: f.value for code, f in homes.items() if f.known}
        if known:
            source = next(iter(homes.values())).citation
            label = _("alle woningen (de sociale voorraad per wijk is niet geladen)")
            return WijkStock(known, label, source, period, False)
    return WijkStock({}, _("geen voorraad per wijk geladen"), "", None, False)


@dataclass
class Spread:
    code: str
    name: str
    group: Group
    year: int
    half: int
    result: spread.SpreadResult
    stock: WijkStock
    is_demo: bool
    sources: list[str]
    vintage: int | None

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.half)


def wijken_of(code: str, year: int) -> tuple[list[tuple[str, str]], int | None]:
    """(code, name) of the wijken of a municipality in the vintage nearest ``year``."""
    vintages = sorted(
        set(
            Area.objects.filter(level=Level.DISTRICT, parent__code=code).values_list(
                "vintage", flat=True
            )
        )
    )
    if not vintages:
        return [], None
    vintage = min(vintages, key=lambda v: (abs(v - year), -v))
    rows = Area.objects.filter(level=Level.DISTRICT, parent__code=code, vintage=vintage)
    return sorted(rows.values_list("code", "name"), key=lambda item: item[0]), vintage


def spread_for(*, code: str, group: Group, year: int, half: int) -> Spread | None:
    """The spread of the group's placements over the wijken of municipality ``code``."""
    name = municipality_names([code]).get(code)
    if name is None:
        return None
    wijken, vintage = wijken_of(code, year)
    stock = wijk_stock([wijk for wijk, _name in wijken], year)
    counts: list[realised.Count] = []
    demo = False
    reporters: dict[str, datetime.datetime] = {}
    for row in placement_rows(group, [code], year, half):
        own = by_municipality(row["organisation__kind"], row["organisation__area_code"], code)
        key = spread.wijk_code(row["area_code"]) or row["area_code"] or "-"
        counts.append(realised.Count(row["month"], row["count"], own, key))
        demo = demo or row["is_demo"]
        org = row["organisation__name"]
        reporters[org] = max(reporters.get(org, row["created_at"]), row["created_at"])
    per_area = _per_area(counts)
    result = spread.spread(
        [spread.Wijk(wijk, wijk_name, stock.stock.get(wijk)) for wijk, wijk_name in wijken],
        per_area,
    )
    sources = []
    if reporters:
        sources.append(
            _("Plaatsingen per wijk: opgegeven door %(parties)s; laatst bijgewerkt %(date)s")
            % {
                "parties": ", ".join(sorted(reporters)),
                "date": formats.date_format(max(reporters.values()), "j F Y"),
            }
        )
    if stock.source:
        sources.append(
            _("Voorraad per wijk (%(label)s), %(period)s: %(source)s")
            % {"label": stock.label, "period": stock.period, "source": stock.source}
        )
    return Spread(code, name, group, year, half, result, stock, demo, sources, vintage)


def _per_area(counts: list[realised.Count]) -> dict[str, int]:
    """Per wijk (or "-" for no wijk) the count housed. The municipality and its associations
    report the same people, so per month one of them counts: the municipality's own figures
    when they name wijken, else the associations' when they do, else the municipality's own,
    else the associations' (the ledger's rule, preferring whoever says where)."""
    by_month: dict[int, list[realised.Count]] = {}
    for item in counts:
        by_month.setdefault(item.month, []).append(item)
    result: dict[str, int] = {}
    for items in by_month.values():
        own = [item for item in items if item.own]
        others = [item for item in items if not item.own]

        def located(rows: list[realised.Count]) -> bool:
            return any(row.key != "-" for row in rows)

        if own and located(own):
            chosen = own
        elif others and located(others):
            chosen = others
        else:
            chosen = own or others
        for item in chosen:
            result[item.key] = result.get(item.key, 0) + item.count
    return result
