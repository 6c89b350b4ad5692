"""The monitor API: the indicator catalogue, values per area, and the area profile.

Public open data: anyone may read, nobody writes here (GET only; other methods answer
405). Every value passes ``monitor.public.disclose_rows`` before it leaves, so a value the
public may not see is null with status ``geheim`` and the reason in ``note``.

Values are **not paginated**. One request asks for one indicator in one period, so the
answer is bounded by the number of areas of the country (all 14,000 buurten, about 2.5 MB
of JSON) and a municipality's wijken are a few dozen rows. Without pages there is no
COUNT query, no page to stitch together for a map of the whole country, and the CSV is
exactly the JSON ``results``. Narrow the rows with ``level``, ``parent`` and ``area``.

``?format=csv`` (or ``Accept: text/csv``) on the values and the profile answers the
same rows as CSV, as the pages' downloads write it (``woonmonitor.downloads``: ``;``,
UTF-8 with BOM, ``.`` as decimal point, empty for null). Errors are always JSON.

Rows are plain dicts built from one ``values()`` query: no model instances and no
serializer per row (the row serializers only describe them in the schema).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import django_filters
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from woonmonitor.areas.loaders.codes import URL_REGEX, level_of
from woonmonitor.areas.models import LEVEL_DEPTH, Area, Level
from woonmonitor.document_cache import cached_document
from woonmonitor.monitor.citations import CITATION, citation_fields, cite_rows
from woonmonitor.monitor.fingerprint import data_fingerprint
from woonmonitor.monitor.formatting import rounded
from woonmonitor.monitor.models import Indicator, IndicatorValue, Theme
from woonmonitor.monitor.presentation import VALUE_FIELDS
from woonmonitor.monitor.profile import CSV_COLUMNS, build_profile, profile_rows
from woonmonitor.monitor.public import disclose_rows

from ..renderers.csv import CSV_RESPONSE, FORMAT_PARAMETER, CSVDownloadMixin
from ..serializers.monitor import (
    IndicatorDetailSerializer,
    IndicatorSerializer,
    IndicatorValuesSerializer,
    ProfileQuerySerializer,
    ProfileSerializer,
    ValuesQuerySerializer,
)

#: The columns of a value row, in JSON and in CSV.
VALUE_COLUMNS = (
    "area",
    "area_name",
    "level",
    "vintage",
    "period",
    "value",
    "status",
    "note",
    "source",
    "reference_date",
    "published_on",
    "loaded_at",
)
#: The columns of a profile row: the pages' download columns and when the value was loaded.
PROFILE_COLUMNS = (*CSV_COLUMNS, "loaded_at")
KEY_REGEX = r"[-a-zA-Z0-9_]+"
CODE_REGEX = URL_REGEX

BAD_QUERY = OpenApiResponse(description="A bad level, period or area code (a Dutch message).")


# ----------------------------------------------------------------------------- values


def _inside(parent: str, level: str | None) -> Q:
    """Areas inside ``parent`` (at ``level``, or at every level below it), by parent links.

    A condition on ``Area`` itself: used as a subquery of area ids, which lets the database
    find the few areas first and then their values through the value index."""
    start = LEVEL_DEPTH[Level(level_of(parent))]
    deepest = max(LEVEL_DEPTH.values())
    depths = [LEVEL_DEPTH[Level(level)]] if level else range(start + 1, deepest + 1)
    condition = Q()
    for depth in depths:
        condition |= Q(**{"parent__" * (depth - start) + "code": parent})
    return condition


def value_selection(
    indicator: Indicator,
    *,
    level: str | None = None,
    parent: str | None = None,
    area: list[str] | None = None,
) -> QuerySet[IndicatorValue]:
    """The current values of ``indicator`` for the areas the filters select, any period."""
    values = IndicatorValue.objects.current().of(indicator)
    if level:
        values = values.at_level(level)
    if parent:
        values = values.filter(area__in=Area.objects.filter(_inside(parent, level)))
    if area:
        values = values.for_codes(area)
    return values


def latest_period(values: QuerySet[IndicatorValue]) -> int | None:
    """The latest period in which one of ``values`` is not empty."""
    return values.filter(value__isnull=False).aggregate(latest=Max("period"))["latest"]


def _number(value: Any) -> Any:
    """Whole numbers as integers (``25700``, not ``25700.0``), in JSON and in CSV alike."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _numbers(row: dict) -> dict:
    """A profile row with its values as :func:`_number` writes them."""
    return {k: _number(v) if k.endswith("value") else v for k, v in row.items()}


#: The columns a value row reads: no dates, which cost a conversion per row (on SQLite, a
#: third of the time for all buurten); the source and the dates come per import run
#: (``citations.cite_rows``: one query for the runs).
ROW_FIELDS = (*VALUE_FIELDS, "id")


def _recorded(rows: list[dict]) -> dict[int, str]:
    """When each value without an import run (a party's input) was recorded (ISO), by id:
    one query, only if there are any."""
    runless = [row["id"] for row in rows if row["import_run_id"] is None]
    if not runless:
        return {}
    recorded = IndicatorValue.objects.filter(pk__in=runless).values_list("pk", "recorded_at")
    return {pk: timezone.localtime(moment).isoformat() for pk, moment in recorded}


def value_rows(indicator: Indicator, values: QuerySet[IndicatorValue]) -> list[dict]:
    """Public rows of ``values``; a constant number of queries whatever the number of rows.

    Disclosure control first (``disclose_rows``), then each value rounded to the indicator's
    precision (``Indicator.decimals``, ``formatting.rounded``)."""
    raw = list(values.order_by("area__code", "area__vintage").values(*ROW_FIELDS))
    by_id = {indicator.pk: indicator}
    public = cite_rows(disclose_rows(raw, by_id), by_id)
    recorded = _recorded(public)
    columns: dict[int, dict] = {}  # the source columns, the same for all values of a line
    rows = []
    for row in public:
        line = row[CITATION]
        fields = columns.get(id(line))
        if fields is None:
            fields = columns[id(line)] = citation_fields(line)
        if row["id"] in recorded:
            fields = {**fields, "loaded_at": recorded[row["id"]]}
        rows.append(
            {
                "area": row["area__code"],
                "area_name": row["area__name"],
                "level": row["area__level"],
                "vintage": row["area__vintage"],
                "period": row["period"],
                "value": rounded(row["value"], indicator.decimals),
                "status": row["status"],
                "note": row["note"],
                **fields,
            }
        )
    return rows


# ----------------------------------------------------------------------------- catalogue


class IndicatorFilterSet(django_filters.FilterSet):
    theme = django_filters.ChoiceFilter(
        choices=Theme.choices, help_text="Only indicators of this theme."
    )

    class Meta:
        model = Indicator
        fields = ["theme"]


VALUES_DESCRIPTION = (
    "The values of one indicator in one period, one row per area, ordered by area code. "
    "Every value is shown as the public may see it: a value CBS rules suppress is null "
    "with status `geheim` and the reason in `note` (e.g. “minder dan 10 inwoners”); counts "
    "are rounded as CBS does. A missing value is null with status `ontbreekt`.\n\n"
    "**Not paginated**: all rows are in `results` (at most the number of areas of a level "
    "in the country, e.g. 14,000 buurten); narrow them with `level`, `parent` and `area`. "
    "`period` defaults to the latest period in which one of the selected areas has a "
    "value. `?format=csv` gives the same rows as CSV."
)


@extend_schema_view(
    list=extend_schema(
        summary="List indicators",
        description="The indicator catalogue of the Wijk- en Dorpenmonitor, ordered by theme.",
    ),
    retrieve=extend_schema(
        summary="One indicator",
        description="An indicator with the periods that have values.",
        responses={
            200: IndicatorDetailSerializer,
            404: OpenApiResponse(description="Unknown indicator."),
        },
    ),
)
class IndicatorViewSet(CSVDownloadMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Indicator.objects.none()  # for the router and the schema; see get_queryset
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    lookup_field = "key"
    lookup_value_regex = KEY_REGEX

    def get_queryset(self) -> QuerySet[Indicator]:
        return Indicator.objects.visible_to(self.request.user)

    def get_serializer_class(self) -> type[IndicatorSerializer]:
        return IndicatorDetailSerializer if self.action == "retrieve" else IndicatorSerializer

    def get_object(self) -> Indicator:
        key = self.kwargs[self.lookup_field]
        indicator = self.get_queryset().filter(key=key).first()
        if indicator is None:
            raise NotFound(_("Onbekende indicator: {key}.").format(key=key))
        self.check_object_permissions(self.request, indicator)
        return indicator

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        indicator = self.get_object()
        indicator.periods = IndicatorValue.objects.current().of(indicator).periods()
        return Response(self.get_serializer(indicator).data)

    @extend_schema(
        summary="Values of an indicator per area",
        description=VALUES_DESCRIPTION,
        parameters=[ValuesQuerySerializer, FORMAT_PARAMETER],
        responses={
            (200, "application/json"): IndicatorValuesSerializer,
            (200, "text/csv"): CSV_RESPONSE,
            400: BAD_QUERY,
            404: OpenApiResponse(description="Unknown indicator."),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        filter_backends=[],
        pagination_class=None,
        renderer_classes=CSVDownloadMixin.csv_renderer_classes,
    )
    def values(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        indicator = self.get_object()
        query = ValuesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.validated_data
        selection = value_selection(
            indicator,
            level=filters.get("level"),
            parent=filters.get("parent"),
            area=filters.get("area"),
        )

        def build() -> tuple[int | None, list[dict]]:
            period = filters.get("period") or latest_period(selection)
            return period, value_rows(indicator, selection.in_period(period)) if period else []

        if filters.get("parent") or filters.get("area"):
            period, rows = build()
        else:  # a whole level: anonymous callers share one answer per version of the data
            parts = [indicator.key, filters.get("level"), filters.get("period"), data_fingerprint()]
            period, rows = cached_document(request.user, "api-values", parts, build)
        return Response(
            {
                "indicator": indicator.key,
                "unit": indicator.unit,
                "level": filters.get("level"),
                "parent": filters.get("parent"),
                "period": period,
                "count": len(rows),
                "results": rows,
            }
        )

    def csv_table(self, data: dict) -> tuple[str, Sequence[str], Iterable[dict]]:
        parts = [data["indicator"], data["level"] or "alle-niveaus", data["parent"], data["period"]]
        filename = "-".join(str(part) for part in parts if part) + ".csv"
        return filename, VALUE_COLUMNS, data["results"]


# ----------------------------------------------------------------------------- profile


def profile_area(user, code: str, period: int | None) -> Area:
    """The record of ``code`` in the latest vintage that has values (in ``period``).

    ``build_profile`` starts from it and takes, of the vintages with values in the period,
    the one nearest to the period. Raises ``NotFound`` for an unknown code or no values.
    """
    areas = Area.objects.visible_to(user).with_code(code)
    values = IndicatorValue.objects.current().filter(area=OuterRef("pk"))
    if period is not None:
        values = values.filter(period=period)
    area = areas.filter(Exists(values)).order_by("-vintage").first()
    if area is not None:
        return area
    known = areas.order_by("-vintage").first()
    if known is None:
        raise NotFound(_("Onbekend gebied: {code}.").format(code=code.upper()))
    if period is None:
        message = _("Er zijn geen cijfers voor {name} ({code}).")
    else:
        message = _("Er zijn geen cijfers voor {name} ({code}) over {period}.")
    raise NotFound(message.format(name=known.name, code=known.code, period=period))


class AreaProfileView(CSVDownloadMixin, APIView):
    """The factsheet of an area: its indicators per theme beside its municipality, province
    and the country, as ``monitor.profile`` builds it for the profile page.
    """

    renderer_classes = CSVDownloadMixin.csv_renderer_classes

    @extend_schema(
        operation_id="areas_profile",
        summary="Profile (factsheet) of an area",
        description=(
            "The area's indicators per theme, each beside the value of its municipality, "
            "province and the country, after disclosure control (suppressed values are null "
            "with status `geheim`). One row per indicator of the catalogue; those without a "
            "value for the area have status `ontbreekt`. The area is the record of the code, "
            "among the vintages with values for `period`, whose vintage lies nearest to the "
            "period (the later one on a tie); `vintage` says which, and each row's `vintage` "
            "the vintage its value belongs to. `?format=csv` gives the same `rows` as CSV."
        ),
        parameters=[
            OpenApiParameter(
                "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="CBS code."
            ),
            ProfileQuerySerializer,
            FORMAT_PARAMETER,
        ],
        responses={
            (200, "application/json"): ProfileSerializer,
            (200, "text/csv"): CSV_RESPONSE,
            400: BAD_QUERY,
            404: OpenApiResponse(description="Unknown area, or no values for the period."),
        },
    )
    def get(self, request: Request, code: str, *args: Any, **kwargs: Any) -> Response:
        query = ProfileQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = query.validated_data.get("period")
        profile = build_profile(area=profile_area(request.user, code, period), period=period)
        area = profile.area  # the vintage of the code that fits the period best
        rows = [_numbers(row) for row in profile_rows(profile, loaded_at=True)]
        return Response(
            {
                "area": area.code,
                "name": area.name,
                "level": area.level,
                "vintage": area.vintage,
                "period": profile.period,
                "periods": profile.periods,
                "comparisons": [
                    {"role": c.role, "code": c.code, "name": c.name, "level": c.level}
                    for c in profile.comparisons
                ],
                "count": len(rows),
                "rows": rows,
            }
        )

    def csv_table(self, data: dict) -> tuple[str, Sequence[str], Iterable[dict]]:
        parts = ["profiel", data["area"], data["vintage"], data["period"]]
        filename = "-".join(str(part) for part in parts if part) + ".csv"
        return filename, PROFILE_COLUMNS, data["rows"]
