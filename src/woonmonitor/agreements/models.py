"""Prestatieafspraken: documents, parties, themes, commitments, number tables, targets and reports.

History is never overwritten: progress reports, realised figures and comments
are append-only (a correction is a new record pointing at the one it
corrects), and every edit of the document itself is in the audit trail
(django-simple-history).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .calculations import Comparison, TargetKind
from .measures import Measure
from .querysets import (
    AgreementQuerySet,
    CommitmentQuerySet,
    RealisedFigureQuerySet,
)


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    PUBLISHED = "published", _("gepubliceerd")
    ARCHIVED = "archived", _("vervangen door een nieuwere editie")


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("niet gestart")
    ON_TRACK = "on_track", _("op schema")
    DELAYED = "delayed", _("vertraagd")
    DONE = "done", _("afgerond")
    DROPPED = "dropped", _("vervallen")


OPEN_STATUSES = (CommitmentStatus.NOT_STARTED, CommitmentStatus.ON_TRACK, CommitmentStatus.DELAYED)

#: The kinds of party that sign prestatieafspraken (Woningwet art. 44): each signs off itself.
SIGNING_KINDS = ("municipality", "housing_association", "tenants_organisation")


class AgreementKind(models.TextChoices):
    """What sort of document: tripartite prestatieafspraken, or a province's own programme."""

    PERFORMANCE = "prestatieafspraken", _("prestatieafspraken")
    PROVINCIAL_PROGRAMME = "provinciaal_programma", _("provinciaal programma")


#: Per kind of document: the kind of organisation that owns and publishes it (``municipality``
#: on the agreement) and the kinds of party that sign it off. A province adopts its own programme.
OWNER_KIND = {
    AgreementKind.PERFORMANCE: "municipality",
    AgreementKind.PROVINCIAL_PROGRAMME: "province",
}
SIGNING_KINDS_OF = {
    AgreementKind.PERFORMANCE: SIGNING_KINDS,
    AgreementKind.PROVINCIAL_PROGRAMME: ("province",),
}


class Agreement(models.Model):
    title = models.CharField(_("titel"), max_length=300)
    kind = models.CharField(
        _("soort document"),
        max_length=24,
        choices=AgreementKind.choices,
        default=AgreementKind.PERFORMANCE,
        help_text=_(
            "Prestatieafspraken van gemeente, corporaties en huurders, of een eigen programma "
            "van de provincie (de provincie is dan eigenaar en enige partij)."
        ),
    )
    municipality = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("gemeente"),
    )
    municipality_code = models.CharField(_("CBS-code gemeente"), max_length=16)
    period_start = models.DateField(_("begin looptijd"))
    period_end = models.DateField(_("einde looptijd"))
    edition = models.PositiveSmallIntegerField(
        _("editie (jaar)"), help_text=_("Het kalenderjaar waarvoor deze versie geldt.")
    )
    previous_edition = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_edition",
        verbose_name=_("vorige editie"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    revision = models.PositiveIntegerField(
        _("versie van het concept"),
        default=1,
        help_text=_(
            "Gaat omhoog bij elke wijziging van het concept; een akkoord geldt voor één versie."
        ),
    )
    date_text = models.CharField(_("datering in het document"), max_length=100, blank=True)
    source_format = models.CharField(_("bronformaat"), max_length=20, blank=True)
    source_name = models.CharField(_("bronbestand"), max_length=300, blank=True)
    source_sha256 = models.CharField(_("sha256 van de bron"), max_length=64, blank=True)
    source_text = models.TextField(_("brontekst"), blank=True)
    source_line_count = models.PositiveIntegerField(default=0)
    import_run = models.ForeignKey(
        "imports.ImportRun", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prestatieafspraken")
        verbose_name_plural = _("prestatieafspraken")
        ordering = ["municipality__name", "-edition", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.edition})"

    @property
    def is_draft(self) -> bool:
        return self.status == AgreementStatus.DRAFT

    @property
    def is_programme(self) -> bool:
        return self.kind == AgreementKind.PROVINCIAL_PROGRAMME

    @property
    def owner_kind(self) -> str:
        """The kind of organisation ``municipality`` is: a municipality, or for a programme the
        province."""
        return OWNER_KIND.get(self.kind, "municipality")

    @property
    def signing_kinds(self) -> tuple[str, ...]:
        """The kinds of party that sign this document off (each for itself)."""
        return SIGNING_KINDS_OF.get(self.kind, SIGNING_KINDS)


class Party(models.Model):
    """An organisation as it takes part in one agreement, with the document's abbreviation."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("organisatie"),
    )
    abbreviation = models.CharField(_("afkorting"), max_length=30)
    name = models.CharField(_("naam in het document"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30)
    order = models.PositiveSmallIntegerField(default=0)
    source_lines = models.JSONField(default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partij")
        verbose_name_plural = _("partijen")
        ordering = ["agreement", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "abbreviation"], name="party_unique_abbr"),
            # one organisation is one party: nobody is linked twice to act as another party
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="party_unique_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.abbreviation


class Section(models.Model):
    """Text of the document that is not a commitment: introduction, reading guide, annexes."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sections")
    theme = models.ForeignKey(
        "Theme", null=True, blank=True, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(_("kop"), max_length=300, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    source_lines = models.JSONField(default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "theme", "order"]

    def __str__(self) -> str:
        return self.title


class Theme(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("thema"), max_length=300)
    vision = models.TextField(_("visie"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    source_lines = models.JSONField(default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["agreement", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="theme_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Commitment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="commitments")
    number = models.CharField(_("nr."), max_length=20, blank=True)
    parent_number = models.CharField(_("hoort bij nr."), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    content = models.TextField(_("inhoud"))
    result = models.TextField(_("beoogd resultaat"), blank=True)
    period = models.CharField(_("tijd"), max_length=100, blank=True)
    period_start = models.PositiveSmallIntegerField(_("vanaf jaar"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("tot en met jaar"), null=True, blank=True)
    leads = models.ManyToManyField(Party, blank=True, related_name="led_commitments")
    lead_text = models.CharField(_("trekker (zoals in het document)"), max_length=200, blank=True)
    year_entry_label = models.CharField(_("kop jaarschijf"), max_length=100, blank=True)
    year_entry = models.TextField(_("jaarschijf / concrete stappen"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.NOT_STARTED,
        help_text=_("De status uit de laatste voortgangsmelding."),
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_versions",
        verbose_name=_("zelfde afspraak in de vorige editie"),
    )
    source_lines = models.JSONField(default=list, blank=True)

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[leads])

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["agreement", "order"]

    def __str__(self) -> str:
        return self.number or _("(zonder nummer)")

    @property
    def label(self) -> str:
        return commitment_label(self.number, self.parent_number)


def commitment_label(number: str, parent_number: str) -> str:
    """How a commitment is named on pages: its number, or "A6 (vervolg)" for a continuation row."""
    if number:
        return number
    if parent_number:
        return _("%s (vervolg)") % parent_number
    return str(_("zonder nr."))


class NumberTable(models.Model):
    """A table of numbers in the document: stock at a date, or planned production per year."""

    class Kind(models.TextChoices):
        STOCK = "stock", _("voorraad")
        PRODUCTION = "production", _("productie")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="tables")
    key = models.SlugField(max_length=80)
    title = models.CharField(_("titel"), max_length=300)
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="tables"
    )
    period = models.CharField(_("periode of peildatum"), max_length=100, blank=True)
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="tables"
    )
    columns = models.JSONField(default=list)
    notes = models.TextField(_("toelichting"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    source_lines = models.JSONField(default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cijfertabel")
        verbose_name_plural = _("cijfertabellen")
        ordering = ["agreement", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "key"], name="table_unique_key")
        ]

    def __str__(self) -> str:
        return self.title


class NumberCell(models.Model):
    """One planned number (or stock count) as the document gives it.

    ``status`` says how the number may be read: only a ``readable`` or ``reviewed`` cell has a
    value; a masked, unreadable or empty cell has none (``agreements.reading`` is the one
    reading every page and export uses).
    """

    class Status(models.TextChoices):
        READABLE = "readable", _("leesbaar in de bron")
        MASKED = "masked", _("onleesbaar gemaakt in de bron")
        UNREADABLE = "unreadable", _("niet als getal te lezen")
        EMPTY = "empty", _("leeg in de bron")
        REVIEWED = "reviewed", _("ingevuld door een beoordelaar")

    table = models.ForeignKey(NumberTable, on_delete=models.CASCADE, related_name="cells")
    row = models.PositiveSmallIntegerField()
    row_label = models.CharField(_("rij"), max_length=200)
    measure = models.CharField(_("maat"), max_length=40, choices=Measure.choices, blank=True)
    col = models.PositiveSmallIntegerField()
    column = models.CharField(_("kolom"), max_length=100)
    raw = models.CharField(_("zoals in het document"), max_length=100, blank=True)
    value = models.IntegerField(_("waarde"), null=True, blank=True)
    status = models.CharField(
        _("leesbaarheid"), max_length=12, choices=Status.choices, default=Status.READABLE
    )
    year = models.PositiveSmallIntegerField(_("jaar"), null=True, blank=True)
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="cells"
    )
    is_total = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["table", "row", "col"]
        constraints = [
            models.UniqueConstraint(fields=["table", "row", "col"], name="cell_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.row_label} / {self.column}: {self.raw}"


class Flag(models.Model):
    """A masked cell, an unreadable fragment or an inferred value that a person must look at."""

    class Kind(models.TextChoices):
        MASKED = "masked", _("onleesbaar gemaakt in de bron")
        INFERRED = "inferred", _("afgeleid")
        UNREADABLE = "unreadable", _("niet goed leesbaar")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="flags")
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    table = models.ForeignKey(
        NumberTable, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    field = models.CharField(_("veld"), max_length=100)
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    raw = models.TextField(_("in de bron"), blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("markering")
        verbose_name_plural = _("markeringen")
        ordering = ["agreement", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.field}"


class UnplacedLine(models.Model):
    """A source line the importer could not place: the visible 'not understood' list."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="unplaced_lines"
    )
    line = models.PositiveIntegerField(_("regel"))
    text = models.TextField(_("tekst"))
    reason = models.CharField(_("reden"), max_length=300)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(_("afhandeling"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "line"]

    def __str__(self) -> str:
        return f"{self.line}: {self.text[:40]}"


class Target(models.Model):
    """A measurable norm attached to a commitment, evaluated from planned and realised figures."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="targets")
    key = models.SlugField(max_length=80)
    description = models.CharField(_("omschrijving"), max_length=300)
    kind = models.CharField(_("soort"), max_length=12, choices=TargetKind.choices)
    measure = models.CharField(_("maat"), max_length=40, choices=Measure.choices)
    denominator = models.CharField(
        _("noemer (bij een aandeel)"), max_length=40, choices=Measure.choices, blank=True
    )
    removal_measures = models.JSONField(
        _("maten die aftrekken (bij groei)"), default=list, blank=True
    )
    planned_measure = models.CharField(
        _("geplande maat uit de tabellen"), max_length=40, choices=Measure.choices, blank=True
    )
    baseline_measure = models.CharField(
        _("maat van het vertrekpunt"), max_length=40, choices=Measure.choices, blank=True
    )
    comparison = models.CharField(_("vergelijking"), max_length=3, choices=Comparison.choices)
    value = models.DecimalField(_("norm"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("eenheid"), max_length=30)
    scope = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
        help_text=_("Leeg: alle corporaties die partij zijn."),
    )
    period_start = models.DateField(_("vanaf"))
    deadline = models.DateField(_("uiterlijk"))
    source_quote = models.TextField(_("citaat uit het document"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meetbaar doel")
        verbose_name_plural = _("meetbare doelen")
        ordering = ["commitment__agreement", "commitment__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "key"], name="target_unique_key")
        ]

    def __str__(self) -> str:
        return self.description


class ProgressReport(models.Model):
    """A lead party's report on a commitment. Append-only: a correction is a new report."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="progress_reports"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="progress_reports")
    year = models.PositiveSmallIntegerField(_("jaar"))
    status = models.CharField(_("status"), max_length=12, choices=CommitmentStatus.choices)
    text = models.TextField(_("toelichting"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )

    class Meta:
        verbose_name = _("voortgangsmelding")
        verbose_name_plural = _("voortgangsmeldingen")
        ordering = ["commitment", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.commitment} {self.year}: {self.get_status_display()}"


class Comment(models.Model):
    """Advice or a comment by a tenants' organisation (or another party) on a commitment."""

    class Kind(models.TextChoices):
        ADVICE = "advice", _("advies")
        COMMENT = "comment", _("opmerking")

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="comments")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="comments")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("tekst"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True)

    class Meta:
        verbose_name = _("advies of opmerking")
        verbose_name_plural = _("adviezen en opmerkingen")
        ordering = ["commitment", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.party} op {self.commitment}"


class RealisedFigure(models.Model):
    """A realised number reported by a housing association for itself, for one year."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="realised_figures"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="realised_figures")
    measure = models.CharField(_("maat"), max_length=40, choices=Measure.choices)
    year = models.PositiveSmallIntegerField(_("jaar"))
    value = models.IntegerField(_("aantal"))
    note = models.TextField(_("toelichting"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("opgegeven op"), auto_now_add=True)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )

    objects = RealisedFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("gerealiseerd aantal")
        verbose_name_plural = _("gerealiseerde aantallen")
        ordering = ["agreement", "party", "measure", "year", "-created_at"]
        constraints = [
            # One first figure per cell; every later one corrects the one before (``corrects`` is
            # one-to-one), so a cell always has exactly one current figure, also when two people
            # enter one at the same moment.
            models.UniqueConstraint(
                fields=["agreement", "party", "measure", "year"],
                condition=models.Q(corrects__isnull=True),
                name="realised_one_first_figure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.get_measure_display()} {self.year}: {self.value}"


class SignOff(models.Model):
    """A signing party's decision on one revision of a draft. Append-only.

    The latest sign-off of a party on the draft's current revision counts; a correction of the
    draft raises its revision, so earlier sign-offs no longer count and are kept as history.
    A reservation or objection is recorded with its reason and published with the agreement.
    """

    class Decision(models.TextChoices):
        AGREED = "agreed", _("akkoord")
        RESERVATION = "reservation", _("akkoord met voorbehoud")
        OBJECTED = "objected", _("niet akkoord")

    class Basis(models.TextChoices):
        PLATFORM = "platform", _("in Woonmonitor, door een bewerker van de partij")
        SIGNED_DOCUMENT = "document", _("ondertekend brondocument, vastgelegd door een beheerder")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sign_offs")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="sign_offs")
    revision = models.PositiveIntegerField(_("versie van het concept"))
    decision = models.CharField(_("besluit"), max_length=12, choices=Decision.choices)
    basis = models.CharField(
        _("grondslag"), max_length=10, choices=Basis.choices, default=Basis.PLATFORM
    )
    note = models.TextField(_("toelichting"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("akkoord van een partij")
        verbose_name_plural = _("akkoorden van partijen")
        ordering = ["agreement", "party", "-created_at", "-pk"]

    def __str__(self) -> str:
        return _("%(party)s %(decision)s (versie %(revision)d)") % {
            "party": self.party,
            "decision": self.get_decision_display(),
            "revision": self.revision,
        }
