"""Browser tests: Playwright's sync API driving Debian's Chromium (never a downloaded
browser) against pytest-django's live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
# Screenshots land here (git-ignored) for a person to look at.
SCREENSHOTS = Path(os.environ.get("EGOV_SCREENSHOT_DIR", "test-results/e2e"))


# Per module, not per session: while Playwright's loop runs in this thread, code that
# calls asyncio.run() itself (pyHanko signing and validation) fails, so the loop must
# not outlive the browser tests into the rest of the suite.
@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}: run `make test` as root, "
                    "or `apt-get install chromium`.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, and Django refuses ORM
    # calls from a thread with a running loop unless told that it is safe: here it is,
    # the loop only waits for the browser. Limited to the browser tests.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
