"""The template for uploading tasks, built on request: CSV, or Excel with a "Leesmij" sheet.
No database: the caller passes the municipalities and groups.

One row per municipality the user may set tasks for and per group that is not computed by
the statutory rule, for the given year (the first half-year for groups counted per half-year),
with ``taak``, ``bron`` and ``toelichting`` empty: a row without them is skipped on upload, so
the template can be filled in part and sent back as it is.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from woonmonitor.downloads import csv_text
from woonmonitor.spreadsheets import set_value, sheet_name

from .task_rows import MAX_NOTE, MAX_SOURCE, README_SHEET, TASKS_SHEET

TEMPLATE_COLUMNS = (
    "gemeentecode",
    "gemeentenaam",
    "groep",
    "groepsnaam",
    "eenheid",
    "jaar",
    "halfjaar",
    "taak",
    "bron",
    "toelichting",
)
WIDTHS = (14, 24, 26, 44, 14, 8, 10, 10, 40, 40)


@dataclass(frozen=True)
class TemplateGroup:
    key: str
    name: str
    unit: str
    half_yearly: bool
    statutory: bool
    definition: str = ""


def template_rows(
    municipalities: Sequence[tuple[str, str]], groups: Sequence[TemplateGroup], *, year: int
) -> list[list[object]]:
    return [
        [
            code,
            name,
            group.key,
            group.name,
            group.unit,
            year,
            1 if group.half_yearly else "",
            "",
            "",
            "",
        ]
        for code, name in municipalities
        for group in groups
        if not group.statutory
    ]


def template_csv(
    municipalities: Sequence[tuple[str, str]], groups: Sequence[TemplateGroup], *, year: int
) -> bytes:
    """``;``-separated UTF-8 with BOM, as Dutch Excel opens it (``woonmonitor.downloads``)."""
    return csv_text(TEMPLATE_COLUMNS, template_rows(municipalities, groups, year=year)).encode()


def _explanations() -> list[tuple[str, str]]:
    return [
        ("gemeentecode", _("CBS-code van uw gemeente, bijvoorbeeld GM1681.")),
        ("groep", _("De sleutel van de aandachtsgroep; zie de lijst hieronder.")),
        ("jaar", _("Het jaar van de taak, bijvoorbeeld 2025.")),
        (
            "halfjaar",
            _(
                "1 of 2 voor een groep met een taak per halfjaar (statushouders); "
                "leeg of 0 voor een taak per heel jaar."
            ),
        ),
        ("taak", _("Een geheel getal, 0 of meer, in de eenheid van de groep.")),
        (
            "bron",
            _(
                "Verplicht: waar de taak vandaan komt (besluit, convenant); "
                "hoogstens %(max)s tekens."
            )
            % {"max": MAX_SOURCE},
        ),
        ("toelichting", _("Niet verplicht; hoogstens %(max)s tekens.") % {"max": MAX_NOTE}),
        (
            "gemeentenaam, groepsnaam, eenheid",
            _("Alleen ter informatie; deze kolommen worden niet ingelezen."),
        ),
    ]


def template_xlsx(
    municipalities: Sequence[tuple[str, str]], groups: Sequence[TemplateGroup], *, year: int
) -> bytes:
    workbook = Workbook()
    taken: set[str] = set()
    sheet = workbook.active
    sheet.title = sheet_name(TASKS_SHEET, taken)
    bold = Font(bold=True)
    for column, title in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column)
        set_value(cell, title)
        cell.font = bold
    for row_number, row in enumerate(template_rows(municipalities, groups, year=year), start=2):
        for column, value in enumerate(row, start=1):
            set_value(sheet.cell(row=row_number, column=column), value)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJ", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width

    readme = workbook.create_sheet(sheet_name(README_SHEET, taken))
    lines: list[list[object]] = [
        [_("Taakstellingen per aandachtsgroep uploaden")],
        [],
        [_("Vul op het blad Taken per regel één taak in; regels zonder taak en bron vallen weg.")],
        [_("Is één regel fout, dan wordt niets opgeslagen; u ziet per rij wat er mis is.")],
        [
            _(
                "Een gewijzigde taak vervangt de geldende; de oude blijft bewaard. Een taak "
                "die volgens de wet is berekend (statushouders) kunt u niet vervangen."
            )
        ],
        [],
        [_("Kolom"), _("Uitleg")],
        *[[column, text] for column, text in _explanations()],
        [],
        [_("Sleutel"), _("Groep"), _("Eenheid"), _("Per halfjaar"), _("Omschrijving")],
    ]
    first_table_row = 7
    header_rows = {1, first_table_row, len(lines)}
    for group in groups:
        lines.append(
            [
                group.key,
                group.name,
                group.unit,
                _("ja") if group.half_yearly else _("nee"),
                group.definition,
            ]
        )
    for row_number, line in enumerate(lines, start=1):
        for column, value in enumerate(line, start=1):
            cell = readme.cell(row=row_number, column=column)
            set_value(cell, value)
            if row_number >= first_table_row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row_number in header_rows:
                cell.font = bold
    for letter, width in zip("ABCDE", (26, 60, 14, 12, 80), strict=True):
        readme.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
