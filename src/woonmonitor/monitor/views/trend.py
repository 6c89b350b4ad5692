"""The trend page of one indicator for one area, with its charts, table and downloads."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from woonmonitor.charts.line import LineSeries, line_chart_svg

from ..formatting import unit_label
from ..models import Indicator
from ..presentation import Cell, cell_html, indicator_source, value_text
from ..series import TREND_CSV_COLUMNS, TrendSeries, trend_rows, trend_series
from .area_common import area_or_404, check_format, rows_download


def _series(request: HttpRequest, code: str, key: str) -> TrendSeries:
    indicator = get_object_or_404(Indicator.objects.visible_to(request.user), key=key)
    return trend_series(area=area_or_404(request, code), indicator=indicator)


def charts(series: TrendSeries) -> list[dict]:
    """One chart with every line, or for counts one chart per area (a wijk's count beside a
    province's on one axis would be a flat line)."""
    indicator = series.indicator
    style_of = {segment.key: index for index, segment in enumerate(series.segments)}
    notes = " ".join(brk.text + "." for brk in series.breaks)
    groups = (
        [series.segments_of(role) for role in series.roles]
        if series.additive
        else [series.segments]
    )
    y_label = f"{indicator.name} ({unit_label(indicator.unit)})"
    periods = series.periods
    years = (periods[0], periods[-1]) if periods else None
    out = []
    for number, segments in enumerate(group for group in groups if group):
        if series.additive:
            title = _("Grafiek: %(indicator)s in %(area)s per jaar") % {
                "indicator": indicator.name,
                "area": segments[0].name,
            }
        else:
            title = _("Grafiek: %(indicator)s per jaar, %(area)s naast de grotere gebieden") % {
                "indicator": indicator.name,
                "area": series.area.name,
            }
        lines = [
            LineSeries(
                segment.label,
                [(point.period, point.value) for point in segment.points],
                style_of[segment.key],
            )
            for segment in segments
        ]
        svg = line_chart_svg(
            chart_id=f"trend-{number}",
            title=title,
            series=lines,
            y_label=y_label,
            value_text=value_text(indicator),
            note=notes,
            years=years,
            from_zero=not series.additive,
        )
        out.append({"svg": mark_safe(svg), "title": title, "segments": segments})  # noqa: S308
    return out


def table(series: TrendSeries) -> list[tuple[int, list[str]]]:
    """Rows of the table: per period the cell (as HTML) of every segment."""
    indicator = series.indicator
    fmt = value_text(indicator)
    rows = []
    for period in series.periods:
        cells: list[Cell | None] = []
        for segment in series.segments:
            point = segment.value_at(period)
            cells.append(
                None
                if point is None
                else Cell(
                    point.value,
                    point.status,
                    point.note,
                    fmt(point.value) if point.value is not None else "",
                    segment.code,
                    point.vintage,
                    point.citation,
                )
            )
        rows.append((period, [cell_html(item) for item in cells]))
    return rows


@require_GET
def trend(request: HttpRequest, code: str, key: str) -> HttpResponse:
    series = _series(request, code, key)
    return render(
        request,
        "monitor/trend.html",
        {
            "series": series,
            "area": series.area,
            "indicator": series.indicator,
            "charts": charts(series),
            "rows": table(series),
            "source": indicator_source(series.indicator),
            "unit": unit_label(series.indicator.unit),
        },
    )


@require_GET
def trend_data(request: HttpRequest, code: str, key: str, fmt: str) -> HttpResponse:
    check_format(fmt)
    series = _series(request, code, key)
    indicator = series.indicator
    meta = {
        "indicator": {
            "key": indicator.key,
            "name": indicator.name,
            "unit": indicator.unit,
            "source": indicator_source(indicator),
        },
        "area": {"code": series.area.code, "name": series.area.name, "level": series.area.level},
        "segments": [
            {
                "key": s.key,
                "role": s.role,
                "code": s.code,
                "label": s.label,
                "vintages": s.vintages,
            }
            for s in series.segments
        ],
        "breaks": [
            {
                "code": b.code,
                "earlier": b.earlier,
                "later": b.later,
                "judged": b.judged,
                "evidence": b.evidence,
                "text": b.text,
            }
            for b in series.breaks
        ],
    }
    filename = f"trend-{series.area.code}-{indicator.key}"
    return rows_download(fmt, filename, TREND_CSV_COLUMNS, trend_rows(series), meta)
