"""Serializers of the agreements part of the API (prestatieafspraken).

Read serializers turn agreements, commitments, tables, target evaluations and
reports into JSON; input serializers only validate the shape of a POST (who may
post for which party is decided by ``woonmonitor.agreements.permissions`` in the
views, the write itself by ``woonmonitor.agreements.services``). Authors are
never exposed: a report, comment or figure shows the party it was made for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.agreements import bounds
from woonmonitor.agreements.calculations import Evaluation, TargetStatus
from woonmonitor.agreements.masking import masked_segments
from woonmonitor.agreements.measures import Measure
from woonmonitor.agreements.models import (
    Agreement,
    AgreementStatus,
    Comment,
    Commitment,
    CommitmentStatus,
    NumberCell,
    NumberTable,
    Party,
    ProgressReport,
    RealisedFigure,
    Target,
    Theme,
)
from woonmonitor.agreements.table_reading import read_table

from .fields import EnumField


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


def _party_field(**kwargs: Any) -> serializers.SlugRelatedField:
    kwargs.setdefault("help_text", "Abbreviation of the party as the document writes it.")
    return serializers.SlugRelatedField(slug_field="abbreviation", read_only=True, **kwargs)


def _decimal(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=False, read_only=True, **kwargs
    )


# ----------------------------------------------------------------------------- agreements


class PartySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(
        choices=OrganisationKind.choices, read_only=True, help_text="Kind of organisation."
    )
    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the organisation in /api/v1/organisations/; null while not linked.",
    )

    class Meta:
        model = Party
        fields = ["abbreviation", "name", "kind", "organisation"]
        read_only_fields = fields


class AgreementLinksSerializer(serializers.Serializer):
    self = serializers.URLField(help_text="This agreement in the API.")
    commitments = serializers.URLField(help_text="Its commitments.")
    targets = serializers.URLField(help_text="Its measurable targets with their evaluation.")
    realised = serializers.URLField(help_text="The realised figures reported for it.")
    page = serializers.URLField(help_text="The agreement's page on the website.")


class AgreementSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(
        source="municipality_code", read_only=True, help_text="CBS code of the municipality."
    )
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    status = EnumField(AgreementStatus.choices, enum_name="AgreementStatusEnum", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    parties = PartySerializer(many=True, read_only=True)
    commitment_count = serializers.IntegerField(read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "title",
            "municipality",
            "municipality_name",
            "period_start",
            "period_end",
            "edition",
            "status",
            "status_label",
            "published_at",
            "parties",
            "commitment_count",
            "links",
        ]
        read_only_fields = fields

    @extend_schema_field(AgreementLinksSerializer)
    def get_links(self, agreement: Agreement) -> dict[str, str]:
        request = self.context.get("request")
        kwargs = {"agreement_id": agreement.pk}
        return {
            "self": _absolute(request, reverse("api:agreement-detail", args=[agreement.pk])),
            "commitments": _absolute(
                request, reverse("api:agreement-commitment-list", kwargs=kwargs)
            ),
            "targets": _absolute(request, reverse("api:agreement-target-list", kwargs=kwargs)),
            "realised": _absolute(request, reverse("api:agreement-realised-list", kwargs=kwargs)),
            "page": _absolute(request, reverse("agreements:detail", args=[agreement.pk])),
        }


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["code", "title", "vision"]
        read_only_fields = fields


LABEL_STATUSES = [
    ("source", "as in the document"),
    ("inferred", "masked in the document; inferred, and confirmed by a reviewer"),
    ("masked", "masked in the document: unreadable"),
]


class NumberCellSerializer(serializers.Serializer):
    """One cell in the one reading of the table (``agreements.table_reading``)."""

    row = serializers.IntegerField(source="row_index", read_only=True)
    row_label = serializers.CharField(
        source="row.text",
        read_only=True,
        help_text="The row label; the inferred one when masked and confirmed; empty when masked.",
    )
    row_label_status = EnumField(
        LABEL_STATUSES, source="row.status", enum_name="LabelStatusEnum", read_only=True
    )
    row_label_in_document = serializers.CharField(source="source.row_label", read_only=True)
    measure = serializers.CharField(
        read_only=True,
        help_text="What the number counts (see the measures); empty when unknown or masked.",
    )
    col = serializers.IntegerField(source="col_index", read_only=True)
    column = serializers.CharField(
        source="col.text",
        read_only=True,
        help_text="The column header; the inferred year when masked and confirmed; empty when "
        "masked.",
    )
    column_status = EnumField(
        LABEL_STATUSES, source="col.status", enum_name="LabelStatusEnum", read_only=True
    )
    column_in_document = serializers.CharField(source="source.column", read_only=True)
    year = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The year; null when the column is masked."
    )
    raw = serializers.CharField(
        read_only=True, help_text="The cell exactly as the document writes it."
    )
    value = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="The number; null when masked, unreadable or empty in the source (also a 0 "
        "in a masked row or column, until a reviewer enters it).",
    )
    status = EnumField(NumberCell.Status.choices, enum_name="CellStatusEnum", read_only=True)
    party = serializers.CharField(
        source="source.party.abbreviation",
        read_only=True,
        allow_null=True,
        help_text="Abbreviation of the party as the document writes it.",
    )
    is_total = serializers.BooleanField(read_only=True)


class NumberTableSerializer(serializers.ModelSerializer):
    kind = EnumField(NumberTable.Kind.choices, enum_name="TableKindEnum", read_only=True)
    party = _party_field(allow_null=True)
    commitment = serializers.SlugRelatedField(
        slug_field="number",
        read_only=True,
        allow_null=True,
        help_text="Number of the commitment the table belongs to.",
    )
    columns = serializers.ListField(child=serializers.CharField(), read_only=True)
    cells = serializers.SerializerMethodField()

    class Meta:
        model = NumberTable
        fields = [
            "key",
            "title",
            "kind",
            "party",
            "period",
            "commitment",
            "columns",
            "notes",
            "cells",
        ]
        read_only_fields = fields

    @extend_schema_field(NumberCellSerializer(many=True))
    def get_cells(self, table: NumberTable) -> list[dict]:
        view = read_table(table, table.all_cells, table.all_flags)
        return NumberCellSerializer([cell for row in view.grid for cell in row], many=True).data


class AgreementDetailSerializer(AgreementSerializer):
    themes = ThemeSerializer(many=True, read_only=True)
    tables = NumberTableSerializer(many=True, read_only=True)
    previous_edition = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="Id of the previous edition, if any."
    )

    class Meta(AgreementSerializer.Meta):
        fields = [
            *AgreementSerializer.Meta.fields,
            "date_text",
            "source_name",
            "previous_edition",
            "themes",
            "tables",
        ]
        read_only_fields = fields


# ----------------------------------------------------------------------------- commitments


class ProgressReportSerializer(serializers.ModelSerializer):
    party = _party_field()
    status = EnumField(CommitmentStatus.choices, enum_name="CommitmentStatusEnum", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    corrects = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="Id of the report this one corrects."
    )

    class Meta:
        model = ProgressReport
        fields = ["id", "party", "year", "status", "status_label", "text", "created_at", "corrects"]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer):
    party = _party_field()
    kind = EnumField(Comment.Kind.choices, enum_name="CommentKindEnum", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "party", "kind", "kind_label", "text", "created_at"]
        read_only_fields = fields


#: The quoted texts of a commitment that can hold masked fragments.
MASKED_TEXT_FIELDS = ("content", "result", "period", "lead_text", "year_entry")


class CommitmentSerializer(serializers.ModelSerializer):
    label = serializers.CharField(
        read_only=True, help_text="The number, or how to refer to an unnumbered commitment."
    )
    theme = serializers.CharField(source="theme.code", read_only=True, help_text="Theme code.")
    theme_title = serializers.CharField(source="theme.title", read_only=True)
    leads = serializers.SlugRelatedField(
        slug_field="abbreviation",
        many=True,
        read_only=True,
        help_text="Abbreviations of the lead parties (trekkers).",
    )
    status = EnumField(
        CommitmentStatus.choices,
        enum_name="CommitmentStatusEnum",
        read_only=True,
        help_text="The status of the latest progress report.",
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.SerializerMethodField()
    masked_text = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = [
            "id",
            "url",
            "number",
            "parent_number",
            "label",
            "theme",
            "theme_title",
            "content",
            "result",
            "period",
            "period_start",
            "period_end",
            "leads",
            "lead_text",
            "year_entry_label",
            "year_entry",
            "status",
            "status_label",
            "masked_text",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ListField(
            child=serializers.DictField(child=serializers.CharField()),
            help_text=(
                "Fragments of the texts above that the source document made unreadable (digits "
                "replaced by 0, letters by X, e.g. '0000-0000'): {field, text}. The texts are "
                "given as in the document; these fragments are not real numbers or words."
            ),
        )
    )
    def get_masked_text(self, commitment: Commitment) -> list[dict[str, str]]:
        return [
            {"field": name, "text": part}
            for name in MASKED_TEXT_FIELDS
            for part, is_masked in masked_segments(getattr(commitment, name) or "")
            if is_masked
        ]

    @extend_schema_field(serializers.URLField(help_text="This commitment in the API."))
    def get_url(self, commitment: Commitment) -> str:
        url = reverse(
            "api:agreement-commitment-detail",
            kwargs={"agreement_id": commitment.agreement_id, "pk": commitment.pk},
        )
        return _absolute(self.context.get("request"), url)


class CommitmentDetailSerializer(CommitmentSerializer):
    progress_reports = ProgressReportSerializer(
        many=True, read_only=True, help_text="Newest first; nothing is ever overwritten."
    )
    comments = CommentSerializer(many=True, read_only=True, help_text="Oldest first.")

    class Meta(CommitmentSerializer.Meta):
        fields = [*CommitmentSerializer.Meta.fields, "progress_reports", "comments"]
        read_only_fields = fields


# ----------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class TargetRow:
    """A target with its evaluation on a date and the note on the rent threshold it uses."""

    target: Target
    evaluation: Evaluation
    threshold_note: str


class TargetEvaluationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="target.pk")
    commitment = serializers.CharField(
        source="target.commitment.number", help_text="Number of the commitment."
    )
    commitment_id = serializers.IntegerField(source="target.commitment_id")
    key = serializers.CharField(source="target.key")
    description = serializers.CharField(source="target.description")
    kind = EnumField(
        Target._meta.get_field("kind").choices, source="target.kind", enum_name="TargetKindEnum"
    )
    measure = serializers.CharField(source="target.measure")
    comparison = serializers.ChoiceField(
        source="target.comparison",
        choices=Target._meta.get_field("comparison").choices,
        help_text="gte: at least the value; lte: at most the value.",
    )
    value = serializers.DecimalField(
        source="target.value", max_digits=10, decimal_places=2, coerce_to_string=False
    )
    unit = serializers.CharField(source="target.unit")
    scope = serializers.SerializerMethodField(
        help_text="Abbreviation of the party the target is about; null: all associations."
    )
    period_start = serializers.DateField(source="target.period_start")
    deadline = serializers.DateField(source="target.deadline")
    status = EnumField(
        TargetStatus.choices, source="evaluation.status", enum_name="TargetStatusEnum"
    )
    status_label = serializers.SerializerMethodField()
    explanation = serializers.CharField(
        source="evaluation.explanation", help_text="The sentence that explains the status."
    )
    target = _decimal(source="evaluation.target", help_text="The norm.")
    planned = _decimal(
        source="evaluation.planned",
        allow_null=True,
        help_text="Planned figure from the agreement's tables; null when there is none.",
    )
    realised = _decimal(
        source="evaluation.realised",
        allow_null=True,
        help_text="Realised figure (a total, or a percentage for shares); null: no data.",
    )
    realised_year = serializers.IntegerField(source="evaluation.realised_year", allow_null=True)
    sources = serializers.ListField(
        source="evaluation.sources",
        child=serializers.CharField(),
        help_text="Source and date of every figure used.",
    )
    threshold_note = serializers.CharField(
        help_text="For rent-segment targets: the threshold amount in force and its source."
    )
    source_quote = serializers.CharField(source="target.source_quote")

    def get_scope(self, row: TargetRow) -> str | None:
        return row.target.scope.abbreviation if row.target.scope_id else None

    def get_status_label(self, row: TargetRow) -> str:
        return str(TargetStatus(row.evaluation.status).label)


# ----------------------------------------------------------------------------- realised figures


class CorrectedFigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = RealisedFigure
        fields = ["id", "value", "created_at"]
        read_only_fields = fields


class RealisedFigureSerializer(serializers.ModelSerializer):
    party = _party_field()
    party_name = serializers.CharField(source="party.name", read_only=True)
    measure = serializers.ChoiceField(choices=Measure.choices, read_only=True)
    measure_label = serializers.CharField(source="get_measure_display", read_only=True)
    corrects = CorrectedFigureSerializer(
        read_only=True,
        allow_null=True,
        help_text="The earlier figure for this party, measure and year that this one corrects.",
    )

    class Meta:
        model = RealisedFigure
        fields = [
            "id",
            "party",
            "party_name",
            "measure",
            "measure_label",
            "year",
            "value",
            "note",
            "created_at",
            "corrects",
        ]
        read_only_fields = fields


# ----------------------------------------------------------------------------- input


class _PartyInput(serializers.Serializer):
    party = serializers.CharField(
        max_length=30,
        help_text="Abbreviation of the party you act for in this agreement (e.g. LF).",
    )


# The limits are those of the forms (``agreements.bounds``): a page and the API refuse the same.
REPORT_YEARS = {"min_value": bounds.MIN_REPORT_YEAR, "max_value": bounds.MAX_REPORT_YEAR}


class ProgressReportInputSerializer(_PartyInput):
    year = serializers.IntegerField(
        min_value=bounds.MIN_REPORT_YEAR, max_value=bounds.MAX_REPORT_YEAR
    )
    status = EnumField(CommitmentStatus.choices, enum_name="CommitmentStatusEnum")
    text = serializers.CharField(
        max_length=bounds.MAX_REPORT_TEXT, help_text="Explanation of the status."
    )


class CommentInputSerializer(_PartyInput):
    kind = EnumField(Comment.Kind.choices, enum_name="CommentKindEnum")
    text = serializers.CharField(max_length=bounds.MAX_COMMENT_TEXT)


class RealisedFigureInputSerializer(_PartyInput):
    measure = serializers.ChoiceField(choices=Measure.choices)
    year = serializers.IntegerField(
        min_value=bounds.MIN_REPORT_YEAR, max_value=bounds.MAX_REPORT_YEAR
    )
    value = serializers.IntegerField(min_value=0, max_value=bounds.MAX_COUNT)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=bounds.MAX_NOTE
    )


# ----------------------------------------------------------------------------- query parameters


class EvaluationDateQuerySerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False,
        help_text="Evaluate the targets as on this date (YYYY-MM-DD). Default: today.",
    )
