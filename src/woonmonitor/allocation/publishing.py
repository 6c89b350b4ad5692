"""Publish the statushouders figures of the allocation app as monitor indicators, so the
Wijk- en Dorpenmonitor shows them per gemeente and year (issue 11, point 6). Touches the
database; writes only through ``monitor.services.store_values``, inside one recorded import run
whose source is ``woonmonitor-aandachtsgroepen`` in the sources table, so every value cites
"Woonmonitor, Aandachtsgroepen: ..." beside it; a second run changes nothing and a changed
figure replaces the old value without erasing it.

The indicators (``monitor/data/indicators.toml``, theme ``sociaal-domein``):

* ``statushouders-taakstelling``: the task of the year, the sum of the current tasks of its
  two half-years (or a whole-year task); a year with only one half-year known is not
  published (it would look like a whole year's task);
* ``statushouders-gehuisvest``: the statushouders housed in the year, by the ledger's rule (per
  month the municipality's own figure, else its associations'); the current year is
  ``voorlopig``;
* ``statushouders-saldo``: housed minus task, where both are published.

Demo figures never reach the monitor: a year in which any placement counted is a demo figure
(``is_demo``) gets no ``gehuisvest`` and no ``saldo`` (the monitor's pages cannot say
"demonstratiecijfer"). The computed tasks are real (the law applied to CBS populations), so
they are published also in the demo.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.areas.models import Area, Level
from woonmonitor.imports.services import recording_import
from woonmonitor.monitor.figures import indicator_ids
from woonmonitor.monitor.services import NewValue, store_values

from .ledger import Entry, housed_per_month
from .models import Group, Placement, Task, period_label

TASK = "statushouders-taakstelling"
HOUSED = "statushouders-gehuisvest"
BALANCE = "statushouders-saldo"
KEYS = (TASK, HOUSED, BALANCE)
GROUP_KEY = "statushouders"

# The values of monitor.models.ValueStatus / ValueOrigin (the monitor's models are not ours to
# import: only monitor.figures and monitor.services are).
DEFINITIVE = "definitief"
PROVISIONAL = "voorlopig"
# Imported from the allocation app: the value cites the run's source (the sources table), not
# the monitor's own computation from other indicators.
IMPORTED = "import"
SOURCE_KEY = "woonmonitor-aandachtsgroepen"


def year_tasks(tasks: list[tuple[str, int, int, int, str]]) -> dict[tuple[str, int], tuple]:
    """(code, year) -> (amount, note) from (code, year, half, amount, source) of the current
    tasks: a whole-year task, else the sum of both half-years. Pure."""
    by_year: dict[tuple[str, int], dict[int, tuple[int, str]]] = defaultdict(dict)
    for code, year, half, amount, source in tasks:
        by_year[(code, year)][half] = (amount, source)
    result = {}
    for (code, year), halves in by_year.items():
        if 0 in halves:
            amount, source = halves[0]
            note = f"taakstelling {year}: {source}"
        elif 1 in halves and 2 in halves:
            amount = halves[1][0] + halves[2][0]
            note = (
                f"som van de taakstellingen {period_label(year, 1)} ({halves[1][0]}) en "
                f"{period_label(year, 2)} ({halves[2][0]}); {halves[1][1]}"
            )
        else:
            continue
        result[(code, year)] = (amount, note)
    return result


def year_housed(entries: dict[str, list[Entry]]) -> dict[tuple[str, int], tuple[int, bool]]:
    """(code, year) -> (housed, any demo figure counted), by the ledger's rule. Pure."""
    result: dict[tuple[str, int], list] = {}
    for code, items in entries.items():
        for (year, _month), month in housed_per_month(items).items():
            total = result.setdefault((code, year), [0, False])
            total[0] += month.count
            total[1] = total[1] or month.is_demo
    return {key: (value[0], value[1]) for key, value in result.items()}


def _areas(codes: set[str]) -> dict[str, dict[int, int]]:
    """code -> vintage -> area id of the gemeenten."""
    found: dict[str, dict[int, int]] = defaultdict(dict)
    for pk, code, vintage in Area.objects.filter(
        level=Level.MUNICIPALITY, code__in=list(codes)
    ).values_list("pk", "code", "vintage"):
        found[code][vintage] = pk
    return found


def _area_for(areas: dict[str, dict[int, int]], code: str, year: int) -> int | None:
    """The gemeente in the vintage of the year, else the nearest vintage (later on a tie)."""
    vintages = areas.get(code)
    if not vintages:
        return None
    vintage = min(vintages, key=lambda v: (abs(v - year), -v))
    return vintages[vintage]


def publish_indicators(*, today: datetime.date | None = None) -> str:
    """Write the three statushouders indicators for every gemeente and year with figures."""
    today = today or timezone.localdate()
    ids = indicator_ids(KEYS)
    missing = [key for key in KEYS if key not in ids]
    if missing:
        keys = ", ".join(missing)
        return f"overgeslagen: indicatoren {keys} niet in de catalogus (load_indicators)"
    group = Group.objects.filter(key=GROUP_KEY).first()
    if group is None:
        return "overgeslagen: geen groep statushouders"
    tasks = year_tasks(
        list(
            Task.objects.current()
            .filter(group=group)
            .values_list("municipality_code", "year", "half", "amount", "source")
        )
    )
    entries: dict[str, list[Entry]] = defaultdict(list)
    for row in (
        Placement.objects.current()
        .filter(group=group)
        .values(
            "municipality_code",
            "year",
            "month",
            "count",
            "is_demo",
            "organisation__kind",
            "organisation__area_code",
        )
    ):
        code = row["municipality_code"]
        entries[code].append(
            Entry(
                year=row["year"],
                month=row["month"],
                count=row["count"],
                by_municipality=row["organisation__kind"] == OrganisationKind.MUNICIPALITY
                and row["organisation__area_code"] == code,
                is_demo=row["is_demo"],
            )
        )
    housed = year_housed(entries)
    areas = _areas({code for code, _year in [*tasks, *housed]})
    values: list[NewValue] = []
    skipped_demo = 0
    for (code, year), (amount, note) in sorted(tasks.items()):
        area = _area_for(areas, code, year)
        if area is not None:
            values.append(
                NewValue(ids[TASK], area, year, float(amount), DEFINITIVE, note[:300], IMPORTED)
            )
    for (code, year), (count, demo) in sorted(housed.items()):
        area = _area_for(areas, code, year)
        if area is None:
            continue
        if demo:
            skipped_demo += 1
            continue
        status = PROVISIONAL if year >= today.year else DEFINITIVE
        note = "gehuisvest volgens de opgaven van gemeente en corporaties (Aandachtsgroepen)"
        values.append(NewValue(ids[HOUSED], area, year, float(count), status, note, IMPORTED))
        if (code, year) in tasks:
            balance = count - tasks[(code, year)][0]
            note = f"gehuisvest {count} min taakstelling {tasks[(code, year)][0]}"
            values.append(
                NewValue(ids[BALANCE], area, year, float(balance), status, note, IMPORTED)
            )
    with recording_import(command="publish_indicators", source_key=SOURCE_KEY) as recorder:
        recorder.read(len(values))
        result = store_values(values=values, import_run=recorder.run)
        recorder.accept(len(values))
    text = str(result)
    if skipped_demo:
        text += f"; {skipped_demo} gemeente-jaren met demonstratiecijfers niet gepubliceerd"
    return text
