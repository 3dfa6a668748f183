"""Every change of state of a dossier (HackSoft-style ``dossier_<action>``).

Each runs in one transaction: it locks the dossier, refuses a caller whose copy is
stale (``expected_revision``, by default the revision of the dossier passed in) with a
Conflict, checks the move against ``egov.dossiers.workflow`` and the actor against
``egov.dossiers.permissions``, appends the event and ends with an audit entry.
Other modules import from here: ``from egov.dossiers.services import dossier_mark_paid``.
"""

from egov.dossiers.services.archive import dossier_result_archive
from egov.dossiers.services.closing import (
    check_matches,
    dossier_mark_paid,
    dossier_rate,
    dossier_return,
    dossier_withdraw,
)
from egov.dossiers.services.intake import (
    dossier_accept,
    dossier_apply,
    dossier_attach,
    dossier_create_draft,
    dossier_detach,
    dossier_intake,
    dossier_refuse,
    dossier_request_supplement,
    dossier_submit,
    dossier_supplement,
    dossier_update_draft,
    request_fingerprint,
)
from egov.dossiers.services.processing import (
    dossier_apologise,
    dossier_approve,
    dossier_decline,
    dossier_forward,
    dossier_send_back,
    dossier_take,
)

__all__ = [
    "check_matches",
    "dossier_accept",
    "dossier_apologise",
    "dossier_apply",
    "dossier_approve",
    "dossier_attach",
    "dossier_create_draft",
    "dossier_decline",
    "dossier_detach",
    "dossier_forward",
    "dossier_intake",
    "dossier_mark_paid",
    "dossier_rate",
    "dossier_refuse",
    "dossier_request_supplement",
    "dossier_result_archive",
    "dossier_return",
    "dossier_send_back",
    "dossier_submit",
    "dossier_supplement",
    "dossier_take",
    "dossier_update_draft",
    "dossier_withdraw",
    "request_fingerprint",
]
