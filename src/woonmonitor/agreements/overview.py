"""One read model of an agreement, shared by its page, the API and the progress report."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from .calculations import Evaluation
from .models import (
    Agreement,
    Comment,
    Commitment,
    CommitmentStatus,
    NumberTable,
    ProgressReport,
    RealisedFigure,
    Target,
    Theme,
)
from .targets import evaluations_for


@dataclass
class TableView:
    table: NumberTable
    row_labels: list[str]
    columns: list[str]
    grid: list[list]  # rows x columns of NumberCell
    realised: dict[tuple[str, int | str], int] = field(default_factory=dict)


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

    @property
    def commitment_count(self) -> int:
        return sum(len(items) for items in self.commitments_by_theme.values())


def commitments_of(agreement: Agreement):
    return agreement.commitments.select_related("theme").prefetch_related("leads").order_by("order")


def table_views(agreement: Agreement) -> list[TableView]:
    views = []
    tables = agreement.tables.select_related("party").prefetch_related(
        Prefetch("cells", to_attr="all_cells")
    )
    for table in tables:
        rows: dict[int, list] = defaultdict(list)
        for cell in table.all_cells:
            rows[cell.row].append(cell)
        ordered = [sorted(rows[number], key=lambda c: c.col) for number in sorted(rows)]
        views.append(
            TableView(
                table=table,
                row_labels=[row[0].row_label if row else "" for row in ordered],
                columns=[cell.column for cell in ordered[0]] if ordered else [],
                grid=ordered,
            )
        )
    return views


def latest_reports(reports) -> dict[int, ProgressReport]:
    """The newest progress report per commitment id, from a queryset of reports (one query)."""
    latest: dict[int, ProgressReport] = {}
    for report in reports.select_related("party", "author").order_by("created_at", "pk"):
        latest[report.commitment_id] = report
    return latest


def build_overview(agreement: Agreement, *, on: date, report_year: int | None = None) -> Overview:
    """The agreement's read model; with ``report_year`` only progress reports up to that year."""
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
    return Overview(
        agreement=agreement,
        themes=themes,
        commitments_by_theme=dict(by_theme),
        status_counts=[
            (value, label, counts.get(value, 0)) for value, label in CommitmentStatus.choices
        ],
        latest_report=latest,
        comments=dict(comments),
        tables=table_views(agreement),
        evaluations=evaluations_for(agreement, on=on),
        realised=realised,
    )
