"""Bar charts: one bar per item (compare) and groups of bars (the agreements' tables)."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from django.utils import translation

from woonmonitor.charts.bars import Bar, Group, bar_chart_svg, grouped_bar_chart_svg
from woonmonitor.charts.style import PALETTE

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def dutch():
    with translation.override("nl"):
        yield


def test_bar_chart_draws_negative_values_left_of_zero_and_names_missing_ones(dutch):
    svg = bar_chart_svg(
        chart_id="c",
        title="Saldo",
        bars=[
            Bar("Borger-Odoorn", 120.0),
            Bar("Emmen", -40.0),
            Bar("Ellertshaar", None, "geheim: minder dan 10 inwoners"),
        ],
        value_text=lambda v: f"{v:.0f}",
    )
    assert svg.count("<rect") == 2
    xs = {
        float(x): float(w)
        for x, w in re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    }
    zero = float(re.search(r'<line x1="([\d.]+)" y1="8" x2="\1" y2="\d+" stroke="#1a1a1a"', svg)[1])
    positive, negative = sorted(xs.items(), key=lambda item: -item[0])
    assert positive[0] == pytest.approx(zero, abs=0.2)
    assert negative[0] + negative[1] == pytest.approx(zero, abs=0.2)
    assert "geheim: minder dan 10 inwoners" in svg
    assert "Ellertshaar: geheim: minder dan 10 inwoners" in svg  # in <desc>
    assert 'role="img"' in svg


def test_bar_chart_escapes_names(dutch):
    svg = bar_chart_svg(chart_id="c", title="<b>", bars=[Bar("A & B <x>", 1.0)], value_text=str)
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert "A &amp; B &lt;x&gt;" in svg


def grouped(groups, series=("2023", "2024"), **kwargs):
    arguments = {
        "chart_id": "chart-t",
        "title": "Titel",
        "desc": "Beschrijving",
        "series": list(series),
        "groups": groups,
        "number_text": lambda value: f"<{value}>",
        "axis_label": "Aantal",
        "empty_text": "Niets te tekenen",
        "empty_group_text": "geen staven",
    }
    return grouped_bar_chart_svg(**arguments | kwargs)


def test_grouped_bars_one_per_value_coloured_by_series_with_a_legend():
    svg = grouped([Group("Nieuwbouw", [(0, 30), (1, 1234)]), Group("Sloop", [(1, 5)])])
    root = ElementTree.fromstring(svg)
    bars = root.findall(f".//{SVG}g[@class='wm-chart__bar']")
    assert [bar.find(f"{SVG}rect").get("fill") for bar in bars] == [
        PALETTE[0],
        PALETTE[1],
        PALETTE[1],
    ]
    assert bars[1].find(f"{SVG}title").text == "Nieuwbouw, 2024: <1234>"
    legend = [t.text for t in root.find(f"{SVG}g[@class='wm-chart__legend']").iter(f"{SVG}text")]
    assert legend == ["2023", "2024"]
    axis = [t.text for t in root.find(f"{SVG}g[@class='wm-chart__axis']").iter(f"{SVG}text")]
    assert axis == ["<0>", "<500>", "<1000>", "<1500>", "Aantal"]  # whole steps, no 250
    assert root.get("aria-labelledby") == "chart-t-title chart-t-desc"


def test_a_small_negative_gets_no_empty_half_step():
    svg = grouped([Group("Saldo", [(0, 200), (1, -2)])])
    root = ElementTree.fromstring(svg)
    axis = [t.text for t in root.find(f"{SVG}g[@class='wm-chart__axis']").iter(f"{SVG}text")]
    assert axis[0] == "<0>"  # not "-50"
    zero, negative = (float(r.get("x")) for r in root.iter(f"{SVG}rect") if r.get("height") == "16")
    assert 12 < negative < zero < 12 + 0.05 * 632  # room for the bar, not a quarter of the plot


def test_a_group_without_bars_says_so_and_no_values_give_a_message():
    svg = grouped([Group("Nieuwbouw", [(0, 3)]), Group("Xxxxx", [])])
    assert "geen staven" in svg
    empty = grouped([Group("Xxxxx", [])])
    root = ElementTree.fromstring(empty)
    assert root.get("role") == "img"
    assert "Niets te tekenen" in empty and "wm-chart__bar" not in empty


def test_long_group_labels_are_shortened_and_escaped():
    svg = grouped([Group("Huur < € 678 &\n  meer " + "x" * 100, [(0, 3)])], chart_id='a"b')
    ElementTree.fromstring(svg)
    heading = re.search(r'font-weight="600" fill="#1a1a1a">([^<]*)</text>', svg)[1]
    assert heading.startswith("Huur &lt; € 678 &amp; meer x") and heading.endswith("…")
    assert 'id="a&quot;b-title"' in svg
