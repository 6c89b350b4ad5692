"""Writes for agreements: import into a draft, review, publish, report, new edition.

This module is the app's public Python API. Every function takes keyword-only
arguments and runs in one transaction; reading a document into a draft lives in
``importing`` and is re-exported here.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from woonmonitor.accounts.models import Organisation, OrganisationKind

from .bounds import (
    MAX_COMMENT_TEXT,
    MAX_NOTE,
    MAX_REPORT_TEXT,
    MAX_REPORT_YEAR,
    MIN_REPORT_YEAR,
    validate_count,
    validate_text,
    validate_year,
)
from .errors import AgreementError, ConflictError
from .importing import (  # noqa: F401  (the public API of the app)
    DuplicateAgreement,
    find_municipality,
    import_agreement,
    import_agreement_file,
    import_summary,
    match_organisation,
)
from .masking import is_masked_label, source_status, zero_may_be_masked
from .measures import Measure
from .models import (
    OPEN_STATUSES,
    Agreement,
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
from .publication import (  # noqa: F401  (the public API of the app)
    lock_draft,
    publication_blockers,
    publish,
    publisher_label,
    record_signed_document,
    review_blockers,
    sign_off,
    sign_off_state,
    touch,
)
from .target_loading import load_targets  # noqa: F401  (the public API of the app)

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
_CHANGED_MEANWHILE = _lazy(
    "Iemand anders heeft %(what)s gewijzigd nadat u de pagina opende. Uw wijzigingen zijn niet "
    "opgeslagen: bekijk de nieuwe versie en breng ze opnieuw aan."
)


def commitment_fingerprint(commitment: Commitment) -> str:
    """A short digest of what can be edited in a commitment: the version a form is based on."""
    leads = sorted(commitment.leads.values_list("pk", flat=True))
    state = [str(getattr(commitment, name)) for name in EDITABLE_COMMITMENT_FIELDS] + [str(leads)]
    return hashlib.sha256("\x1f".join(state).encode()).hexdigest()[:20]


@transaction.atomic
def update_commitment(
    *, commitment: Commitment, user, leads=None, based_on: str | None = None, **fields
) -> Commitment:
    """Change a draft's commitment; refused (ConflictError) when it changed since ``based_on``."""
    lock_draft(commitment.agreement)
    unknown = set(fields) - set(EDITABLE_COMMITMENT_FIELDS)
    if unknown:
        raise AgreementError(_("Onbekende velden: %s") % ", ".join(sorted(unknown)))
    current = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if based_on is not None and commitment_fingerprint(current) != based_on:
        raise ConflictError(_CHANGED_MEANWHILE % {"what": _("afspraak %s") % current.label})
    _validate_commitment_fields(fields)
    for name, value in fields.items():
        setattr(current, name, value)
    current._history_user = user
    current.save()
    if leads is not None:
        if any(party.agreement_id != current.agreement_id for party in leads):
            raise AgreementError(_("Een trekker is geen partij bij deze prestatieafspraken."))
        current.leads.set(leads)
    touch(commitment.agreement)
    return current


def _validate_commitment_fields(fields: dict) -> None:
    """The same limits as the edit form and the workbook: lengths of the model, sane years."""
    for name, value in fields.items():
        field = Commitment._meta.get_field(name)
        if name in ("period_start", "period_end"):
            validate_year(value, str(field.verbose_name))
        elif isinstance(value, str) and field.max_length:
            validate_text(value, str(field.verbose_name), field.max_length)
    start, end = fields.get("period_start"), fields.get("period_end")
    if start and end and start > end:
        raise AgreementError(_("Het eindjaar ligt voor het beginjaar."))


@dataclass(frozen=True)
class CellChange:
    """A cell's new value (and year), with the value and year the person started from."""

    cell: NumberCell
    value: int | None
    year: int | None
    seen: tuple[int | None, int | None] | None = None


@transaction.atomic
def update_cells(*, agreement: Agreement, user, changes: list[CellChange]) -> int:
    """Change cells of a draft's tables, all or none; returns how many changed.

    A cell that someone else changed since the person saw it (``seen``) refuses the whole edit
    (``ConflictError``), so nobody's figure is silently replaced.
    """
    lock_draft(agreement)
    cells = {
        cell.pk: cell
        for cell in NumberCell.objects.select_for_update().filter(
            pk__in=[change.cell.pk for change in changes], table__agreement=agreement
        )
    }
    conflicts = []
    for change in changes:
        cell = cells.get(change.cell.pk)
        if cell is None:
            raise AgreementError(_("Deze cel hoort niet bij deze prestatieafspraken."))
        if change.seen is not None and change.seen != (cell.value, cell.year):
            now = "–" if cell.value is None else cell.value
            conflicts.append(
                _("%(cell)s (nu %(value)s)")
                % {"cell": f"{cell.row_label} / {cell.column}", "value": now}
            )
    if conflicts:
        raise ConflictError(_CHANGED_MEANWHILE % {"what": ", ".join(conflicts)})
    for change in changes:
        cell = cells[change.cell.pk]
        validate_count(change.value, _("Waarde voor %s") % f"{cell.row_label} / {cell.column}")
        if change.value != cell.value:
            cell.status = reviewed_status(cell, change.value)
        cell.value = change.value
        if change.year is not None:
            cell.year = change.year
        cell._history_user = user
        cell.save()
    if changes:
        touch(agreement)
    return len(changes)


def reviewed_status(cell: NumberCell, value: int | None) -> str:
    """A number a reviewer enters counts as ``reviewed``; a cleared one as unreadable again."""
    if value is not None:
        return NumberCell.Status.REVIEWED
    if cell.status in (NumberCell.Status.MASKED, NumberCell.Status.EMPTY):
        return cell.status
    masked_zero = zero_may_be_masked(
        0 if cell.raw.strip() == "0" else None,
        row_masked=is_masked_label(cell.row_label),
        column_masked=is_masked_label(cell.column),
    )
    return NumberCell.Status.MASKED if masked_zero else source_status(cell.raw, None)


def update_cell(
    *, cell: NumberCell, user, value: int | None, year: int | None = None
) -> NumberCell:
    """Change one cell of a draft (see ``update_cells``)."""
    update_cells(agreement=cell.table.agreement, user=user, changes=[CellChange(cell, value, year)])
    cell.refresh_from_db()
    return cell


@transaction.atomic
def link_party(*, party: Party, user, organisation: Organisation) -> Party:
    """Link a draft's party to an organisation of its kind that is not another party yet.

    Who may do this is ``permissions.may_link_party`` (a platform administrator, never for
    an organisation they belong to); the service keeps the document whole: the kind must match
    and one organisation is never two parties, so nobody can act for another party.
    """
    agreement = lock_draft(party.agreement)
    if organisation.kind != party.kind:
        raise AgreementError(
            _("%(org)s is van de soort '%(kind)s'; partij %(abbr)s niet.")
            % {
                "org": organisation.name,
                "kind": organisation.get_kind_display(),
                "abbr": party.abbreviation,
            }
        )
    other = agreement.parties.filter(organisation=organisation).exclude(pk=party.pk).first()
    if other is not None:
        raise AgreementError(
            _("%(org)s is al gekoppeld aan partij %(abbr)s van dit document.")
            % {"org": organisation.name, "abbr": other.abbreviation}
        )
    if party.kind == OrganisationKind.MUNICIPALITY and organisation.pk != agreement.municipality_id:
        raise AgreementError(_("De gemeente van dit document is %s.") % agreement.municipality.name)
    if agreement.is_programme and organisation.pk != agreement.municipality_id:
        # programme (issue 12): the province that owns it is its only party
        raise AgreementError(
            _("Dit programma is van %s; alleen die organisatie is partij.")
            % agreement.municipality.name
        )
    party.organisation = organisation
    party._history_user = user
    party.save()
    touch(agreement)
    return party


@transaction.atomic
def confirm_flag(*, flag: Flag, user) -> Flag:
    lock_draft(flag.agreement)
    flag.confirmed_at = timezone.now()
    flag.confirmed_by = user
    flag._history_user = user
    flag.save()
    return flag


@transaction.atomic
def resolve_unplaced_line(*, line: UnplacedLine, user, resolution: str) -> UnplacedLine:
    lock_draft(line.agreement)
    if not resolution.strip():
        raise AgreementError(_("Geef aan wat er met deze regel is gedaan."))
    line.resolution = resolution.strip()
    line.resolved_at = timezone.now()
    line.resolved_by = user
    line._history_user = user
    line.save()
    return line


@transaction.atomic
def review_all(*, agreement: Agreement, user, resolution: str) -> int:
    """Confirm every flag and settle every unplaced line at once (the demo loader's review)."""
    lock_draft(agreement)
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


def _check_party(party: Party, agreement: Agreement) -> None:
    if party.agreement_id != agreement.pk:
        raise AgreementError(_("%s is geen partij bij deze prestatieafspraken.") % party)


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
    _check_party(party, commitment.agreement)
    if status not in CommitmentStatus.values:
        raise AgreementError(_("Onbekende status: %s") % status)
    if not text.strip():
        raise AgreementError(_("Licht de status toe."))
    validate_year(year, _("Jaar"), low=MIN_REPORT_YEAR, high=MAX_REPORT_YEAR)
    validate_text(text.strip(), _("Toelichting"), MAX_REPORT_TEXT)
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
    _check_party(party, commitment.agreement)
    if kind not in Comment.Kind.values:
        raise AgreementError(_("Onbekende soort: %s") % kind)
    if not text.strip():
        raise AgreementError(_("Schrijf een advies of opmerking."))
    validate_text(text.strip(), _("Tekst"), MAX_COMMENT_TEXT)
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
    seen_up_to: int | None = None,
) -> RealisedFigure:
    """A new realised figure; an earlier one for the same year is corrected, not overwritten.

    ``seen_up_to`` is the newest figure id the person's page showed: a figure for the same
    party, measure and year entered after that refuses this one (``ConflictError``) instead
    of silently correcting a figure the person has not seen. Two figures entered at the very
    same moment give one ``ConflictError`` on every database.
    """
    require_published(agreement)
    _check_party(party, agreement)
    if measure not in Measure.values:
        raise AgreementError(_("Onbekende maat: %s") % measure)
    if value < 0:
        raise AgreementError(_("Een aantal kan niet negatief zijn."))
    validate_count(value, _("Aantal"), allow_negative=False)
    validate_year(year, _("Jaar"), low=MIN_REPORT_YEAR, high=MAX_REPORT_YEAR)
    validate_text(note.strip(), _("Toelichting"), MAX_NOTE)
    previous = (
        RealisedFigure.objects.current()
        .filter(agreement=agreement, party=party, measure=measure, year=year)
        .select_for_update(of=("self",))
        .first()
    )
    if previous is not None and seen_up_to is not None and previous.pk > seen_up_to:
        raise ConflictError(_REALISED_MEANWHILE % {"value": previous.value})
    try:
        with transaction.atomic():
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
    except IntegrityError as exc:  # the same figure was corrected at the same moment
        raise ConflictError(_REALISED_MEANWHILE % {"value": "?"}) from exc


_REALISED_MEANWHILE = _lazy(
    "Voor deze corporatie, maat en dit jaar is zojuist een ander aantal opgegeven (%(value)s). "
    "Uw aantal is niet opgeslagen: bekijk het nieuwe aantal en geef zo nodig opnieuw op."
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
    try:
        with transaction.atomic():
            copy = _copy_agreement(agreement, year, shift)
    except IntegrityError as exc:  # another party started the next edition at the same moment
        raise ConflictError(
            _("Er is zojuist al een volgende editie van deze prestatieafspraken begonnen.")
        ) from exc
    _copy_contents(agreement, copy, shift)
    return copy


def _copy_agreement(agreement: Agreement, year: int, shift: int) -> Agreement:
    return Agreement.objects.create(
        title=agreement.title,
        kind=agreement.kind,
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


def _copy_contents(agreement: Agreement, copy: Agreement, shift: int) -> None:
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


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _relabel_year(label: str, shift: int) -> str:
    return re.sub(r"\b(20\d\d)\b", lambda m: str(int(m.group(1)) + shift), label)
