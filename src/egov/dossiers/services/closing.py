"""The end of a dossier: the result returned, a withdrawal, the applicant's rating; and
the payment that the payments module reports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts import identifiers
from egov.core import audit
from egov.core.errors import Conflict
from egov.dossiers import permissions, workflow
from egov.dossiers.models import Delivery, Dossier, DossierRating, Status
from egov.dossiers.services._common import (
    add_event,
    clean_text,
    clear_step,
    lock,
    require,
    require_desk,
    save,
    snapshot,
)


def dossier_return(
    *, actor: Any, dossier: Dossier, method: str, recipient_name: str, note: str = "",
    expected_revision: int | None = None,
) -> Dossier:
    """The desk hands over the result (trả kết quả): at the desk, by post (the postal
    receipt in ``note``) or online, recording who received it."""
    with transaction.atomic():
        dossier = lock(dossier, expected_revision)
        workflow.check("return", dossier)
        require_desk(actor, dossier)
        if method not in Delivery.values:
            raise ValidationError({"method": _("Choose how the result was returned.")})
        recipient = clean_text(recipient_name, "recipient_name", required=True, limit=200,
                               single_line=True,
                               message=_("Enter who received the result."))
        note = clean_text(note, "note", required=False)
        before = snapshot(dossier)
        now = timezone.now()
        dossier.status = Status.RETURNED
        dossier.returned_at = now
        dossier.returned_by = actor
        dossier.return_method = method
        dossier.returned_to = recipient
        add_event(dossier, action="return", actor=actor, at=now,
                  from_status=Status.RESULT_READY, note=note,
                  data={"method": method, "recipient": recipient})
        return save(dossier, action="return", actor=actor, before=before)


def dossier_withdraw(*, actor: Any, dossier: Dossier, reason: str,
                     expected_revision: int | None = None) -> Dossier:
    """The applicant withdraws the dossier before its result (rút hồ sơ): online
    themselves, or through the desk with a written request."""
    with transaction.atomic():
        dossier = lock(dossier, expected_revision)
        workflow.check("withdraw", dossier)
        require(permissions.is_applicant(actor, dossier)
                or permissions.is_desk_officer_of(actor, dossier.agency_id),
                _("Only the applicant or the one-stop desk may do this."))
        reason = clean_text(reason, "reason", required=True,
                            message=_("Say why the dossier is withdrawn."))
        before = snapshot(dossier)
        now = timezone.now()
        from_status = dossier.status
        dossier.status = Status.WITHDRAWN
        dossier.closing_reason = reason
        dossier.paused_status = ""
        clear_step(dossier)
        add_event(dossier, action="withdraw", actor=actor, at=now, from_status=from_status,
                  note=reason)
        return save(dossier, action="withdraw", actor=actor, before=before)


def check_matches(dossier: Dossier, check: str) -> bool:
    """Whether ``check`` is the applicant's phone number or ID (the public lookup's proof
    of being the applicant)."""
    check = (check or "").strip()
    if not check:
        return False
    phone = identifiers.normalize_phone(check)
    if dossier.applicant_phone and phone == dossier.applicant_phone:
        return True
    ids = {identifiers.normalize_citizen_id(check), identifiers.normalize_tax_code(check)}
    return bool(dossier.applicant_id_number) and dossier.applicant_id_number in ids


def dossier_rate(*, actor: Any, dossier: Dossier, stars: Any, comment: str = "",
                 check: str = "") -> DossierRating:
    """The applicant rates the service once, after the result was returned: logged in,
    or with the phone number or ID given on the dossier."""
    require(permissions.is_applicant(actor, dossier) or check_matches(dossier, check),
            _("Only the applicant may rate this dossier."))
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        raise ValidationError({"stars": _("Give 1 to 5 stars.")})
    comment = clean_text(comment, "comment", required=False)
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if dossier.status != Status.RETURNED:
            raise Conflict(_("A dossier is rated after its result was returned."),
                           code="not_returned")
        if DossierRating.objects.filter(dossier=dossier).exists():
            raise Conflict(_("This dossier was already rated."), code="already_rated")
        rating = DossierRating.objects.create(dossier=dossier, stars=stars, comment=comment,
                                              created_at=timezone.now())
        audit.record("dossiers.dossier.rate", dossier, actor=actor,
                     after={"stars": stars, "comment": comment})
    return rating


def dossier_mark_paid(*, dossier_code: str, amount: int, payment_reference: str) -> Dossier:
    """Record the fee paid for a dossier (called by the payments module when a payment
    succeeds). The amount must be the dossier's fee and charge; the same payment
    reported twice changes nothing; a second, different payment is a Conflict."""
    reference = (payment_reference or "").strip()
    if not reference or len(reference) > 100:
        raise ValidationError({"payment_reference": _("A payment reference of 1 to 100 "
                                                      "characters is required.")})
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().filter(code=dossier_code).first()
        if dossier is None:
            raise ValidationError({"dossier_code": _("No dossier has the code %(code)s.")
                                   % {"code": dossier_code}})
        if dossier.paid_at is not None:
            if dossier.payment_reference == reference:
                return dossier
            raise Conflict(_("This dossier was already paid (%(reference)s).")
                           % {"reference": dossier.payment_reference}, code="already_paid")
        if dossier.status in (Status.DRAFT, Status.REFUSED, Status.WITHDRAWN):
            raise Conflict(_("The dossier is %(status)s; nothing is due.")
                           % {"status": dossier.get_status_display()}, code="nothing_due")
        if dossier.fee_amount == 0:
            raise Conflict(_("This dossier has no fee to pay."), code="nothing_due")
        if not isinstance(amount, int) or isinstance(amount, bool) \
                or amount != dossier.fee_amount:
            raise ValidationError({"amount": _("The amount due is %(due)s VND.")
                                   % {"due": f"{dossier.fee_amount:,}".replace(",", ".")}})
        before = snapshot(dossier)
        now = timezone.now()
        dossier.paid_amount = amount
        dossier.paid_at = now
        dossier.payment_reference = reference
        add_event(dossier, action="pay", actor=None, at=now, from_status=dossier.status,
                  data={"amount": amount, "reference": reference})
        return save(dossier, action="pay", actor=None, before=before,
                    fields=["paid_amount", "paid_at", "payment_reference"])
