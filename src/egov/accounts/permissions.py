"""Who may see and change what, checked on the server object by object.

The rule of the platform: an official acts within their own agency; a system
administrator acts everywhere; a citizen or business sees only their own records.
Views, API viewsets and selectors ask these functions instead of testing roles
themselves, so the rule lives in one place.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.permissions import BasePermission

from egov.accounts.models import Role


def official_of(user: Any) -> Any:
    """The user's active ``Official`` record, or None for citizens and anonymous users."""
    if user is None or not user.is_authenticated or not user.is_official:
        return None
    official = getattr(user, "official", None)
    if official is None or not official.is_active:
        return None
    return official


def agency_id_of(user: Any) -> int | None:
    official = official_of(user)
    return official.agency_id if official is not None else None


def roles_of(user: Any) -> set[str]:
    official = official_of(user)
    return official.role_set if official is not None else set()


def has_role(user: Any, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_system_admin(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and (
        user.is_superuser or has_role(user, Role.SYSTEM_ADMIN)
    ))


def can_view_agency_records(user: Any, agency_id: int | None) -> bool:
    """Officials see the records of their own agency; system administrators see all."""
    if is_system_admin(user):
        return True
    return agency_id is not None and agency_id == agency_id_of(user)


def can_manage_agency(user: Any, agency_id: int | None) -> bool:
    """Change an agency's units and accounts: its administrator, or a system administrator."""
    if is_system_admin(user):
        return True
    return (
        agency_id is not None
        and agency_id == agency_id_of(user)
        and has_role(user, Role.AGENCY_ADMIN)
    )


def scope_to_agency(user: Any, queryset: QuerySet, field: str = "agency") -> QuerySet:
    """Keep the rows of the user's agency (all rows for a system administrator)."""
    if is_system_admin(user):
        return queryset
    agency_id = agency_id_of(user)
    if agency_id is None:
        return queryset.none()
    return queryset.filter(**{f"{field}_id": agency_id})


class IsOfficial(BasePermission):
    """API access for active officials only."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return official_of(request.user) is not None or is_system_admin(request.user)


def is_citizen_or_business(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and not user.is_official)


def holds_system_power(official: Any) -> bool:
    """The official is a system administrator: only another one may change them."""
    return official.user.is_superuser or Role.SYSTEM_ADMIN in official.role_set


def can_view_official(user: Any, official: Any) -> bool:
    """Officials see the accounts of their own agency; system administrators see all."""
    return can_view_agency_records(user, official.agency_id)


def can_manage_official(user: Any, official: Any) -> bool:
    """Change an official's account: their agency's administrator or a system administrator,
    and only a system administrator when the official is one."""
    if holds_system_power(official):
        return is_system_admin(user)
    return can_manage_agency(user, official.agency_id)


def can_grant_role(user: Any, role: str) -> bool:
    """The system administrator role is granted and taken back by system administrators only."""
    return role != Role.SYSTEM_ADMIN or is_system_admin(user)
