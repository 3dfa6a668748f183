"""How the payments module sees a dossier (registered in ``DossiersConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from egov.dossiers.models import Dossier, Status
from egov.payments.hooks import DossierRef

# Nothing is due on a dossier that was never submitted, was refused or withdrawn.
_CLOSED = {Status.DRAFT, Status.REFUSED, Status.WITHDRAWN}


def payable(code: str) -> DossierRef | None:
    dossier = (
        Dossier.objects.select_related("version").filter(code=code).first() if code else None
    )
    if dossier is None:
        return None
    due = 0 if dossier.status in _CLOSED or dossier.is_paid else dossier.fee_amount
    return DossierRef(
        code=dossier.code,
        agency_id=dossier.agency_id,
        applicant_id=dossier.applicant_id,
        fee_due=due,
        fee_purpose=_("Fee and charge: %(procedure)s") % {"procedure": dossier.version.name},
        title=dossier.version.name,
    )
