"""Admin of the monitor: the catalogue (editable), values (read-only) and groups of areas."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AreaGroup, Indicator, IndicatorValue


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Admins may correct an indicator here; ``load_indicators`` writes the catalogue file's
    version back, so a lasting change belongs in ``monitor/data/indicators.toml``."""

    list_display = (
        "key",
        "name",
        "theme",
        "unit",
        "source_kind",
        "source_table",
        "aggregation",
        "disclosure",
        "disclosure_minimum",
        "catalogue_version",
    )
    list_filter = ("theme", "source_kind", "source_table", "aggregation", "disclosure")
    search_fields = ("key", "name", "source_variable")
    ordering = ("theme", "order", "key")
    fieldsets = (
        (None, {"fields": ("key", "name", "description", "theme", "unit", "decimals", "order")}),
        (_("Bron"), {"fields": ("source_kind", "source_table", "source_variable")}),
        (
            _("Berekening en optellen"),
            {
                "fields": (
                    "computation",
                    "numerator",
                    "denominator",
                    "factor",
                    "aggregation",
                    "weight",
                )
            },
        ),
        (
            _("Richting en geheimhouding"),
            {"fields": ("polarity", "disclosure", "disclosure_base", "disclosure_minimum")},
        ),
        (_("Catalogus"), {"fields": ("catalogue_version",)}),
    )


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    """Values come from imports and party input with history; nobody edits them here."""

    list_display = (
        "indicator",
        "area",
        "period",
        "value",
        "status",
        "origin",
        "is_current",
        "recorded_at",
    )
    list_filter = ("status", "origin", "is_current", "indicator__theme", "area__level", "period")
    search_fields = ("area__code", "area__name", "indicator__key")
    list_select_related = ("indicator", "area")
    raw_id_fields = ("indicator", "area", "import_run", "organisation", "entered_by", "supersedes")
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AreaGroup)
class AreaGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "owner", "source")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("owner",)
