"""Who may do what with documents, object by object (on top of egov.accounts.permissions).

The rule of the platform holds: an official acts within their own agency. Inside it,
the clerk (văn thư) keeps the registers, the director (lãnh đạo) assigns and signs,
and the other officials see a document once it is assigned to them or their unit.
"""

from __future__ import annotations

from typing import Any

from egov.accounts.models import Role
from egov.accounts.permissions import agency_id_of, can_manage_agency, has_role, official_of


def acts_for(user: Any, agency_id: int | None, *roles: str) -> bool:
    """The user is an active official of ``agency_id`` holding one of ``roles``."""
    return agency_id is not None and agency_id_of(user) == agency_id and has_role(user, *roles)


def is_clerk(user: Any, agency_id: int | None) -> bool:
    return acts_for(user, agency_id, Role.CLERK)


def is_director(user: Any, agency_id: int | None) -> bool:
    return acts_for(user, agency_id, Role.DIRECTOR)


def can_configure_registers(user: Any, agency_id: int | None) -> bool:
    """The registers and their number series are set by the head of the agency (Decree
    30/2020, Art. 15): its director, its clerk on their behalf, or its administrator."""
    return can_manage_agency(user, agency_id) or acts_for(
        user, agency_id, Role.DIRECTOR, Role.CLERK
    )


def can_view_registers(user: Any, agency_id: int | None) -> bool:
    return official_of(user) is not None and agency_id_of(user) == agency_id
