"""Who may do what with documents, object by object (on top of egov.accounts.permissions).

The rule of the platform holds: an official acts within their own agency. Inside it,
the clerk (văn thư) keeps the registers, the director (lãnh đạo) assigns and signs,
and the other officials see a document once it is assigned to them or their unit.
"""

from __future__ import annotations

from typing import Any

from egov.accounts.models import Role
from egov.accounts.permissions import (
    agency_id_of,
    can_manage_agency,
    has_role,
    is_system_admin,
    official_of,
)


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


def is_unit_head(user: Any, unit_id: int | None) -> bool:
    official = official_of(user)
    return (unit_id is not None and official is not None and official.unit_id == unit_id
            and Role.HEAD_OF_UNIT in official.role_set)


def holds(user: Any, assignment: Any) -> bool:
    """The user answers for ``assignment``: the person named, or, for an assignment to a
    unit without a person, the head of that unit."""
    if assignment.assignee_id is not None:
        return user is not None and assignment.assignee_id == user.pk
    return is_unit_head(user, assignment.unit_id)


def involved(user: Any, assignment: Any) -> bool:
    """The user sees what ``assignment`` concerns: its holder, or the head of its unit."""
    return holds(user, assignment) or is_unit_head(user, assignment.unit_id)


def can_register_incoming(user: Any, agency_id: int | None) -> bool:
    return is_clerk(user, agency_id)


def can_view_incoming(user: Any, document: Any) -> bool:
    """The clerk and the director of the receiving agency see its incoming documents;
    other officials see those assigned to them or to the unit they head. A system
    administrator may look at documents that are not secret, for support; a secret one is
    seen only by the people above (Law on Protection of State Secrets)."""
    if official_of(user) is not None and agency_id_of(user) == document.agency_id:
        if has_role(user, Role.CLERK, Role.DIRECTOR):
            return True
        if any(involved(user, a) for a in document.assignments.all()):
            return True
    return is_system_admin(user) and not document.is_secret


# --- Outgoing documents ----------------------------------------------------------------


def can_draft(user: Any, agency_id: int | None) -> bool:
    """Any active official drafts for their own agency."""
    return official_of(user) is not None and agency_id_of(user) == agency_id


def involved_in_outgoing(user: Any, document: Any) -> bool:
    """The drafter, the signer, a reviewer (of any round), the head of the drafting unit."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.pk in (document.created_by_id, document.signer_id):
        return True
    if any(step.reviewer_id == user.pk for step in document.review_steps.all()):
        return True
    return is_unit_head(user, document.drafting_unit_id)


def can_view_outgoing(user: Any, document: Any) -> bool:
    """Before issue, a draft is seen by those working on it, the clerk and the director;
    once issued, a document that is not secret is seen by every official of the agency.
    A secret document stays with those working on it, the clerk and the director. A
    system administrator sees documents that are not secret, for support."""
    if official_of(user) is not None and agency_id_of(user) == document.agency_id:
        if has_role(user, Role.CLERK, Role.DIRECTOR) or involved_in_outgoing(user, document):
            return True
        if document.status == "issued" and not document.is_secret:
            return True
    return is_system_admin(user) and not document.is_secret


def can_issue(user: Any, agency_id: int | None) -> bool:
    return is_clerk(user, agency_id)


def can_report(user: Any, agency_id: int | None) -> bool:
    """The lists and counts of an agency's documents: its director and clerk; a system
    administrator for any agency."""
    return is_system_admin(user) or acts_for(user, agency_id, Role.DIRECTOR, Role.CLERK)
