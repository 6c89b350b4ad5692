"""The shared pieces of every chart: the opening tag, short labels, numbers, the legend."""

from __future__ import annotations

from xml.etree import ElementTree

from django.utils import translation

from woonmonitor.charts.svg import (
    LEGEND_ROW,
    empty_svg,
    format_number,
    legend_positions,
    open_svg,
    truncate,
)

SVG = "{http://www.w3.org/2000/svg}"


def test_the_title_and_description_label_or_describe_the_image():
    labelled = ElementTree.fromstring("".join(open_svg("c", 100, 50.4, "A & B", "<d>")) + "</svg>")
    assert labelled.get("aria-labelledby") == "c-title c-desc"
    assert labelled.get("viewBox") == "0 0 100 50"
    assert labelled.find(f"{SVG}title").text == "A & B"
    assert labelled.find(f"{SVG}desc").text == "<d>"
    described = "".join(open_svg("c", 100, 50, "t", "d", describedby=True))
    assert 'aria-labelledby="c-title" aria-describedby="c-desc"' in described


def test_an_empty_chart_is_still_an_image_with_words():
    root = ElementTree.fromstring(empty_svg("e", 720, "t", "d", "Niets & niemand", x=8))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}text").text == "Niets & niemand"


def test_truncate():
    assert truncate("kort", 22) == "kort"
    assert truncate("een heel lange naam van een gebied", 10) == "een heel…"


def test_numbers_follow_the_active_language():
    with translation.override("nl"):
        assert format_number(11224.0) == "11.224"
        assert format_number(0.25, 2) == "0,25"
    with translation.override("en"):
        assert format_number(11224.0) == "11,224"


def test_the_legend_wraps_at_the_right_edge():
    positions, last = legend_positions([50, 50, 50], left=10, right=120)
    assert positions == [(10, 16), (60, 16), (10, 16 + LEGEND_ROW)]
    assert last == 16 + LEGEND_ROW
    assert legend_positions([500], left=10, right=120) == ([(10, 16)], 16)  # never an empty row
