"""Why a gateway callback was not taken."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egov.payments.base import Outcome

if TYPE_CHECKING:
    from egov.payments.models import Payment


class CallbackRejected(Exception):
    """The callback changed nothing. ``outcome`` says why, in the terms every provider
    can answer; ``payment`` is set when the payment was found (already settled)."""

    def __init__(self, outcome: Outcome, message: str, payment: Payment | None = None) -> None:
        super().__init__(message)
        self.outcome = outcome
        self.message = message
        self.payment = payment
