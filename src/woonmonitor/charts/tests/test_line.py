"""Line charts: accessible, Dutch numbers, gaps, lines told apart without colour."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from woonmonitor.charts.line import DASHES, LineSeries, line_chart_svg, style

SVG = "{http://www.w3.org/2000/svg}"
STOCK = [
    (2012, 11619.0),
    (2013, 11710.0),
    (2014, 11734.0),
    (2015, 11714.0),
    (2016, 11572.0),
    (2017, 11608.0),
    (2018, 11645.0),
    (2019, 11374.0),
    (2020, 11224.0),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_line_chart_is_an_accessible_image_with_title_and_description():
    svg = line_chart_svg(
        chart_id="stock",
        title="Grafiek: woningvoorraad Borger-Odoorn",
        series=[LineSeries("Borger-Odoorn (gemeente)", STOCK)],
        y_label="Woningvoorraad (aantal)",
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "stock-title stock-desc"
    assert root.find(f"{SVG}title").text == "Grafiek: woningvoorraad Borger-Odoorn"
    desc = root.find(f"{SVG}desc").text
    assert "Borger-Odoorn (gemeente) (2012–2020)" in desc
    assert "Kleinste waarde 11.224, grootste waarde 11.734" in desc  # Dutch notation
    assert "tabel" in desc
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "2012" in texts and "2020" in texts and "Jaar" in texts
    assert any(t and "." in t and t.replace(".", "").isdigit() for t in texts)  # 11.600 etc.
    assert len(list(root.iter(f"{SVG}circle"))) == len(STOCK) + 1  # points and legend


def test_unknown_values_leave_a_gap():
    points = [(2019, 10.0), (2020, 11.0), (2021, None), (2022, 12.0), (2023, 13.0)]
    root = parse(
        line_chart_svg(chart_id="g", title="t", series=[LineSeries("a", points)], y_label="y")
    )
    lines = [p for p in root.iter(f"{SVG}path") if p.get("fill") == "none"]
    assert len(lines) == 2  # two runs, nothing drawn through 2021
    assert "onderbreking" in root.find(f"{SVG}desc").text


def test_series_differ_in_dash_and_marker_not_only_colour():
    series = [LineSeries(f"lijn {i}", [(2020, float(i)), (2021, float(i + 1))]) for i in range(4)]
    root = parse(line_chart_svg(chart_id="m", title="t", series=series, y_label="y"))
    paths = [p for p in root.iter(f"{SVG}path") if p.get("fill") == "none"]
    dashes = [p.get("stroke-dasharray") for p in paths]
    assert len(set(dashes)) == 4
    assert {style(i).marker for i in range(4)} == {"circle", "square", "triangle", "diamond"}
    assert len(set(DASHES)) == len(DASHES)


def test_explicit_style_keeps_a_series_look_across_charts():
    root = parse(
        line_chart_svg(
            chart_id="s",
            title="t",
            series=[LineSeries("b", [(2020, 1.0), (2021, 2.0)], style=1)],
            y_label="y",
        )
    )
    (path,) = [p for p in root.iter(f"{SVG}path") if p.get("fill") == "none"]
    assert path.get("stroke-dasharray") == DASHES[1]
    assert path.get("stroke") == style(1).colour


def test_no_values_gives_a_message_not_an_empty_plot():
    svg = line_chart_svg(
        chart_id="e", title="t", series=[LineSeries("a", [(2022, None)])], y_label="y"
    )
    assert "Geen openbare waarden om te tekenen." in svg
    parse(svg)


def test_labels_are_escaped():
    svg = line_chart_svg(
        chart_id="x", title="A & B <c>", series=[LineSeries("<b>", [(2020, 1.0)])], y_label="y"
    )
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "A & B <c>"


def test_fixed_years_and_from_zero_line_charts_up():
    series = [LineSeries("a", STOCK)]
    root = parse(
        line_chart_svg(
            chart_id="f", title="t", series=series, y_label="y", years=(2010, 2022), from_zero=True
        )
    )
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "2010" in texts and "2022" in texts
    assert "0" in texts  # the value axis starts at zero
