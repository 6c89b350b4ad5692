"""The task pages: the public list of current tasks, one task with its history, the form to
enter a task and the upload of a table of tasks (with its template). Reads the database;
writes only through ``allocation.tasks``.

Everyone sees the tasks (they are public policy figures); who recorded one is shown only to
those who read everything (``accounts.access.reads_everything``). Entering and uploading is
for editors and admins of a municipality, for their own municipality (``tasks.writable_codes``):
anonymous visitors go to the login page, everyone else who may not gets 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from woonmonitor.accounts.access import login_redirect, reads_everything, require_login
from woonmonitor.areas.models import Region
from woonmonitor.downloads import csv_response
from woonmonitor.imports.models import ImportRun

from ..forms_tasks import TaskForm, TaskUploadForm
from ..models import Group, Task, period_key, period_label
from ..task_template import TemplateGroup, template_csv, template_xlsx
from ..tasks import (
    COMMAND,
    TaskError,
    enter_task,
    municipality_names,
    upload_tasks,
    writable_codes,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_LIMIT = 300
CSV_COLUMNS = (
    "gemeentecode",
    "gemeente",
    "groep",
    "groepsnaam",
    "eenheid",
    "periode",
    "jaar",
    "halfjaar",
    "taak",
    "herkomst",
    "omschrijving_geldt_vanaf",
    "bron",
    "toelichting",
    "vastgelegd",
    "vervangt",
)


# ----------------------------------------------------------------------------- reading


def parse_period(text: str) -> tuple[int, int] | None:
    """``2023-1`` -> (2023, 1); ``2024`` -> (2024, 0); anything else None."""
    year, _sep, half = text.strip().partition("-")
    if not year.isdigit() or len(year) != 4 or (half and half not in ("0", "1", "2")):
        return None
    return int(year), int(half or 0)


def _filters(request: HttpRequest) -> dict:
    return {
        "group": request.GET.get("groep", "").strip(),
        "period": request.GET.get("periode", "").strip(),
        "municipality": request.GET.get("gemeente", "").strip().upper(),
        "region": request.GET.get("regio", "").strip(),
    }


def filtered_tasks(filters: dict) -> QuerySet[Task]:
    tasks = Task.objects.current().select_related("group", "definition", "recorded_by")
    if filters["group"]:
        tasks = tasks.filter(group__key=filters["group"])
    period = parse_period(filters["period"]) if filters["period"] else None
    if period:
        tasks = tasks.filter(year=period[0], half=period[1])
    if filters["municipality"]:
        tasks = tasks.filter(municipality_code=filters["municipality"])
    if filters["region"]:
        region = Region.objects.filter(slug=filters["region"]).first()
        codes = list(region.members.values_list("municipality_code", flat=True)) if region else []
        tasks = tasks.filter(municipality_code__in=codes)
    return tasks.order_by("group__order", "-year", "-half", "municipality_code")


def task_row(task: Task, names: dict[str, str]) -> dict:
    definition = task.definition
    return {
        "task": task,
        "gemeentecode": task.municipality_code,
        "gemeente": names.get(task.municipality_code, task.municipality_code),
        "groep": task.group.key,
        "groepsnaam": task.group.name,
        "eenheid": task.group.get_unit_display(),
        "periode": task.period_label,
        "periode_sleutel": task.period,
        "jaar": task.year,
        "halfjaar": task.half,
        "taak": task.amount,
        "herkomst": task.get_origin_display(),
        "omschrijving_geldt_vanaf": definition.valid_from.isoformat() if definition else "",
        "bron": task.source,
        "toelichting": task.note,
        "vastgelegd": timezone.localtime(task.recorded_at).strftime("%Y-%m-%d %H:%M"),
        "vervangt": task.supersedes_id or "",
        "demo": bool((task.basis or {}).get("is_demo")),
    }


def csv_row(row: dict) -> list:
    return [row[column] for column in CSV_COLUMNS]


def _period_choices() -> list[tuple[str, str]]:
    pairs = Task.objects.current().values_list("year", "half").distinct().order_by("-year", "-half")
    return [(period_key(year, half), period_label(year, half)) for year, half in pairs]


def task_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    tasks = filtered_tasks(filters)
    total = tasks.count()
    shown = list(tasks[:LIST_LIMIT])
    names = municipality_names()
    rows = [task_row(task, names) for task in shown]
    if request.GET.get("formaat") == "csv":
        parts = ["taken", filters["group"], filters["period"], filters["region"]]
        filename = "-".join(part for part in parts if part) + ".csv"
        return csv_response(
            filename,
            CSV_COLUMNS,
            (csv_row(task_row(task, names)) for task in tasks),
        )
    query = request.GET.copy()
    query["formaat"] = "csv"
    return render(
        request,
        "allocation/task_list.html",
        {
            "rows": rows,
            "total": total,
            "limit": LIST_LIMIT,
            "filters": filters,
            "groups": Group.objects.all(),
            "periods": _period_choices(),
            "regions": Region.objects.order_by("name"),
            "municipalities": sorted(
                {
                    (code, names.get(code, code))
                    for code in Task.objects.values_list("municipality_code", flat=True).distinct()
                },
                key=lambda pair: pair[1],
            ),
            "csv_query": query.urlencode(),
            "may_enter": bool(writable_codes(request.user)),
            "any_demo": any(row["demo"] for row in rows),
        },
    )


def task_detail(request: HttpRequest, key: str, code: str, period: str) -> HttpResponse:
    """One task: the current record, and every record it replaced."""
    group = get_object_or_404(Group, key=key)
    parsed = parse_period(period)
    if parsed is None:
        raise Http404(_("Onbekende periode."))
    year, half = parsed
    records = list(
        Task.objects.filter(group=group, municipality_code=code.upper(), year=year, half=half)
        .select_related("definition", "recorded_by", "import_run")
        .order_by("-recorded_at", "-pk")
    )
    if not records:
        raise Http404(_("Er is geen taak voor deze gemeente, groep en periode."))
    names = municipality_names([code.upper()])
    current_ids = set(
        Task.objects.current().filter(pk__in=[t.pk for t in records]).values_list("pk", flat=True)
    )
    current = next((t for t in records if t.pk in current_ids), records[0])
    return render(
        request,
        "allocation/task_detail.html",
        {
            "group": group,
            "code": code.upper(),
            "name": names.get(code.upper(), code.upper()),
            "period_label": period_label(year, half),
            "current": task_row(current, names),
            "history": [task_row(task, names) for task in records if task.pk != current.pk],
            "show_authors": reads_everything(request.user),
            "may_enter": code.upper() in writable_codes(request.user),
        },
    )


# ----------------------------------------------------------------------------- writing


def _writable(request: HttpRequest) -> list[tuple[str, str]]:
    require_login(request)
    codes = writable_codes(request.user)
    if not codes:
        raise PermissionDenied(
            _(
                "Alleen bewerkers en beheerders van een gemeente leggen taken vast, voor hun "
                "eigen gemeente."
            )
        )
    names = municipality_names(codes)
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda pair: pair[1])


@login_redirect
@require_http_methods(["GET", "POST"])
def task_new(request: HttpRequest) -> HttpResponse:
    municipalities = _writable(request)
    groups = list(Group.objects.all())
    initial = {"year": timezone.localdate().year, "municipality": municipalities[0][0]}
    # the statutory group comes first but is usually computed: start with the first other one
    initial["group"] = next(
        (g.key for g in groups if not g.statutory), groups[0].key if groups else ""
    )
    for name, field in (("groep", "group"), ("gemeente", "municipality"), ("jaar", "year")):
        if request.GET.get(name):
            initial[field] = request.GET[name]
    form = TaskForm(
        request.POST or None, municipalities=municipalities, groups=groups, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group = form.groups[data["group"]]
        try:
            recorded = enter_task(
                user=request.user,
                group=group,
                municipality_code=data["municipality"],
                year=data["year"],
                half=data["half"],
                amount=data["amount"],
                source=data["source"],
                note=data["note"],
                today=timezone.localdate(),
            )
        except TaskError as exc:
            form.add_error(None, str(exc))
        else:
            task = recorded.task
            text = {
                "new": _("De taak is vastgelegd."),
                "replaced": _(
                    "De taak is vastgelegd; de vorige blijft bewaard in de geschiedenis."
                ),
                "unchanged": _("Deze taak stond er al zo; er is niets veranderd."),
            }[recorded.outcome]
            messages.success(request, text)
            return redirect(
                "allocation:task", key=group.key, code=task.municipality_code, period=task.period
            )
    return render(
        request,
        "allocation/task_form.html",
        {"form": form, "groups": groups, "municipalities": municipalities},
    )


def _run_report(request: HttpRequest, run_id: str | None) -> dict | None:
    """What one stored upload of this user did (after the redirect)."""
    if not run_id or not run_id.isdigit():
        return None
    run = ImportRun.objects.filter(pk=int(run_id), command=COMMAND, started_by=request.user).first()
    if run is None:
        return None
    names = municipality_names()
    tasks = Task.objects.filter(import_run=run).select_related("group", "definition")
    rows = [task_row(task, names) for task in tasks.order_by("municipality_code", "pk")]
    replaced = sum(1 for row in rows if row["vervangt"])
    return {
        "run": run,
        "rows": rows,
        "created": len(rows) - replaced,
        "replaced": replaced,
        "unchanged": max(run.rows_accepted - len(rows), 0),
        "skipped": run.rows_skipped,
    }


@login_redirect
@require_http_methods(["GET", "POST"])
def task_upload(request: HttpRequest) -> HttpResponse:
    municipalities = _writable(request)
    form = TaskUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = upload_tasks(
            user=request.user, name=upload.name, data=upload.read(), today=timezone.localdate()
        )
        if report.ok:
            return redirect(f"{reverse('allocation:task-upload')}?run={report.run.pk}#verslag")
    return render(
        request,
        "allocation/task_upload.html",
        {
            "form": form,
            "report": report,
            "run_report": _run_report(request, request.GET.get("run")),
            "municipalities": municipalities,
            "groups": Group.objects.all(),
        },
    )


@login_redirect
@require_GET
def task_template(request: HttpRequest, fmt: str) -> HttpResponse:
    municipalities = _writable(request)
    today = timezone.localdate()
    groups = [
        TemplateGroup(
            key=group.key,
            name=group.name,
            unit=str(group.get_unit_display()),
            half_yearly=group.half_yearly,
            statutory=group.statutory,
            definition=(lambda d: " ".join(d.text.split()) if d else "")(
                group.definition_on(today)
            ),
        )
        for group in Group.objects.prefetch_related("definitions")
    ]
    filename = "sjabloon-taken"
    if fmt == "csv":
        response = HttpResponse(
            template_csv(municipalities, groups, year=today.year),
            content_type="text/csv; charset=utf-8",
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            template_xlsx(municipalities, groups, year=today.year), content_type=XLSX
        )
    else:
        raise Http404(_("Onbekend formaat."))
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
