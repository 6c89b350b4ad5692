"""One read model of an agreement, shared by its page, the API and the progress report."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from .attention import AttentionItem, annotate_timing, attention_items
from .attention import counts as attention_counts
from .calculations import Evaluation
from .deadlines import AgreementPeriod, Timing, agreement_period
from .models import (
    Agreement,
    Comment,
    Commitment,
    CommitmentStatus,
    ProgressReport,
    RealisedFigure,
    Target,
    Theme,
)
from .table_reading import TableView, table_views
from .targets import evaluations_for

__all__ = ["Overview", "TableView", "build_overview", "latest_reports", "table_views"]


@dataclass
class Overview:
    agreement: Agreement
    themes: list[Theme]
    commitments_by_theme: dict[int, list[Commitment]]
    status_counts: list[tuple[str, str, int]]  # (value, label, count) in choice order
    latest_report: dict[int, ProgressReport]
    comments: dict[int, list[Comment]]
    tables: list[TableView]
    evaluations: list[tuple[Target, Evaluation, str]]
    realised: list[RealisedFigure]
    on: date | None = None
    attention: list[AttentionItem] = field(default_factory=list)  # most urgent first
    period: AgreementPeriod | None = None

    @property
    def attention_counts(self) -> list[tuple[str, str, int]]:
        return attention_counts(self.attention)

    @property
    def commitment_count(self) -> int:
        return sum(len(items) for items in self.commitments_by_theme.values())

    @property
    def expired_counts(self) -> list[tuple[str, int]]:
        """(label, count) of the commitments whose term has ended unfinished: beside the
        reported statuses, so "niet gestart" after the term reads as what it is."""
        counts = Counter(
            commitment.timing.state
            for items in self.commitments_by_theme.values()
            for commitment in items
            if getattr(commitment, "timing", None) is not None and commitment.timing.expired
        )
        return [(str(label), counts[state]) for state, label in Timing.choices if counts.get(state)]


def commitments_of(agreement: Agreement):
    return agreement.commitments.select_related("theme").prefetch_related("leads").order_by("order")


def latest_reports(reports) -> dict[int, ProgressReport]:
    """The newest progress report per commitment id, from a queryset of reports (one query)."""
    latest: dict[int, ProgressReport] = {}
    for report in reports.select_related("party", "author").order_by("created_at", "pk"):
        latest[report.commitment_id] = report
    return latest


def build_overview(
    agreement: Agreement,
    *,
    on: date,
    report_year: int | None = None,
    successor: Agreement | None = None,
) -> Overview:
    """The agreement's read model on date ``on``; with ``report_year`` only reports up to then.

    ``successor`` is the next edition as the caller may show it (visible to the user).
    """
    commitments = list(commitments_of(agreement))
    themes = list(agreement.themes.order_by("order"))
    by_theme: dict[int, list[Commitment]] = defaultdict(list)
    for commitment in commitments:
        by_theme[commitment.theme_id].append(commitment)
    counts = Counter(commitment.status for commitment in commitments)
    reports = ProgressReport.objects.filter(commitment__agreement=agreement)
    if report_year is not None:
        reports = reports.filter(year__lte=report_year)
    latest = latest_reports(reports)
    comments: dict[int, list[Comment]] = defaultdict(list)
    for comment in (
        Comment.objects.filter(commitment__agreement=agreement)
        .select_related("party")
        .order_by("created_at", "pk")
    ):
        comments[comment.commitment_id].append(comment)
    realised = list(
        RealisedFigure.objects.current()
        .filter(agreement=agreement)
        .select_related("party")
        .order_by("party__order", "measure", "year")
    )
    # Dates count: each commitment gets its timing against ``on`` (deadlines.commitment_timing).
    annotate_timing(commitments, agreement, set(latest), today=on)
    tables = table_views(agreement)
    evaluations = evaluations_for(agreement, on=on)
    attention = attention_items(
        agreement,
        commitments=commitments,
        evaluations=evaluations,
        cells=[(view.table, cell) for view in tables for row in view.grid for cell in row],
        realised=realised,
        today=on,
    )
    return Overview(
        agreement=agreement,
        themes=themes,
        commitments_by_theme=dict(by_theme),
        status_counts=[
            (value, label, counts.get(value, 0)) for value, label in CommitmentStatus.choices
        ],
        latest_report=latest,
        comments=dict(comments),
        tables=tables,
        evaluations=evaluations,
        realised=realised,
        on=on,
        attention=attention,
        period=agreement_period(agreement.period_end, today=on, successor=successor),
    )
