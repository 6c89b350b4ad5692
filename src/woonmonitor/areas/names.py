"""Gemeente names to CBS codes, for every import that names gemeenten instead of coding them
(the PBL/CBS prognosis, StatLine exports per name, the plan capacity of 2021, the national
woningbouwkaart). Pure (``NameIndex``, ``normalise_name``, ``bare_name``) except
``municipality_names``, which reads the gemeenten the platform knows.

A name is looked up exactly (without case, apostrophes, extra spaces and a "(gemeente)" suffix),
then without a qualifier in brackets ("Beek (L.)" -> "beek"), in the vintage nearest to the
target first; a name that fits none or several gemeenten is reported, never guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from .models import Area, Level

_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")
_APOSTROPHES = str.maketrans("", "", "'’‘`")
#: The vintage searched first when the caller names none: the regional classification of the
#: PBL/CBS prognosis (2018), the first import that resolved names.
DEFAULT_TARGET = 2018


def normalise_name(name: str) -> str:
    """Compare names without case, apostrophes, extra spaces and a "(gemeente)" suffix:
    ``s-Gravenhage (gemeente)`` and ``'s-Gravenhage`` are the same name."""
    text = " ".join(str(name).translate(_APOSTROPHES).lower().split())
    return text.removesuffix(" (gemeente)").strip()


def bare_name(name: str) -> str:
    """The name without any qualifier in brackets: ``beek (l.)`` -> ``beek``."""
    return _QUALIFIER.sub("", normalise_name(name))


class NameIndex:
    """Gemeente names per vintage, searched from the vintage nearest to ``target`` outwards."""

    def __init__(
        self, areas: Iterable[tuple[int, str, str]], *, target: int = DEFAULT_TARGET
    ) -> None:
        self.exact: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.bare: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for vintage, code, name in areas:
            if not name or name == code:
                continue
            self.exact[vintage][normalise_name(name)].add(code)
            self.bare[vintage][bare_name(name)].add(code)
        self.order = sorted(self.exact, key=lambda v: (abs(v - target), -v))

    def resolve(self, name: str) -> tuple[str | None, str]:
        """``(code, remark)``: remark explains a loose match; ``(None, reason)`` if unresolved."""
        for table, loose in ((self.exact, False), (self.bare, True)):
            wanted = bare_name(name) if loose else normalise_name(name)
            for vintage in self.order:
                codes = table[vintage].get(wanted)
                if not codes:
                    continue
                if len(codes) > 1:
                    return None, (
                        f"naam {name!r} past op meer dan één gemeente in {vintage} "
                        f"({', '.join(sorted(codes))}); niet ingelezen"
                    )
                code = next(iter(codes))
                if loose:
                    return code, f"naam {name!r} gekoppeld aan {code} ({vintage}) zonder toevoeging"
                return code, ""
        return None, (
            f"gemeentenaam {name!r} niet gevonden in de bekende jaargangen "
            f"({', '.join(map(str, self.order)) or 'geen'}); niet ingelezen"
        )


def municipality_names(vintages: Iterable[int], *, target: int) -> NameIndex:
    """Names of the gemeenten known in ``vintages`` for resolving names to codes."""
    rows = Area.objects.filter(level=Level.MUNICIPALITY, vintage__in=list(vintages)).values_list(
        "vintage", "code", "name"
    )
    return NameIndex(rows, target=target)


def latest_names(codes: Iterable[str] | None = None) -> dict[str, str]:
    """Code -> name of each gemeente in the latest vintage that has it (all gemeenten, or only
    ``codes``; a code without a loaded area is absent). One query."""
    areas = Area.objects.filter(level=Level.MUNICIPALITY)
    if codes is not None:
        areas = areas.filter(code__in=list(codes))
    return dict(areas.order_by("code", "vintage").values_list("code", "name"))
