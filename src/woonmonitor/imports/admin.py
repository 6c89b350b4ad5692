from __future__ import annotations

from django.contrib import admin

from .models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Import runs are a record of what happened: read-only."""

    list_display = (
        "started_at",
        "command",
        "source",
        "file_name",
        "vintage",
        "status",
        "rows_read",
        "rows_accepted",
        "rows_rejected",
    )
    list_filter = ("status", "command", "vintage")
    search_fields = ("source", "file_name", "command", "file_sha256")
    date_hierarchy = "started_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
