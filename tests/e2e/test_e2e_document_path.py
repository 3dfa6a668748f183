"""A document's whole path in Chromium, with the demo's people: the clerk registers an
incoming letter, the director assigns it, the head of unit passes it to a specialist, who
drafts a reply; the head approves, the director approves and signs with his own
certificate, the clerk issues it with the next number and the agency's seal and it goes
to the provincial Office on the platform, whose clerk accepts it; the status comes back
to the department."""

from __future__ import annotations

import pytest
from django.utils import timezone

from e2e.e2e_people import People
from egov.accounts.models import Official, Role
from egov.core.demo import DEMO_PASSWORD
from egov.documents.models import Exchange, IncomingDocument, OutgoingDocument
from egov.organizations.models import Unit

pytestmark = pytest.mark.e2e


def submit(page, action: str) -> None:
    with page.expect_navigation():
        page.locator(f"form[action$='{action}'] button[type=submit]").click()


def text(page) -> str:
    return page.locator("main").inner_text()


def a_pdf(text: str) -> bytes:
    import weasyprint

    html = f'<html><body style="font-family: DejaVu Sans"><p>{text}</p></body></html>'
    return weasyprint.HTML(string=html).write_pdf()


def test_a_letter_received_answered_signed_issued_and_received(browser, demo_site,
                                                               screenshot_dir):
    site = demo_site
    office_clerk = Official.objects.get(agency__code="000.00.21.H59",
                                        roles__role=Role.CLERK).user.username
    bcvt = Unit.objects.get(agency__code="000.00.31.H59", short_name="BCVT")
    today = timezone.localdate()
    people = People(browser, site, screenshot_dir)
    try:
        # The clerk registers a letter received electronically, with its file.
        page = people.login("vanthu.stttt")
        page.goto(f"{site}/van-ban/den/moi/")
        page.fill("#id_issuer_name", "Cục Viễn thông")
        page.fill("#id_number_symbol", "512/CVT-QLTT")
        page.fill("#id_document_date", today.isoformat())
        page.select_option("#id_doc_type", label="Công văn")
        page.fill("#id_summary", "V/v báo cáo tình hình chỉnh trang cáp viễn thông")
        page.select_option("#id_channel", "electronic")
        page.set_input_files("#id_files", files=[{
            "name": "512-CVT.pdf", "mimeType": "application/pdf",
            "buffer": a_pdf("Báo cáo tình hình chỉnh trang cáp viễn thông")}])
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        received = IncomingDocument.objects.get(number_symbol="512/CVT-QLTT")
        assert page.url == f"{site}/van-ban/den/{received.pk}/"
        assert "Đã vào sổ với số đến" in page.locator(".messages").inner_text()

        # The director assigns it to the telecommunications unit, within five working days.
        page = people.login("giamdoc.stttt")
        page.goto(f"{site}/van-ban/den/{received.pk}/")
        page.select_option("#id_lead_unit", str(bcvt.pk))
        page.fill("#id_lead_days", "5")
        page.fill("#id_instructions", "Giao Phòng BCVT tham mưu trả lời.")
        submit(page, "/phan-cong/")
        assert "Đã phân công xử lý văn bản." in page.locator(".messages").inner_text()

        # The head passes it to the specialist.
        page = people.login("truongphong.stttt")
        page.goto(f"{site}/van-ban/den/{received.pk}/")
        specialist = Official.objects.get(user__username="chuyenvien.stttt").user
        page.locator("form[action$='/chuyen/'] select").select_option(str(specialist.pk))
        submit(page, "/chuyen/")

        # The specialist finds it in her inbox and drafts the reply.
        page = people.login("chuyenvien.stttt")
        page.goto(f"{site}/van-ban/")
        assert "512/CVT-QLTT" in text(page)
        page.goto(f"{site}/van-ban/den/{received.pk}/")
        with page.expect_navigation():
            page.get_by_role("link", name="Soạn văn bản trả lời").click()
        page.select_option("#id_doc_type", label="Công văn")
        page.fill("#id_body", "Sở Thông tin và Truyền thông báo cáo như sau.")
        page.select_option("#id_recipient_agencies", label="Văn phòng Ủy ban nhân dân tỉnh")
        page.fill("#id_other_recipients", "Cục Viễn thông (b/c)")
        page.select_option("#id_signer", label="Trần Văn Dũng")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        reply = OutgoingDocument.objects.get(in_reply_to=received)
        head = Official.objects.get(user__username="truongphong.stttt").user
        director = Official.objects.get(user__username="giamdoc.stttt").user
        page.select_option("#id_first", str(head.pk))
        page.select_option("#id_second", str(director.pk))
        submit(page, "/trinh/")

        # The head approves; the director approves and signs.
        for username in ("truongphong.stttt", "giamdoc.stttt"):
            page = people.login(username)
            page.goto(f"{site}/van-ban/di/{reply.pk}/")
            page.check("input[name=decision][value=approve]")
            submit(page, "/duyet/")
        page.fill("#id_passphrase", DEMO_PASSWORD)
        submit(page, "/ky/")
        assert "Đã ký số văn bản." in page.locator(".messages").inner_text()

        # The clerk issues it with the next number and the agency's seal.
        page = people.login("vanthu.stttt")
        page.goto(f"{site}/van-ban/di/{reply.pk}/")
        submit(page, "/ban-hanh/")
        reply.refresh_from_db()
        assert reply.number_symbol == "01/STTTT-BCVT"
        assert "Công văn 01/STTTT-BCVT" in text(page)
        people.shot(page, "documents-issued")

        # The provincial Office's clerk receives it and accepts it.
        page = people.login(office_clerk)
        page.goto(f"{site}/van-ban/lien-thong/")
        assert "01/STTTT-BCVT" in text(page)
        exchange = Exchange.objects.get(outgoing=reply)
        submit(page, f"/lien-thong/{exchange.pk}/nhan/")
        assert "Đã vào sổ với số đến" in page.locator(".messages").inner_text()

        # Back at the department, the status has come back under "Nơi nhận".
        page = people.login("vanthu.stttt")
        page.goto(f"{site}/van-ban/di/{reply.pk}/")
        assert "Đã tiếp nhận, vào sổ" in text(page)
        people.shot(page, "documents-status-back")
    finally:
        people.close()
