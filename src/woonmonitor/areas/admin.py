from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .mapping import vertex_count
from .models import Area, Boundary, KeyFigure, Region, RegionMember


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "vintage", "parent")
    list_filter = ("level", "vintage")
    search_fields = ("code", "name")
    raw_id_fields = ("parent", "import_run")
    list_select_related = ("parent",)


class RegionMemberInline(admin.TabularInline):
    model = RegionMember
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "source")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (RegionMemberInline,)


@admin.register(KeyFigure)
class KeyFigureAdmin(admin.ModelAdmin):
    list_display = ("area", "key", "value", "reference_date", "source")
    list_filter = ("key", "area__level", "area__vintage")
    search_fields = ("area__code", "area__name")
    raw_id_fields = ("area", "import_run")
    list_select_related = ("area",)


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    """The geometry is large: never in the list, never loaded for it."""

    list_display = ("area", "source")
    list_filter = ("area__level", "area__vintage")
    search_fields = ("area__code", "area__name")
    raw_id_fields = ("area", "import_run")
    list_select_related = ("area",)
    exclude = ("geometry",)
    readonly_fields = ("geometry_summary",)

    def has_add_permission(self, request) -> bool:
        """Boundaries come from the loaders (load_boundaries), with an import run."""
        return False

    @admin.display(description=_("geometrie"))
    def geometry_summary(self, obj) -> str:
        geometry = obj.geometry or {}
        message = _("%(type)s met %(points)s punten; een nieuwe grens laadt u met load_boundaries")
        return message % {"type": geometry.get("type", "-"), "points": vertex_count(geometry)}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            return queryset.defer("geometry")
        return queryset
