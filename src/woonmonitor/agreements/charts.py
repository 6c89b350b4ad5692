"""Accessible inline SVG charts of the number tables of an agreement (pure: no database).

``table_chart_svg`` draws a grouped horizontal bar chart of one table: one group
per row (measure), one bar per year column (or per association column in tables
without years). Total columns and cells that are masked or unreadable in the
source (value ``None``) get no bar. The same function serves the agreement page
and the PDF progress report, so the output depends only on its input.
"""

from __future__ import annotations

import math
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

from woonmonitor.chart_style import FONT, PALETTE

from .calculations import format_number

WIDTH = 720
MARGIN_X = 12
LABEL_GAP = 4
BAR_HEIGHT = 16
BAR_GAP = 3
GROUP_GAP = 14
GROUP_LABEL_HEIGHT = 20
LEGEND_ROW = 22
VALUE_ROOM = 64  # room right of the longest bar for its value label
AXIS_HEIGHT = 44
TOTAL_LABELS = {"totaal", "total", "totalen"}


def _is_total_column(label: str) -> bool:
    return label.strip().lower() in TOTAL_LABELS


def _number(value) -> str:
    return format_number(Decimal(value))


def _nice_step(span: float) -> float:
    """A 1-2-5 step that divides the span into about five parts."""
    if span <= 0:
        return 1
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return max(1, factor * magnitude)
    return max(1, 10 * magnitude)


def _truncate(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label(label) -> str:
    """A row label or column header as the chart writes it: inferred ones marked."""
    marked = getattr(label, "marked", None)
    return marked if marked is not None else str(label)


def _series_and_groups(
    table_view,
) -> tuple[list[str], list[tuple[str, list[tuple[int, int]]]], int]:
    """The bar series (column labels), per row its (series, value) bars, and the skipped count.

    Labels come from the one table reading: an inferred year or row name is marked
    "(afgeleid)", a masked one reads "onleesbaar in de bron"; masked cells get no bar.
    """
    columns = list(getattr(table_view, "columns", []) or [])
    series: list[str] = []
    keys: list[object] = []
    groups: list[tuple[str, list[tuple[int, int]]]] = []
    skipped = 0
    for index, row in enumerate(table_view.grid):
        cells = [
            cell for cell in row if not cell.is_total and not _is_total_column(cell.column or "")
        ]
        if not cells:
            continue  # a row of totals only
        bars = []
        for cell in cells:
            position = getattr(cell, "col_index", None)
            key = position if position is not None else cell.column
            if key not in keys:
                keys.append(key)
                header = (
                    columns[position] if position is not None and position < len(columns) else None
                )
                if header is not None and getattr(header, "is_masked", False):
                    name = _("kolom %(n)d: onleesbaar in de bron") % {"n": position + 1}
                else:
                    name = _label(header) if header is not None else cell.column
                series.append(name)
            if cell.value is None:
                skipped += 1
                continue
            bars.append((keys.index(key), cell.value))
        label = table_view.row_labels[index] if index < len(table_view.row_labels) else ""
        groups.append((_label(label) if label else cells[0].row_label, bars))
    return series, groups, skipped


def table_chart_svg(table_view) -> str:
    """An inline SVG (role="img", with <title> and <desc>) of one NumberTable as grouped bars."""
    table = table_view.table
    chart_id = f"chart-{escape(str(table.key or table.pk), quote=True)}"
    series, groups, skipped = _series_and_groups(table_view)
    values = [value for _label, bars in groups for _s, value in bars]
    title = _("Grafiek: %(title)s") % {"title": table.title}
    if table.period and table.period not in table.title:
        title = f"{title} ({table.period})"
    if any(label.strip()[:4].isdigit() for label in series):
        first = _("Staafdiagram met per regel van de tabel één staaf per jaar: %(series)s.")
    else:
        first = _("Staafdiagram met per regel van de tabel één staaf per kolom: %(series)s.")
    desc_parts = [first % {"series": ", ".join(series) or "–"}]
    if values:
        desc_parts.append(
            _("Kleinste waarde %(min)s, grootste waarde %(max)s.")
            % {"min": _number(min(values)), "max": _number(max(values))}
        )
    if skipped:
        desc_parts.append(
            _("%(count)s cellen zijn onleesbaar in de bron en hebben geen staaf.")
            % {"count": skipped}
        )
    labels = [*getattr(table_view, "row_labels", []), *getattr(table_view, "columns", [])]
    if any(getattr(label, "is_inferred", False) for label in labels):
        desc_parts.append(
            _(
                "Namen en jaren met '(afgeleid)' zijn in de bron onleesbaar gemaakt en afgeleid; "
                "een beoordelaar heeft dat bevestigd."
            )
        )
    desc_parts.append(_("Totaalkolommen zijn weggelaten; alle getallen staan in de tabel."))
    desc = " ".join(desc_parts)

    out: list[str] = []
    if not values:
        height = 60
        out.append(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="wm-chart" viewBox="0 0 {WIDTH} '
            f'{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT}>'
        )
        out.append(f'<title id="{chart_id}-title">{escape(title)}</title>')
        out.append(f'<desc id="{chart_id}-desc">{escape(desc)}</desc>')
        out.append(
            f'<text x="{MARGIN_X}" y="34" font-size="14" fill="#1a1a1a">'
            f"{escape(_('Geen leesbare getallen om te tekenen.'))}</text></svg>"
        )
        return "".join(out)

    # scale: from min(0, lowest) to max(0, highest), with nice ticks
    low, high = min(0, min(values)), max(0, max(values))
    step = _nice_step(high - low)
    if low < 0 and -low < step / 2:
        axis_low = low - (high - low) * 0.04  # a small negative: no empty half step
    else:
        axis_low = math.floor(low / step) * step
    axis_high = math.ceil(high / step) * step
    if axis_high == axis_low:
        axis_high = axis_low + step
    plot_left = MARGIN_X
    plot_right = WIDTH - MARGIN_X - VALUE_ROOM
    plot_width = plot_right - plot_left

    def x_of(value: float) -> float:
        return plot_left + (value - axis_low) / (axis_high - axis_low) * plot_width

    # legend: swatch + label, wrapping
    legend: list[str] = []
    lx, ly = MARGIN_X, 16
    for index, name in enumerate(series):
        width = 22 + 7.5 * len(name) + 16
        if lx + width > WIDTH - MARGIN_X and lx > MARGIN_X:
            lx, ly = MARGIN_X, ly + LEGEND_ROW
        colour = PALETTE[index % len(PALETTE)]
        legend.append(
            f'<rect x="{lx}" y="{ly - 11}" width="14" height="14" fill="{colour}"/>'
            f'<text x="{lx + 20}" y="{ly + 1}" font-size="13" fill="#1a1a1a">{escape(name)}</text>'
        )
        lx += width
    top = ly + 18

    body: list[str] = []
    y = top
    zero = x_of(0)
    for label, bars in groups:
        # a white halo under the label, then the label: no paint-order, which the PDF
        # renderer ignores (its white stroke would cover the text)
        text = escape(_truncate(label))
        body.append(
            f'<text x="{MARGIN_X}" y="{y + 14}" font-size="13" font-weight="600" '
            f'fill="#fff" stroke="#fff" stroke-width="4" aria-hidden="true">{text}</text>'
            f'<text x="{MARGIN_X}" y="{y + 14}" font-size="13" font-weight="600" '
            f'fill="#1a1a1a">{text}</text>'
        )
        y += GROUP_LABEL_HEIGHT
        if not bars:
            body.append(
                f'<text x="{MARGIN_X + 6}" y="{y + 12}" font-size="12" fill="#4a4a4a">'
                f"{escape(_('onleesbaar in de bron'))}</text>"
            )
            y += BAR_HEIGHT + BAR_GAP
        for series_index, value in bars:
            colour = PALETTE[series_index % len(PALETTE)]
            start, end = sorted((zero, x_of(value)))
            width = max(end - start, 1 if value else 0)
            text_x = (end if value >= 0 else start) + LABEL_GAP
            anchor = "start"
            if value < 0:
                text_x, anchor = start - LABEL_GAP, "end"
                if text_x < MARGIN_X + 30:
                    text_x, anchor = zero + LABEL_GAP, "start"
            body.append(
                f'<g class="wm-chart__bar"><title>{escape(label)}, '
                f"{escape(series[series_index])}: {_number(value)}</title>"
                f'<rect x="{start:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{colour}"/>'
                f'<text x="{text_x:.1f}" y="{y + BAR_HEIGHT - 4}" font-size="12" '
                f'text-anchor="{anchor}" fill="#1a1a1a">{_number(value)}</text></g>'
            )
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
    bottom = y

    axis: list[str] = []
    tick = math.ceil(axis_low / step) * step
    while tick <= axis_high + step / 1000:
        tx = x_of(tick)
        axis.append(
            f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{bottom}" '
            f'stroke="{"#1a1a1a" if tick == 0 else "#c5ccd6"}" stroke-width="1"/>'
            f'<text x="{tx:.1f}" y="{bottom + 16}" font-size="12" text-anchor="middle" '
            f'fill="#1a1a1a">{_number(tick)}</text>'
        )
        tick += step
    axis.append(
        f'<text x="{plot_left + plot_width / 2:.1f}" y="{bottom + 36}" font-size="12" '
        f'text-anchor="middle" fill="#1a1a1a">{escape(_("Aantal"))}</text>'
    )
    height = bottom + AXIS_HEIGHT

    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wm-chart" viewBox="0 0 {WIDTH} '
        f'{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT}>'
    )
    out.append(f'<title id="{chart_id}-title">{escape(title)}</title>')
    out.append(f'<desc id="{chart_id}-desc">{escape(desc)}</desc>')
    out.append('<g class="wm-chart__legend">' + "".join(legend) + "</g>")
    out.append('<g class="wm-chart__axis">' + "".join(axis) + "</g>")
    out.append('<g class="wm-chart__bars">' + "".join(body) + "</g>")
    out.append("</svg>")
    return "".join(out)
