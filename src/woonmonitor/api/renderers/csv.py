"""The API's CSV download: ``?format=csv`` (or ``Accept: text/csv``) answers a view's rows as
the formula-neutralising CSV of ``woonmonitor.downloads``. No database."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.settings import api_settings

from woonmonitor.downloads import csv_response

#: The ``format`` query parameter of a view with a CSV download, for the schema.
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description=(
        "`csv` answers the same rows as CSV (`;`-separated, UTF-8 with BOM, `.` as decimal "
        "point, empty cells for null). `Accept: text/csv` does the same."
    ),
)
CSV_RESPONSE = OpenApiResponse(
    OpenApiTypes.STR, description="The same rows as CSV, one column per field of a row."
)


class CSVRenderer(BaseRenderer):
    """Renders a view's rows as the CSV download of ``woonmonitor.downloads``.

    The view says which rows and columns through ``csv_table(data)``.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict | None = None,
    ) -> bytes:
        context = renderer_context or {}
        filename, header, rows = context["view"].csv_table(data)
        download = csv_response(filename, header, ([row[c] for c in header] for row in rows))
        context["response"]["Content-Disposition"] = download["Content-Disposition"]
        return download.content


class CSVDownloadMixin:
    """Adds ``?format=csv``; errors stay JSON whatever format was asked for.

    A view using it defines ``csv_table(data) -> (filename, header, rows)``: how the data of
    its JSON answer becomes one CSV table.
    """

    csv_renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer]

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any):
        renderer = getattr(request, "accepted_renderer", None)
        if response.status_code >= 400 and isinstance(renderer, CSVRenderer):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
