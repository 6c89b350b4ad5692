"""Housing with care pages (issue 11, points 2 and 5): the need for homes for older people per
municipality of a region or all Drenthe (with CSV and Excel), and the woonzorg profile of a
municipality or region (page and CSV; the PDF is ``reports.woonzorg``). Public, like the
monitor figures and the tasks they come from. Reads the database.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from woonmonitor.areas.models import Region
from woonmonitor.downloads import DutchNumber, csv_response

from .. import care, care_need, woonzorg
from ..models import RatioSet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _dutch(value: Decimal | None, decimals: int = 1) -> DutchNumber | None:
    if value is None:
        return None
    return DutchNumber(f"{Decimal(value):.{decimals}f}".replace(".", ","))


def _scope_from_request(request: HttpRequest) -> care.Scope:
    slug = request.GET.get("regio", "").strip()
    if not slug:
        return care.province_scope()
    region = Region.objects.visible_to(request.user).filter(slug=slug).first()
    if region is None:
        raise Http404(_("Deze regio bestaat niet."))
    return care.region_scope(region)


def _ratio_set(request: HttpRequest, scope: care.Scope) -> RatioSet | None:
    chosen = request.GET.get("verhoudingen", "").strip()
    if chosen.isdigit():
        found = RatioSet.objects.prefetch_related("ratios").filter(pk=int(chosen)).first()
        if found is None:
            raise Http404(_("Deze verhoudingen bestaan niet."))
        return found
    return care.ratio_set_for(scope)


# ----------------------------------------------------------------------------- need table


NEED_HEADER = [
    "gemeentecode",
    "gemeente",
    "woningtype",
    "leeftijdsgroep (indicator)",
    "basisjaar",
    "aantal in basisjaar",
    "bron basisjaar",
    "doeljaar",
    "aantal in doeljaar",
    "hoe bepaald",
    "groeifactor",
    "bron groei",
    "woningen per 1.000",
    "bron verhouding",
    "behoefte (onafgerond)",
    "bestaand aanbod",
    "behoefte in woningen",
    "aandeel in regionaal doel",
    "verhoudingen",
    "voorbeeld",
]


def need_rows(need: care.CareNeed) -> list[list[object]]:
    """One row per municipality and home type, with every input and its source."""
    ratio_set = need.ratio_set
    sources = {ratio.home_type: ratio.source for ratio in need.ratios}
    shares = {row.code: row.share for row in need.split_rows}
    method_labels = {
        care_need.METHOD_PROGNOSIS: _("cijfer voor het doeljaar"),
        care_need.METHOD_GROWTH: _("basisjaar × groeifactor"),
        care_need.METHOD_UNKNOWN: _("onbekend"),
    }
    rows: list[list[object]] = []
    for municipality in need.needs:
        horizon = municipality.horizon
        for line in municipality.types:
            rows.append(
                [
                    municipality.code,
                    municipality.name,
                    str(care.HOME_TYPE_LABELS.get(line.home_type, line.home_type)),
                    ratio_set.age_indicator,
                    ratio_set.base_year,
                    _dutch(municipality.base, 0),
                    need.base_citations.get(municipality.code, ""),
                    ratio_set.horizon_year,
                    _dutch(horizon.value),
                    method_labels[horizon.method],
                    _dutch(ratio_set.growth_factor, 4)
                    if horizon.method == care_need.METHOD_GROWTH
                    else None,
                    need.horizon_citations.get(municipality.code, ratio_set.growth_source),
                    _dutch(line.per_thousand, 2),
                    sources.get(line.home_type, ""),
                    _dutch(line.net),
                    line.supply,
                    line.homes,
                    shares.get(municipality.code),
                    ratio_set.name,
                    _("ja") if ratio_set.is_example else _("nee"),
                ]
            )
    return rows


def _xlsx(title: str, header: list[str], rows: list[list[object]], notes: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from woonmonitor.spreadsheets import set_value

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Behoefte")[:31]
    set_value(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    for offset, note in enumerate(notes, start=2):
        set_value(sheet.cell(row=offset, column=1), note)
    start = len(notes) + 3
    for column, name in enumerate(header, start=1):
        cell = sheet.cell(row=start, column=column)
        set_value(cell, name)
        cell.font = Font(bold=True)
    for row_number, row in enumerate(rows, start=start + 1):
        for column, value in enumerate(row, start=1):
            if isinstance(value, DutchNumber):
                value = Decimal(value.replace(",", "."))
            set_value(sheet.cell(row=row_number, column=column), value)
    sheet.freeze_panes = sheet.cell(row=start + 1, column=3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _notes(need: care.CareNeed) -> list[str]:
    ratio_set = need.ratio_set
    notes = [
        _("Verhoudingen: %(name)s (geldt vanaf %(date)s). Bron: %(source)s")
        % {
            "name": ratio_set.name,
            "date": ratio_set.valid_from.strftime("%d-%m-%Y"),
            "source": ratio_set.source,
        },
        _("Er bestaat geen landelijke norm: de regio stelt eigen verhoudingen vast."),
    ]
    if ratio_set.is_example:
        notes.append(
            _("VOORBEELD: afgeleid uit het landelijke programma, niet door de regio vastgesteld.")
        )
    return notes


# ----------------------------------------------------------------------------- pages


@require_GET
def need_page(request: HttpRequest) -> HttpResponse:
    scope = _scope_from_request(request)
    ratio_set = _ratio_set(request, scope)
    need = care.care_need_for(scope, ratio_set) if ratio_set else None
    return render(
        request,
        "allocation/care_need.html",
        {
            "scope": scope,
            "regions": Region.objects.visible_to(request.user).order_by("name"),
            "ratio_sets": RatioSet.objects.select_related("region").order_by("-valid_from"),
            "ratio_set": ratio_set,
            "need": need,
            "query": request.GET.urlencode(),
            "here": _("Wonen met zorg"),
        },
    )


@require_GET
def need_download(request: HttpRequest, fmt: str) -> HttpResponse:
    scope = _scope_from_request(request)
    ratio_set = _ratio_set(request, scope)
    if ratio_set is None or fmt not in ("csv", "xlsx"):
        raise Http404(_("Geen verhoudingen vastgelegd."))
    need = care.care_need_for(scope, ratio_set)
    rows = need_rows(need)
    name = f"wonen-zorg-{scope.key}-{ratio_set.horizon_year}"
    if fmt == "csv":
        return csv_response(f"{name}.csv", NEED_HEADER, rows)
    title = _("Behoefte aan woningen voor ouderen: %(name)s, %(year)s") % {
        "name": scope.name,
        "year": ratio_set.horizon_year,
    }
    response = HttpResponse(_xlsx(title, NEED_HEADER, rows, _notes(need)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _profile_response(request: HttpRequest, scope: care.Scope) -> HttpResponse:
    profile = woonzorg.build_profile(scope)
    if request.GET.get("formaat") == "csv":
        return csv_response(f"woonzorgprofiel-{scope.key}.csv", *profile_table(profile))
    return render(
        request,
        "allocation/woonzorg_profile.html",
        {"profile": profile, "scope": scope, "need": profile.care_need, "here": scope.name},
    )


PROFILE_HEADER = [
    "onderdeel",
    "gebied",
    "groep of woningtype",
    "periode",
    "waarde",
    "eenheid",
    "bron",
]


def profile_table(profile: woonzorg.WoonzorgProfile) -> tuple[list[str], list[list[object]]]:
    """The profile as one long table (CSV): tasks, realised placements and the need."""
    rows: list[list[object]] = []
    for block in profile.groups:
        unit = block.group.get_unit_display()
        for line in block.lines:
            source = "; ".join(sorted(line.sources))
            if line.task is not None:
                rows.append(
                    [
                        "taak",
                        profile.scope.name,
                        block.group.name,
                        line.label,
                        line.task,
                        unit,
                        source,
                    ]
                )
            if line.realised is not None:
                label = (
                    "gerealiseerd (demonstratiecijfer)" if line.realised_demo else "gerealiseerd"
                )
                rows.append(
                    [
                        label,
                        profile.scope.name,
                        block.group.name,
                        line.label,
                        line.realised,
                        unit,
                        "",
                    ]
                )
    if profile.care_need:
        for row in need_rows(profile.care_need):
            rows.append(
                [
                    "behoefte ouderen",
                    row[1],
                    row[2],
                    row[7],
                    row[16],
                    "woningen",
                    f"{row[18]}; {row[13]}",
                ]
            )
    return PROFILE_HEADER, rows


@require_GET
def profile_municipality(request: HttpRequest, code: str) -> HttpResponse:
    scope = care.municipality_scope(code)
    if scope is None:
        raise Http404(_("Deze gemeente bestaat niet."))
    return _profile_response(request, scope)


@require_GET
def profile_region(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.visible_to(request.user), slug=slug)
    return _profile_response(request, care.region_scope(region))
