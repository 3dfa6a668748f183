"""Every change of state of the signatures app (HackSoft-style ``<entity>_<action>``).

Other modules import from here: ``from egov.signatures.services import sign_pdf``.
"""

from egov.signatures.services.authorities import (
    authority_import,
    authority_setup_platform,
    authority_update,
    crl_publish,
    timestamp_authority,
)
from egov.signatures.services.certificates import (
    certificate_change_passphrase,
    certificate_import,
    certificate_issue,
    certificate_reinstate,
    certificate_reject,
    certificate_renew,
    certificate_request,
    certificate_revoke,
    certificate_suspend,
    certificates_expire,
    certificates_remind,
    need_register,
)
from egov.signatures.services.signing import sign_pdf

__all__ = [
    "authority_import",
    "authority_setup_platform",
    "authority_update",
    "certificate_change_passphrase",
    "certificate_import",
    "certificate_issue",
    "certificate_reinstate",
    "certificate_reject",
    "certificate_renew",
    "certificate_request",
    "certificate_revoke",
    "certificate_suspend",
    "certificates_expire",
    "certificates_remind",
    "crl_publish",
    "need_register",
    "sign_pdf",
    "timestamp_authority",
]
