"""The whole round trip over real HTTP on 127.0.0.1: the platform (Django's live server)
sends the payer to the local gateway server, the payer approves or cancels there, the
gateway calls the platform's IPN address and sends the payer back."""

import datetime as dt
import json
import re
import socket
import urllib.error
import urllib.request
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.timezone import localtime
from payments_data import DOSSIER, FEE_PURPOSE, MERCHANT, SECRET, vnpay_hash

from egov.payments import services
from egov.payments.contrib.vnpay import protocol
from egov.payments.contrib.vnpay.gateway import LocalGateway

IPN_PATH = "/api/v1/payments/ipn/vnpay/"
RETURN_PATH = "/thanh-toan/vnpay/ket-qua/"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def fetch(url, form=None):
    """(status, headers, text) of a GET, or of a form POST when ``form`` is given."""
    assert urlsplit(url).hostname == "127.0.0.1"
    data = urlencode(form).encode() if form is not None else None
    try:
        with _opener.open(url, data=data, timeout=15) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def token_of(page):
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


@pytest.fixture
def site(live_server):
    """The platform's live server, by address: pytest-django names it "localhost"."""
    url = urlsplit(live_server.url)
    assert url.hostname == "localhost"
    return f"{url.scheme}://127.0.0.1:{url.port}"


@pytest.fixture
def gateway(vnpay_settings, site):
    server = LocalGateway(merchant_code=MERCHANT, hash_secret=SECRET,
                          ipn_url=site + IPN_PATH, port=0).start()
    vnpay_settings.EGOV_PAYMENT_VNPAY_URL = server.url
    yield server
    server.stop()


@pytest.fixture
def pay(transactional_db, site, dossiers, applicant):
    def make():
        return services.payment_start(actor=applicant, dossier_code=DOSSIER, amount=150000,
                                      purpose=FEE_PURPOSE,
                                      return_url=site + RETURN_PATH)
    return make


def test_approve_pays_the_fee_through_the_ipn(transactional_db, gateway, pay, paid_calls,
                                             site):
    payment, address = pay()
    status, _headers, page = fetch(address)
    token = token_of(page)
    assert status == 200
    for expected in ["Cổng thanh toán cục bộ", "150.000 VND", payment.txn_ref, "EGOVTEST",
                     f"Ho so {DOSSIER} Le phi cap giay chung nhan diem cung cap dich vu"]:
        assert expected in page, expected
    # Opening the page again shows the same open order.
    assert token_of(fetch(address)[2]) == token_of(page)

    status, headers, _body = fetch(gateway.base_url + "/paymentv2/confirm",
                                   {"token": token_of(page), "decision": "approve"})
    assert status == 302
    back = urlsplit(headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == site + RETURN_PATH
    result = dict(parse_qsl(back.query))
    assert result["vnp_SecureHash"] == vnpay_hash(result)
    assert (result["vnp_TxnRef"], result["vnp_Amount"], result["vnp_ResponseCode"],
            result["vnp_TransactionStatus"], result["vnp_TransactionNo"]) == (
        payment.txn_ref, "15000000", "00", "00", "14000001")

    # The gateway told the platform before sending the payer back.
    assert gateway.notifications == [(payment.txn_ref,
                                      {"RspCode": "00", "Message": "Confirm Success"})]
    payment.refresh_from_db()
    assert (payment.status, payment.settled_via, payment.gateway_transaction_no,
            payment.bank_code, payment.receipt_number) == (
        "paid", "ipn", "14000001", "LOCAL", f"0000001/{localtime(payment.paid_at).year}")
    assert payment.paid_at == protocol.parse_time(result["vnp_PayDate"])
    assert paid_calls == [(DOSSIER, 150000, payment.txn_ref)]

    status, _headers, page = fetch(headers["Location"])
    assert status == 200
    assert f"Bạn đã thanh toán 150.000 đồng cho hồ sơ {DOSSIER}." in page

    # The same notification again, and a forged one, change nothing.
    status, _headers, body = fetch(site + IPN_PATH + "?" + back.query)
    assert (status, json.loads(body)) == (200, {"RspCode": "02",
                                                "Message": "Order already confirmed"})
    forged = back.query.replace("vnp_Amount=15000000", "vnp_Amount=1500000")
    _status, _headers, body = fetch(site + IPN_PATH + "?" + forged)
    assert json.loads(body) == {"RspCode": "97", "Message": "Invalid signature"}
    assert paid_calls == [(DOSSIER, 150000, payment.txn_ref)]

    # The order is closed at the gateway.
    status, _headers, page = fetch(gateway.base_url + "/paymentv2/confirm",
                                   {"token": token, "decision": "approve"})
    assert status == 400
    assert "Giao dịch thanh toán này không còn mở. (mã 94)" in page
    status, _headers, page = fetch(address)
    assert status == 400
    assert "Mã tham chiếu giao dịch này đã được dùng. (mã 94)" in page


def test_cancel_records_a_cancelled_payment(transactional_db, gateway, pay, paid_calls,
                                            site):
    payment, address = pay()
    page = fetch(address)[2]
    status, headers, _body = fetch(gateway.base_url + "/paymentv2/confirm",
                                   {"token": token_of(page), "decision": "cancel"})
    assert status == 302
    result = dict(parse_qsl(urlsplit(headers["Location"]).query))
    assert (result["vnp_ResponseCode"], result["vnp_TransactionStatus"],
            result["vnp_TransactionNo"]) == ("24", "02", "0")
    assert gateway.notifications == [(payment.txn_ref,
                                      {"RspCode": "00", "Message": "Confirm Success"})]
    payment.refresh_from_db()
    assert (payment.status, payment.receipt_number) == ("cancelled", "")
    assert paid_calls == []
    page = fetch(headers["Location"])[2]
    assert "Giao dịch thanh toán đã bị hủy. Bạn không bị trừ tiền." in page
    assert "Bạn đã hủy giao dịch thanh toán." in page
    # The payer may start again: a new attempt.
    again, _address = pay()
    assert again.pk != payment.pk


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_when_the_ipn_does_not_get_through_the_return_settles(transactional_db, vnpay_settings,
                                                              pay, paid_calls, site):
    server = LocalGateway(merchant_code=MERCHANT, hash_secret=SECRET, port=0, ipn_attempts=2,
                          ipn_url=f"http://127.0.0.1:{_closed_port()}{IPN_PATH}").start()
    vnpay_settings.EGOV_PAYMENT_VNPAY_URL = server.url
    try:
        payment, address = pay()
        page = fetch(address)[2]
        _status, headers, _body = fetch(server.base_url + "/paymentv2/confirm",
                                        {"token": token_of(page), "decision": "approve"})
        assert server.notifications == [(payment.txn_ref, None)]
        payment.refresh_from_db()
        assert payment.status == "pending"
        assert "Số biên lai: 0000001/" in fetch(headers["Location"])[2]
    finally:
        server.stop()
    payment.refresh_from_db()
    assert (payment.status, payment.settled_via) == ("paid", "return")
    assert paid_calls == [(DOSSIER, 150000, payment.txn_ref)]


# --- the gateway's own checks (no platform needed) --------------------------------------------


@pytest.fixture
def lone_gateway():
    server = LocalGateway(merchant_code=MERCHANT, hash_secret=SECRET, port=0,
                          ipn_url="http://127.0.0.1:9/unused").start()
    yield server
    server.stop()


def order(**changes):
    now = dt.datetime.now(dt.timezone(dt.timedelta(hours=7)))
    params = {
        "vnp_Version": "2.1.0", "vnp_Command": "pay", "vnp_TmnCode": MERCHANT,
        "vnp_Amount": "5000000", "vnp_CurrCode": "VND", "vnp_TxnRef": "250312ABCDEF012345",
        "vnp_OrderInfo": "Ho so 000.00.23.H59-250312-0001", "vnp_OrderType": "other",
        "vnp_Locale": "vn", "vnp_ReturnUrl": "http://127.0.0.1:1/thanh-toan/vnpay/ket-qua/",
        "vnp_IpAddr": "127.0.0.1", "vnp_CreateDate": now.strftime("%Y%m%d%H%M%S"),
        "vnp_ExpireDate": (now + dt.timedelta(minutes=15)).strftime("%Y%m%d%H%M%S"),
        **changes,
    }
    params = {k: v for k, v in params.items() if v is not None}
    params["vnp_SecureHash"] = vnpay_hash(params)
    return params


def test_the_gateway_shows_a_valid_order(lone_gateway):
    status, headers, page = fetch(lone_gateway.url + "?" + urlencode(order()))
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "50.000 VND" in page and "Thanh toán" in page


def test_the_gateway_speaks_english_when_asked(lone_gateway):
    page = fetch(lone_gateway.url + "?" + urlencode(order(vnp_Locale="en")))[2]
    assert "Local payment gateway" in page and "Cancel payment" in page


@pytest.mark.parametrize(("params", "message"), [
    ({**order(), "vnp_Amount": "50000000"}, "Chữ ký của đơn hàng không hợp lệ. (mã 97)"),
    ({**order(), "vnp_SecureHash": vnpay_hash(order(), SECRET[::-1])},
     "Chữ ký của đơn hàng không hợp lệ. (mã 97)"),
    (order(vnp_TmnCode="OTHER123"),
     "Cổng thanh toán không nhận ra đơn vị chấp nhận thanh toán này. (mã 02)"),
    (order(vnp_Amount="5000050"), "Số tiền không hợp lệ. (mã 04)"),
    (order(vnp_Version="2.0.0"), "Cổng thanh toán không nhận loại đơn hàng này. (mã 03)"),
    (order(vnp_ReturnUrl=None), "Đơn hàng thiếu vnp_ReturnUrl. (mã 03)"),
    (order(vnp_ReturnUrl="javascript:alert(1)"), "Địa chỉ trả về không hợp lệ. (mã 03)"),
    (order(vnp_ExpireDate="20250312"), "Thời gian của đơn hàng không hợp lệ. (mã 03)"),
    (order(vnp_ExpireDate="20200101000000"), "Đã hết thời gian chờ thanh toán. (mã 11)"),
])
def test_the_gateway_refuses_orders_it_cannot_trust(lone_gateway, params, message):
    status, _headers, page = fetch(lone_gateway.url + "?" + urlencode(params))
    assert status == 400
    assert message in page
    assert lone_gateway.orders == {}


def test_the_gateway_answers_unknown_addresses_with_not_found(lone_gateway):
    assert fetch(lone_gateway.base_url + "/other")[0] == 404
    assert fetch(lone_gateway.base_url + "/paymentv2/other", {"token": "x"})[0] == 404
    assert fetch(lone_gateway.base_url + "/paymentv2/confirm",
                 {"token": "unknown", "decision": "approve"})[0] == 400


# --- commands ---------------------------------------------------------------------------------


def test_the_gateway_command_needs_a_merchant_and_a_secret(vnpay_settings):
    vnpay_settings.EGOV_PAYMENT_VNPAY_HASH_SECRET = ""
    with pytest.raises(CommandError, match="--secret"):
        call_command("payment_gateway", "--port", "0")


def test_the_providers_command_checks_the_configuration(vnpay_settings, capsys):
    call_command("payment_providers")
    assert capsys.readouterr().out == "vnpay: ok\n"
    vnpay_settings.EGOV_PAYMENT_VNPAY_URL = "http://vnpay.example/pay"
    with pytest.raises(CommandError, match="vnpay"):
        call_command("payment_providers")
    assert "vnpay: NOT READY: EGOV_PAYMENT_VNPAY_URL must use https" in capsys.readouterr().out
