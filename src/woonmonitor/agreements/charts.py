"""The chart of an agreement's number table: the table adapted to groups of bars (pure).

``table_chart_svg`` turns one table into a grouped horizontal bar chart
(``woonmonitor.charts.bars``): one group per row (measure), one bar per year column (or
per association column in tables without years). Total columns and cells that are masked
or unreadable in the source (value ``None``) get no bar. The same function serves the
agreement page and the PDF progress report, so the output depends only on its input.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from woonmonitor.charts.bars import Group, grouped_bar_chart_svg

from .calculations import format_number

TOTAL_LABELS = {"totaal", "total", "totalen"}


def _is_total_column(label: str) -> bool:
    return label.strip().lower() in TOTAL_LABELS


def _number(value) -> str:
    return format_number(Decimal(value))


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

    return grouped_bar_chart_svg(
        chart_id=f"chart-{table.key or table.pk}",
        title=title,
        desc=desc,
        series=series,
        groups=[Group(label, bars) for label, bars in groups],
        number_text=_number,
        axis_label=_("Aantal"),
        empty_text=_("Geen leesbare getallen om te tekenen."),
        empty_group_text=_("onleesbaar in de bron"),
    )
