"""The admin of priority groups: a platform administrator records new national half-year
numbers, group definitions, population decisions (art. 30) and ratio sets here."""

from __future__ import annotations

from django.contrib import admin

from .models import (
    Group,
    GroupDefinition,
    NationalNumber,
    PopulationOverride,
    Ratio,
    RatioSet,
    TaskExchange,
)


class GroupDefinitionInline(admin.TabularInline):
    model = GroupDefinition
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "unit", "statutory", "half_yearly", "order")
    inlines = [GroupDefinitionInline]


@admin.register(NationalNumber)
class NationalNumberAdmin(admin.ModelAdmin):
    list_display = ("__str__", "number", "national_backlog", "announced_on", "source")
    ordering = ("-year", "-half")


@admin.register(PopulationOverride)
class PopulationOverrideAdmin(admin.ModelAdmin):
    list_display = ("municipality_code", "reference_date", "population", "decision")
    exclude = ("recorded_by",)

    def save_model(self, request, obj, form, change):
        obj.recorded_by = obj.recorded_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(TaskExchange)
class TaskExchangeAdmin(admin.ModelAdmin):
    list_display = ("group", "year", "half", "giver_code", "receiver_code", "amount", "decision")
    exclude = ("recorded_by",)

    def save_model(self, request, obj, form, change):
        obj.recorded_by = obj.recorded_by or request.user
        super().save_model(request, obj, form, change)


class RatioInline(admin.TabularInline):
    model = Ratio
    extra = 0


@admin.register(RatioSet)
class RatioSetAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "age_indicator", "base_year", "horizon_year", "is_example")
    inlines = [RatioInline]
