"""The national woningbouwkaart's projects (``project2.json[.gz]``) into projects, all or
nothing. ``planned_project`` and ``phase_key_for`` are pure; ``check_file`` and
``store_projects`` read and write the database (names, the ladder, ``services.save_project``).

The file is read by ``parsing.woningbouwkaart`` (limits, absent prices as unknown). Per record:

* **source**: ``woningbouwkaart``, ``source_id`` the record's ``project_id`` (the same id twice
  in one file is an error), ``reference_date`` its ``peilmoment``;
* **phase**: the ladder is data, the file's ``Planstatus`` free text. A status that names a
  rung (its key or name: "Vastgesteld", "Onherroepelijk", "In aanbouw", "Opgeleverd") is that
  rung. Otherwise ``certainty_of_status`` reads hard or zacht from it ("Hard", "Harde
  plancapaciteit", "Zacht", "In voorbereiding") and the project goes on the *lowest* rung of
  that certainty: hard -> "vastgesteld", zacht -> "initiatief" (the least that the status
  says; the municipality can move it up). A status that says neither is an error, never a
  guess;
* **segments**: each price class is hard + zacht; when either half is absent the class is
  unknown (``None``), never 0; "segment onbekend" is not in the file and stays unknown. When
  the known classes exceed the net capacity the split cannot be stored beside it: the
  segments are then all unknown and the run warns (the net figure is kept as published);
* **municipality**: ``gemeente_naam`` through the names the platform knows
  (``importing_names``, nearest vintage to the peilmoment first); a name
  that does not resolve is an error, never guessed;
* new projects are public as projects (the woningbouwkaart is published) with no owner;
  the developer kind is unknown. A rerun with the same figures and peilmoment changes nothing;
  a changed record adds a version.

A record without ``Netto Plancapaciteit`` is an error (a project needs a net figure). With any
error nothing is stored and every problem is reported; possible duplicates (within the file
and with projects of other sources in the same municipalities) are listed, never merged.

**Shapes** (``project_shape_topo.json[.gz]``, read by ``parsing.topojson``) are joined on
``project_id`` (``join_shapes``, pure): a project with a valid shape gets it as its geometry
through ``save_project`` (wijk and buurt derived, a version records it). A project without a
shape, or with a shape that is no valid polygon, keeps its municipality, its units and any
geometry it had; a shape without a project of the run is counted. ``store_shapes`` gives the
projects of an earlier import (same ``source_id``) their shapes without a project file.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from . import ladder
from .figures import ProjectFigures, problems
from .importing_names import known_vintages, name_index
from .models import DeveloperKind, Phase, Project, ProjectSource, Publicity
from .parsing.duplicates import normalise
from .parsing.segments import Certainty, Segment
from .parsing.topojson import ParsedShapes
from .parsing.woningbouwkaart import ParsedFile, ParsedProject
from .services import figures_of, save_project

COMMAND = "import_woningbouwkaart"
SOURCE_KEY = "woningbouwkaart"
#: the rung a project goes on when its status only says hard or zacht
LOWEST_RUNG = {Certainty.HARD: "vastgesteld", Certainty.SOFT: "initiatief"}


@dataclass(frozen=True)
class Planned:
    record: ParsedProject
    municipality_code: str
    phase_key: str
    figures: ProjectFigures
    warnings: tuple[str, ...] = ()


def phase_key_for(status: str, certainty: str | None, rungs: Collection[Phase]) -> str | None:
    """The key of the rung ``status`` names, else the lowest rung of its certainty, else
    ``None``. Pure (``rungs`` are the ladder's phases)."""
    wanted = " ".join(status.split()).lower()
    for rung in rungs:
        if wanted and wanted in (rung.key.lower(), rung.name.lower()):
            return rung.key
    if certainty in LOWEST_RUNG:
        return LOWEST_RUNG[certainty]
    return None


def planned_project(
    record: ParsedProject, code: str, phase_key: str
) -> tuple[Planned | None, list[str]]:
    """The project's figures (rules in the module docstring), or the errors. Pure."""
    if record.net is None:
        return None, [_("Netto Plancapaciteit ontbreekt: een project heeft een netto aantal.")]
    segments: dict[str, int | None] = {segment.value: None for segment in Segment}
    for segment in Segment:
        if segment != Segment.UNKNOWN:
            segments[segment.value] = record.segment_total(segment.value)
    figures = ProjectFigures(units_net=record.net, units_gross=record.gross, segments=segments)
    warnings: list[str] = []
    if problems(figures):
        warnings.append(
            _(
                "De prijsklassen passen niet bij Netto Plancapaciteit (%(net)s); de segmenten "
                "zijn als onbekend opgeslagen."
            )
            % {"net": record.net}
        )
        figures = ProjectFigures(units_net=record.net, units_gross=record.gross)
    found = problems(figures)
    if found:
        return None, found
    return Planned(record, code, phase_key, figures, tuple(warnings)), []


@dataclass
class Checked:
    planned: list[Planned] = field(default_factory=list)
    #: (where, message)
    errors: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def check_file(parsed: ParsedFile, *, province: str = "") -> Checked:
    """Every record of ``parsed`` to a ``Planned`` project or an error (reads names and the
    ladder). ``province``: only records of that province; the others are skipped."""
    result = Checked()
    for error in parsed.errors:
        result.errors.append((error.row, str(error)))
    rungs = ladder.phases()
    if not rungs:
        result.errors.append(("", _("Er is nog geen fasering geladen.")))
        return result
    vintages = known_vintages()
    indexes: dict[int, object] = {}
    seen: dict[str, int] = {}
    for record in parsed.projects:
        where = _("record %(position)s (project %(id)s)") % {
            "position": record.position,
            "id": record.project_id,
        }
        if province and normalise(record.province_name) != normalise(province):
            result.skipped.append(
                (where, _("provincie %(name)s") % {"name": record.province_name or "-"})
            )
            continue
        if record.project_id in seen:
            result.errors.append(
                (
                    where,
                    _("project_id %(id)s staat al in record %(first)s")
                    % {"id": record.project_id, "first": seen[record.project_id]},
                )
            )
            continue
        seen[record.project_id] = record.position
        year = record.peilmoment.year
        if year not in indexes:
            indexes[year] = name_index(year, vintages)
        code, remark = indexes[year].resolve(record.municipality_name)  # type: ignore[attr-defined]
        key = phase_key_for(record.plan_status, record.certainty, rungs)
        errors = []
        if code is None:
            errors.append(remark)
        if key is None:
            errors.append(
                _(
                    "Planstatus '%(status)s' is geen fase van de fasering en zegt niet of het "
                    "plan hard of zacht is."
                )
                % {"status": record.plan_status}
            )
        if errors:
            result.errors += [(where, message) for message in errors]
            continue
        planned, found = planned_project(record, code, key)  # type: ignore[arg-type]
        if planned is None:
            result.errors += [(where, message) for message in found]
            continue
        if remark:
            planned = Planned(
                planned.record, code, key, planned.figures, (*planned.warnings, remark)
            )
        result.planned.append(planned)
    return result


def _differs(project: Project, planned: Planned, phase: Phase, geometry: dict | None) -> bool:
    record = planned.record
    return (
        (geometry is not None and project.geometry != geometry)
        or figures_of(project).as_data() != planned.figures.as_data()
        or project.phase_id != phase.pk
        or project.name != record.name
        or project.municipality_code != planned.municipality_code
        or project.reference_date != record.peilmoment
    )


def store_projects(
    planned: list[Planned],
    *,
    run,
    say: Callable[[str], None] | None = None,
    geometries: Mapping[str, dict[str, Any]] | None = None,
) -> dict[str, list[Project]]:
    """Create or change the projects (inside the caller's recorded run); returns them by
    outcome: ``created``, ``changed``, ``unchanged``. ``geometries``: project id -> checked
    geometry (``JoinedShapes.geometries``); a project not in it keeps the geometry it has."""
    outcome: dict[str, list[Project]] = {"created": [], "changed": [], "unchanged": []}
    phases = {phase.key: phase for phase in ladder.phases()}
    for number, item in enumerate(planned, start=1):
        record = item.record
        phase = phases[item.phase_key]
        existing = Project.objects.filter(
            source=ProjectSource.WONINGBOUWKAART, source_id=record.project_id
        ).first()
        geometry = (geometries or {}).get(record.project_id)
        if existing is not None and not _differs(existing, item, phase, geometry):
            outcome["unchanged"].append(existing)
            continue
        fields = {
            "name": record.name,
            "municipality_code": item.municipality_code,
            "reference_date": record.peilmoment,
        }
        if geometry is not None:
            fields["geometry"] = geometry
        if existing is None:
            fields.update(
                developer_kind=DeveloperKind.UNKNOWN,
                publicity=Publicity.PROJECT,
                source=ProjectSource.WONINGBOUWKAART,
                source_id=record.project_id,
            )
        project = save_project(
            user=None,
            check_permission=False,
            figures=item.figures,
            phase=phase,
            project=existing,
            import_run=run,
            reason=(
                _("woningbouwkaart, peilmoment %(date)s, Planstatus '%(status)s'")
                % {"date": record.peilmoment_text, "status": record.plan_status}
                + (_(", met vlak") if geometry is not None else "")
            ),
            **fields,
        )
        outcome["created" if existing is None else "changed"].append(project)
        if say is not None and number % 500 == 0:
            say(f"  ... {number} projecten verwerkt")
    return outcome


# ------------------------------------------------------------------------------- shapes


@dataclass
class JoinedShapes:
    #: project id -> checked geometry, for projects of the run
    geometries: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: project id -> why its shape is not stored, for projects of the run
    invalid: dict[str, str] = field(default_factory=dict)
    #: projects of the run without a shape in the file
    without_shape: list[str] = field(default_factory=list)
    #: shapes whose project_id is not in the project file
    without_project: list[str] = field(default_factory=list)
    #: shapes of records of the project file that this run does not store (another province)
    other_records: int = 0


def join_shapes(
    project_ids: Collection[str], file_ids: Collection[str], shapes: ParsedShapes
) -> JoinedShapes:
    """Join ``shapes`` to the projects of the run (``project_ids``) among the records of the
    project file (``file_ids``). Pure."""
    run, in_file = set(project_ids), set(file_ids)
    invalid = shapes.invalid
    joined = JoinedShapes()
    for project_id in sorted(set(shapes.shapes) | set(invalid)):
        if project_id in run:
            if project_id in invalid:
                joined.invalid[project_id] = invalid[project_id]
            else:
                joined.geometries[project_id] = shapes.shapes[project_id]
        elif project_id in in_file:
            joined.other_records += 1
        else:
            joined.without_project.append(project_id)
    joined.without_shape = [
        project_id
        for project_id in project_ids
        if project_id not in joined.geometries and project_id not in joined.invalid
    ]
    return joined


@dataclass
class StoredShapes:
    changed: list[Project] = field(default_factory=list)
    unchanged: list[Project] = field(default_factory=list)
    #: project id -> why its shape is not stored
    invalid: dict[str, str] = field(default_factory=dict)
    #: shapes without a woningbouwkaart project in the database
    without_project: list[str] = field(default_factory=list)
    #: woningbouwkaart projects in the database without a shape in the file
    without_shape: int = 0


def store_shapes(shapes: ParsedShapes, *, run) -> StoredShapes:
    """Give the woningbouwkaart's projects already imported (same ``source_id``) their shapes,
    without a project file (inside the caller's recorded run); figures, phase and peilmoment
    stay as they are."""
    outcome = StoredShapes()
    projects = {
        project.source_id: project
        for project in Project.objects.filter(source=ProjectSource.WONINGBOUWKAART).select_related(
            "phase"
        )
    }
    invalid = shapes.invalid
    for project_id in sorted(set(shapes.shapes) | set(invalid)):
        project = projects.get(project_id)
        if project is None:
            outcome.without_project.append(project_id)
        elif project_id in invalid:
            outcome.invalid[project_id] = invalid[project_id]
        elif project.geometry == shapes.shapes[project_id]:
            outcome.unchanged.append(project)
        else:
            outcome.changed.append(
                save_project(
                    user=None,
                    check_permission=False,
                    figures=figures_of(project),
                    phase=project.phase,
                    project=project,
                    import_run=run,
                    reason=_("vlak uit de woningbouwkaart"),
                    geometry=shapes.shapes[project_id],
                )
            )
    outcome.without_shape = len(set(projects) - set(shapes.shapes) - set(invalid))
    return outcome
