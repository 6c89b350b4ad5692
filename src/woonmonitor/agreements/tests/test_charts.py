"""The inline SVG chart of a number table: pure, deterministic, accessible, Dutch numbers."""

from __future__ import annotations

import re
from types import SimpleNamespace
from xml.etree import ElementTree

from woonmonitor.agreements.charts import table_chart_svg
from woonmonitor.agreements.overview import TableView
from woonmonitor.charts.style import PALETTE

SVG = "{http://www.w3.org/2000/svg}"


def cell(row_label, column, value, raw=None, is_total=False):
    return SimpleNamespace(
        row_label=row_label,
        column=column,
        value=value,
        raw=raw if raw is not None else ("" if value is None else str(value)),
        is_total=is_total,
    )


def view(rows, key="production-lf", title="Planning Lefier", period="2023-2027"):
    table = SimpleNamespace(pk=1, key=key, title=title, period=period)
    return TableView(
        table=table,
        row_labels=[row[0].row_label for row in rows],
        columns=[c.column for c in rows[0]],
        grid=rows,
    )


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def bars(root) -> list:
    return root.findall(f".//{SVG}g[@class='wm-chart__bar']")


def test_one_bar_per_year_cell_and_totals_skipped():
    rows = [
        [
            cell("Nieuwbouw", "2023", 30),
            cell("Nieuwbouw", "2024", 1234),
            cell("Nieuwbouw", "Totaal", 1264, is_total=True),
        ],
        [
            cell("Sloop", "2023", 5),
            cell("Sloop", "2024", 0),
            cell("Sloop", "Totaal", 5, is_total=True),
        ],
    ]
    root = parse(table_chart_svg(view(rows)))
    assert len(bars(root)) == 4
    legend = [t.text for t in root.find(f"{SVG}g[@class='wm-chart__legend']").iter(f"{SVG}text")]
    assert legend == ["2023", "2024"]
    assert "Totaal" not in legend


def test_masked_cells_get_no_bar_and_are_described():
    rows = [
        [cell("Nieuwbouw", "2023", 30), cell("Nieuwbouw", "2024", None, raw="X0")],
        [cell("Sloop", "2023", None, raw="Xxxxxxxxx"), cell("Sloop", "2024", 4)],
    ]
    svg = table_chart_svg(view(rows))
    root = parse(svg)
    assert len(bars(root)) == 2
    desc = root.find(f"{SVG}desc").text
    assert "2 cellen zijn onleesbaar in de bron" in desc


def test_group_with_only_masked_cells_says_so():
    rows = [
        [cell("Nieuwbouw", "2023", 30)],
        [cell("Xxxxxxxxx", "2023", None, raw="X0")],
    ]
    svg = table_chart_svg(view(rows))
    assert len(bars(parse(svg))) == 1
    assert "onleesbaar in de bron" in svg


def test_dutch_number_format_in_labels_and_axis():
    rows = [[cell("Voorraad", "Domesta", 3008), cell("Voorraad", "Woonconcept", 3281)]]
    svg = table_chart_svg(view(rows, key="stock", title="Stand 01-01-2023", period=""))
    root = parse(svg)
    values = [b.findall(f"{SVG}text")[0].text for b in bars(root)]
    assert values == ["3.008", "3.281"]
    axis = [t.text for t in root.find(f"{SVG}g[@class='wm-chart__axis']").iter(f"{SVG}text")]
    assert "1.000" in axis and "0" in axis
    assert "3008" not in svg  # never without the thousands separator


def test_title_desc_role_and_unique_ids():
    svg = table_chart_svg(view([[cell("Nieuwbouw", "2023", 30)]], key="production-lf"))
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-production-lf-title chart-production-lf-desc"
    title = root.find(f"{SVG}title")
    assert title.get("id") == "chart-production-lf-title"
    assert "Planning Lefier" in title.text
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == "chart-production-lf-desc"
    assert "één staaf per jaar" in desc.text
    assert desc.text.endswith("alle getallen staan in de tabel.")


def test_association_columns_and_negative_values():
    rows = [
        [
            cell("Netto toevoeging", "Domesta", 200, "+200"),
            cell("Netto toevoeging", "Woonservice", -2),
            cell("Netto toevoeging", "Totaal", 198, is_total=True),
        ],
    ]
    svg = table_chart_svg(view(rows, key="production", period="2023 t/m 2027"))
    root = parse(svg)
    assert len(bars(root)) == 2
    assert "één staaf per kolom" in root.find(f"{SVG}desc").text
    texts = [b.findall(f"{SVG}text")[0].text for b in bars(root)]
    assert texts == ["200", "-2"]
    widths = [float(b.find(f"{SVG}rect").get("width")) for b in bars(root)]
    assert all(width > 0 for width in widths)


def test_deterministic_and_escaped():
    rows = [[cell("Huur < € 678 & meer", "2023", 3), cell("Huur < € 678 & meer", "2024", 4)]]
    first = table_chart_svg(view(rows, title="A & B <tabel>"))
    second = table_chart_svg(view(rows, title="A & B <tabel>"))
    assert first == second
    parse(first)  # well-formed XML despite the special characters
    assert "A &amp; B &lt;tabel&gt;" in first


def test_colours_come_from_the_palette_in_order():
    rows = [[cell("Nieuwbouw", str(year), 10 + year - 2023) for year in range(2023, 2028)]]
    svg = table_chart_svg(view(rows))
    fills = re.findall(
        r'<rect x="[\d.]+" y="\d+" width="[\d.]+" height="16" fill="(#[0-9a-f]{6})"', svg
    )
    assert fills == list(PALETTE[:5])


def test_nothing_to_draw():
    rows = [[cell("Xxxxxxxxx", "2023", None, raw="X0")]]
    svg = table_chart_svg(view(rows))
    root = parse(svg)
    assert bars(root) == []
    assert root.get("role") == "img"
    assert "Geen leesbare getallen" in svg
