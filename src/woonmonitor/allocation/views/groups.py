"""The start page of the priority groups and one page per group with its definitions.
Reads the database."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..models import Group, NationalNumber, Task


def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    groups = list(Group.objects.prefetch_related("definitions"))
    rows = [(group, group.definition_on(today)) for group in groups]
    return render(
        request,
        "allocation/index.html",
        {"rows": rows, "national_numbers": NationalNumber.objects.order_by("-year", "-half")},
    )


def group_detail(request: HttpRequest, key: str) -> HttpResponse:
    group = get_object_or_404(Group, key=key)
    definitions = list(group.definitions.order_by("-valid_from"))
    periods = (
        Task.objects.current()
        .filter(group=group)
        .values("year", "half", "definition__valid_from")
        .annotate(municipalities=Count("municipality_code"))
        .order_by("-year", "-half")
    )
    return render(
        request,
        "allocation/group_detail.html",
        {
            "group": group,
            "definitions": definitions,
            "current": group.definition_on(timezone.localdate()),
            "periods": periods,
        },
    )
