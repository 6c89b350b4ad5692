"""The yearly progress report (voortgangsrapportage) of an agreement, as PDF and as Excel.

Both builders read the agreement through ``agreements.overview.build_overview``: the same
read model as the agreement page and the API, so the report never says something the page
does not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.agreements.calculations import TargetStatus, format_number
from woonmonitor.agreements.charts import table_chart_svg
from woonmonitor.agreements.deadlines import attention_rank, target_attention
from woonmonitor.agreements.measures import Measure
from woonmonitor.agreements.models import Agreement, CommitmentStatus, Party
from woonmonitor.agreements.overview import Overview, TableView, build_overview
from woonmonitor.agreements.services import publisher_label
from woonmonitor.agreements.sources import (
    commitment_citation,
    document_citation,
    document_title,
)
from woonmonitor.housing.services import rent_thresholds_for

STATUS_COLOURS = {
    CommitmentStatus.NOT_STARTED: "#8c8c8c",
    CommitmentStatus.ON_TRACK: "#1f5fa8",
    CommitmentStatus.DELAYED: "#b85c00",
    CommitmentStatus.DONE: "#2c7a3b",
    CommitmentStatus.DROPPED: "#4d4d4d",
}
DASHES = {"-", "–", "—"}
MEASURE_ORDER = list(Measure.values)


# ----------------------------------------------------------------------------- helpers


def report_year(agreement: Agreement, requested: str | int | None, *, today: date) -> int:
    """The year asked for (``?jaar=``), else the current year, clamped to the agreement period."""
    try:
        year = int(requested) if requested not in (None, "") else today.year
    except (TypeError, ValueError):
        year = today.year
    return min(max(year, agreement.period_start.year), agreement.period_end.year)


def evaluation_date(year: int, *, today: date, period_end: date | None = None) -> date:
    """Targets are judged at the end of the report year, or today while that year runs.

    The last year of an agreement whose period has ended is judged today: the final report
    says where things stand now, with every deadline that has passed since.
    """
    if period_end is not None and today > period_end and year == period_end.year:
        return today
    return min(today, date(year, 12, 31))


def filename(agreement: Agreement, year: int, extension: str) -> str:
    slug = agreement.municipality.slug or slugify(agreement.municipality.name)
    return f"voortgangsrapportage-{slug}-{year}.{extension}"


def number_text(value: Decimal | int | None) -> str:
    """Dutch notation with up to one decimal; an en dash for no value."""
    if value is None:
        return "–"
    value = Decimal(value)
    return format_number(value, 0 if value == value.to_integral_value() else 1)


def _amount(value: Decimal | int | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "%":
        return f"{number_text(value)}%"
    return f"{number_text(value)} {unit}".strip()


def _leads(commitment) -> str:
    leads = [party.abbreviation for party in commitment.leads.all()]
    return ", ".join(leads) if leads else commitment.lead_text


def _associations(agreement: Agreement) -> list[Party]:
    return [
        party
        for party in agreement.parties.all()
        if party.kind == OrganisationKind.HOUSING_ASSOCIATION
    ]


# ----------------------------------------------------------------------------- the data


@dataclass
class CellText:
    text: str
    value: int | None
    masked: bool = False
    reviewed: bool = False


@dataclass
class LabelText:
    """A row label or column header as the report prints it (from the one table reading)."""

    text: str
    masked: bool = False
    inferred: bool = False


@dataclass
class TableSection:
    view: TableView
    label_header: str
    rows: list[tuple[LabelText, list[CellText]]]
    chart_svg: str
    masked_count: int
    columns: list[LabelText] = field(default_factory=list)
    inferred_notes: list[str] = field(default_factory=list)


@dataclass
class RealisedRow:
    """One association and measure: planned in the tables next to what it reported."""

    party: Party
    measure: str
    label: str
    planned_year: int | None
    planned_period: int | None
    period_label: str
    realised_year: int | None
    realised_to_date: int | None
    sources: list[str] = field(default_factory=list)


@dataclass
class ProgressData:
    overview: Overview
    year: int
    on: date
    generated_at: datetime
    page_path: str
    tables: list[TableSection]
    realised_rows: list[RealisedRow]
    thresholds: object | None

    @property
    def agreement(self) -> Agreement:
        return self.overview.agreement


def cell_text(cell) -> CellText:
    """A cell of the one table reading (``agreements.table_reading``) as report text."""
    if cell.value is not None:
        return CellText(format_number(cell.value), cell.value, reviewed=cell.is_reviewed)
    if cell.is_unreadable:
        return CellText(_("onleesbaar in de bron"), None, masked=True)
    raw = (cell.raw or "").strip()
    return CellText(raw if raw in DASHES else "–", None)


def label_text(label) -> LabelText:
    return LabelText(label.marked, masked=label.is_masked, inferred=label.is_inferred)


def table_section(view: TableView) -> TableSection:
    declared = list(view.table.columns or [])
    label_header = declared[0] if len(declared) == len(view.columns) + 1 else ""
    label_header = label_header or _("Omschrijving")
    rows = []
    masked = 0
    for label, cells in zip(view.row_labels, view.grid, strict=False):
        texts = [cell_text(cell) for cell in cells]
        masked += sum(text.masked for text in texts) + label.is_masked
        rows.append((label_text(label), texts))
    columns = [label_text(label) for label in view.columns]
    masked += sum(column.masked for column in columns)
    notes = [
        _("Afgeleid (%(where)s): “%(text)s”; in de bron “%(raw)s”. %(note)s.")
        % {"where": where, "text": label.text, "raw": label.raw, "note": label.note}
        for where, label in view.inferred_notes
    ]
    return TableSection(
        view=view,
        label_header=label_header,
        rows=rows,
        chart_svg=table_chart_svg(view),
        masked_count=masked,
        columns=columns,
        inferred_notes=notes,
    )


# Flows counted per year: their realised figures add up over the period; stock figures do not.
FLOW_MEASURES = {
    Measure.NEW_BUILD,
    Measure.DEMOLITION,
    Measure.SALE,
    Measure.DEMOLITION_OR_SALE,
    Measure.RENOVATION,
    Measure.SOLAR_PANELS,
    Measure.NET_ADDITION,
    Measure.ACCESSIBLE_NEW_BUILD,
    Measure.VACATED_SOCIAL_HOMES,
    Measure.PERMIT_HOLDER_ALLOCATIONS,
    Measure.NEW_PITCHES,
}


def _planned_cells(overview: Overview):
    """Cells of the production tables that plan a number for one association."""
    for view in overview.tables:
        if view.table.kind != view.table.Kind.PRODUCTION:
            continue
        for row in view.grid:
            for cell in row:
                if cell.value is not None and cell.measure and cell.party_id and not cell.is_total:
                    yield view.table, cell


def planned_by_year(overview: Overview) -> dict[tuple[int, str, int], int]:
    """Planned numbers per (association party, measure, year) from the production tables."""
    planned: dict[tuple[int, str, int], int] = defaultdict(int)
    for _table, cell in _planned_cells(overview):
        if cell.year:
            planned[(cell.party_id, cell.measure, cell.year)] += cell.value
    return dict(planned)


def planned_for_period(overview: Overview) -> tuple[dict[tuple[int, str], int], str]:
    """Planned numbers for the whole period, from tables without a year per cell."""
    planned: dict[tuple[int, str], int] = defaultdict(int)
    periods: list[str] = []
    for table, cell in _planned_cells(overview):
        if not cell.year:
            planned[(cell.party_id, cell.measure)] += cell.value
            if table.period and table.period not in periods:
                periods.append(table.period)
    return dict(planned), ", ".join(periods)


def realised_rows(overview: Overview, year: int) -> list[RealisedRow]:
    """Per housing association and measure: planned (from the tables) and realised in the year."""
    first_year = overview.agreement.period_start.year
    planned_year = {
        (party, measure): value
        for (party, measure, cell_year), value in planned_by_year(overview).items()
        if cell_year == year
    }
    planned_period, period_label = planned_for_period(overview)
    realised: dict[tuple[int, str], int] = defaultdict(int)
    to_date: dict[tuple[int, str], int] = defaultdict(int)
    sources: dict[tuple[int, str], list[str]] = defaultdict(list)
    for figure in overview.realised:
        key = (figure.party_id, figure.measure)
        if figure.year == year:
            realised[key] += figure.value
            sources[key].append(
                _("opgegeven op %(date)s")
                % {"date": timezone.localtime(figure.created_at).strftime("%d-%m-%Y")}
            )
        if first_year <= figure.year <= year and figure.measure in FLOW_MEASURES:
            to_date[key] += figure.value
    labels = dict(Measure.choices)
    rows = []
    for party in _associations(overview.agreement):
        keys = [*planned_year, *planned_period, *realised]
        measures = {measure for (party_id, measure) in keys if party_id == party.pk}
        for measure in sorted(measures, key=MEASURE_ORDER.index):
            key = (party.pk, measure)
            rows.append(
                RealisedRow(
                    party=party,
                    measure=measure,
                    label=str(labels[measure]),
                    planned_year=planned_year.get(key),
                    planned_period=planned_period.get(key),
                    period_label=period_label,
                    realised_year=realised.get(key),
                    realised_to_date=to_date.get(key) if measure in FLOW_MEASURES else None,
                    sources=sources.get(key, []),
                )
            )
    return rows


def progress_data(agreement: Agreement, *, year: int, on: date) -> ProgressData:
    successor = Agreement.objects.published().filter(previous_edition=agreement).first()
    overview = build_overview(agreement, on=on, report_year=year, successor=successor)
    return ProgressData(
        overview=overview,
        year=year,
        on=on,
        generated_at=timezone.localtime(),
        page_path=reverse("agreements:detail", args=[agreement.pk]),
        tables=[table_section(view) for view in overview.tables],
        realised_rows=realised_rows(overview, year),
        thresholds=rent_thresholds_for(year),
    )


def _status_bars(overview: Overview) -> list[dict]:
    largest = max((count for _value, _label, count in overview.status_counts), default=0)
    return [
        {
            "value": value,
            "label": label,
            "count": count,
            "width": round(220 * count / largest) if largest else 0,
            "y": 8 + index * 26,
            "colour": STATUS_COLOURS.get(value, "#555555"),
        }
        for index, (value, label, count) in enumerate(overview.status_counts)
    ]


def evaluation_rows(overview: Overview) -> list[dict]:
    """The targets with their judgement: expired first, then behind, at risk, the rest."""
    rows = []
    ordered = sorted(
        overview.evaluations, key=lambda triple: attention_rank(target_attention(triple[1].status))
    )
    for target, evaluation, note in ordered:
        rows.append(
            {
                "target": target,
                "commitment": target.commitment.label,
                "status": evaluation.status,
                "status_label": TargetStatus(evaluation.status).label,
                "explanation": evaluation.explanation,
                "norm": f"{target.get_comparison_display()} {_amount(target.value, target.unit)}",
                "deadline": target.deadline,
                "planned": _amount(evaluation.planned, target.unit)
                if evaluation.planned is not None
                else "–",
                "realised": _amount(evaluation.realised, target.unit)
                if evaluation.realised is not None
                else "–",
                "realised_year": evaluation.realised_year,
                "sources": list(evaluation.sources),
                "norm_source": commitment_citation(target.commitment, overview.agreement),
                "attention": target_attention(evaluation.status),
                "note": note,
                "evaluation": evaluation,
            }
        )
    return rows


def theme_blocks(overview: Overview) -> list[dict]:
    blocks = []
    for theme in overview.themes:
        items = []
        for commitment in overview.commitments_by_theme.get(theme.pk, []):
            items.append(
                {
                    "commitment": commitment,
                    "leads": _leads(commitment),
                    "report": overview.latest_report.get(commitment.pk),
                    "comments": overview.comments.get(commitment.pk, []),
                }
            )
        blocks.append({"theme": theme, "items": items})
    return blocks


# ----------------------------------------------------------------------------- PDF


def _no_fetching(url: str, *args, **kwargs):
    """WeasyPrint may not fetch anything: the report is self-contained."""
    raise ValueError(f"external resource refused in the progress report: {url}")


def render_html(data: ProgressData) -> str:
    agreement = data.agreement
    return render_to_string(
        "reports/progress_report.html",
        {
            "data": data,
            "agreement": agreement,
            "overview": data.overview,
            "year": str(data.year),
            "parties": list(agreement.parties.all()),
            "status_bars": _status_bars(data.overview),
            "status_chart_height": 8 + 26 * len(data.overview.status_counts),
            "evaluations": evaluation_rows(data.overview),
            "attention": data.overview.attention,
            "attention_counts": data.overview.attention_counts,
            "period": data.overview.period,
            "citation": document_citation(agreement),
            "document_title": document_title(agreement),
            "themes": theme_blocks(data.overview),
            "tables": data.tables,
            "realised_rows": data.realised_rows,
            "show_planned_year": any(row.planned_year is not None for row in data.realised_rows),
            "show_planned_period": any(
                row.planned_period is not None for row in data.realised_rows
            ),
            "period_label": next(
                (r.period_label for r in data.realised_rows if r.period_label), ""
            ),
            "first_year": str(agreement.period_start.year),
            "thresholds": data.thresholds,
            "import_run": agreement.import_run,
            "published_by": publisher_label(agreement),
        },
    )


def progress_pdf(agreement: Agreement, *, year: int, on: date) -> bytes:
    from weasyprint import HTML

    html = render_html(progress_data(agreement, year=year, on=on))
    return HTML(string=html, base_url=None, url_fetcher=_no_fetching).write_pdf()
