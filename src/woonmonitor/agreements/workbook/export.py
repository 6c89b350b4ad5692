"""Write an agreement to an .xlsx workbook."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, Protection
from openpyxl.utils import get_column_letter

from woonmonitor.spreadsheets import set_value

from ..models import Agreement
from .layout import (
    CELL_COLUMNS,
    CELL_WIDTHS,
    COMMITMENT_COLUMNS,
    COMMITMENT_WIDTHS,
    FIRST_DATA_ROW,
    HEADER_FILL,
    HEADER_FONT,
    HEADER_ROW,
    LOCKED_FILL,
    PARTY_COLUMNS,
    PARTY_WIDTHS,
    TITLE_FONT,
    WRAP,
    cell_row,
    commitment_row,
    party_row,
    sheet_key,
    sheet_plan,
)

# ----------------------------------------------------------------------------- export


def _write_data_sheet(ws, key: str, title: str, columns, widths, rows, freeze: str) -> None:
    ws["A1"] = key
    ws["B1"] = title
    ws["B1"].font = TITLE_FONT
    for index, (header, _attr, _kind, _editable) in enumerate(columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=index, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
    for row_number, values in enumerate(rows, start=FIRST_DATA_ROW):
        for index, value in enumerate(values, start=1):
            cell = ws.cell(row=row_number, column=index)
            set_value(cell, value)
            cell.alignment = WRAP
            editable = columns[index - 1][3]
            cell.protection = Protection(locked=not editable)
            if not editable:
                cell.fill = LOCKED_FILL
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = freeze
    _protect(ws)


def _protect(ws) -> None:
    """Lock the sheet (no password): only the editable cells can be changed."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False


def _write_readme(ws, agreement: Agreement, sheets: list[tuple[str, str, object]]) -> None:
    exported = timezone.localtime().strftime("%d-%m-%Y %H:%M")
    rows = [
        (_("Werkmap prestatieafspraken"), ""),
        (_("Prestatieafspraken"), agreement.title),
        (_("Gemeente"), f"{agreement.municipality.name} ({agreement.municipality_code})"),
        (_("Editie"), agreement.edition),
        (_("Status"), agreement.get_status_display()),
        (_("Geëxporteerd op"), exported),
        (_("Werkmap-sleutel"), sheet_key("readme", agreement)),
        (_("Versie van het concept"), agreement.revision),
        ("", ""),
        (
            _("Wat is dit?"),
            _(
                "Deze werkmap bevat de afspraken en cijfertabellen van de prestatieafspraken "
                "zoals ze "
                "in Woonmonitor staan: een blad per thema (een rij per afspraak) en een blad per "
                "cijfertabel (een rij per getal). Het blad Partijen noemt de partijen met de "
                "afkortingen die het document gebruikt."
            ),
        ),
        (
            _("Bewerken"),
            _(
                "Pas de witte cellen aan: de tekst van een afspraak, het nummer, de periode, de "
                "trekkers (afkortingen uit het blad Partijen, gescheiden door een komma) en de "
                "waarde "
                "of het jaar van een getal. Jaren en waarden zijn gehele getallen; laat een cel "
                "leeg "
                "als er geen waarde is. Gebruik geen formules."
            ),
        ),
        (
            _("Niet wijzigen"),
            _(
                "De grijze cellen, de verborgen kolom A (id), rij 1 en 2 van elk blad (sleutel en "
                "kolomkoppen), de namen van de bladen en het blad Partijen. Rijen toevoegen of "
                "verwijderen kan niet via de werkmap. Zoals in het document staat, blijft zoals "
                "het "
                "in het brondocument staat."
            ),
        ),
        (
            _("Terugzetten"),
            _(
                "Sla de werkmap op als .xlsx en kies op de beoordelingspagina van het concept "
                "'Werkmap importeren'. Woonmonitor controleert eerst de hele werkmap. Bij een fout "
                "krijgt u per blad, rij en kolom een melding en wordt er niets gewijzigd; anders "
                "worden "
                "alle wijzigingen in een keer doorgevoerd en in de geschiedenis vastgelegd. Alleen "
                "een concept kan zo gewijzigd worden."
            ),
        ),
        ("", ""),
        (_("Bladen"), "\n".join(name for name, _kind, _obj in sheets)),
    ]
    for row_number, (label, value) in enumerate(rows, start=1):
        ws.cell(row=row_number, column=1, value=label).font = Font(bold=True)
        cell = ws.cell(row=row_number, column=2)
        set_value(cell, value)
        cell.alignment = WRAP
    ws["A1"].font = TITLE_FONT
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    _protect(ws)


def export_workbook(agreement: Agreement) -> bytes:
    """The agreement as an .xlsx workbook (bytes)."""
    plan = sheet_plan(agreement)
    wb = Workbook()
    wb.remove(wb.active)
    for name, kind, obj in plan:
        ws = wb.create_sheet(title=name)
        key = sheet_key(kind, obj)
        if kind == "readme":
            _write_readme(ws, agreement, plan)
        elif kind == "parties":
            parties = agreement.parties.select_related("organisation")
            _write_data_sheet(
                ws,
                key,
                _("Partijen"),
                PARTY_COLUMNS,
                PARTY_WIDTHS,
                [party_row(p) for p in parties],
                "C3",
            )
        elif kind == "theme":
            commitments = obj.commitments.prefetch_related("leads").order_by("order", "pk")
            _write_data_sheet(
                ws,
                key,
                f"{obj.code}. {obj.title}",
                COMMITMENT_COLUMNS,
                COMMITMENT_WIDTHS,
                [commitment_row(c) for c in commitments],
                "C3",
            )
        else:
            title = obj.title if not obj.period else f"{obj.title} ({obj.period})"
            cells = obj.cells.select_related("party").order_by("row", "col")
            _write_data_sheet(
                ws, key, title, CELL_COLUMNS, CELL_WIDTHS, [cell_row(c) for c in cells], "C3"
            )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
