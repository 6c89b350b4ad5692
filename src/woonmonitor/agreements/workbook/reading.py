"""Read an edited workbook back: validate everything first, then apply through services."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from woonmonitor.imports.tables import (
    UPLOAD_LIMITS,
    Sheet,
    TableTooLarge,
    TableUnreadable,
    read_xlsx,
)

from .. import bounds, services
from ..models import Agreement, Commitment, NumberCell, NumberTable, Party, Theme
from .layout import (
    CELL_COLUMNS,
    COMMITMENT_COLUMNS,
    FIRST_DATA_ROW,
    HEADER_ROW,
    PARTY_COLUMNS,
    README_SHEET,
    cell_row,
    party_row,
    sheet_key,
    sheet_plan,
)

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


def _count(value) -> int | None:
    """A number of a table: a whole number within the plausible range (``bounds``)."""
    number = _integer(value)
    if number is not None and not -bounds.MAX_COUNT <= number <= bounds.MAX_COUNT:
        raise _Invalid(
            _("%(number)s ligt niet tussen %(low)s en %(high)s")
            % {
                "number": number,
                "low": bounds.grouped(-bounds.MAX_COUNT),
                "high": bounds.grouped(bounds.MAX_COUNT),
            }
        )
    return number


def _year(value) -> int | None:
    year = _integer(value)
    if year is not None and not 1900 <= year <= 2100:
        raise _Invalid(_("%s is geen jaartal (tussen 1900 en 2100)") % year)
    return year


class _SheetReader:
    """Reads one data sheet: the key row, the header row, then the rows with their ids."""

    def __init__(self, ws: Sheet, name: str, key: str, columns, errors: list[RowError]) -> None:
        self.ws = ws
        self.name = name
        self.columns = columns
        self.errors = errors
        self.valid = True
        found_key = _text(ws.value(1, 1)).strip()
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
            found = _text(ws.value(HEADER_ROW, index)).strip()
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
        extra = ws.value(HEADER_ROW, len(columns) + 1)
        if extra not in (None, ""):
            self.error(HEADER_ROW, _text(extra), _("Onbekende kolom; kolommen toevoegen kan niet."))
            self.valid = False

    def error(self, row: int | None, column: str, message: str) -> None:
        self.errors.append(RowError(self.name, row, column, message))

    def rows(self):
        """(row number, {header: (raw value, data type)}) for every non-empty data row."""
        width = len(self.columns)
        for row_number, values in enumerate(
            self.ws.iter_rows(min_row=FIRST_DATA_ROW, width=max(width, self.ws.max_column)),
            start=FIRST_DATA_ROW,
        ):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if any(v not in (None, "") for v in values[width:]):
                self.error(
                    row_number,
                    get_column_letter(width + 1),
                    _("Er staat iets buiten de kolommen van dit blad."),
                )
            record = {}
            for column, ((header, _attr, _kind, _editable), value) in enumerate(
                zip(self.columns, values, strict=False), start=1
            ):
                if self.ws.is_formula(row_number, column):
                    self.error(
                        row_number, header, _("Formules worden niet gelezen; typ de waarde zelf.")
                    )
                record[header] = value
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
        _check_unchanged(reader, row_number, record, cell_row(cell))
        try:
            value = _count(record.get("waarde"))
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
        _check_unchanged(reader, row_number, record, party_row(party))


def read_workbook(agreement: Agreement, data: bytes) -> WorkbookChanges:
    """Validate an edited workbook and collect its changes (nothing is written)."""
    changes = WorkbookChanges()
    errors = changes.errors
    try:
        wb = read_xlsx(data, limits=UPLOAD_LIMITS, formulas=True)
    except TableTooLarge as exc:
        errors.append(RowError("", None, "", str(exc)))
        return changes
    except TableUnreadable:
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
    missing = [name for name in expected if name not in wb]  # a chart sheet is no sheet
    for name in missing:
        errors.append(
            RowError(name, None, "", _("Dit blad ontbreekt; verwijder of hernoem geen bladen."))
        )
    if README_SHEET in wb:
        found = _text(wb[README_SHEET].value(7, 2)).strip()
        if found != sheet_key("readme", agreement):
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
                    % {"found": found, "key": sheet_key("readme", agreement)},
                )
            )
            return changes
        version = _text(wb[README_SHEET].value(8, 2)).strip()
        if version and version != str(agreement.revision):
            # read against today's draft, the workbook would undo what others changed since
            errors.append(
                RowError(
                    README_SHEET,
                    8,
                    "B",
                    _(
                        "Het concept is gewijzigd nadat u deze werkmap downloadde (versie "
                        "%(found)s, nu %(now)s). Download de werkmap opnieuw en breng uw "
                        "wijzigingen daarin aan; er is niets gewijzigd."
                    )
                    % {"found": version, "now": agreement.revision},
                )
            )
            return changes
    parties = {p.abbreviation: p for p in agreement.parties.all()}
    for name, kind, obj in plan:
        if kind == "readme" or name not in wb:
            continue
        columns = {"parties": PARTY_COLUMNS, "theme": COMMITMENT_COLUMNS, "table": CELL_COLUMNS}[
            kind
        ]
        reader = _SheetReader(wb[name], name, sheet_key(kind, obj), columns, errors)
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
