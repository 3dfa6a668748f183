"""The people of the demo in the browser: each logs in in a browser context of their own,
as on their own computer, one after the other."""

from __future__ import annotations

from pathlib import Path

from egov.core.demo import DEMO_PASSWORD


class People:
    """One person at a time in their own browser context; ``shots`` is where their
    screenshots go."""

    def __init__(self, browser, base: str, shots: Path) -> None:
        self.browser, self.base, self.shots = browser, base, shots
        self.context = None

    def login(self, username: str):
        """A new context logged in as ``username`` (demo password) on its home page."""
        if self.context is not None:
            self.context.close()
        self.context = self.browser.new_context(locale="vi-VN",
                                                viewport={"width": 1280, "height": 900},
                                                accept_downloads=True)
        self.context.set_default_timeout(30_000)
        page = self.context.new_page()
        page.goto(f"{self.base}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        assert page.url == f"{self.base}/accounts/home/", page.url
        return page

    def shot(self, page, name: str) -> None:
        page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)

    def close(self) -> None:
        if self.context is not None:
            self.context.close()
