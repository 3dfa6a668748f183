"""Fixtures of the signature tests: the province's CA (EC keys, fast), two agencies,
one user of each kind the permission rules tell apart, issued certificates and a PDF.

Everything is built through the real services of organizations, accounts and signatures.
"""

import datetime as dt

import pytest
from signature_pdfs import PASSPHRASE, plain_pdf

from egov.accounts import services as accounts
from egov.accounts.models import Role, User
from egov.organizations import services as organizations
from egov.organizations.models import AdministrativeDivision, Agency
from egov.signatures import services
from egov.signatures.models import KeyAlgorithm, SignerKind

D2017 = dt.date(2017, 1, 1)


@pytest.fixture
def tra_vinh(db):
    organizations.divisions_import(actor=None, edition="2008", province="84")
    return AdministrativeDivision.objects.get(level=1, code="84")


@pytest.fixture
def agency_a(tra_vinh):
    return organizations.agency_create(
        actor=None, code="000.00.31.H59", name="Sở Thông tin và Truyền thông",
        short_name="STTTT", kind=Agency.Kind.DEPARTMENT, division=tra_vinh, valid_from=D2017,
        email="stttt@travinh.gov.vn",
    )


@pytest.fixture
def agency_b(tra_vinh):
    return organizations.agency_create(
        actor=None, code="000.00.23.H59", name="Sở Tư pháp", short_name="STP",
        kind=Agency.Kind.DEPARTMENT, division=tra_vinh, valid_from=D2017,
    )


def _official(username, agency, *roles, position=""):
    official = accounts.official_create(
        actor=None, username=username, full_name=f"Nguyễn Văn {username.title()}",
        email=f"{username}@travinh.gov.vn", agency=agency, position=position, roles=roles,
        password="Egov@2017demo",
    )
    return official.user


@pytest.fixture
def users(agency_a, agency_b):
    """name → user (None for anonymous)."""
    return {
        "anonymous": None,
        "citizen": User.objects.create_user(username="citizen", password="x",
                                            kind=User.Kind.CITIZEN),
        "a_admin": _official("a_admin", agency_a, Role.AGENCY_ADMIN),
        "a_director": _official("a_director", agency_a, Role.DIRECTOR, position="Giám đốc"),
        "a_clerk": _official("a_clerk", agency_a, Role.CLERK, position="Văn thư"),
        "a_specialist": _official("a_specialist", agency_a, Role.SPECIALIST),
        "b_admin": _official("b_admin", agency_b, Role.AGENCY_ADMIN),
        "b_director": _official("b_director", agency_b, Role.DIRECTOR),
        "sysadmin": _official("sysadmin", agency_b, Role.SYSTEM_ADMIN),
    }


@pytest.fixture
def platform_ca(db):
    return services.authority_setup_platform(
        actor=None, organisation="Sở Thông tin và Truyền thông tỉnh Trà Vinh",
        province="Trà Vinh", key_algorithm=KeyAlgorithm.EC_P256,
    )


@pytest.fixture
def seal_a(platform_ca, agency_a):
    """The agency seal of A, issued and active (key sealed with the KEK only)."""
    request = services.certificate_request(
        actor=None, signer_kind=SignerKind.ORGANISATION, agency=agency_a,
        key_algorithm=KeyAlgorithm.EC_P256, purpose="Con dấu điện tử",
    )
    return services.certificate_issue(actor=None, certificate=request)


@pytest.fixture
def director_cert(platform_ca, agency_a, users):
    """The director of A's own certificate, protected by a passphrase."""
    official = users["a_director"].official
    request = services.certificate_request(
        actor=None, signer_kind=SignerKind.INDIVIDUAL, agency=agency_a, official=official,
        key_algorithm=KeyAlgorithm.EC_P256,
    )
    return services.certificate_issue(actor=None, certificate=request, passphrase=PASSPHRASE)


@pytest.fixture
def pdf():
    return plain_pdf()


@pytest.fixture
def people(users):
    """Who ``api_as`` and ``web_as`` log in as (tests/conftest.py)."""
    return users
