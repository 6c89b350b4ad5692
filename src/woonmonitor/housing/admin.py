from __future__ import annotations

from django.contrib import admin

from .models import RentThresholds


@admin.register(RentThresholds)
class RentThresholdsAdmin(admin.ModelAdmin):
    list_display = (
        "year",
        "quality_discount_limit",
        "capping_limit_low",
        "capping_limit_high",
        "liberalisation_limit",
        "verification",
    )
    list_filter = ("verification",)
    raw_id_fields = ("import_run",)
