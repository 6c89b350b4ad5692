"""The page of a group of areas (a region of gemeenten, a village or cluster of wijken)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..groups import GROUP_CSV_COLUMNS, GroupResult, find_group, group_rows, group_values
from .area_common import check_format, requested_period, rows_download


def _result(request: HttpRequest, slug: str) -> GroupResult:
    group = find_group(slug, request.user)
    if group is None:
        raise Http404(_("Deze groep bestaat niet."))
    return group_values(group=group, period=requested_period(request))


@require_GET
def group(request: HttpRequest, slug: str) -> HttpResponse:
    result = _result(request, slug)
    return render(
        request,
        "monitor/group.html",
        {
            "result": result,
            "group": result.group,
            "period_options": [(p, result.counts.get(p, 0)) for p in reversed(result.periods)],
        },
    )


@require_GET
def group_data(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    check_format(fmt)
    result = _result(request, slug)
    meta = {
        "group": {
            "slug": result.group.slug,
            "name": result.group.name,
            "kind": result.group.kind,
            "source": result.group.source,
            "members": [
                {"code": m.code, "name": m.name, "vintage": m.vintage} for m in result.members
            ],
        },
        "period": result.period,
        "periods": result.periods,
    }
    filename = f"groep-{result.group.slug}-{result.period or 'geen'}"
    return rows_download(fmt, filename, GROUP_CSV_COLUMNS, group_rows(result), meta)
