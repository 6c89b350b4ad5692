"""The pages of woningbouwprogrammering's dashboard (issue 12, point 5): the index of Drenthe's
woondeal regions, a region's dashboard and one municipality, each with CSV and Excel downloads,
and the form with which a party explains a deviation. Public, with disclosure control of plan
aggregates for the viewer (``programming.plans``). Reads the database; the explanation is
written through ``services.explain_deviation``.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from woonmonitor.accounts.access import editing_organisations
from woonmonitor.downloads import DutchNumber, csv_response

from .. import dashboard, dashboard_rows, permissions, plans, services
from ..parameters import woondeal_regions, woondeal_targets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR, LAST_YEAR = 2021, 2040


def _year(request: HttpRequest) -> int:
    text = request.GET.get("jaar", "").strip()
    if text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text)
    return 2030


def _region(slug: str):
    found = next((r for r in woondeal_regions() if r.slug == slug), None)
    if found is None:
        raise Http404(_("Deze woondealregio bestaat niet."))
    return found


def _build(request: HttpRequest, region, figures=None, published=None, default_codes=()):
    return dashboard.build(
        region,
        figures=figures or plans.project_figures(request.user),
        published=published or plans.published_capacity(),
        on=timezone.localdate(),
        year=_year(request),
        basis=request.GET.get("basis", "").strip() or None,
        default_codes=default_codes,
    )


def _explainers(request: HttpRequest, areas) -> dict[str, list]:
    """Per area, the organisations for which the user may explain a deviation there."""
    if not request.user.is_authenticated:
        return {}
    orgs = list(editing_organisations(request.user))
    return {
        area: [org for org in orgs if permissions.may_explain(request.user, org, area)]
        for area in areas
    }


def _plan_sections(dash: dashboard.Dashboard) -> list[dict]:
    if dash.basis != plans.BASIS_PROJECTS:
        return []
    labels = {
        "certainty": (_("Naar hard en zacht"), [_("hard"), _("zacht")]),
        "phase": (_("Naar fase"), [name for _key, name in dash.figures.phases]),
        "segment": (
            _("Naar segment"),
            [str(plans.SEGMENT_LABELS[key]) for key in plans.SEGMENT_KEYS],
        ),
        "year": (
            _("Naar verwacht jaar van oplevering"),
            [str(y) if y != plans.YEAR_UNKNOWN else _("jaar onbekend") for y in dash.figures.years],
        ),
    }
    return [
        {"dimension": key, "title": title, "headers": headers, "rows": dash.plan_table(key)}
        for key, (title, headers) in labels.items()
    ]


def _context(request: HttpRequest, dash: dashboard.Dashboard, codes=None) -> dict:
    areas = [dash.region.slug, *dash.region.codes]
    return {
        "plan_sections": _plan_sections(dash),
        "region_published": dash.published.total(dash.region.codes),
        "dash": dash,
        "region": dash.region,
        "need": dash.need,
        "figures": dash.figures,
        "basis_labels": plans.BASIS_LABELS,
        "segment_labels": plans.SEGMENT_LABELS,
        "explainers": _explainers(request, areas),
        "query": request.GET.urlencode(),
        "year": dash.year,
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    figures = plans.project_figures(request.user)
    published = plans.published_capacity()
    dashes = [_build(request, region, figures, published) for region in woondeal_regions()]
    province = [t for t in woondeal_targets("drenthe")]
    if request.GET.get("formaat") in ("csv", "xlsx"):
        rows = []
        for target in province:
            rows.append(
                [
                    _("woondealdoel"),
                    "PV22",
                    "Drenthe",
                    target.kind,
                    target.homes,
                    "woningen",
                    "",
                    target.horizon_year,
                    target.source,
                    _("minstens") if target.at_least else "",
                ]
            )
        for dash in dashes:
            rows += dashboard_rows.dashboard_rows(dash)
        return _download(request, "woningbouw-drenthe", _("Woningbouw in Drenthe"), rows)
    return render(
        request,
        "programming/index.html",
        {
            "dashes": dashes,
            "province_targets": province,
            "regional_total": sum(d.need.target.homes for d in dashes if d.need.target),
            "published_year": published.year,
            "published_sources": published.sources(sorted(published.by_code)),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def region_page(request: HttpRequest, slug: str) -> HttpResponse:
    dash = _build(request, _region(slug))
    if request.GET.get("formaat") in ("csv", "xlsx"):
        rows = dashboard_rows.dashboard_rows(dash)
        title = _("Woningbouw %(name)s, %(year)s") % {"name": dash.region.name, "year": dash.year}
        return _download(request, f"woningbouw-{slug}-{dash.year}", title, rows)
    return render(request, "programming/dashboard.html", _context(request, dash))


@require_GET
def municipality_page(request: HttpRequest, code: str) -> HttpResponse:
    region = next((r for r in woondeal_regions() if code in r.codes), None)
    if region is None:
        raise Http404(_("Deze gemeente hoort bij geen woondealregio in Woonmonitor."))
    dash = _build(request, region, default_codes=(code,))
    member = next(m for m in region.members if m.code == code)
    if request.GET.get("formaat") in ("csv", "xlsx"):
        rows = dashboard_rows.dashboard_rows(dash, codes=[code])
        title = _("Woningbouw %(name)s, %(year)s") % {"name": member.name, "year": dash.year}
        return _download(request, f"woningbouw-{code}-{dash.year}", title, rows)
    context = _context(request, dash)
    context |= {
        "member": member,
        "demographic": dash.need.demographic_for(code),
        "split": dash.need.split_for(code),
        "checks": dash.municipality_checks.get(code, []),
        "realisation": dash.realisation.get(code, []),
        "signals": [
            s for s in (dash.signals.signals if dash.signals else []) if code in (s.over, s.under)
        ],
    }
    return render(request, "programming/dashboard_municipality.html", context)


def _download(request: HttpRequest, name: str, title: str, rows: list) -> HttpResponse:
    if request.GET.get("formaat") == "csv":
        return csv_response(f"{name}.csv", dashboard_rows.HEADER, rows)
    response = HttpResponse(_xlsx(title, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _xlsx(title: str, rows: list) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from woonmonitor.spreadsheets import set_value

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Woningbouw")[:31]
    set_value(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    set_value(
        sheet.cell(row=2, column=1),
        _(
            "Cijfers met bron en peilmoment; 'afgeschermd' is een cijfer dat een enkel plan zou "
            "onthullen. Demonstratieprojecten tellen nergens mee."
        ),
    )
    for column, name in enumerate(dashboard_rows.HEADER, start=1):
        cell = sheet.cell(row=4, column=column)
        set_value(cell, name)
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=5):
        for column, value in enumerate(row, start=1):
            if isinstance(value, DutchNumber):
                value = Decimal(value.replace(",", "."))
            set_value(sheet.cell(row=number, column=column), value)
    sheet.freeze_panes = sheet.cell(row=5, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@require_POST
def explain(request: HttpRequest) -> HttpResponse:
    area = request.POST.get("area", "").strip()
    key = request.POST.get("check_key", "").strip()
    back = request.POST.get("next", "")
    if key not in dashboard.CHECK_KEYS and not re.fullmatch(r"realisatie-\d{4}", key):
        raise Http404(_("Deze toets bestaat niet."))
    orgs = {str(org.pk): org for org in editing_organisations(request.user)}
    organisation = orgs.get(request.POST.get("organisation", ""))
    if organisation is None:
        raise Http404(_("Deze organisatie kunt u niet kiezen."))
    try:
        services.explain_deviation(
            user=request.user,
            organisation=organisation,
            area=area,
            check_key=key,
            text=request.POST.get("text", ""),
        )
    except PermissionDenied:
        raise Http404(_("U mag voor dit gebied geen toelichting geven.")) from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De toelichting is vastgelegd."))
    if not back.startswith("/woningbouw/"):
        back = "/woningbouw/"
    return redirect(back)
