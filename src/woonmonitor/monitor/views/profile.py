"""The area profile (factsheet) page, its CSV/JSON downloads and the PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from woonmonitor.areas.models import Level, Region

from ..children import child_table
from ..models import AreaGroup
from ..profile import CSV_COLUMNS, build_profile, profile_rows
from .area_common import area_or_404, check_format, requested_period, rows_download


def _groups_with(area) -> dict:
    """Regions (for a gemeente) and area groups that hold this code: two small queries."""
    regions = []
    if area.level == Level.MUNICIPALITY:
        regions = list(
            Region.objects.visible_to(None)
            .filter(members__municipality_code=area.code)
            .order_by("name")
            .distinct()
        )
    groups = [
        group
        for group in AreaGroup.objects.visible_to(None).only("slug", "name", "member_codes")
        if area.code in {code.upper() for code in group.member_codes}
    ]
    return {"regions": regions, "area_groups": groups}


@require_GET
def profile(request: HttpRequest, code: str) -> HttpResponse:
    area = area_or_404(request, code)
    data = build_profile(area=area, period=requested_period(request))
    context = {
        "profile": data,
        "area": data.area,
        "children": child_table(data),
        "period_options": [(p, data.counts.get(p, 0)) for p in reversed(data.periods)],
        **_groups_with(data.area),
    }
    return render(request, "monitor/profile.html", context)


@require_GET
def profile_data(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    check_format(fmt)
    area = area_or_404(request, code)
    data = build_profile(area=area, period=requested_period(request))
    meta = {
        "area": {
            "code": data.area.code,
            "name": data.area.name,
            "level": data.area.level,
            "vintage": data.area.vintage,
        },
        "period": data.period,
        "periods": data.periods,
        "comparisons": [
            {"role": c.role, "code": c.code, "name": c.name, "level": c.level}
            for c in data.comparisons
        ],
    }
    filename = f"profiel-{data.area.code}-{data.period or 'geen'}"
    return rows_download(fmt, filename, CSV_COLUMNS, profile_rows(data), meta)
