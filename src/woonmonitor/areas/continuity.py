"""When are two vintages of a code the same area? Pure rules, no database.

CBS keeps a code when a municipality, wijk or buurt is redrawn (a gemeente that absorbs a
neighbour keeps its code), so a code alone never proves continuity. These functions judge the
evidence we do have; anything they cannot judge stays "unknown" and is shown apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: Surfaces of the same area differ a little between vintages (new measurements, water).
SURFACE_TOLERANCE = 0.02


@dataclass(frozen=True)
class Judgement:
    same: bool
    evidence: str


def judge_surfaces(earlier_ha: float, later_ha: float, *, tolerance: float = SURFACE_TOLERANCE):
    """Same area if the total surface differs by at most ``tolerance`` (a fraction)."""
    if earlier_ha <= 0 or later_ha <= 0:
        return None
    difference = abs(later_ha - earlier_ha) / max(earlier_ha, later_ha)
    same = difference <= tolerance
    verdict = "gelijk" if same else "verschilt"
    return Judgement(
        same,
        f"oppervlakte {earlier_ha:,.0f} ha → {later_ha:,.0f} ha ({verdict}, "
        f"{difference:.1%} verschil)".replace(",", "."),
    )


def judge_stock(end_of_earlier: float, begin_of_later: float) -> Judgement:
    """Consecutive years of one stock table: the stock at the start of a year equals the stock
    at the end of the previous year unless the area changed in between."""
    same = round(end_of_earlier) == round(begin_of_later)
    verb = "sluit aan op" if same else "sluit niet aan op"
    return Judgement(
        same,
        f"beginstand woningvoorraad {begin_of_later:.0f} {verb} eindstand vorig jaar "
        f"{end_of_earlier:.0f}",
    )


def segments(vintages: Iterable[int], same_pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Group vintages into runs that may be joined: vintages linked (directly or through
    others) by a ``same`` judgement share a segment. Segments are sorted by first vintage."""
    parent: dict[int, int] = {v: v for v in vintages}

    def find(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for a, b in same_pairs:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for v in sorted(parent):
        groups.setdefault(find(v), []).append(v)
    return sorted(groups.values(), key=lambda group: group[0])
