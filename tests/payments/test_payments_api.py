"""/api/v1/payments/ and the public IPN address."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from payments_data import (
    DOSSIER,
    FEE_PURPOSE,
    GATEWAY_URL,
    OTHERS_DOSSIER,
    gateway_answer,
    vnpay_hash,
)
from rest_framework.test import APIClient

from egov.core.models import AuditEntry
from egov.payments.models import Payment

ALL = ["anonymous", "applicant", "other_citizen", "a_desk", "a_specialist", "b_desk",
       "sysadmin"]
START = {"dossier_code": DOSSIER, "amount": 150000, "purpose": FEE_PURPOSE}


def expect(response, status, code=None):
    assert response.status_code == status, response.content
    if code is not None:
        assert response.json()["code"] == code
    return response.json() if response.content else None


def ipn(params, provider="vnpay"):
    # The gateway calls without any login.
    return APIClient().get(f"/api/v1/payments/ipn/{provider}/", params)


def test_the_applicant_starts_a_payment(api_as, dossiers, applicant, agency_a):
    body = expect(api_as("applicant").post("/api/v1/payments/", START, format="json"), 201)
    payment = Payment.objects.get()
    redirect = urlsplit(body.pop("redirect_url"))
    params = dict(parse_qsl(redirect.query))
    assert f"{redirect.scheme}://{redirect.netloc}{redirect.path}" == GATEWAY_URL
    assert params["vnp_SecureHash"] == vnpay_hash(params)
    assert (params["vnp_TxnRef"], params["vnp_Amount"], params["vnp_ReturnUrl"]) == (
        payment.txn_ref, "15000000", "http://testserver/thanh-toan/vnpay/ket-qua/")
    assert body == {
        "txn_ref": payment.txn_ref, "reference": DOSSIER, "purpose": FEE_PURPOSE,
        "amount": 150000, "provider": "vnpay", "status": "pending",
        "status_label": "Chờ thanh toán", "agency": agency_a.pk,
        "agency_name": "Sở Thông tin và Truyền thông",
        "created_at": body["created_at"], "expires_at": body["expires_at"], "paid_at": None,
        "gateway_transaction_no": "", "gateway_response_code": "", "bank_code": "",
        "receipt_number": "", "receipt_url": None, "dossier_note": "",
    }
    # Asking again answers the same open attempt.
    again = expect(api_as("applicant").post("/api/v1/payments/", START, format="json"), 201)
    assert again["txn_ref"] == payment.txn_ref
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(("who", "status", "code"), [
    ("anonymous", 403, "not_authenticated"),
    ("other_citizen", 403, "forbidden"),
    ("a_desk", 403, "forbidden"),
    ("sysadmin", 403, "forbidden"),
])
def test_nobody_else_starts_a_payment_for_the_dossier(api_as, dossiers, who, status, code):
    expect(api_as(who).post("/api/v1/payments/", START, format="json"), status, code)
    assert not Payment.objects.exists()


def test_a_citizen_cannot_start_a_payment_for_someone_elses_dossier(api_as, dossiers):
    body = {"dossier_code": OTHERS_DOSSIER, "amount": 50000, "purpose": "Lệ phí"}
    response = expect(api_as("applicant").post("/api/v1/payments/", body, format="json"), 403,
                      "forbidden")
    assert response["message"] == "Chỉ người nộp hồ sơ mới được thanh toán cho hồ sơ này."


@pytest.mark.parametrize(("body", "fields"), [
    ({}, {"dossier_code", "amount", "purpose"}),
    ({**START, "amount": 0}, {"amount"}),
    ({**START, "amount": "nhiều"}, {"amount"}),
    ({**START, "amount": 150000.5}, {"amount"}),
    ({**START, "purpose": "x" * 256}, {"purpose"}),
])
def test_malformed_input_names_the_fields(api_as, dossiers, body, fields):
    response = expect(api_as("applicant").post("/api/v1/payments/", body, format="json"), 400,
                      "invalid")
    assert set(response["fields"]) == fields
    assert not Payment.objects.exists()


@pytest.mark.parametrize(("body", "fields"), [
    ({**START, "provider": "momo"}, {"provider": ["Không có cổng thanh toán nào tên là momo."]}),
    ({**START, "amount": 100}, {"amount": ["Lệ phí phải nộp của hồ sơ này là 150.000 đồng."]}),
    ({**START, "dossier_code": "000.00.31.H59-250312-9999"},
     {"dossier_code": ["Không có hồ sơ nào mang mã này."]}),
])
def test_bad_input_is_answered_in_vietnamese(api_as, dossiers, body, fields):
    response = expect(api_as("applicant").post("/api/v1/payments/", body, format="json"), 400,
                      "invalid")
    assert response["fields"] == fields
    assert not Payment.objects.exists()


def test_a_paid_fee_or_a_closed_gateway_is_a_conflict(api_as, dossiers, start, paid_calls,
                                                     vnpay_settings):
    payment, _address = start()
    expect(ipn(gateway_answer(payment)), 200)
    response = expect(api_as("applicant").post("/api/v1/payments/", START, format="json"), 409,
                      "already_paid")
    assert response["message"] == "Khoản phí này của hồ sơ đã được thanh toán."
    vnpay_settings.EGOV_PAYMENT_VNPAY_TMN_CODE = ""
    body = {**START, "purpose": "Phí khác"}
    expect(api_as("applicant").post("/api/v1/payments/", body, format="json"), 409,
           "payment_unavailable")


# --- IPN -------------------------------------------------------------------------------------


def test_the_ipn_confirms_then_answers_already_confirmed(start, paid_calls):
    payment, _address = start()
    params = gateway_answer(payment)
    assert expect(ipn(params), 200) == {"RspCode": "00", "Message": "Confirm Success"}
    payment.refresh_from_db()
    assert (payment.status, payment.receipt_number, payment.settled_via) == (
        "paid", "0000001/2025", "ipn")
    entries = AuditEntry.objects.count()
    assert expect(ipn(params), 200) == {"RspCode": "02", "Message": "Order already confirmed"}
    assert AuditEntry.objects.count() == entries
    assert paid_calls == [(DOSSIER, 150000, payment.txn_ref)]


def test_the_ipn_records_a_cancelled_payment_as_confirmed(start, paid_calls):
    payment, _address = start()
    params = gateway_answer(payment, response="24", status="02", number="0")
    assert expect(ipn(params), 200) == {"RspCode": "00", "Message": "Confirm Success"}
    payment.refresh_from_db()
    assert payment.status == "cancelled"
    assert paid_calls == []


@pytest.mark.parametrize(("make", "answer"), [
    (lambda p: {**gateway_answer(p), "vnp_SecureHash": "f" * 128},
     {"RspCode": "97", "Message": "Invalid signature"}),
    (lambda p: {**gateway_answer(p), "vnp_Amount": "100"},
     {"RspCode": "97", "Message": "Invalid signature"}),
    (lambda p: {}, {"RspCode": "97", "Message": "Invalid signature"}),
    (lambda p: gateway_answer(p, amount=15000),
     {"RspCode": "04", "Message": "Invalid amount"}),
    (lambda p: {**gateway_answer(p, vnp_TxnRef="250312000000000000")},
     {"RspCode": "01", "Message": "Order not found"}),
    (lambda p: gateway_answer(p, vnp_Amount="abc"),
     {"RspCode": "99", "Message": "Unknown error"}),
])
def test_the_ipn_rejects_what_it_cannot_trust(start, paid_calls, make, answer):
    payment, _address = start()
    assert expect(ipn(make(payment)), 200) == answer
    payment.refresh_from_db()
    assert (payment.status, payment.receipt_number) == ("pending", "")
    assert paid_calls == []


def test_the_ipn_answers_an_error_when_the_dossier_refuses(start):
    from egov.payments import hooks

    def refuse(**kwargs):
        raise RuntimeError("dossier locked")

    payment, _address = start()
    hooks.on_paid.append(refuse)
    try:
        answer = expect(ipn(gateway_answer(payment)), 200)
    finally:
        hooks.on_paid.remove(refuse)
    assert answer == {"RspCode": "99", "Message": "Unknown error"}
    payment.refresh_from_db()
    assert payment.status == "pending"


def test_the_ipn_of_an_unknown_gateway_is_not_found(db):
    expect(ipn({}, provider="momo"), 404, "not_found")


def test_the_ipn_takes_only_get(start):
    payment, _address = start()
    response = APIClient().post("/api/v1/payments/ipn/vnpay/", gateway_answer(payment))
    assert response.status_code == 405


# --- reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ALL)
def test_who_reads_a_payment(api_as, start, who):
    payment, _address = start()
    response = api_as(who).get(f"/api/v1/payments/{payment.txn_ref}/")
    if who == "anonymous":
        expect(response, 403, "not_authenticated")
    elif who in ("applicant", "a_desk", "a_specialist", "sysadmin"):
        assert expect(response, 200)["txn_ref"] == payment.txn_ref
    else:
        expect(response, 403, "forbidden")


def test_an_unknown_payment_is_not_found(api_as, db, people):
    expect(api_as("applicant").get("/api/v1/payments/250312AAAAAAAAAAAA/"), 404, "not_found")


def test_a_paid_payment_shows_its_receipt(api_as, start, paid_calls):
    payment, _address = start()
    ipn(gateway_answer(payment))
    body = expect(api_as("applicant").get(f"/api/v1/payments/{payment.txn_ref}/"), 200)
    assert (body["status"], body["status_label"], body["receipt_number"], body["receipt_url"],
            body["gateway_transaction_no"], body["paid_at"]) == (
        "paid", "Đã thanh toán", "0000001/2025",
        f"/thanh-toan/giao-dich/{payment.txn_ref}/bien-lai/", "14226112",
        "2025-03-12T10:15:30+07:00")


@pytest.mark.parametrize(("who", "count"), [
    ("applicant", 1), ("other_citizen", 1), ("a_desk", 1), ("b_desk", 1), ("sysadmin", 2),
])
def test_the_list_shows_each_user_their_payments(api_as, start, people, who, count):
    start()
    start(actor=people["other_citizen"], dossier_code=OTHERS_DOSSIER, amount=50000,
          purpose="Lệ phí cấp phiếu lý lịch tư pháp")
    body = expect(api_as(who).get("/api/v1/payments/"), 200)
    assert body["count"] == count


def test_the_list_filters_by_dossier_and_status(api_as, start, people):
    payment, _address = start()
    api = api_as("sysadmin")
    assert [p["txn_ref"] for p in expect(api.get("/api/v1/payments/", {"reference": DOSSIER}),
                                         200)["results"]] == [payment.txn_ref]
    assert expect(api.get("/api/v1/payments/", {"status": "paid"}), 200)["count"] == 0
    response = expect(api.get("/api/v1/payments/", {"status": "refunded"}), 400, "invalid")
    assert list(response["fields"]) == ["status"]
    expect(api_as("anonymous").get("/api/v1/payments/"), 403, "not_authenticated")
