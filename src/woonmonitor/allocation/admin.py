"""The admin of priority groups: a platform administrator records new national half-year
numbers, group definitions, population decisions (art. 30), exchanges (art. 29 lid 2) and ratio
sets here. Saving (or deleting) a national number, a population decision or an exchange computes
the statutory tasks of the half-years it touches at once, and says what changed."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from . import statushouders
from .models import (
    Group,
    GroupDefinition,
    NationalNumber,
    PopulationOverride,
    Ratio,
    RatioSet,
    TaskExchange,
)


def recompute(request, periods: Iterable[tuple[int, int]]) -> None:
    """Compute the statutory tasks of ``periods`` (year, half) and report it on the page."""
    for year, half in sorted(set(periods)):
        try:
            result = statushouders.compute_tasks(year=year, half=half, user=request.user)
        except statushouders.ComputeError as exc:
            messages.warning(request, _("Taakstelling niet berekend: %(reason)s") % {"reason": exc})
        else:
            messages.info(request, _("Taakstelling statushouders %(result)s.") % {"result": result})


class RecomputingAdmin(admin.ModelAdmin):
    """Saving or deleting a record computes the tasks of the half-years it touches (the
    model's ``half_years()``: a national number, a population decision, an exchange)."""

    def save_model(self, request, obj, form, change):
        if hasattr(obj, "recorded_by_id") and not obj.recorded_by_id:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
        recompute(request, obj.half_years())

    def delete_model(self, request, obj):
        periods = obj.half_years()
        super().delete_model(request, obj)
        recompute(request, periods)

    def delete_queryset(self, request, queryset):
        periods = [period for obj in queryset for period in obj.half_years()]
        super().delete_queryset(request, queryset)
        recompute(request, periods)


class GroupDefinitionInline(admin.TabularInline):
    model = GroupDefinition
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "unit", "statutory", "half_yearly", "order")
    inlines = [GroupDefinitionInline]


@admin.register(NationalNumber)
class NationalNumberAdmin(RecomputingAdmin):
    list_display = ("__str__", "number", "national_backlog", "announced_on", "source")
    ordering = ("-year", "-half")


@admin.register(PopulationOverride)
class PopulationOverrideAdmin(RecomputingAdmin):
    list_display = ("municipality_code", "reference_date", "population", "decision")
    exclude = ("recorded_by",)


@admin.register(TaskExchange)
class TaskExchangeAdmin(RecomputingAdmin):
    list_display = ("group", "year", "half", "giver_code", "receiver_code", "amount", "decision")
    exclude = ("recorded_by",)


class RatioInline(admin.TabularInline):
    model = Ratio
    extra = 0


@admin.register(RatioSet)
class RatioSetAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "age_indicator", "base_year", "horizon_year", "is_example")
    inlines = [RatioInline]
