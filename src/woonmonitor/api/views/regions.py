"""Regions: named groups of municipalities."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from woonmonitor.areas.models import Region

from ..filters import RegionFilterSet
from ..serializers.regions import RegionSerializer


@extend_schema_view(
    list=extend_schema(summary="List regions"),
    retrieve=extend_schema(summary="One region"),
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Regions with the CBS codes of their member municipalities (valid in every vintage)."""

    queryset = Region.objects.none()  # for the router and the schema; see get_queryset
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self) -> QuerySet[Region]:
        return Region.objects.visible_to(self.request.user).prefetch_related("members")
