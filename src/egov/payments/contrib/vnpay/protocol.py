"""VNPay's payment protocol, version 2.1.0, as VNPay publishes it for merchants.

The merchant sends the payer's browser to the gateway with the order in the query
string (``vnp_Version``, ``vnp_Command=pay``, ``vnp_TmnCode``, ``vnp_Amount`` in VND
× 100, ``vnp_CurrCode=VND``, ``vnp_TxnRef``, ``vnp_OrderInfo``, ``vnp_OrderType``,
``vnp_Locale``, ``vnp_ReturnUrl``, ``vnp_IpAddr``, ``vnp_CreateDate`` and
``vnp_ExpireDate`` as yyyyMMddHHmmss in GMT+7) and ``vnp_SecureHash``. After payment
the gateway sends the browser back to ``vnp_ReturnUrl`` and calls the merchant's IPN
address server to server, both with ``vnp_ResponseCode``, ``vnp_TransactionStatus``,
``vnp_TransactionNo``, ``vnp_BankCode``, ``vnp_PayDate`` and a new ``vnp_SecureHash``.

The hash is HMAC-SHA512, keyed with the merchant's secret, over the ``vnp_`` parameters
except the hash itself and ``vnp_SecureHashType``, sorted by name, each written
``name=value`` with the value URL-encoded as a form field (space as ``+``) and joined
with ``&``: the way VNPay's own Python sample builds it (``quote_plus``). Empty values
are left out, as VNPay's Java and .NET samples do. Both sides of the protocol use this
module: the merchant plugin and the local gateway server.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

VERSION = "2.1.0"
COMMAND_PAY = "pay"
CURRENCY = "VND"
# VNPay's clock: Vietnam's time, GMT+7 all year.
GATEWAY_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y%m%d%H%M%S"
HASH_PARAM = "vnp_SecureHash"
NOT_SIGNED = frozenset({HASH_PARAM, "vnp_SecureHashType"})

RESPONSE_SUCCESS = "00"
RESPONSE_EXPIRED = "11"
RESPONSE_CANCELLED = "24"
TRANSACTION_SUCCESS = "00"
TRANSACTION_ERROR = "02"

# The IPN answer codes: success, order not found, order already confirmed, invalid
# amount, invalid signature, unknown error.
IPN_CONFIRMED = ("00", "Confirm Success")
IPN_NOT_FOUND = ("01", "Order not found")
IPN_ALREADY_CONFIRMED = ("02", "Order already confirmed")
IPN_INVALID_AMOUNT = ("04", "Invalid amount")
IPN_INVALID_SIGNATURE = ("97", "Invalid signature")
IPN_UNKNOWN_ERROR = ("99", "Unknown error")

# VNPay asks for order information without diacritics or special characters. Keeping to
# these also means every published sample (PHP, Java, .NET, Python) encodes it alike.
_ORDER_INFO_UNSAFE = re.compile(r"[^A-Za-z0-9 .,:/#_-]+")


def canonical_query(params: Mapping[str, object]) -> str:
    """The text that is signed, which is also the query string sent."""
    items = sorted(
        (name, str(value)) for name, value in params.items()
        if name.startswith("vnp_") and name not in NOT_SIGNED and str(value) != ""
    )
    return "&".join(f"{name}={quote_plus(value)}" for name, value in items)


def sign(params: Mapping[str, object], secret: str) -> str:
    """``vnp_SecureHash`` of the parameters: hex HMAC-SHA512 keyed with the secret."""
    return hmac.new(secret.encode(), canonical_query(params).encode(), hashlib.sha512).hexdigest()


def signed_query(params: Mapping[str, object], secret: str) -> str:
    """The query string with its hash last, ready to follow a ``?``."""
    return f"{canonical_query(params)}&{HASH_PARAM}={sign(params, secret)}"


def signature_valid(params: Mapping[str, str], secret: str) -> bool:
    given = str(params.get(HASH_PARAM, "")).lower()
    return bool(given) and hmac.compare_digest(given, sign(params, secret))


def format_time(moment: dt.datetime) -> str:
    return moment.astimezone(GATEWAY_TIME).strftime(DATE_FORMAT)


def parse_time(text: str) -> dt.datetime:
    """``ValueError`` unless ``text`` is yyyyMMddHHmmss."""
    if not re.fullmatch(r"\d{14}", text or ""):
        raise ValueError(f"Not a VNPay time: {text!r}")
    return dt.datetime.strptime(text, DATE_FORMAT).replace(tzinfo=GATEWAY_TIME)


def order_info(text: str, limit: int = 255) -> str:
    """``text`` as VNPay takes order information: no diacritics, no special characters."""
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if unicodedata.category(c) != "Mn")
    return " ".join(_ORDER_INFO_UNSAFE.sub(" ", plain).split())[:limit]
