"""Continuity from CBS's own "indelingswijziging" column (KWB): code 1 says the area kept its
code and boundary since the year before, code 3 that its boundary changed. Stored as
``areas.Continuity`` between the two vintages of the code, where both are loaded."""

from __future__ import annotations

from collections.abc import Mapping

from woonmonitor.areas import services as area_services
from woonmonitor.areas.models import Area, Continuity

from ..importers.kwb_buurt import CHANGE_CODES

SAME, CHANGED = "1", "3"


def record_indeling_continuity(
    changes: Mapping[str, str], *, vintage: int, source: str
) -> tuple[int, int]:
    """``(recorded, unchanged)`` judgements vintage-1 -> vintage for codes with code 1 or 3."""
    wanted = {code: change for code, change in changes.items() if change in (SAME, CHANGED)}
    ids: dict[tuple[str, int], int] = {
        (code, year): pk
        for pk, code, year in Area.objects.filter(
            code__in=list(wanted), vintage__in=(vintage - 1, vintage)
        ).values_list("id", "code", "vintage")
    }
    existing = {
        (earlier, later): (same, evidence, src)
        for earlier, later, same, evidence, src in Continuity.objects.filter(
            later_id__in=[pk for (_, year), pk in ids.items() if year == vintage]
        ).values_list("earlier_id", "later_id", "same", "evidence", "source")
    }
    links = []
    unchanged = 0
    for code, change in sorted(wanted.items()):
        earlier, later = ids.get((code, vintage - 1)), ids.get((code, vintage))
        if earlier is None or later is None:
            continue
        evidence = (
            f"CBS indelingswijziging {change} in Kerncijfers wijken en buurten {vintage}: "
            f"{CHANGE_CODES[change]}"
        )
        judgement = (change == SAME, evidence, source[:300])
        if existing.get((earlier, later)) == judgement:
            unchanged += 1
            continue
        links.append((earlier, later, *judgement))
    return area_services.record_continuity(links=links), unchanged
