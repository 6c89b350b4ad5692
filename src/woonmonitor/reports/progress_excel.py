"""The yearly progress report of an agreement as an Excel workbook (same data as the PDF)."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from woonmonitor.agreements.masking import marked_plain
from woonmonitor.agreements.models import Agreement
from woonmonitor.agreements.services import publisher_label
from woonmonitor.agreements.sources import document_citation
from woonmonitor.spreadsheets import set_value, sheet_name

from .progress import (
    MEASURE_ORDER,
    ProgressData,
    evaluation_rows,
    planned_by_year,
    planned_for_period,
    progress_data,
    theme_blocks,
)


def _excel_number(value: Decimal | int | None):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


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
        self.masked_font = Font(italic=True, color="7A2E00")

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
        (_("Looptijd"), _period_text(data)),
        (_("Editie"), agreement.edition),
        (_("Status"), agreement.get_status_display()),
        (_("Rapportagejaar"), data.year),
        (_("Doelen beoordeeld op"), data.on),
        (_("Gemaakt op"), _naive(data.generated_at)),
        (_("Bron"), _("Woonmonitor, %(path)s") % {"path": data.page_path}),
        (_("Brondocument"), document_citation(agreement)),
        (_("Controlegetal (SHA-256)"), agreement.source_sha256),
        (_("Ingelezen op"), _naive(run.finished_at or run.started_at) if run else None),
        (_("Gepubliceerd door"), publisher_label(agreement)),
        (_("Gepubliceerd op"), _naive(agreement.published_at)),
        (
            _("Huurprijsgrenzen %(year)s") % {"year": data.year},
            thresholds.citation if thresholds else _("niet geladen"),
        ),
        ("", ""),
        (_("Tabbladen"), ""),
        (_("Aandacht"), _("eerst: wat verlopen is, wat achter loopt en wat risico loopt")),
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
    for row in evaluation_rows(overview):
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
    unreadable = _("onleesbaar in de bron")
    rows = []
    for block in theme_blocks(overview):
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
                    marked_plain(commitment.content, unreadable),
                    marked_plain(commitment.result, unreadable),
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
        sheet["A3"] = _("Bron: %(source)s") % {"source": document_citation(data.agreement)}
        # the one table reading: a masked cell is the text "onleesbaar in de bron", never a 0
        rows = [
            [
                label.text,
                *[cell.value if cell.value is not None else cell.text or None for cell in cells],
            ]
            for label, cells in section.rows
        ]
        names = [section.label_header, *[column.text for column in section.columns]]
        sheets.table(sheet, 5, names, rows, [40, *[14] * len(section.columns)])
        note_row = 6 + len(rows) + 1
        for offset, (_label, cells) in enumerate(section.rows):
            for position, cell in enumerate(cells):
                if cell.masked:
                    sheet.cell(row=6 + offset, column=2 + position).font = sheets.masked_font
        notes = list(section.inferred_notes)
        if section.masked_count:
            notes.insert(
                0,
                _(
                    "“onleesbaar in de bron”: in het brondocument onleesbaar gemaakt of niet "
                    "als getal te lezen; een 0 in een gemaskeerde rij of kolom kan zelf "
                    "gemaskeerd zijn."
                ),
            )
        if table.notes:
            notes.append(table.notes)
        if notes:
            sheet.cell(row=note_row, column=1, value=_("Toelichting"))
            sheet.cell(row=note_row, column=1).font = sheets.header_font
            for offset, note in enumerate(notes, start=1):
                set_value(sheet.cell(row=note_row + offset, column=1), note)


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


def _period_text(data: ProgressData) -> str:
    agreement, period = data.agreement, data.overview.period
    text = f"{agreement.period_start:%d-%m-%Y} – {agreement.period_end:%d-%m-%Y}"
    if period is not None and period.ended:
        if period.successor is not None:
            text += "; " + _("verstreken, vervolg in editie %(edition)d") % {
                "edition": period.successor.edition
            }
        else:
            text += "; " + _("verstreken, geen volgende editie")
    return text


def _attention(sheets: _Sheets, data: ProgressData) -> None:
    """What needs attention, most urgent first: the first sheet after the read-me."""
    sheet = sheets.sheet(_("Aandacht"))
    unreadable = _("onleesbaar in de bron")
    rows = [
        [
            item.attention_label,
            item.heading,
            marked_plain(item.title, unreadable),
            item.status,
            item.reason,
        ]
        for item in data.overview.attention
    ]
    if not rows:
        rows = [["", _("Niets is verlopen, loopt achter of loopt risico."), "", "", ""]]
    sheets.table(
        sheet,
        1,
        [_("Aandacht"), _("Onderdeel"), _("Omschrijving"), _("Status"), _("Toelichting")],
        rows,
        [12, 30, 60, 30, 70],
    )


def progress_xlsx(agreement: Agreement, *, year: int, on: date) -> bytes:
    data = progress_data(agreement, year=year, on=on)
    sheets = _Sheets()
    _readme(sheets, data)
    _attention(sheets, data)
    _summary(sheets, data)
    _commitments(sheets, data)
    _number_tables(sheets, data)
    _realised(sheets, data)
    return sheets.bytes()
