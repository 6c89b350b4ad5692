"""GeoJSON for the plan map ("vlekkenkaart") and the small maps of a project. Reads the
database (municipality boundaries).

Projects become features with what the popup and the colour need: name, link, phase,
hard/zacht, net units and whether the project is a demonstration project. Only projects the
caller passes in are drawn; the views pass what ``visible_to(user)`` allows. Municipality
boundaries (latest vintage with a boundary) are drawn for orientation when they are loaded.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from woonmonitor.areas.models import Area, Level

from .project_list import Row


def project_feature(row: Row) -> dict | None:
    project = row.project
    if not project.geometry:
        return None
    phase = project.phase
    return {
        "type": "Feature",
        "geometry": project.geometry,
        "properties": {
            "id": project.pk,
            "name": project.name,
            "url": reverse("programming:project", args=[project.pk]),
            "municipality": row.municipality_name,
            "phase": phase.name,
            "certainty": phase.certainty
            or ("gerealiseerd" if phase.realised else "vervallen" if phase.dropped else ""),
            "certainty_label": phase.get_certainty_display(),
            "units": project.units_net,
            "demo": project.is_demo,
        },
    }


def projects_geojson(rows: Iterable[Row]) -> dict:
    features = [feature for row in rows if (feature := project_feature(row))]
    return {"type": "FeatureCollection", "features": features}


def boundaries_geojson(codes: Iterable[str]) -> dict:
    """The municipalities' boundaries (for orientation): the latest vintage with a boundary."""
    seen: set[str] = set()
    features = []
    areas = (
        Area.objects.filter(level=Level.MUNICIPALITY, code__in=set(codes), boundary__isnull=False)
        .order_by("code", "-vintage")
        .values_list("code", "name", "boundary__geometry")
    )
    for code, name, geometry in areas:
        if code in seen:
            continue
        seen.add(code)
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {"code": code, "name": name},
            }
        )
    return {"type": "FeatureCollection", "features": features}
