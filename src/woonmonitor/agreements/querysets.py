"""Reads: which agreements, commitments and figures a user may see."""

from __future__ import annotations

from django.db import models

from woonmonitor.accounts.access import (
    editor_organisation_ids,
    is_platform_admin,
    member_organisations,
    reads_everything,
)


class AgreementQuerySet(models.QuerySet):
    def published(self) -> AgreementQuerySet:
        return self.exclude(status="draft")

    def visible_to(self, user) -> AgreementQuerySet:
        """Published agreements are public; drafts only for their parties and the province."""
        if reads_everything(user):
            return self.all()
        if not user.is_authenticated:
            return self.published()
        return self.filter(
            models.Q(status__in=["published", "archived"])
            | models.Q(parties__organisation_id__in=member_organisations(user))
        ).distinct()

    def editable_by(self, user) -> AgreementQuerySet:
        """Agreements where the user is an editor (or admin) at one of the parties."""
        if not user.is_authenticated:
            return self.none()
        if is_platform_admin(user):
            return self.all()
        return self.filter(parties__organisation_id__in=editor_organisation_ids(user)).distinct()


#: the import command whose runs belong to an agreement (``importing.import_agreement``)
IMPORT_COMMAND = "import_agreement"


def hidden_import_runs(user) -> models.Q | None:
    """The agreement imports ``user`` may not see: runs of drafts of others, failed tries of others.

    A run shows the document's name and what could not be read: it is seen by whoever may see
    an agreement it created (a draft: its parties and the province), and by who started it.
    """
    from .models import Agreement

    if reads_everything(user):
        return None
    visible = Agreement.objects.visible_to(user).filter(import_run__isnull=False)
    hidden = models.Q(command=IMPORT_COMMAND) & ~models.Q(pk__in=visible.values("import_run_id"))
    if user.is_authenticated:
        hidden &= ~models.Q(started_by_id=user.pk)
    return hidden


class CommitmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> CommitmentQuerySet:
        from .models import Agreement

        return self.filter(agreement__in=Agreement.objects.visible_to(user))

    def led_by(self, organisation) -> CommitmentQuerySet:
        return self.filter(leads__organisation=organisation).distinct()


class RealisedFigureQuerySet(models.QuerySet):
    def current(self) -> RealisedFigureQuerySet:
        """The figures that no later record corrects."""
        return self.filter(correction__isnull=True)
