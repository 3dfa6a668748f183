"""Who may see and move a dossier, object by object.

- The applicant (the account that filed it) sees it and submits, supplements,
  withdraws and rates it.
- The one-stop desk officers (cán bộ một cửa) of the receiving agency check, accept,
  refuse, ask for supplements, record paper supplements, hand over and return results.
- At a processing step, the official it was handed to; while nobody has taken it, any
  official of the agency with the step's role (and unit, when the step names one).
- Every official of the receiving agency sees its dossiers; system administrators see
  all of them but move none: processing is the agency's.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from egov.accounts.models import Role
from egov.accounts.permissions import (
    can_view_agency_records,
    has_role,
    is_citizen_or_business,
    is_system_admin,
    official_of,
)
from egov.dossiers.models import Dossier, Status


def is_applicant(user: Any, dossier: Dossier) -> bool:
    return bool(
        user is not None and user.is_authenticated and dossier.applicant_id is not None
        and dossier.applicant_id == user.pk
    )


def is_desk_officer_of(user: Any, agency_id: int) -> bool:
    official = official_of(user)
    return bool(official is not None and official.agency_id == agency_id
                and has_role(user, Role.DESK_OFFICER))


def can_act_at_step(user: Any, dossier: Dossier, *, step_role: str | None = None,
                    unit_id: int | bool | None = False) -> bool:
    """May ``user`` work at the dossier's current step (or at the given role and unit)?"""
    official = official_of(user)
    if official is None or official.agency_id != dossier.agency_id:
        return False
    role = step_role if step_role is not None else dossier.step_role
    unit = dossier.unit_id if unit_id is False else unit_id
    if role not in official.role_set:
        return False
    return unit is None or official.unit_id == unit


def is_handler(user: Any, dossier: Dossier) -> bool:
    """The official who holds the current step, or, while it is unassigned, one who
    may take it."""
    if dossier.status not in (Status.RECEIVED, Status.PROCESSING):
        return False
    if dossier.assignee_id is not None:
        official = official_of(user)
        return official is not None and dossier.assignee_id == user.pk
    return can_act_at_step(user, dossier)


def can_view(user: Any, dossier: Dossier) -> bool:
    return is_applicant(user, dossier) or can_view_agency_records(user, dossier.agency_id)


def visible_to(user: Any, queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """The dossiers of ``queryset`` that ``user`` may see."""
    if user is None or not user.is_authenticated:
        return queryset.none()
    if is_system_admin(user):
        return queryset
    official = official_of(user)
    if official is not None:
        return queryset.filter(agency_id=official.agency_id)
    if is_citizen_or_business(user):
        return queryset.filter(applicant_id=user.pk)
    return queryset.none()


def inbox_filter(user: Any) -> Q:
    """What waits for ``user``: held by them, or unassigned at a step of their role and
    unit in their agency; for desk officers also what awaits intake and return."""
    official = official_of(user)
    if official is None:
        return Q(pk__in=[])
    roles = official.role_set
    mine = Q(assignee_id=user.pk, status__in=[Status.RECEIVED, Status.PROCESSING])
    pool = Q(agency_id=official.agency_id, assignee__isnull=True,
             status__in=[Status.RECEIVED, Status.PROCESSING], step_role__in=roles) & (
        Q(unit__isnull=True) | Q(unit_id=official.unit_id)
    )
    query = mine | pool
    if Role.DESK_OFFICER in roles:
        query |= Q(agency_id=official.agency_id,
                   status__in=[Status.SUBMITTED, Status.RESULT_READY])
    return query


def available_actions(user: Any, dossier: Dossier, step_count: int) -> list[str]:
    """The moves ``user`` may make on ``dossier`` now, as the pages offer them (the
    services check again when one is made)."""
    applicant = is_applicant(user, dossier)
    desk = is_desk_officer_of(user, dossier.agency_id)
    handler = is_handler(user, dossier)
    status = dossier.status
    index = dossier.step_index
    last = index is not None and index == step_count - 1
    actions: list[str] = []
    if status == Status.DRAFT and applicant:
        actions.append("submit")
    if status == Status.SUBMITTED and desk:
        actions += ["accept", "request_supplement", "refuse"]
    if status == Status.AWAITING_SUPPLEMENT and (applicant or desk):
        actions.append("supplement")
    if status in (Status.RECEIVED, Status.PROCESSING) and handler:
        if dossier.assignee_id is None:
            actions.append("take")
        if not last:
            actions.append("forward")
        if status == Status.PROCESSING and index is not None and index >= 2:
            actions.append("send_back")
        if status == Status.PROCESSING and last:
            actions += ["approve", "decline"]
        if status == Status.PROCESSING:
            actions.append("request_supplement")
    official = official_of(user)
    if status in (Status.RECEIVED, Status.PROCESSING) and (handler or (
            official is not None and official.agency_id == dossier.agency_id
            and has_role(user, Role.HEAD_OF_UNIT, Role.DIRECTOR))):
        actions.append("apologise")
    if status == Status.RESULT_READY and desk:
        actions.append("return")
    if status in (Status.SUBMITTED, Status.RECEIVED, Status.AWAITING_SUPPLEMENT,
                  Status.PROCESSING) and (applicant or desk):
        actions.append("withdraw")
    return actions
