"""Areas: list with the latest-vintage rule, detail, and GeoJSON for the maps."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from woonmonitor.areas.filters import AreaFilterSet
from woonmonitor.areas.loaders.codes import URL_REGEX
from woonmonitor.areas.models import Area, KeyFigure

from ..serializers.areas import (
    AreaDetailSerializer,
    AreaFeatureCollectionSerializer,
    AreaSerializer,
    VintageQuerySerializer,
)
from .geometry import feature_collection

#: CBS codes (NL01, PV22, GM1681, WK168100, BU16810000, and with letters: WK0363AA).
CODE_REGEX = URL_REGEX


@extend_schema_view(
    list=extend_schema(
        summary="List areas",
        description=(
            "Areas of the latest loaded vintage (the latest vintage of `level` when given); "
            "`vintage` selects another vintage. With `parent` the children of that code's "
            "record in its latest vintage (or in `vintage`)."
        ),
    ),
    retrieve=extend_schema(
        summary="One area",
        description=(
            "The area with this code in its latest vintage (or in `vintage`), with its "
            "children, key figures and boundary. The boundary is the one of this vintage "
            "when loaded; otherwise the boundary of the same code in the nearest vintage "
            "is borrowed and `geometry_vintage` says which vintage that is (it then differs "
            "from `vintage`). `geometry`, `geometry_vintage` and `geometry_source` are null "
            "when no vintage of the code has a boundary."
        ),
        parameters=[VintageQuerySerializer],
        responses={200: AreaDetailSerializer, 404: OpenApiResponse(description="Unknown code.")},
    ),
)
class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Area.objects.none()  # for the router and the schema; see get_queryset
    serializer_class = AreaSerializer
    filterset_class = AreaFilterSet
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX

    def get_queryset(self) -> QuerySet[Area]:
        areas = Area.objects.visible_to(self.request.user)
        if self.action == "geometry":
            return areas
        areas = areas.select_related("parent")
        if self.action == "retrieve":
            children = Area.objects.visible_to(self.request.user).only("id", "code", "parent_id")
            figures = KeyFigure.objects.order_by("key")
            areas = areas.prefetch_related(
                Prefetch("children", queryset=children.order_by("code")),
                Prefetch("key_figures", queryset=figures),
            )
        return areas

    def get_serializer_class(self) -> type[AreaSerializer]:
        return AreaDetailSerializer if self.action == "retrieve" else AreaSerializer

    def get_object(self) -> Area:
        """The record of the code in ``?vintage=`` or else its latest vintage.

        Does not run the list filters: the latest-vintage rule of a single area is
        the latest vintage *of that code*.
        """
        query = VintageQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        areas = self.get_queryset().with_code(self.kwargs[self.lookup_field])
        vintage = query.validated_data.get("vintage")
        if vintage is not None:
            areas = areas.filter(vintage=vintage)
        area = areas.order_by("-vintage").first()
        if area is None:
            raise Http404("No area with this code (in this vintage).")
        self.check_object_permissions(self.request, area)
        return area

    @extend_schema(
        summary="Area and children as GeoJSON",
        description=(
            "A GeoJSON FeatureCollection of the area (first feature) and its children, for "
            "maps. Each feature's `geometry_vintage` says which vintage its boundary comes "
            "from: it differs from `vintage` when the boundary is borrowed from the nearest "
            "vintage of the same code. Features without any boundary have geometry null."
        ),
        parameters=[VintageQuerySerializer],
        responses={
            200: AreaFeatureCollectionSerializer,
            404: OpenApiResponse(description="Unknown code."),
        },
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def geometry(self, request: Request, code: str) -> Response:
        area = self.get_object()
        children = (
            self.get_queryset()
            .filter(parent=area)
            .only("id", "code", "name", "level", "vintage")
            .order_by("code")
        )
        return Response(feature_collection([area, *children], request))
