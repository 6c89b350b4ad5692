"""The map page of the monitor (indicator, year, level, gemeente) and its CSV/JSON downloads.

The table under the map is the content; the server-drawn SVG map needs no JavaScript, and
Leaflet draws the same areas over map tiles when it can. Every value shown, drawn or
downloaded has passed ``disclose_rows`` (in ``maps.map_data``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from woonmonitor.areas.models import Level
from woonmonitor.document_cache import cached_document
from woonmonitor.downloads import DutchNumber, csv_response

from ..availability import Availability, Split, availability, split_indicators
from ..choropleth import choropleth_svg
from ..citations import SOURCE_HEADERS, source_cells, source_columns
from ..fingerprint import data_fingerprint
from ..formatting import rounded, unit_label
from ..forms_maps import MapForm
from ..maps import MAP_LEVELS, MapData, Municipality, map_data, scope_municipalities
from ..models import Indicator, Unit

FORMATS = ("csv", "json")


def profile_url(code: str) -> str:
    return reverse("monitor:profile", args=[code])


def profile_links() -> Callable[[str], str]:
    """A link maker for many areas: one ``reverse()``, then each code filled in."""
    marker = "GM0000"
    template = reverse("monitor:profile", args=[marker])
    return lambda code: template.replace(marker, quote(code))


@dataclass
class MapChoice:
    indicator: Indicator | None = None
    period: int | None = None
    level: str = Level.MUNICIPALITY
    parent: Municipality | None = None
    notices: list[str] = field(default_factory=list)
    #: Why no map can be drawn for this choice (shown instead of the map).
    problem: str = ""

    @property
    def parent_code(self) -> str:
        return self.parent.code if self.parent else ""

    def query(self) -> str:
        """The query string of this choice, for links and downloads."""
        params = {
            "indicator": self.indicator.key if self.indicator else "",
            "jaar": self.period or "",
            "niveau": self.level,
        }
        if self.parent:
            params["gemeente"] = self.parent.code
        return urlencode(params)


def level_label(level: str) -> str:
    return str(Level(level).label)


def _default_indicator(indicators: list[Indicator], found: Availability):
    """The first indicator of the catalogue that has values."""
    return next((i for i in indicators if found.has(i.pk)), indicators[0] if indicators else None)


def _setup(request: HttpRequest) -> tuple[MapForm, MapChoice, list[Municipality], Split]:
    """Read the GET form and settle indicator, year, level and gemeente, with notices.

    The indicator select lists the indicators with values for the settled level and year;
    the others apart, under "nog geen gegevens" (``availability.split_indicators``)."""
    indicators = list(Indicator.objects.visible_to(request.user))
    found = availability()
    municipalities = scope_municipalities()
    by_key = {indicator.key: indicator for indicator in indicators}
    asked = by_key.get(request.GET.get("indicator", "")) or _default_indicator(indicators, found)
    split = split_indicators(indicators, found)
    kwargs = {
        "split": split,
        "municipalities": municipalities,
        "year_choices": found.periods(asked.pk) if asked else [],
    }
    form = MapForm(request.GET, **kwargs)
    choice = MapChoice()
    if not indicators:
        choice.problem = _("De indicatorencatalogus is nog niet geladen.")
        return form, choice, municipalities, split
    if not form.is_valid():
        choice.problem = _("Kies een indicator, jaar, niveau en gemeente uit de lijsten.")
        return form, choice, municipalities, split
    data = form.cleaned_data
    choice.indicator = by_key.get(data["indicator"]) or asked
    gemeente = data["gemeente"]
    choice.parent = next((m for m in municipalities if m.code == gemeente), None)
    choice.level = data["niveau"] or (Level.DISTRICT if choice.parent else Level.MUNICIPALITY)
    available = found.periods(choice.indicator.pk, choice.level) or found.periods(
        choice.indicator.pk
    )
    if not available:
        choice.problem = _("Voor %(name)s zijn nog geen waarden geladen.") % {
            "name": choice.indicator.name
        }
        split = split_indicators(indicators, found, period=data["jaar"], level=choice.level)
        form = MapForm(request.GET, **{**kwargs, "split": split})
        form.is_valid()
        return form, choice, municipalities, split
    choice.period = data["jaar"] or available[-1]
    if choice.period not in available:
        choice.notices.append(
            _(
                "Voor %(name)s zijn geen cijfers over %(asked)s geladen; de kaart toont "
                "%(latest)s, het meest recente jaar."
            )
            % {"name": choice.indicator.name, "asked": choice.period, "latest": available[-1]}
        )
        choice.period = available[-1]
    if choice.level == Level.NEIGHBOURHOOD and not choice.parent:
        choice.problem = _(
            "Kies een gemeente om de buurten te zien: buurtkaarten tonen één gemeente tegelijk."
        )
    # Show the form with what the page settled on (the year and level it chose), and the
    # indicators with values for that level and year.
    split = split_indicators(indicators, found, period=choice.period, level=choice.level)
    form = MapForm(
        initial={
            "indicator": choice.indicator.key,
            "jaar": choice.period,
            "niveau": choice.level,
            "gemeente": choice.parent_code,
        },
        **{**kwargs, "split": split, "year_choices": found.periods(choice.indicator.pk)},
    )
    return form, choice, municipalities, split


def _scope(municipalities: list[Municipality]) -> list[str]:
    return [m.code for m in municipalities]


def _no_values_message(choice: MapChoice) -> str:
    place = choice.parent.name if choice.parent else _("het gebied van de monitor")
    values = {"name": choice.indicator.name, "year": choice.period, "place": place}
    if choice.level == Level.NEIGHBOURHOOD:
        return (
            _(
                "Er zijn geen buurtcijfers geladen voor %(name)s in %(year)s in %(place)s. "
                "Buurtcijfers staan in de monitor alleen waar ze zijn ingelezen of ingevoerd."
            )
            % values
        )
    values["level"] = level_label(choice.level)
    return _(
        "Er zijn geen cijfers per %(level)s geladen voor %(name)s in %(year)s in %(place)s."
    ) % (values)


def map_page(request: HttpRequest) -> HttpResponse:
    form, choice, municipalities, split = _setup(request)
    data: MapData | None = None
    alternatives: list[dict] = []
    if not choice.problem:
        data = map_data(
            indicator=choice.indicator,
            period=choice.period,
            level=choice.level,
            parent_code=choice.parent_code,
            scope=_scope(municipalities),
            url_for=profile_links(),
        )
        names = {m.code: m.name for m in municipalities}
        for row in data.rows:
            row["parent_name"] = names.get(row["parent_code"], row["parent_code"])
        if not data.has_values:
            choice.problem = _no_values_message(choice)
            levels = availability().levels(choice.indicator.pk, choice.period)
            alternatives = [
                {"level": level, "label": level_label(level)}
                for level in MAP_LEVELS
                if level in levels and level != choice.level
            ]
            data = None
    svg = None
    if data is not None and data.svg is not None:
        # choropleth_svg escapes every text it writes
        svg = mark_safe(choropleth_svg(data.svg, data.rows, "monitor-map-caption"))  # noqa: S308
    query = choice.query()
    return render(
        request,
        "monitor/map.html",
        {
            "form": form,
            "split": split,
            "choice": choice,
            "data": data,
            "svg": svg,
            "show_parent": bool(data) and not choice.parent and choice.level != Level.MUNICIPALITY,
            "alternatives": alternatives,
            "query": query,
            "level_label": level_label(choice.level),
            "unit": unit_label(choice.indicator.unit) if choice.indicator else "",
            "csv_url": reverse("monitor:map-data", args=["csv"]) + "?" + query,
            "json_url": reverse("monitor:map-data", args=["json"]) + "?" + query,
        },
        status=400 if form.errors else 200,
    )


def download_unit(unit: str) -> str:
    """The unit of the numbers in a download, as stored ("× € 1.000" for WOZ values)."""
    return str(Unit(unit).label) if unit in Unit.values else unit


def csv_number(value: float | None, decimals: int) -> str:
    """A number for a ';'-separated Dutch CSV: rounded to the indicator's precision, decimal
    comma, no thousands separator (a ``DutchNumber``: still a number)."""
    value = rounded(value, decimals)
    if value is None:
        return ""
    return DutchNumber(f"{value:.{decimals}f}".replace(".", ","))


def map_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """Exactly the rows of the map's table (public values), as CSV or JSON.

    Anonymous visitors share one rendering per choice and version of the data
    (``woonmonitor.document_cache``)."""
    if fmt not in FORMATS:
        raise Http404(_("Onbekend formaat."))
    form, choice, municipalities, _split = _setup(request)
    if choice.problem:
        return HttpResponse(choice.problem, status=400, content_type="text/plain; charset=utf-8")
    parts = [fmt, choice.query(), data_fingerprint()]
    content, content_type, disposition = cached_document(
        request.user,
        "map-download",
        parts,
        lambda: _rendered_download(_download(fmt, choice, municipalities)),
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition
    return response


def _rendered_download(response: HttpResponse) -> tuple[bytes, str, str]:
    return response.content, response["Content-Type"], response["Content-Disposition"]


def _download(fmt: str, choice: MapChoice, municipalities: list[Municipality]) -> HttpResponse:
    data = map_data(
        indicator=choice.indicator,
        period=choice.period,
        level=choice.level,
        parent_code=choice.parent_code,
        scope=_scope(municipalities),
        with_geometry=False,
    )
    indicator = choice.indicator
    name = f"{indicator.key}-{choice.period}-{choice.level}"
    if choice.parent:
        name += f"-{choice.parent.code}"
    if fmt == "csv":
        header = [
            "code",
            "naam",
            "gemeentecode",
            "niveau",
            "jaargang",
            "indicator",
            "periode",
            "waarde",
            "eenheid",
            "status",
            "toelichting",
            *SOURCE_HEADERS,
        ]
        lines = (
            [
                row["code"],
                row["name"],
                row["parent_code"],
                row["level"],
                row["vintage"],
                indicator.key,
                choice.period,
                csv_number(row["value"], indicator.decimals),
                download_unit(indicator.unit),
                row["status_label"],
                row["note"],
                *source_cells(row["citation"]),
            ]
            for row in data.rows
        )
        return csv_response(f"{name}.csv", header, lines)
    payload = {
        "indicator": {
            "key": indicator.key,
            "name": indicator.name,
            "theme": indicator.theme,
            "unit": indicator.unit,
            "decimals": indicator.decimals,
        },
        "period": choice.period,
        "level": choice.level,
        "gemeente": choice.parent_code or None,
        "vintage": data.vintage,
        "rows": [
            {
                "code": row["code"],
                "name": row["name"],
                "gemeente": row["parent_code"],
                "level": row["level"],
                "vintage": row["vintage"],
                "value": rounded(row["value"], indicator.decimals),
                "status": row["status"] or None,
                "status_label": row["status_label"],
                "note": row["note"],
                **source_columns(row["citation"]),
            }
            for row in data.rows
        ],
        "sources": [
            {
                **source_columns(source["source"]),
                "values": source["count"],
            }
            for source in data.sources
        ],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response
