"""Agreements (prestatieafspraken): read them, and report on them as a party.

Every queryset starts from ``Agreement.objects.visible_to(user)`` (the nested
lists from the agreement found there, or from ``Commitment.objects.visible_to``).
Who may post what is decided by ``woonmonitor.agreements.permissions`` only, and
every write goes through ``woonmonitor.agreements.services``.

Writes need an authenticated caller: a browser session (with its CSRF token), an API
token (``Authorization: Token <token>`` or ``Bearer``, made on /mijn-account/) or HTTP basic
auth. A token acts as its user: the user's memberships decide, exactly as for a session.
Status codes of the writes, in the order they are checked:

- 401 with ``WWW-Authenticate: Token realm="api"``: not authenticated (no credentials, an
  unknown, revoked or expired token, a wrong username or password), before anything else;
- 429 with ``Retry-After``: too many failed logins or tokens for the account or from the
  client address (``woonmonitor.accounts.throttling``);
- 403: a session request without a valid CSRF token;
- 404: the caller cannot see the agreement (a draft for an outsider),
  or the commitment is not part of it;
- 403: logged in without the right: the permission function gives no
  party (province, outsider, an association on a commitment it does not lead),
  or the posted ``party`` is a party of the agreement the caller may not act for;
- 400: a draft, for an editor of one of its parties (nothing can be reported on
  a draft yet), invalid input (field errors), an unknown ``party``, or an
  ``AgreementError`` from the services (``non_field_errors``).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import (
    APIException,
    NotAuthenticated,
    PermissionDenied,
    ValidationError,
)
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from woonmonitor.agreements import permissions, services
from woonmonitor.agreements.measures import Measure
from woonmonitor.agreements.models import (
    Agreement,
    AgreementStatus,
    Comment,
    Commitment,
    CommitmentStatus,
    Flag,
    NumberCell,
    NumberTable,
    Party,
    ProgressReport,
    RealisedFigure,
    Target,
    Theme,
)
from woonmonitor.agreements.targets import evaluate_targets

from ..serializers.agreements import (
    AgreementDetailSerializer,
    AgreementSerializer,
    CommentInputSerializer,
    CommentSerializer,
    CommitmentDetailSerializer,
    CommitmentSerializer,
    EvaluationDateQuerySerializer,
    ProgressReportInputSerializer,
    ProgressReportSerializer,
    RealisedFigureInputSerializer,
    RealisedFigureSerializer,
    TargetEvaluationSerializer,
    TargetRow,
)

TAGS = ["agreements"]
ID_REGEX = r"[0-9]+"
AGREEMENT_ID = OpenApiParameter(
    "agreement_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the agreement."
)
COMMITMENT_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the commitment."
)
NOT_VISIBLE = OpenApiResponse(
    description="No such agreement, or a draft the caller may not see (outsiders, anonymous)."
)


def _write_responses(created: type[serializers.Serializer]) -> dict[int, Any]:
    return {
        201: created,
        400: OpenApiResponse(
            description=(
                "Invalid input (field errors), an unknown party, or the agreement is a draft "
                "(non_field_errors)."
            )
        ),
        401: OpenApiResponse(
            description=(
                "Not authenticated: no credentials, an unknown, revoked or expired API token, "
                "or a wrong username or password (with a WWW-Authenticate header)."
            )
        ),
        403: OpenApiResponse(
            description=(
                "No right to post this for this party, or a session request without a valid "
                "CSRF token."
            )
        ),
        404: NOT_VISIBLE,
        409: OpenApiResponse(
            description=(
                "Someone else entered a figure for the same party, measure and year at the same "
                "moment; nothing was stored (non_field_errors). Look at the current figure and "
                "post again if it should be corrected."
            )
        ),
        429: OpenApiResponse(
            description=(
                "Too many failed logins or API tokens for this account or from this address; "
                "Retry-After gives the seconds to wait."
            )
        ),
    }


# ----------------------------------------------------------------------------- filters


class AgreementFilterSet(django_filters.FilterSet):
    municipality = django_filters.CharFilter(
        method="filter_municipality", help_text="CBS code of the municipality, e.g. GM0118."
    )
    status = django_filters.ChoiceFilter(
        choices=AgreementStatus.choices, help_text="Only agreements with this status."
    )

    class Meta:
        model = Agreement
        fields = ["municipality", "status"]

    def filter_municipality(
        self, queryset: QuerySet[Agreement], name: str, value: str
    ) -> QuerySet[Agreement]:
        return queryset.filter(municipality_code=value.strip().upper())


class CommitmentFilterSet(django_filters.FilterSet):
    lead = django_filters.CharFilter(
        method="filter_lead",
        help_text=(
            "Only commitments led by this party: its abbreviation (LF), its name in the "
            "document, or the slug of its organisation. Case-insensitive."
        ),
    )
    theme = django_filters.CharFilter(
        method="filter_theme",
        help_text="Only commitments of this theme: its code (A) or its title. Case-insensitive.",
    )
    status = django_filters.ChoiceFilter(
        choices=CommitmentStatus.choices, help_text="Only commitments with this status."
    )

    class Meta:
        model = Commitment
        fields = ["lead", "theme", "status"]

    def filter_lead(
        self, queryset: QuerySet[Commitment], name: str, value: str
    ) -> QuerySet[Commitment]:
        value = value.strip()
        parties = Party.objects.filter(
            Q(abbreviation__iexact=value) | Q(name__iexact=value) | Q(organisation__slug=value)
        )
        links = Commitment.leads.through.objects.filter(party__in=parties)
        return queryset.filter(pk__in=links.values("commitment_id"))

    def filter_theme(
        self, queryset: QuerySet[Commitment], name: str, value: str
    ) -> QuerySet[Commitment]:
        value = value.strip()
        return queryset.filter(Q(theme__code__iexact=value) | Q(theme__title__iexact=value))


class RealisedFigureFilterSet(django_filters.FilterSet):
    party = django_filters.CharFilter(
        field_name="party__abbreviation",
        lookup_expr="iexact",
        help_text="Only figures of this party (abbreviation, e.g. LF).",
    )
    measure = django_filters.ChoiceFilter(
        choices=Measure.choices, help_text="Only figures of this measure."
    )
    year = django_filters.NumberFilter(help_text="Only figures of this year.")

    class Meta:
        model = RealisedFigure
        fields = ["party", "measure", "year"]


# ----------------------------------------------------------------------------- agreements


def _parties() -> Prefetch:
    return Prefetch(
        "parties", queryset=Party.objects.select_related("organisation").order_by("order", "pk")
    )


@extend_schema_view(
    list=extend_schema(
        summary="List agreements",
        description=(
            "Performance agreements (prestatieafspraken) the caller may see: published ones "
            "for everyone, drafts only for their parties and the province."
        ),
    ),
    retrieve=extend_schema(
        summary="One agreement",
        description="The agreement with its parties, themes and number tables (with their cells).",
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the agreement."
            )
        ],
        responses={200: AgreementDetailSerializer, 404: NOT_VISIBLE},
    ),
)
@extend_schema(tags=TAGS)
class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Agreement.objects.none()  # for the router and the schema; see get_queryset
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    lookup_value_regex = ID_REGEX

    def get_queryset(self) -> QuerySet[Agreement]:
        agreements = (
            Agreement.objects.visible_to(self.request.user)
            .select_related("municipality")
            .prefetch_related(_parties())
            .annotate(commitment_count=Count("commitments", distinct=True))
        )
        if self.action == "retrieve":
            cells = NumberCell.objects.select_related("party").order_by("row", "col")
            tables = (
                NumberTable.objects.select_related("party", "commitment")
                .prefetch_related(
                    Prefetch("cells", queryset=cells, to_attr="all_cells"),
                    Prefetch("flags", queryset=Flag.objects.all(), to_attr="all_flags"),
                )
                .order_by("order", "pk")
            )
            agreements = agreements.prefetch_related(
                Prefetch("themes", queryset=Theme.objects.order_by("order", "pk")),
                Prefetch("tables", queryset=tables),
            )
        return agreements

    def get_serializer_class(self) -> type[AgreementSerializer]:
        return AgreementDetailSerializer if self.action == "retrieve" else AgreementSerializer


class AgreementNestedMixin:
    """Views under /agreements/{agreement_id}/: the agreement must be visible to the caller."""

    request: Request
    kwargs: dict[str, Any]

    def get_agreement(self) -> Agreement:
        if not hasattr(self, "_agreement"):
            self._agreement = get_object_or_404(
                Agreement.objects.visible_to(self.request.user), pk=self.kwargs["agreement_id"]
            )
        return self._agreement

    def is_schema_view(self) -> bool:
        return getattr(self, "swagger_fake_view", False)

    def refuse(self, allowed: list[Party], agreement: Agreement, message: str) -> None:
        """Raise when the caller may act for no party here: 403, or 400 on a party's draft."""
        if allowed:
            return
        if not self.request.user.is_authenticated:
            raise NotAuthenticated()
        if permissions.can_edit(self.request.user, agreement):
            try:
                services.require_published(agreement)
            except services.AgreementError as exc:
                raise self.service_error(exc) from exc
        raise PermissionDenied(message)

    def acting_party(self, allowed: list[Party], agreement: Agreement, abbreviation: str) -> Party:
        """The party of the input, which must be one the caller may act for."""
        for party in allowed:
            if party.abbreviation == abbreviation:
                return party
        if agreement.parties.filter(abbreviation=abbreviation).exists():
            raise PermissionDenied(
                _("U mag dit niet namens %(party)s doen.") % {"party": abbreviation}
            )
        raise ValidationError(
            {
                "party": [
                    _("%(party)s is geen partij bij deze afspraken. Kies uit: %(choices)s.")
                    % {
                        "party": abbreviation,
                        "choices": ", ".join(p.abbreviation for p in allowed),
                    }
                ]
            }
        )

    @staticmethod
    def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @staticmethod
    def service_error(exc: services.AgreementError) -> APIException:
        """400 with the reason; 409 when someone else wrote the same thing at the same moment."""
        if isinstance(exc, services.ConflictError):
            return Conflict({api_settings.NON_FIELD_ERRORS_KEY: [str(exc)]})
        return ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [str(exc)]})


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"


# ----------------------------------------------------------------------------- commitments


@extend_schema_view(
    list=extend_schema(
        summary="List the commitments of an agreement",
        description="In the order of the document, with their lead parties and status.",
        responses={200: CommitmentSerializer(many=True), 404: NOT_VISIBLE},
    ),
    retrieve=extend_schema(
        summary="One commitment",
        description="The commitment with its progress reports (newest first) and comments.",
        parameters=[COMMITMENT_ID],
        responses={200: CommitmentDetailSerializer, 404: NOT_VISIBLE},
    ),
)
@extend_schema(tags=TAGS, parameters=[AGREEMENT_ID])
class CommitmentViewSet(AgreementNestedMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Commitment.objects.none()  # for the router and the schema; see get_queryset
    permission_classes = [IsAuthenticatedOrReadOnly]  # anonymous writes: 401, before lookups
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet
    lookup_value_regex = ID_REGEX

    def get_queryset(self) -> QuerySet[Commitment]:
        if self.is_schema_view():
            return Commitment.objects.none()
        agreement = self.get_agreement()
        commitments = (
            Commitment.objects.visible_to(self.request.user)
            .filter(agreement=agreement)
            .select_related("theme")
            .prefetch_related(Prefetch("leads", queryset=Party.objects.order_by("order", "pk")))
            .order_by("order", "pk")
        )
        if self.action == "retrieve":
            reports = ProgressReport.objects.select_related("party").order_by("-created_at", "-pk")
            comments = Comment.objects.select_related("party").order_by("created_at", "pk")
            commitments = commitments.prefetch_related(
                Prefetch("progress_reports", queryset=reports),
                Prefetch("comments", queryset=comments),
            )
        return commitments

    def get_serializer_class(self) -> type[CommitmentSerializer]:
        return CommitmentDetailSerializer if self.action == "retrieve" else CommitmentSerializer

    def get_object(self) -> Commitment:
        commitment = super().get_object()
        commitment.agreement = self.get_agreement()
        return commitment

    @extend_schema(
        summary="Report progress on a commitment",
        description=(
            "For an editor of a lead party of the commitment (permissions.reporting_parties). "
            "Sets the commitment's status; earlier reports are kept."
        ),
        request=ProgressReportInputSerializer,
        parameters=[COMMITMENT_ID],
        responses=_write_responses(ProgressReportSerializer),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def progress(self, request: Request, agreement_id: str, pk: str) -> Response:
        commitment = self.get_object()
        agreement = commitment.agreement
        allowed = permissions.reporting_parties(request.user, commitment)
        self.refuse(allowed, agreement, _("U mag over deze afspraak niet rapporteren."))
        data = self.validated(ProgressReportInputSerializer, request.data)
        party = self.acting_party(allowed, agreement, data["party"])
        try:
            report = services.report_progress(
                commitment=commitment,
                party=party,
                user=request.user,
                year=data["year"],
                status=data["status"],
                text=data["text"],
            )
        except services.AgreementError as exc:
            raise self.service_error(exc) from exc
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Comment or advise on a commitment",
        description=(
            "For an editor of a tenants' organisation that is party to the agreement "
            "(permissions.commenting_parties)."
        ),
        request=CommentInputSerializer,
        parameters=[COMMITMENT_ID],
        responses=_write_responses(CommentSerializer),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def comments(self, request: Request, agreement_id: str, pk: str) -> Response:
        commitment = self.get_object()
        agreement = commitment.agreement
        allowed = permissions.commenting_parties(request.user, agreement)
        self.refuse(allowed, agreement, _("U mag bij deze prestatieafspraken niet reageren."))
        data = self.validated(CommentInputSerializer, request.data)
        party = self.acting_party(allowed, agreement, data["party"])
        try:
            comment = services.add_comment(
                commitment=commitment,
                party=party,
                user=request.user,
                kind=data["kind"],
                text=data["text"],
            )
        except services.AgreementError as exc:
            raise self.service_error(exc) from exc
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


# ----------------------------------------------------------------------------- targets


@extend_schema_view(
    list=extend_schema(
        summary="List the targets of an agreement with their evaluation",
        description=(
            "Each measurable target evaluated from the planned figures in the agreement's "
            "tables and the realised figures: achieved, on track, at risk, behind or no data, "
            "with the sentence that explains why and the source of every figure."
        ),
        parameters=[EvaluationDateQuerySerializer],
        responses={200: TargetEvaluationSerializer(many=True), 404: NOT_VISIBLE},
    ),
)
@extend_schema(tags=TAGS, parameters=[AGREEMENT_ID])
class TargetViewSet(AgreementNestedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Target.objects.none()  # for the router and the schema; see get_queryset
    serializer_class = TargetEvaluationSerializer
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[Target]:
        if self.is_schema_view():
            return Target.objects.none()
        return (
            Target.objects.filter(commitment__agreement=self.get_agreement())
            .select_related("commitment__agreement", "scope")
            .prefetch_related("commitment__agreement__parties")
            .order_by("commitment__order", "pk")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = EvaluationDateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("on") or timezone.localdate()
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        targets = page if page is not None else list(queryset)
        rows = [TargetRow(*row) for row in evaluate_targets(targets, on=on)]
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)


# ----------------------------------------------------------------------------- realised figures


@extend_schema_view(
    list=extend_schema(
        summary="List the realised figures of an agreement",
        description=(
            "The current figures (those no later record corrects) that housing associations "
            "reported for themselves, with the party and the moment they were entered."
        ),
        responses={200: RealisedFigureSerializer(many=True), 404: NOT_VISIBLE},
    ),
    create=extend_schema(
        summary="Enter a realised figure",
        description=(
            "For an editor of a housing association that is party to the agreement, for that "
            "association only (permissions.figure_parties). A second figure for the same "
            "party, measure and year corrects the first one (see `corrects`); nothing is "
            "overwritten."
        ),
        request=RealisedFigureInputSerializer,
        responses=_write_responses(RealisedFigureSerializer),
    ),
)
@extend_schema(tags=TAGS, parameters=[AGREEMENT_ID])
class RealisedFigureViewSet(
    AgreementNestedMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = RealisedFigure.objects.none()  # for the router and the schema; see get_queryset
    permission_classes = [IsAuthenticatedOrReadOnly]  # anonymous writes: 401, before lookups
    serializer_class = RealisedFigureSerializer
    filterset_class = RealisedFigureFilterSet

    def get_queryset(self) -> QuerySet[RealisedFigure]:
        if self.is_schema_view():
            return RealisedFigure.objects.none()
        return (
            RealisedFigure.objects.current()
            .filter(agreement=self.get_agreement())
            .select_related("party", "corrects")
            .order_by("party__order", "measure", "year", "pk")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = self.get_agreement()
        allowed = permissions.figure_parties(request.user, agreement)
        self.refuse(
            allowed, agreement, _("Alleen een woningcorporatie geeft haar eigen aantallen op.")
        )
        data = self.validated(RealisedFigureInputSerializer, request.data)
        party = self.acting_party(allowed, agreement, data["party"])
        try:
            figure = services.record_realised(
                agreement=agreement,
                party=party,
                user=request.user,
                measure=data["measure"],
                year=data["year"],
                value=data["value"],
                note=data["note"],
            )
        except services.AgreementError as exc:
            raise self.service_error(exc) from exc
        return Response(RealisedFigureSerializer(figure).data, status=status.HTTP_201_CREATED)
