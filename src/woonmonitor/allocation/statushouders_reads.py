"""Reading the statushouders tasks and placements into ledgers (one municipality) and region
tables (one half-year). Touches the database (three queries per set of ledgers); the arithmetic
is in ``ledger`` and ``statutory`` (pure). ``allocation.statushouders`` re-exports these reads.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.areas.models import Area, Level, Region
from woonmonitor.areas.names import latest_names

from . import ledger, statutory
from .models import Group, NationalNumber, Placement, Task

GROUP_KEY = "statushouders"
#: The region picker's default: every municipality of the province of Drenthe.
PROVINCE_SLUG = "drenthe"
PROVINCE_CODE = "PV22"


def computation_of(task: Task) -> statutory.Computation | None:
    """The pure computation behind a computed task, rebuilt from its ``basis`` (for the steps)."""
    basis = task.basis or {}
    if task.origin != Task.Origin.COMPUTED or "vg" not in basis:
        return None
    return statutory.Computation(
        code=task.municipality_code,
        vg=basis["vg"],
        population=basis["population"],
        national_population=basis["national_population"],
        raw_task=basis["raw_task"],
        exchanges=tuple(
            statutory.Exchange(e["giver"], e["receiver"], e["amount"], e.get("decision", ""))
            for e in basis.get("exchanges", [])
        ),
        task=basis["task"],
        override=bool(basis.get("population_override")),
    )


def municipality_names(codes: Iterable[str] | None = None) -> dict[str, str]:
    """Code -> name of municipalities, the latest vintage's name winning."""
    return latest_names(codes)


def regions() -> list[tuple[str, str]]:
    """(slug, name) of the choosable regions: the province first, then ``areas.Region``."""
    return [(PROVINCE_SLUG, _("Provincie Drenthe (alle gemeenten)"))] + list(
        Region.objects.order_by("name").values_list("slug", "name")
    )


def region_codes(slug: str) -> list[str] | None:
    """The municipality codes of a region (``drenthe``: the province's), or None if unknown."""
    if slug == PROVINCE_SLUG:
        latest = Area.objects.latest_vintage(Level.MUNICIPALITY)
        return sorted(
            Area.objects.filter(
                level=Level.MUNICIPALITY, vintage=latest, parent__code=PROVINCE_CODE
            ).values_list("code", flat=True)
        )
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        return None
    return sorted(region.members.values_list("municipality_code", flat=True))


@dataclass
class Ledger:
    """One municipality's ledger: the pure rows plus the records behind them."""

    code: str
    name: str
    rows: list[ledger.Row]
    tasks: dict[tuple[int, int], Task]
    national: dict[tuple[int, int], NationalNumber]
    months: dict[tuple[int, int], ledger.Month]

    def row_for(self, year: int, half: int) -> ledger.Row | None:
        return next((r for r in self.rows if (r.year, r.half) == (year, half)), None)

    def has_demo(self, year: int, half: int) -> bool:
        return any(
            self.months[(year, m)].is_demo
            for m in ledger.months_of(half)
            if (year, m) in self.months
        )


def ledgers(codes: Iterable[str], *, today: datetime.date) -> dict[str, Ledger]:
    """The ledgers of ``codes``: three queries whatever their number."""
    codes = list(codes)
    the_group = Group.objects.filter(key=GROUP_KEY).first()
    names = municipality_names(codes)
    national = {(n.year, n.half): n for n in NationalNumber.objects.all()}
    tasks: dict[str, dict[tuple[int, int], Task]] = defaultdict(dict)
    entries: dict[str, list[ledger.Entry]] = defaultdict(list)
    if the_group is not None:
        for task in Task.objects.current().filter(
            group=the_group, municipality_code__in=codes, half__in=(1, 2)
        ):
            tasks[task.municipality_code][(task.year, task.half)] = task
        placements = Placement.objects.current().filter(
            group=the_group, municipality_code__in=codes
        )
        for p in placements.values(
            "municipality_code",
            "year",
            "month",
            "count",
            "is_demo",
            "organisation__kind",
            "organisation__area_code",
        ):
            entries[p["municipality_code"]].append(
                ledger.Entry(
                    year=p["year"],
                    month=p["month"],
                    count=p["count"],
                    by_municipality=p["organisation__kind"] == OrganisationKind.MUNICIPALITY
                    and p["organisation__area_code"] == p["municipality_code"],
                    is_demo=p["is_demo"],
                )
            )
    result = {}
    for code in codes:
        months = ledger.housed_per_month(entries[code])
        periods = ledger.half_years_with_figures(list(tasks[code]), months)
        if periods:  # recorded half-years from the first with figures on, to show why none
            periods = sorted(set(periods) | {p for p in national if p >= periods[0]})
        rows = ledger.build(
            [
                ledger.HalfYear(
                    year,
                    half,
                    tasks[code][(year, half)].amount if (year, half) in tasks[code] else None,
                    ledger.half_year_housed(months, year, half),
                    reported=ledger.half_year_reported(months, year, half),
                )
                for year, half in periods
            ],
            today=(today.year, today.month),
        )
        result[code] = Ledger(code, names.get(code, code), rows, tasks[code], national, months)
    return result


def ledger_for(code: str, *, today: datetime.date) -> Ledger:
    return ledgers([code], today=today)[code]


@dataclass(frozen=True)
class RegionRow:
    """One municipality in the region table of one half-year."""

    code: str
    name: str
    task: Task | None
    computation: statutory.Computation | None
    row: ledger.Row | None
    demo: bool

    @property
    def basis(self) -> dict:
        return self.task.basis if self.task is not None else {}


def region_table(
    region: str, year: int, half: int, *, today: datetime.date
) -> list[RegionRow] | None:
    """The statushouders task of each municipality of ``region`` (a slug, ``drenthe`` for the
    province) in one half-year, with its ledger row; None for an unknown region."""
    codes = region_codes(region)
    if codes is None:
        return None
    found = ledgers(codes, today=today)
    rows = []
    for code in codes:
        book = found[code]
        task = book.tasks.get((year, half))
        rows.append(
            RegionRow(
                code=code,
                name=book.name,
                task=task,
                computation=computation_of(task) if task is not None else None,
                row=book.row_for(year, half),
                demo=book.has_demo(year, half),
            )
        )
    return sorted(rows, key=lambda r: r.name)
