"""The plan-list template, built on request: CSV, or Excel with a "Leesmij" sheet. Pure: the
caller passes the municipalities and the rungs of the phase ladder.

The data sheet ("Plannen") has the columns of ``parsing.plan_list`` and no rows: a person adds
one row per project, or per delivery year of a project (``importing_plan_list`` combines rows of
the same name and municipality into one project). The read-me lists every column, the
municipalities the uploader keeps plans in and the rungs of the ladder with their definitions.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from woonmonitor.downloads import csv_text
from woonmonitor.spreadsheets import set_value, sheet_name

from .parsing.plan_list import COLUMNS, SEGMENT_COLUMNS, SHEET, TYPE_COLUMNS

README_SHEET = "Leesmij"


def template_csv() -> bytes:
    """``;``-separated UTF-8 with BOM, as Dutch Excel opens it (``woonmonitor.downloads``)."""
    return csv_text(COLUMNS, []).encode()


def explanations() -> list[tuple[str, str]]:
    return [
        ("projectnaam", _("Verplicht. De naam van het plan; hoogstens 200 tekens.")),
        ("gemeentecode", _("Verplicht. CBS-code van de gemeente, bijvoorbeeld GM1681.")),
        ("ontwikkelaar", _("Wie bouwt: corporatie, marktpartij of gemeente (vrije tekst).")),
        (
            "woningen_bruto, sloop, woningen_netto",
            _(
                "Netto is verplicht, of vul bruto en sloop allebei in (netto = bruto - sloop). "
                "Staan alle drie er, dan moet netto gelijk zijn aan bruto min sloop."
            ),
        ),
        (
            ", ".join(SEGMENT_COLUMNS.values()),
            _(
                "Woningen per segment. Een leeg vak is onbekend, niet 0. Zijn alle segmenten "
                "ingevuld, dan tellen ze op tot netto; anders mogen ze er niet boven komen."
            ),
        ),
        (
            ", ".join(TYPE_COLUMNS[3:]),
            _("Woonvormen: samen netto als alle drie zijn ingevuld, anders niet meer."),
        ),
        (
            ", ".join(TYPE_COLUMNS[:3]),
            _(
                "Kenmerken die overlappen (een nultredenappartement telt twee keer): elk ten "
                "hoogste netto."
            ),
        ),
        ("fase", _("Verplicht. Een fase van de fasering hieronder (sleutel of naam).")),
        (
            "oplevering_jaar",
            _(
                "Verwacht jaar van oplevering. Wordt een plan in delen opgeleverd, zet dan een "
                "regel per jaar met dezelfde projectnaam: die regels worden één project, met "
                "dezelfde fase en ontwikkelaar."
            ),
        ),
    ]


def template_xlsx(
    municipalities: Sequence[tuple[str, str]], rungs: Sequence[tuple[str, str, str, str]]
) -> bytes:
    """``municipalities``: (code, name); ``rungs``: (key, name, hard/zacht, definition)."""
    workbook = Workbook()
    taken: set[str] = set()
    sheet = workbook.active
    sheet.title = sheet_name(SHEET, taken)
    bold = Font(bold=True)
    for column, title in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column)
        set_value(cell, title)
        cell.font = bold
        sheet.column_dimensions[cell.column_letter].width = max(12, len(title) + 2)
    sheet.column_dimensions["A"].width = 36
    sheet.freeze_panes = "B2"

    readme = workbook.create_sheet(sheet_name(README_SHEET, taken))
    lines: list[list[object]] = [
        [_("Planlijst uploaden")],
        [],
        [_("Vul op het blad Plannen per regel één plan in (of één opleverjaar van een plan).")],
        [_("Is één regel fout, dan wordt niets opgeslagen; u ziet per rij wat er mis is.")],
        [
            _(
                "Een plan dat al in Woonmonitor staat wordt bijgewerkt (een nieuwe versie); "
                "staat het er ongewijzigd, dan verandert er niets."
            )
        ],
    ]
    headers = {1}
    for header, rows in (
        ([_("Kolom"), _("Uitleg")], [list(item) for item in explanations()]),
        ([_("Gemeentecode"), _("Gemeente")], [list(item) for item in municipalities]),
        (
            [_("Fase (sleutel)"), _("Naam"), _("Hard of zacht"), _("Definitie")],
            [[key, name, certainty or "-", text] for key, name, certainty, text in rungs],
        ),
    ):
        lines.append([])
        lines.append(header)
        headers.add(len(lines))
        lines.extend(rows)
    for row_number, line in enumerate(lines, start=1):
        for column, value in enumerate(line, start=1):
            cell = readme.cell(row=row_number, column=column)
            set_value(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row_number in headers:
                cell.font = bold
    for letter, width in zip("ABCD", (34, 70, 14, 80), strict=True):
        readme.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
