"""The projects a person may see, filtered, as rows for the list, the map and the downloads.

Reads the database. Every read starts from ``Project.objects.visible_to(user)``: a plan the
municipality keeps for parties ("alleen in totalen", "alleen voor partijen") never reaches
anyone else. Demonstration projects are rows like the others, always marked
"demonstratieproject" (on the page and in every download).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from woonmonitor.areas.names import latest_names

from .figures import ProjectFigures
from .forms_project_filters import UNKNOWN_SEGMENT
from .models import Project
from .parsing.segments import DwellingType, Segment
from .services import figures_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def municipality_names(codes: Iterable[str]) -> dict[str, str]:
    """CBS names of municipality codes (latest vintage that has the code); the code itself
    when no area is loaded."""
    wanted = set(codes)
    names = latest_names(wanted)
    return {code: names.get(code, code) for code in wanted}


def visible(user):
    return Project.objects.visible_to(user).select_related("phase__ladder", "owner")


def matches(figures: ProjectFigures, *, segment: str = "", year: str = "") -> bool:
    """Whether a project's figures fit the segment and delivery-year filters (pure)."""
    if segment == UNKNOWN_SEGMENT:
        if figures.check_segments().unknown <= 0:
            return False
    elif segment and not (figures.segments.get(segment) or 0) > 0:
        return False
    return not year or (figures.deliveries.get(int(year)) or 0) > 0


def filtered(user, filters: Mapping[str, str]) -> list[Project]:
    projects = visible(user)
    if filters.get("gemeente"):
        projects = projects.filter(municipality_code=filters["gemeente"])
    if filters.get("fase"):
        projects = projects.filter(phase__key=filters["fase"])
    if filters.get("zekerheid"):
        projects = projects.filter(phase__certainty=filters["zekerheid"])
    segment, year = filters.get("segment", ""), filters.get("jaar", "")
    return [
        project
        for project in projects.order_by("municipality_code", "name", "pk")
        if matches(figures_of(project), segment=segment, year=year)
    ]


def delivery_years(projects: Iterable[Project]) -> list[int]:
    years = {int(year) for project in projects for year in (project.deliveries or {})}
    return sorted(years)


@dataclass(frozen=True)
class Row:
    project: Project
    municipality_name: str
    figures: ProjectFigures

    @property
    def deliveries_text(self) -> str:
        parts = [f"{year}: {units}" for year, units in sorted(self.figures.deliveries.items())]
        return "; ".join(parts)

    @property
    def year_unknown(self) -> int:
        return max(self.figures.units_net - sum(self.figures.deliveries.values()), 0)


def rows(projects: list[Project]) -> list[Row]:
    names = municipality_names(project.municipality_code for project in projects)
    return [Row(p, names[p.municipality_code], figures_of(p)) for p in projects]


def _count(value: int | None) -> object:
    return _("onbekend") if value is None else value


def download_header() -> list[str]:
    return [
        _("id"),
        _("naam"),
        _("demonstratieproject"),
        _("gemeentecode"),
        _("gemeente"),
        _("fase"),
        _("hard of zacht"),
        _("woningen bruto"),
        _("sloop"),
        _("woningen netto"),
        *[str(label) for label in Segment.labels],
        _("segment niet opgegeven"),
        *[str(label) for label in DwellingType.labels],
        _("oplevering per jaar"),
        _("oplevering jaar onbekend"),
        _("soort ontwikkelaar"),
        _("ontwikkelaar"),
        _("wijk"),
        _("buurt"),
        _("openbaarheid"),
        _("bron"),
        _("kenmerk bij de bron"),
        _("peilmoment van de gegevens"),
        _("adres op Woonmonitor"),
    ]


def download_rows(items: list[Row], base_url: str = "") -> list[list[object]]:
    result = []
    for row in items:
        project, figures = row.project, row.figures
        known = sum(count for count in figures.segments.values() if count is not None)
        result.append(
            [
                project.pk,
                project.name,
                _("ja, verzonnen voor de demonstratie") if project.is_demo else _("nee"),
                project.municipality_code,
                row.municipality_name,
                project.phase.name,
                project.phase.get_certainty_display() or _("telt niet als plancapaciteit"),
                _count(figures.units_gross),
                _count(figures.demolition),
                figures.units_net,
                *[_count(figures.segments.get(key)) for key in Segment.values],
                max(figures.units_net - known, 0),
                *[_count(figures.dwelling_types.get(key)) for key in DwellingType.values],
                row.deliveries_text,
                row.year_unknown,
                project.get_developer_kind_display(),
                project.developer_name,
                project.wijk_code,
                project.buurt_code,
                project.get_publicity_display(),
                project.get_source_display(),
                project.source_id,
                project.reference_date.isoformat(),
                base_url + reverse("programming:project", args=[project.pk]),
            ]
        )
    return result


def xlsx_bytes(title: str, notes: list[str], header: list[str], body: list[list[object]]) -> bytes:
    """The rows as an Excel workbook; every cell through ``spreadsheets.set_value`` (text that
    looks like a formula stays text)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from woonmonitor.spreadsheets import set_value

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Projecten")[:31]
    set_value(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    for offset, note in enumerate(notes, start=2):
        set_value(sheet.cell(row=offset, column=1), note)
    start = len(notes) + 3
    for column, name in enumerate(header, start=1):
        set_value(sheet.cell(row=start, column=column), name)
        sheet.cell(row=start, column=column).font = Font(bold=True)
    for number, values in enumerate(body, start=start + 1):
        for column, value in enumerate(values, start=1):
            set_value(sheet.cell(row=number, column=column), value)
    sheet.freeze_panes = sheet.cell(row=start + 1, column=3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
