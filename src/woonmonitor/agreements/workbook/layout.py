"""Layout of the agreement workbook: sheets, columns, styles (shared by export and reading)."""

from __future__ import annotations

from django.utils.text import slugify
from openpyxl.styles import Alignment, Font, PatternFill

from woonmonitor.spreadsheets import sheet_name

from ..models import Agreement, Commitment, NumberCell, Party

README_SHEET = "Leesmij"
PARTIES_SHEET = "Partijen"
HEADER_ROW = 2
FIRST_DATA_ROW = 3
EXPORTED_AT_CELL = "B6"  # the only cell that differs between two exports of the same data

# (header, model field, kind, editable); kind: "text", "int", "leads"
COMMITMENT_COLUMNS: list[tuple[str, str, str, bool]] = [
    ("id", "pk", "id", False),
    ("nr", "number", "text", True),
    ("hoort bij", "parent_number", "text", True),
    ("inhoud", "content", "text", True),
    ("resultaat", "result", "text", True),
    ("tijd", "period", "text", True),
    ("vanaf", "period_start", "int", True),
    ("tot en met", "period_end", "int", True),
    ("trekkers", "leads", "leads", True),
    ("trekker (zoals in het document)", "lead_text", "text", True),
    ("kop jaarschijf", "year_entry_label", "text", True),
    ("jaarschijf", "year_entry", "text", True),
]
COMMITMENT_WIDTHS = [8, 8, 10, 60, 40, 14, 9, 10, 22, 24, 18, 60]

CELL_COLUMNS: list[tuple[str, str, str, bool]] = [
    ("id", "pk", "id", False),
    ("rij", "row_label", "text", False),
    ("kolom", "column", "text", False),
    ("zoals in het document", "raw", "text", False),
    ("waarde", "value", "int", True),
    ("jaar", "year", "int", True),
    ("partij", "party", "party", False),
]
CELL_WIDTHS = [8, 44, 18, 22, 12, 8, 16]

PARTY_COLUMNS: list[tuple[str, str, str, bool]] = [
    ("id", "pk", "id", False),
    ("afkorting", "abbreviation", "text", False),
    ("naam in het document", "name", "text", False),
    ("soort", "kind", "text", False),
    ("organisatie in Woonmonitor", "organisation", "organisation", False),
]
PARTY_WIDTHS = [8, 16, 40, 24, 40]

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="154273")
TITLE_FONT = Font(bold=True, size=13)
LOCKED_FILL = PatternFill("solid", fgColor="EEF1F5")
WRAP = Alignment(wrap_text=True, vertical="top")


# ----------------------------------------------------------------------------- sheet names


def sheet_plan(agreement: Agreement) -> list[tuple[str, str, object]]:
    """Every sheet of the workbook in order: (sheet name, kind, object)."""
    taken = {README_SHEET.lower(), PARTIES_SHEET.lower()}
    plan: list[tuple[str, str, object]] = [
        (README_SHEET, "readme", agreement),
        (PARTIES_SHEET, "parties", agreement),
    ]
    for theme in agreement.themes.all():
        plan.append((sheet_name(f"{theme.code} {theme.title}", taken), "theme", theme))
    for table in agreement.tables.all():
        plan.append((sheet_name(f"Tabel {table.title}", taken), "table", table))
    return plan


def sheet_key(kind: str, obj) -> str:
    if kind == "theme":
        return f"thema:{obj.code}"
    if kind == "table":
        return f"tabel:{obj.key}"
    if kind == "parties":
        return "partijen"
    return f"prestatieafspraken:{obj.pk}"


def workbook_filename(agreement: Agreement) -> str:
    name = slugify(agreement.municipality.name).removeprefix("gemeente-")
    return f"prestatieafspraken-{name}-{agreement.edition}.xlsx"


# ----------------------------------------------------------------------------- rows


def leads_text(commitment: Commitment) -> str:
    return ", ".join(party.abbreviation for party in commitment.leads.all())


def commitment_row(commitment: Commitment) -> list:
    return [
        commitment.pk,
        commitment.number,
        commitment.parent_number,
        commitment.content,
        commitment.result,
        commitment.period,
        commitment.period_start,
        commitment.period_end,
        leads_text(commitment),
        commitment.lead_text,
        commitment.year_entry_label,
        commitment.year_entry,
    ]


def cell_row(cell: NumberCell) -> list:
    return [
        cell.pk,
        cell.row_label,
        cell.column,
        cell.raw,
        cell.value,
        cell.year,
        cell.party.abbreviation if cell.party else "",
    ]


def party_row(party: Party) -> list:
    return [
        party.pk,
        party.abbreviation,
        party.name,
        party.kind,
        party.organisation.name if party.organisation else "",
    ]
