"""The bar chart of the compare page: one horizontal bar per area (pure: no database).

An accessible inline SVG (role="img" with <title> and <desc> that name every value); the
page puts the same numbers in a table beside it. Negative values grow left from the zero
line. An area without a public value gets no bar but the reason in words ("geheim: minder
dan 10 inwoners", "geen gegevens"), so a missing bar is never mistaken for zero.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from woonmonitor.chart_style import FONT

from .charts import GRID, INK, axis_bounds, step_decimals
from .formatting import format_number

WIDTH = 560
LABEL_ROOM = 150
VALUE_ROOM = 96
ROW = 34
BAR = 20
TOP = 8
AXIS_ROOM = 30
BAR_COLOUR = "#154273"
MUTED = "#4a4a4a"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    #: Why there is no value ("geheim: minder dan 10 inwoners"); empty when there is one.
    reason: str = ""


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
    height = bottom + AXIS_ROOM
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wm-chart" viewBox="0 0 {WIDTH} '
        f'{height}" role="img" aria-labelledby="{chart_id}-title" '
        f'aria-describedby="{chart_id}-desc" {FONT}>',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    decimals = step_decimals(step)
    tick = low
    while tick <= high + step / 1000:
        x = x_of(tick)
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}"/>'
            f'<text x="{x:.1f}" y="{bottom + 18}" font-size="12" text-anchor="middle" '
            f'fill="{INK}">{escape(format_number(tick, decimals))}</text>'
        )
        tick += step
    zero = x_of(0.0)
    for index, bar in enumerate(bars):
        y = TOP + index * ROW + (ROW - BAR) / 2
        middle = y + BAR / 2 + 4
        out.append(
            f'<text x="{left - 8}" y="{middle:.1f}" font-size="13" text-anchor="end" '
            f'fill="{INK}">{escape(_truncate(bar.label))}</text>'
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


def _truncate(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
