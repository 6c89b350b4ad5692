"""Reads for the peilmomenten: the copies a person may see, the comparison of two of them, the
areas to filter by. Reads the database; the comparison itself is ``compare`` (pure).

Only the projects a person may see now (``Project.objects.visible_to``) are read, from both
peilmomenten: a visitor compares the plans the municipality publishes as projects, a party also
those of its own municipalities. Projects that a review found to be a duplicate of another count
nowhere, so they are left out of both sides.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from woonmonitor.accounts.models import Organisation, OrganisationKind
from woonmonitor.areas.models import Region
from woonmonitor.areas.names import latest_names

from . import compare
from .models import Peilmoment, PeilmomentProject, Phase, Project
from .parameters import woondeal_regions


@dataclass(frozen=True)
class Scope:
    """The municipalities a page or document is about: a woondeal region, a region of the
    monitor, one municipality, or every municipality (``codes`` ``None``)."""

    kind: str  # "alle", "regio", "gemeente"
    key: str
    name: str
    codes: tuple[str, ...] | None
    source: str = ""


def municipality_names(codes: Iterable[str] | None = None) -> dict[str, str]:
    """Code -> name (latest CBS vintage; the woondeal member or organisation name otherwise)."""
    names: dict[str, str] = {}
    for region in woondeal_regions():
        for member in region.members:
            names[member.code] = member.name
    for code, name in (
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
        .exclude(area_code="")
        .values_list("area_code", "name")
    ):
        names.setdefault(code, name.removeprefix("Gemeente "))
    names.update(latest_names(codes))
    return names


def region_choices() -> list[tuple[str, str]]:
    """(slug, name): the woondeal regions first, then the regions of the monitor."""
    found = [(region.slug, f"Woondeal {region.name}") for region in woondeal_regions()]
    found += list(Region.objects.order_by("name").values_list("slug", "name"))
    return found


def region_scope(slug: str) -> Scope | None:
    for region in woondeal_regions():
        if region.slug == slug:
            return Scope("regio", slug, f"Woondeal {region.name}", region.codes, region.source)
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        return None
    codes = tuple(
        region.members.order_by("municipality_code").values_list("municipality_code", flat=True)
    )
    return Scope("regio", slug, region.name, codes, region.source)


def municipality_scope(code: str) -> Scope | None:
    code = code.strip().upper()
    names = municipality_names([code])
    if code not in names:
        return None
    return Scope("gemeente", code, names[code], (code,))


def rung_order() -> tuple[dict[tuple[str, str], int], set[tuple[str, str]]]:
    """The order of every rung ``(ladder, key)``, and the rungs that mean "vervallen"."""
    ranks: dict[tuple[str, str], int] = {}
    dropped: set[tuple[str, str]] = set()
    for version, key, order, is_dropped in Phase.objects.values_list(
        "ladder__version", "key", "order", "dropped"
    ):
        ranks[(version, key)] = order
        if is_dropped:
            dropped.add((version, key))
    return ranks, dropped


def copies(peilmoment: Peilmoment, user, codes: Iterable[str] | None = None) -> dict[int, dict]:
    """Project id -> the copy's data, for the projects ``user`` may see (in ``codes``)."""
    visible = Project.objects.visible_to(user).filter(duplicate_of__isnull=True)
    rows = PeilmomentProject.objects.filter(
        peilmoment=peilmoment, project__in=visible.values("pk")
    ).values_list("project_id", "data")
    wanted = set(codes) if codes is not None else None
    return {
        project_id: data
        for project_id, data in rows
        if wanted is None or data.get("municipality_code") in wanted
    }


def compare_peilmomenten(
    first: Peilmoment, second: Peilmoment, user, codes: Iterable[str] | None = None
) -> compare.Comparison:
    codes = list(codes) if codes is not None else None
    ranks, dropped = rung_order()
    return compare.compare(
        copies(first, user, codes),
        copies(second, user, codes),
        date_a=first.date,
        date_b=second.date,
        ranks=ranks,
        dropped_rungs=dropped,
    )


def previous(peilmoment: Peilmoment) -> Peilmoment | None:
    return Peilmoment.objects.filter(date__lt=peilmoment.date).order_by("-date").first()


def latest_two() -> tuple[Peilmoment | None, Peilmoment | None]:
    found = list(Peilmoment.objects.order_by("-date")[:2])
    if len(found) < 2:
        return None, found[0] if found else None
    return found[1], found[0]


def on_date(text: str | None) -> Peilmoment | None:
    """The peilmoment of an ISO date (``2026-09-30``); ``None`` for a bad or unknown date."""
    try:
        day = datetime.date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return Peilmoment.objects.filter(date=day).first()


def project_url(pk: int) -> str:
    return reverse("programming:project", args=[pk])
