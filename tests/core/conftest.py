"""Fixtures of the core tests: a clean calendar cache and one user of each kind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from egov.accounts import services as accounts
from egov.accounts.models import Role, User
from egov.core.calendar import selectors as calendar
from egov.organizations import services as organizations
from egov.organizations.models import AdministrativeDivision

PASSWORD = "Lịch-làm-việc-2018"


@pytest.fixture(autouse=True)
def calendar_cache():
    """Each test starts with no computed calendar in memory, so the queries it counts
    do not depend on the tests before; and ends with none, because the tests that
    commit are followed by a flush that empties the tables behind the calendar's back."""
    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture(autouse=True)
def default_language():
    """A request in English activates English for the thread until something else
    does; the next test expects the default language (Vietnamese) again."""
    yield
    translation.deactivate()


@pytest.fixture
def superuser(db) -> User:
    # The first administrator exists before any service can be called, as with
    # `egov createsuperuser`.
    return User.objects.create_superuser(
        username="quantri", email="quantri@travinh.gov.vn", password=PASSWORD,
        kind=User.Kind.OFFICIAL, full_name="Quản trị hệ thống",
    )


@pytest.fixture
def agency(superuser):
    organizations.divisions_import(actor=superuser, edition="2008", province="84")
    province = AdministrativeDivision.objects.get(level=1, code="84")
    return organizations.agency_create(
        actor=superuser, code="000.00.31.H59", name="Sở Thông tin và Truyền thông",
        short_name="STTTT", kind="so", division=province, valid_from=dt.date(2008, 8, 1),
    )


def _official(superuser: User, agency, username: str, role: str) -> User:
    official = accounts.official_create(
        actor=superuser, username=username, full_name=f"Cán bộ {username}",
        email=f"{username}@travinh.gov.vn", agency=agency, roles=[role], password=PASSWORD,
    )
    return official.user


@pytest.fixture
def system_admin(superuser, agency) -> User:
    """An official with the system administrator role."""
    return _official(superuser, agency, "hethong.stttt", Role.SYSTEM_ADMIN)


@pytest.fixture
def desk_officer(superuser, agency) -> User:
    return _official(superuser, agency, "motcua.stttt", Role.DESK_OFFICER)


@pytest.fixture
def citizen(db) -> User:
    return accounts.citizen_register(
        full_name="Thạch Thị Sa Rươl", citizen_id="084095001234", phone="0912345678",
        email="", password=PASSWORD,
    )


@pytest.fixture
def api():
    def client_for(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for
