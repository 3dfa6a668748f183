"""Fixtures every test may use. App-specific fixtures live in tests/<app>/conftest.py,
which may override these (a folder that needs the province's committee as parent)."""

import datetime as dt
import socket
import warnings
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.utils import translation
from rest_framework.test import APIClient

from egov.organizations import services as organizations
from egov.organizations.models import AdministrativeDivision, Agency

D2017 = dt.date(2017, 1, 1)
# The database DATABASE_URL names, before any test database replaces it.
CONFIGURED_DATABASE = settings.DATABASES["default"]["NAME"]


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Django leaves the last request's language active in the thread; every test starts
    in the platform's default language instead."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 with Django's million rounds costs a quarter second per password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def few_signed_demo_results(settings):
    # The demo signs some 160 results of 2017 (about a minute); tests that load it sign
    # three, which shows the path without the wait.
    settings.EGOV_DEMO_SIGNED_RESULTS = 3


@pytest.fixture(scope="session")
def test_databases(django_db_setup, django_db_blocker):
    """The test database, for fixtures that write outside any test's transaction (the
    browser tests' demo, a module's parts of the demo). pytest-django creates it only when
    a collected test asks for ``db``, ``transactional_db`` or ``live_server``; run alone,
    such fixtures would write into the database DATABASE_URL names. Created here then."""
    from django.test.utils import setup_databases, teardown_databases

    if connection.settings_dict["NAME"] != CONFIGURED_DATABASE:
        yield
        return
    with django_db_blocker.unblock():
        created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        try:
            teardown_databases(created, verbosity=0)
        except OperationalError as exc:
            # A live server's request thread may still hold a connection for a browser's
            # kept-alive socket; the next run drops the database when it creates it.
            warnings.warn(f"the test database was left in place: {exc}", stacklevel=1)


class _Inbox:
    """What a local SMTP server received: (sender, recipients, raw message) each."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_inbox(settings) -> Iterator[_Inbox]:
    """A real SMTP server on a free local port (aiosmtpd), with Django sending to it: the
    mail the test causes arrives in ``smtp_inbox.messages``."""
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "egov <no-reply@travinh.gov.vn>"
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def api_as(people):
    """``api_as(name)``: an API client authenticated as ``people[name]``, anonymous when
    that is None. Each folder's conftest says who its ``people`` are."""
    def make(name):
        client = APIClient()
        if people[name] is not None:
            client.force_authenticate(people[name])
        return client
    return make


@pytest.fixture
def web_as(people, client):
    """``web_as(name)``: the test client logged in as ``people[name]`` (logged out when
    that is None)."""
    def make(name):
        client.logout()
        if people[name] is not None:
            client.force_login(people[name])
        return client
    return make


@pytest.fixture
def province(db):
    # No service creates a single division (they are imported by edition), so the one
    # row these tests need is made directly.
    return AdministrativeDivision.objects.create(
        code="84", name="Tỉnh Trà Vinh", kind="tỉnh", level=1, valid_from=dt.date(2008, 8, 1)
    )


@pytest.fixture
def agency_a(province):
    """Agency A: the Department of Information and Communications (Sở TT&TT)."""
    return organizations.agency_create(
        actor=None, code="000.00.31.H59", name="Sở Thông tin và Truyền thông",
        short_name="STTTT", kind=Agency.Kind.DEPARTMENT, division=province, valid_from=D2017,
    )


@pytest.fixture
def agency_b(province):
    """Agency B: the Department of Justice (Sở Tư pháp)."""
    return organizations.agency_create(
        actor=None, code="000.00.23.H59", name="Sở Tư pháp", short_name="STP",
        kind=Agency.Kind.DEPARTMENT, division=province, valid_from=D2017,
    )


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(skip_pg)
