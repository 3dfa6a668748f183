"""Two agencies (A: Sở Thông tin và Truyền thông with its units, B: Sở Tư pháp) and one
person of every kind the document rules tell apart, all made through the services."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import translation
from documents_data import SIGNING_PASSPHRASE

from egov.accounts import services as accounts
from egov.accounts.models import Role
from egov.core.calendar import selectors as calendar
from egov.documents.models import DocumentType
from egov.organizations import services as organizations

D2017 = dt.date(2017, 1, 1)
PASSWORD = "Văn-bản-2017-Kiểm-thử"
UNITS_A = [("Văn phòng", "VP"), ("Thanh tra", "TTra"), ("Phòng Bưu chính - Viễn thông", "BCVT"),
           ("Phòng Công nghệ thông tin", "CNTT"),
           ("Phòng Thông tin - Báo chí - Xuất bản", "TTBCXB"),
           ("Trung tâm Công nghệ thông tin và Truyền thông", "TTCNTT")]


@pytest.fixture(autouse=True)
def in_vietnamese():
    """Messages are asserted in Vietnamese, the platform's language; a request in another
    language earlier in the thread must not leak into the next test."""
    translation.activate("vi")
    calendar.invalidate()
    yield
    translation.deactivate()
    calendar.invalidate()


@pytest.fixture
def units_a(agency_a):
    return {short: organizations.unit_create(actor=None, agency=agency_a, name=name,
                                             short_name=short, valid_from=D2017)
            for name, short in UNITS_A}


@pytest.fixture
def unit_b(agency_b):
    return organizations.unit_create(actor=None, agency=agency_b, name="Văn phòng",
                                     short_name="VP", valid_from=D2017)


def _official(username, agency, roles, unit=None, full_name=None, position=""):
    return accounts.official_create(
        actor=None, username=username, full_name=full_name or username.title(),
        email=f"{username}@travinh.gov.vn", agency=agency, unit=unit, roles=roles,
        position=position, password=PASSWORD,
    ).user


@pytest.fixture
def people(agency_a, agency_b, units_a, unit_b):
    """name → user (None for anonymous).

    A: clerk and director (VP), head of BCVT, two specialists of BCVT, a specialist of
    CNTT, the agency administrator; B: a clerk, a director and a specialist; a citizen and
    a system administrator.
    """
    return {
        "anonymous": None,
        "clerk": _official("vanthu", agency_a, [Role.CLERK], units_a["VP"],
                           "Nguyễn Thị Bích Ngân", "Văn thư"),
        "director": _official("giamdoc", agency_a, [Role.DIRECTOR], None, "Trần Văn Khoa",
                              "Giám đốc"),
        "head": _official("truongphong", agency_a, [Role.HEAD_OF_UNIT], units_a["BCVT"],
                          "Phạm Thị Thu Hà", "Trưởng phòng"),
        "specialist": _official("chuyenvien", agency_a, [Role.SPECIALIST], units_a["BCVT"],
                                "Huỳnh Minh Khoa", "Chuyên viên"),
        "specialist2": _official("chuyenvien2", agency_a, [Role.SPECIALIST], units_a["BCVT"],
                                 "Lâm Thị Mỹ", "Chuyên viên"),
        "other_unit": _official("cntt", agency_a, [Role.SPECIALIST], units_a["CNTT"],
                                "Sơn Văn Tài", "Chuyên viên"),
        "agency_admin": _official("quantri", agency_a, [Role.AGENCY_ADMIN], units_a["VP"]),
        "b_clerk": _official("vanthu.stp", agency_b, [Role.CLERK], unit_b, "Lê Thị Hoa"),
        "b_director": _official("giamdoc.stp", agency_b, [Role.DIRECTOR], None,
                                "Kim Văn Sang"),
        "b_specialist": _official("chuyenvien.stp", agency_b, [Role.SPECIALIST], unit_b),
        "sysadmin": _official("hethong", agency_b, [Role.SYSTEM_ADMIN], unit_b),
        "citizen": accounts.citizen_register(
            full_name="Nguyễn Văn An", citizen_id="084085001234", phone="0913456789",
            email="an@example.com", password=PASSWORD,
        ),
    }


@pytest.fixture
def types_loaded(db):
    """The document types of migration 0002. A test that commits (``transaction=True``)
    ends with a flush that empties every table, migration data included, so the tests
    after it load the rows again."""
    if not DocumentType.objects.exists():
        migration = importlib.import_module(
            "egov.documents.migrations.0002_load_document_types")
        migration.load(django_apps, None)


@pytest.fixture
def doc_type(types_loaded):
    """``doc_type("BC")`` is the administrative report, ``doc_type("Công văn")`` the
    official letter, ``doc_type("NĐ", "legal")`` a decree: by abbreviation, else by name."""

    def get(code_or_name: str, category: str = "administrative") -> DocumentType:
        qs = DocumentType.objects.filter(category=category)
        return qs.filter(code=code_or_name).first() or qs.get(name=code_or_name)

    return get


# --- Certificates (the platform's CA with fast EC keys) -----------------------------------


@pytest.fixture
def platform_ca(db):
    from egov.signatures import services as signatures
    from egov.signatures.models import KeyAlgorithm

    return signatures.authority_setup_platform(
        actor=None, organisation="Sở Thông tin và Truyền thông tỉnh Trà Vinh",
        province="Trà Vinh", key_algorithm=KeyAlgorithm.EC_P256,
    )


@pytest.fixture
def certificates(platform_ca, agency_a, people):
    """The director's own certificate (with a passphrase) and the agency's seal."""
    from egov.signatures import services as signatures
    from egov.signatures.models import KeyAlgorithm, SignerKind

    director = signatures.certificate_issue(
        actor=None, passphrase=SIGNING_PASSPHRASE, certificate=signatures.certificate_request(
            actor=None, signer_kind=SignerKind.INDIVIDUAL, agency=agency_a,
            official=people["director"].official, key_algorithm=KeyAlgorithm.EC_P256))
    seal = signatures.certificate_issue(actor=None, certificate=signatures.certificate_request(
        actor=None, signer_kind=SignerKind.ORGANISATION, agency=agency_a,
        key_algorithm=KeyAlgorithm.EC_P256, purpose="Con dấu điện tử"))
    return {"director": director, "seal": seal}
