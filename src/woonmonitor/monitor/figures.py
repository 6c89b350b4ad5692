"""The monitor's figures for other capability apps: one value per gemeente, with its source.

``allocation`` (populations for the statutory statushouders task, older people for the
housing-with-care need, inhabitants as a distribution key) and ``programming`` read the
monitor through this module only (``docs/developers/architecture.md``). Values are the
current, unrounded figures as loaded: these are inputs of a calculation, not a published
figure about people in a small area (every caller works at gemeente level or above; a
disclosure-controlled value for display comes from ``monitor.public``). Reads the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from woonmonitor.areas.models import Level

from .citations import cite_rows
from .models import Indicator, IndicatorValue, ValueStatus


@dataclass(frozen=True)
class Figure:
    """One gemeente's (or the country's) value of one indicator in one period."""

    code: str
    name: str
    period: int
    value: float | None
    status: str
    citation: str
    reference_date: date | None

    @property
    def known(self) -> bool:
        return self.value is not None and self.status not in (
            ValueStatus.SUPPRESSED,
            ValueStatus.MISSING,
        )


def figures(
    indicator_key: str,
    period: int,
    *,
    codes: Iterable[str] | None = None,
    level: str = Level.MUNICIPALITY,
) -> dict[str, Figure]:
    """The current values of ``indicator_key`` in ``period`` by area code, at ``level``
    (``gemeente`` by default, ``land`` for the Netherlands), optionally only for ``codes``.
    A code without a value is absent from the result. Two queries plus the citations."""
    indicator = Indicator.objects.filter(key=indicator_key).first()
    if indicator is None:
        return {}
    values = IndicatorValue.objects.current().filter(
        indicator=indicator, period=period, area__level=level
    )
    if codes is not None:
        values = values.filter(area__code__in=list(codes))
    rows = list(
        values.values(
            "indicator_id",
            "import_run_id",
            "origin",
            "period",
            "value",
            "status",
            "area__code",
            "area__name",
            "area__vintage",
            "organisation__name",
        )
    )
    cite_rows(rows, {indicator.pk: indicator})
    found: dict[str, Figure] = {}
    for row in rows:
        line = row["citation"]
        found[row["area__code"]] = Figure(
            code=row["area__code"],
            name=row["area__name"],
            period=row["period"],
            value=row["value"],
            status=row["status"],
            citation=line.text,
            reference_date=line.reference_date,
        )
    return found


def periods(indicator_key: str, *, level: str = Level.MUNICIPALITY) -> list[int]:
    """The periods in which ``indicator_key`` has current values at ``level``, ascending."""
    return sorted(
        IndicatorValue.objects.current()
        .filter(indicator__key=indicator_key, area__level=level)
        .values_list("period", flat=True)
        .distinct()
    )


def indicator_ids(keys: Iterable[str]) -> dict[str, int]:
    """The ids of the catalogue's indicators among ``keys`` (absent: not in the catalogue), for
    a capability app that writes derived values through ``services.NewValue``. One query."""
    return dict(Indicator.objects.filter(key__in=list(keys)).values_list("key", "pk"))
