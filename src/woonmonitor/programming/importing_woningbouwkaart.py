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
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import ladder
from .figures import ProjectFigures, problems
from .importing_names import known_vintages, name_index
from .models import DeveloperKind, Phase, Project, ProjectSource, Publicity
from .parsing.duplicates import normalise
from .parsing.segments import Certainty, Segment
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


def _differs(project: Project, planned: Planned, phase: Phase) -> bool:
    record = planned.record
    return (
        figures_of(project).as_data() != planned.figures.as_data()
        or project.phase_id != phase.pk
        or project.name != record.name
        or project.municipality_code != planned.municipality_code
        or project.reference_date != record.peilmoment
    )


def store_projects(
    planned: list[Planned], *, run, say: Callable[[str], None] | None = None
) -> dict[str, list[Project]]:
    """Create or change the projects (inside the caller's recorded run); returns them by
    outcome: ``created``, ``changed``, ``unchanged``."""
    outcome: dict[str, list[Project]] = {"created": [], "changed": [], "unchanged": []}
    phases = {phase.key: phase for phase in ladder.phases()}
    for number, item in enumerate(planned, start=1):
        record = item.record
        phase = phases[item.phase_key]
        existing = Project.objects.filter(
            source=ProjectSource.WONINGBOUWKAART, source_id=record.project_id
        ).first()
        if existing is not None and not _differs(existing, item, phase):
            outcome["unchanged"].append(existing)
            continue
        fields = {
            "name": record.name,
            "municipality_code": item.municipality_code,
            "reference_date": record.peilmoment,
        }
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
            reason=_("woningbouwkaart, peilmoment %(date)s, Planstatus '%(status)s'")
            % {"date": record.peilmoment_text, "status": record.plan_status},
            **fields,
        )
        outcome["created" if existing is None else "changed"].append(project)
        if say is not None and number % 500 == 0:
            say(f"  ... {number} projecten verwerkt")
    return outcome
