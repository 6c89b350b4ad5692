"""The pages "realised against fair share" (per region: table, map, CSV) and "spread within a
municipality" (per wijk, with disclosure control; CSV). Public: placements per municipality and
month are published figures, and the spread per wijk is shown only through the disclosure
rules of ``allocation.spread``. A draft scenario can be chosen only by who may see it
(``Scenario.objects.visible_to``; anyone else gets 404). Reads the database through
``allocation.realisation`` and ``allocation.spread_figures``.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from woonmonitor.areas.mapping import MapShape, SvgMap, feature_collection, svg_map
from woonmonitor.areas.models import Area, Level
from woonmonitor.areas.querysets import boundaries_for
from woonmonitor.downloads import DutchNumber, csv_response

from .. import realisation, spread_figures
from .. import statushouders_reads as statushouders
from ..models import Group, Scenario, period_label
from ..realised import Status

DEFAULT_REGION = "zuidoost-drenthe"
DEFAULT_GROUP = "statushouders"
#: Map colours per status; the statuses without a figure are hatched ("geen gegevens").
COLOURS = {
    Status.REACHED: "#1a7a3c",
    Status.ON_SCHEDULE: "#9fd8a8",
    Status.BEHIND: "#f0a202",
    Status.ABOVE_CAP: "#b2182b",
}


def _number(value) -> DutchNumber | str:
    """A decimal for the CSV, written the Dutch way (12,5); "" when unknown."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return DutchNumber(str(value).replace(".", ","))


@dataclass
class Choice:
    region: str
    region_name: str
    group: Group
    groups: list[Group]
    period: str
    periods: list[str]
    year: int
    half: int
    regions: list[tuple[str, str]]
    scenario: Scenario | None
    scenarios: list[Scenario]


def _choice(request: HttpRequest) -> Choice:
    regions = statushouders.regions()
    region = request.GET.get("regio") or DEFAULT_REGION
    names = dict(regions)
    if region not in names:
        raise Http404(_("Onbekende regio."))
    groups = list(Group.objects.all())
    group = next((g for g in groups if g.key == (request.GET.get("groep") or DEFAULT_GROUP)), None)
    if group is None:
        raise Http404(_("Onbekende groep."))
    periods = realisation.periods_with_figures(group)
    text = request.GET.get("periode") or (periods[0] if periods else "")
    parsed = realisation.parse_period(text) or (timezone.localdate().year, 0)
    if text and realisation.parse_period(text) is None:
        raise Http404(_("Onbekende periode."))
    year, half = parsed
    key = f"{year}-{half}" if half else str(year)
    if key not in periods:
        periods = sorted([*periods, key], reverse=True)
    visible = Scenario.objects.visible_to(request.user).filter(group=group, year=year, half=half)
    if region != statushouders.PROVINCE_SLUG:
        visible = visible.filter(region__slug=region)
    else:
        visible = visible.none()
    scenario = None
    if request.GET.get("scenario"):
        try:
            pk = int(request.GET["scenario"])
        except ValueError as exc:
            raise Http404 from exc
        scenario = get_object_or_404(visible, pk=pk)
    return Choice(
        region=region,
        region_name=names[region],
        group=group,
        groups=groups,
        period=key,
        periods=periods,
        year=year,
        half=half,
        regions=regions,
        scenario=scenario,
        scenarios=list(visible.order_by("-created_at")),
    )


def _map(data: realisation.Realisation, group: Group, period: str) -> tuple[str, dict, list]:
    """The SVG map (every municipality a link to its spread page) and its GeoJSON."""
    latest: dict[str, Area] = {}
    for area in Area.objects.filter(level=Level.MUNICIPALITY, code__in=data.codes).only(
        "pk", "code", "name", "vintage"
    ):
        if area.code not in latest or area.vintage > latest[area.code].vintage:
            latest[area.code] = area
    boundaries = boundaries_for(list(latest.values()))
    by_code = {row.key: row for row in data.table.rows}
    query = urlencode({"groep": group.key, "periode": period})
    shapes, sources = [], set()
    for code, area in sorted(latest.items()):
        boundary = boundaries.get(area.pk)
        if boundary is None:
            continue
        sources.add(f"{boundary[0].source} ({boundary[1]})")
        url = reverse("allocation:spread", args=[code]) + "?" + query
        shapes.append(MapShape(code, area.name, url, boundary[0].geometry))
    svg = svg_map(shapes) if shapes else None
    geojson = feature_collection(shapes)
    for feature in geojson["features"]:
        row = by_code[feature["properties"]["code"]]
        feature["properties"].update(_map_properties(row))
    return (_svg(svg, by_code) if svg else ""), geojson, sorted(sources)


def _map_properties(row) -> dict:
    colour = COLOURS.get(row.status)
    value = ""
    if row.placed is not None and row.share is not None:
        value = _("%(placed)s gehuisvest van %(share)s") % {
            "placed": row.placed,
            "share": row.share,
        }
    return {
        "value": value,
        "status": row.status_label,
        "note": "",
        "colour": colour,
        "pattern": "" if colour else "missing",
    }


def _svg(svg: SvgMap, by_code: dict) -> str:
    """Like the monitor's choropleth: linked paths with their text as title and name."""
    out = [
        f'<svg class="wm-choropleth__svg" viewBox="0 0 {svg.width} {svg.height}" role="group" '
        'aria-labelledby="realised-map-caption" xmlns="http://www.w3.org/2000/svg">'
    ]
    for shape in svg.shapes:
        row = by_code[shape.code]
        props = _map_properties(row)
        text = f"{shape.name}: {props['status']}"
        if props["value"]:
            text += f", {props['value']}"
        fill = props["colour"] or "url(#wm-hatch-missing)"
        out.append(
            f'<a href="{escape(shape.url)}" aria-label="{escape(text)}"><path d="{shape.path}" '
            f'fill="{escape(fill)}"><title>{escape(text)}</title></path></a>'
        )
    out.append("</svg>")
    return "".join(out)


CSV_HEADER = (
    "gemeentecode",
    "gemeente",
    "corporatie",
    "aandeel",
    "gehuisvest",
    "saldo",
    "verwacht_tot_nu",
    "procent_van_aandeel",
    "vrijgekomen_sociale_huurwoningen",
    "plafond",
    "procent_van_vrijgekomen",
    "status",
    "aandeel_boven_plafond",
    "demonstratiecijfer",
)


def _csv_row(code: str, municipality: str, association: str, row) -> list:
    return [
        code,
        municipality,
        association,
        row.share,
        row.placed,
        row.balance,
        _number(row.expected),
        _number(row.share_percent),
        _number(row.vacated),
        row.cap,
        _number(row.vacated_percent),
        row.status_label,
        _("ja") if row.share_above_cap else _("nee"),
        _("ja") if row.is_demo else _("nee"),
    ]


@require_GET
def realised_page(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    data = realisation.realisation(
        group=choice.group,
        region_slug=choice.region,
        year=choice.year,
        half=choice.half,
        today=timezone.localdate(),
        scenario=choice.scenario,
    )
    if data is None:
        raise Http404
    if request.GET.get("format") == "csv":
        rows = []
        for row in data.table.rows:
            rows.append(_csv_row(row.key, row.name, "", row))
            rows.extend(_csv_row(row.key, row.name, item.name, item) for item in row.associations)
        rows.append(_csv_row("", _("Totaal"), "", data.table.total))
        rows.append([_("Bronnen: %(sources)s") % {"sources": "; ".join(data.sources)}])
        name = f"gerealiseerd-{choice.group.key}-{choice.region}-{choice.period}.csv"
        return csv_response(name, CSV_HEADER, rows)
    svg, geojson, boundary_sources = _map(data, choice.group, choice.period)
    query = {"regio": choice.region, "groep": choice.group.key, "periode": choice.period}
    if choice.scenario:
        query["scenario"] = choice.scenario.pk
    legend = [
        {
            "status": status,
            "label": Status.LABELS[status],
            "colour": COLOURS.get(status),
            "count": count,
        }
        for status, count in data.table.status_counts.items()
    ]
    return render(
        request,
        "allocation/realised_region.html",
        {
            "choice": choice,
            "data": data,
            "svg": svg,
            "geojson": geojson,
            "boundary_sources": boundary_sources,
            "legend": legend,
            "csv_query": urlencode({**query, "format": "csv"}),
            "spread_query": urlencode({"groep": choice.group.key, "periode": choice.period}),
            "period_label": period_label(choice.year, choice.half),
        },
    )


SPREAD_HEADER = (
    "wijkcode",
    "wijk",
    "plaatsingen",
    "status",
    "toelichting",
    "procent_van_plaatsingen",
    "voorraad",
    "procent_van_voorraad",
    "verhouding",
    "concentratie",
)


@require_GET
def spread_page(request: HttpRequest, code: str) -> HttpResponse:
    code = code.upper()
    group = get_object_or_404(Group, key=request.GET.get("groep") or DEFAULT_GROUP)
    periods = realisation.periods_with_figures(group)
    text = request.GET.get("periode") or (periods[0] if periods else str(timezone.localdate().year))
    parsed = realisation.parse_period(text)
    if parsed is None:
        raise Http404(_("Onbekende periode."))
    year, half = parsed
    data = spread_figures.spread_for(code=code, group=group, year=year, half=half)
    if data is None:
        raise Http404(_("Onbekende gemeente."))
    result = data.result
    if request.GET.get("format") == "csv":
        rows = [
            [
                row.code,
                row.name,
                row.placed,
                row.status,
                row.note,
                _number(row.placed_share),
                _number(row.stock),
                _number(row.stock_share),
                _number(row.ratio),
                _("ja") if row.concentrated else _("nee"),
            ]
            for row in result.rows
        ]
        rows.append(["", _("zonder wijk"), result.unlocated, result.unlocated_status])
        rows.append(["", _("Totaal"), result.total])
        rows.append([_("Concentratie-index"), _number(result.index), result.index_note])
        if data.is_demo:
            rows.append([_("demonstratiecijfer: de plaatsingen zijn verzonnen")])
        rows.append([_("Bronnen: %(sources)s") % {"sources": "; ".join(data.sources)}])
        return csv_response(f"spreiding-{group.key}-{code}-{text}.csv", SPREAD_HEADER, rows)
    return render(
        request,
        "allocation/spread_municipality.html",
        {
            "data": data,
            "result": result,
            "group": group,
            "groups": Group.objects.all(),
            "period": text,
            "periods": periods if text in periods else sorted([*periods, text], reverse=True),
            "csv_query": urlencode({"groep": group.key, "periode": text, "format": "csv"}),
            "minimum": realisation_minimum(),
        },
    )


def realisation_minimum() -> dict:
    from .. import spread

    return {
        "minimum": spread.MINIMUM,
        "multiple": spread.ROUNDING_MULTIPLE,
        "ratio": spread.CONCENTRATION_RATIO,
    }
