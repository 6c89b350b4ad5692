"""The admin of woningbouwprogrammering. Projects change only through the pages, the API and
the imports (``services.save_project``), which keep every version: here they are read-only.
The phase ladder comes from ``data/phases.toml`` (``load_programming_data``); a platform
administrator can read it here, correct nothing that projects use."""

from __future__ import annotations

from django.contrib import admin

from .models import (
    CheckExplanation,
    DuplicateDecision,
    ImpulsteamSupport,
    Peilmoment,
    Phase,
    PhaseLadder,
    PlanCapacity,
    Project,
    ProjectVersion,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = ("order", "key", "name", "certainty", "realised", "dropped", "definition")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PhaseLadder)
class PhaseLadderAdmin(ReadOnlyAdmin):
    list_display = ("name", "version", "valid_from")
    inlines = [PhaseInline]


class VersionInline(admin.TabularInline):
    model = ProjectVersion
    extra = 0
    fields = ("number", "recorded_at", "author", "reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("name", "municipality_code", "phase", "units_net", "publicity", "is_demo")
    list_filter = ("is_demo", "source", "publicity", "phase__certainty")
    search_fields = ("name", "municipality_code", "developer_name", "source_id")
    inlines = [VersionInline]


@admin.register(PlanCapacity)
class PlanCapacityAdmin(ReadOnlyAdmin):
    list_display = (
        "municipality_name",
        "municipality_code",
        "reference_year",
        "certainty",
        "first_year",
        "last_year",
        "units",
    )
    list_filter = ("reference_year", "certainty")
    search_fields = ("municipality_name", "municipality_code")


@admin.register(Peilmoment)
class PeilmomentAdmin(ReadOnlyAdmin):
    list_display = ("date", "taken_at", "taken_by")


@admin.register(ImpulsteamSupport)
class ImpulsteamSupportAdmin(admin.ModelAdmin):
    list_display = ("subject", "project", "requested_by", "since", "outcome", "is_demo")
    list_filter = ("outcome", "is_demo")
    raw_id_fields = ("project",)
    readonly_fields = ("author", "recorded_at")


@admin.register(CheckExplanation)
class CheckExplanationAdmin(ReadOnlyAdmin):
    list_display = ("area", "check_key", "organisation", "recorded_at")


@admin.register(DuplicateDecision)
class DuplicateDecisionAdmin(ReadOnlyAdmin):
    list_display = ("first", "second", "same", "organisation", "decided_at")
