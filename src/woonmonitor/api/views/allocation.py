"""Priority groups (aandachtsgroepen): groups, tasks with their ledger, placements, scenarios.

Reads are public, except draft scenarios (``Scenario.objects.visible_to``: 404 for whoever may
not see them) and the wijk/buurt and note of a placement (only for the organisation that
entered it and for those who read everything: small counts per wijk identify people).

``POST /allocation/placements/`` is for a party entering its own figure: an editor or admin of a
municipality for its own code, of a housing association where it works
(``allocation.placements``, through ``accounts.access``). Authentication as in the rest of the
write API (an API token, a session with its CSRF token, or basic auth). Status codes:

- 401 with ``WWW-Authenticate``: not authenticated;
- 403: no right to enter placements, for this organisation or in this municipality;
- 400: invalid input, an unknown group or organisation, or an impossible figure (a month that
  has not begun, a wijk outside the municipality), with a Dutch message;
- 409: someone entered a figure for the same month at the same moment.

The tasks per municipality (with the ledger) are in ``allocation_tasks.py``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import IntegrityError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from woonmonitor.accounts.access import member_organisation_ids, reads_everything
from woonmonitor.accounts.models import Organisation
from woonmonitor.allocation import placements
from woonmonitor.allocation.models import Group, GroupDefinition, Placement, Scenario
from woonmonitor.allocation.scenarios import scenario_payload

from ..serializers.allocation import (
    GroupSerializer,
    PlacementInputSerializer,
    PlacementSerializer,
    PlacementsQuerySerializer,
    ScenarioSerializer,
    ScenarioSummarySerializer,
)
from .agreements import Conflict

TAGS = ["allocation"]


# ----------------------------------------------------------------------------- groups


@extend_schema_view(
    list=extend_schema(
        summary="List priority groups",
        description=(
            "The priority groups (aandachtsgroepen) with the unit their task counts in and "
            "every definition with the date from which it holds and its source."
        ),
    ),
    retrieve=extend_schema(
        summary="One priority group",
        parameters=[OpenApiParameter("key", OpenApiTypes.STR, OpenApiParameter.PATH)],
        responses={200: GroupSerializer, 404: OpenApiResponse(description="Unknown group.")},
    ),
)
@extend_schema(tags=TAGS)
class GroupViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = GroupSerializer
    lookup_field = "key"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filter_backends: list[type] = []
    pagination_class = None

    def get_queryset(self) -> QuerySet[Group]:
        definitions = GroupDefinition.objects.order_by("valid_from")
        return Group.objects.prefetch_related(Prefetch("definitions", queryset=definitions))


# ----------------------------------------------------------------------------- placements


def _write_responses() -> dict[int, Any]:
    return {
        201: PlacementSerializer,
        400: OpenApiResponse(description="Invalid input or an impossible figure (Dutch)."),
        401: OpenApiResponse(description="Not authenticated (with a WWW-Authenticate header)."),
        403: OpenApiResponse(
            description=(
                "No right to enter placements for this organisation or in this municipality, "
                "or a session request without a valid CSRF token."
            )
        ),
        409: OpenApiResponse(description="Someone entered the same month at the same moment."),
    }


@extend_schema_view(
    list=extend_schema(
        summary="List placements",
        description=(
            "The current placement figures (those no later figure corrects): how many of a "
            "group a municipality or housing association housed per month. `is_demo` marks "
            "invented demonstration figures. The wijk/buurt and the note are shown only to "
            "the organisation itself and to province readers."
        ),
        parameters=[PlacementsQuerySerializer],
    ),
    create=extend_schema(
        summary="Enter a placement",
        description=(
            "For an editor or admin of a municipality (its own code) or of a housing "
            "association (where it works). A second figure for the same group, "
            "municipality, organisation, month and wijk corrects the first (see `corrects`); "
            "nothing is overwritten."
        ),
        request=PlacementInputSerializer,
        responses=_write_responses(),
    ),
)
@extend_schema(tags=TAGS)
class PlacementViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = PlacementSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]  # anonymous writes: 401
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[Placement]:
        placements_ = (
            Placement.objects.current()
            .select_related("group", "organisation")
            .order_by("group__order", "municipality_code", "year", "month", "organisation__name")
        )
        if getattr(self, "swagger_fake_view", False):
            return placements_
        query = PlacementsQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        if params.get("group"):
            placements_ = placements_.filter(group__key=params["group"])
        if params.get("municipality"):
            placements_ = placements_.filter(
                municipality_code=params["municipality"].strip().upper()
            )
        if params.get("year"):
            placements_ = placements_.filter(year=params["year"])
        if params.get("organisation"):
            placements_ = placements_.filter(organisation__slug=params["organisation"])
        return placements_

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        user = self.request.user
        context["reads_everything"] = reads_everything(user)
        context["own_organisations"] = member_organisation_ids(user)
        return context

    def _organisation(self, slug: str | None) -> Organisation:
        allowed = placements.placing_organisations(self.request.user)
        if slug:
            for organisation in allowed:
                if organisation.slug == slug:
                    return organisation
            known = Organisation.objects.filter(slug=slug).first()
            if known is None:
                raise ValidationError(
                    {"organisation": [_("Onbekende organisatie: %(slug)s.") % {"slug": slug}]}
                )
            raise PermissionDenied(
                _("U mag geen plaatsingen opgeven voor %(name)s.") % {"name": known.name}
            )
        if not allowed:
            raise PermissionDenied(
                _(
                    "Alleen bewerkers en beheerders van een gemeente of woningcorporatie geven "
                    "plaatsingen op, voor hun eigen organisatie."
                )
            )
        if len(allowed) > 1:
            raise ValidationError(
                {
                    "organisation": [
                        _("U schrijft voor meer organisaties; kies er een: %(slugs)s.")
                        % {"slugs": ", ".join(o.slug for o in allowed)}
                    ]
                }
            )
        return allowed[0]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        serializer = PlacementInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        organisation = self._organisation(data.get("organisation"))
        code = data["municipality_code"].upper()
        try:
            placements.check_area(organisation=organisation, municipality_code=code)
        except placements.PlacementError as exc:
            raise PermissionDenied(str(exc)) from exc
        group = Group.objects.filter(key=data["group"]).first()
        if group is None:
            raise ValidationError(
                {"group": [_("Onbekende groep: %(key)s.") % {"key": data["group"]}]}
            )
        try:
            placement = placements.record_placement(
                user=request.user,
                organisation=organisation,
                group=group,
                municipality_code=code,
                year=data["year"],
                month=data["month"],
                count=data["count"],
                area_code=data["area_code"],
                note=data["note"],
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except placements.PlacementError as exc:
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [str(exc)]}) from exc
        except IntegrityError as exc:
            raise Conflict(
                {
                    api_settings.NON_FIELD_ERRORS_KEY: [
                        _(
                            "Iemand anders gaf op hetzelfde moment een aantal op voor deze "
                            "maand; er is niets opgeslagen."
                        )
                    ]
                }
            ) from exc
        output = self.get_serializer(placement)
        return Response(output.data, status=status.HTTP_201_CREATED)


# ----------------------------------------------------------------------------- scenarios


@extend_schema_view(
    list=extend_schema(
        summary="List fair-share scenarios",
        description=(
            "Scenarios the caller may see: published ones for everyone; drafts for the "
            "parties of their region, the organisation that made them and the province."
        ),
        responses={200: ScenarioSummarySerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="One fair-share scenario with its inputs and result",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={
            200: ScenarioSerializer,
            404: OpenApiResponse(
                description="No such scenario, or a draft the caller may not see."
            ),
        },
    ),
)
@extend_schema(tags=TAGS)
class ScenarioViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ScenarioSerializer
    lookup_value_regex = r"[0-9]+"
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[Scenario]:
        return (
            Scenario.objects.visible_to(self.request.user)
            .select_related("region", "group", "owner")
            .order_by("region__name", "group__order", "-year", "-half", "name", "pk")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        items = page if page is not None else list(queryset)
        data = [
            {k: v for k, v in scenario_payload(s).items() if k not in ("inputs", "result")}
            for s in items
        ]
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(scenario_payload(self.get_object()))
