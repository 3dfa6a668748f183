"""The VNPay 2.1.0 protocol: signing, the payment address, reading callbacks, settings."""

import datetime as dt
import hashlib
import hmac
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import translation
from payments_data import GATEWAY_URL, MERCHANT, SECRET, vnpay_hash

from egov.core.context import acting_as
from egov.payments.base import InvalidPluginConfiguration, Outcome
from egov.payments.contrib.vnpay import protocol
from egov.payments.contrib.vnpay.plugin import VNPayOptions, VNPayProvider
from egov.payments.errors import CallbackRejected
from egov.payments.models import Payment
from egov.payments.registry import register

ORDER = {
    "vnp_Version": "2.1.0",
    "vnp_Command": "pay",
    "vnp_TmnCode": "EGOVTEST",
    "vnp_Amount": "15000000",
    "vnp_CurrCode": "VND",
    "vnp_TxnRef": "250312A1B2C3D4E5F6",
    "vnp_OrderInfo": "Ho so 000.00.31.H59-250312-0001 Le phi cap giay chung nhan",
    "vnp_OrderType": "other",
    "vnp_Locale": "vn",
    "vnp_ReturnUrl": "https://dichvucong.travinh.gov.vn/thanh-toan/vnpay/ket-qua/",
    "vnp_IpAddr": "113.161.10.20",
    "vnp_CreateDate": "20250312101500",
    "vnp_ExpireDate": "20250312103000",
}
# Written out by hand from the protocol: names sorted, values form-encoded, joined by "&".
ORDER_SIGNED_TEXT = (
    "vnp_Amount=15000000&vnp_Command=pay&vnp_CreateDate=20250312101500&vnp_CurrCode=VND"
    "&vnp_ExpireDate=20250312103000&vnp_IpAddr=113.161.10.20&vnp_Locale=vn"
    "&vnp_OrderInfo=Ho+so+000.00.31.H59-250312-0001+Le+phi+cap+giay+chung+nhan"
    "&vnp_OrderType=other"
    "&vnp_ReturnUrl=https%3A%2F%2Fdichvucong.travinh.gov.vn%2Fthanh-toan%2Fvnpay%2Fket-qua%2F"
    "&vnp_TmnCode=EGOVTEST&vnp_TxnRef=250312A1B2C3D4E5F6&vnp_Version=2.1.0"
)


def provider(**options):
    values = {"gateway_url": GATEWAY_URL, "merchant_code": MERCHANT, "hash_secret": SECRET,
              **options}
    return VNPayProvider(VNPayOptions(**values))


def test_the_signature_is_hmac_sha512_over_the_sorted_encoded_parameters():
    expected = hmac.new(SECRET.encode(), ORDER_SIGNED_TEXT.encode(), hashlib.sha512).hexdigest()
    assert protocol.canonical_query(ORDER) == ORDER_SIGNED_TEXT
    assert protocol.sign(ORDER, SECRET) == expected
    assert vnpay_hash(ORDER) == expected
    assert len(expected) == 128
    # The hash fields themselves, and empty values, are not signed.
    assert protocol.sign({**ORDER, "vnp_SecureHash": "ab", "vnp_SecureHashType": "HmacSHA512",
                          "vnp_BankCode": ""}, SECRET) == expected
    assert protocol.signed_query(ORDER, SECRET) == f"{ORDER_SIGNED_TEXT}&vnp_SecureHash={expected}"


def test_another_secret_gives_another_signature():
    assert protocol.sign(ORDER, SECRET) != protocol.sign(ORDER, SECRET[:-1] + "X")
    assert protocol.sign(ORDER, SECRET) != protocol.sign({**ORDER, "vnp_Amount": "15000100"},
                                                         SECRET)


@pytest.mark.parametrize(("text", "expected"), [
    ("Lệ phí cấp Giấy phép (bản sao) – Đắk Lắk", "Le phi cap Giay phep ban sao Dak Lak"),
    ("Hồ sơ 000.00.31.H59-250312-0001: phí thẩm định", "Ho so 000.00.31.H59-250312-0001: phi tham dinh"),  # noqa: E501
    ("a&b=c?d+e%f", "a b c d e f"),
    ("  nhiều   khoảng   trắng ", "nhieu khoang trang"),
])
def test_order_information_has_no_diacritics_nor_special_characters(text, expected):
    assert protocol.order_info(text) == expected


def test_order_information_is_cut_at_255_characters():
    assert len(protocol.order_info("Phí " * 100)) == 255


def test_gateway_times_are_in_vietnam_time():
    moment = dt.datetime(2025, 3, 12, 3, 15, tzinfo=dt.UTC)
    assert protocol.format_time(moment) == "20250312101500"
    assert protocol.parse_time("20250312101500") == moment
    for bad in ["", "2025031210150", "2025-03-12 10:15", "20251312101500"]:
        with pytest.raises(ValueError):
            protocol.parse_time(bad)


def _payment(**fields):
    values = {"reference": "000.00.31.H59-250312-0001", "purpose": "Lệ phí cấp giấy chứng nhận",
              "amount": 150000, "txn_ref": "250312A1B2C3D4E5F6",
              "created_at": dt.datetime(2025, 3, 12, 3, 15, tzinfo=dt.UTC),
              "expires_at": dt.datetime(2025, 3, 12, 3, 30, tzinfo=dt.UTC), **fields}
    return Payment(**values)


def test_the_payment_address_carries_the_signed_order():
    return_url = "https://dichvucong.travinh.gov.vn/thanh-toan/vnpay/ket-qua/"
    with acting_as(None, "113.161.10.20"):
        address = provider().start_payment(_payment(), return_url)
    url = urlsplit(address)
    assert f"{url.scheme}://{url.netloc}{url.path}" == GATEWAY_URL
    params = dict(parse_qsl(url.query))
    assert params == {
        **ORDER,
        "vnp_OrderInfo": "Ho so 000.00.31.H59-250312-0001 Le phi cap giay chung nhan",
        "vnp_SecureHash": vnpay_hash(ORDER),
    }
    # The query is sent exactly as it was signed.
    assert url.query == f"{ORDER_SIGNED_TEXT}&vnp_SecureHash={vnpay_hash(ORDER)}"


def test_the_payment_address_follows_the_payers_language_and_the_gateways_own_query():
    with translation.override("en"), acting_as(None, None):
        address = provider(gateway_url=GATEWAY_URL + "?lang=x").start_payment(
            _payment(), "http://127.0.0.1:8000/thanh-toan/vnpay/ket-qua/")
    assert address.startswith(GATEWAY_URL + "?lang=x&vnp_Amount=15000000&")
    params = dict(parse_qsl(urlsplit(address).query))
    assert (params["vnp_Locale"], params["vnp_IpAddr"]) == ("en", "127.0.0.1")
    del params["lang"]
    assert params["vnp_SecureHash"] == vnpay_hash(params)


def _answer(**changes):
    params = {"vnp_TmnCode": MERCHANT, "vnp_TxnRef": "250312A1B2C3D4E5F6",
              "vnp_Amount": "15000000", "vnp_OrderInfo": "Ho so 000.00.31.H59-250312-0001",
              "vnp_BankCode": "NCB", "vnp_PayDate": "20250312101812",
              "vnp_ResponseCode": "00", "vnp_TransactionStatus": "00",
              "vnp_TransactionNo": "14226112", **changes}
    params["vnp_SecureHash"] = vnpay_hash(params)
    return params


def test_a_signed_success_is_read():
    params = _answer()
    result = provider().verify_callback(params)
    assert result.txn_ref == "250312A1B2C3D4E5F6"
    assert result.amount == Decimal(150000)
    assert (result.succeeded, result.cancelled) == (True, False)
    assert (result.response_code, result.transaction_no, result.bank_code) == (
        "00", "14226112", "NCB")
    assert result.paid_at == dt.datetime(2025, 3, 12, 3, 18, 12, tzinfo=dt.UTC)
    assert result.params == params


def test_an_upper_case_hash_is_the_same_hash():
    params = _answer()
    params["vnp_SecureHash"] = params["vnp_SecureHash"].upper()
    assert provider().verify_callback(params).succeeded


@pytest.mark.parametrize(("changes", "succeeded", "cancelled"), [
    ({"vnp_ResponseCode": "24", "vnp_TransactionStatus": "02", "vnp_TransactionNo": "0"},
     False, True),
    ({"vnp_ResponseCode": "51", "vnp_TransactionStatus": "02"}, False, False),
    # Both codes must say success.
    ({"vnp_ResponseCode": "00", "vnp_TransactionStatus": "01"}, False, False),
    ({"vnp_ResponseCode": "07", "vnp_TransactionStatus": "00"}, False, False),
])
def test_other_results_are_read_as_not_paid(changes, succeeded, cancelled):
    result = provider().verify_callback(_answer(**changes))
    assert (result.succeeded, result.cancelled) == (succeeded, cancelled)


def _tampered():
    params = _answer()
    params["vnp_Amount"] = "1500000"
    return params


@pytest.mark.parametrize("params", [
    pytest.param({k: v for k, v in _answer().items() if k != "vnp_SecureHash"}, id="no hash"),
    pytest.param({**_answer(), "vnp_SecureHash": ""}, id="empty hash"),
    pytest.param({**_answer(), "vnp_SecureHash": "0" * 128}, id="forged hash"),
    pytest.param(_tampered(), id="amount changed after signing"),
    pytest.param({**_answer(), "vnp_ResponseCode": "00", "vnp_TransactionStatus": "00",
                  "vnp_Extra": "1"}, id="parameter added after signing"),
    pytest.param({**_answer(), "vnp_SecureHash": vnpay_hash(_answer(), SECRET[::-1])},
                 id="signed with another secret"),
])
def test_a_callback_whose_signature_does_not_match_is_rejected(params):
    with pytest.raises(CallbackRejected) as caught:
        provider().verify_callback(params)
    assert caught.value.outcome == Outcome.INVALID_SIGNATURE


@pytest.mark.parametrize("changes", [
    pytest.param({"vnp_TxnRef": ""}, id="no reference"),
    pytest.param({"vnp_Amount": "15x"}, id="amount not a number"),
    pytest.param({"vnp_TmnCode": "OTHER123"}, id="another merchant"),
    pytest.param({"vnp_PayDate": "12/03/2025"}, id="bad pay date"),
])
def test_a_signed_callback_with_bad_data_is_an_error(changes):
    with pytest.raises(CallbackRejected) as caught:
        provider().verify_callback(_answer(**changes))
    assert caught.value.outcome == Outcome.ERROR


def test_amounts_that_are_not_whole_dong_are_read_exactly():
    assert provider().verify_callback(_answer(vnp_Amount="15000050")).amount == Decimal(
        "150000.5")


def test_notification_answers_follow_the_protocol():
    answers = {outcome: provider().notification_answer(outcome) for outcome in Outcome}
    assert answers == {
        Outcome.CONFIRMED: {"RspCode": "00", "Message": "Confirm Success"},
        Outcome.NOT_FOUND: {"RspCode": "01", "Message": "Order not found"},
        Outcome.ALREADY_CONFIRMED: {"RspCode": "02", "Message": "Order already confirmed"},
        Outcome.INVALID_AMOUNT: {"RspCode": "04", "Message": "Invalid amount"},
        Outcome.INVALID_SIGNATURE: {"RspCode": "97", "Message": "Invalid signature"},
        Outcome.ERROR: {"RspCode": "99", "Message": "Unknown error"},
    }


def test_result_codes_are_explained_in_vietnamese():
    vnpay = provider()
    assert str(vnpay.describe("24")) == "Bạn đã hủy giao dịch thanh toán."
    assert str(vnpay.describe("51")) == "Tài khoản của bạn không đủ số dư."
    assert vnpay.describe("xx") == ""


@pytest.mark.parametrize(("options", "message"), [
    ({"merchant_code": ""}, "EGOV_PAYMENT_VNPAY_TMN_CODE"),
    ({"merchant_code": "EGOV TEST"}, "EGOV_PAYMENT_VNPAY_TMN_CODE"),
    ({"hash_secret": ""}, "EGOV_PAYMENT_VNPAY_HASH_SECRET"),
    ({"hash_secret": "short"}, "EGOV_PAYMENT_VNPAY_HASH_SECRET"),
    ({"gateway_url": "ftp://127.0.0.1/pay"}, "http(s)"),
    ({"gateway_url": "not an address"}, "http(s)"),
    ({"gateway_url": "http://sandbox.vnpayment.vn/paymentv2/vpcpay.html"}, "https"),
])
def test_check_config_says_what_is_wrong(options, message):
    with pytest.raises(InvalidPluginConfiguration, match=message.replace("(", r"\(").replace(
            ")", r"\)")):
        provider(**options).check_config()


@pytest.mark.parametrize("url", [
    "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
    "http://127.0.0.1:8099/paymentv2/vpcpay.html",
    "http://localhost:8099/paymentv2/vpcpay.html",
])
def test_check_config_accepts_tls_or_this_machine(url):
    provider(gateway_url=url).check_config()


def test_the_registry_builds_providers_from_settings(vnpay_settings):
    assert list(register) == ["vnpay"]
    assert register.choices() == [("vnpay", "VNPay")]
    assert "vnpay" in register and "momo" not in register
    vnpay_settings.EGOV_PAYMENT_VNPAY_HASH_SECRET = "another-secret-of-32-characters!"
    assert register.get("vnpay").options == VNPayOptions(
        gateway_url=GATEWAY_URL, merchant_code=MERCHANT,
        hash_secret="another-secret-of-32-characters!")
    with pytest.raises(KeyError):
        register.get("momo")
    with pytest.raises(ValueError, match="already registered"):
        register("vnpay")(VNPayProvider)
