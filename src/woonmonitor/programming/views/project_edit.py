"""Adding and changing a project (plan), with its location drawn on a map.

Anonymous visitors go to the login page; a logged-in person who may keep no plans gets 403
with the reason; a project the person may not see is 404, one they may see but not change 403.
The form (``forms_projects.ProjectForm``) keeps every input when something is wrong and lists
the problems of the figures at the top. Saving goes through ``services.save_project``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from woonmonitor.accounts.access import login_redirect, require_login

from .. import ladder, permissions, project_list, services
from ..forms_projects import ProjectForm
from ..models import Project
from ..plan_map import boundaries_geojson
from .projects import require_visible


def _render(request: HttpRequest, form: ProjectForm, project: Project | None) -> HttpResponse:
    codes = [code for code, _label in form.fields["municipality_code"].choices]
    return render(
        request,
        "programming/project_form.html",
        {
            "form": form,
            "project": project,
            "ladder_phases": ladder.phases(),
            "boundary_geojson": boundaries_geojson(codes),
        },
        status=400 if form.is_bound else 200,
    )


def _phases(project: Project | None):
    found = ladder.phases()
    if project is not None and project.phase not in found:
        found.append(project.phase)
    return found


def _form(request: HttpRequest, project: Project | None) -> ProjectForm:
    orgs = permissions.writing_organisations(request.user)
    codes = {code for org in orgs for code in permissions.codes_for(org)}
    if project is not None:
        codes.add(project.municipality_code)
    return ProjectForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        project=project,
        phases=_phases(project),
        names=project_list.municipality_names(codes),
        today=timezone.localdate(),
    )


def _save(request: HttpRequest, form: ProjectForm, project: Project | None) -> Project | None:
    data = form.cleaned_data
    try:
        return services.save_project(
            user=request.user,
            figures=form.figures(),
            phase=data["phase"],
            project=project,
            owner=data.get("owner"),
            reason=data["reason"].strip(),
            **form.fields_for_service(),
        )
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    return None


@login_redirect
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    require_login(request)
    if not permissions.may_add(request.user):
        raise PermissionDenied(
            _(
                "Plannen voeren alleen bewerkers en beheerders van een gemeente of een "
                "woningcorporatie in, voor hun eigen gemeente of werkgebied. Uw account hoort "
                "niet bij zo'n organisatie, of heeft daar alleen leesrechten."
            )
        )
    if not ladder.phases():
        raise PermissionDenied(_("Er is nog geen fasering geladen; een beheerder laadt die."))
    form = _form(request, None)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, None)
        if saved is not None:
            messages.success(
                request,
                _("Het plan %(name)s is opgeslagen (versie 1).") % {"name": saved.name},
            )
            return redirect(reverse("programming:project", args=[saved.pk]))
    return _render(request, form, None)


@login_redirect
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_login(request)
    project = require_visible(request, pk)
    form = _form(request, project)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, project)
        if saved is not None:
            number = saved.versions.order_by("-number").values_list("number", flat=True).first()
            messages.success(
                request,
                _("De wijzigingen in %(name)s zijn opgeslagen (versie %(number)s).")
                % {"name": saved.name, "number": number},
            )
            return redirect(reverse("programming:project", args=[saved.pk]))
    return _render(request, form, project)
