"""Reads of payments, and who may see them.

The dossiers app asks ``fee_paid`` before letting a dossier whose fee the law requires
in advance move on (docs/payments.md).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, Sum

from egov.accounts.permissions import can_view_agency_records, is_system_admin, official_of
from egov.payments.models import Payment


def can_view_payment(user: Any, payment: Payment) -> bool:
    """The payer sees their payments; officials see those their agency received."""
    if user is None or not user.is_authenticated:
        return False
    if payment.payer_id is not None and payment.payer_id == user.pk:
        return True
    return can_view_agency_records(user, payment.agency_id)


def payments_visible_to(user: Any, *, reference: str = "", status: str = "") -> QuerySet:
    """Newest first: everything for a system administrator, the agency's for an
    official, one's own for a citizen or business."""
    queryset = Payment.objects.select_related("agency", "payer")
    if is_system_admin(user):
        pass
    elif official_of(user) is not None:
        queryset = queryset.filter(agency_id=official_of(user).agency_id)
    elif user is not None and user.is_authenticated:
        queryset = queryset.filter(payer=user)
    else:
        return queryset.none()
    if reference:
        queryset = queryset.filter(reference=reference)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def payment_by_txn_ref(txn_ref: str) -> Payment | None:
    return Payment.objects.select_related("agency", "payer").filter(txn_ref=txn_ref).first()


def paid_amount(reference: str) -> int:
    """The VND paid online for a dossier, all fees together."""
    total = Payment.objects.filter(reference=reference, status=Payment.Status.PAID).aggregate(
        total=Sum("amount"))["total"]
    return int(total or 0)


def fee_paid(reference: str, purpose: str | None = None) -> bool:
    """A fee of the dossier (any fee when ``purpose`` is None) has been paid."""
    paid = Payment.objects.filter(reference=reference, status=Payment.Status.PAID)
    if purpose is not None:
        paid = paid.filter(purpose=" ".join(purpose.split()))
    return paid.exists()


def place_name(agency: Any) -> str:
    """The place of an agency's papers: its division's name without the kind of
    division ("Tỉnh Trà Vinh" → "Trà Vinh")."""
    division = agency.division
    kind = (division.kind or "").strip()
    if kind and division.name.lower().startswith(kind.lower() + " "):
        return division.name[len(kind) + 1:]
    return division.name
