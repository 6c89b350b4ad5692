"""The project list (with CSV and Excel downloads) and the page of one project, with its
history, the impulsteam's support and the "move phase" form.

Every read starts from ``Project.objects.visible_to(user)``: a project the user may not see is
a 404, for every page and form of it. Writes go through ``services`` (which check again);
who may do what is ``permissions``. Demonstration projects are marked on every row, on the
page and in every download.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from woonmonitor.accounts.access import login_redirect, reads_everything, require_login
from woonmonitor.areas.models import Area, Level
from woonmonitor.downloads import csv_response

from .. import ladder, permissions, project_list, services
from ..forms_project_actions import MovePhaseForm, SupportForm
from ..forms_project_filters import ProjectFilterForm
from ..models import Project
from ..parsing.segments import FEATURES, FORMS, Segment
from ..plan_map import boundaries_geojson, projects_geojson
from ..project_history import history


def filter_form(request: HttpRequest, *, with_municipality: bool = True):
    """The filter form and the projects it keeps, for the list and the map."""
    everything = list(project_list.visible(request.user))
    codes = {project.municipality_code for project in everything}
    names = project_list.municipality_names(codes)
    form = ProjectFilterForm(
        request.GET or None,
        municipalities=sorted(names.items(), key=lambda item: item[1]),
        phases=ladder.phases(),
        years=project_list.delivery_years(everything),
        with_municipality=with_municipality,
    )
    projects = project_list.filtered(request.user, form.filters())
    return form, project_list.rows(projects)


@require_GET
def project_list_page(request: HttpRequest) -> HttpResponse:
    form, rows = filter_form(request)
    fmt = request.GET.get("formaat", "")
    if fmt in ("csv", "xlsx"):
        return _download(request, rows, fmt)
    query = request.GET.copy()
    query.pop("formaat", None)
    return render(
        request,
        "programming/project_list.html",
        {
            "form": form,
            "rows": rows,
            "any_demo": any(row.project.is_demo for row in rows),
            "may_add": permissions.may_add(request.user),
            "query": query.urlencode(),
        },
    )


def _download(request: HttpRequest, rows, fmt: str) -> HttpResponse:
    header = project_list.download_header()
    body = project_list.download_rows(rows, request.build_absolute_uri("/").rstrip("/"))
    name = f"woningbouwprojecten-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        return csv_response(f"{name}.csv", header, body)
    notes = [
        _("Lege segmenten en woningtypen zijn onbekend (niet 0)."),
        _("Woningbouwplannen die u mag zien, op %(day)s.") % {"day": timezone.localdate()},
    ]
    if any(row.project.is_demo for row in rows):
        notes.insert(
            0,
            _(
                "Let op: projecten met 'ja' in de kolom demonstratieproject zijn verzonnen voor "
                "de demonstratie; ze tellen nergens mee."
            ),
        )
    content = project_list.xlsx_bytes(_("Woningbouwprojecten"), notes, header, body)
    response = HttpResponse(content, content_type=project_list.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def visible_project(request: HttpRequest, pk: int) -> Project:
    return get_object_or_404(
        Project.objects.visible_to(request.user).select_related("phase__ladder", "owner"), pk=pk
    )


def _counts(mapping: dict, members) -> list[tuple[str, int | None]]:
    return [(str(member.label), (mapping or {}).get(member.value)) for member in members]


def _area_names(*codes: str) -> dict[str, str]:
    found = (
        Area.objects.filter(code__in=[c for c in codes if c])
        .order_by("code", "-vintage")
        .values_list("code", "name")
    )
    names: dict[str, str] = {}
    for code, name in found:
        names.setdefault(code, name)
    return names


def province_municipalities(code: str) -> list[tuple[str, str]]:
    """(code, name) of the municipalities in the province of ``code`` (latest vintage)."""
    area = Area.objects.filter(code=code).select_related("parent").order_by("-vintage").first()
    if area is None or area.parent_id is None:
        return [(code, code)]
    siblings = Area.objects.filter(level=Level.MUNICIPALITY, parent=area.parent).order_by("name")
    return list(siblings.values_list("code", "name"))


def _phases_for(project: Project):
    found = ladder.phases()
    if project.phase not in found:
        found = list(project.phase.ladder.phases.order_by("order"))
    return found


def _detail_context(request: HttpRequest, project: Project, *, move_form=None, support_form=None):
    user = request.user
    row = project_list.rows([project])[0]
    figures = row.figures
    known = sum(count for count in figures.segments.values() if count is not None)
    may_edit = permissions.may_edit(user, project)
    may_support = permissions.may_record_support(user)
    today = timezone.localdate()
    if may_edit and move_form is None:
        move_form = MovePhaseForm(phases=_phases_for(project), current=project.phase)
    if may_support and support_form is None:
        support_form = SupportForm(
            municipalities=province_municipalities(project.municipality_code),
            default_code=project.municipality_code,
            today=today,
        )
    versions = project.versions.select_related("author", "import_run").order_by("number")
    area_names = _area_names(project.wijk_code, project.buurt_code)
    names = dict(province_municipalities(project.municipality_code))
    support = [
        (item, names.get(item.requested_by, item.requested_by)) for item in project.support.all()
    ]
    return {
        "project": project,
        "row": row,
        "figures": figures,
        "segments": _counts(figures.segments, Segment),
        "unclassified": max(figures.units_net - known, 0),
        "forms": _counts(figures.dwelling_types, FORMS),
        "features": _counts(figures.dwelling_types, FEATURES),
        "deliveries": sorted(figures.deliveries.items()),
        "year_unknown": row.year_unknown,
        "ladder_phases": list(project.phase.ladder.phases.order_by("order")),
        "current_ladder": ladder.current_ladder(),
        "wijk_name": area_names.get(project.wijk_code, ""),
        "buurt_name": area_names.get(project.buurt_code, ""),
        "history": history(versions),
        "show_authors": reads_everything(user),
        "support": support,
        "any_demo_support": any(item.is_demo for item, _name in support),
        "may_edit": may_edit,
        "move_form": move_form,
        "support_form": support_form,
        "project_geojson": projects_geojson([row]),
        "boundary_geojson": boundaries_geojson([project.municipality_code]),
    }


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_project(request, pk)
    return render(request, "programming/project_detail.html", _detail_context(request, project))


@login_redirect
@require_POST
def project_move_phase(request: HttpRequest, pk: int) -> HttpResponse:
    project_url = reverse("programming:project", args=[pk])
    require_login(request, next_url=project_url)
    project = visible_project(request, pk)
    if not permissions.may_edit(request.user, project):
        raise PermissionDenied(_("Alleen de gemeente en de eigenaar van dit plan verplaatsen het."))
    form = MovePhaseForm(request.POST, phases=_phases_for(project), current=project.phase)
    if form.is_valid():
        previous = project.phase.name
        services.move_phase(
            user=request.user,
            project=project,
            phase=form.cleaned_data["phase"],
            reason=form.cleaned_data["reason"].strip(),
        )
        messages.success(
            request,
            _("Het plan staat nu in de fase %(new)s (was %(old)s).")
            % {"new": form.cleaned_data["phase"].name, "old": previous},
        )
        return redirect(project_url)
    context = _detail_context(request, project, move_form=form)
    return render(request, "programming/project_detail.html", context, status=400)


@login_redirect
@require_POST
def project_support(request: HttpRequest, pk: int) -> HttpResponse:
    project_url = reverse("programming:project", args=[pk])
    require_login(request, next_url=project_url)
    project = visible_project(request, pk)
    if not permissions.may_record_support(request.user):
        raise PermissionDenied(_("Alleen bewerkers van de provincie leggen de inzet vast."))
    municipalities = province_municipalities(project.municipality_code)
    form = SupportForm(
        request.POST,
        municipalities=municipalities,
        default_code=project.municipality_code,
        today=timezone.localdate(),
    )
    if form.is_valid():
        try:
            services.record_support(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("De inzet van het impulsteam is vastgelegd."))
            return redirect(f"{project_url}#ondersteuning")
    context = _detail_context(request, project, support_form=form)
    return render(request, "programming/project_detail.html", context, status=400)


def require_visible(request: HttpRequest, pk: int) -> Project:
    """The project for a form, or 404 (not visible) / 403 (visible, not editable)."""
    project = visible_project(request, pk)
    if not permissions.may_edit(request.user, project):
        raise PermissionDenied(
            _("Dit plan houden de gemeente en de organisatie die het invoerde bij.")
        )
    return project
