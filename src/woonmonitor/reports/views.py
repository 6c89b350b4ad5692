"""Downloads of the progress report: visible to exactly those who may see the agreement.

Anonymous visitors share one rendering per version of the data (``woonmonitor.document_cache``):
the key holds the agreement and its fingerprint, the year and the evaluation date, or the area,
the year and the monitor's fingerprint.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from woonmonitor.agreements.fingerprint import agreement_fingerprint
from woonmonitor.agreements.models import Agreement
from woonmonitor.document_cache import cached_document
from woonmonitor.monitor.fingerprint import data_fingerprint
from woonmonitor.monitor.profile import build_profile
from woonmonitor.monitor.views.area_common import area_or_404, requested_period

from . import factsheet, progress, progress_excel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _agreement_and_year(request: HttpRequest, pk: int):
    agreement = get_object_or_404(
        Agreement.objects.visible_to(request.user).select_related(
            "municipality", "import_run", "published_by"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    year = progress.report_year(agreement, request.GET.get("jaar"), today=today)
    on = progress.evaluation_date(year, today=today, period_end=agreement.period_end)
    return agreement, year, on


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _progress_parts(agreement: Agreement, year: int, on) -> list:
    return [agreement.pk, year, on.isoformat(), agreement_fingerprint(agreement)]


@require_GET
def progress_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, year, on = _agreement_and_year(request, pk)
    content = cached_document(
        request.user,
        "progress-pdf",
        _progress_parts(agreement, year, on),
        lambda: progress.progress_pdf(agreement, year=year, on=on),
    )
    return _download(content, "application/pdf", progress.filename(agreement, year, "pdf"))


@require_GET
def progress_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, year, on = _agreement_and_year(request, pk)
    content = cached_document(
        request.user,
        "progress-xlsx",
        _progress_parts(agreement, year, on),
        lambda: progress_excel.progress_xlsx(agreement, year=year, on=on),
    )
    return _download(content, XLSX, progress.filename(agreement, year, "xlsx"))


@require_GET
def factsheet_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The area profile of the monitor as an A4 factsheet; public like the profile page."""
    area = area_or_404(request, code)
    period = requested_period(request)

    def build() -> tuple[bytes, str]:
        data = build_profile(area=area, period=period)
        return factsheet.factsheet_pdf(data), factsheet.filename(data)

    parts = [area.pk, period, data_fingerprint()]
    content, filename = cached_document(request.user, "factsheet-pdf", parts, build)
    return _download(content, "application/pdf", filename)
