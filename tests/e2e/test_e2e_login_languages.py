"""A demo official logs in, in Vietnamese by default, and switches to English and Khmer."""

from __future__ import annotations

import subprocess

import pytest
from django.contrib.auth import get_user_model

from egov.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

DIRECTOR = "giamdoc.stttt"  # Giám đốc Sở Thông tin và Truyền thông, a named demo login


def switch_language(page, code: str) -> None:
    with page.expect_navigation():
        page.select_option("#language-select", code)
    assert page.get_attribute("html", "lang") == code


def test_director_logs_in_and_switches_language(page, demo_site, screenshot_dir):
    director = get_user_model().objects.get(username=DIRECTOR)

    page.goto(f"{demo_site}/accounts/login/")
    assert page.get_attribute("html", "lang") == "vi"
    assert page.locator("h1").inner_text() == "Đăng nhập"
    assert page.locator(".brand-name").inner_text() == "Hệ thống chính quyền điện tử tỉnh"
    assert page.locator("#language-select option:checked").inner_text() == "Tiếng Việt"

    page.fill("#id_username", DIRECTOR)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url == f"{demo_site}/accounts/home/"
    main = page.locator("main").inner_text()
    assert director.get_full_name() in main
    assert "Sở Thông tin và Truyền thông" in main
    assert page.locator(".user-nav").inner_text().count(director.get_full_name()) == 1
    assert "Công việc của tôi" in page.locator(".user-nav").inner_text()

    switch_language(page, "en")
    assert page.url == f"{demo_site}/accounts/home/"
    assert page.locator(".brand-name").inner_text() == "Provincial e-government platform"
    assert "My work" in page.locator(".user-nav").inner_text()
    assert page.locator(".site-footer").inner_text() == (
        "Department of Information and Communications"
    )

    switch_language(page, "km")
    assert page.locator(".brand-name").inner_text() == "ប្រព័ន្ធរដ្ឋាភិបាលអេឡិចត្រូនិករបស់ខេត្ត"
    assert "ការងាររបស់ខ្ញុំ" in page.locator(".user-nav").inner_text()
    assert page.locator(".site-footer").inner_text() == "មន្ទីរព័ត៌មាន និងគមនាគមន៍"
    assert page.locator("#language-select option:checked").inner_text() == "ភាសាខ្មែរ"
    page.screenshot(path=str(screenshot_dir / "home-km.png"), full_page=True)

    # The choice stays for the session: the next page is still in Khmer.
    page.goto(f"{demo_site}/")
    assert page.get_attribute("html", "lang") == "km"

    switch_language(page, "vi")
    assert page.locator(".brand-name").inner_text() == "Hệ thống chính quyền điện tử tỉnh"


def test_login_page_in_khmer_uses_a_khmer_font(page, demo_site, screenshot_dir):
    fonts = subprocess.run(["fc-list", ":lang=km", "family"], capture_output=True,
                           text=True, check=True).stdout
    assert "Khmer OS" in fonts, "fonts-khmeros is not installed: Khmer would show as boxes"

    page.goto(f"{demo_site}/accounts/login/")
    switch_language(page, "km")
    assert page.locator("h1").inner_text() == "ចូលប្រព័ន្ធ"
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Khmer OS"')
    page.screenshot(path=str(screenshot_dir / "login-km.png"), full_page=True)


def test_api_docs_render_in_the_browser_without_internet(page, demo_site):
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{demo_site}/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .title").first.inner_text().startswith("egov API")
    assert failed == []
    assert all(url.startswith(demo_site) for url in page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name)"
    ))
