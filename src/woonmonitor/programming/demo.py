"""The demonstration projects of ``make run`` (``data/demo_projects.toml``). Writes the database.

Every project made here is ``is_demo`` (source "demo"): pages and downloads mark it, and
``Project.objects.real()`` leaves it out of every total and check. The loader first removes the
earlier demo projects (their versions and peilmoment copies go with them), then creates each
project as it was at the first peilmoment, copies it into that peilmoment, applies the later
changes (each a new version) and copies it into the second. Real projects and their copies are
never touched. Safe to run again.
"""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from woonmonitor.accounts.models import Organisation

from .figures import ProjectFigures
from .ladder import phase_by_name
from .models import ImpulsteamSupport, Peilmoment, PeilmomentProject, Project, ProjectSource
from .services import figures_of, project_data, save_project

DATA = Path(__file__).resolve().parent / "data" / "demo_projects.toml"


def _figures(item: dict[str, Any], base: ProjectFigures | None = None) -> ProjectFigures:
    def pick(key: str, default):
        return item.get(key, default)

    return ProjectFigures(
        units_net=pick("net", base.units_net if base else 0),
        units_gross=pick("gross", base.units_gross if base else None),
        demolition=pick("demolition", base.demolition if base else None),
        segments=pick("segments", dict(base.segments) if base else {}),
        dwelling_types=pick("types", dict(base.dwelling_types) if base else {}),
        deliveries={
            int(year): units
            for year, units in pick(
                "deliveries", {str(y): u for y, u in base.deliveries.items()} if base else {}
            ).items()
        },
    )


def _geometry(item: dict[str, Any]) -> dict[str, Any] | None:
    if "polygon" in item:
        return {"type": "Polygon", "coordinates": [item["polygon"]]}
    if "point" in item:
        return {"type": "Point", "coordinates": item["point"]}
    return None


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def _copy(peilmoment: Peilmoment, projects: list[Project]) -> None:
    PeilmomentProject.objects.bulk_create(
        [
            PeilmomentProject(peilmoment=peilmoment, project=p, data=project_data(p))
            for p in projects
        ]
    )


@transaction.atomic
def load_demo_projects(path: Path = DATA) -> str:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    removed, _detail = Project.objects.filter(is_demo=True).delete()
    first_date, second_date = data["first_peilmoment"], data["second_peilmoment"]
    first, _c = Peilmoment.objects.get_or_create(date=first_date)
    second, _c = Peilmoment.objects.get_or_create(date=second_date)
    organisations = {org.slug: org for org in Organisation.objects.all()}
    projects: dict[str, Project] = {}
    for item in data["project"]:
        owner = organisations.get(item["owner"])
        project = save_project(
            user=None,
            check_permission=False,
            figures=_figures(item),
            phase=phase_by_name(item["phase"]),
            owner=owner,
            reason="demonstratieproject aangemaakt",
            name=item["name"],
            municipality_code=item["municipality"],
            developer_kind=item["developer_kind"],
            developer_name=item.get("developer", ""),
            geometry=_geometry(item),
            publicity=item["publicity"],
            source=ProjectSource.DEMO,
            source_id=f"demo:{item['key']}",
            note="Demonstratieproject: verzonnen voor de demo, telt nergens mee.",
            is_demo=True,
            reference_date=first_date,
        )
        project.versions.update(recorded_at=_at(first_date - datetime.timedelta(days=14)))
        projects[item["key"]] = project
    _copy(first, list(projects.values()))
    changed = 0
    for item in data["project"]:
        later = item.get("later")
        if not later:
            continue
        project = projects[item["key"]]
        phase = phase_by_name(later["phase"]) if "phase" in later else project.phase
        project = save_project(
            user=None,
            check_permission=False,
            project=project,
            figures=_figures(later, figures_of(project)),
            phase=phase,
            reason="demonstratie: gewijzigd voor het tweede peilmoment",
            reference_date=second_date,
        )
        project.versions.filter(number__gt=1).update(
            recorded_at=_at(second_date - datetime.timedelta(days=10))
        )
        projects[item["key"]] = project
        changed += 1
    _copy(second, list(Project.objects.filter(pk__in=[p.pk for p in projects.values()])))
    support = 0
    for item in data.get("support", []):
        ImpulsteamSupport.objects.create(
            project=projects[item["project"]],
            requested_by=item["requested_by"],
            subject=item["subject"],
            since=item["since"],
            outcome=item["outcome"],
            outcome_note=item.get("outcome_note", ""),
            is_demo=True,
        )
        support += 1
    return (
        f"{len(projects)} demonstratieprojecten ({removed} oude records verwijderd), "
        f"{changed} gewijzigd tussen {first_date} en {second_date}, {support} keer inzet impulsteam"
    )
