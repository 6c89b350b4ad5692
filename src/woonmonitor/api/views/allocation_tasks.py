"""The tasks of a priority group per municipality, with the statushouders ledger, for the API
(``GET /api/v1/allocation/tasks/``; see ``allocation.py`` for the rest of the allocation API).
Reads the database; public. ``?format=csv`` answers the same rows as CSV.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.allocation import ledger, statushouders
from woonmonitor.allocation.models import Group, Placement, Task

from ..renderers.csv import CSV_RESPONSE, FORMAT_PARAMETER, CSVDownloadMixin
from ..serializers.allocation_tasks import TasksQuerySerializer, TasksSerializer

TAGS = ["allocation"]
TASK_COLUMNS = (
    "municipality_code",
    "municipality_name",
    "group",
    "period",
    "task",
    "carried_over",
    "corrected_task",
    "housed",
    "balance",
    "origin",
    "source",
    "definition_valid_from",
    "recorded_at",
    "is_demo",
)
BAD_QUERY = OpenApiResponse(description="An unknown group or region, or a bad period (Dutch).")


def _period(text: str) -> tuple[int, int]:
    year, _sep, half = text.partition("-")
    return int(year), int(half or 0)


def _housed_other(group: Group, codes: Sequence[str], year: int, half: int) -> dict[str, tuple]:
    """Per code: (housed in the period, includes demo figures) from the current placements,
    counting a municipality's own figure of a month before its associations' (``ledger``)."""
    months = ledger.months_of(half) if half else range(1, 13)
    entries: dict[str, list[ledger.Entry]] = {code: [] for code in codes}
    rows = Placement.objects.current().filter(
        group=group, municipality_code__in=list(codes), year=year, month__in=list(months)
    )
    for p in rows.values(
        "municipality_code",
        "month",
        "count",
        "is_demo",
        "organisation__kind",
        "organisation__area_code",
    ):
        entries[p["municipality_code"]].append(
            ledger.Entry(
                year=year,
                month=p["month"],
                count=p["count"],
                by_municipality=p["organisation__kind"] == OrganisationKind.MUNICIPALITY
                and p["organisation__area_code"] == p["municipality_code"],
                is_demo=p["is_demo"],
            )
        )
    result = {}
    for code, items in entries.items():
        counted = ledger.housed_per_month(items).values()
        result[code] = (sum(m.count for m in counted), any(m.is_demo for m in counted))
    return result


def task_rows(
    group: Group, year: int, half: int, codes: Sequence[str] | None, *, today
) -> list[dict]:
    """One row per municipality: its current task, the ledger figures and the source."""
    tasks = Task.objects.current().filter(group=group, year=year, half=half)
    if codes is not None:
        tasks = tasks.filter(municipality_code__in=list(codes))
    by_code = {t.municipality_code: t for t in tasks.select_related("definition")}
    listed = list(codes) if codes is not None else sorted(by_code)
    names = statushouders.municipality_names(listed)
    if group.statutory and half:
        books = statushouders.ledgers(listed, today=today)
    else:
        housed = _housed_other(group, listed, year, half)
    rows = []
    for code in listed:
        task = by_code.get(code)
        amount = task.amount if task else None
        if group.statutory and half:
            book = books[code]
            line = book.row_for(year, half)
            carried = line.carried_over if line and line.carried_known else None
            corrected = line.corrected if line else None
            done = line.total_housed if line else 0
            balance = line.balance if line else None
            demo = book.has_demo(year, half)
        else:
            done, demo = housed[code]
            carried, corrected = None, amount
            balance = None if amount is None else done - amount
        rows.append(
            {
                "municipality_code": code,
                "municipality_name": names.get(code, code),
                "group": group.key,
                "period": f"{year}-{half}" if half else str(year),
                "task": amount,
                "carried_over": carried,
                "corrected_task": corrected,
                "housed": done,
                "balance": balance,
                "origin": task.origin if task else None,
                "source": task.source if task else "",
                "definition_valid_from": (
                    task.definition.valid_from.isoformat() if task and task.definition else None
                ),
                "recorded_at": (
                    timezone.localtime(task.recorded_at).isoformat(timespec="seconds")
                    if task
                    else None
                ),
                "is_demo": demo,
            }
        )
    return sorted(rows, key=lambda row: row["municipality_name"])


class TaskListView(CSVDownloadMixin, APIView):
    renderer_classes = CSVDownloadMixin.csv_renderer_classes

    @extend_schema(
        operation_id="allocation_tasks_list",
        tags=TAGS,
        summary="Tasks per municipality for one group and period",
        description=(
            "The current task (taakstelling) of each municipality for one priority group and "
            "period, with what is carried over, the corrected task, the number housed and the "
            "balance. For statushouders these follow the statutory ledger (Huisvestingswet "
            "2014, art. 28-30: corrected task = task + backlog - lead); for the other groups "
            "nothing is carried over. Not paginated. `?format=csv` gives the same rows as CSV."
        ),
        parameters=[TasksQuerySerializer, FORMAT_PARAMETER],
        responses={
            (200, "application/json"): TasksSerializer,
            (200, "text/csv"): CSV_RESPONSE,
            400: BAD_QUERY,
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = TasksQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        group = Group.objects.filter(key=params["group"]).first()
        if group is None:
            keys = ", ".join(Group.objects.values_list("key", flat=True))
            raise ValidationError(
                {
                    "group": [
                        _("Onbekende groep: %(key)s. Kies uit: %(keys)s.")
                        % {"key": params["group"], "keys": keys}
                    ]
                }
            )
        if params.get("period"):
            year, half = _period(params["period"])
            if group.half_yearly and not half:
                raise ValidationError(
                    {"period": [_("Deze groep heeft een taak per halfjaar: schrijf 2023-1.")]}
                )
            if not group.half_yearly and half:
                raise ValidationError(
                    {"period": [_("Deze groep heeft een taak per jaar: schrijf 2024.")]}
                )
        else:
            latest = (
                Task.objects.current()
                .filter(group=group)
                .order_by("-year", "-half")
                .values_list("year", "half")
                .first()
            )
            year, half = latest or (timezone.localdate().year, 1 if group.half_yearly else 0)
        codes = None
        region = params.get("region")
        if region:
            codes = statushouders.region_codes(region)
            if codes is None:
                raise ValidationError(
                    {"region": [_("Onbekende regio: %(slug)s.") % {"slug": region}]}
                )
        rows = task_rows(group, year, half, codes, today=timezone.localdate())
        return Response(
            {
                "group": group.key,
                "unit": group.unit,
                "period": f"{year}-{half}" if half else str(year),
                "region": region or None,
                "count": len(rows),
                "results": rows,
            }
        )

    def csv_table(self, data: dict) -> tuple[str, Sequence[str], Iterable[dict]]:
        parts = ["taken", data["group"], data["period"], data["region"]]
        filename = "-".join(str(part) for part in parts if part) + ".csv"
        return filename, TASK_COLUMNS, data["results"]
