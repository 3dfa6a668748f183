"""Who sees which indicators.

System administrators and the province's leaders (leaders of the provincial people's
committee and of its office) see the whole province and any agency. The leader of an
agency (its director, or the head of one of its units) sees that agency, with the
agencies under it. Other officials, citizens and businesses see no indicators.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from egov.accounts.models import Role
from egov.accounts.permissions import has_role, is_system_admin, official_of
from egov.indicators.selectors import agency_subtree_ids
from egov.organizations.models import Agency

LEADER_ROLES = (Role.DIRECTOR, Role.HEAD_OF_UNIT)
PROVINCE_KINDS = (Agency.Kind.PROVINCIAL_COMMITTEE, Agency.Kind.PROVINCIAL_OFFICE)


def sees_whole_province(user: Any) -> bool:
    if is_system_admin(user):
        return True
    official = official_of(user)
    return (official is not None and official.agency.kind in PROVINCE_KINDS
            and has_role(user, *LEADER_ROLES))


def can_view_indicators(user: Any) -> bool:
    return sees_whole_province(user) or has_role(user, *LEADER_ROLES)


def home_agency(user: Any) -> Agency | None:
    """The agency the user's figures default to: None (the whole province) for those who
    see it, otherwise their own agency."""
    if sees_whole_province(user):
        return None
    official = official_of(user)
    return official.agency if official is not None else None


def check_agency(user: Any, agency: Agency | None, on: dt.date) -> Agency | None:
    """The agency the user asked for, or their default when they asked for none;
    PermissionDenied when it is outside what they may see."""
    if not can_view_indicators(user):
        raise PermissionDenied(_("Only leaders see the indicators."))
    if sees_whole_province(user):
        return agency
    own = home_agency(user)
    if agency is None or agency.pk == own.pk:
        return own
    if agency.pk not in agency_subtree_ids(own, on):
        raise PermissionDenied(_("You may see the indicators of your own agency only."))
    return agency


class CanViewIndicators(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return can_view_indicators(request.user)
