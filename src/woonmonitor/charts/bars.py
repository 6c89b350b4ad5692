"""Horizontal bar charts (pure: no database).

``bar_chart_svg`` draws one bar per item (the compare page: one bar per area). Negative
values grow left from the zero line. An item without a public value gets no bar but the
reason in words ("geheim: minder dan 10 inwoners", "geen gegevens"), so a missing bar is
never mistaken for zero.

``grouped_bar_chart_svg`` draws groups of bars: one group per row of a table, one coloured
bar per series (a year or a column), with a legend. The agreements adapt their number tables
to groups and series (``agreements/charts.py``); the output depends only on the input.

Both are accessible inline SVGs (role="img" with <title> and <desc>); the page puts the same
numbers in a table beside the chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from .scale import axis_bounds, step_decimals, ticks
from .style import GRID, INK, MUTED, PALETTE
from .svg import empty_svg, format_number, legend_positions, open_svg, truncate

# One bar per item.
WIDTH = 560
LABEL_ROOM = 150
VALUE_ROOM = 96
ROW = 34
BAR = 20
TOP = 8
AXIS_ROOM = 30
BAR_COLOUR = PALETTE[0]
LABEL_LIMIT = 22

# Groups of bars.
GROUPED_WIDTH = 720
MARGIN_X = 12
LABEL_GAP = 4
BAR_HEIGHT = 16
BAR_GAP = 3
GROUP_GAP = 14
GROUP_LABEL_HEIGHT = 20
GROUP_LABEL_LIMIT = 90
GROUPED_VALUE_ROOM = 64  # room right of the longest bar for its value label
GROUPED_AXIS_ROOM = 44


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    #: Why there is no value ("geheim: minder dan 10 inwoners"); empty when there is one.
    reason: str = ""


@dataclass(frozen=True)
class Group:
    """One group of bars: its label and per bar (index of its series, value)."""

    label: str
    bars: Sequence[tuple[int, float]]


def bar_chart_svg(
    *,
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    value_text: Callable[[float], str],
) -> str:
    chart_id = escape(chart_id, quote=True)
    described = [
        f"{bar.label}: {value_text(bar.value) if bar.value is not None else bar.reason}"
        for bar in bars
    ]
    desc = (
        _("Staafdiagram met één staaf per gebied.")
        + " "
        + "; ".join(described)
        + ". "
        + _("Dezelfde getallen staan in de tabel bij deze grafiek.")
    )
    known = [bar.value for bar in bars if bar.value is not None]
    low, high, step = axis_bounds([*known, 0.0]) if known else (0.0, 1.0, 1.0)
    left, right = LABEL_ROOM, WIDTH - VALUE_ROOM
    span = (high - low) or 1.0

    def x_of(value: float) -> float:
        return left + (value - low) / span * (right - left)

    bottom = TOP + ROW * len(bars)
    out = open_svg(chart_id, WIDTH, bottom + AXIS_ROOM, title, desc, describedby=True)
    decimals = step_decimals(step)
    for tick in ticks(low, high, step):
        x = x_of(tick)
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}"/>'
            f'<text x="{x:.1f}" y="{bottom + 18}" font-size="12" text-anchor="middle" '
            f'fill="{INK}">{escape(format_number(tick, decimals))}</text>'
        )
    zero = x_of(0.0)
    for index, bar in enumerate(bars):
        y = TOP + index * ROW + (ROW - BAR) / 2
        middle = y + BAR / 2 + 4
        out.append(
            f'<text x="{left - 8}" y="{middle:.1f}" font-size="13" text-anchor="end" '
            f'fill="{INK}">{escape(truncate(bar.label, LABEL_LIMIT))}</text>'
        )
        if bar.value is None:
            out.append(
                f'<text x="{zero + 6:.1f}" y="{middle:.1f}" font-size="13" font-style="italic" '
                f'fill="{MUTED}">{escape(bar.reason)}</text>'
            )
            continue
        start, end = sorted((zero, x_of(bar.value)))
        width = max(end - start, 1.0)
        # The number always stands right of the bar or of the zero line, never on the labels.
        label_x = max(end, zero) + 6
        out.append(
            f'<rect x="{start:.1f}" y="{y:.1f}" width="{width:.1f}" height="{BAR}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{label_x:.1f}" y="{middle:.1f}" font-size="13" '
            f'fill="{INK}">{escape(value_text(bar.value))}</text>'
        )
    out.append(
        f'<line x1="{zero:.1f}" y1="{TOP}" x2="{zero:.1f}" y2="{bottom}" stroke="{INK}" '
        f'stroke-width="1.5"/>'
    )
    out.append("</svg>")
    return "".join(out)


def grouped_bar_chart_svg(
    *,
    chart_id: str,
    title: str,
    desc: str,
    series: Sequence[str],
    groups: Sequence[Group],
    number_text: Callable[[float], str],
    axis_label: str,
    empty_text: str,
    empty_group_text: str,
) -> str:
    """Groups of horizontal bars on a whole-number axis, one colour per series.

    ``number_text`` writes the values and the ticks; ``empty_text`` stands in a chart without
    any value, ``empty_group_text`` under a group without bars. The caller writes ``desc``.
    """
    chart_id = escape(chart_id, quote=True)
    values = [value for group in groups for _s, value in group.bars]
    if not values:
        return empty_svg(chart_id, GROUPED_WIDTH, title, desc, empty_text, x=MARGIN_X)

    # scale: from min(0, lowest) to max(0, highest), with whole nice ticks
    low, high = min(0, min(values)), max(0, max(values))
    axis_low, axis_high, step = axis_bounds([*values, 0], whole=True)
    if low < 0 and -low < step / 2:
        axis_low = low - (high - low) * 0.04  # a small negative: no empty half step
    plot_left = MARGIN_X
    plot_right = GROUPED_WIDTH - MARGIN_X - GROUPED_VALUE_ROOM
    plot_width = plot_right - plot_left

    def x_of(value: float) -> float:
        return plot_left + (value - axis_low) / (axis_high - axis_low) * plot_width

    # legend: swatch + label, wrapping
    widths = [22 + 7.5 * len(name) + 16 for name in series]
    positions, last = legend_positions(widths, left=MARGIN_X, right=GROUPED_WIDTH - MARGIN_X)
    legend = [
        f'<rect x="{lx}" y="{ly - 11}" width="14" height="14" '
        f'fill="{PALETTE[index % len(PALETTE)]}"/>'
        f'<text x="{lx + 20}" y="{ly + 1}" font-size="13" fill="{INK}">{escape(name)}</text>'
        for index, (name, (lx, ly)) in enumerate(zip(series, positions, strict=True))
    ]
    top = last + 18

    body: list[str] = []
    y = top
    zero = x_of(0)
    for group in groups:
        # a white halo under the label, then the label: no paint-order, which the PDF
        # renderer ignores (its white stroke would cover the text)
        text = escape(truncate(" ".join(group.label.split()), GROUP_LABEL_LIMIT))
        body.append(
            f'<text x="{MARGIN_X}" y="{y + 14}" font-size="13" font-weight="600" '
            f'fill="#fff" stroke="#fff" stroke-width="4" aria-hidden="true">{text}</text>'
            f'<text x="{MARGIN_X}" y="{y + 14}" font-size="13" font-weight="600" '
            f'fill="{INK}">{text}</text>'
        )
        y += GROUP_LABEL_HEIGHT
        if not group.bars:
            body.append(
                f'<text x="{MARGIN_X + 6}" y="{y + 12}" font-size="12" fill="{MUTED}">'
                f"{escape(empty_group_text)}</text>"
            )
            y += BAR_HEIGHT + BAR_GAP
        for series_index, value in group.bars:
            start, end = sorted((zero, x_of(value)))
            width = max(end - start, 1 if value else 0)
            text_x, anchor = (end if value >= 0 else start) + LABEL_GAP, "start"
            if value < 0:
                text_x, anchor = start - LABEL_GAP, "end"
                if text_x < MARGIN_X + 30:
                    text_x, anchor = zero + LABEL_GAP, "start"
            number = escape(number_text(value))
            body.append(
                f'<g class="wm-chart__bar"><title>{escape(group.label)}, '
                f"{escape(series[series_index])}: {number}</title>"
                f'<rect x="{start:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{PALETTE[series_index % len(PALETTE)]}"/>'
                f'<text x="{text_x:.1f}" y="{y + BAR_HEIGHT - 4}" font-size="12" '
                f'text-anchor="{anchor}" fill="{INK}">{number}</text></g>'
            )
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
    bottom = y

    axis: list[str] = []
    for tick in ticks(math.ceil(axis_low / step) * step, axis_high, step):
        tx = x_of(tick)
        axis.append(
            f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{bottom}" '
            f'stroke="{INK if tick == 0 else GRID}" stroke-width="1"/>'
            f'<text x="{tx:.1f}" y="{bottom + 16}" font-size="12" text-anchor="middle" '
            f'fill="{INK}">{escape(number_text(tick))}</text>'
        )
    axis.append(
        f'<text x="{plot_left + plot_width / 2:.1f}" y="{bottom + 36}" font-size="12" '
        f'text-anchor="middle" fill="{INK}">{escape(axis_label)}</text>'
    )

    out = open_svg(chart_id, GROUPED_WIDTH, bottom + GROUPED_AXIS_ROOM, title, desc)
    out.append('<g class="wm-chart__legend">' + "".join(legend) + "</g>")
    out.append('<g class="wm-chart__axis">' + "".join(axis) + "</g>")
    out.append('<g class="wm-chart__bars">' + "".join(body) + "</g>")
    out.append("</svg>")
    return "".join(out)
