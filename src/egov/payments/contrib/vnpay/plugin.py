"""The VNPay provider: payments through VNPay's gateway (or any gateway that speaks its
2.1.0 protocol, such as ``egov payment_gateway`` for the demo and the tests)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from egov.core import context
from egov.payments.base import (
    CallbackResult,
    InvalidPluginConfiguration,
    Outcome,
    PaymentProvider,
)
from egov.payments.contrib.vnpay import protocol
from egov.payments.errors import CallbackRejected
from egov.payments.registry import register

if TYPE_CHECKING:
    from egov.payments.models import Payment

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
MIN_SECRET_LENGTH = 16

# vnp_ResponseCode as VNPay documents it, said to the payer.
RESPONSE_MESSAGES: dict[str, Promise] = {
    "00": _("The payment succeeded."),
    "07": _("The money was taken, but the bank holds the transaction as suspicious."),
    "09": _("Your card or account is not registered for internet banking."),
    "10": _("The card or account details were entered wrongly more than three times."),
    "11": _("The time allowed for payment ran out."),
    "12": _("Your card or account is locked."),
    "13": _("The one-time password (OTP) was wrong."),
    "24": _("You cancelled the payment."),
    "51": _("Your account does not have enough money."),
    "65": _("Your account has passed its daily transaction limit."),
    "75": _("The paying bank is under maintenance."),
    "79": _("The payment password was entered wrongly too many times."),
    "99": _("The gateway reported another error."),
}

NOTIFICATION_ANSWERS = {
    Outcome.CONFIRMED: protocol.IPN_CONFIRMED,
    Outcome.NOT_FOUND: protocol.IPN_NOT_FOUND,
    Outcome.ALREADY_CONFIRMED: protocol.IPN_ALREADY_CONFIRMED,
    Outcome.INVALID_AMOUNT: protocol.IPN_INVALID_AMOUNT,
    Outcome.INVALID_SIGNATURE: protocol.IPN_INVALID_SIGNATURE,
    Outcome.ERROR: protocol.IPN_UNKNOWN_ERROR,
}


@dataclass(frozen=True)
class VNPayOptions:
    gateway_url: str  # the payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html
    merchant_code: str  # vnp_TmnCode, given by VNPay
    hash_secret: str  # vnp_HashSecret, given by VNPay
    order_type: str = "other"  # VNPay's category of goods


@register("vnpay")
class VNPayProvider(PaymentProvider[VNPayOptions]):
    verbose_name = _("VNPay")

    @classmethod
    def load_options(cls) -> VNPayOptions:
        return VNPayOptions(
            gateway_url=getattr(settings, "EGOV_PAYMENT_VNPAY_URL",
                                "http://127.0.0.1:8099/paymentv2/vpcpay.html"),
            merchant_code=getattr(settings, "EGOV_PAYMENT_VNPAY_TMN_CODE", ""),
            hash_secret=getattr(settings, "EGOV_PAYMENT_VNPAY_HASH_SECRET", ""),
            order_type=getattr(settings, "EGOV_PAYMENT_VNPAY_ORDER_TYPE", "other"),
        )

    def check_config(self) -> None:
        options = self.options
        if not re.fullmatch(r"[A-Za-z0-9]{1,20}", options.merchant_code):
            raise InvalidPluginConfiguration(
                "EGOV_PAYMENT_VNPAY_TMN_CODE must be the merchant code VNPay gave "
                "(letters and digits)."
            )
        if len(options.hash_secret) < MIN_SECRET_LENGTH:
            raise InvalidPluginConfiguration(
                f"EGOV_PAYMENT_VNPAY_HASH_SECRET must be the secret VNPay gave "
                f"(at least {MIN_SECRET_LENGTH} characters)."
            )
        url = urlsplit(options.gateway_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise InvalidPluginConfiguration("EGOV_PAYMENT_VNPAY_URL must be an http(s) address.")
        if url.scheme == "http" and url.hostname not in LOOPBACK_HOSTS:
            # The order travels in the address: only a gateway on this machine may do without TLS.
            raise InvalidPluginConfiguration(
                "EGOV_PAYMENT_VNPAY_URL must use https unless the gateway runs on this machine."
            )

    def start_payment(self, payment: Payment, return_url: str) -> str:
        # Outside a web request (a command) the payer is at this machine.
        client_ip = context.current().ip_address or "127.0.0.1"
        params: dict[str, Any] = {
            "vnp_Version": protocol.VERSION,
            "vnp_Command": protocol.COMMAND_PAY,
            "vnp_TmnCode": self.options.merchant_code,
            "vnp_Amount": payment.amount * 100,
            "vnp_CurrCode": protocol.CURRENCY,
            "vnp_TxnRef": payment.txn_ref,
            "vnp_OrderInfo": protocol.order_info(f"Ho so {payment.reference} {payment.purpose}"),
            "vnp_OrderType": self.options.order_type,
            "vnp_Locale": "en" if (get_language() or "").startswith("en") else "vn",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": client_ip,
            "vnp_CreateDate": protocol.format_time(payment.created_at),
            "vnp_ExpireDate": protocol.format_time(payment.expires_at),
        }
        separator = "&" if "?" in self.options.gateway_url else "?"
        return self.options.gateway_url + separator + protocol.signed_query(
            params, self.options.hash_secret
        )

    def verify_callback(self, params: Mapping[str, str]) -> CallbackResult:
        params = {str(k): str(v) for k, v in params.items()}
        if not protocol.signature_valid(params, self.options.hash_secret):
            raise CallbackRejected(Outcome.INVALID_SIGNATURE, "The signature does not match.")
        txn_ref = params.get("vnp_TxnRef", "")
        amount = params.get("vnp_Amount", "")
        if not txn_ref or not amount.isdigit():
            raise CallbackRejected(Outcome.ERROR, "vnp_TxnRef or vnp_Amount is missing.")
        if params.get("vnp_TmnCode") != self.options.merchant_code:
            raise CallbackRejected(Outcome.ERROR, "vnp_TmnCode is not this merchant's.")
        try:
            paid_at = protocol.parse_time(params["vnp_PayDate"]) if params.get(
                "vnp_PayDate") else None
        except ValueError as exc:
            raise CallbackRejected(Outcome.ERROR, str(exc)) from exc
        response_code = params.get("vnp_ResponseCode", "")
        return CallbackResult(
            txn_ref=txn_ref,
            amount=Decimal(amount) / 100,
            succeeded=(response_code == protocol.RESPONSE_SUCCESS
                       and params.get("vnp_TransactionStatus") == protocol.TRANSACTION_SUCCESS),
            cancelled=response_code == protocol.RESPONSE_CANCELLED,
            response_code=response_code,
            transaction_no=params.get("vnp_TransactionNo", ""),
            bank_code=params.get("vnp_BankCode", ""),
            paid_at=paid_at,
            params=params,
        )

    def notification_answer(self, outcome: Outcome) -> dict[str, Any]:
        code, message = NOTIFICATION_ANSWERS[outcome]
        return {"RspCode": code, "Message": message}

    def describe(self, response_code: str) -> str | Promise:
        return RESPONSE_MESSAGES.get(response_code, "")
