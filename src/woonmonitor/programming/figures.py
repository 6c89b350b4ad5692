"""A project's figures and whether they add up. Pure: no database.

``ProjectFigures`` is what a form, a plan-list row or a woningbouwkaart record gives for one
project; ``problems`` returns every Dutch message about figures that do not add up (an empty
list means they do). The same figures are stored on ``Project`` and, as ``as_data``, in every
``ProjectVersion`` and peilmoment copy.

Rules (issue 12, point 1):

* netto = bruto - sloop when all three are given;
* the segments, when every one is known, add up to netto; when some are unknown the known ones
  may not exceed it (the rest is "segment onbekend"); unknown is ``None``, never 0;
* the building forms (grondgebonden, appartement, flexwoning) likewise; the features
  (nultreden, geclusterd, zorggeschikt) each at most netto, never summed;
* the deliveries per year together at most netto (the rest: "jaar onbekend"), years 2000-2100.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .checks import Segments
from .parsing.segments import (
    FEATURES,
    FORMS,
    DwellingType,
    Segment,
    Tally,
    Units,
    sum_problem,
    tally,
)

FIRST_YEAR = 2000
LAST_YEAR = 2100


@dataclass(frozen=True)
class ProjectFigures:
    units_net: int
    units_gross: int | None = None
    demolition: int | None = None
    #: segment key -> count (``None`` unknown); a missing key is unknown too
    segments: Mapping[str, int | None] = field(default_factory=dict)
    dwelling_types: Mapping[str, int | None] = field(default_factory=dict)
    #: year -> expected delivered units
    deliveries: Mapping[int, int] = field(default_factory=dict)

    def segment_units(self) -> tuple[Units, ...]:
        return tuple(Units(segment.value, self.segments.get(segment.value)) for segment in Segment)

    def check_segments(self) -> Segments:
        """The plan's units for the checks: "huur/koop onbekend" and "onbekend" (and every
        unknown count, and netto not covered by known counts) are units of unknown segment."""
        known = {key: count for key, count in self.segments.items() if count is not None}
        social = known.get(Segment.SOCIAL_RENT, 0)
        middle_rent = known.get(Segment.MIDDLE_RENT, 0)
        expensive_rent = known.get(Segment.EXPENSIVE_RENT, 0)
        affordable = known.get(Segment.AFFORDABLE_PURCHASE, 0)
        expensive_purchase = known.get(Segment.EXPENSIVE_PURCHASE, 0)
        classified = social + middle_rent + expensive_rent + affordable + expensive_purchase
        return Segments(
            social_rent=social,
            middle_rent=middle_rent,
            expensive_rent=expensive_rent,
            affordable_purchase=affordable,
            expensive_purchase=expensive_purchase,
            unknown=max(self.units_net - classified, 0),
        )

    def as_data(self) -> dict[str, Any]:
        return {
            "units_net": self.units_net,
            "units_gross": self.units_gross,
            "demolition": self.demolition,
            "segments": {key: self.segments.get(key) for key in Segment.values},
            "dwelling_types": {key: self.dwelling_types.get(key) for key in DwellingType.values},
            "deliveries": {str(year): units for year, units in sorted(self.deliveries.items())},
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ProjectFigures:
        return cls(
            units_net=data["units_net"],
            units_gross=data.get("units_gross"),
            demolition=data.get("demolition"),
            segments=dict(data.get("segments") or {}),
            dwelling_types=dict(data.get("dwelling_types") or {}),
            deliveries={int(year): units for year, units in (data.get("deliveries") or {}).items()},
        )


def problems(figures: ProjectFigures) -> list[str]:
    """Every reason the figures do not add up, in Dutch; ``[]`` when they do."""
    found: list[str] = []
    net = figures.units_net
    if net < 0:
        found.append(_("Het aantal woningen netto kan niet negatief zijn."))
    for name, value in (
        (_("woningen bruto"), figures.units_gross),
        (_("sloop"), figures.demolition),
    ):
        if value is not None and value < 0:
            found.append(_("%(name)s kan niet negatief zijn.") % {"name": name})
    if figures.units_gross is not None and figures.demolition is not None:
        expected = figures.units_gross - figures.demolition
        if expected != net:
            found.append(
                _(
                    "Netto (%(net)s) is niet bruto (%(gross)s) min sloop (%(demolition)s) = "
                    "%(expected)s."
                )
                % {
                    "net": net,
                    "gross": figures.units_gross,
                    "demolition": figures.demolition,
                    "expected": expected,
                }
            )
    for key, count in list(figures.segments.items()) + list(figures.dwelling_types.items()):
        if count is not None and count < 0:
            found.append(_("Een aantal woningen kan niet negatief zijn (%(key)s).") % {"key": key})
    if net < 0:
        return found
    segment_problem = sum_problem(
        tally(figures.segment_units(), net),
        parts=_("De segmenten"),
        total_name=_("het aantal woningen netto"),
    )
    if segment_problem:
        found.append(segment_problem + ".")
    forms = {kind: figures.dwelling_types.get(kind.value) for kind in FORMS}
    if any(count is not None for count in forms.values()):
        form_problem = sum_problem(
            Tally(
                known=sum(count for count in forms.values() if count is not None),
                unknown=tuple(str(kind.label) for kind, count in forms.items() if count is None),
                total=net,
            ),
            parts=_("Grondgebonden, appartement en flexwoning"),
            total_name=_("het aantal woningen netto"),
        )
        if form_problem:
            found.append(form_problem + ".")
    for kind in FEATURES:
        count = figures.dwelling_types.get(kind.value)
        if count is not None and count > net:
            found.append(
                _("%(kind)s (%(count)s) is meer dan het aantal woningen netto (%(net)s).")
                % {"kind": kind.label, "count": count, "net": net}
            )
    delivered = 0
    for year, units in figures.deliveries.items():
        if not FIRST_YEAR <= year <= LAST_YEAR:
            found.append(
                _("Opleverjaar %(year)s ligt niet tussen %(first)s en %(last)s.")
                % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
            )
        if units < 0:
            found.append(_("De oplevering in %(year)s is negatief.") % {"year": year})
        delivered += units
    if delivered > net:
        found.append(
            _(
                "De oplevering per jaar telt op tot %(delivered)s woningen, meer dan het aantal "
                "woningen netto (%(net)s)."
            )
            % {"delivered": delivered, "net": net}
        )
    return found
