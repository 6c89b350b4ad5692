"""Writes of the programming app, each in one transaction. Touches the database.

* ``save_project``: create or change a project; its figures must add up (``figures.problems``),
  the wijk and buurt are derived from its location, and a ``ProjectVersion`` keeps the state
  after every change (nothing is overwritten without a trace).
* ``move_phase``: the same, for the phase alone.
* ``take_peilmoment``: copy every project as it is into a quarterly snapshot.
* ``record_support``: the impulsteam's support for a project (province editors).
* ``explain_deviation``: a party's explanation for a check that is not met.

Who may write is decided in ``programming.permissions``; these functions check it again so
that no caller (page, API, command) can skip it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .figures import ProjectFigures, problems
from .location import locate
from .models import (
    CheckExplanation,
    ImpulsteamSupport,
    Peilmoment,
    PeilmomentProject,
    Phase,
    Project,
    ProjectVersion,
    Publicity,
)

#: The fields of a project besides its figures that a version records.
DESCRIPTIVE = (
    "name",
    "municipality_code",
    "developer_kind",
    "developer_name",
    "geometry",
    "wijk_code",
    "buurt_code",
    "publicity",
    "source",
    "source_id",
    "note",
    "is_demo",
)


def project_data(project: Project) -> dict[str, Any]:
    """Everything a version or a peilmoment copy keeps of a project, as JSON."""
    data: dict[str, Any] = {name: getattr(project, name) for name in DESCRIPTIVE}
    data.update(figures_of(project).as_data())
    data["phase"] = project.phase.key
    data["phase_name"] = project.phase.name
    data["ladder"] = project.phase.ladder.version
    data["certainty"] = project.phase.certainty
    data["owner"] = project.owner.name if project.owner_id else ""
    data["reference_date"] = project.reference_date.isoformat()
    data["duplicate_of"] = project.duplicate_of_id
    return data


def figures_of(project: Project) -> ProjectFigures:
    return ProjectFigures(
        units_net=project.units_net,
        units_gross=project.units_gross,
        demolition=project.demolition,
        segments=project.segments or {},
        dwelling_types=project.dwelling_types or {},
        deliveries={int(year): units for year, units in (project.deliveries or {}).items()},
    )


def _apply_figures(project: Project, figures: ProjectFigures) -> None:
    data = figures.as_data()
    project.units_net = figures.units_net
    project.units_gross = figures.units_gross
    project.demolition = figures.demolition
    project.segments = data["segments"]
    project.dwelling_types = data["dwelling_types"]
    project.deliveries = data["deliveries"]


def _record_version(project: Project, *, user=None, import_run=None, reason: str = "") -> None:
    last = project.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ProjectVersion.objects.create(
        project=project,
        number=last + 1,
        data=project_data(project),
        author=user if user is not None and user.is_authenticated else None,
        import_run=import_run,
        reason=reason[:300],
    )


@transaction.atomic
def save_project(
    *,
    user,
    figures: ProjectFigures,
    phase: Phase,
    project: Project | None = None,
    owner=None,
    reason: str = "",
    import_run=None,
    check_permission: bool = True,
    **fields: Any,
) -> Project:
    """Create (``project=None``) or change a project. ``fields`` are the descriptive fields
    (``DESCRIPTIVE``; ``reference_date`` too). Raises ``ValidationError`` with every problem
    of the figures, ``PermissionDenied`` when ``user`` may not write this project.

    ``check_permission=False`` is for import commands run by an operator (no user)."""
    found = problems(figures)
    if found:
        raise ValidationError(found)
    unknown = set(fields) - set(DESCRIPTIVE) - {"reference_date"}
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    creating = project is None
    if creating:
        project = Project(owner=owner)
    elif project.pk:
        project = Project.objects.select_for_update().get(pk=project.pk)
    publicity_before = None if creating else project.publicity
    for name, value in fields.items():
        setattr(project, name, value)
    if check_permission:
        allowed = (
            permissions.may_create_for(user, owner, project.municipality_code)
            if creating
            else permissions.may_edit(user, project)
        )
        if not allowed:
            raise PermissionDenied(_("U mag dit plan niet bijhouden."))
        publicity_changes = (
            project.publicity != Publicity.PARTIES
            if creating
            else project.publicity != publicity_before
        )
        if publicity_changes and not permissions.may_set_publicity(user, project):
            raise PermissionDenied(_("Alleen de gemeente bepaalt hoe openbaar een plan is."))
    _apply_figures(project, figures)
    project.phase = phase
    if not project.reference_date:
        project.reference_date = timezone.localdate()
    if "geometry" in fields or creating:
        place = locate(project.municipality_code, project.geometry)
        project.wijk_code, project.buurt_code = place.wijk_code, place.buurt_code
    project.full_clean(exclude=["owner", "phase"])
    project.save()
    _record_version(
        project,
        user=user,
        import_run=import_run,
        reason=reason or (_("aangemaakt") if creating else _("gewijzigd")),
    )
    return project


@transaction.atomic
def move_phase(*, user, project: Project, phase: Phase, reason: str = "") -> Project:
    """Put ``project`` on another rung (of the same or a newer ladder)."""
    if not permissions.may_edit(user, project):
        raise PermissionDenied(_("U mag dit plan niet bijhouden."))
    if phase.pk == project.phase_id:
        return project
    previous = project.phase.name
    project = Project.objects.select_for_update().get(pk=project.pk)
    project.phase = phase
    project.save(update_fields=["phase", "updated_at"])
    _record_version(
        project,
        user=user,
        reason=reason or _("fase %(old)s naar %(new)s") % {"old": previous, "new": phase.name},
    )
    return project


def quarter_end(day: datetime.date) -> datetime.date:
    """The last day of the quarter ``day`` is in (a peilmoment is the end of a quarter)."""
    month = ((day.month - 1) // 3 + 1) * 3
    following = datetime.date(day.year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


@transaction.atomic
def take_peilmoment(*, user=None, on: datetime.date | None = None) -> tuple[Peilmoment, int]:
    """Copy every project into the snapshot of the quarter of ``on`` (default today).
    Taking the same quarter again replaces its copies (the quarter is not over yet).
    Returns the peilmoment and the number of projects copied."""
    if user is not None and not permissions.may_take_peilmoment(user):
        raise PermissionDenied(_("Alleen de provincie legt een peilmoment vast."))
    date = quarter_end(on or timezone.localdate())
    peilmoment, _created = Peilmoment.objects.get_or_create(
        date=date, defaults={"taken_by": user if user and user.is_authenticated else None}
    )
    peilmoment.projects.all().delete()
    projects = Project.objects.select_related("phase__ladder", "owner")
    copies = [
        PeilmomentProject(peilmoment=peilmoment, project=project, data=project_data(project))
        for project in projects
    ]
    PeilmomentProject.objects.bulk_create(copies, batch_size=500)
    return peilmoment, len(copies)


@transaction.atomic
def record_support(
    *,
    user,
    project: Project,
    requested_by: str,
    subject: str,
    since: datetime.date,
    outcome: str,
    outcome_note: str = "",
    is_demo: bool = False,
) -> ImpulsteamSupport:
    if user is not None and not permissions.may_record_support(user):
        raise PermissionDenied(_("Alleen de provincie legt de inzet van het impulsteam vast."))
    support = ImpulsteamSupport(
        project=project,
        requested_by=requested_by,
        subject=subject,
        since=since,
        outcome=outcome,
        outcome_note=outcome_note,
        is_demo=is_demo,
        author=user if user is not None and user.is_authenticated else None,
    )
    support.full_clean()
    support.save()
    return support


@transaction.atomic
def explain_deviation(*, user, organisation, area: str, check_key: str, text: str):
    """Record why ``area`` deviates from a check; the latest explanation counts."""
    if not permissions.may_explain(user, organisation, area):
        raise PermissionDenied(_("U mag voor dit gebied geen toelichting geven."))
    text = text.strip()
    if not text:
        raise ValidationError(_("Schrijf een toelichting."))
    return CheckExplanation.objects.create(
        area=area, check_key=check_key, text=text, organisation=organisation, author=user
    )
