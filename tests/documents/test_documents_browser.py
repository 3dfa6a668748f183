"""A document's whole path in Chromium, with the demo's people: the clerk registers an
incoming letter, the director assigns it, the head of unit passes it to a specialist, who
drafts a reply; the head approves, the director approves and signs with his own
certificate, the clerk issues it with the next number and the agency's seal and it goes
to the provincial Office on the platform, whose clerk accepts it; the status comes back
to the department."""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.utils import timezone
from documents_data import pdf_bytes

from egov.accounts.models import Official, Role
from egov.core.demo import DEMO_PASSWORD
from egov.documents.models import Exchange, IncomingDocument, OutgoingDocument
from egov.organizations.models import Unit

pytestmark = pytest.mark.e2e
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SHOTS = Path(os.environ.get("EGOV_SCREENSHOT_DIR", "test-results/e2e"))


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}: `apt-get install chromium`.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django refuses ORM calls
    # from such a thread unless told it is safe (the loop only waits for the browser).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                  args=CHROMIUM_ARGS, headless=True)
            yield launched
            launched.close()


@pytest.fixture(scope="module", autouse=True)
def migrated_rows_back(django_db_blocker):
    """The flush after this transactional test empties the document types a migration
    loaded; the tests after it need them."""
    yield
    seed = import_module("egov.documents.migrations.0002_load_document_types")
    with django_db_blocker.unblock():
        if not django_apps.get_model("documents", "DocumentType").objects.exists():
            seed.load(django_apps, None)


class People:
    """One person at a time in their own browser context."""

    def __init__(self, browser, base: str) -> None:
        self.browser, self.base, self.context = browser, base, None

    def login(self, username: str):
        if self.context is not None:
            self.context.close()
        self.context = self.browser.new_context(locale="vi-VN",
                                                viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(30_000)
        page = self.context.new_page()
        page.goto(f"{self.base}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        assert page.url == f"{self.base}/accounts/home/", page.url
        return page

    def close(self) -> None:
        if self.context is not None:
            self.context.close()


def submit(page, action: str) -> None:
    with page.expect_navigation():
        page.locator(f"form[action$='{action}'] button[type=submit]").click()


def text(page) -> str:
    return page.locator("main").inner_text()


def test_a_letter_received_answered_signed_issued_and_received(browser, live_server,
                                                               transactional_db):
    call_command("load_demo", verbosity=0)
    site = f"http://127.0.0.1:{urlsplit(live_server.url).port}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    office_clerk = Official.objects.get(agency__code="000.00.21.H59",
                                        roles__role=Role.CLERK).user.username
    bcvt = Unit.objects.get(agency__code="000.00.31.H59", short_name="BCVT")
    today = timezone.localdate()
    people = People(browser, site)
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
            "name": "512-CVT.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}])
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
        page.screenshot(path=str(SHOTS / "documents-issued.png"), full_page=True)

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
        page.screenshot(path=str(SHOTS / "documents-status-back.png"), full_page=True)
    finally:
        people.close()
