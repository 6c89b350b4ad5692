from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .forms import AdminLoginForm
from .models import ApiToken, Membership, Organisation, ThrottleEvent, User

# The admin's login goes through the same lockout and says how long to wait.
admin.site.login_form = AdminLoginForm


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their users on /mijn-account/ (the secret is shown only there)."""

    list_display = (
        "name",
        "user",
        "starts_with",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "expires_at")
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = (
        "user",
        "name",
        "starts_with",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    exclude = ("prefix", "secret_hash")
    actions = ("revoke",)

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("begint met"))
    def starts_with(self, token: ApiToken) -> str:
        return token.display_prefix

    @admin.action(description=_("Geselecteerde API-sleutels intrekken"))
    def revoke(self, request, queryset) -> None:
        for token in queryset:
            services.revoke_api_token(token=token)


@admin.register(ThrottleEvent)
class ThrottleEventAdmin(admin.ModelAdmin):
    """The counts of the login and password-reset throttling; delete rows to unlock early."""

    list_display = ("at", "scope", "key")
    list_filter = ("scope",)
    search_fields = ("key",)
    readonly_fields = ("scope", "key", "at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
