"""The server-drawn choropleth map (pure: no database): the map every visitor gets first.

Every area is a link to its profile with its value, or the reason it has none, in its
title and accessible name. An area without a public value is hatched (the patterns are in
``monitor/_hatch_defs.html``), never only coloured grey. Built as one string because a
map of a few hundred areas would otherwise spend most of the page's time in the template
engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from woonmonitor.areas.mapping import SvgMap


def area_text(row: dict) -> str:
    """What an area's title and accessible name say: the value and its status, or why there
    is none: "Valthe (WK168100): 542, definitief", "Ellertshaar (WK168193): geheim, minder
    dan 20 woningen"."""
    text = f"{row['name']} ({row['code']}): "
    if row["text"]:
        return f"{text}{row['text']}, {row['status_label']}"
    text += row["status_label"]
    if row["note"]:
        text += f", {row['note']}"
    return text


def fill(row: dict) -> str:
    return row["colour"] if row["colour"] else f"url(#wm-hatch-{row['pattern']})"


def choropleth_svg(svg: SvgMap, rows: Sequence[dict], caption_id: str) -> str:
    """The SVG map: one linked, filled path per shape of ``svg`` (rows matched by code)."""
    by_code = {row["code"]: row for row in rows}
    out = [
        f'<svg class="wm-choropleth__svg" viewBox="0 0 {svg.width} {svg.height}" role="group" '
        f'aria-labelledby="{escape(caption_id)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for shape in svg.shapes:
        row = by_code.get(shape.code)
        if row is None:
            continue
        text = escape(area_text(row))
        css = f' class="wm-pattern-{row["pattern"]}"' if row["pattern"] else ""
        out.append(
            f'<a href="{escape(row["url"])}" aria-label="{text}"><path d="{shape.path}"{css} '
            f'fill="{escape(fill(row))}"><title>{text}</title></path></a>'
        )
    out.append("</svg>")
    return "".join(out)
