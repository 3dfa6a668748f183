"""A local payment gateway that plays VNPay's side of the 2.1.0 protocol.

It is a separate HTTP server (``egov payment_gateway``; the tests start it in a thread),
not a path inside the platform: the platform talks to it exactly as it talks to VNPay.
It checks the merchant's signed order, shows the payer a page to approve or cancel,
then calls the merchant's IPN address server to server and sends the browser back to
``vnp_ReturnUrl``, both with signed results. Orders live in memory only.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import secrets
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from egov.payments.contrib.vnpay import protocol
from egov.printing.vietnamese import group_digits

logger = logging.getLogger(__name__)

PAY_PATH = "/paymentv2/vpcpay.html"
CONFIRM_PATH = "/paymentv2/confirm"
MAX_FORM_BYTES = 4096
REQUIRED = ("vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_Amount", "vnp_CurrCode",
            "vnp_TxnRef", "vnp_OrderInfo", "vnp_OrderType", "vnp_Locale", "vnp_ReturnUrl",
            "vnp_IpAddr", "vnp_CreateDate", "vnp_ExpireDate")


@dataclass
class Order:
    """An order as the merchant sent it, until the payer decides."""

    params: dict[str, str]
    token: str
    expires_at: dt.datetime
    done: bool = False
    result: dict[str, str] = field(default_factory=dict)

    @property
    def txn_ref(self) -> str:
        return self.params["vnp_TxnRef"]

    @property
    def amount(self) -> int:
        return int(self.params["vnp_Amount"]) // 100


class GatewayError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class LocalGateway:
    """The server. ``start()`` serves in a thread (tests), ``serve_forever()`` in this one."""

    def __init__(self, *, merchant_code: str, hash_secret: str, ipn_url: str,
                 host: str = "127.0.0.1", port: int = 8099, bank_code: str = "LOCAL",
                 ipn_attempts: int = 3, log: Callable[[str], Any] | None = None) -> None:
        self.merchant_code = merchant_code
        self.hash_secret = hash_secret
        self.ipn_url = ipn_url
        self.bank_code = bank_code
        self.ipn_attempts = ipn_attempts
        self.log = log or logger.info
        self.orders: dict[str, Order] = {}
        self.tokens: dict[str, str] = {}
        # Every notification sent and the merchant's answer (None when it did not answer).
        self.notifications: list[tuple[str, dict[str, Any] | None]] = []
        self._lock = threading.Lock()
        self._numbers = itertools.count(14_000_001)
        # Straight to the platform: a proxy from the environment has no business here.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        """The payment page address, for ``EGOV_PAYMENT_VNPAY_URL``."""
        return self.base_url + PAY_PATH

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def start(self) -> LocalGateway:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="local-payment-gateway")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # --- the gateway's side of the protocol ------------------------------------------

    def receive_order(self, params: dict[str, str]) -> Order:
        """Check an order as VNPay does; the same open order may be shown again."""
        if not protocol.signature_valid(params, self.hash_secret):
            raise GatewayError("97", _("The order's signature is not valid."))
        missing = [name for name in REQUIRED if not params.get(name)]
        if missing:
            raise GatewayError("03", _("The order lacks %(fields)s.") % {
                "fields": ", ".join(missing)})
        if params["vnp_TmnCode"] != self.merchant_code:
            raise GatewayError("02", _("This merchant is not known to the gateway."))
        if (params["vnp_Version"], params["vnp_Command"], params["vnp_CurrCode"]) != (
                protocol.VERSION, protocol.COMMAND_PAY, protocol.CURRENCY):
            raise GatewayError("03", _("The gateway does not take this kind of order."))
        amount = params["vnp_Amount"]
        if not amount.isdigit() or int(amount) == 0 or int(amount) % 100:
            raise GatewayError("04", _("The amount is not valid."))
        try:
            protocol.parse_time(params["vnp_CreateDate"])
            expires_at = protocol.parse_time(params["vnp_ExpireDate"])
        except ValueError as exc:
            raise GatewayError("03", _("The order's dates are not valid.")) from exc
        if urlsplit(params["vnp_ReturnUrl"]).scheme not in ("http", "https"):
            raise GatewayError("03", _("The return address is not valid."))
        with self._lock:
            known = self.orders.get(params["vnp_TxnRef"])
            if known is not None:
                if known.done or known.amount != int(amount) // 100:
                    raise GatewayError("94", _("This transaction reference was already used."))
                return known
            if dt.datetime.now(protocol.GATEWAY_TIME) >= expires_at:
                raise GatewayError("11", _("The time allowed for payment ran out."))
            order = Order(params=dict(params), token=secrets.token_urlsafe(24),
                          expires_at=expires_at)
            self.orders[order.txn_ref] = order
            self.tokens[order.token] = order.txn_ref
        self.log(f"order {order.txn_ref}: {order.amount} VND, {params['vnp_OrderInfo']}")
        return order

    def decide(self, token: str, approve: bool) -> Order:
        """The payer approved or cancelled: notify the merchant, then return the order
        whose ``result`` the browser carries back."""
        with self._lock:
            txn_ref = self.tokens.get(token)
            order = self.orders.get(txn_ref) if txn_ref else None
            if order is None or order.done:
                raise GatewayError("94", _("This payment is not open any more."))
            order.done = True
        now = dt.datetime.now(protocol.GATEWAY_TIME)
        if now >= order.expires_at:
            response, status, number = protocol.RESPONSE_EXPIRED, protocol.TRANSACTION_ERROR, "0"
        elif approve:
            response, status = protocol.RESPONSE_SUCCESS, protocol.TRANSACTION_SUCCESS
            number = str(next(self._numbers))
        else:
            response, status, number = (protocol.RESPONSE_CANCELLED,
                                        protocol.TRANSACTION_ERROR, "0")
        order.result = {
            "vnp_TmnCode": self.merchant_code,
            "vnp_TxnRef": order.txn_ref,
            "vnp_Amount": order.params["vnp_Amount"],
            "vnp_OrderInfo": order.params["vnp_OrderInfo"],
            "vnp_BankCode": self.bank_code,
            "vnp_CardType": "ATM",
            "vnp_PayDate": protocol.format_time(now),
            "vnp_ResponseCode": response,
            "vnp_TransactionStatus": status,
            "vnp_TransactionNo": number,
        }
        if number != "0":
            order.result["vnp_BankTranNo"] = f"{self.bank_code}{number}"
        self.log(f"order {order.txn_ref}: response {response}, transaction {number}")
        self.notify(order)
        return order

    def notify(self, order: Order) -> dict[str, Any] | None:
        """Call the merchant's IPN address; try again while it gives no usable answer."""
        address = self.ipn_url + ("&" if "?" in self.ipn_url else "?") + protocol.signed_query(
            order.result, self.hash_secret)
        answer: dict[str, Any] | None = None
        for attempt in range(1, self.ipn_attempts + 1):
            try:
                with self._opener.open(address, timeout=10) as response:
                    answer = json.loads(response.read().decode())
            except (OSError, ValueError) as exc:
                self.log(f"IPN {order.txn_ref} attempt {attempt}: no answer ({exc})")
                answer = None
            if answer is not None and answer.get("RspCode") != protocol.IPN_UNKNOWN_ERROR[0]:
                break
            if attempt < self.ipn_attempts:
                time.sleep(0.5 * attempt)
        self.log(f"IPN {order.txn_ref}: {answer}")
        with self._lock:
            self.notifications.append((order.txn_ref, answer))
        return answer

    def return_address(self, order: Order) -> str:
        return_url = order.params["vnp_ReturnUrl"]
        return return_url + ("&" if "?" in return_url else "?") + protocol.signed_query(
            order.result, self.hash_secret)

    # --- HTTP ------------------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "egov-local-gateway"

            def log_message(self, format: str, *args: Any) -> None:
                logger.debug("%s " + format, self.address_string(), *args)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path != PAY_PATH:
                    self._page(HTTPStatus.NOT_FOUND, "payments/gateway/error.html",
                               {"code": "404", "message": _("Not found.")})
                    return
                params = dict(parse_qsl(url.query, keep_blank_values=True))
                with translation.override(_language(params.get("vnp_Locale", ""))):
                    try:
                        order = gateway.receive_order(params)
                    except GatewayError as exc:
                        self._error(exc)
                        return
                    self._page(HTTPStatus.OK, "payments/gateway/pay.html", {
                        "order": order, "params": order.params,
                        "amount": group_digits(order.amount), "confirm_path": CONFIRM_PATH,
                    })

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if urlsplit(self.path).path != CONFIRM_PATH or not 0 < length <= MAX_FORM_BYTES:
                    self._page(HTTPStatus.NOT_FOUND, "payments/gateway/error.html",
                               {"code": "404", "message": _("Not found.")})
                    return
                form = dict(parse_qsl(self.rfile.read(length).decode(errors="replace")))
                token = form.get("token", "")
                txn_ref = gateway.tokens.get(token, "")
                order = gateway.orders.get(txn_ref)
                locale = order.params.get("vnp_Locale", "") if order else ""
                with translation.override(_language(locale)):
                    try:
                        order = gateway.decide(token, approve=form.get("decision") == "approve")
                    except GatewayError as exc:
                        self._error(exc)
                        return
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", gateway.return_address(order))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _error(self, exc: GatewayError) -> None:
                self._page(HTTPStatus.BAD_REQUEST, "payments/gateway/error.html",
                           {"code": exc.code, "message": exc.message})

            def _page(self, status: HTTPStatus, template: str, context: dict[str, Any]) -> None:
                body = render_to_string(template, context).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

        return Handler


def _language(vnp_locale: str) -> str:
    return "en" if vnp_locale == "en" else "vi"
