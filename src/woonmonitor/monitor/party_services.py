"""Storing the values a municipality or housing association enters itself.

An upload is read and checked as a whole (``party_input``); if any row is wrong nothing is
stored and the report names every problem. Otherwise all rows are stored in one recorded
import run through ``monitor.services.store_values`` with origin ``ingevoerd``, the
organisation and the person, so every entered figure says who entered it and when, and a
correction keeps the value it replaces.

Values are stored on CBS areas only. A village (``AreaGroup``) is not an area of its own: its
value is always aggregated from its member buurten or wijken by the indicator's rule, so an
entered village total could contradict its own members. A village slug in the file is
therefore refused, with the member codes to use instead.

Two more rules protect other people's figures: an entered value never replaces a value that
came from a source (a CBS import, or one computed or added up from such values), and an
organisation never replaces a value another organisation entered.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, OperationalError

from woonmonitor.accounts.models import Organisation
from woonmonitor.areas.models import Area
from woonmonitor.areas.vintages import nearest_vintage
from woonmonitor.imports.models import ImportRun
from woonmonitor.imports.services import recording_import

from .models import AreaGroup, Computation, Indicator, IndicatorValue, ValueOrigin
from .party_access import InputScope, scope_of
from .party_input import (
    Checks,
    EnteredRow,
    RowError,
    Table,
    UploadError,
    check_rows,
    read_upload,
)
from .plausibility import implausible, plausible_range
from .services import NewValue, StoreResult, store_values

COMMAND = "invoer_partij"
#: The source of entered figures in imports/data/sources.toml.
SOURCE_KEY = "partij-invoer"
FIRST_YEAR = 1995
SIMULTANEOUS = (
    "Iemand anders sloeg op hetzelfde moment waarden voor dezelfde gebieden, indicatoren en "
    "jaren op. Er is niets van dit bestand opgeslagen: bekijk de ingevoerde waarden hieronder "
    "en upload het bestand opnieuw."
)


class EnteredMeanwhile(Exception):
    """Values for the same cells were stored after the upload was checked; nothing was stored."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


@dataclass
class UploadReport:
    file_name: str
    errors: list[RowError] = field(default_factory=list)
    rows: list[EnteredRow] = field(default_factory=list)
    skipped: int = 0
    stored: StoreResult | None = None
    run: ImportRun | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.stored is not None


def indicator_rules() -> dict[str, str]:
    """key -> "" when a party may enter the indicator, else why not (in Dutch)."""
    rules = {}
    for key, computation, numerator, denominator in Indicator.objects.values_list(
        "key", "computation", "numerator", "denominator"
    ):
        if computation == Computation.RATIO:
            rules[key] = f"'{key}' wordt berekend uit {numerator} en {denominator}; voer die in"
        else:
            rules[key] = ""
    return rules


def checks_for(scope: InputScope, table: Table, *, today: date) -> Checks:
    """The lookups ``check_rows`` needs, for the codes that occur in ``table``."""
    codes = {
        str(cells.get("gebiedscode") or "").strip().upper().replace(" ", "")
        for _, cells in table.rows
    }
    known = set(Area.objects.filter(code__in=codes).values_list("code", flat=True).distinct())
    groups = {
        slug.lower(): list(members)
        for slug, members in AreaGroup.objects.values_list("slug", "member_codes")
    }
    return Checks(
        indicators=indicator_rules(),
        areas=known,
        municipalities=set(scope.municipalities),
        groups=groups,
        first_year=FIRST_YEAR,
        last_year=today.year,
    )


def implausible_rows(rows: list[EnteredRow]) -> list[RowError]:
    """Rows whose value cannot be right for its indicator (``plausibility``)."""
    ranges = {
        key: plausible_range(unit, low, high)
        for key, unit, low, high in Indicator.objects.filter(
            key__in={row.key for row in rows}
        ).values_list("key", "unit", "plausible_min", "plausible_max")
    }
    errors = []
    for row in rows:
        if row.key not in ranges:
            continue
        reason = implausible(row.value, *ranges[row.key])
        if reason:
            errors.append(
                RowError(row.row, "waarde", f"{reason} (kan niet kloppen voor {row.key})")
            )
    return errors


def resolve_areas(rows: list[EnteredRow]) -> dict[tuple[str, int], int]:
    """(code, period) -> id of the area in the vintage nearest to the period (later on a tie)."""
    by_code: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for pk, code, vintage in Area.objects.filter(code__in={row.code for row in rows}).values_list(
        "pk", "code", "vintage"
    ):
        by_code[code].append((vintage, pk))
    resolved = {}
    for row in rows:
        best = nearest_vintage(by_code[row.code], row.period, vintage_of=lambda pair: pair[0])
        if best is not None:
            resolved[(row.code, row.period)] = best[1]
    return resolved


def conflicts(
    rows: list[EnteredRow],
    area_ids: dict[tuple[str, int], int],
    indicator_ids: dict[str, int],
    organisation: Organisation,
) -> list[RowError]:
    """Rows that would replace a source value or another organisation's value."""
    if not rows:
        return []
    wanted = {
        (indicator_ids[row.key], area_ids[(row.code, row.period)], row.period): row for row in rows
    }
    existing = (
        IndicatorValue.objects.current()
        .filter(
            indicator_id__in={key[0] for key in wanted},
            area_id__in={key[1] for key in wanted},
            period__in={key[2] for key in wanted},
        )
        .values_list(
            "indicator_id",
            "area_id",
            "period",
            "origin",
            "organisation_id",
            "organisation__name",
            "import_run__source",
        )
    )
    errors = []
    for indicator_id, area_id, period, origin, org_id, org_name, source in existing:
        row = wanted.get((indicator_id, area_id, period))
        if row is None:
            continue
        if origin != ValueOrigin.ENTERED:
            errors.append(
                RowError(
                    row.row,
                    "waarde",
                    f"voor {row.code} in {row.period} is er al een waarde uit de bron "
                    f"({source or 'onbekend'}); een ingevoerde waarde vervangt die niet",
                )
            )
        elif org_id != organisation.pk:
            errors.append(
                RowError(
                    row.row,
                    "waarde",
                    f"{org_name or 'een andere organisatie'} heeft voor {row.code} in "
                    f"{row.period} al een waarde ingevoerd; die kunt u niet vervangen",
                )
            )
    return errors


def submit_upload(
    *, organisation: Organisation, user, name: str, data: bytes, today: date
) -> UploadReport:
    """Check an upload and, when every row is right, store it; report either way."""
    report = UploadReport(file_name=name)
    try:
        table = read_upload(name, data)
    except UploadError as exc:
        report.errors.append(RowError(0, "", str(exc)))
        return report
    scope = scope_of(organisation)
    checked = check_rows(table, checks_for(scope, table, today=today))
    report.skipped = checked.skipped
    area_ids = resolve_areas(checked.rows)
    indicator_ids = dict(
        Indicator.objects.filter(key__in={row.key for row in checked.rows}).values_list("key", "pk")
    )
    errors = (
        checked.errors
        + implausible_rows(checked.rows)
        + conflicts(checked.rows, area_ids, indicator_ids, organisation)
    )
    if not checked.rows and not errors:
        errors.append(RowError(0, "", "Het bestand bevat geen regels met een waarde."))
    if errors:
        report.errors = sorted(errors, key=lambda error: (error.row, error.column))
        return report
    try:
        report.run, report.stored = store_entered(
            organisation=organisation,
            user=user,
            rows=checked.rows,
            area_ids=area_ids,
            indicator_ids=indicator_ids,
            file_name=name,
            sha256=hashlib.sha256(data).hexdigest(),
            skipped=checked.skipped,
        )
    except EnteredMeanwhile as exc:
        report.errors = sorted(exc.errors, key=lambda error: (error.row, error.column))
        return report
    except (IntegrityError, OperationalError):
        # the same cell stored by someone else at the very same moment (or the database busy
        # for longer than its timeout): nothing of this upload was stored
        report.errors = [RowError(0, "", SIMULTANEOUS)]
        return report
    report.rows = checked.rows
    return report


def store_entered(
    *,
    organisation: Organisation,
    user,
    rows: list[EnteredRow],
    area_ids: dict[tuple[str, int], int],
    indicator_ids: dict[str, int],
    file_name: str,
    sha256: str,
    skipped: int = 0,
) -> tuple[ImportRun, StoreResult]:
    """Store checked rows as one import run, origin ``ingevoerd``, with organisation and user.

    ``recording_import`` makes the run all or nothing: on any error no value is stored and
    the run is recorded as failed. Inside its transaction the indicators are locked and the
    rows checked once more against what others stored (``EnteredMeanwhile``): two parties
    entering a value for the same cell at the same moment never replace each other's value.
    """
    with recording_import(
        command=COMMAND,
        source_key=SOURCE_KEY,
        source=f"Ingevoerd door {organisation.name}",
        path=None,
        user=user,
    ) as recorder:
        list(Indicator.objects.select_for_update().filter(pk__in=set(indicator_ids.values())))
        meanwhile = conflicts(rows, area_ids, indicator_ids, organisation)
        if meanwhile:
            raise EnteredMeanwhile(meanwhile)
        run = recorder.run
        run.file_name = file_name[:500]
        run.file_sha256 = sha256
        recorder.read(len(rows) + skipped)
        result = store_values(
            values=[
                NewValue(
                    indicator_id=indicator_ids[row.key],
                    area_id=area_ids[(row.code, row.period)],
                    period=row.period,
                    value=row.value,
                    status=row.status,
                    note=row.note,
                    origin=ValueOrigin.ENTERED,
                )
                for row in rows
            ],
            import_run=run,
            organisation=organisation,
            entered_by=user,
        )
        recorder.accept(len(rows))
        recorder.skip(f"{skipped} regels", "regel zonder waarde", count=skipped)
    return run, result
