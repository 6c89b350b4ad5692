"""Pieces every chart shares: the opening ``<svg>``, short labels, numbers, the legend.

Pure (no database). Every text that goes into a chart is escaped here or by the caller with
``html.escape``, so the callers may mark the finished SVG safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils import formats

from .style import FONT, INK

#: Height of one row of a wrapping legend.
LEGEND_ROW = 22


def open_svg(
    chart_id: str,
    width: int,
    height: float,
    title: str,
    desc: str,
    *,
    describedby: bool = False,
) -> list[str]:
    """The opening ``<svg role="img">`` with its ``<title>`` and ``<desc>``.

    ``chart_id`` must be escaped already. The title and description label the image together
    (``aria-labelledby``), or with ``describedby`` the description describes it.
    """
    if describedby:
        aria = f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc"'
    else:
        aria = f'aria-labelledby="{chart_id}-title {chart_id}-desc"'
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wm-chart" viewBox="0 0 {width} '
        f'{height:.0f}" role="img" {aria} {FONT}>',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def empty_svg(chart_id: str, width: int, title: str, desc: str, message: str, *, x: int) -> str:
    """A chart with nothing to draw: its title and description, and ``message`` in words."""
    out = open_svg(chart_id, width, 60, title, desc)
    out.append(f'<text x="{x}" y="34" font-size="14" fill="{INK}">{escape(message)}</text></svg>')
    return "".join(out)


def truncate(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (the full text is in the table)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def format_number(value: float, decimals: int = 0) -> str:
    """A number in the notation of the active language, grouped: ``1.234,5`` in Dutch."""
    return formats.number_format(
        round(value, decimals), decimals, use_l10n=True, force_grouping=True
    )


def legend_positions(
    widths: Sequence[float], *, left: float, right: float, top: float = 16
) -> tuple[list[tuple[float, float]], float]:
    """Where each legend entry of the given widths starts, wrapping to a new row at ``right``.

    Returns the (x, y) of every entry and the y of the last row.
    """
    positions = []
    x, y = left, top
    for width in widths:
        if x + width > right and x > left:
            x, y = left, y + LEGEND_ROW
        positions.append((x, y))
        x += width
    return positions, y
