"""One record per data-import run: what was read, from where, and what came of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import ImportRunQuerySet


class ImportRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("bezig")
        SUCCEEDED = "succeeded", _("geslaagd")
        FAILED = "failed", _("mislukt")

    command = models.CharField(_("opdracht"), max_length=100)
    source = models.CharField(
        _("bron"), max_length=300, help_text=_("Wie de gegevens publiceert en welke tabel.")
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
    rejections = models.JSONField(_("afgewezen rijen"), default=list, blank=True)
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
