"""The yearly progress report (voortgangsrapportage) of an agreement, as PDF and as Excel.

Both builders read the agreement through ``agreements.overview.build_overview``: the same
read model as the agreement page and the API, so the report never says something the page
does not.
"""

from __future__ import annotations

import io
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
from woonmonitor.agreements.measures import Measure
from woonmonitor.agreements.models import Agreement, CommitmentStatus, Party
from woonmonitor.agreements.overview import Overview, TableView, build_overview
from woonmonitor.housing.services import rent_thresholds_for
from woonmonitor.spreadsheets import set_value, sheet_name

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


def evaluation_date(year: int, *, today: date) -> date:
    """Targets are judged at the end of the report year, or today while that year runs."""
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


def _excel_number(value: Decimal | int | None):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


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


@dataclass
class TableSection:
    view: TableView
    label_header: str
    rows: list[tuple[str, list[CellText]]]
    chart_svg: str
    masked_count: int


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
    if cell.value is not None:
        return CellText(format_number(cell.value), cell.value)
    raw = (cell.raw or "").strip()
    if not raw:
        return CellText("", None)
    if raw in DASHES:
        return CellText(raw, None)
    return CellText(_("onleesbaar in de bron"), None, masked=True)


def table_section(view: TableView) -> TableSection:
    declared = list(view.table.columns or [])
    label_header = declared[0] if len(declared) == len(view.columns) + 1 else ""
    label_header = label_header or _("Omschrijving")
    rows = []
    masked = 0
    for label, cells in zip(view.row_labels, view.grid, strict=False):
        texts = [cell_text(cell) for cell in cells]
        masked += sum(text.masked for text in texts)
        rows.append((label, texts))
    return TableSection(
        view=view,
        label_header=label_header,
        rows=rows,
        chart_svg=table_chart_svg(view),
        masked_count=masked,
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
    overview = build_overview(agreement, on=on)
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


def _evaluation_rows(overview: Overview) -> list[dict]:
    rows = []
    for target, evaluation, note in overview.evaluations:
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
                "note": note,
                "evaluation": evaluation,
            }
        )
    return rows


def _theme_blocks(overview: Overview) -> list[dict]:
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
            "evaluations": _evaluation_rows(data.overview),
            "themes": _theme_blocks(data.overview),
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
            "published_by": _person(agreement.published_by),
        },
    )


def progress_pdf(agreement: Agreement, *, year: int, on: date) -> bytes:
    from weasyprint import HTML

    html = render_html(progress_data(agreement, year=year, on=on))
    return HTML(string=html, base_url=None, url_fetcher=_no_fetching).write_pdf()


# ----------------------------------------------------------------------------- Excel


class _Sheets:
    """Small helpers around openpyxl for a uniform look: bold header, frozen panes, widths."""

    def __init__(self):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        self.book = Workbook()
        self.book.remove(self.book.active)
        self.taken: set[str] = set()
        self.header_font = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor="DCE6F0")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.title_font = Font(bold=True, size=14)

    def sheet(self, title: str):
        return self.book.create_sheet(sheet_name(title, self.taken, fallback=_("Tabel")))

    def header(self, sheet, row: int, names: list[str]) -> None:
        for column, name in enumerate(names, start=1):
            cell = sheet.cell(row=row, column=column, value=name)
            cell.font = self.header_font
            cell.fill = self.header_fill
            cell.alignment = self.wrap
        sheet.freeze_panes = sheet.cell(row=row + 1, column=1)

    def table(self, sheet, row: int, names: list[str], rows: list[list], widths: list[int]):
        from openpyxl.utils import get_column_letter

        self.header(sheet, row, names)
        for offset, values in enumerate(rows, start=1):
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row + offset, column=column)
                set_value(cell, value)
                cell.alignment = self.wrap
                if isinstance(value, datetime):
                    cell.number_format = "DD-MM-YYYY HH:MM"
                elif isinstance(value, date):
                    cell.number_format = "DD-MM-YYYY"
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        if rows:
            last = get_column_letter(len(names))
            sheet.auto_filter.ref = f"A{row}:{last}{row + len(rows)}"

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


def _naive(moment: datetime | None) -> datetime | None:
    """Excel has no time zones: local time without tzinfo."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def _readme(sheets: _Sheets, data: ProgressData) -> None:
    agreement = data.agreement
    sheet = sheets.sheet(_("Leesmij"))
    sheet["A1"] = _("Voortgangsrapportage %(year)s") % {"year": data.year}
    sheet["A1"].font = sheets.title_font
    run = agreement.import_run
    thresholds = data.thresholds
    rows = [
        (_("Prestatieafspraken"), agreement.title),
        (_("Gemeente"), agreement.municipality.name),
        (_("CBS-code"), agreement.municipality_code),
        (_("Looptijd"), f"{agreement.period_start:%d-%m-%Y} – {agreement.period_end:%d-%m-%Y}"),
        (_("Editie"), agreement.edition),
        (_("Status"), agreement.get_status_display()),
        (_("Rapportagejaar"), data.year),
        (_("Doelen beoordeeld op"), data.on),
        (_("Gemaakt op"), _naive(data.generated_at)),
        (_("Bron"), _("Woonmonitor, %(path)s") % {"path": data.page_path}),
        (_("Bronbestand"), agreement.source_name),
        (_("SHA-256 van de bron"), agreement.source_sha256),
        (_("Geïmporteerd op"), _naive(run.finished_at or run.started_at) if run else None),
        (_("Gepubliceerd door"), _person(agreement.published_by)),
        (_("Gepubliceerd op"), _naive(agreement.published_at)),
        (
            _("Huurprijsgrenzen %(year)s") % {"year": data.year},
            thresholds.source if thresholds else _("niet geladen"),
        ),
        ("", ""),
        (_("Tabbladen"), ""),
        (_("Samenvatting"), _("aantal afspraken per status en de meetbare doelen met hun oordeel")),
        (_("Afspraken"), _("alle afspraken met thema, status, laatste melding en adviezen")),
        (_("Cijfertabellen"), _("één tabblad per cijfertabel uit het document (gepland)")),
        (
            _("Gerealiseerd"),
            _("gerealiseerde aantallen van de corporaties, met wie en wanneer ze zijn opgegeven"),
        ),
    ]
    for offset, (label, value) in enumerate(rows, start=3):
        sheet.cell(row=offset, column=1, value=label).font = sheets.header_font
        cell = sheet.cell(row=offset, column=2)
        set_value(cell, value)
        cell.alignment = sheets.wrap
        if isinstance(value, datetime):
            cell.number_format = "DD-MM-YYYY HH:MM"
        elif isinstance(value, date):
            cell.number_format = "DD-MM-YYYY"
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90


def _summary(sheets: _Sheets, data: ProgressData) -> None:
    sheet = sheets.sheet(_("Samenvatting"))
    overview = data.overview
    sheets.table(
        sheet,
        1,
        [_("Status van de afspraak"), _("Aantal afspraken")],
        [[str(label), count] for _value, label, count in overview.status_counts],
        [24, 16],
    )
    start = len(overview.status_counts) + 3
    rows = []
    for row in _evaluation_rows(overview):
        target, evaluation = row["target"], row["evaluation"]
        rows.append(
            [
                row["commitment"],
                target.description,
                str(row["status_label"]),
                row["explanation"],
                target.get_comparison_display(),
                _excel_number(target.value),
                target.unit,
                target.deadline,
                _excel_number(evaluation.planned),
                _excel_number(evaluation.realised),
                evaluation.realised_year,
                "; ".join(row["sources"]),
                row["note"],
            ]
        )
    sheets.table(
        sheet,
        start,
        [
            _("Afspraak"),
            _("Doel"),
            _("Oordeel"),
            _("Toelichting"),
            _("Vergelijking"),
            _("Norm"),
            _("Eenheid"),
            _("Uiterlijk"),
            _("Gepland"),
            _("Gerealiseerd"),
            _("Jaar gerealiseerd"),
            _("Bronnen"),
            _("Huurprijsgrens"),
        ],
        rows,
        [24, 40, 14, 70, 12, 10, 12, 12, 10, 13, 10, 50, 40],
    )
    sheet.freeze_panes = None


def _commitments(sheets: _Sheets, data: ProgressData) -> None:
    sheet = sheets.sheet(_("Afspraken"))
    overview = data.overview
    rows = []
    for block in _theme_blocks(overview):
        theme = block["theme"]
        for item in block["items"]:
            commitment, report = item["commitment"], item["report"]
            comments = "\n".join(
                f"{comment.get_kind_display()} {comment.party.abbreviation} "
                f"({timezone.localtime(comment.created_at):%d-%m-%Y}): {comment.text}"
                for comment in item["comments"]
            )
            rows.append(
                [
                    str(theme),
                    commitment.label,
                    commitment.content,
                    commitment.result,
                    item["leads"],
                    commitment.period,
                    commitment.get_status_display(),
                    report.year if report else None,
                    report.party.name if report else "",
                    _naive(report.created_at).date() if report else None,
                    report.text if report else "",
                    comments,
                ]
            )
    sheets.table(
        sheet,
        1,
        [
            _("Thema"),
            _("Nr."),
            _("Afspraak"),
            _("Beoogd resultaat"),
            _("Trekkers"),
            _("Periode"),
            _("Status"),
            _("Laatste melding over jaar"),
            _("Gemeld door"),
            _("Gemeld op"),
            _("Laatste melding"),
            _("Adviezen en opmerkingen"),
        ],
        rows,
        [28, 8, 70, 40, 14, 14, 14, 12, 24, 12, 50, 50],
    )


def _number_tables(sheets: _Sheets, data: ProgressData) -> None:
    for section in data.tables:
        table = section.view.table
        sheet = sheets.sheet(table.title)
        sheet["A1"] = table.title
        sheet["A1"].font = sheets.title_font
        details = [table.get_kind_display()]
        if table.party_id:
            details.append(table.party.name)
        if table.period:
            details.append(table.period)
        sheet["A2"] = " · ".join(details)
        sheet["A3"] = _("Bron: %(source)s") % {"source": data.agreement.source_name or "–"}
        rows = [
            [
                label,
                *[cell.value if cell.value is not None else cell.text or None for cell in cells],
            ]
            for label, cells in section.rows
        ]
        names = [section.label_header, *section.view.columns]
        sheets.table(sheet, 5, names, rows, [40, *[14] * len(section.view.columns)])
        if table.notes:
            note_row = 6 + len(rows) + 1
            sheet.cell(row=note_row, column=1, value=_("Toelichting"))
            sheet.cell(row=note_row, column=1).font = sheets.header_font
            set_value(sheet.cell(row=note_row + 1, column=1), table.notes)


def _realised(sheets: _Sheets, data: ProgressData) -> None:
    sheet = sheets.sheet(_("Gerealiseerd"))
    planned = planned_by_year(data.overview)
    period_planned, period_label = planned_for_period(data.overview)
    rows = [
        [
            figure.party.name,
            figure.party.abbreviation,
            figure.get_measure_display(),
            figure.year,
            figure.value,
            planned.get((figure.party_id, figure.measure, figure.year)),
            period_planned.get((figure.party_id, figure.measure)),
            figure.note,
            _naive(figure.created_at),
            _("ja") if figure.corrects_id else _("nee"),
        ]
        for figure in sorted(
            data.overview.realised,
            key=lambda f: (f.party.order, MEASURE_ORDER.index(f.measure), f.year),
        )
    ]
    sheets.table(
        sheet,
        1,
        [
            _("Opgegeven door"),
            _("Afkorting"),
            _("Maat"),
            _("Jaar"),
            _("Gerealiseerd"),
            _("Gepland in dat jaar"),
            _("Gepland in de looptijd (%(period)s)") % {"period": period_label or "–"},
            _("Toelichting"),
            _("Opgegeven op"),
            _("Corrigeert een eerder getal"),
        ],
        rows,
        [28, 10, 40, 8, 13, 14, 18, 40, 17, 14],
    )


def progress_xlsx(agreement: Agreement, *, year: int, on: date) -> bytes:
    data = progress_data(agreement, year=year, on=on)
    sheets = _Sheets()
    _readme(sheets, data)
    _summary(sheets, data)
    _commitments(sheets, data)
    _number_tables(sheets, data)
    _realised(sheets, data)
    return sheets.bytes()
