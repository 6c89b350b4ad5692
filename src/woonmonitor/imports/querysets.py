from __future__ import annotations

from django.db import models


class ImportRunQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportRunQuerySet:
        """Import reports can quote raw source rows: members of an organisation and staff only.

        Staff see every run; members not the runs that an app's rule hides from them
        (``imports.visibility``: a draft agreement's run only for its parties and the province).
        """
        from .visibility import hidden_from

        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        if not user.memberships.exists():
            return self.none()
        hidden = hidden_from(user)
        return self.exclude(hidden) if hidden is not None else self

    def public(self) -> ImportRunQuerySet:
        """Runs whose existence anyone may know of (the sources in the footer, for instance)."""
        from django.contrib.auth.models import AnonymousUser

        from .visibility import hidden_from

        hidden = hidden_from(AnonymousUser())
        return self.exclude(hidden) if hidden is not None else self

    def running(self) -> ImportRunQuerySet:
        return self.filter(status="running")

    def succeeded(self) -> ImportRunQuerySet:
        return self.filter(status="succeeded")

    def latest_per_source(self) -> list:
        """The most recent successful run of each source, for the footer and 'Over de cijfers'."""
        latest: dict[str, object] = {}
        for run in (
            self.public()
            .succeeded()
            .order_by("-finished_at", "-id")
            .only("source", "vintage", "finished_at", "file_name")
        ):
            latest.setdefault(run.source, run)
        return sorted(latest.values(), key=lambda run: run.source)

    def latest_per_data_source(self) -> list:
        """The latest successful public run of each source of the sources table (``DataSource``,
        per key and vintage), with its source: for the footer and the sources page. Ordered
        by publisher, title and vintage."""
        latest: dict[int, object] = {}
        for run in (
            self.public()
            .succeeded()
            .filter(data_source__isnull=False)
            .select_related("data_source")
            .order_by("-finished_at", "-id")
            .defer("rejections", "skipped", "warnings")
        ):
            latest.setdefault(run.data_source_id, run)
        return sorted(
            latest.values(),
            key=lambda run: (
                run.data_source.publisher,
                run.data_source.title,
                run.data_source.vintage or 0,
            ),
        )

    def latest_without_data_source(self) -> list:
        """The latest successful public run of each source text among the runs that cite no
        source of the sources table (runs from before it): for the sources page."""
        latest: dict[str, object] = {}
        for run in (
            self.public()
            .succeeded()
            .filter(data_source__isnull=True)
            .order_by("-finished_at", "-id")
            .defer("rejections", "skipped", "warnings")
        ):
            latest.setdefault(run.source, run)
        return sorted(latest.values(), key=lambda run: run.source)
