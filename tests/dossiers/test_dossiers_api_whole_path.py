"""The whole path through /api/v1/ alone: a citizen applies with a file and an
Idempotency-Key, pays through the gateway's signed notification, the desk accepts, the
specialist and the head of unit hand it on, the director approves and signs, the desk
returns the result, anyone with the code looks it up, the citizen downloads the signed
result and rates the service."""

from __future__ import annotations

import hashlib
import hmac
import re
import urllib.parse
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from dossier_factories import pdf_bytes, procedure_record
from rest_framework.test import APIClient

from egov.procedures import services as procedures
from egov.signatures import verification

MERCHANT = "EGOVTEST"
SECRET = "K9QWERTYUIOPASDFGHJKLZXCVBNM2468"
GATEWAY_URL = "http://127.0.0.1:8099/paymentv2/vpcpay.html"
FEE = 150000
ANSWERS = {"applicant_name": "Nguyễn Văn An", "title": "Kỷ yếu 20 năm thành lập trường",
           "copies": 500}


def vnpay_hash(params: dict) -> str:
    """As VNPay's published samples sign, written from the protocol and not with the code
    under test: the vnp_ parameters sorted, hash fields and empty values dropped, values
    form-encoded, joined with "&", hex HMAC-SHA512 with the merchant's secret."""
    pairs = [name + "=" + urllib.parse.quote_plus(str(params[name])) for name in sorted(params)
             if name not in ("vnp_SecureHash", "vnp_SecureHashType") and str(params[name])]
    return hmac.new(SECRET.encode(), "&".join(pairs).encode(), hashlib.sha512).hexdigest()


@pytest.fixture(autouse=True)
def vnpay(settings):
    settings.EGOV_PAYMENT_VNPAY_URL = GATEWAY_URL
    settings.EGOV_PAYMENT_VNPAY_TMN_CODE = MERCHANT
    settings.EGOV_PAYMENT_VNPAY_HASH_SECRET = SECRET


@pytest.fixture
def fee_procedure(stttt, field):
    """Level 4, 10 working days, 150,000 VND paid online before processing; desk,
    specialist, head of unit, director."""
    return procedures.procedure_create(
        actor=None, code="DEMO.STTTT.01", agency=stttt, field=field,
        version=procedure_record(old_level=4, online_level="toan_trinh", fee=FEE,
                                 pay_before_processing=True))


def expect(response, status):
    assert response.status_code == status, response.content
    return response.json()


def moved_on(before: dict, after: dict, **changes) -> dict:
    """``after`` is ``before`` with exactly ``changes`` (the revision one up)."""
    assert after == {**before, "revision": before["revision"] + 1, **changes}
    return after


def test_the_whole_path_through_the_api(api_as, people, fee_procedure, signing):
    citizen, desk, specialist = api_as("citizen"), api_as("desk"), api_as("specialist")
    head, director = api_as("head"), api_as("director")
    desk_name, specialist_name = "Võ Thanh Tâm", "Huỳnh Minh Khoa"
    head_name, director_name = "Phạm Thị Thu Hà", "Trần Văn Dũng"

    # The citizen applies: a draft, a file for each paper, then the submission. Files go
    # only onto a draft, so the one-request submission with an Idempotency-Key (tested in
    # test_dossiers_api.py) cannot carry them; a retried submit is refused, not doubled.
    body = {"procedure": "DEMO.STTTT.01", "answers": ANSWERS, "delivery": "desk",
            "submit": False}
    draft = expect(citizen.post("/api/v1/dossiers/", body, format="json"), 201)
    url = f"/api/v1/dossiers/{draft['id']}/"
    papers = [{"position": 1, "name": "Đơn đề nghị cấp giấy phép", "originals": 1,
               "copies": 0, "required": True, "received": False},
              {"position": 2, "name": "Bản thảo tài liệu", "originals": 2, "copies": 0,
               "required": True, "received": False}]
    assert draft == {
        "id": draft["id"], "code": None, "procedure": "DEMO.STTTT.01",
        "procedure_name": "Cấp giấy phép xuất bản tài liệu không kinh doanh",
        "agency": "000.00.31.H59", "agency_name": "Sở Thông tin và Truyền thông",
        "level": 4, "channel": "online", "status": "draft", "status_label": "Bản nháp",
        "outcome": "", "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "084095001234", "applicant_phone": "0913456789",
        "applicant_email": "an@example.com", "applicant_address": "Phường 1, TP. Trà Vinh",
        "answers": ANSWERS, "papers": papers, "delivery": "desk", "delivery_address": "",
        "fee_amount": FEE, "paid_amount": 0, "submitted_at": None, "received_at": None,
        "due_date": None, "original_due_date": None, "finished_at": None,
        "returned_at": None, "return_method": "", "returned_to": "", "closing_reason": "",
        "timeliness": "none", "step": None, "attachments": [], "result": None,
        "revision": 1,
    }
    attachments = []
    for position, name in [(1, "don-de-nghi.pdf"), (2, "ban-thao.pdf")]:
        upload = SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")
        attached = expect(citizen.post(url + "attachments/",
                                       {"file": upload, "paper_position": position},
                                       format="multipart"), 201)
        assert attached == {
            "id": attached["id"], "kind": "application", "paper_position": position,
            "name": name, "content_type": "application/pdf", "size": len(pdf_bytes()),
            "sha256": hashlib.sha256(pdf_bytes()).hexdigest(),
            "uploaded_at": attached["uploaded_at"],
            "url": f"{url}attachments/{attached['id']}/"}
        attachments.append(attached)
    submitted = expect(citizen.post(url + "submit/", {"expected_revision": 1},
                                    format="json"), 200)
    code = submitted["code"]
    assert re.fullmatch(r"000\.00\.31\.H59-\d{6}-0001", code)
    assert submitted["submitted_at"] is not None
    submitted = moved_on(
        draft, submitted, code=code, status="submitted", status_label="Đã nộp, chờ kiểm tra",
        papers=[{**p, "received": True} for p in papers], submitted_at=submitted["submitted_at"],
        due_date=submitted["due_date"], timeliness="in_progress", attachments=attachments)
    retried = citizen.post(url + "submit/", {}, format="json")
    assert expect(retried, 409)["code"] == "invalid_transition"
    assert expect(citizen.get("/api/v1/dossiers/"), 200)["count"] == 1

    # Paying: the platform sends the citizen to the gateway, which notifies the platform.
    purpose = "Phí, lệ phí: Cấp giấy phép xuất bản tài liệu không kinh doanh"
    started = expect(citizen.post("/api/v1/payments/", {
        "dossier_code": code, "amount": FEE, "purpose": purpose}, format="json"), 201)
    order = dict(parse_qsl(urlsplit(started.pop("redirect_url")).query))
    assert order["vnp_SecureHash"] == vnpay_hash(order)
    assert (order["vnp_TxnRef"], order["vnp_Amount"], order["vnp_TmnCode"],
            order["vnp_ReturnUrl"]) == (started["txn_ref"], "15000000", MERCHANT,
                                        "http://testserver/thanh-toan/vnpay/ket-qua/")
    assert (started["reference"], started["purpose"], started["amount"], started["status"],
            started["receipt_number"]) == (code, purpose, FEE, "pending", "")
    answer = {"vnp_TmnCode": MERCHANT, "vnp_TxnRef": order["vnp_TxnRef"],
              "vnp_Amount": order["vnp_Amount"], "vnp_OrderInfo": order["vnp_OrderInfo"],
              "vnp_BankCode": "NCB", "vnp_BankTranNo": "VNP14226112", "vnp_CardType": "ATM",
              "vnp_PayDate": order["vnp_CreateDate"], "vnp_ResponseCode": "00",
              "vnp_TransactionStatus": "00", "vnp_TransactionNo": "14226112"}
    forged = {**answer, "vnp_Amount": "1500000", "vnp_SecureHash": vnpay_hash(answer)}
    answer["vnp_SecureHash"] = vnpay_hash(answer)
    gateway = APIClient()
    assert expect(gateway.get("/api/v1/payments/ipn/vnpay/", forged), 200) == {
        "RspCode": "97", "Message": "Invalid signature"}
    assert expect(gateway.get("/api/v1/payments/ipn/vnpay/", answer), 200) == {
        "RspCode": "00", "Message": "Confirm Success"}
    assert expect(gateway.get("/api/v1/payments/ipn/vnpay/", answer), 200) == {
        "RspCode": "02", "Message": "Order already confirmed"}
    paid = expect(citizen.get(f"/api/v1/payments/{started['txn_ref']}/"), 200)
    assert paid == {**started, "status": "paid", "status_label": "Đã thanh toán",
                    "paid_at": paid["paid_at"], "gateway_transaction_no": "14226112",
                    "gateway_response_code": "00", "bank_code": "NCB",
                    "receipt_number": f"0000001/{paid['paid_at'][:4]}",
                    "receipt_url": f"/thanh-toan/giao-dich/{started['txn_ref']}/bien-lai/"}
    dossier = moved_on(submitted, expect(citizen.get(url), 200), paid_amount=FEE)

    # The desk accepts (both papers ticked) and hands over to the specialist.
    accepted = expect(desk.post(url + "accept/", {"papers_received": [1, 2],
                                                  "expected_revision": dossier["revision"]},
                                format="json"), 200)
    assert accepted["received_at"] is not None
    dossier = moved_on(dossier, accepted, status="received", status_label="Đã tiếp nhận",
                       received_at=accepted["received_at"], step={
                           "index": 0, "name": "Tiếp nhận hồ sơ", "role": "desk_officer",
                           "unit": "VP", "assignee": desk_name,
                           "due_date": accepted["step"]["due_date"]})
    stale = desk.post(url + "accept/", {"expected_revision": 1}, format="json")
    assert expect(stale, 409)["code"] == "stale_revision"
    again = desk.post(url + "accept/", {"expected_revision": dossier["revision"]}, format="json")
    assert expect(again, 409)["code"] == "invalid_transition"

    steps = [
        (desk, people["specialist"], "Đủ hồ sơ.",
         {"index": 1, "name": "Thẩm định hồ sơ", "role": "specialist", "unit": "TTBCXB",
          "assignee": specialist_name}),
        (specialist, people["head"], "Đủ điều kiện, đề nghị cấp phép.",
         {"index": 2, "name": "Xem xét, trình ký", "role": "head_of_unit", "unit": "TTBCXB",
          "assignee": head_name}),
        (head, people["director"], "Kính trình Giám đốc ký.",
         {"index": 3, "name": "Phê duyệt, ký kết quả", "role": "director", "unit": None,
          "assignee": director_name}),
    ]
    for client, to_user, note, step in steps:
        moved = expect(client.post(url + "forward/", {
            "to_user": to_user.pk, "note": note, "expected_revision": dossier["revision"]},
            format="json"), 200)
        dossier = moved_on(dossier, moved, status="processing", status_label="Đang xử lý",
                           step={**step, "due_date": moved["step"]["due_date"]})
    # Only the director holds the last step: the specialist cannot approve.
    refused = specialist.post(url + "approve/", {"expected_revision": dossier["revision"]},
                              format="json")
    assert expect(refused, 403) == {"code": "forbidden",
                                    "message": "Bạn không có quyền thực hiện thao tác này."}

    approved = expect(director.post(url + "approve/", {
        "note": "Đồng ý cấp phép.", "expected_revision": dossier["revision"]},
        format="json"), 200)
    assert approved["finished_at"] is not None
    dossier = moved_on(dossier, approved, status="result_ready",
                       status_label="Có kết quả, chờ trả", outcome="granted",
                       finished_at=approved["finished_at"], timeliness="early", step=None,
                       result=f"{url}result/")
    returned = expect(desk.post(url + "return/", {
        "method": "desk", "recipient_name": "Nguyễn Văn An",
        "expected_revision": dossier["revision"]}, format="json"), 200)
    assert returned["returned_at"] is not None
    dossier = moved_on(dossier, returned, status="returned", status_label="Đã trả kết quả",
                       returned_at=returned["returned_at"], return_method="desk",
                       returned_to="Nguyễn Văn An")

    # Anyone with the code and the applicant's phone looks it up, without logging in.
    anyone = APIClient()
    expect(anyone.get("/api/v1/dossier-lookup/", {"code": code, "check": "0900000000"}), 404)
    public = expect(anyone.get("/api/v1/dossier-lookup/",
                               {"code": code, "check": "0913456789"}), 200)
    events = expect(citizen.get(url + "events/"), 200)
    at = {e["action"]: e["at"] for e in events}
    forwards = [e["at"] for e in events if e["action"] == "forward"]
    assert public == {
        "code": code, "procedure_name": "Cấp giấy phép xuất bản tài liệu không kinh doanh",
        "agency_name": "Sở Thông tin và Truyền thông", "channel": "online",
        "status": "returned", "status_label": "Đã trả kết quả",
        "submitted_at": dossier["submitted_at"], "received_at": dossier["received_at"],
        "due_date": dossier["due_date"], "finished_at": dossier["finished_at"],
        "returned_at": dossier["returned_at"], "timeliness": "early", "can_rate": True,
        "history": [
            {"at": dossier["submitted_at"], "label": "Nộp trực tuyến", "unit": None},
            {"at": at["pay"], "label": "Đã nộp phí, lệ phí", "unit": None},
            {"at": dossier["received_at"], "label": "Tiếp nhận, hẹn trả kết quả",
             "unit": "Văn phòng"},
            {"at": forwards[0], "label": "Chuyển xử lý",
             "unit": "Phòng Thông tin - Báo chí - Xuất bản"},
            {"at": forwards[1], "label": "Chuyển xử lý",
             "unit": "Phòng Thông tin - Báo chí - Xuất bản"},
            {"at": forwards[2], "label": "Chuyển xử lý", "unit": None},
            {"at": dossier["finished_at"], "label": "Phê duyệt kết quả", "unit": None},
            {"at": dossier["returned_at"], "label": "Đã trả kết quả", "unit": None},
        ],
    }
    assert [(e["action"], e["label"]) for e in events] == [
        ("create", "Tạo bản nháp"), ("submit", "Nộp trực tuyến"),
        ("pay", "Đã nộp phí, lệ phí"), ("accept", "Tiếp nhận, hẹn trả kết quả"),
        ("forward", "Chuyển xử lý"), ("forward", "Chuyển xử lý"), ("forward", "Chuyển xử lý"),
        ("approve", "Phê duyệt kết quả"), ("return", "Đã trả kết quả")]

    # The citizen downloads the signed result: the director's valid signature.
    expect(api_as("citizen2").get(url + "result/"), 404)
    download = citizen.get(url + "result/")
    assert download.status_code == 200
    assert (download["Content-Type"], download["Content-Disposition"]) == (
        "application/pdf", f'attachment; filename="ket-qua-{code}.pdf"')
    pdf = b"".join(download.streaming_content)
    report = verification.verify_pdf(pdf)
    assert report.all_valid, report.summary
    assert [(s.signer, s.field_name) for s in report.signatures] == [
        (director_name, "KetQua")]

    # And rates the service, once.
    rated = expect(citizen.post(url + "rate/", {"stars": 5, "comment": "Nhanh, đúng hẹn."},
                                format="json"), 201)
    assert rated == {"stars": 5, "comment": "Nhanh, đúng hẹn.",
                     "created_at": rated["created_at"]}
    again = citizen.post(url + "rate/", {"stars": 1}, format="json")
    assert expect(again, 409)["code"] == "already_rated"
    assert expect(anyone.get("/api/v1/dossier-lookup/",
                             {"code": code, "check": "084095001234"}), 200)["can_rate"] is False
