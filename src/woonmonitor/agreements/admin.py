from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Agreement,
    Comment,
    Commitment,
    Flag,
    NumberTable,
    Party,
    ProgressReport,
    RealisedFigure,
    Target,
)


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    fields = ("abbreviation", "name", "kind", "organisation")


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ("title", "municipality", "edition", "status", "published_at")
    list_filter = ("status", "municipality")
    readonly_fields = ("source_sha256", "import_run", "published_at", "published_by")
    exclude = ("source_text",)
    inlines = [PartyInline]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ("agreement", "number", "theme", "status")
    list_filter = ("agreement", "status")
    search_fields = ("number", "content")


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ("commitment", "description", "kind", "comparison", "value", "unit", "scope")
    list_filter = ("commitment__agreement", "kind")


@admin.register(NumberTable)
class NumberTableAdmin(SimpleHistoryAdmin):
    list_display = ("agreement", "title", "kind", "party")


@admin.register(Flag)
class FlagAdmin(SimpleHistoryAdmin):
    list_display = ("agreement", "kind", "field", "confirmed_at")
    list_filter = ("kind", "agreement")


class AppendOnlyAdmin(admin.ModelAdmin):
    """Reports, comments and realised figures are never edited: corrections are new records."""

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(AppendOnlyAdmin):
    list_display = ("commitment", "party", "year", "status", "author", "created_at")


@admin.register(Comment)
class CommentAdmin(AppendOnlyAdmin):
    list_display = ("commitment", "party", "kind", "author", "created_at")


@admin.register(RealisedFigure)
class RealisedFigureAdmin(AppendOnlyAdmin):
    list_display = ("agreement", "party", "measure", "year", "value", "author", "created_at")
