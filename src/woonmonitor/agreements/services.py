"""Writes for agreements: import into a draft, review, publish, report, new edition.

This module is the app's public Python API. Every function takes keyword-only
arguments and runs in one transaction; reading a document into a draft lives in
``importing`` and is re-exported here.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from woonmonitor.accounts.models import Organisation

from .errors import AgreementError
from .importing import (  # noqa: F401  (the public API of the app)
    find_municipality,
    import_agreement,
    import_agreement_file,
    import_summary,
    match_organisation,
)
from .measures import Measure
from .models import (
    OPEN_STATUSES,
    Agreement,
    AgreementStatus,
    Comment,
    Commitment,
    CommitmentStatus,
    Flag,
    NumberCell,
    Party,
    ProgressReport,
    RealisedFigure,
    UnplacedLine,
)

# ----------------------------------------------------------------------------- review


EDITABLE_COMMITMENT_FIELDS = (
    "number",
    "parent_number",
    "content",
    "result",
    "period",
    "period_start",
    "period_end",
    "lead_text",
    "year_entry_label",
    "year_entry",
)


def _require_draft(agreement: Agreement) -> None:
    if not agreement.is_draft:
        raise AgreementError(
            _("Deze prestatieafspraken zijn gepubliceerd; wijzig ze via een nieuwe editie.")
        )


@transaction.atomic
def update_commitment(*, commitment: Commitment, user, leads=None, **fields) -> Commitment:
    _require_draft(commitment.agreement)
    unknown = set(fields) - set(EDITABLE_COMMITMENT_FIELDS)
    if unknown:
        raise AgreementError(_("Onbekende velden: %s") % ", ".join(sorted(unknown)))
    for name, value in fields.items():
        setattr(commitment, name, value)
    commitment._history_user = user
    commitment.save()
    if leads is not None:
        commitment.leads.set(leads)
    return commitment


@transaction.atomic
def update_cell(
    *, cell: NumberCell, user, value: int | None, year: int | None = None
) -> NumberCell:
    _require_draft(cell.table.agreement)
    cell.value = value
    if year is not None:
        cell.year = year
    cell._history_user = user
    cell.save()
    return cell


@transaction.atomic
def link_party(*, party: Party, user, organisation: Organisation) -> Party:
    _require_draft(party.agreement)
    party.organisation = organisation
    party._history_user = user
    party.save()
    return party


@transaction.atomic
def confirm_flag(*, flag: Flag, user) -> Flag:
    _require_draft(flag.agreement)
    flag.confirmed_at = timezone.now()
    flag.confirmed_by = user
    flag._history_user = user
    flag.save()
    return flag


@transaction.atomic
def resolve_unplaced_line(*, line: UnplacedLine, user, resolution: str) -> UnplacedLine:
    _require_draft(line.agreement)
    if not resolution.strip():
        raise AgreementError(_("Geef aan wat er met deze regel is gedaan."))
    line.resolution = resolution.strip()
    line.resolved_at = timezone.now()
    line.resolved_by = user
    line._history_user = user
    line.save()
    return line


def publication_blockers(agreement: Agreement) -> list[str]:
    blockers = []
    open_flags = agreement.flags.filter(confirmed_at__isnull=True).count()
    if open_flags:
        blockers.append(_("%d markeringen zijn nog niet bevestigd.") % open_flags)
    open_lines = agreement.unplaced_lines.filter(resolved_at__isnull=True).count()
    if open_lines:
        blockers.append(_("%d niet begrepen regels zijn nog niet afgehandeld.") % open_lines)
    unlinked = agreement.parties.filter(organisation__isnull=True).count()
    if unlinked:
        blockers.append(_("%d partijen zijn niet aan een organisatie gekoppeld.") % unlinked)
    return blockers


@transaction.atomic
def publish(*, agreement: Agreement, user) -> Agreement:
    _require_draft(agreement)
    blockers = publication_blockers(agreement)
    if blockers:
        raise AgreementError(" ".join(blockers))
    agreement.status = AgreementStatus.PUBLISHED
    agreement.published_at = timezone.now()
    agreement.published_by = user
    agreement._history_user = user
    agreement.save()
    previous = agreement.previous_edition
    if previous is not None and previous.status == AgreementStatus.PUBLISHED:
        previous.status = AgreementStatus.ARCHIVED
        previous._history_user = user
        previous.save()
    return agreement


@transaction.atomic
def review_all(*, agreement: Agreement, user, resolution: str) -> int:
    """Confirm every flag and settle every unplaced line at once (the demo loader's review)."""
    _require_draft(agreement)
    count = 0
    for flag in agreement.flags.filter(confirmed_at__isnull=True):
        confirm_flag(flag=flag, user=user)
        count += 1
    for line in agreement.unplaced_lines.filter(resolved_at__isnull=True):
        resolve_unplaced_line(line=line, user=user, resolution=resolution)
        count += 1
    return count


# ----------------------------------------------------------------------------- reporting


def require_published(agreement: Agreement) -> None:
    """Reports, advice and realised figures are only for published agreements."""
    if agreement.is_draft:
        raise AgreementError(_("Over een concept kan nog niet gerapporteerd worden."))


@transaction.atomic
def report_progress(
    *,
    commitment: Commitment,
    party: Party,
    user,
    year: int,
    status: str,
    text: str,
    corrects: ProgressReport | None = None,
) -> ProgressReport:
    require_published(commitment.agreement)
    if status not in CommitmentStatus.values:
        raise AgreementError(_("Onbekende status: %s") % status)
    if not text.strip():
        raise AgreementError(_("Licht de status toe."))
    report = ProgressReport.objects.create(
        commitment=commitment,
        party=party,
        year=year,
        status=status,
        text=text.strip(),
        author=user,
        corrects=corrects,
    )
    commitment.status = status
    commitment._history_user = user
    commitment.save(update_fields=["status"])
    return report


@transaction.atomic
def add_comment(*, commitment: Commitment, party: Party, user, kind: str, text: str) -> Comment:
    require_published(commitment.agreement)
    if kind not in Comment.Kind.values:
        raise AgreementError(_("Onbekende soort: %s") % kind)
    if not text.strip():
        raise AgreementError(_("Schrijf een advies of opmerking."))
    return Comment.objects.create(
        commitment=commitment, party=party, kind=kind, text=text.strip(), author=user
    )


@transaction.atomic
def record_realised(
    *,
    agreement: Agreement,
    party: Party,
    user,
    measure: str,
    year: int,
    value: int,
    note: str = "",
) -> RealisedFigure:
    """A new realised figure; an earlier one for the same year is corrected, not overwritten."""
    require_published(agreement)
    if measure not in Measure.values:
        raise AgreementError(_("Onbekende maat: %s") % measure)
    if value < 0:
        raise AgreementError(_("Een aantal kan niet negatief zijn."))
    previous = (
        RealisedFigure.objects.current()
        .filter(agreement=agreement, party=party, measure=measure, year=year)
        .select_for_update(of=("self",))
        .first()
    )
    return RealisedFigure.objects.create(
        agreement=agreement,
        party=party,
        measure=measure,
        year=year,
        value=value,
        note=note.strip(),
        author=user,
        corrects=previous,
    )


# ----------------------------------------------------------------------------- editions


@transaction.atomic
def new_edition(*, agreement: Agreement, user, year: int | None = None) -> Agreement:
    """Copy the agreement with its open commitments into a new draft edition (rolling)."""
    if agreement.is_draft:
        raise AgreementError(_("Publiceer deze editie eerst; daarna kan een nieuwe volgen."))
    if Agreement.objects.filter(previous_edition=agreement).exists():
        raise AgreementError(_("Er bestaat al een volgende editie van deze prestatieafspraken."))
    year = year or agreement.edition + 1
    shift = year - agreement.edition
    copy = Agreement.objects.create(
        title=agreement.title,
        municipality=agreement.municipality,
        municipality_code=agreement.municipality_code,
        period_start=_shift(agreement.period_start, shift),
        period_end=max(agreement.period_end, _shift(agreement.period_start, shift)),
        edition=year,
        previous_edition=agreement,
        date_text="",
        source_format=agreement.source_format,
        source_name=agreement.source_name,
        source_sha256=agreement.source_sha256,
        source_text=agreement.source_text,
        source_line_count=agreement.source_line_count,
        import_run=agreement.import_run,
    )
    parties = {}
    for party in agreement.parties.all():
        old_pk = party.pk
        party.pk = None
        party.agreement = copy
        party.save()
        parties[old_pk] = party
    themes = {}
    for theme in agreement.themes.all():
        old_pk = theme.pk
        theme.pk = None
        theme.agreement = copy
        theme.save()
        themes[old_pk] = theme
    for section in agreement.sections.all():
        section.pk = None
        section.agreement = copy
        section.theme = themes.get(section.theme_id)
        section.save()
    for commitment in agreement.commitments.filter(status__in=OPEN_STATUSES).prefetch_related(
        "leads"
    ):
        leads = [parties[p.pk] for p in commitment.leads.all()]
        targets = list(commitment.targets.all())
        old = commitment.pk
        commitment.pk = None
        commitment.agreement = copy
        commitment.theme = themes[commitment.theme_id]
        commitment.previous_id = old
        commitment.year_entry_label = _relabel_year(commitment.year_entry_label, shift)
        commitment.save()
        commitment.leads.set(leads)
        for target in targets:
            target.pk = None
            target.commitment = commitment
            target.scope = parties.get(target.scope_id)
            target.save()
    for table in agreement.tables.all():
        cells = list(table.cells.all())
        table.pk = None
        table.agreement = copy
        table.party = parties.get(table.party_id)
        table.commitment = None
        table.save()
        for cell in cells:
            cell.pk = None
            cell.table = table
            cell.party = parties.get(cell.party_id)
        NumberCell.objects.bulk_create(cells)
    return copy


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _relabel_year(label: str, shift: int) -> str:
    return re.sub(r"\b(20\d\d)\b", lambda m: str(int(m.group(1)) + shift), label)


# ----------------------------------------------------------------------------- targets


@transaction.atomic
def load_targets(*, entries: list[dict], user=None) -> tuple[int, list[str]]:
    """Create or update targets from data entries; returns (saved, problems). All or nothing."""
    from decimal import Decimal, InvalidOperation

    from .calculations import Comparison, TargetKind
    from .models import Target

    saved, problems = 0, []
    for number, entry in enumerate(entries, start=1):
        where = f"{number} ({entry.get('key', '?')})"
        agreement = (
            Agreement.objects.filter(
                municipality_code=entry.get("municipality"), edition=entry.get("edition")
            )
            .order_by("-pk")
            .first()
        )
        if agreement is None:
            problems.append(_("%s: geen prestatieafspraken voor deze gemeente en editie") % where)
            continue
        commitment = agreement.commitments.filter(number=entry.get("commitment")).first()
        if commitment is None:
            problems.append(_("%s: afspraak %s bestaat niet") % (where, entry.get("commitment")))
            continue
        scope = None
        if entry.get("scope"):
            scope = agreement.parties.filter(abbreviation=entry["scope"]).first()
            if scope is None:
                problems.append(_("%s: partij %s bestaat niet") % (where, entry["scope"]))
                continue
        measures = [
            entry.get("measure"),
            entry.get("denominator"),
            entry.get("planned_measure"),
            entry.get("baseline_measure"),
            *entry.get("removal_measures", []),
        ]
        bad = [m for m in measures if m and m not in Measure.values]
        if (
            bad
            or entry.get("kind") not in TargetKind.values
            or (entry.get("comparison") not in Comparison.values)
        ):
            problems.append(_("%s: onbekende maat, soort of vergelijking") % where)
            continue
        try:
            value = Decimal(str(entry["value"]))
            start = date.fromisoformat(entry["period_start"])
            deadline = date.fromisoformat(entry["deadline"])
        except (KeyError, InvalidOperation, ValueError):
            problems.append(_("%s: waarde of datum ontbreekt of is ongeldig") % where)
            continue
        Target.objects.update_or_create(
            commitment=commitment,
            key=entry["key"],
            defaults={
                "description": entry.get("description", ""),
                "kind": entry["kind"],
                "measure": entry["measure"],
                "denominator": entry.get("denominator", ""),
                "removal_measures": entry.get("removal_measures", []),
                "planned_measure": entry.get("planned_measure", ""),
                "baseline_measure": entry.get("baseline_measure", ""),
                "comparison": entry["comparison"],
                "value": value,
                "unit": entry.get("unit", ""),
                "scope": scope,
                "period_start": start,
                "deadline": deadline,
                "source_quote": entry.get("source_quote", ""),
            },
        )
        saved += 1
    if problems:
        transaction.set_rollback(True)
    return (0 if problems else saved), problems
