"""Organisations: the public parties of the agreements."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from woonmonitor.accounts.models import Organisation

from ..filters import OrganisationFilterSet
from ..serializers.organisations import OrganisationSerializer


@extend_schema_view(
    list=extend_schema(summary="List organisations"),
    retrieve=extend_schema(summary="One organisation"),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations (municipalities, housing associations, tenants' organisations, ...)."""

    queryset = Organisation.objects.none()  # for the router and the schema; see get_queryset
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.visible_to(self.request.user).only(
            "id", "slug", "name", "kind", "short_name", "area_code"
        )
