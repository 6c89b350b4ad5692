"""The input template a party downloads: CSV, or Excel with a "Leesmij" sheet.

Both have one example row per area of the organisation (its gemeente, or the gemeenten it
works in, and their wijken and buurten as loaded), for the first indicator meant for party
input, with the value left empty: a row without a value is skipped on upload, so the template
can be filled in part and sent back as it is.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from woonmonitor.areas.models import Area, Level
from woonmonitor.downloads import csv_text
from woonmonitor.spreadsheets import set_value, sheet_name

from .models import Computation, Indicator, SourceKind, Theme
from .party_access import InputScope
from .party_input import MAX_NOTE, README_SHEET, VALUES_SHEET

#: Column order of the template: the helper columns sit beside what they explain.
TEMPLATE_COLUMNS = (
    "gebiedscode",
    "gebiedsnaam",
    "indicator",
    "indicatornaam",
    "eenheid",
    "periode",
    "waarde",
    "status",
    "toelichting",
)
LEVELS = (Level.MUNICIPALITY, Level.DISTRICT, Level.NEIGHBOURHOOD)
LEVEL_PREFIX = {Level.MUNICIPALITY: "GM", Level.DISTRICT: "WK", Level.NEIGHBOURHOOD: "BU"}


@dataclass(frozen=True)
class TemplateArea:
    code: str
    name: str
    level: str


def enterable_indicators() -> list[Indicator]:
    """Indicators a party may enter: those meant for party input first, then every other
    indicator that is not computed from others."""
    indicators = Indicator.objects.exclude(computation=Computation.RATIO).order_by(
        "theme", "order", "key"
    )
    themes = {theme: index for index, theme in enumerate(Theme.values)}
    return sorted(
        indicators,
        key=lambda i: (i.source_kind != SourceKind.PARTY, themes.get(i.theme, 99), i.order, i.key),
    )


def scope_areas(scope: InputScope) -> list[TemplateArea]:
    """The areas of the scope's gemeenten, each code once in its latest vintage, by code."""
    if not scope.municipalities:
        return []
    condition = Q()
    for code in scope.municipalities:
        for level, prefix in LEVEL_PREFIX.items():
            condition |= Q(level=level, code__startswith=prefix + code[2:6])
    latest: dict[str, TemplateArea] = {}
    rows = Area.objects.filter(condition).order_by("code", "-vintage")
    for code, name, level in rows.values_list("code", "name", "level"):
        latest.setdefault(code, TemplateArea(code, name, level))
    order = {level: index for index, level in enumerate(LEVELS)}
    return sorted(latest.values(), key=lambda area: (area.code[2:6], order[area.level], area.code))


def example_rows(scope: InputScope, indicators: list[Indicator], *, today: date) -> list[list]:
    example = indicators[0] if indicators else None
    unit = example.get_unit_display() if example else ""
    return [
        [
            area.code,
            area.name,
            example.key if example else "",
            example.name if example else "",
            str(unit),
            today.year - 1,
            "",
            "voorlopig",
            "",
        ]
        for area in scope_areas(scope)
    ]


def template_csv(scope: InputScope, *, today: date) -> bytes:
    """``;``-separated UTF-8 with BOM, as Dutch Excel opens it (``woonmonitor.downloads``)."""
    rows = example_rows(scope, enterable_indicators(), today=today)
    return csv_text(TEMPLATE_COLUMNS, rows).encode("utf-8")


def _readme_lines(scope: InputScope) -> list[tuple[str, str]]:
    return [
        (
            "gebiedscode",
            _(
                "CBS-code van een gemeente (GM…), wijk (WK…) of buurt (BU…) in %(basis)s: "
                "%(codes)s. Een dorp voert u in per buurt of wijk; de monitor telt de buurten "
                "per dorp op."
            )
            % {"basis": scope.basis, "codes": ", ".join(scope.municipalities) or "-"},
        ),
        ("indicator", _("De sleutel van de indicator; zie de lijst hieronder.")),
        ("periode", _("Het jaar waarover de waarde gaat, bijvoorbeeld 2024.")),
        (
            "waarde",
            _(
                "Een getal zonder eenheid of procentteken. Decimaalkomma of -punt mag: 12,5 of "
                "12.5. Een punt met precies drie cijfers erachter is een duizendtal: 1.234 is 1234."
            ),
        ),
        ("status", _("definitief of voorlopig; leeg is voorlopig.")),
        ("toelichting", _("Niet verplicht; hoogstens %(max)s tekens.") % {"max": MAX_NOTE}),
        (
            "gebiedsnaam, indicatornaam, eenheid",
            _("Alleen ter informatie; deze kolommen worden niet ingelezen."),
        ),
    ]


def template_xlsx(scope: InputScope, *, today: date) -> bytes:
    indicators = enterable_indicators()
    workbook = Workbook()
    taken: set[str] = set()
    values = workbook.active
    values.title = sheet_name(VALUES_SHEET, taken)
    bold = Font(bold=True)
    for column, title in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = values.cell(row=1, column=column)
        set_value(cell, title)
        cell.font = bold
    for row_number, row in enumerate(example_rows(scope, indicators, today=today), start=2):
        for column, value in enumerate(row, start=1):
            set_value(values.cell(row=row_number, column=column), value)
    values.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHI", (14, 32, 24, 40, 14, 9, 12, 12, 40), strict=True):
        values.column_dimensions[letter].width = width

    readme = workbook.create_sheet(sheet_name(README_SHEET, taken))
    lines: list[list[object]] = [
        [_("Eigen indicatorwaarden invoeren – %(name)s") % {"name": scope.organisation.name}],
        [],
        [_("Vul op het blad Waarden per regel één waarde in; regels zonder waarde vallen weg.")],
        [
            _(
                "Is één regel fout, dan wordt niets opgeslagen; "
                "u ziet per rij en kolom wat er mis is."
            )
        ],
        [_("Een waarde uit een bron (zoals CBS) of van een andere organisatie blijft staan.")],
        [],
        [_("Kolom"), _("Uitleg")],
        *[[column, text] for column, text in _readme_lines(scope)],
        [],
        [
            _("Sleutel"),
            _("Naam"),
            _("Thema"),
            _("Eenheid"),
            _("Decimalen"),
            _("Bron"),
            _("Bedoeld voor invoer door partijen"),
            _("Omschrijving"),
        ],
    ]
    first_table_row = 7  # "Kolom", "Uitleg": from here on the text wraps in its column
    header_rows = {1, first_table_row, len(lines)}
    for indicator in indicators:
        lines.append(
            [
                indicator.key,
                indicator.name,
                str(indicator.get_theme_display()),
                str(indicator.get_unit_display()),
                indicator.decimals,
                " ".join(
                    part
                    for part in (
                        str(indicator.get_source_kind_display()),
                        indicator.source_table,
                        indicator.source_variable,
                    )
                    if part
                ),
                _("ja") if indicator.source_kind == SourceKind.PARTY else _("nee"),
                " ".join(indicator.description.split()),
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
    for letter, width in zip("ABCDEFGH", (24, 60, 16, 14, 10, 30, 14, 80), strict=True):
        readme.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
