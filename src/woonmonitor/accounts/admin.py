from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user", "organisation")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "short_name", "area_code", "source")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "slug", "area_code")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("role", "organisation__kind")
    search_fields = ("user__username", "user__first_name", "user__last_name", "organisation__name")
    autocomplete_fields = ("user", "organisation")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = (MembershipInline,)
