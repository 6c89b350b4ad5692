"""Which gemeenten make up a province in a vintage, and when two vintages of a province (or of
the country) are provably the same area. Pure rules, no database.

A province total is the sum over the province's gemeenten, so it is only honest when the
list of gemeenten is complete. The list is known directly when every gemeente of the vintage
has a known province. Older vintages miss the province of gemeenten that were merged away
before any file with provinces was loaded; for them ``province_membership`` proves the list of
one province from a *reference vintage* R in which every gemeente has a known province.

Why that proves it. Gemeenten tile the country and each lies wholly in one province, so in R
the province P is exactly the union of its gemeenten M. The rule asks that

1. every gemeente of M is the same area in V as in R (a chain of ``same`` continuity
   judgements of its code between V and R: its boundaries did not change), and
2. the gemeenten of V with the known province P are exactly the codes of M.

Then in V the gemeenten of M cover exactly the territory P had in R, and every other gemeente
of V lies outside that territory. So the list is complete unless P's border moved between V and
R, and a provincial border moves only together with the gemeenten on it:

- one of P's gemeenten gains or loses land: it is not the same area, and rule 1 refuses;
- a whole gemeente that still exists in R passes to another province (as Vianen went from
  Zuid-Holland to Utrecht in 2002): its province in V differs from R, and rule 2 refuses,
  provided the provinces recorded for V are V's own (``areas.services.ensure_areas`` gives a
  new gemeente the province of the nearest vintage, an assumption every total of V shares);
- a whole gemeente leaves P and is merged away before R, as Leerdam and Zederik went from
  Zuid-Holland to Utrecht in Vijfheerenlanden on 1-1-2019. Its province in V is unknown, and
  nothing in the loaded files tells it apart from a gemeente of a neighbouring province that
  merged. The rule assumes this did not happen to P between V and R, and takes the reference
  vintage nearest to V to keep that span short. (With the real data Zuid-Holland 2018 is
  refused anyway: two of its own gemeenten of 2019 are new.)

Apart from that, a gemeente with an unknown province elsewhere in the country does not matter
for P: it lies outside P's territory.

Two vintages A and B of a province are the same area (``same_area``) when both lists are
proven, name the same gemeenten, and each of them is the same area in A and B: the unions of
equal pieces are equal. The country works the same way with all gemeenten as its list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from woonmonitor.areas.continuity import segments

#: ``{vintage: {gemeente code: province code or None}}``; only vintages whose every gemeente is
#: present (national files), or the missing ones would silently be left out of a province.
Classification = Mapping[int, Mapping[str, str | None]]


class SameLinks:
    """Which vintages of a code are joined by ``same`` judgements, directly or in a chain."""

    def __init__(self, pairs: Iterable[tuple[str, int, int]]) -> None:
        by_code: dict[str, list[tuple[int, int]]] = {}
        for code, earlier, later in pairs:
            by_code.setdefault(code, []).append((earlier, later))
        self._segment: dict[tuple[str, int], int] = {}
        for code, links in by_code.items():
            vintages = {v for pair in links for v in pair}
            for index, group in enumerate(segments(vintages, links)):
                for vintage in group:
                    self._segment[(code, vintage)] = index

    def joined(self, code: str, a: int, b: int) -> bool:
        if a == b:
            return True
        first = self._segment.get((code, a))
        return first is not None and first == self._segment.get((code, b))


@dataclass(frozen=True)
class Membership:
    """The gemeenten of ``province`` in ``vintage``; ``members`` is empty when not proven.

    ``reference`` is None when the vintage itself knows every gemeente's province, else the
    vintage whose complete classification proves the list. ``reason`` says why (Dutch)."""

    province: str
    vintage: int
    members: frozenset[str]
    reference: int | None
    reason: str

    @property
    def proven(self) -> bool:
        return bool(self.members)


def _codes(codes: Iterable[str], limit: int = 3) -> str:
    ordered = sorted(codes)
    more = f" en {len(ordered) - limit} meer" if len(ordered) > limit else ""
    return ", ".join(ordered[:limit]) + more


def _differences(
    known: frozenset[str], members: frozenset[str], here: Mapping[str, str | None], reference: int
) -> str:
    """Why the gemeenten with province P in V are not the gemeenten of P in ``reference``."""
    missing = members - known
    absent = [code for code in missing if code not in here]
    unknown = [code for code in missing if code in here and here[code] is None]
    elsewhere = [code for code in missing if here.get(code) is not None]
    extra = known - members
    parts = [f"niet in deze jaargang: {_codes(absent)}"] if absent else []
    parts += [f"provincie onbekend: {_codes(unknown)}"] if unknown else []
    parts += [f"in een andere provincie: {_codes(elsewhere)}"] if elsewhere else []
    parts += [f"alleen in deze jaargang bij de provincie: {_codes(extra)}"] if extra else []
    return f"andere gemeenten dan in {reference} ({'; '.join(parts)})"


def complete_vintages(classification: Classification) -> list[int]:
    """The vintages in which every gemeente has a known province."""
    return sorted(
        vintage
        for vintage, provinces in classification.items()
        if provinces and all(province is not None for province in provinces.values())
    )


def province_membership(
    province: str, vintage: int, classification: Classification, links: SameLinks
) -> Membership:
    """The proven list of gemeenten of ``province`` in ``vintage`` (see the module text)."""
    here = classification.get(vintage, {})
    known = frozenset(code for code, found in here.items() if found == province)
    unknown = [code for code, found in here.items() if found is None]
    if not unknown:
        if not known:
            return Membership(province, vintage, known, None, "geen gemeenten in deze jaargang")
        return Membership(province, vintage, known, None, "provincie van elke gemeente bekend")
    references = sorted(
        (r for r in complete_vintages(classification) if r != vintage),
        key=lambda r: (abs(r - vintage), r),
    )
    reasons: list[str] = []
    for reference in references:
        members = frozenset(
            code for code, found in classification[reference].items() if found == province
        )
        if not members:
            continue
        if known != members:
            reasons.append(_differences(known, members, here, reference))
            continue
        changed = [code for code in members if not links.joined(code, vintage, reference)]
        if changed:
            reasons.append(
                f"{_codes(changed)} niet aantoonbaar ongewijzigd tussen {min(vintage, reference)}"
                f" en {max(vintage, reference)}"
            )
            continue
        return Membership(
            province,
            vintage,
            members,
            reference,
            f"gemeenten als in {reference}, alle {len(members)} ongewijzigd "
            f"(van {len(unknown)} gemeenten elders is de provincie onbekend)",
        )
    if not references:
        reason = (
            f"van {len(unknown)} van de {len(here)} gemeenten is de provincie onbekend "
            f"({_codes(unknown)}) en geen jaargang kent de provincie van elke gemeente"
        )
    elif not reasons:
        reason = "de provincie komt in geen jaargang met een volledige indeling voor"
    else:
        reason = reasons[0]
    return Membership(province, vintage, frozenset(), None, reason)


def memberships(
    classification: Classification, links: SameLinks
) -> dict[tuple[str, int], Membership]:
    """``{(province, vintage): Membership}`` for every province known in any vintage."""
    provinces = {found for codes in classification.values() for found in codes.values() if found}
    return {
        (province, vintage): province_membership(province, vintage, classification, links)
        for vintage in classification
        for province in sorted(provinces)
    }


def same_area(earlier: Membership, later: Membership, links: SameLinks) -> bool:
    """Both lists proven, the same gemeenten, each the same area in both vintages."""
    return (
        earlier.proven
        and later.proven
        and earlier.members == later.members
        and all(links.joined(code, earlier.vintage, later.vintage) for code in earlier.members)
    )


def same_area_evidence(earlier: Membership, later: Membership, name: str) -> str:
    """Dutch evidence for a ``same_area`` judgement."""
    text = (
        f"alle {len(earlier.members)} gemeenten van {name} ongewijzigd tussen "
        f"{earlier.vintage} en {later.vintage} (zie hun continuïteit)"
    )
    references = sorted({m.reference for m in (earlier, later) if m.reference is not None})
    if references:
        text += (
            f"; welke gemeenten bij {name} horen, blijkt uit de indeling van "
            f"{' en '.join(str(r) for r in references)}"
        )
    return text
