"""The result document (kết quả giải quyết): printed from the procedure version's result
template (or the default one) in the official layout, and signed (PAdES) by the official
who decides, in the signature space of the document, with their own active certificate.

A refusal with reasons is a result too: the agency's signed answer to the applicant.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field

from egov.accounts.models import Official, Role
from egov.accounts.permissions import official_of
from egov.core.errors import Conflict
from egov.dossiers.models import Dossier, Outcome
from egov.dossiers.slips import place_of
from egov.printing.document import Signer
from egov.printing.pdf import render_pdf, signature_box
from egov.printing.vietnamese import place_date_line
from egov.signatures.models import Certificate, SignerKind
from egov.signatures.permissions import can_sign_with
from egov.signatures.selectors import certificates_for_signing, personal_certificate_at, seal_at
from egov.signatures.services import sign_pdf

FIELD_NAME = "KetQua"


def signing_certificate(actor: Any, certificate: Certificate | None = None) -> Certificate:
    """The certificate the result is signed with: the one chosen, else the official's
    own active certificate. Conflict when they have none."""
    if certificate is not None:
        return certificate
    own = (certificates_for_signing(actor)
           .filter(signer_kind=SignerKind.INDIVIDUAL, valid_from__lte=timezone.now())
           .order_by("-valid_from").first())
    if own is None:
        raise Conflict(_("You have no active digital certificate to sign the result with. "
                         "Ask the agency to request one for you."), code="no_certificate")
    return own


def _position(actor: Any) -> str:
    official = official_of(actor)
    if official is not None and official.position:
        return official.position
    for role in (Role.DIRECTOR, Role.HEAD_OF_UNIT, Role.SPECIALIST):
        if official is not None and role in official.role_set:
            return str(Role(role).label)
    return str(Role.DIRECTOR.label)


def _body(dossier: Dossier, outcome: str, reason: str) -> str:
    """The version's own result template when it has one, with the dossier, its answers
    and the decision; it is catalogue data, so a broken one says so instead of failing."""
    template = dossier.version.result_template.strip()
    if not template or outcome != Outcome.GRANTED:
        return ""
    try:
        return Template(template).render(Context({
            "dossier": dossier, "answers": dossier.answers, "version": dossier.version,
            "agency": dossier.agency, "reason": reason}))
    except TemplateSyntaxError as exc:
        raise Conflict(_("The result template of this procedure is broken: %(error)s")
                       % {"error": exc}, code="result_template") from None


def result_context(dossier: Dossier, *, actor: Any, outcome: str, reason: str,
                   on: dt.date | None = None) -> dict[str, Any]:
    """What the result template shows; ``on`` is the date it bears (today by default)."""
    agency = dossier.agency
    granted = outcome == Outcome.GRANTED
    answers = [(field["label"], dossier.answers.get(field["name"]))
               for field in dossier.version.form if dossier.answers.get(field["name"])
               not in (None, "")]
    return {
        "dossier": dossier, "granted": granted, "reason": reason, "answers": answers,
        "agency": agency.name, "parent_agency": agency.parent.name if agency.parent_id else "",
        "place_date": place_date_line(place_of(dossier), on or timezone.localdate()),
        "type_name": dossier.version.result_name if granted else "Văn bản trả lời",
        "title": "" if granted else f"Về hồ sơ {dossier.code}",
        # Rendered with autoescaping: only the catalogue's own markup stays raw.
        "own_body": mark_safe(_body(dossier, outcome, reason)),
        "addressee_lines": [] if granted else [dossier.applicant_name],
        "recipients_lines": [f"- {dossier.applicant_name};", "- Lưu: VT, hồ sơ."],
        "signer": Signer(position=_position(actor), name=actor.get_full_name()),
    }


def render_result(dossier: Dossier, *, actor: Any, outcome: str, reason: str,
                  on: dt.date | None = None) -> bytes:
    return render_pdf("dossiers/results/result.html", result_context(
        dossier, actor=actor, outcome=outcome, reason=reason, on=on))


def _with_field(pdf: bytes) -> bytes:
    """The PDF with an empty signature field over the signature space of the layout."""
    box = signature_box(pdf)
    if box is None:
        return pdf
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    append_signature_field(writer, SigFieldSpec(FIELD_NAME, on_page=box.page, box=box.box))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def signed_result(*, actor: Any, dossier: Dossier, outcome: str, reason: str,
                  certificate: Certificate | None = None, passphrase: str | None = None,
                  at: dt.datetime | None = None) -> bytes:
    """Print and sign the result; ValidationError (wrong passphrase, unusable certificate)
    or Conflict (no certificate, no timestamp authority) leave nothing behind. ``at``
    replays a decision of the past (an archive, the demo's 2017): the result bears that
    day and is signed as of then, with a certificate in force then (``certificate_at``)."""
    certificate = signing_certificate(actor, certificate)
    on = timezone.localtime(at).date() if at is not None else None
    pdf = _with_field(render_result(dossier, actor=actor, outcome=outcome, reason=reason,
                                    on=on))
    return sign_pdf(actor=actor, pdf_bytes=pdf, certificate=certificate, passphrase=passphrase,
                    reason=f"Kết quả giải quyết hồ sơ {dossier.code}",
                    location=place_of(dossier), field_name=FIELD_NAME, at=at)


def certificate_at(official: Official, moment: dt.datetime) -> Certificate | None:
    """The certificate a result decided by ``official`` at ``moment`` was signed with:
    their own, in force then, or else their agency's seal if they may apply it (a
    district's chairman has no personal certificate); None when neither."""
    own = personal_certificate_at(official.pk, moment)
    if own is not None:
        return own
    seal = seal_at(official.agency_id, moment)
    return seal if seal is not None and can_sign_with(official.user, seal) else None


def store(pdf: bytes) -> tuple[str, str]:
    """Save a signed result; (storage name, sha256)."""
    now = timezone.now()
    name = default_storage.save(f"dossiers/results/{now:%Y/%m}/{uuid.uuid4().hex}.pdf",
                                ContentFile(pdf))
    return name, hashlib.sha256(pdf).hexdigest()
