"""The table of smaller areas on a profile (its wijken or buurten) with a few key figures.

Reads the database: one query for the values, one for disclosure control.
"""

from __future__ import annotations

from dataclasses import dataclass

from woonmonitor.areas.models import Level

from .models import Indicator, IndicatorValue
from .presentation import VALUE_FIELDS, Cell, area_ids, cell, cell_html, nearest_rows
from .profile import Profile
from .public import disclose_rows

#: The figures of the table of smaller areas on a profile (those loaded are shown).
CHILD_KEYS = ("inwoners", "woningvoorraad", "woz-gemiddeld", "koopwoningen", "woningbezetting")


@dataclass(frozen=True)
class Child:
    code: str
    name: str
    vintage: int
    level: str
    cells: tuple[Cell | None, ...]

    @property
    def cells_html(self) -> list[str]:
        return [cell_html(item) for item in self.cells]


@dataclass
class ChildTable:
    indicators: list[Indicator]
    rows: list[Child]


def child_table(profile: Profile) -> ChildTable:
    """The wijken (or buurten) of the area with a few key figures in the profile's period:
    one query for the values and one for disclosure control."""
    chosen_indicators = [i for key in CHILD_KEYS for i in profile.indicators if i.key == key]
    if profile.period is None or not chosen_indicators or profile.area.level == Level.NEIGHBOURHOOD:
        return ChildTable([], [])
    raw = list(
        IndicatorValue.objects.current()
        .filter(
            period=profile.period,
            area_id__in=area_ids(parent_id__in=profile.version_ids),
            indicator__in=[i.pk for i in chosen_indicators],
        )
        .values(*VALUE_FIELDS)
    )
    if not raw:
        return ChildTable([], [])
    rows = disclose_rows(raw, {i.pk: i for i in chosen_indicators})
    chosen = nearest_rows(rows, key=lambda row: (row["area__code"], row["indicator_id"]))
    areas = {row["area__code"]: row for row in chosen.values()}
    present = [i for i in chosen_indicators if any(key[1] == i.pk for key in chosen)]
    children = [
        Child(
            code,
            row["area__name"],
            row["area__vintage"],
            row["area__level"],
            tuple(cell(chosen.get((code, i.pk)), i) for i in present),
        )
        for code, row in areas.items()
    ]
    return ChildTable(present, sorted(children, key=lambda child: child.name))
