"""Who may do what with certificates, on top of ``egov.accounts.permissions``.

- System administrators run the authority: issue, reject, revoke, reinstate, trust.
- An agency's administrator requests, renews and suspends the agency's certificates
  and registers its yearly needs.
- An individual certificate signs only for its holder; an agency's seal is applied by
  its director, clerk (văn thư) or one-stop desk officer.
- Anyone may verify a PDF and fetch a CRL or a CA certificate.
"""

from __future__ import annotations

from typing import Any

from egov.accounts.models import Role
from egov.accounts.permissions import (
    can_manage_agency,
    can_view_agency_records,
    has_role,
    is_system_admin,
    official_of,
)

SEAL_ROLES = (Role.DIRECTOR, Role.CLERK, Role.DESK_OFFICER)


def can_administer_authority(user: Any) -> bool:
    return is_system_admin(user)


def can_request_for(user: Any, agency_id: int | None) -> bool:
    return can_manage_agency(user, agency_id)


def can_view_certificate(user: Any, certificate: Any) -> bool:
    if can_view_agency_records(user, certificate.agency_id):
        return True
    official = official_of(user)
    return official is not None and certificate.official_id == official.pk


def can_manage_certificate(user: Any, certificate: Any) -> bool:
    return can_manage_agency(user, certificate.agency_id)


def can_sign_with(user: Any, certificate: Any) -> bool:
    official = official_of(user)
    if official is None:
        return False
    if certificate.official_id is not None:
        return certificate.official_id == official.pk
    return official.agency_id == certificate.agency_id and has_role(user, *SEAL_ROLES)
