"""Pages: the home map, the area page, regions and the data sources."""

from __future__ import annotations

from collections import defaultdict

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from woonmonitor.downloads import csv_response
from woonmonitor.imports.models import ImportRun
from woonmonitor.imports.source_texts import rule_text

from . import source_sections
from .mapping import MapShape, feature_collection, svg_map
from .models import Area, FigureKey, KeyFigure, Level, Region, RegionMember
from .querysets import boundaries_for


def area_url(area: Area, latest: bool = False) -> str:
    url = reverse("areas:detail", args=[area.code])
    return url if latest else f"{url}?jaar={area.vintage}"


def _map_context(focus: list[Area], context: list[Area] = ()) -> dict:
    """Map shapes for the focus areas (links) over the context areas (outline)."""
    boundaries = boundaries_for([*focus, *context])
    shapes: list[MapShape] = []
    borrowed: dict[int, set[str]] = defaultdict(set)
    sources: set[str] = set()
    for area, is_context in [(a, False) for a in focus] + [(a, True) for a in context]:
        boundary, boundary_vintage = boundaries.get(area.pk, (None, None))
        geometry = boundary.geometry if boundary else None
        if boundary:
            sources.add(f"{boundary.source} ({boundary_vintage})")
            if boundary_vintage != area.vintage:
                borrowed[boundary_vintage].add(area.code)
        shapes.append(MapShape(area.code, area.name, area_url(area), geometry, is_context))
    missing = [a for a in focus if a.pk not in boundaries]
    return {
        "svg": svg_map(shapes),
        "geojson": feature_collection(shapes),
        "borrowed": {vintage: sorted(codes) for vintage, codes in sorted(borrowed.items())},
        "sources": sorted(sources),
        "missing": missing,
    }


def _figures_by_area(areas: list[Area]) -> dict[int, dict[str, KeyFigure]]:
    figures: dict[int, dict[str, KeyFigure]] = defaultdict(dict)
    for figure in KeyFigure.objects.filter(area__in=areas):
        figures[figure.area_id][figure.key] = figure
    return figures


def _rows(areas: list[Area]) -> list[dict]:
    figures = _figures_by_area(areas)
    return [
        {
            "area": area,
            "url": area_url(area),
            "inhabitants": figures[area.pk].get(FigureKey.INHABITANTS),
            "homes": figures[area.pk].get(FigureKey.HOMES),
            "surface": figures[area.pk].get(FigureKey.SURFACE),
        }
        for area in areas
    ]


def _rows_csv(filename: str, rows: list[dict]) -> HttpResponse:
    header = [
        "code",
        "naam",
        "niveau",
        "jaargang",
        "inwoners",
        "woningen",
        "oppervlakte_ha",
        "peildatum",
        "bron",
    ]

    def line(row: dict) -> list:
        figures = [row["inhabitants"], row["homes"], row["surface"]]
        first = next((f for f in figures if f), None)
        return [
            row["area"].code,
            row["area"].name,
            row["area"].level,
            row["area"].vintage,
            *[f.value if f else None for f in figures],
            first.reference_date.isoformat() if first else None,
            first.source if first else None,
        ]

    return csv_response(filename, header, (line(row) for row in rows))


#: The region whose gemeenten the home page shows.
SCOPE_REGION = "monitorgebied"


def home(request: HttpRequest) -> HttpResponse:
    areas = Area.objects.visible_to(request.user)
    municipalities = areas.of_latest_vintage(Level.MUNICIPALITY).order_by("name")
    # The monitor loads every gemeente of the country (for comparisons); the home page shows
    # the platform's own area, the region "monitorgebied", when it is defined.
    scope = RegionMember.objects.filter(region__slug=SCOPE_REGION).values("municipality_code")
    if scope.exists():
        municipalities = municipalities.filter(code__in=scope)
    municipalities = list(municipalities)
    rows = _rows(municipalities)
    if request.GET.get("formaat") == "csv":
        return _rows_csv("gemeenten.csv", rows)
    return render(
        request,
        "areas/home.html",
        {
            "rows": rows,
            "vintage": municipalities[0].vintage if municipalities else None,
            "map": _map_context(municipalities),
            "provinces": areas.of_latest_vintage(Level.PROVINCE).order_by("name"),
            "regions": Region.objects.visible_to(request.user).prefetch_related("members"),
        },
    )


def _ancestors(area: Area) -> list[Area]:
    chain = []
    current = area.parent
    while current is not None and len(chain) < 5:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    versions = Area.objects.visible_to(request.user).with_code(code)
    vintages = sorted(versions.values_list("vintage", flat=True), reverse=True)
    if not vintages:
        raise Http404(_("Dit gebied bestaat niet in de geladen gegevens."))
    try:
        vintage = int(request.GET.get("jaar") or vintages[0])
    except ValueError:
        raise Http404(_("Onbekende jaargang.")) from None
    area = get_object_or_404(
        versions.select_related("parent__parent__parent__parent", "import_run"), vintage=vintage
    )
    children = list(area.children.order_by("-vintage", "name"))
    rows = _rows(children)
    if request.GET.get("formaat") == "csv":
        return _rows_csv(f"{area.code}-{area.vintage}-deelgebieden.csv", rows)
    figures_by_vintage: dict[int, dict[str, KeyFigure]] = defaultdict(dict)
    for figure in KeyFigure.objects.filter(area__code=area.code).select_related("area"):
        figures_by_vintage[figure.area.vintage][figure.key] = figure
    child_levels = sorted({(c.level, c.vintage) for c in children}, key=lambda lv: -lv[1])
    return render(
        request,
        "areas/area_detail.html",
        {
            "area": area,
            "ancestors": _ancestors(area),
            "vintages": vintages,
            "rows": rows,
            "child_levels": child_levels,
            "figures": {
                key: figures_by_vintage[area.vintage][key]
                for key in FigureKey.values
                if key in figures_by_vintage.get(area.vintage, {})
            },
            "figure_history": sorted(figures_by_vintage.items(), reverse=True),
            "map": _map_context(children, [area])
            if children
            else _map_context([area], [area.parent] if area.parent else []),
        },
    )


def region_list(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.visible_to(request.user).prefetch_related("members")
    names = dict(
        Area.objects.visible_to(request.user)
        .of_latest_vintage(Level.MUNICIPALITY)
        .values_list("code", "name")
    )
    rows = [
        (
            region,
            [names.get(m.municipality_code, m.municipality_code) for m in region.members.all()],
        )
        for region in regions
    ]
    return render(request, "areas/region_list.html", {"rows": rows})


def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.visible_to(request.user), slug=slug)
    codes = list(region.members.values_list("municipality_code", flat=True))
    municipalities = list(
        Area.objects.visible_to(request.user)
        .of_latest_vintage(Level.MUNICIPALITY)
        .filter(code__in=codes)
        .order_by("name")
    )
    rows = _rows(municipalities)
    if request.GET.get("formaat") == "csv":
        return _rows_csv(f"regio-{region.slug}.csv", rows)
    found = {a.code for a in municipalities}
    totals = {}
    for key in ("inhabitants", "homes", "surface"):
        values = [row[key] for row in rows]
        if values and all(values):
            totals[key] = sum(v.value for v in values)
    return render(
        request,
        "areas/region_detail.html",
        {
            "region": region,
            "rows": rows,
            "totals": totals,
            "complete": len(totals) == 3,
            "missing_codes": [c for c in codes if c not in found],
            "map": _map_context(municipalities),
            "vintage": municipalities[0].vintage if municipalities else None,
        },
    )


def sources(request: HttpRequest) -> HttpResponse:
    """Every source with a successful public import: the citation a person reads beside a
    figure, its reference rule, publication date, status and licence, and here (only here) how
    the file reached us, the working notes, the file, its checksum and when it was loaded."""
    cited: dict[str, list[dict]] = {}  # one heading per citation; one CBS table may come
    for run in ImportRun.objects.latest_per_data_source():  # by two routes (OData, StatLine)
        source = run.data_source
        cited.setdefault(source.citation, []).append(
            {
                "run": run,
                "source": source,
                "rule": rule_text(source.reference, source.reference_date),
            }
        )
    context = {
        "cited": list(cited.items()),
        "runs": ImportRun.objects.latest_without_data_source(),
        "sections": source_sections.sections_for(request),
    }
    return render(request, "areas/sources.html", context)
