"""Accounts in the administration site: to look up and for the few actions a system
administrator needs there. Accounts are opened and changed on the accounts pages
(/accounts/officials/), where the services check and audit every change; here the
actions call the same services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from egov.accounts import services
from egov.accounts.models import Official, OfficialRole, User
from egov.core.errors import Conflict


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _run(request: HttpRequest, queryset: QuerySet, action: Any) -> int:
    done = 0
    for obj in queryset:
        try:
            action(obj)
        except (PermissionDenied, Conflict, ValidationError) as exc:
            messages.warning(request, f"{obj}: {getattr(exc, 'message', exc)}")
        else:
            done += 1
    return done


class OfficialRoleInline(admin.TabularInline):
    model = OfficialRole
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "full_name", "kind", "email", "phone", "is_active",
                    "totp_enabled", "last_login"]
    list_filter = ["kind", "is_active", "totp_enabled", "is_superuser"]
    search_fields = ["username", "full_name", "email", "citizen_id", "tax_code", "phone"]
    fields = ["username", "kind", "full_name", "email", "phone", "citizen_id", "tax_code",
              "address", "is_active", "is_staff", "is_superuser", "totp_enabled",
              "last_login", "date_joined"]
    actions = ["unlock"]

    @admin.action(description=_("Unlock the selected accounts"), permissions=["view"])
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        done = _run(request, queryset,
                    lambda user: services.account_unlock(actor=request.user, user=user))
        self.message_user(request, ngettext("%(count)d account unlocked.",
                                            "%(count)d accounts unlocked.", done)
                          % {"count": done})


@admin.register(Official)
class OfficialAdmin(ReadOnlyAdmin):
    list_display = ["user", "agency", "unit", "position", "is_active"]
    list_filter = ["is_active", "roles__role", "agency__kind"]
    search_fields = ["user__username", "user__full_name", "user__email", "agency__name",
                     "agency__code"]
    list_select_related = ["user", "agency", "unit"]
    fields = ["user", "agency", "unit", "position", "is_active"]
    inlines = [OfficialRoleInline]
    actions = ["deactivate"]

    @admin.action(description=_("Deactivate the selected officials"), permissions=["view"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Official]) -> None:
        done = _run(request, queryset, lambda official: services.official_deactivate(
            actor=request.user, official=official, reason=str(_("from the administration site")),
        ))
        self.message_user(request, ngettext("%(count)d official deactivated.",
                                            "%(count)d officials deactivated.", done)
                          % {"count": done})
