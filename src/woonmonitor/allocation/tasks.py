"""Writing tasks (taakstellingen) that a municipality enters on a form or uploads as a table.
Touches the database.

Who may set a task (decided through ``woonmonitor.accounts.access``): an editor or admin of a
municipality, for that municipality only (``writable_codes``). The province reads every task
but sets none for a municipality (``access``: the province writes for no other organisation);
a platform administrator acts for no party either. A task set by the region or the province
(a shared target, for example) is entered by each municipality as its own.

History is never overwritten: a changed task is a new record that ``supersedes`` the current
one; the same amount, source and note again changes nothing. A task records the definition of
its group in force on the first day of its period (``Group.definition_on``), so a later
definition leaves it as it was.

The statutory group (statushouders, Huisvestingswet 2014 art. 28-30) follows the rule: where
a task was computed by the rule, neither the form nor an upload can replace it. Where none was
computed (no national number recorded), a municipality may enter the number from the
circulaire.

An upload is all or nothing: ``upload_tasks`` checks every row (``task_rows``) and every
computed task it would replace; with any problem nothing is stored and the report lists them
per row. Otherwise all rows are stored in one recorded import run
(``imports.services.recording_import``), which the tasks point to.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from woonmonitor.accounts.access import editing_organisations
from woonmonitor.accounts.models import Organisation, OrganisationKind
from woonmonitor.areas.models import Area, Level, RegionMember
from woonmonitor.areas.names import latest_names
from woonmonitor.imports.models import ImportRun
from woonmonitor.imports.services import recording_import

from .models import Group, Task, period_label, period_start
from .task_rows import (
    Checks,
    GroupRule,
    RowError,
    TaskRow,
    UploadError,
    check_period,
    check_rows,
    read_upload,
)

COMMAND = "taken_uploaden"
#: The source of figures a party enters itself, in imports/data/sources.toml.
SOURCE_KEY = "partij-invoer"
FIRST_YEAR = 2000
YEARS_AHEAD = 10
SIMULTANEOUS = gettext_lazy(
    "Iemand anders legde op hetzelfde moment een taak vast voor dezelfde gemeente, groep en "
    "periode. Er is niets opgeslagen: bekijk de geldende taak en probeer het opnieuw."
)


class TaskError(Exception):
    """A task that cannot be set; the message says why, in Dutch."""


@dataclass
class Recorded:
    task: Task
    #: "new", "replaced" or "unchanged"
    outcome: str


@dataclass
class UploadReport:
    file_name: str
    errors: list[RowError] = field(default_factory=list)
    rows: list[TaskRow] = field(default_factory=list)
    skipped: int = 0
    run: ImportRun | None = None
    created: int = 0
    replaced: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and self.run is not None


# ----------------------------------------------------------------------------- who and what


def writable_codes(user) -> set[str]:
    """The municipality codes ``user`` may set tasks for: those of the municipalities where
    they are editor or admin."""
    organisations = editing_organisations(user, kinds=[OrganisationKind.MUNICIPALITY])
    return {code for code in organisations.values_list("area_code", flat=True) if code}


def may_enter_tasks(user) -> bool:
    return bool(writable_codes(user))


def known_municipalities() -> set[str]:
    """Every municipality code Woonmonitor knows (CBS areas, regions, organisations)."""
    codes = set(
        Area.objects.filter(level=Level.MUNICIPALITY).values_list("code", flat=True).distinct()
    )
    codes.update(RegionMember.objects.values_list("municipality_code", flat=True))
    codes.update(
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
        .exclude(area_code="")
        .values_list("area_code", flat=True)
    )
    return codes


def municipality_names(codes=None) -> dict[str, str]:
    """code -> name of the municipality in its latest vintage (the organisation's name when
    no CBS area is loaded)."""
    names: dict[str, str] = {}
    for code, name in (
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
        .exclude(area_code="")
        .values_list("area_code", "name")
    ):
        names[code] = name.removeprefix("Gemeente ")
    names.update(latest_names(codes))
    return names


def group_rules() -> dict[str, GroupRule]:
    return {
        key: GroupRule(half_yearly=half_yearly, statutory=statutory)
        for key, half_yearly, statutory in Group.objects.values_list(
            "key", "half_yearly", "statutory"
        )
    }


def year_bounds(today: datetime.date) -> tuple[int, int]:
    return FIRST_YEAR, today.year + YEARS_AHEAD


def current_task(group: Group, code: str, year: int, half: int) -> Task | None:
    return (
        Task.objects.current()
        .filter(group=group, municipality_code=code, year=year, half=half)
        .order_by("-recorded_at", "-pk")
        .first()
    )


def computed_conflict(group: Group, code: str, year: int, half: int) -> str:
    """Why a task cannot be set here (a task computed by the statutory rule), or ""."""
    if not group.statutory:
        return ""
    current = current_task(group, code, year, half)
    if current is None or current.origin != Task.Origin.COMPUTED:
        return ""
    return _(
        "de taak van %(code)s voor %(group)s in %(period)s is berekend volgens de wet "
        "(Huisvestingswet 2014, art. 28) en volgt de regel; u kunt haar niet vervangen. "
        "Een uitruil met een andere gemeente (art. 29) legt de provincie vast."
    ) % {"code": code, "group": group.name, "period": period_label(year, half)}


# ----------------------------------------------------------------------------- one task


def _record(
    *,
    user,
    group: Group,
    municipality_code: str,
    year: int,
    half: int,
    amount: int,
    source: str,
    note: str,
    origin: str,
    import_run: ImportRun | None = None,
) -> Recorded:
    """Store one checked task (inside the caller's transaction)."""
    # lock the group, so two people setting the same task one after the other never both
    # supersede the same record
    Group.objects.select_for_update().filter(pk=group.pk).first()
    conflict = computed_conflict(group, municipality_code, year, half)
    if conflict:
        raise TaskError(conflict[0].upper() + conflict[1:] + ".")
    current = current_task(group, municipality_code, year, half)
    if current is not None and (current.amount, current.source, current.note) == (
        amount,
        source,
        note,
    ):
        return Recorded(current, "unchanged")
    task = Task.objects.create(
        group=group,
        definition=group.definition_on(period_start(year, half)),
        municipality_code=municipality_code,
        year=year,
        half=half,
        amount=amount,
        origin=origin,
        source=source,
        note=note,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
        import_run=import_run,
        supersedes=current,
    )
    return Recorded(task, "replaced" if current is not None else "new")


def enter_task(
    *,
    user,
    group: Group,
    municipality_code: str,
    year: int,
    half: int,
    amount: int,
    source: str,
    note: str = "",
    today: datetime.date | None = None,
) -> Recorded:
    """Set the task of one municipality for one group and period, as entered on the form.

    Raises ``TaskError`` (in Dutch) when the user may not set it, the period does not fit the
    group, the amount is negative, the source is missing or the task was computed by the rule.
    """
    code = municipality_code.strip().upper()
    if code not in writable_codes(user):
        raise TaskError(
            _("U mag geen taak vastleggen voor %(code)s; alleen voor uw eigen gemeente.")
            % {"code": code}
        )
    first, last = year_bounds(today or datetime.date.today())
    problems = check_period(
        year, half, half_yearly=group.half_yearly, first_year=first, last_year=last
    )
    if problems:
        text = "; ".join(message for _column, message in problems)
        raise TaskError(text[0].upper() + text[1:] + ".")
    if amount < 0:
        raise TaskError(_("Een taak is 0 of meer."))
    if not source.strip():
        raise TaskError(_("Noem de bron van de taak (een besluit, een convenant)."))
    try:
        with transaction.atomic():
            return _record(
                user=user,
                group=group,
                municipality_code=code,
                year=year,
                half=half,
                amount=amount,
                source=source.strip(),
                note=note.strip(),
                origin=Task.Origin.ENTERED,
            )
    except IntegrityError as exc:
        raise TaskError(str(SIMULTANEOUS)) from exc


# ----------------------------------------------------------------------------- upload


def checks_for(user, *, today: datetime.date) -> Checks:
    first, last = year_bounds(today)
    return Checks(
        groups=group_rules(),
        municipalities=known_municipalities(),
        writable=writable_codes(user),
        first_year=first,
        last_year=last,
    )


def computed_conflicts(rows: list[TaskRow]) -> list[RowError]:
    """Rows that would replace a task computed by the statutory rule."""
    groups = {group.key: group for group in Group.objects.filter(statutory=True)}
    errors = []
    for row in rows:
        group = groups.get(row.group)
        if group is None:
            continue
        reason = computed_conflict(group, row.municipality_code, row.year, row.half)
        if reason:
            errors.append(RowError(row.row, "taak", reason))
    return errors


def upload_tasks(*, user, name: str, data: bytes, today: datetime.date) -> UploadReport:
    """Check an uploaded table of tasks and, when every row is right, store all of it."""
    report = UploadReport(file_name=name)
    try:
        table = read_upload(name, data)
    except UploadError as exc:
        report.errors.append(RowError(0, "", str(exc)))
        return report
    checked = check_rows(table, checks_for(user, today=today))
    report.skipped = checked.skipped
    errors = checked.errors + computed_conflicts(checked.rows)
    if not checked.rows and not errors:
        errors.append(RowError(0, "", _("Het bestand bevat geen regels met een taak.")))
    if errors:
        report.errors = sorted(errors, key=lambda error: (error.row, error.column))
        return report
    try:
        store_rows(
            report=report,
            user=user,
            rows=checked.rows,
            sha256=hashlib.sha256(data).hexdigest(),
        )
    except TaskError as exc:  # a computed task appeared meanwhile
        report.errors = [RowError(0, "", str(exc))]
        report.run = None
    except IntegrityError:
        report.errors = [RowError(0, "", str(SIMULTANEOUS))]
        report.run = None
    report.rows = checked.rows if report.run else []
    return report


def store_rows(*, report: UploadReport, user, rows: list[TaskRow], sha256: str) -> None:
    """Store checked rows in one recorded import run: all of them, or (on any error) none."""
    groups = {group.key: group for group in Group.objects.filter(key__in={r.group for r in rows})}
    codes = sorted({row.municipality_code for row in rows})
    with recording_import(
        command=COMMAND,
        source_key=SOURCE_KEY,
        source=_("Taakstellingen geüpload voor %(codes)s") % {"codes": ", ".join(codes)},
        user=user,
    ) as recorder:
        run = recorder.run
        run.file_name = report.file_name[:500]
        run.file_sha256 = sha256
        recorder.read(len(rows) + report.skipped)
        for row in rows:
            recorded = _record(
                user=user,
                group=groups[row.group],
                municipality_code=row.municipality_code,
                year=row.year,
                half=row.half,
                amount=row.amount,
                source=row.source,
                note=row.note,
                origin=Task.Origin.UPLOADED,
                import_run=run,
            )
            recorder.accept()
            if recorded.outcome == "unchanged":
                report.unchanged += 1
                recorder.warn(str(row.row), _("gelijk aan de geldende taak; niets veranderd"))
            elif recorded.outcome == "replaced":
                report.replaced += 1
            else:
                report.created += 1
        recorder.skip(
            _("%(count)s regels") % {"count": report.skipped},
            _("regel zonder taak, bron en toelichting"),
            count=report.skipped,
        )
    report.run = run
