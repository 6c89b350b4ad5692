"""The Excel round trip of an agreement: export to .xlsx, read an edited workbook back, apply it.

Layout (one workbook per agreement):

- ``Leesmij``: what the workbook is, for which agreement and edition, when it was
  exported and how to edit and re-import it;
- ``Partijen``: the parties with their abbreviations (read only);
- one sheet per theme: one row per commitment;
- one sheet per number table: one row per cell.

Every data sheet has a key row (row 1: the hidden cell A1 says what the sheet
is, B1 its title for people), a header row (row 2) and data from row 3. Column
A holds the database id of each row; it is hidden and locked. Reading checks
everything first and collects row-level errors; nothing is written unless the
whole workbook is valid, and then only through ``services``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from woonmonitor.spreadsheets import set_value, sheet_name

from . import services
from .models import Agreement, Commitment, NumberCell, NumberTable, Party, Theme

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


def _sheet_key(kind: str, obj) -> str:
    if kind == "theme":
        return f"thema:{obj.code}"
    if kind == "table":
        return f"tabel:{obj.key}"
    if kind == "parties":
        return "partijen"
    return f"prestatieafspraken:{obj.pk}"


# ----------------------------------------------------------------------------- export


def _leads_text(commitment: Commitment) -> str:
    return ", ".join(party.abbreviation for party in commitment.leads.all())


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
        (_("Werkmap-sleutel"), _sheet_key("readme", agreement)),
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


def _commitment_row(commitment: Commitment) -> list:
    return [
        commitment.pk,
        commitment.number,
        commitment.parent_number,
        commitment.content,
        commitment.result,
        commitment.period,
        commitment.period_start,
        commitment.period_end,
        _leads_text(commitment),
        commitment.lead_text,
        commitment.year_entry_label,
        commitment.year_entry,
    ]


def _cell_row(cell: NumberCell) -> list:
    return [
        cell.pk,
        cell.row_label,
        cell.column,
        cell.raw,
        cell.value,
        cell.year,
        cell.party.abbreviation if cell.party else "",
    ]


def _party_row(party: Party) -> list:
    return [
        party.pk,
        party.abbreviation,
        party.name,
        party.kind,
        party.organisation.name if party.organisation else "",
    ]


def export_workbook(agreement: Agreement) -> bytes:
    """The agreement as an .xlsx workbook (bytes)."""
    plan = sheet_plan(agreement)
    wb = Workbook()
    wb.remove(wb.active)
    for name, kind, obj in plan:
        ws = wb.create_sheet(title=name)
        key = _sheet_key(kind, obj)
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
                [_party_row(p) for p in parties],
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
                [_commitment_row(c) for c in commitments],
                "C3",
            )
        else:
            title = obj.title if not obj.period else f"{obj.title} ({obj.period})"
            cells = obj.cells.select_related("party").order_by("row", "col")
            _write_data_sheet(
                ws, key, title, CELL_COLUMNS, CELL_WIDTHS, [_cell_row(c) for c in cells], "C3"
            )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ----------------------------------------------------------------------------- reading


@dataclass
class RowError:
    sheet: str
    row: int | None
    column: str
    message: str


@dataclass
class CommitmentChange:
    commitment: Commitment
    fields: dict
    leads: list[Party] | None
    sheet: str
    row: int


@dataclass
class CellChange:
    cell: NumberCell
    value: int | None
    year: int | None
    sheet: str
    row: int


@dataclass
class WorkbookChanges:
    commitments: list[CommitmentChange] = field(default_factory=list)
    cells: list[CellChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def __bool__(self) -> bool:
        return bool(self.commitments or self.cells)


class _Invalid(ValueError):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise _Invalid(_("verwacht tekst, gevonden: %s") % value)
    if isinstance(value, (datetime, date, time)):
        raise _Invalid(
            _(
                "Excel heeft hier een datum van gemaakt; maak de cel op als tekst en typ de tekst "
                "opnieuw."
            )
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _integer(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _Invalid(_("'%s' is geen geheel getal") % value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise _Invalid(_("'%s' is geen geheel getal") % str(value).replace(".", ","))
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
        return int(value.strip())
    raise _Invalid(_("'%s' is geen geheel getal") % value)


def _year(value) -> int | None:
    year = _integer(value)
    if year is not None and not 1900 <= year <= 2100:
        raise _Invalid(_("%s is geen jaartal (tussen 1900 en 2100)") % year)
    return year


class _SheetReader:
    """Reads one data sheet: the key row, the header row, then the rows with their ids."""

    def __init__(self, ws, name: str, key: str, columns, errors: list[RowError]) -> None:
        self.ws = ws
        self.name = name
        self.columns = columns
        self.errors = errors
        self.valid = True
        found_key = _text(ws["A1"].value).strip()
        if found_key != key:
            self.error(
                1,
                "id",
                _(
                    "De sleutel van dit blad is '%(found)s' in plaats van '%(key)s'; "
                    "dit blad hoort niet bij deze prestatieafspraken of is overschreven."
                )
                % {"found": found_key, "key": key},
            )
            self.valid = False
        for index, (header, _attr, _kind, _editable) in enumerate(columns, start=1):
            found = _text(ws.cell(row=HEADER_ROW, column=index).value).strip()
            if found != header:
                self.error(
                    HEADER_ROW,
                    header,
                    _(
                        "Kolom %(letter)s moet '%(header)s' heten, maar heet '%(found)s': de kolom "
                        "ontbreekt, is verplaatst of is hernoemd."
                    )
                    % {"letter": get_column_letter(index), "header": header, "found": found},
                )
                self.valid = False
        extra = ws.cell(row=HEADER_ROW, column=len(columns) + 1).value
        if extra not in (None, ""):
            self.error(HEADER_ROW, _text(extra), _("Onbekende kolom; kolommen toevoegen kan niet."))
            self.valid = False

    def error(self, row: int | None, column: str, message: str) -> None:
        self.errors.append(RowError(self.name, row, column, message))

    def rows(self):
        """(row number, {header: (raw value, data type)}) for every non-empty data row."""
        width = len(self.columns)
        for row_number, cells in enumerate(
            self.ws.iter_rows(min_row=FIRST_DATA_ROW, max_col=max(width, self.ws.max_column)),
            start=FIRST_DATA_ROW,
        ):
            values = [cell.value for cell in cells]
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if any(v not in (None, "") for v in values[width:]):
                self.error(
                    row_number,
                    get_column_letter(width + 1),
                    _("Er staat iets buiten de kolommen van dit blad."),
                )
            record = {}
            for (header, _attr, _kind, _editable), cell in zip(self.columns, cells, strict=False):
                if cell.data_type == "f":
                    self.error(
                        row_number, header, _("Formules worden niet gelezen; typ de waarde zelf.")
                    )
                record[header] = cell.value
            yield row_number, record

    def ids(self, rows, known: dict[int, object], what: str, elsewhere: dict[int, str]):
        """The object of each row by its id; errors for missing, unknown and duplicate ids."""
        seen: dict[int, int] = {}
        for row_number, record in rows:
            try:
                pk = _integer(record.get("id"))
            except _Invalid:
                pk = None
            if pk is None:
                self.error(
                    row_number,
                    "id",
                    _("Deze rij heeft geen id: rijen toevoegen kan niet via de werkmap."),
                )
                continue
            if pk in seen:
                self.error(
                    row_number,
                    "id",
                    _("Id %(pk)s staat ook al in rij %(row)s.") % {"pk": pk, "row": seen[pk]},
                )
                continue
            seen[pk] = row_number
            if pk not in known:
                if pk in elsewhere:
                    self.error(row_number, "id", elsewhere[pk])
                else:
                    self.error(
                        row_number,
                        "id",
                        _("Id %(pk)s is geen %(what)s van deze prestatieafspraken.")
                        % {"pk": pk, "what": what},
                    )
                continue
            yield row_number, record, known[pk]
        for pk, obj in known.items():
            if pk not in seen:
                self.error(
                    None,
                    "id",
                    _(
                        "%(what)s %(label)s (id %(pk)s) ontbreekt in dit blad; rijen verwijderen "
                        "kan "
                        "niet via de werkmap."
                    )
                    % {"what": what.capitalize(), "label": obj, "pk": pk},
                )


def _check_unchanged(reader, row_number, record, expected: list) -> None:
    for (header, _attr, kind, editable), value in zip(reader.columns, expected, strict=True):
        if editable or kind == "id":
            continue
        found = record.get(header)
        try:
            same = _text(found) == _text(value)
        except _Invalid:
            same = False
        if not same:
            reader.error(
                row_number,
                header,
                _("Deze kolom kan niet via de werkmap worden gewijzigd (was '%(old)s').")
                % {"old": _text(value)},
            )


def _read_theme(
    reader, theme: Theme, agreement: Agreement, parties: dict[str, Party], changes: WorkbookChanges
) -> None:
    commitments = {
        c.pk: c for c in theme.commitments.prefetch_related("leads").order_by("order", "pk")
    }
    elsewhere = {
        pk: _("Afspraak %(label)s hoort bij thema %(code)s; verplaats geen rijen tussen bladen.")
        % {"label": label, "code": code}
        for pk, label, code in Commitment.objects.filter(agreement=agreement)
        .exclude(theme=theme)
        .values_list("pk", "number", "theme__code")
    }
    for row_number, record, commitment in reader.ids(
        reader.rows(), commitments, _("afspraak"), elsewhere
    ):
        fields: dict = {}
        leads = None
        row_ok = True
        for header, attr, kind, _editable in COMMITMENT_COLUMNS[1:]:
            value = record.get(header)
            try:
                if kind == "text":
                    new = _text(value)
                    limit = Commitment._meta.get_field(attr).max_length
                    if limit and len(new) > limit:
                        raise _Invalid(_("Te lang: hoogstens %d tekens.") % limit)
                    if attr == "content" and not new.strip():
                        raise _Invalid(_("De inhoud van een afspraak mag niet leeg zijn."))
                    if new != getattr(commitment, attr):
                        fields[attr] = new
                elif kind == "int":
                    new = _year(value)
                    if new != getattr(commitment, attr):
                        fields[attr] = new
                else:
                    wanted = [a.strip() for a in _text(value).split(",") if a.strip()]
                    unknown = [a for a in wanted if a not in parties]
                    if unknown:
                        raise _Invalid(
                            _(
                                "Onbekende afkorting(en): %(unknown)s. Gebruik de afkortingen uit "
                                "het "
                                "blad Partijen: %(known)s."
                            )
                            % {"unknown": ", ".join(unknown), "known": ", ".join(parties)}
                        )
                    chosen = list(dict.fromkeys(parties[a] for a in wanted))
                    if {p.pk for p in chosen} != {p.pk for p in commitment.leads.all()}:
                        leads = chosen
            except _Invalid as exc:
                reader.error(row_number, header, str(exc))
                row_ok = False
        start = fields.get("period_start", commitment.period_start)
        end = fields.get("period_end", commitment.period_end)
        if row_ok and start and end and start > end:
            reader.error(
                row_number,
                "tot en met",
                _("Het eindjaar %(end)s ligt voor het beginjaar %(start)s.")
                % {"end": end, "start": start},
            )
            row_ok = False
        if row_ok and (fields or leads is not None):
            changes.commitments.append(
                CommitmentChange(commitment, fields, leads, reader.name, row_number)
            )


def _read_table(reader, table: NumberTable, agreement: Agreement, changes: WorkbookChanges) -> None:
    cells = {c.pk: c for c in table.cells.select_related("party").order_by("row", "col")}
    elsewhere = {
        pk: _("Dit getal hoort bij tabel '%s'; verplaats geen rijen tussen bladen.") % title
        for pk, title in NumberCell.objects.filter(table__agreement=agreement)
        .exclude(table=table)
        .values_list("pk", "table__title")
    }
    for row_number, record, cell in reader.ids(reader.rows(), cells, _("getal"), elsewhere):
        _check_unchanged(reader, row_number, record, _cell_row(cell))
        try:
            value = _integer(record.get("waarde"))
        except _Invalid as exc:
            reader.error(row_number, "waarde", str(exc))
            continue
        try:
            year = _year(record.get("jaar"))
        except _Invalid as exc:
            reader.error(row_number, "jaar", str(exc))
            continue
        if year is None and cell.year is not None:
            reader.error(
                row_number, "jaar", _("Het jaar kan niet leeg gemaakt worden (was %s).") % cell.year
            )
            continue
        if value != cell.value or year != cell.year:
            changes.cells.append(
                CellChange(
                    cell, value, year if year != cell.year else None, reader.name, row_number
                )
            )


def _read_parties(reader, agreement: Agreement) -> None:
    parties = {p.pk: p for p in agreement.parties.select_related("organisation")}
    for row_number, record, party in reader.ids(reader.rows(), parties, _("partij"), {}):
        _check_unchanged(reader, row_number, record, _party_row(party))


def read_workbook(agreement: Agreement, data: bytes) -> WorkbookChanges:
    """Validate an edited workbook and collect its changes (nothing is written)."""
    changes = WorkbookChanges()
    errors = changes.errors
    try:
        wb = load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # noqa: BLE001 - any reason a file is not a readable workbook
        errors.append(
            RowError(
                "",
                None,
                "",
                _(
                    "Dit bestand is geen Excel-werkmap (.xlsx) die gelezen kan worden. Exporteer "
                    "de "
                    "werkmap opnieuw en sla hem op als Excel-werkmap (.xlsx)."
                ),
            )
        )
        return changes
    plan = sheet_plan(agreement)
    expected = {name: (kind, obj) for name, kind, obj in plan}
    for name in wb.sheetnames:
        if name not in expected:
            errors.append(
                RowError(
                    name,
                    None,
                    "",
                    _(
                        "Onbekend blad: bladen toevoegen of hernoemen kan niet. Verwachte bladen: "
                        "%s."
                    )
                    % ", ".join(expected),
                )
            )
    missing = [name for name in expected if name not in wb.sheetnames]
    for name in missing:
        errors.append(
            RowError(name, None, "", _("Dit blad ontbreekt; verwijder of hernoem geen bladen."))
        )
    if README_SHEET in wb.sheetnames:
        found = _text(wb[README_SHEET]["B7"].value).strip()
        if found != _sheet_key("readme", agreement):
            errors.append(
                RowError(
                    README_SHEET,
                    7,
                    "B",
                    _(
                        "Deze werkmap hoort bij andere prestatieafspraken (sleutel '%(found)s', "
                        "verwacht "
                        "'%(key)s'). Exporteer de werkmap van dit concept opnieuw."
                    )
                    % {"found": found, "key": _sheet_key("readme", agreement)},
                )
            )
            return changes
    parties = {p.abbreviation: p for p in agreement.parties.all()}
    for name, kind, obj in plan:
        if kind == "readme" or name not in wb.sheetnames:
            continue
        columns = {"parties": PARTY_COLUMNS, "theme": COMMITMENT_COLUMNS, "table": CELL_COLUMNS}[
            kind
        ]
        reader = _SheetReader(wb[name], name, _sheet_key(kind, obj), columns, errors)
        if not reader.valid:
            continue
        if kind == "parties":
            _read_parties(reader, agreement)
        elif kind == "theme":
            _read_theme(reader, obj, agreement, parties, changes)
        else:
            _read_table(reader, obj, agreement, changes)
    order = {name: index for index, (name, _kind, _obj) in enumerate(plan)}
    errors.sort(key=lambda e: (order.get(e.sheet, -1), e.row or 0))
    if errors:
        changes.commitments.clear()
        changes.cells.clear()
    return changes


@transaction.atomic
def apply_workbook(agreement: Agreement, changes: WorkbookChanges, user) -> tuple[int, int]:
    """Write the changes of a valid workbook through services; returns (commitments, cells)."""
    if changes.errors:
        raise services.AgreementError(_("De werkmap bevat fouten; er is niets gewijzigd."))
    if not agreement.is_draft:
        raise services.AgreementError(
            _("Deze prestatieafspraken zijn gepubliceerd; wijzig ze via een nieuwe editie.")
        )
    for change in changes.commitments:
        commitment = Commitment.objects.get(pk=change.commitment.pk, agreement=agreement)
        services.update_commitment(
            commitment=commitment, user=user, leads=change.leads, **change.fields
        )
    for change in changes.cells:
        cell = NumberCell.objects.get(pk=change.cell.pk, table__agreement=agreement)
        services.update_cell(cell=cell, user=user, value=change.value, year=change.year)
    return len(changes.commitments), len(changes.cells)


def workbook_filename(agreement: Agreement) -> str:
    from django.utils.text import slugify

    name = slugify(agreement.municipality.name).removeprefix("gemeente-")
    return f"prestatieafspraken-{name}-{agreement.edition}.xlsx"
