"""A municipality's or association's own plan list (CSV or Excel from the template) into
projects, all or nothing, with a report. ``combine`` is pure; the rest reads and writes the
database (through ``services.save_project``, in one recorded import run).

The rows are read and checked by ``parsing.plan_list`` (the columns, the sums, the phase
against the ladder in force, the municipality against those the uploader keeps plans in).

**Several rows, one project.** ``parsing.plan_list`` allows one project per delivery year: the
same name and municipality on more rows, each with another ``oplevering_jaar`` (the same year
twice is an error there). Such rows are *one* project (their names compared as
``parsing.duplicates.normalise`` does): the counts are added up (netto, and bruto, sloop, each
segment and each dwelling type only when every row gives it: one empty cell makes the sum
unknown, never a partial figure), the delivery per year is each row's netto in its year (a row
without a year adds homes of unknown year), and the rows must agree on phase and developer
(a project is on one rung; parts on different rungs are separate projects: give them their own
names, "Centrum fase 2"). So the source id is stable across years:
``<owner id>:<municipality code>:<normalised name>`` (long names end in a hash). The owner is
part of it: the municipality's list and an association's list may both name a plan, which
gives two projects that the duplicate review shows.

**Reruns.** A project whose figures, phase, name and developer are as the list says is left
alone (no version: "ongewijzigd"); one that differs gets a new version through
``save_project`` ("gewijzigd"). The list only changes what it carries: location, publicity,
developer kind and note set on the site stay. A project of earlier lists that is not in this
one is not removed: the report names it ("niet in deze lijst"), so the uploader can move it
to "vervallen". New projects are "alleen voor partijen" until the municipality publishes them.
After storing, possible duplicates in the municipalities touched (all sources) are listed
(``duplicates_review``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from woonmonitor.areas.models import Area, Level
from woonmonitor.imports.models import ImportRun
from woonmonitor.imports.services import recording_import
from woonmonitor.imports.tables.template import RowError, UploadError, blank

from . import ladder
from .duplicates_review import Pair, pairs_involving
from .figures import ProjectFigures, problems
from .models import DeveloperKind, Project, ProjectSource, Publicity
from .parsing.duplicates import normalise
from .parsing.plan_list import PlanChecks, PlanRow, check_rows, read_plan_list
from .parsing.segments import DwellingType, Segment
from .permissions import codes_for
from .services import figures_of, save_project

COMMAND = "import_plan_list"
SOURCE_KEY = "planlijst"
MAX_SOURCE_ID = 100


@dataclass(frozen=True)
class PlannedProject:
    """One project as the list gives it, from one or more rows."""

    rows: tuple[int, ...]
    name: str
    municipality_code: str
    developer: str
    phase: str
    figures: ProjectFigures

    @property
    def where(self) -> str:
        return _("rij %(rows)s") % {"rows": ", ".join(map(str, self.rows))}


def source_id(owner_id: int, code: str, name: str) -> str:
    text = f"{owner_id}:{code}:{normalise(name)}"
    if len(text) <= MAX_SOURCE_ID:
        return text
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return f"{text[: MAX_SOURCE_ID - 13]}~{digest}"


def _sum(values: Sequence[int | None]) -> int | None:
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def combine(rows: Sequence[PlanRow]) -> tuple[list[PlannedProject], list[RowError]]:
    """Rows of the same project (normalised name and municipality) into one; the rules are in
    the module docstring. Pure."""
    groups: dict[tuple[str, str], list[PlanRow]] = {}
    for row in rows:
        groups.setdefault((normalise(row.name), row.municipality_code), []).append(row)
    projects, errors = [], []
    for members in groups.values():
        first = members[0]
        bad = False
        for row in members[1:]:
            for column, mine, theirs in (
                ("fase", row.phase, first.phase),
                ("ontwikkelaar", row.developer, first.developer),
            ):
                if mine.lower() != theirs.lower():
                    bad = True
                    errors.append(
                        RowError(
                            row.row,
                            column,
                            _(
                                "project '%(name)s' staat op rij %(first)s met %(column)s "
                                "'%(theirs)s', hier '%(mine)s'; één project heeft één "
                                "%(column)s: geef delen met een andere %(column)s een eigen "
                                "naam"
                            )
                            % {
                                "name": first.name,
                                "first": first.row,
                                "column": column,
                                "theirs": theirs or "-",
                                "mine": mine or "-",
                            },
                        )
                    )
        if bad:
            continue
        deliveries: dict[int, int] = {}
        for row in members:
            if row.delivery_year is not None:
                deliveries[row.delivery_year] = deliveries.get(row.delivery_year, 0) + row.net
        figures = ProjectFigures(
            units_net=sum(row.net for row in members),
            units_gross=_sum([row.gross for row in members]),
            demolition=_sum([row.demolition for row in members]),
            segments={
                segment.value: _sum([row.segment(segment.value) for row in members])
                for segment in Segment
            },
            dwelling_types={
                kind.value: _sum([row.types.get(kind.value) for row in members])
                for kind in DwellingType
            },
            deliveries=deliveries,
        )
        projects.append(
            PlannedProject(
                rows=tuple(row.row for row in members),
                name=first.name,
                municipality_code=first.municipality_code,
                developer=first.developer,
                phase=first.phase,
                figures=figures,
            )
        )
    return projects, errors


# ----------------------------------------------------------------------------- the report


@dataclass
class PlanListReport:
    file_name: str
    errors: list[RowError] = field(default_factory=list)
    run: ImportRun | None = None
    created: list[Project] = field(default_factory=list)
    changed: list[Project] = field(default_factory=list)
    unchanged: list[Project] = field(default_factory=list)
    missing: list[Project] = field(default_factory=list)
    duplicates: list[Pair] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.run is not None


class _Abort(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(map(str, errors)))
        self.errors = errors


def known_municipalities() -> set[str]:
    return set(
        Area.objects.filter(level=Level.MUNICIPALITY).values_list("code", flat=True).distinct()
    )


def plan_checks(organisation) -> PlanChecks:
    rungs = ladder.phases()
    names = [phase.name for phase in rungs] + [phase.key for phase in rungs]
    today = timezone.localdate()
    return PlanChecks(
        municipalities=known_municipalities(),
        writable=codes_for(organisation),
        phases=names,
        first_year=today.year - 10,
        last_year=today.year + 40,
    )


def _differs(project: Project, planned: PlannedProject, phase) -> bool:
    return (
        figures_of(project).as_data() != planned.figures.as_data()
        or project.phase_id != phase.pk
        or project.name != planned.name
        or project.developer_name != planned.developer
    )


def import_plan_list(
    *, user, organisation, name: str, data: bytes, check_permission: bool = True
) -> PlanListReport:
    """Check the file and, when every row is right, store all of it for ``organisation``
    (the owner of the projects). ``check_permission=False`` is for the command (no user)."""
    report = PlanListReport(file_name=name)
    if not ladder.phases():
        report.errors.append(RowError(0, "", _("Er is nog geen fasering geladen.")))
        return report
    try:
        table = read_plan_list(name, data)
    except UploadError as exc:
        report.errors.append(RowError(0, "", str(exc)))
        return report
    checked = check_rows(table, plan_checks(organisation))
    errors = list(checked.errors) + [
        RowError(number, "fase", _("fase ontbreekt"))
        for number, cells in table.rows
        if blank(cells.get("fase"))
    ]
    planned: list[PlannedProject] = []
    if not errors:
        planned, errors = combine(checked.rows)
        for project in planned:
            for message in problems(project.figures):
                errors.append(RowError(project.rows[0], "", message))
    if not errors and not planned:
        errors.append(RowError(0, "", _("Het bestand bevat geen plannen.")))
    if errors:
        report.errors = sorted(errors, key=lambda e: (e.row, e.column))
        return report
    try:
        _store(
            report,
            planned,
            user=user,
            organisation=organisation,
            data=data,
            check_permission=check_permission,
            rows=len(checked.rows),
        )
    except _Abort as exc:
        report.errors, report.run = exc.errors, None
    except IntegrityError:
        report.errors = [
            RowError(0, "", _("Tegelijk werd dezelfde lijst opgeslagen; probeer het opnieuw."))
        ]
        report.run = None
    if report.run is not None:
        return run_report(report.run)
    return report


def _store(report, planned, *, user, organisation, data, check_permission, rows) -> None:
    today = timezone.localdate()
    codes = sorted({project.municipality_code for project in planned})
    with recording_import(
        command=COMMAND,
        source_key=SOURCE_KEY,
        source=_("Planlijst van %(organisation)s (%(codes)s)")
        % {"organisation": organisation.name, "codes": ", ".join(codes)},
        user=user if user is not None and user.is_authenticated else None,
    ) as recorder:
        run = recorder.run
        run.file_name = report.file_name[:500]
        run.file_sha256 = hashlib.sha256(data).hexdigest()
        recorder.read(rows)
        seen: set[int] = set()
        for project in planned:
            phase = ladder.phase_by_name(project.phase)
            sid = source_id(organisation.pk, project.municipality_code, project.name)
            existing = Project.objects.filter(source=ProjectSource.PLAN_LIST, source_id=sid).first()
            try:
                if existing is not None and not _differs(existing, project, phase):
                    stored, outcome = existing, "unchanged"
                else:
                    fields = {
                        "name": project.name,
                        "municipality_code": project.municipality_code,
                        "developer_name": project.developer,
                    }
                    if existing is None:
                        fields.update(
                            developer_kind=DeveloperKind.UNKNOWN,
                            publicity=Publicity.PARTIES,
                            source=ProjectSource.PLAN_LIST,
                            source_id=sid,
                            reference_date=today,
                        )
                    else:
                        fields["reference_date"] = today
                    stored = save_project(
                        user=user,
                        figures=project.figures,
                        phase=phase,
                        project=existing,
                        owner=organisation,
                        reason=_("planlijst %(file)s, %(where)s")
                        % {"file": report.file_name, "where": project.where},
                        import_run=run,
                        check_permission=check_permission,
                        **fields,
                    )
                    outcome = "created" if existing is None else "changed"
            except (ValidationError, PermissionDenied) as exc:
                messages = getattr(exc, "messages", None) or [str(exc)]
                raise _Abort([RowError(project.rows[0], "", m) for m in messages]) from exc
            seen.add(stored.pk)
            recorder.accept(len(project.rows))
            if outcome == "unchanged":
                recorder.warnings.append(
                    {"row": project.where, "message": _("ongewijzigd"), "project": stored.pk}
                )
        report.missing = list(
            Project.objects.filter(
                source=ProjectSource.PLAN_LIST,
                owner=organisation,
                municipality_code__in=codes,
            )
            .exclude(pk__in=seen)
            .order_by("name")
        )
        for project in report.missing:
            recorder.warnings.append(
                {
                    "row": project.name,
                    "message": _("staat niet in deze lijst; niets veranderd"),
                    "missing": project.pk,
                }
            )
    report.run = run


def run_report(run: ImportRun) -> PlanListReport:
    """What a stored run did, from the run itself: new and changed projects by the versions
    it recorded, unchanged and missing ones by its remarks; duplicates as they are now."""
    from .models import ProjectVersion

    report = PlanListReport(file_name=run.file_name, run=run)
    versions = ProjectVersion.objects.filter(import_run=run).select_related("project")
    for version in versions.order_by("project__name"):
        (report.created if version.number == 1 else report.changed).append(version.project)
    remarks = run.warnings or []
    unchanged = [w["project"] for w in remarks if isinstance(w, dict) and "project" in w]
    missing = [w["missing"] for w in remarks if isinstance(w, dict) and "missing" in w]
    report.unchanged = list(Project.objects.filter(pk__in=unchanged).order_by("name"))
    report.missing = list(Project.objects.filter(pk__in=missing).order_by("name"))
    touched = [p.pk for p in report.created + report.changed + report.unchanged]
    report.duplicates = pairs_involving(touched)
    return report
