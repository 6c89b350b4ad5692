"""Possible duplicates among projects, within one source or across sources, for review.

Pure: no database. Two projects are possibly the same when they come from the same source
with the same id, or when their names and municipalities are the same after normalisation
(case, accents, punctuation, "&"/"en", a leading "gemeente"). They are reported for a person
to decide; nothing here merges, drops or sums them (domain.md: "the same project counted
twice from two sources").
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """``'Ter Apel-Zuid & Oost '`` -> ``'ter apel zuid en oost'``."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    plain = plain.replace("&", " en ")
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def normalise_municipality(text: str) -> str:
    """A municipality's name or code, normalised; ``'Gemeente Borger-Odoorn'`` ->
    ``'borger odoorn'``. Names in parentheses stay (Bergen (NH.) is not Bergen (L.))."""
    name = normalise(text)
    return name.removeprefix("gemeente ").strip()


@dataclass(frozen=True)
class Candidate:
    """One project as the detector sees it."""

    #: where it comes from (``woningbouwkaart``, ``planlijst``)
    source: str
    #: its id in that source, or its row
    reference: str
    name: str
    #: the municipality's name (callers map codes to names before comparing across sources)
    municipality: str
    #: the record or row number in the file, for the report
    position: int = 0


@dataclass(frozen=True)
class PossibleDuplicate:
    """Projects that may be one and the same, with the reasons (Dutch) to think so."""

    candidates: tuple[Candidate, ...]
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        which = ", ".join(
            f"{item.source} {item.reference} ({item.name}, {item.municipality})"
            for item in self.candidates
        )
        return _("Mogelijk dubbel: %(which)s; %(reasons)s.") % {
            "which": which,
            "reasons": "; ".join(self.reasons),
        }


def find_duplicates(candidates: Iterable[Candidate]) -> list[PossibleDuplicate]:
    """Groups of candidates that may be the same project, in the order first seen."""
    items = list(candidates)
    groups: dict[tuple[int, ...], list[str]] = defaultdict(list)
    by_id: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        if item.reference:
            by_id[(item.source, item.reference)].append(index)
        name = normalise(item.name)
        if name:
            by_name[(name, normalise_municipality(item.municipality))].append(index)
    for (source, reference), indexes in by_id.items():
        if len(indexes) > 1:
            groups[tuple(indexes)].append(
                _("zelfde id %(reference)s in %(source)s")
                % {"reference": reference, "source": source}
            )
    for _key, indexes in by_name.items():
        if len(indexes) > 1:
            groups[tuple(indexes)].append(_("zelfde naam en gemeente"))
    return [
        PossibleDuplicate(tuple(items[i] for i in indexes), tuple(reasons))
        for indexes, reasons in sorted(groups.items())
    ]
