"""The plan map ("vlekkenkaart"): the projects a person may see as points and vlakken coloured
by hard/zacht, filtered by phase, segment and delivery year with a plain GET form.

The list beside the map is the same projects as links: the path for keyboards, screen readers
and browsers without JavaScript (the shapes on the map are not in the tab order). Only
``visible_to(user)`` projects are drawn: a plan kept "alleen in totalen" or "alleen voor
partijen" never reaches a visitor who is not a party.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..plan_map import boundaries_geojson, projects_geojson
from .projects import filter_form


@require_GET
def plan_map(request: HttpRequest) -> HttpResponse:
    form, rows = filter_form(request)
    placed = [row for row in rows if row.project.geometry]
    codes = {row.project.municipality_code for row in rows}
    if form.is_valid() and form.cleaned_data.get("gemeente"):
        codes.add(form.cleaned_data["gemeente"])
    return render(
        request,
        "programming/map.html",
        {
            "form": form,
            "rows": rows,
            "placed": len(placed),
            "unplaced": [row for row in rows if not row.project.geometry],
            "any_demo": any(row.project.is_demo for row in rows),
            "project_geojson": projects_geojson(placed),
            "boundary_geojson": boundaries_geojson(codes),
        },
    )
