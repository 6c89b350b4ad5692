"""Read a prestatieafspraken document (or a province's programme) into a draft: parse, match
parties, store."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from django.db.models import Q
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from woonmonitor.accounts.models import Organisation, OrganisationKind
from woonmonitor.imports.services import recording_import

from . import parsing
from .errors import AgreementError
from .masking import masked_positions, source_status
from .models import (
    Agreement,
    AgreementKind,
    Commitment,
    Flag,
    NumberCell,
    NumberTable,
    Party,
    Section,
    Theme,
    UnplacedLine,
)
from .parsing.programme import FORMAT as PROGRAMME_FORMAT
from .parsing.programme import looks_like_programme, parse_programme
from .parsing.schema import ParsedAgreement
from .querysets import IMPORT_COMMAND

#: The source of an agreement document in imports/data/sources.toml.
SOURCE_KEY = "prestatieafspraken"


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def find_municipality(name: str) -> Organisation:
    wanted = normalise(name)
    for organisation in Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY):
        if normalise(organisation.name).removeprefix("gemeente ") == wanted:
            return organisation
    raise AgreementError(
        _(
            "Gemeente '%(name)s' is niet bekend in Woonmonitor. Voeg de gemeente eerst toe "
            "als organisatie (load_organisations) en importeer dan opnieuw."
        )
        % {"name": name}
    )


def find_province(name: str) -> Organisation:
    """The province that publishes a programme, by the name the document gives it."""
    wanted = normalise(name).removeprefix("provincie ")
    for organisation in Organisation.objects.filter(kind=OrganisationKind.PROVINCE):
        if normalise(organisation.name).removeprefix("provincie ") == wanted:
            return organisation
    raise AgreementError(
        _(
            "Provincie '%(name)s' is niet bekend in Woonmonitor. Voeg de provincie eerst toe "
            "als organisatie (load_organisations) en importeer dan opnieuw."
        )
        % {"name": name}
    )


def parse_document(text: str) -> ParsedAgreement:
    """Prestatieafspraken, or a province's programme (an "Instrument / Actie" table)."""
    if looks_like_programme(text):
        return parse_programme(text)
    return parsing.parse(text)


def kind_of(parsed: ParsedAgreement) -> str:
    if parsed.format == PROGRAMME_FORMAT:
        return AgreementKind.PROVINCIAL_PROGRAMME
    return AgreementKind.PERFORMANCE


def find_owner(parsed: ParsedAgreement) -> Organisation:
    """The organisation a document belongs to: its municipality, or the province."""
    if kind_of(parsed) == AgreementKind.PROVINCIAL_PROGRAMME:
        return find_province(parsed.municipality)
    return find_municipality(parsed.municipality)


def match_organisation(
    party_name: str, abbreviation: str, kind: str, municipality: Organisation
) -> tuple[Organisation | None, bool]:
    """The organisation a document party stands for, and whether the match is exact."""
    if kind == OrganisationKind.MUNICIPALITY:
        return municipality, normalise(party_name) == normalise(municipality.name)
    candidates = list(Organisation.objects.filter(kind=kind))
    wanted = normalise(party_name)
    for organisation in candidates:
        if normalise(organisation.name) == wanted:
            return organisation, True
    for organisation in candidates:
        if abbreviation and organisation.short_name == abbreviation:
            return organisation, False
    for organisation in candidates:
        name = normalise(organisation.name)
        if wanted and (wanted in name or name in wanted):
            return organisation, False
    return None, False


@contextmanager
def _recorded_as(user):
    """Outside a web request (a command), record ``user`` as the author in the audit trail."""
    context = HistoricalRecords.context
    if user is None or getattr(context, "request", None) is not None:
        yield
        return
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        del context.request


class DuplicateAgreement(AgreementError):
    """The document, or this edition of this municipality's agreements, is already here."""

    def __init__(self, message: str, existing: list[Agreement]) -> None:
        super().__init__(message)
        self.existing = existing


def existing_versions(*, sha256: str, municipality: Organisation, edition: int) -> list[Agreement]:
    """Agreements read from the same text, or the same edition of the same municipality."""
    return list(
        Agreement.objects.filter(
            Q(source_sha256=sha256) | Q(municipality=municipality, edition=edition)
        )
        .defer("source_text")
        .order_by("-edition", "-pk")
    )


def import_agreement(
    *, text: str, file_name: str, user=None, allow_duplicate: bool = False
) -> Agreement:
    """Read a document into a new draft; on NotAnAgreement/AgreementError nothing changes.

    A document that was read before, or another document for an edition of the municipality
    that is already here, is refused with ``DuplicateAgreement`` (which names what exists)
    unless ``allow_duplicate``: a second draft is never made without someone saying so.
    """
    parsed = parse_document(text)
    municipality = find_owner(parsed)
    if not allow_duplicate:
        existing = existing_versions(
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            municipality=municipality,
            edition=_years(parsed)[0].year,
        )
        if existing:
            raise DuplicateAgreement(
                _(
                    "Dit document, of editie %(edition)d van de prestatieafspraken van "
                    "%(municipality)s, is al ingelezen."
                )
                % {"edition": _years(parsed)[0].year, "municipality": municipality.name},
                existing,
            )
    with recording_import(
        command=IMPORT_COMMAND,
        source_key=SOURCE_KEY,
        source=(
            _("Provinciaal programma: %s")
            if kind_of(parsed) == AgreementKind.PROVINCIAL_PROGRAMME
            else _("Prestatieafspraken: %s")
        )
        % parsed.title,
        user=user if getattr(user, "pk", None) else None,
    ) as recorder:
        run = recorder.run
        run.file_name = file_name
        run.file_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        with _recorded_as(user):
            agreement = _store(
                parsed, municipality=municipality, text=text, file_name=file_name, user=user
            )
        agreement.import_run = run
        agreement.save(update_fields=["import_run"])
        count_lines(parsed, recorder)
        for flag in agreement.flags.all():
            recorder.warn(flag.field, f"{flag.get_kind_display()}: {flag.note}")
    return agreement


def count_lines(parsed: ParsedAgreement, recorder) -> None:
    """Every line of the document on the run: placed in an element (accepted), not understood
    (rejected with the reason; it waits as an ``UnplacedLine`` for a reviewer) or blank
    (skipped)."""
    recorder.read(parsed.source_line_count)
    not_understood: dict[int, list[str]] = {}
    for fragment in parsed.not_understood:
        not_understood.setdefault(fragment.line, []).append(f"{fragment.reason}: {fragment.text}")
    covered = parsed.covered_lines()
    recorder.accept(len(covered - set(not_understood)))
    for line, reasons in sorted(not_understood.items()):
        recorder.reject(str(line), "niet begrepen, wacht op beoordeling: " + "; ".join(reasons))
    blank = parsed.source_line_count - len(covered | set(not_understood))
    recorder.skip("lege regels", "lege regel", count=blank)


def import_agreement_file(*, path: Path, user=None, allow_duplicate: bool = False) -> Agreement:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise parsing.NotAnAgreement(
            _("Het bestand is geen tekst in UTF-8; sla het document op als platte tekst.")
        ) from exc
    return import_agreement(
        text=text, file_name=path.name, user=user, allow_duplicate=allow_duplicate
    )


def _years(parsed: ParsedAgreement) -> tuple[date, date]:
    return date.fromisoformat(parsed.period_start), date.fromisoformat(parsed.period_end)


def _store(
    parsed: ParsedAgreement, *, municipality, text: str, file_name: str, user=None
) -> Agreement:
    start, end = _years(parsed)
    agreement = Agreement.objects.create(
        title=parsed.title,
        kind=kind_of(parsed),
        municipality=municipality,
        municipality_code=municipality.area_code,
        period_start=start,
        period_end=end,
        edition=start.year,
        date_text=parsed.date_text,
        source_format=parsed.format,
        source_name=file_name,
        source_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source_text=text,
        source_line_count=parsed.source_line_count,
    )
    for flag in parsed.flags:
        Flag.objects.create(agreement=agreement, **_flag_fields(flag))
    parties = {}
    for order, item in enumerate(parsed.parties):
        organisation, exact = match_organisation(
            item.name, item.abbreviation, item.kind, municipality
        )
        party = Party.objects.create(
            agreement=agreement,
            organisation=organisation,
            abbreviation=item.abbreviation,
            name=item.name,
            kind=item.kind,
            order=order,
            source_lines=item.lines,
        )
        parties[item.abbreviation] = party
        for flag in item.flags:
            Flag.objects.create(agreement=agreement, party=party, **_flag_fields(flag))
        if organisation is None or not exact:
            Flag.objects.create(
                agreement=agreement,
                party=party,
                field="organisation",
                kind=Flag.Kind.INFERRED if organisation else Flag.Kind.UNREADABLE,
                raw=item.name,
                note=(
                    _("gekoppeld aan organisatie '%s' op grond van de naam") % organisation.name
                    if organisation
                    else _("geen organisatie in Woonmonitor gevonden met deze naam")
                ),
            )
    for order, item in enumerate(parsed.sections):
        Section.objects.create(
            agreement=agreement,
            title=item.title,
            text=item.text,
            order=order,
            source_lines=item.lines,
        )
    themes = {}
    for order, item in enumerate(parsed.themes):
        theme = Theme.objects.create(
            agreement=agreement,
            code=item.code,
            title=item.title,
            vision=item.vision,
            order=order,
            source_lines=item.lines,
        )
        themes[item.code] = theme
        for sub_order, section in enumerate(item.sections):
            Section.objects.create(
                agreement=agreement,
                theme=theme,
                title=section.title,
                text=section.text,
                order=sub_order,
                source_lines=section.lines,
            )
    commitments = {}
    for order, item in enumerate(parsed.commitments):
        commitment = Commitment.objects.create(
            agreement=agreement,
            theme=themes[item.theme],
            number=item.number,
            parent_number=item.parent,
            order=order,
            content=item.content,
            result=item.result,
            period=item.period,
            period_start=item.period_start,
            period_end=item.period_end,
            lead_text=item.lead_text,
            year_entry_label=item.year_entry_label,
            year_entry=item.year_entry,
            source_lines=item.lines,
        )
        commitment.leads.set([parties[abbr] for abbr in item.leads if abbr in parties])
        if item.number:
            commitments.setdefault(item.number, commitment)
        for flag in item.flags:
            Flag.objects.create(agreement=agreement, commitment=commitment, **_flag_fields(flag))
    for order, item in enumerate(parsed.tables):
        table = NumberTable.objects.create(
            agreement=agreement,
            key=item.key,
            title=item.title,
            kind=item.kind,
            party=parties.get(item.party),
            period=item.period,
            commitment=commitments.get(item.commitment),
            columns=item.columns,
            notes="\n\n".join(item.notes),
            order=order,
            source_lines=item.lines,
        )
        masked = masked_positions(item.flags)
        bulk_create_with_history(
            [
                NumberCell(
                    table=table,
                    row=row_number,
                    row_label=row.label,
                    measure=row.measure,
                    col=col_number,
                    column=cell.column,
                    raw=cell.raw,
                    value=None if (row_number, col_number) in masked else cell.value,
                    status=source_status(
                        cell.raw, cell.value, flagged_masked=(row_number, col_number) in masked
                    ),
                    year=cell.year,
                    party=parties.get(cell.party) or parties.get(item.party),
                    is_total=cell.is_total,
                )
                for row_number, row in enumerate(item.rows)
                for col_number, cell in enumerate(row.cells)
            ],
            NumberCell,
            default_user=user,
        )
        for flag in item.flags:
            Flag.objects.create(agreement=agreement, table=table, **_flag_fields(flag))
    UnplacedLine.objects.bulk_create(
        UnplacedLine(agreement=agreement, line=f.line, text=f.text, reason=f.reason)
        for f in parsed.not_understood
    )
    return agreement


def _flag_fields(flag) -> dict:
    return {"field": flag.field, "kind": flag.kind, "raw": flag.raw, "note": flag.note}


def import_summary(agreement: Agreement) -> dict[str, int]:
    return {
        "parties": agreement.parties.count(),
        "themes": agreement.themes.count(),
        "commitments": agreement.commitments.count(),
        "tables": agreement.tables.count(),
        "flags": agreement.flags.count(),
        "unplaced": agreement.unplaced_lines.count(),
    }
