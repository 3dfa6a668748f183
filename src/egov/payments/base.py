"""What every payment gateway plugin (cổng thanh toán) provides.

A provider turns a ``Payment`` into the address the payer's browser is sent to, and
turns what the gateway sends back (the payer's return and the server-to-server
notification) into a ``CallbackResult`` it has checked. It never writes: the services
decide what a verified result changes.
"""

from __future__ import annotations

import abc
import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

if TYPE_CHECKING:
    from egov.payments.models import Payment


class InvalidPluginConfiguration(ImproperlyConfigured):
    """The provider's settings cannot work (no secret, an unusable address)."""


class Outcome(enum.Enum):
    """How a gateway's callback ended, which each provider answers in its own words."""

    CONFIRMED = "confirmed"
    NOT_FOUND = "not_found"
    ALREADY_CONFIRMED = "already_confirmed"
    INVALID_AMOUNT = "invalid_amount"
    INVALID_SIGNATURE = "invalid_signature"
    ERROR = "error"


@dataclass(frozen=True)
class CallbackResult:
    """A callback whose signature the provider has checked, in the platform's terms."""

    txn_ref: str
    amount: Decimal  # VND, as the gateway says it was charged (it counts hundredths)
    succeeded: bool
    cancelled: bool  # the payer turned back at the gateway
    response_code: str
    transaction_no: str = ""
    bank_code: str = ""
    paid_at: dt.datetime | None = None
    params: dict[str, str] = field(default_factory=dict)


OptionsT = TypeVar("OptionsT")


class PaymentProvider(abc.ABC, Generic[OptionsT]):
    """One gateway. Subclasses set ``identifier`` (through the registry), a
    ``verbose_name`` and ``options_class``, and read their options from settings."""

    identifier: ClassVar[str] = ""
    verbose_name: ClassVar[str | Promise] = ""

    def __init__(self, options: OptionsT | None = None) -> None:
        self.options: OptionsT = options if options is not None else self.load_options()

    @classmethod
    @abc.abstractmethod
    def load_options(cls) -> OptionsT:
        """The options as configured (``settings.EGOV_PAYMENT_<PROVIDER>_...``)."""

    @abc.abstractmethod
    def check_config(self) -> None:
        """Raise ``InvalidPluginConfiguration`` saying what is wrong, or return."""

    @abc.abstractmethod
    def start_payment(self, payment: Payment, return_url: str) -> str:
        """The gateway address, with the signed order, to send the payer's browser to.

        Called again for the same pending payment when the payer comes back to it, so it
        depends only on the payment and ``return_url``."""

    @abc.abstractmethod
    def verify_callback(self, params: Mapping[str, str]) -> CallbackResult:
        """Check the gateway's signature and read the result; raise
        ``egov.payments.errors.CallbackRejected`` when the signature or the data is bad."""

    @abc.abstractmethod
    def notification_answer(self, outcome: Outcome) -> dict[str, Any]:
        """The body the gateway expects in answer to its server-to-server notification."""

    def describe(self, response_code: str) -> str | Promise:
        """What a gateway result code means, for the payer; empty when not known."""
        return ""
