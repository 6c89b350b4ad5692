"""FilterSets of the API-only lists (the area filters live in ``woonmonitor.areas.filters``)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from woonmonitor.accounts.models import Organisation, OrganisationKind
from woonmonitor.areas.models import Region


class RegionFilterSet(django_filters.FilterSet):
    member = django_filters.CharFilter(
        method="filter_member", help_text="Only regions with this municipality, e.g. GM1681."
    )

    class Meta:
        model = Region
        fields = ["member"]

    def filter_member(self, queryset: QuerySet[Region], name: str, value: str) -> QuerySet[Region]:
        return queryset.filter(members__municipality_code=value.strip().upper()).distinct()


class OrganisationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=OrganisationKind.choices, help_text="Only organisations of this kind."
    )

    class Meta:
        model = Organisation
        fields = ["kind"]
