"""Browser tests: Playwright's sync API driving Debian's Chromium (never a downloaded
browser) against a live server.

The tests that walk the demo province share one: ``demo_server`` loads it once for the
package and serves it, and each such test asks for ``demo_site`` (its address, with the
database open to the test). Loading the demo takes minutes; the walks each leave their own
dossier or letter behind, which the others do not look at. pytest-django's ``live_server``
would flush the database after each test (it is transactional), so these tests do not use
it; the tests that build their own data do."""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.test.utils import override_settings

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


def _empty_as_migrated() -> None:
    """Flush, then put back the rows a data migration loaded (the document types), which
    the demo and the tests after this package expect."""
    call_command("flush", interactive=False, verbosity=0)
    import_module("egov.documents.migrations.0002_load_document_types").load(django_apps, None)


@pytest.fixture(scope="package")
def demo_server(test_databases, django_db_blocker) -> Iterator[str]:
    """The demo province, loaded once and served on 127.0.0.1 for the package's walks."""
    from pytest_django.live_server_helper import LiveServer

    # As the function-scoped fixtures of tests/conftest.py set them for each test.
    with override_settings(EGOV_DEMO_SIGNED_RESULTS=3, PASSWORD_HASHERS=[
            "django.contrib.auth.hashers.MD5PasswordHasher"]), django_db_blocker.unblock():
        _empty_as_migrated()
        call_command("load_demo", verbosity=0)
    server = LiveServer("127.0.0.1")
    yield f"http://127.0.0.1:{server.thread.port}"
    server.stop()
    with django_db_blocker.unblock():
        _empty_as_migrated()


@pytest.fixture
def demo_site(demo_server, django_db_blocker) -> Iterator[str]:
    """The demo's address; the test reads and writes its database directly."""
    with django_db_blocker.unblock():
        yield demo_server
