"""Every change of state of a payment: starting one, and taking the gateway's answer."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.errors import Conflict
from egov.core.numbering import next_number, yearly_period
from egov.organizations.models import Agency
from egov.payments import hooks
from egov.payments.base import Outcome, PaymentProvider
from egov.payments.errors import CallbackRejected
from egov.payments.models import Payment
from egov.payments.registry import register
from egov.printing.vietnamese import group_digits

logger = logging.getLogger(__name__)

# VNPay's amount field carries at most 12 digits after ×100; no fee comes near.
MAX_AMOUNT = 9_999_999_999
# How long past its expiry a gateway may still confirm an attempt (its notifications are
# retried); only after that may the payer's new attempt cancel it.
LATE_ANSWER_GRACE = dt.timedelta(minutes=15)


def _expiry_minutes() -> int:
    return int(getattr(settings, "EGOV_PAYMENT_EXPIRY_MINUTES", 15))


def _new_txn_ref() -> str:
    # Date first, as VNPay asks references to be unique per day; the random part
    # makes them unguessable, since the reference opens the payment's status.
    return timezone.localtime().strftime("%y%m%d") + secrets.token_hex(6).upper()


def provider_for(identifier: str) -> PaymentProvider:
    """The configured provider; ``Conflict`` when it cannot take payments now."""
    provider = register.get(identifier)
    try:
        provider.check_config()
    except ImproperlyConfigured as exc:
        logger.error("Payment provider %s is not configured: %s", identifier, exc)
        raise Conflict(_("Online payment is not available at the moment."),
                       code="payment_unavailable") from exc
    return provider


def _validate_start(dossier_code: str, amount: Any, purpose: str,
                    provider: str) -> hooks.DossierRef:
    errors: dict[str, str] = {}
    if isinstance(amount, bool) or not isinstance(amount, int):
        errors["amount"] = _("The amount must be a whole number of đồng.")
    elif not 0 < amount <= MAX_AMOUNT:
        errors["amount"] = _("The amount must be between 1 and %(max)s đồng.") % {
            "max": group_digits(MAX_AMOUNT)}
    if not purpose:
        errors["purpose"] = _("Say what the payment is for.")
    elif len(purpose) > 255:
        errors["purpose"] = _("The purpose may have at most 255 characters.")
    if provider not in register:
        errors["provider"] = _("There is no payment gateway called %(name)s.") % {
            "name": provider}
    dossier = hooks.find_dossier(dossier_code) if dossier_code else None
    if not dossier_code:
        errors["dossier_code"] = _("Enter the dossier code.")
    elif dossier is None:
        errors["dossier_code"] = _("No dossier has this code.")
    if errors:
        raise ValidationError(errors)
    assert dossier is not None
    return dossier


def payment_start(*, actor: Any, dossier_code: str, amount: int, purpose: str,
                  provider: str = "vnpay", return_url: str) -> tuple[Payment, str]:
    """Start paying a dossier's fee online; return the payment and the gateway address
    to send the payer to.

    Only the dossier's applicant pays for it. When the fee already has an attempt the
    payer can still complete, that attempt is returned again instead of a second one,
    so nobody pays twice because they pressed the button twice.
    """
    dossier_code = (dossier_code or "").strip()
    purpose = " ".join((purpose or "").split())
    dossier = _validate_start(dossier_code, amount, purpose, provider)
    if actor is None or not actor.is_authenticated or dossier.applicant_id != actor.pk:
        raise PermissionDenied(_("Only the dossier's applicant may pay for it."))
    if dossier.fee_due == 0:
        raise Conflict(_("Nothing is due for this dossier."), code="nothing_due")
    if dossier.fee_due is not None and amount != dossier.fee_due:
        raise ValidationError({"amount": _("The fee due for this dossier is %(due)s đồng.") % {
            "due": group_digits(dossier.fee_due)}})
    gateway = provider_for(provider)

    with transaction.atomic():
        now = timezone.now()
        attempt = _open_attempt(dossier_code, purpose, payer=actor, amount=amount,
                                provider=provider, now=now)
        if attempt is not None:
            return attempt, gateway.start_payment(attempt, return_url)
        payment = Payment(
            reference=dossier_code, purpose=purpose, amount=amount, provider=provider,
            txn_ref=_new_txn_ref(), agency=Agency.objects.get(pk=dossier.agency_id),
            payer=actor, created_at=now,
            expires_at=now + dt.timedelta(minutes=_expiry_minutes()),
        )
        try:
            with transaction.atomic():
                payment.save()
        except IntegrityError as exc:
            # Another request started the same fee at the same moment (a double click)
            # and committed first: its attempt is this one's too.
            attempt = _open_attempt(dossier_code, purpose, payer=actor, amount=amount,
                                    provider=provider, now=now)
            if attempt is None:
                raise Conflict(_("A payment of this fee is already being started."),
                               code="payment_in_progress") from exc
            return attempt, gateway.start_payment(attempt, return_url)
        audit.record("payments.payment.start", payment, actor=actor,
                     after=audit.snapshot(payment))
    return payment, gateway.start_payment(payment, return_url)


def _open_attempt(reference: str, purpose: str, *, payer: Any, amount: int, provider: str,
                  now: dt.datetime) -> Payment | None:
    """The fee's attempt the payer can still complete, locked; None when a new one may
    start. Raises ``Conflict`` when the fee is paid or someone else's attempt is open, and
    cancels an attempt long past its expiry."""
    attempts = Payment.objects.select_for_update().filter(
        reference=reference, purpose=purpose,
        status__in=[Payment.Status.PENDING, Payment.Status.PAID],
    )
    for attempt in attempts:
        if attempt.status == Payment.Status.PAID:
            raise Conflict(_("This fee of the dossier is already paid."), code="already_paid")
        if attempt.expires_at + LATE_ANSWER_GRACE <= now:
            _payment_expire(attempt)
            continue
        if (attempt.payer_id, attempt.amount, attempt.provider) != (payer.pk, amount, provider):
            raise Conflict(
                _("A payment of this fee is in progress until %(time)s.") % {
                    "time": timezone.localtime(attempt.expires_at).strftime("%H:%M %d/%m/%Y")},
                code="payment_in_progress",
            )
        return attempt
    return None


def _payment_expire(payment: Payment) -> None:
    """An attempt nobody answered long after its expiry: the gateway no longer takes it."""
    before = audit.snapshot(payment)
    payment.status = Payment.Status.CANCELLED
    payment.settled_at = timezone.now()
    payment.settled_via = Payment.Source.EXPIRY
    payment.save(update_fields=["status", "settled_at", "settled_via"])
    audit.record("payments.payment.expire", payment, before=before,
                 after=audit.snapshot(payment))


def payment_callback(*, provider: str, params: Mapping[str, str],
                     source: str = Payment.Source.IPN) -> Payment:
    """Take a gateway's answer about a payment, from its server-to-server notification
    (``ipn``) or from the payer's browser coming back (``return``).

    Raises ``CallbackRejected`` and changes nothing when the signature is forged, the
    payment unknown, the amount not the one asked, or the payment already settled (a
    repeated notification). Otherwise the payment becomes paid (with its receipt number,
    and the dossier told through ``hooks.on_paid``), failed or cancelled.
    """
    if source not in (Payment.Source.IPN, Payment.Source.RETURN):
        raise ValueError(f"Unknown callback source {source!r}.")
    if provider not in register:
        raise CallbackRejected(Outcome.NOT_FOUND, f"No payment provider {provider!r}.")
    result = register.get(provider).verify_callback(params)

    with transaction.atomic():
        # of=self: locking the agency row too would queue every payment of the agency.
        payment = (Payment.objects.select_for_update(of=("self",)).select_related("agency")
                   .filter(provider=provider, txn_ref=result.txn_ref).first())
        if payment is None:
            raise CallbackRejected(Outcome.NOT_FOUND, f"No payment {result.txn_ref!r}.")
        if result.amount != payment.amount:
            raise CallbackRejected(
                Outcome.INVALID_AMOUNT,
                f"Amount {result.amount} is not the {payment.amount} asked.", payment)
        if payment.status != Payment.Status.PENDING:
            raise CallbackRejected(Outcome.ALREADY_CONFIRMED,
                                   f"Payment {payment.txn_ref} is already {payment.status}.",
                                   payment)
        before = audit.snapshot(payment)
        now = timezone.now()
        payment.gateway_response_code = result.response_code[:10]
        payment.gateway_transaction_no = result.transaction_no[:40]
        payment.bank_code = result.bank_code[:20]
        payment.callback_params = result.params
        payment.settled_at = now
        payment.settled_via = source
        if result.succeeded:
            payment.status = Payment.Status.PAID
            payment.paid_at = result.paid_at or now
            period = yearly_period(timezone.localdate(payment.paid_at))
            issued = next_number(f"payments.receipt:{payment.agency.code}", period,
                                 purpose=f"Receipt of payment {payment.txn_ref} "
                                         f"for dossier {payment.reference}")
            payment.receipt = issued
            payment.receipt_number = f"{issued.value:07d}/{period}"
            action = "payments.payment.paid"
        elif result.cancelled:
            payment.status = Payment.Status.CANCELLED
            action = "payments.payment.cancel"
        else:
            payment.status = Payment.Status.FAILED
            action = "payments.payment.fail"
        payment.save()
        if payment.status == Payment.Status.PAID:
            _tell_dossier(payment)
        audit.record(action, payment, before=before, after=audit.snapshot(payment))
    return payment


def _tell_dossier(payment: Payment) -> None:
    """Tell the dossier it is paid. A refusal (the dossier was withdrawn meanwhile, or
    paid another way) does not undo the payment: the gateway took the money, so the
    payment and its receipt stay, with the reason, for the agency to refund. Any other
    error rolls the whole callback back and the gateway notifies again later."""
    try:
        with transaction.atomic():
            hooks.notify_paid(payment)
    except (ValidationError, Conflict) as exc:
        reason = exc.message if isinstance(exc, Conflict) else " ".join(exc.messages)
        logger.error("Dossier %s refused payment %s: %s", payment.reference, payment.txn_ref,
                     reason)
        payment.dossier_note = str(reason)[:300]
        payment.save(update_fields=["dossier_note"])
