"""Divisions of Trà Vinh (2008 edition) and Vĩnh Long (2025), two agencies A and B, and
one user of each kind the permission rules tell apart, all made through the services."""

import datetime as dt

import pytest

from egov.accounts import services as account_services
from egov.accounts.models import Role
from egov.organizations import services
from egov.organizations.models import AdministrativeDivision, Agency

D2017 = dt.date(2017, 1, 1)
PASSWORD = "Kiem-Thu-2024"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 with Django's million rounds costs a quarter second per password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def divisions(db):
    services.divisions_import(actor=None, edition="2008", province="84")
    services.divisions_import(actor=None, edition="2025", province="86")


@pytest.fixture
def tra_vinh(divisions):
    return AdministrativeDivision.objects.get(level=1, code="84")


@pytest.fixture
def vinh_long_2025(divisions):
    return AdministrativeDivision.objects.get(level=1, code="86",
                                              valid_from=dt.date(2025, 7, 1))


@pytest.fixture
def province_committee(tra_vinh):
    return services.agency_create(
        actor=None, code="000.00.00.H59", name="Ủy ban nhân dân tỉnh Trà Vinh",
        short_name="UBND", kind=Agency.Kind.PROVINCIAL_COMMITTEE, division=tra_vinh,
        valid_from=D2017,
    )


@pytest.fixture
def agency_a(tra_vinh, province_committee):
    return services.agency_create(
        actor=None, code="000.00.31.H59", name="Sở Thông tin và Truyền thông",
        short_name="STTTT", kind=Agency.Kind.DEPARTMENT, division=tra_vinh,
        parent=province_committee, valid_from=D2017,
    )


@pytest.fixture
def agency_b(tra_vinh, province_committee):
    return services.agency_create(
        actor=None, code="000.00.23.H59", name="Sở Tư pháp", short_name="STP",
        kind=Agency.Kind.DEPARTMENT, division=tra_vinh, parent=province_committee,
        valid_from=D2017,
    )


@pytest.fixture
def unit_a(agency_a):
    return services.unit_create(actor=None, agency=agency_a, name="Văn phòng",
                                short_name="VP", valid_from=D2017)


@pytest.fixture
def unit_b(agency_b):
    return services.unit_create(actor=None, agency=agency_b, name="Phòng Hành chính tư pháp",
                                short_name="HCTP", valid_from=D2017)


def _official(username, agency, *roles):
    return account_services.official_create(
        actor=None, username=username, full_name=username.replace("_", " ").title(),
        email=f"{username}@travinh.gov.vn", agency=agency, roles=roles, password=PASSWORD,
    ).user


@pytest.fixture
def users(db, agency_a, agency_b):
    """name → user (None for anonymous)."""
    return {
        "anonymous": None,
        "citizen": account_services.citizen_register(
            full_name="Thạch Thị Sa Rây", citizen_id="084185001234", phone="0912345678",
            email="saray@example.org", password=PASSWORD,
        ),
        "a_admin": _official("a_admin", agency_a, Role.AGENCY_ADMIN),
        "a_specialist": _official("a_specialist", agency_a, Role.SPECIALIST),
        "b_admin": _official("b_admin", agency_b, Role.AGENCY_ADMIN),
        "sysadmin": _official("sysadmin", agency_b, Role.SYSTEM_ADMIN),
    }


@pytest.fixture
def people(users):
    """Who ``api_as`` and ``web_as`` log in as (tests/conftest.py)."""
    return users
