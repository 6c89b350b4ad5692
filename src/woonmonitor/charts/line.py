"""Line charts over the years (pure: no database), as the monitor's trend page draws them.

``line_chart_svg`` draws one or more lines over the years: every series has its own colour
*and* dash pattern *and* marker shape, so the lines can be told apart without colour; an
unknown value (suppressed or missing) leaves a gap instead of a line drawn through it. Two
segments of one code that are not proven to be the same area are passed as two series, so
they are never joined.

The output depends only on the input. Every chart has a table beside it on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .scale import axis_bounds, step_decimals, ticks, year_ticks
from .style import GRID, INK, PALETTE
from .svg import empty_svg, format_number, legend_positions, open_svg

WIDTH = 720
PLOT_HEIGHT = 240
MARGIN_LEFT = 76
MARGIN_RIGHT = 20
AXIS_ROOM = 48

#: Dash patterns, in the same order as the palette; the first is a solid line.
DASHES = ("", "8 4", "2 3", "10 3 2 3", "5 5", "1 2", "12 4 4 4", "6 2 2 2 2 2")
MARKERS = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True)
class LineSeries:
    """One line: ``points`` are (year, value) pairs; a value of None is a gap."""

    label: str
    points: Sequence[tuple[int, float | None]]
    style: int | None = None


@dataclass(frozen=True)
class Style:
    colour: str
    dash: str
    marker: str


def style(index: int) -> Style:
    """The look of the series at ``index``: colour, dash and marker all change together."""
    return Style(
        PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)], MARKERS[index % len(MARKERS)]
    )


def _runs(points: Sequence[tuple[int, float | None]]) -> list[list[tuple[int, float]]]:
    """Consecutive known points; a None value ends a run (the line has a gap there)."""
    runs: list[list[tuple[int, float]]] = [[]]
    for year, value in sorted(points, key=lambda point: point[0]):
        if value is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((year, value))
    return [run for run in runs if run]


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if kind == "triangle":
        return (
            f'<path d="M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y + 3.5:.1f}L{x - 4.5:.1f} '
            f'{y + 3.5:.1f}Z" fill="{colour}"/>'
        )
    if kind == "diamond":
        return (
            f'<path d="M{x:.1f} {y - 5:.1f}L{x + 5:.1f} {y:.1f}L{x:.1f} {y + 5:.1f}L{x - 5:.1f} '
            f'{y:.1f}Z" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'


def _legend(series: Sequence[LineSeries], styles: Sequence[Style]) -> tuple[list[str], float]:
    """Legend entries (line sample with its dash and marker, then the label), wrapping."""
    widths = [44 + 7.2 * len(line.label) + 18 for line in series]
    positions, last = legend_positions(widths, left=8.0, right=WIDTH - 8, top=16.0)
    out: list[str] = []
    for line, look, (x, y) in zip(series, styles, positions, strict=True):
        dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
        out.append(
            f'<line x1="{x:.1f}" y1="{y - 4:.1f}" x2="{x + 34:.1f}" y2="{y - 4:.1f}" '
            f'stroke="{look.colour}" stroke-width="2.5"{dash}/>'
            + _marker(look.marker, x + 17, y - 4, look.colour)
            + f'<text x="{x + 42:.1f}" y="{y:.1f}" font-size="13" fill="{INK}">'
            f"{escape(line.label)}</text>"
        )
    return out, last + 16


def line_chart_svg(
    *,
    chart_id: str,
    title: str,
    series: Sequence[LineSeries],
    y_label: str,
    value_text: Callable[[float], str] | None = None,
    x_label: str | None = None,
    note: str = "",
    years: tuple[int, int] | None = None,
    from_zero: bool = False,
) -> str:
    """An inline SVG line chart (role="img" with <title> and <desc>) of ``series`` over years.

    ``value_text`` formats a value for the point tooltips and the description (Dutch
    notation by default); ``note`` is added to the description (for example why two lines
    of one code are not joined). ``years`` fixes the x-axis (so charts shown one below the
    other line up); ``from_zero`` starts the value axis at zero (areas compared at a glance).
    """
    chart_id = escape(chart_id, quote=True)
    value_text = value_text or (lambda value: format_number(value, 2).rstrip("0").rstrip(","))
    x_label = x_label if x_label is not None else _("Jaar")
    styles = [
        style(line.style if line.style is not None else index) for index, line in enumerate(series)
    ]
    known = [(year, value) for line in series for year, value in line.points if value is not None]
    all_years = [year for line in series for year, _value in line.points]
    parts = [
        f"{line.label} ({min(y for y, _v in line.points)}–{max(y for y, _v in line.points)})"
        if line.points
        else line.label
        for line in series
    ]
    desc = [
        ngettext(
            "Lijndiagram per jaar met %(count)s lijn: %(lines)s.",
            "Lijndiagram per jaar met %(count)s lijnen: %(lines)s.",
            len(series),
        )
        % {"count": len(series), "lines": "; ".join(parts) or "–"}
    ]
    if known:
        values = [value for _year, value in known]
        desc.append(
            _("Kleinste waarde %(min)s, grootste waarde %(max)s.")
            % {"min": value_text(min(values)), "max": value_text(max(values))}
        )
    if any(value is None for line in series for _year, value in line.points):
        desc.append(_("Jaren zonder (openbare) waarde zijn een onderbreking in de lijn."))
    if note:
        desc.append(note)
    desc.append(_("Alle getallen staan in de tabel bij deze grafiek."))
    description = " ".join(desc)

    if not known:
        empty = _("Geen openbare waarden om te tekenen.")
        return empty_svg(chart_id, WIDTH, title, description, empty, x=8)

    legend, top = _legend(series, styles)
    axis_values = [value for _year, value in known]
    if from_zero:
        axis_values.append(0.0)
    low, high, step = axis_bounds(axis_values)
    first, last = years if years else (min(all_years), max(all_years))
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    bottom = top + PLOT_HEIGHT
    decimals = step_decimals(step)

    def x_of(year: int) -> float:
        if last == first:
            return (left + right) / 2
        return left + (year - first) / (last - first) * (right - left)

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * PLOT_HEIGHT

    axis: list[str] = []
    for tick in ticks(low, high, step):
        ty = y_of(tick)
        axis.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{right}" y2="{ty:.1f}" '
            f'stroke="{INK if abs(tick) < step / 1000 else GRID}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{ty + 4:.1f}" font-size="12" text-anchor="end" '
            f'fill="{INK}">{escape(format_number(tick, decimals))}</text>'
        )
    for year in year_ticks(first, last):
        tx = x_of(year)
        axis.append(
            f'<line x1="{tx:.1f}" y1="{bottom}" x2="{tx:.1f}" y2="{bottom + 5}" stroke="{INK}"/>'
            f'<text x="{tx:.1f}" y="{bottom + 19}" font-size="12" text-anchor="middle" '
            f'fill="{INK}">{year}</text>'
        )
    axis.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{INK}"/>'
        f'<text x="{(left + right) / 2:.1f}" y="{bottom + 40}" font-size="12" '
        f'text-anchor="middle" fill="{INK}">{escape(x_label)}</text>'
        f'<text transform="translate(14 {top + PLOT_HEIGHT / 2:.1f}) rotate(-90)" '
        f'font-size="12" text-anchor="middle" fill="{INK}">{escape(y_label)}</text>'
    )

    lines: list[str] = []
    for line, look in zip(series, styles, strict=True):
        dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
        group = [f'<g class="wm-chart__series"><title>{escape(line.label)}</title>']
        for run in _runs(line.points):
            if len(run) > 1:
                path = " ".join(
                    f"{'M' if i == 0 else 'L'}{x_of(year):.1f} {y_of(value):.1f}"
                    for i, (year, value) in enumerate(run)
                )
                group.append(
                    f'<path d="{path}" fill="none" stroke="{look.colour}" stroke-width="2.5" '
                    f'stroke-linejoin="round"{dash}/>'
                )
            for year, value in run:
                group.append(
                    f"<g><title>{escape(line.label)}, {year}: {escape(value_text(value))}</title>"
                    + _marker(look.marker, x_of(year), y_of(value), look.colour)
                    + "</g>"
                )
        group.append("</g>")
        lines.append("".join(group))

    out = open_svg(chart_id, WIDTH, bottom + AXIS_ROOM, title, description)
    out.append('<g class="wm-chart__legend">' + "".join(legend) + "</g>")
    out.append('<g class="wm-chart__axis">' + "".join(axis) + "</g>")
    out.append('<g class="wm-chart__lines">' + "".join(lines) + "</g>")
    out.append("</svg>")
    return "".join(out)
