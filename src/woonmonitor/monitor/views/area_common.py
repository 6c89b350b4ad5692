"""Helpers shared by the area pages of the monitor (profile, trend, group)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from woonmonitor.areas.models import Area
from woonmonitor.downloads import DutchNumber, csv_response

FORMATS = ("csv", "json")


def requested_period(request: HttpRequest) -> int | None:
    """The period asked for with ``?jaar=``; 404 for something that is not a year."""
    raw = (request.GET.get("jaar") or "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404(_("Onbekend jaar.")) from None


def area_or_404(request: HttpRequest, code: str) -> Area:
    """The latest vintage of the area with this code (with its parents in the same query)."""
    area = (
        Area.objects.visible_to(request.user)
        .with_code(code)
        .select_related("parent__parent__parent__parent")
        .order_by("-vintage")
        .first()
    )
    if area is None:
        raise Http404(_("Dit gebied bestaat niet in de geladen gegevens."))
    return area


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404(_("Onbekend formaat."))


def json_download(data, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def plain(value):
    """A number as a CSV download writes it: whole numbers without ".0", others with a
    decimal comma (a ``DutchNumber``: still a number to the spreadsheet). The rows hold
    values already rounded to their indicator's precision (``formatting.rounded``)."""
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        text = repr(value)
        if "e" in text:  # very small or large: written out in full
            text = format(value, "f").rstrip("0").rstrip(".")
        return DutchNumber(text.replace(".", ","))
    return value


def rows_download(fmt: str, filename: str, columns, rows: list[dict], meta: dict) -> HttpResponse:
    """``rows`` as CSV (the columns in order, Dutch numbers) or as JSON (``meta`` plus the
    rows). The rows' values are public and rounded (see the row builders)."""
    if fmt == "csv":
        return csv_response(
            f"{filename}.csv", columns, ([plain(row.get(c)) for c in columns] for row in rows)
        )
    return json_download({**meta, "rows": rows}, f"{filename}.json")
