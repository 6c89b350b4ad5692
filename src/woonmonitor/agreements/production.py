"""Realised new-build that housing associations report in the agreements, for programming.

The one door through which ``programming`` reads the agreements (tests/test_architecture.py):
realisation against plan per year shows CBS new-build beside what associations report for
themselves (``RealisedFigure`` with measure ``new_build``), per municipality and year. Only the
current figure of each cell (corrections replace), and only from published agreements, so a
draft's figures never reach a public page
(an archived edition's figures stay: they were published). Reads the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .measures import Measure
from .models import AgreementStatus, RealisedFigure


@dataclass(frozen=True)
class ReportedNewBuild:
    """New-build reported by associations in one municipality and year."""

    code: str
    year: int
    homes: int
    #: the associations that reported, as the documents name them
    parties: tuple[str, ...]
    #: the agreements the figures were reported under ("Prestatieafspraken Hoogeveen 2021-2024")
    agreements: tuple[str, ...]


def reported_new_build(codes: Iterable[str]) -> dict[str, dict[int, ReportedNewBuild]]:
    """``{code: {year: ReportedNewBuild}}`` for the municipalities ``codes``."""
    rows = (
        RealisedFigure.objects.current()
        .filter(
            measure=Measure.NEW_BUILD,
            agreement__municipality_code__in=list(codes),
            agreement__status__in=[AgreementStatus.PUBLISHED, AgreementStatus.ARCHIVED],
        )
        .values_list(
            "agreement__municipality_code", "year", "value", "party__name", "agreement__title"
        )
    )
    homes: dict[tuple[str, int], int] = defaultdict(int)
    parties: dict[tuple[str, int], set[str]] = defaultdict(set)
    titles: dict[tuple[str, int], set[str]] = defaultdict(set)
    for code, year, value, party, title in rows:
        homes[(code, year)] += value
        parties[(code, year)].add(party)
        titles[(code, year)].add(title)
    found: dict[str, dict[int, ReportedNewBuild]] = defaultdict(dict)
    for (code, year), total in homes.items():
        found[code][year] = ReportedNewBuild(
            code,
            year,
            total,
            tuple(sorted(parties[(code, year)])),
            tuple(sorted(titles[(code, year)])),
        )
    return dict(found)
