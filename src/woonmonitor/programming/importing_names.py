"""Municipality names to CBS codes for the imports (plan capacity, woningbouwkaart): the one
place programming reaches the platform's name resolution (``NameIndex``: exact name, then
without a qualifier such as "(L.)", nearest vintage first; a name that fits none or several
is reported, never guessed). Reads the database (``municipality_names``, ``known_vintages``).

The resolution itself lives with the areas (``woonmonitor.areas.names``), shared with the
monitor's importers.
"""

from __future__ import annotations

from woonmonitor.areas.models import Area, Level
from woonmonitor.areas.names import NameIndex, bare_name, municipality_names, normalise_name


def known_vintages() -> list[int]:
    """The vintages of the municipalities the platform knows (empty: none loaded)."""
    return sorted(
        set(Area.objects.filter(level=Level.MUNICIPALITY).values_list("vintage", flat=True))
    )


def name_index(target: int, vintages: list[int] | None = None) -> NameIndex:
    """Every municipality name the platform knows, nearest to ``target`` first."""
    return municipality_names(known_vintages() if vintages is None else vintages, target=target)


__all__ = ["NameIndex", "bare_name", "known_vintages", "name_index", "normalise_name"]
