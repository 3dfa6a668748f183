"""Results of the past: the signed result of a dossier decided before the platform kept
it (an archive brought in with ``egov import dossiers``, the demo's 2017) put into the
dossier, where its applicant and the agency download it as a result signed today."""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from egov.accounts.permissions import is_system_admin
from egov.core import audit
from egov.core.errors import Conflict
from egov.dossiers import results
from egov.dossiers.models import Dossier, Status
from egov.dossiers.services._common import lock, require, snapshot


def _check_signed_pdf(pdf: bytes) -> None:
    try:
        signed = bool(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError):
        raise ValidationError({"result": _("The result is not a readable PDF.")}) from None
    if not signed:
        raise ValidationError({"result": _("The result carries no digital signature.")})


def dossier_result_archive(*, actor: Any, dossier: Dossier, pdf: bytes, source: str,
                           expected_revision: int | None = None) -> Dossier:
    """Attach ``pdf``, the signed result of a dossier decided in the past, to it
    (lưu kết quả giải quyết vào hồ sơ). Only for a dossier whose result was ready and
    that holds none yet; only the platform (``actor=None``) or a system administrator
    brings history in. The PDF must carry a signature: what it is worth, any verifier
    shows (``egov.signatures.verification``). One audit entry names ``source``."""
    require(actor is None or is_system_admin(actor),
            _("Only a system administrator may bring in results of the past."))
    _check_signed_pdf(pdf)
    name, sha256 = results.store(pdf)
    try:
        with transaction.atomic():
            dossier = lock(dossier, expected_revision)
            if dossier.finished_at is None or dossier.status not in (Status.RESULT_READY,
                                                                     Status.RETURNED):
                raise Conflict(_("Only a dossier whose result was ready can receive its "
                                 "result (it is %(status)s).")
                               % {"status": dossier.get_status_display()},
                               code="no_result_yet")
            if dossier.result_file:
                raise Conflict(_("This dossier already holds its result."),
                               code="result_present")
            before = snapshot(dossier)
            dossier.result_file, dossier.result_sha256 = name, sha256
            dossier.revision += 1
            dossier.save(update_fields=["result_file", "result_sha256", "revision"])
            audit.record("dossiers.dossier.result_archive", dossier, actor=actor,
                         before=before, after={**snapshot(dossier), "result_sha256": sha256,
                                               "source": source[:200]})
    except BaseException:
        default_storage.delete(name)
        raise
    return dossier
