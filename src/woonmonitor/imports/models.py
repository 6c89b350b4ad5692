"""One record per data-import run: what was read, from where, and what came of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import ImportRunQuerySet


class DataSource(models.Model):
    """One source of the sources table (``imports/data/sources.toml``) for one vintage.

    Import runs point here; pages, downloads and the API cite it beside a figure (publisher, title,
    table, reference date, publication date). Written only by ``services.sync_source``.
    """

    key = models.SlugField(_("sleutel"), max_length=80)
    vintage = models.PositiveSmallIntegerField(_("jaargang"), null=True, blank=True)
    publisher = models.CharField(_("uitgever"), max_length=200)
    title = models.CharField(_("titel"), max_length=300)
    table_id = models.CharField(_("tabel"), max_length=40, blank=True)
    reference = models.CharField(
        _("peildatum"),
        max_length=12,
        help_text=_("1-januari, 31-december, jaar, datum of per-regel (zie de bronnentabel)."),
    )
    reference_date = models.DateField(_("vaste peildatum"), null=True, blank=True)
    published_on = models.DateField(_("gepubliceerd op"), null=True, blank=True)
    status = models.CharField(_("status volgens de uitgever"), max_length=200, blank=True)
    url = models.CharField(_("adres"), max_length=500, blank=True)
    licence = models.CharField(_("licentie"), max_length=100)
    route = models.TextField(_("hoe het bestand bij ons kwam"))
    notes = models.TextField(_("werkaantekeningen"), blank=True)

    class Meta:
        verbose_name = _("bron")
        verbose_name_plural = _("bronnen")
        ordering = ["publisher", "title", "vintage"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "vintage"],
                condition=models.Q(vintage__isnull=False),
                name="datasource_one_per_vintage",
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(vintage__isnull=True),
                name="datasource_one_without_vintage",
            ),
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def entry(self):
        from .sources import SourceEntry

        return SourceEntry(
            key=self.key,
            vintage=self.vintage,
            publisher=self.publisher,
            title=self.title,
            table_id=self.table_id,
            reference=self.reference,
            reference_date=self.reference_date,
            published_on=self.published_on,
            status=self.status,
            url=self.url,
            licence=self.licence,
            route=self.route,
            notes=self.notes,
        )

    @property
    def citation(self) -> str:
        return self.entry.citation

    def reference_date_for(self, period: int | None):
        return self.entry.reference_date_for(period)


class ImportRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("bezig")
        SUCCEEDED = "succeeded", _("geslaagd")
        FAILED = "failed", _("mislukt")

    command = models.CharField(_("opdracht"), max_length=100)
    source = models.CharField(
        _("bron"), max_length=300, help_text=_("Wie de gegevens publiceert en welke tabel.")
    )
    data_source = models.ForeignKey(
        DataSource,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="runs",
        verbose_name=_("bron in de bronnentabel"),
    )
    file_name = models.CharField(_("bestand"), max_length=500, blank=True)
    file_sha256 = models.CharField(_("SHA-256 van het bestand"), max_length=64, blank=True)
    vintage = models.PositiveSmallIntegerField(_("jaargang"), null=True, blank=True)
    started_at = models.DateTimeField(_("gestart"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    rows_read = models.PositiveIntegerField(_("rijen gelezen"), default=0)
    rows_accepted = models.PositiveIntegerField(_("rijen geaccepteerd"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rijen afgewezen"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rijen overgeslagen"), default=0)
    rejections = models.JSONField(_("afgewezen rijen"), default=list, blank=True)
    skipped = models.JSONField(
        _("overgeslagen rijen"),
        default=list,
        blank=True,
        help_text=_("Rijen die bewust niet zijn ingelezen, met de reden (bijv. buiten de scope)."),
    )
    warnings = models.JSONField(_("waarschuwingen"), default=list, blank=True)
    message = models.TextField(_("melding"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gestart door"),
        help_text=_("Leeg voor een opdracht op de server."),
    )
    process = models.CharField(
        _("proces"),
        max_length=200,
        blank=True,
        help_text=_("Machine, proces-id en starttijd: zo is te zien of een lopende run nog leeft."),
    )

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("importrun")
        verbose_name_plural = _("importruns")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.command} {self.file_name} ({self.get_status_display()})"

    @property
    def unaccounted(self) -> int:
        """Rows read that were neither accepted, rejected nor skipped (0: the counts add up)."""
        return self.rows_read - self.rows_accepted - self.rows_rejected - self.rows_skipped

    @property
    def adds_up(self) -> bool:
        """gelezen = geaccepteerd + afgewezen + overgeslagen."""
        return self.unaccounted == 0

    def skip_reasons(self, examples: int = 5) -> list[dict]:
        """The stored skipped rows grouped by reason, most rows first: ``reason``, ``count``
        and the first ``examples`` rows."""
        grouped: dict[str, dict] = {}
        for item in self.skipped or []:
            reason = str(item.get("reason", ""))
            group = grouped.setdefault(reason, {"reason": reason, "count": 0, "rows": []})
            group["count"] += int(item.get("count", 1) or 1)
            if len(group["rows"]) < examples and item.get("row") not in ("", "-", "…"):
                group["rows"].append(str(item.get("row")))
        return sorted(grouped.values(), key=lambda group: (-group["count"], group["reason"]))
