"""Pages: paying a dossier's fee, the return from the gateway, a payment, its receipt."""

import subprocess
from urllib.parse import parse_qsl, urlsplit

import pytest
from payments_data import DOSSIER, FREE_DOSSIER, GATEWAY_URL, OTHERS_DOSSIER, gateway_answer

from egov.payments.models import Payment

RETURN = "/thanh-toan/vnpay/ket-qua/"


def text(response):
    return response.content.decode()


# --- paying ------------------------------------------------------------------------------------


def test_the_applicant_sees_the_fee_and_is_sent_to_the_gateway(web_as, dossiers):
    web = web_as("applicant")
    page = web.get(f"/thanh-toan/ho-so/{DOSSIER}/")
    assert page.status_code == 200
    assert "150.000" in text(page)
    assert "Một trăm năm mươi nghìn đồng" in text(page)
    assert "Thanh toán trực tuyến" in text(page)
    response = web.post(f"/thanh-toan/ho-so/{DOSSIER}/")
    assert response.status_code == 302
    payment = Payment.objects.get()
    target = urlsplit(response["Location"])
    params = dict(parse_qsl(target.query))
    assert f"{target.scheme}://{target.netloc}{target.path}" == GATEWAY_URL
    assert (params["vnp_TxnRef"], params["vnp_Amount"], params["vnp_ReturnUrl"]) == (
        payment.txn_ref, "15000000", "http://testserver/thanh-toan/vnpay/ket-qua/")
    assert (payment.amount, payment.purpose) == (150000, dossiers[DOSSIER].fee_purpose)


def test_a_dossier_without_a_stated_fee_has_nothing_to_pay(web_as, dossiers):
    web = web_as("applicant")
    page = text(web.get(f"/thanh-toan/ho-so/{FREE_DOSSIER}/"))
    assert "Hồ sơ này không có khoản nào phải nộp." in page
    assert web.post(f"/thanh-toan/ho-so/{FREE_DOSSIER}/").status_code == 200
    assert not Payment.objects.exists()


@pytest.mark.parametrize(("who", "code", "status"), [
    ("other_citizen", DOSSIER, 404),
    ("a_desk", DOSSIER, 404),
    ("applicant", OTHERS_DOSSIER, 404),
    ("applicant", "000.00.31.H59-250312-9999", 404),
])
def test_nobody_pays_a_dossier_that_is_not_theirs(web_as, dossiers, who, code, status):
    web = web_as(who)
    assert web.get(f"/thanh-toan/ho-so/{code}/").status_code == status
    assert web.post(f"/thanh-toan/ho-so/{code}/").status_code == status
    assert not Payment.objects.exists()


def test_paying_needs_a_login(web_as, dossiers):
    response = web_as("anonymous").post(f"/thanh-toan/ho-so/{DOSSIER}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_paid_fee_is_shown_as_paid(web_as, start, paid_calls):
    payment, _address = start()
    web_as("anonymous").get(RETURN, gateway_answer(payment))
    web = web_as("applicant")
    page = text(web.get(f"/thanh-toan/ho-so/{DOSSIER}/"))
    assert "Khoản phí này đã được thanh toán." in page
    assert "Đã thanh toán" in page


def test_a_closed_gateway_is_said_on_the_page(web_as, dossiers, vnpay_settings):
    vnpay_settings.EGOV_PAYMENT_VNPAY_HASH_SECRET = ""
    response = web_as("applicant").post(f"/thanh-toan/ho-so/{DOSSIER}/")
    assert response.status_code == 200
    assert "Hiện chưa thể thanh toán trực tuyến." in text(response)


# --- the return from the gateway -----------------------------------------------------------------


def test_the_payer_comes_back_paid(web_as, start, paid_calls):
    payment, _address = start()
    response = web_as("applicant").get(RETURN, gateway_answer(payment))
    assert response.status_code == 200
    page = text(response)
    assert f"Bạn đã thanh toán 150.000 đồng cho hồ sơ {DOSSIER}." in page
    assert "Số biên lai: 0000001/2025." in page
    assert "Giao dịch thành công." in page
    assert f"/thanh-toan/giao-dich/{payment.txn_ref}/bien-lai/" in page
    payment.refresh_from_db()
    assert (payment.status, payment.settled_via) == ("paid", "return")
    # Coming back again (a reload) shows the same, and changes nothing.
    again = web_as("applicant").get(RETURN, gateway_answer(payment))
    assert "Số biên lai: 0000001/2025." in text(again)
    assert paid_calls == [(DOSSIER, 150000, payment.txn_ref)]


def test_the_return_counts_without_a_login(web_as, start, paid_calls):
    payment, _address = start()
    page = text(web_as("anonymous").get(RETURN, gateway_answer(payment)))
    assert "Bạn đã thanh toán 150.000 đồng" in page
    assert "Đăng nhập để xem giao dịch và biên lai" in page
    assert "/bien-lai/" not in page


@pytest.mark.parametrize(("answer", "message"), [
    ({"response": "24", "status": "02", "number": "0"},
     "Giao dịch thanh toán đã bị hủy. Bạn không bị trừ tiền."),
    ({"response": "51", "status": "02"}, "Tài khoản của bạn không đủ số dư."),
])
def test_the_payer_comes_back_unpaid(web_as, start, answer, message):
    payment, _address = start()
    response = web_as("applicant").get(RETURN, gateway_answer(payment, **answer))
    assert response.status_code == 200
    assert message in text(response)
    assert "Số biên lai" not in text(response)


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: {**gateway_answer(p), "vnp_SecureHash": "0" * 128},
     "Không xác thực được kết quả từ cổng thanh toán. Không có gì được ghi nhận."),
    (lambda p: {}, "Không xác thực được kết quả từ cổng thanh toán."),
    (lambda p: gateway_answer(p, amount=1),
     "Số tiền cổng thanh toán báo về không khớp với số tiền phải nộp."),
    (lambda p: gateway_answer(p, vnp_TxnRef="250312000000000000"),
     "Cổng thanh toán trả về một giao dịch mà hệ thống không có."),
])
def test_a_return_that_cannot_be_trusted_records_nothing(web_as, start, paid_calls, make,
                                                         message):
    payment, _address = start()
    response = web_as("applicant").get(RETURN, make(payment))
    assert response.status_code == 400
    assert message in text(response)
    payment.refresh_from_db()
    assert payment.status == "pending"
    assert paid_calls == []


def test_the_return_of_an_unknown_gateway_is_not_found(web_as, db):
    assert web_as("anonymous").get("/thanh-toan/momo/ket-qua/").status_code == 404


def test_the_return_page_in_english(web_as, start, paid_calls):
    payment, _address = start()
    web = web_as("applicant")
    web.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = text(web.get(RETURN, gateway_answer(payment)))
    assert f"You paid 150.000 VND for dossier {DOSSIER}." in page


# --- a payment and its receipt -------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [
    ("applicant", 200), ("a_desk", 200), ("a_specialist", 200), ("sysadmin", 200),
    ("other_citizen", 403), ("b_desk", 403),
])
def test_who_sees_a_payment_and_its_receipt(web_as, start, paid_calls, who, status):
    payment, _address = start()
    web_as("anonymous").get(RETURN, gateway_answer(payment))
    web = web_as(who)
    assert web.get(f"/thanh-toan/giao-dich/{payment.txn_ref}/").status_code == status
    assert web.get(f"/thanh-toan/giao-dich/{payment.txn_ref}/bien-lai/").status_code == status


def test_pages_need_a_login(web_as, start):
    payment, _address = start()
    for path in ["/thanh-toan/", f"/thanh-toan/giao-dich/{payment.txn_ref}/",
                 f"/thanh-toan/giao-dich/{payment.txn_ref}/bien-lai/"]:
        response = web_as("anonymous").get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/")


def test_the_receipt_states_what_the_law_asks(web_as, start, paid_calls):
    payment, _address = start()
    web_as("anonymous").get(RETURN, gateway_answer(payment))
    page = text(web_as("applicant").get(f"/thanh-toan/giao-dich/{payment.txn_ref}/bien-lai/"))
    for expected in ["BIÊN LAI THU PHÍ, LỆ PHÍ", "Số: 0000001/2025",
                     "Sở Thông tin và Truyền thông", "Thạch Thị Sa Rây", DOSSIER, "150.000",
                     "Một trăm năm mươi nghìn đồng", "trực tuyến qua VNPay", "14226112",
                     "10:15:30 12/03/2025"]:
        assert expected in page, expected


def pdf_text(content):
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content,
                            capture_output=True, check=True)
    return result.stdout.decode()


def test_the_receipt_as_pdf_in_the_official_layout(web_as, start, paid_calls):
    payment, _address = start()
    web_as("anonymous").get(RETURN, gateway_answer(payment))
    web = web_as("a_desk")
    web.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = web.get(f"/thanh-toan/giao-dich/{payment.txn_ref}/bien-lai.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="bien-lai-{payment.txn_ref}.pdf"')
    words = " ".join(pdf_text(response.content).split())
    # Vietnamese whatever the reader's language: it is a paper of the agency.
    for expected in ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Số: 0000001/2025", "Trà Vinh, ngày 12 tháng 3 năm 2025",
                     "BIÊN LAI THU PHÍ, LỆ PHÍ", "Người nộp tiền: Thạch Thị Sa Rây",
                     f"Mã hồ sơ: {DOSSIER}", "Số tiền: 150.000 đồng",
                     "Bằng chữ: Một trăm năm mươi nghìn đồng",
                     "Hình thức thanh toán: Trực tuyến qua VNPay", "14226112 (ngân hàng NCB)",
                     "10 giờ 15 phút, ngày 12 tháng 3 năm 2025"]:
        assert expected in words, expected


@pytest.mark.parametrize(("who", "status"), [("other_citizen", 403), ("b_desk", 403)])
def test_the_pdf_receipt_is_private(web_as, start, paid_calls, who, status):
    payment, _address = start()
    web_as("anonymous").get(RETURN, gateway_answer(payment))
    assert web_as(who).get(
        f"/thanh-toan/giao-dich/{payment.txn_ref}/bien-lai.pdf").status_code == status


def test_an_unpaid_payment_has_no_receipt(web_as, start):
    payment, _address = start()
    web = web_as("applicant")
    page = text(web.get(f"/thanh-toan/giao-dich/{payment.txn_ref}/"))
    assert "Chờ thanh toán" in page
    assert web.get(f"/thanh-toan/giao-dich/{payment.txn_ref}/bien-lai/").status_code == 404
    assert web.get(f"/thanh-toan/giao-dich/{payment.txn_ref}/bien-lai.pdf").status_code == 404
    assert web.get("/thanh-toan/giao-dich/250312AAAAAAAAAAAA/").status_code == 404


def test_the_list_shows_ones_own_payments(web_as, start, people, paid_calls):
    assert "Chưa có giao dịch thanh toán nào." in text(web_as("applicant").get("/thanh-toan/"))
    payment, _address = start()
    start(actor=people["other_citizen"], dossier_code=OTHERS_DOSSIER, amount=50000,
          purpose="Lệ phí cấp phiếu lý lịch tư pháp")
    page = text(web_as("applicant").get("/thanh-toan/"))
    assert payment.txn_ref in page
    assert OTHERS_DOSSIER not in page
    assert OTHERS_DOSSIER not in text(web_as("a_desk").get("/thanh-toan/"))
    page = text(web_as("sysadmin").get("/thanh-toan/"))
    assert OTHERS_DOSSIER in page and DOSSIER in page


def test_a_payment_the_dossier_refused_says_why(web_as, start):
    from egov.core.errors import Conflict
    from egov.payments import hooks

    def refuse(**kwargs):
        raise Conflict("Hồ sơ đã được rút.", code="nothing_due")

    payment, _address = start()
    hooks.on_paid.append(refuse)
    try:
        web_as("anonymous").get(RETURN, gateway_answer(payment))
    finally:
        hooks.on_paid.remove(refuse)
    page = text(web_as("a_desk").get(f"/thanh-toan/giao-dich/{payment.txn_ref}/"))
    assert "Chưa ghi nhận vào hồ sơ" in page and "Hồ sơ đã được rút." in page
    assert "Đã thanh toán" in page
