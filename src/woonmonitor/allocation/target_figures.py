"""The allocation figures that performance-agreement targets are evaluated by: the allocation
app's public read for ``agreements`` (which may import it; the reverse is forbidden). Touches
the database.

Hoogeveen 2023-2027 #19 ("maximaal 10% van de vrijkomende sociale huurwoningen beschikbaar te
stellen voor het huisvesten van statushouders") is measured per year by the statushouders the
housing associations housed in the municipality (``Placement``) against their vacated social
homes (``AllocationFigure`` ``vacated_social``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Q, Sum
from django.utils import formats
from django.utils.translation import gettext as _

from woonmonitor.accounts.models import OrganisationKind

from .models import AllocationFigure, FigureKind, Group, Placement

GROUP_KEY = "statushouders"


@dataclass(frozen=True)
class YearFigure:
    year: int
    value: int
    source: str
    is_demo: bool


@dataclass(frozen=True)
class ShareOfVacated:
    """Per year: statushouders housed by the associations, and their vacated social homes."""

    placed: tuple[YearFigure, ...]
    vacated: tuple[YearFigure, ...]


def _year_figure(year: int, value: int, source: str, demo: bool) -> YearFigure:
    if demo and "demonstratiecijfer" not in source.lower():
        source = _("%(source)s (demonstratiecijfer)") % {"source": source}
    return YearFigure(year, value, source, demo)


def statushouder_share_of_vacated(
    *,
    municipality_code: str,
    organisation_ids: Iterable[int] | None = None,
    years: Iterable[int] | None = None,
) -> ShareOfVacated:
    """Per year, for ``municipality_code``: the statushouders housed by the housing associations
    ``organisation_ids`` (None: every association), and the vacated social homes they count
    against. For every association (None) that is the municipality's own figure when there is
    one (it covers every association), else the sum of the associations' figures; for chosen
    associations the sum of their figures. A year appears only where it has figures; a demo
    figure says so in its source. Two queries."""
    group = Group.objects.filter(key=GROUP_KEY).first()
    if group is None:
        return ShareOfVacated((), ())
    ids = None if organisation_ids is None else set(organisation_ids)
    placements = Placement.objects.current().filter(
        group=group,
        municipality_code=municipality_code,
        organisation__kind=OrganisationKind.HOUSING_ASSOCIATION,
    )
    figures = AllocationFigure.objects.current().filter(
        kind=FigureKind.VACATED_SOCIAL, municipality_code=municipality_code
    )
    if years is not None:
        years = list(years)
        placements = placements.filter(year__in=years)
        figures = figures.filter(year__in=years)
    if ids is not None:
        placements = placements.filter(organisation_id__in=ids)
        figures = figures.filter(organisation_id__in=ids)
    placed = []
    for row in (
        placements.values("year")
        .annotate(
            total=Sum("count"), latest=Max("created_at"), demo=Count("pk", filter=Q(is_demo=True))
        )
        .order_by("year")
    ):
        source = _(
            "Aandachtsgroepen: statushouders gehuisvest door de corporaties in %(year)s, "
            "opgegeven tot %(date)s"
        ) % {"year": row["year"], "date": formats.date_format(row["latest"], "d-m-Y")}
        placed.append(_year_figure(row["year"], row["total"], source, bool(row["demo"])))
    whole: dict[int, AllocationFigure] = {}
    parts: dict[int, list[AllocationFigure]] = defaultdict(list)
    for figure in figures.order_by("recorded_at"):
        if figure.organisation_id is None:
            whole[figure.year] = figure
        else:
            parts[figure.year].append(figure)
    vacated = []
    for year in sorted(set(whole) | set(parts)):
        chosen = [whole[year]] if year in whole else parts[year]
        source = _("Aandachtsgroepen: vrijgekomen sociale huurwoningen %(year)s (%(source)s)") % {
            "year": year,
            "source": "; ".join(dict.fromkeys(figure.source for figure in chosen)),
        }
        demo = any(figure.is_demo for figure in chosen)
        vacated.append(_year_figure(year, sum(f.value for f in chosen), source, demo))
    return ShareOfVacated(tuple(placed), tuple(vacated))
