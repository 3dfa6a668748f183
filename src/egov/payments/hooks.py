"""Where payments meets the app that owns dossiers, without importing it.

The dossiers app registers two callables in its ``AppConfig.ready``:

- a lookup in ``dossier_lookups``: dossier code → ``DossierRef`` (or None), which the
  services ask who may pay for a dossier, to which agency the money goes and how much
  is due;
- ``on_paid`` receivers, called inside the transaction that records a payment as paid,
  with ``dossier_code``, ``amount`` and ``payment_reference`` as keywords (the signature
  of ``egov.dossiers.services.dossier_mark_paid``). A receiver that raises rolls the
  whole callback back, so a payment is never paid without its dossier knowing.

Payments never import the dossiers app: the dependency goes one way, and payments can
serve other payable things later through their own lookups.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from egov.payments.models import Payment


@dataclass(frozen=True)
class DossierRef:
    """What payments needs to know of a dossier (hồ sơ)."""

    code: str
    agency_id: int  # the agency that receives the fee (cơ quan thu)
    applicant_id: int | None  # the account that applied; None for a desk dossier
    fee_due: int | None = None  # VND still to pay online; None when the dossier does not say
    fee_purpose: str = ""  # "Lệ phí cấp giấy phép ..." as the payer should read it
    title: str = ""  # the procedure's name, for the pages


DossierLookup = Callable[[str], "DossierRef | None"]


class PaidReceiver(Protocol):
    def __call__(self, *, dossier_code: str, amount: int, payment_reference: str) -> object: ...


dossier_lookups: list[DossierLookup] = []
on_paid: list[PaidReceiver] = []


def find_dossier(code: str) -> DossierRef | None:
    """The first registered lookup's answer for ``code``."""
    for lookup in dossier_lookups:
        found = lookup(code)
        if found is not None:
            return found
    return None


def notify_paid(payment: Payment) -> None:
    for receiver in on_paid:
        receiver(dossier_code=payment.reference, amount=payment.amount,
                 payment_reference=payment.txn_ref)
