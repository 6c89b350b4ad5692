from __future__ import annotations

from django.db import models


class ImportRunQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportRunQuerySet:
        """Import reports can quote raw source rows: members of an organisation and staff only."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff or user.memberships.exists():
            return self
        return self.none()

    def succeeded(self) -> ImportRunQuerySet:
        return self.filter(status="succeeded")

    def latest_per_source(self) -> list:
        """The most recent successful run of each source, for the footer and 'Over de cijfers'."""
        latest: dict[str, object] = {}
        for run in (
            self.succeeded()
            .order_by("-finished_at", "-id")
            .only("source", "vintage", "finished_at", "file_name")
        ):
            latest.setdefault(run.source, run)
        return sorted(latest.values(), key=lambda run: run.source)
