"""Payments of fees and charges (phí, lệ phí) through a gateway, with their receipts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Payment(models.Model):
    """One attempt to pay one fee of one dossier (giao dịch thanh toán).

    Written only by ``egov.payments.services``. A dossier's fee has at most one attempt
    pending and at most one paid; an attempt that expired unanswered is cancelled when the
    payer starts another. Paid attempts carry their receipt (biên lai) number, taken from
    the agency's yearly register of receipts.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        IPN = "ipn", _("Gateway notification")
        RETURN = "return", _("Payer's return from the gateway")
        EXPIRY = "expiry", _("Expired without an answer")

    reference = models.CharField(_("dossier code"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=255)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    provider = models.CharField(_("gateway"), max_length=30)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    txn_ref = models.CharField(_("transaction reference"), max_length=40, unique=True)
    agency = models.ForeignKey(
        "organizations.Agency", verbose_name=_("receiving agency"), on_delete=models.PROTECT,
        related_name="payments",
    )
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("payer"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="payments",
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    gateway_transaction_no = models.CharField(_("gateway transaction number"), max_length=40,
                                              blank=True)
    gateway_response_code = models.CharField(_("gateway result code"), max_length=10,
                                             blank=True)
    bank_code = models.CharField(_("bank"), max_length=20, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    settled_via = models.CharField(_("settled through"), max_length=10, choices=Source.choices,
                                   blank=True)
    callback_params = models.JSONField(_("gateway parameters"), null=True, blank=True)
    receipt = models.OneToOneField(
        "core.IssuedNumber", verbose_name=_("receipt number record"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    receipt_number = models.CharField(_("receipt number"), max_length=20, blank=True)
    # Why the dossier did not take a payment the gateway confirmed (withdrawn meanwhile,
    # paid another way): the money is received all the same, and the agency refunds it.
    dossier_note = models.CharField(_("dossier's refusal"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["reference", "purpose"], name="payments_fee_idx"),
            models.Index(fields=["payer", "-created_at"], name="payments_payer_idx"),
            models.Index(fields=["agency", "-created_at"], name="payments_agency_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(paid_at__isnull=False) & ~Q(receipt_number="")),
                name="payments_paid_has_receipt",
            ),
            models.UniqueConstraint(
                fields=["reference", "purpose"], condition=Q(status="pending"),
                name="payments_one_pending_per_fee",
            ),
            models.UniqueConstraint(
                fields=["reference", "purpose"], condition=Q(status="paid"),
                name="payments_one_paid_per_fee",
            ),
            models.UniqueConstraint(
                fields=["agency", "receipt_number"], condition=~Q(receipt_number=""),
                name="payments_receipt_number_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.txn_ref} {self.reference} {self.amount} VND"

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.PENDING and timezone.now() >= self.expires_at
