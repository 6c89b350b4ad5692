"""django-filter FilterSets for areas, shared by the pages and the API.

The latest-vintage rule lives here so pages and API agree on it: without an
explicit ``vintage`` the list holds the areas of the latest loaded vintage (for
the requested ``level`` when one is given). With ``parent`` the list holds the
children of that code's record: its latest vintage, or ``vintage`` when given.

Use it bound to the query string, for example in a page view::

    AreaFilterSet(request.GET, queryset=Area.objects.visible_to(request.user)).qs
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet

from .models import Area, Level


class IntegerFilter(django_filters.NumberFilter):
    """A number filter that only accepts whole numbers (NumberFilter accepts decimals)."""

    field_class = forms.IntegerField


class AreaFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(
        choices=Level.choices, help_text="Only areas of this level."
    )
    vintage = IntegerFilter(
        min_value=1800,
        max_value=9999,
        help_text=(
            "Year of the CBS area classification. Default: the latest loaded vintage "
            "(for the requested level when `level` is given)."
        ),
    )
    parent = django_filters.CharFilter(
        method="filter_parent",
        help_text=(
            "Code of the parent area, e.g. GM1681: its children in the parent's latest "
            "vintage, or in `vintage` when given."
        ),
    )
    q = django_filters.CharFilter(method="filter_q", help_text="Part of the area name.")

    class Meta:
        model = Area
        fields = ["level", "vintage", "parent", "q"]

    def filter_parent(self, queryset: QuerySet[Area], name: str, value: str) -> QuerySet[Area]:
        vintage = self.form.cleaned_data.get("vintage")
        parents = self.queryset.with_code(value.strip())
        parents = parents.filter(vintage=vintage) if vintage is not None else parents
        parent_pk = parents.order_by("-vintage").values("pk")[:1]
        return queryset.filter(parent__in=parent_pk)

    def filter_q(self, queryset: QuerySet[Area], name: str, value: str) -> QuerySet[Area]:
        return queryset.filter(name__icontains=value.strip())

    def filter_queryset(self, queryset: QuerySet[Area]) -> QuerySet[Area]:
        data = self.form.cleaned_data
        filtered = super().filter_queryset(queryset)
        if data.get("vintage") is not None or data.get("parent"):
            return filtered
        latest = queryset.latest_vintage(data.get("level") or None)
        return filtered.filter(vintage=latest) if latest is not None else filtered.none()
