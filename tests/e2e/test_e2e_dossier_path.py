"""The whole path of an online dossier in Chromium, with the demo's people: the citizen
applies with a file and pays at the (local) VNPay gateway; the one-stop desk accepts; the
specialist and the head of unit hand it on; the director approves and signs with his own
certificate; the citizen looks the dossier up by its code, downloads the signed result
and rates the service."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from e2e.e2e_people import People
from egov.core.demo import DEMO_PASSWORD
from egov.dossiers.models import Dossier
from egov.payments.contrib.vnpay.gateway import LocalGateway
from egov.procedures import services as procedures
from egov.procedures.models import Procedure
from egov.signatures.verification import verify_pdf

pytestmark = pytest.mark.e2e

MERCHANT = "EGOVDEMO"
SECRET = "E2E0SECRET0FOR0THE0LOCAL0GATEWAY"
PROCEDURE = "DEMO.STTTT.01"  # public video-game service point certificate, level 4
FEE = 200000
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages"
       b"/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


@pytest.fixture
def gateway(settings, demo_site):
    server = LocalGateway(merchant_code=MERCHANT, hash_secret=SECRET, port=0,
                          ipn_url=demo_site + "/api/v1/payments/ipn/vnpay/").start()
    settings.EGOV_PAYMENT_VNPAY_URL = server.url
    settings.EGOV_PAYMENT_VNPAY_TMN_CODE = MERCHANT
    settings.EGOV_PAYMENT_VNPAY_HASH_SECRET = SECRET
    yield server
    server.stop()


def with_a_fee_from_today(code: str) -> None:
    """The demo's procedures at the department are free: from today this one costs a fee,
    paid online before processing (a new legal version, as a fee decision would make)."""
    procedure = Procedure.objects.get(code=code)
    version = procedures.procedure_record(procedure)["versions"][-1]
    version.pop("valid_to")
    procedures.procedure_version_publish(actor=None, procedure=procedure, version={
        **version, "valid_from": timezone.localdate().isoformat(), "fee": FEE,
        "pay_before_processing": True})


def act(page, action: str) -> None:
    """Submit the form of one move on the dossier page."""
    form = page.locator(f"form[action$='/{action}/']")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def message(page) -> str:
    return page.locator(".messages").inner_text()


def test_a_dossier_from_application_to_rating(browser, demo_site, screenshot_dir, gateway):
    with_a_fee_from_today(PROCEDURE)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[
        "congdan", "chuyenvien.stttt", "truongphong.stttt", "giamdoc.stttt"])}
    people = People(browser, demo_site, screenshot_dir)
    try:
        # The citizen applies online, with a file for each paper, result online.
        page = people.login("congdan")
        page.goto(f"{demo_site}/ho-so/nop/{PROCEDURE}/")
        assert page.get_attribute("html", "lang") == "vi"
        assert "Nộp hồ sơ trực tuyến" in page.locator("h1").inner_text()
        assert "Phí, lệ phí: 200.000 đ." in page.locator("main").inner_text()
        # The form starts from the citizen's profile; what is typed below replaces it.
        assert page.input_value("#id_answer_phone") == users["congdan"].phone
        assert page.input_value("#id_answer_citizen_id") == users["congdan"].citizen_id
        for name, value in [
            ("applicant_name", "Nguyễn Văn An"), ("citizen_id", "084085001234"),
            ("phone", "0913456789"), ("email", "nguyenvanan@example.com"),
            ("address", "Số 12 đường Nguyễn Đáng, Phường 7, thành phố Trà Vinh"),
            ("point_name", "Điểm game Sao Mai"), ("area_m2", "60"),
            ("distance_to_school_m", "350"),
        ]:
            page.fill(f"#id_answer_{name}", value)
        for position in (1, 2, 3):
            page.set_input_files(f"#id_file_{position}", files=[{
                "name": f"giay-to-{position}.pdf", "mimeType": "application/pdf",
                "buffer": PDF}])
        page.check("input[name=delivery][value=online]")
        people.shot(page, "dossier-1-apply")
        with page.expect_navigation():
            page.locator("button[name=action][value=submit]").click()
        dossier = Dossier.objects.get(applicant=users["congdan"], procedure__code=PROCEDURE,
                                      status="submitted")
        code = dossier.code
        assert page.url == f"{demo_site}/ho-so/{dossier.pk}/"
        main = page.locator("main").inner_text()
        assert f"Hồ sơ {code}" in main
        assert "200.000 đ — chưa nộp" in main
        assert dossier.attachments.count() == 3

        # Pays at the gateway and comes back.
        with page.expect_navigation():
            page.get_by_role("link", name="Nộp phí, lệ phí trực tuyến").click()
        assert "200.000" in page.locator("main").inner_text()
        with page.expect_navigation():
            page.get_by_role("button", name="Thanh toán trực tuyến").click()
        assert page.url.startswith(gateway.base_url)
        assert "200.000 VND" in page.locator("body").inner_text()
        people.shot(page, "dossier-2-gateway")
        with page.expect_navigation():
            page.locator("button[name=decision][value=approve]").click()
        assert page.url.startswith(f"{demo_site}/thanh-toan/vnpay/ket-qua/")
        assert (f"Bạn đã thanh toán 200.000 đồng cho hồ sơ {code}."
                in page.locator("main").inner_text())
        people.shot(page, "dossier-3-paid")
        assert [answer for _ref, answer in gateway.notifications] == [
            {"RspCode": "00", "Message": "Confirm Success"}]
        page.goto(f"{demo_site}/ho-so/{dossier.pk}/")
        assert "200.000 đ — đã nộp" in page.locator("main").inner_text()

        # The desk accepts with every paper ticked, and hands over to the specialist.
        page = people.login("motcua.stttt")
        page.goto(f"{demo_site}/ho-so/{dossier.pk}/")
        for box in page.locator("form[action$='/accept/'] input[name=papers]").all():
            box.check()
        act(page, "accept")
        assert "Tiếp nhận" in message(page), message(page)
        page.select_option("#to_user", str(users["chuyenvien.stttt"].pk))
        act(page, "forward")
        dossier.refresh_from_db()
        assert (dossier.status, dossier.assignee_id) == ("processing",
                                                         users["chuyenvien.stttt"].pk)

        # The specialist finds it in the inbox and proposes; the head of unit submits it.
        for who, to in [("chuyenvien.stttt", "truongphong.stttt"),
                        ("truongphong.stttt", "giamdoc.stttt")]:
            page = people.login(who)
            page.goto(f"{demo_site}/ho-so/xu-ly/")
            with page.expect_navigation():
                page.get_by_role("link", name=code).click()
            page.select_option("#to_user", str(users[to].pk))
            page.fill("#forward-note", "Đủ điều kiện, đề nghị cấp giấy chứng nhận.")
            act(page, "forward")
            dossier.refresh_from_db()
            assert dossier.assignee_id == users[to].pk, message(page)

        # The director approves and signs with his own certificate.
        page = people.login("giamdoc.stttt")
        page.goto(f"{demo_site}/ho-so/{dossier.pk}/")
        page.fill("#approve-note", "Đồng ý cấp.")
        page.fill("#approve-passphrase", DEMO_PASSWORD)
        people.shot(page, "dossier-4-approve")
        act(page, "approve")
        dossier.refresh_from_db()
        assert (dossier.status, dossier.outcome, dossier.return_method) == (
            "returned", "granted", "online"), message(page)

        # The citizen looks it up by code, without logging in.
        page = people.login("congdan")
        page.goto(f"{demo_site}/ho-so/tra-cuu/")
        page.fill("#code", code)
        page.fill("#check", dossier.applicant_phone)
        with page.expect_navigation():
            page.get_by_role("button", name="Tra cứu").click()
        found = page.locator("main").inner_text()
        assert "Đã trả kết quả" in found and "Quá trình xử lý" in found
        for step in ["Nộp trực tuyến", "Đã nộp phí, lệ phí", "Tiếp nhận, hẹn trả kết quả",
                     "Phê duyệt kết quả"]:
            assert step in found, step
        people.shot(page, "dossier-5-lookup")

        # Downloads the signed result from the dossier page: the director's valid signature.
        page.goto(f"{demo_site}/ho-so/{dossier.pk}/")
        with page.expect_download() as info:
            page.get_by_role("link", name="Tải kết quả đã ký số").click()
        download = info.value
        assert download.suggested_filename == f"ket-qua-{code}.pdf"
        with open(download.path(), "rb") as signed:
            signed_pdf = signed.read()
        # Validation runs asyncio.run(), which cannot run in this thread while
        # Playwright's loop does: another thread validates.
        with ThreadPoolExecutor(1) as pool:
            report = pool.submit(verify_pdf, signed_pdf).result()
        assert report.all_valid, report.summary
        assert [s.signer for s in report.signatures] == [
            users["giamdoc.stttt"].get_full_name()]

        # And rates the service.
        page.check("input[name=stars][value='5']")
        page.fill("#comment", "Nhanh, không phải đi lại.")
        act(page, "rate")
        assert "Cảm ơn" in message(page), message(page)
        assert dossier.rating.stars == 5
        people.shot(page, "dossier-6-rated")
    finally:
        people.close()
