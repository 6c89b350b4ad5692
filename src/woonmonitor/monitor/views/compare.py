"""The compare page: up to five areas side by side, per theme or on one indicator, with a
bar chart beside its table and CSV/JSON downloads of exactly the values shown (public)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from woonmonitor.charts.bars import Bar, bar_chart_svg
from woonmonitor.downloads import csv_response

from ..availability import Split, availability, split_indicators
from ..citations import SOURCE_HEADERS, source_cells, source_columns
from ..comparing import ComparedArea, Comparison, compare, resolve_areas
from ..formatting import rounded, unit_label
from ..forms_maps import MAX_COMPARED, CompareForm, requested_codes
from ..maps import scope_districts, scope_municipalities
from ..models import Indicator
from ..presentation import indicator_sort_key, value_text
from ..public import disclose_rows
from .maps import FORMATS, csv_number, download_unit, profile_url


@dataclass
class CompareChoice:
    form: CompareForm
    split: Split
    areas: list[ComparedArea] = field(default_factory=list)
    indicator: Indicator | None = None
    period: int | None = None
    messages: list[str] = field(default_factory=list)
    comparison: Comparison | None = None

    def query(self, codes: list[str] | None = None) -> str:
        params: list[tuple[str, str]] = [
            ("gebied", code) for code in (codes if codes is not None else self.codes)
        ]
        if self.indicator:
            params.append(("indicator", self.indicator.key))
        if self.period:
            params.append(("jaar", str(self.period)))
        return urlencode(params)

    @property
    def codes(self) -> list[str]:
        return [area.code for area in self.areas]


def _asked_period(request: HttpRequest) -> int | None:
    try:
        return int(request.GET.get("jaar") or "")
    except ValueError:
        return None


def _setup(request: HttpRequest) -> CompareChoice:
    indicators = sorted(Indicator.objects.visible_to(request.user), key=indicator_sort_key)
    found = availability()
    by_key = {indicator.key: indicator for indicator in indicators}
    asked = by_key.get(request.GET.get("indicator", ""))
    years = found.periods(asked.pk) if asked else found.years()
    codes, invalid, too_many = requested_codes(request.GET.getlist("gebied"))
    areas, unknown = resolve_areas(codes, profile_url)
    # The indicator select lists those with values for the level of the areas (when they
    # share one) in the year asked for; the others apart, under "nog geen gegevens".
    levels = {area.level for area in areas}
    split = split_indicators(
        indicators,
        found,
        period=_asked_period(request),
        level=levels.pop() if len(levels) == 1 else None,
    )
    form = CompareForm(request.GET, split=split, year_choices=sorted(years))
    choice = CompareChoice(form=form, split=split)
    if too_many:
        choice.messages.append(
            _(
                "Er kunnen hoogstens %(max)s gebieden naast elkaar; de eerste %(max)s worden "
                "getoond. Verwijder een gebied om een ander toe te voegen."
            )
            % {"max": MAX_COMPARED}
        )
    for entry in invalid:
        choice.messages.append(
            _("%(entry)s is geen CBS-code (zoals GM1681, WK168100 of BU16810001).")
            % {"entry": entry}
        )
    choice.areas = areas
    for code in unknown:
        choice.messages.append(_("Er is geen gebied met code %(code)s geladen.") % {"code": code})
    if not form.is_valid():
        return choice
    choice.indicator = by_key.get(form.cleaned_data["indicator"] or "")
    choice.period = form.cleaned_data["jaar"]
    if choice.areas:
        choice.comparison = compare(
            areas=choice.areas,
            indicators=[choice.indicator] if choice.indicator else indicators,
            period=choice.period,
            disclose=disclose_rows,
        )
    return choice


def _reason(cell: dict) -> str:
    if cell["value"] is not None:
        return ""
    return f"{cell['status_label']}: {cell['note']}" if cell["note"] else cell["status_label"]


def _chart(choice: CompareChoice) -> dict | None:
    """The bar chart of the chosen indicator, or of the first indicator with values."""
    comparison = choice.comparison
    if comparison is None or not comparison.rows:
        return None
    row = comparison.rows[0]
    indicator = row.indicator
    bars = [
        Bar(area.name, cell["value"], _reason(cell))
        for area, cell in zip(comparison.areas, row.cells, strict=True)
    ]
    title = _("%(name)s in %(year)s") % {"name": indicator.name, "year": row.period}
    return {
        "row": row,
        "title": title,
        "unit": unit_label(indicator.unit),
        "svg": mark_safe(  # noqa: S308 - built by bar_chart_svg, which escapes every text
            bar_chart_svg(
                chart_id="compare-chart",
                title=title,
                bars=bars,
                value_text=value_text(indicator),
            )
        ),
        "pairs": list(zip(comparison.areas, row.cells, strict=True)),
    }


def _area_options(request: HttpRequest) -> list[dict]:
    """The gemeenten of the monitor, each with its wijken, for the "add an area" select."""
    municipalities = scope_municipalities()
    districts = scope_districts([m.code for m in municipalities])
    return [{"municipality": m, "districts": districts.get(m.code, [])} for m in municipalities]


def compare_page(request: HttpRequest) -> HttpResponse:
    choice = _setup(request)
    chosen = [
        {
            "area": area,
            "remove_url": "?" + choice.query([c for c in choice.codes if c != area.code]),
        }
        for area in choice.areas
    ]
    levels = {area.level for area in choice.areas}
    query = choice.query()
    return render(
        request,
        "monitor/compare.html",
        {
            "choice": choice,
            "form": choice.form,
            "split": choice.split,
            "chosen": chosen,
            "comparison": choice.comparison,
            "chart": _chart(choice),
            "mixed_levels": len(levels) > 1,
            "options": _area_options(request),
            "max_compared": MAX_COMPARED,
            "full": len(choice.areas) >= MAX_COMPARED,
            "csv_url": reverse("monitor:compare-data", args=["csv"]) + "?" + query,
            "json_url": reverse("monitor:compare-data", args=["json"]) + "?" + query,
        },
        status=400 if choice.form.errors else 200,
    )


def compare_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The values of the compare table (public), one row per indicator and area."""
    if fmt not in FORMATS:
        raise Http404(_("Onbekend formaat."))
    choice = _setup(request)
    comparison = choice.comparison
    if comparison is None:
        message = " ".join(choice.messages) or _("Kies eerst een of meer gebieden.")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    records = []
    for row in comparison.rows:
        indicator = row.indicator
        for area, cell in zip(comparison.areas, row.cells, strict=True):
            records.append((indicator, row.period, area, cell))
    name = "vergelijking-" + "-".join(choice.codes)
    if fmt == "csv":
        header = [
            "thema",
            "indicator",
            "indicator_naam",
            "eenheid",
            "periode",
            "code",
            "gebied",
            "niveau",
            "jaargang",
            "waarde",
            "status",
            "toelichting",
            *SOURCE_HEADERS,
        ]
        lines = (
            [
                indicator.get_theme_display(),
                indicator.key,
                indicator.name,
                download_unit(indicator.unit),
                period,
                area.code,
                area.name,
                area.level,
                cell["vintage"] or "",
                csv_number(cell["value"], indicator.decimals),
                cell["status_label"],
                cell["note"],
                *source_cells(cell["citation"]),
            ]
            for indicator, period, area, cell in records
        )
        return csv_response(f"{name}.csv", header, lines)
    payload = {
        "areas": [
            {"code": a.code, "name": a.name, "level": a.level, "vintage": a.vintage}
            for a in comparison.areas
        ],
        "period": choice.period,
        "rows": [
            {
                "theme": indicator.theme,
                "indicator": indicator.key,
                "indicator_name": indicator.name,
                "unit": indicator.unit,
                "period": period,
                "area": area.code,
                "vintage": cell["vintage"],
                "value": rounded(cell["value"], indicator.decimals),
                "status": cell["status"] or None,
                "status_label": cell["status_label"],
                "note": cell["note"],
                **source_columns(cell["citation"]),
            }
            for indicator, period, area, cell in records
        ],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response
