"""Fixtures of the dossier tests: Sở TT&TT (with its desk, processing unit and leaders)
and Sở Tư pháp, citizens, a business and two procedures, all made through the real
services of organizations, accounts and procedures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from dossier_factories import PASSWORD, procedure_record

from egov.accounts import services as accounts
from egov.accounts.models import Role
from egov.core.calendar import selectors as calendar
from egov.organizations import services as organizations
from egov.organizations.models import AdministrativeDivision, Agency
from egov.procedures import services as procedures
from egov.procedures.selectors import forget_catalogue

D2016 = dt.date(2016, 1, 1)


@pytest.fixture(autouse=True)
def fast_setup(settings):
    # PBKDF2 with Django's million rounds costs a quarter second per password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(autouse=True)
def default_language():
    """A request in another language leaves it active in the thread; the next test
    expects Vietnamese."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def calendar_cache():
    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture(autouse=True)
def catalogue_cache():
    # A procedure kept by the last test may be gone after its rollback.
    forget_catalogue()
    yield
    forget_catalogue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.fixture
def province(db):
    # No service creates a single division (they are imported by edition).
    return AdministrativeDivision.objects.create(
        code="84", name="Tỉnh Trà Vinh", kind="tỉnh", level=1, valid_from=dt.date(1992, 5, 1)
    )


@pytest.fixture
def stttt(province):
    agency = organizations.agency_create(
        actor=None, code="000.00.31.H59", name="Sở Thông tin và Truyền thông",
        short_name="STTTT", kind=Agency.Kind.DEPARTMENT, division=province, valid_from=D2016,
    )
    for name, short in [("Văn phòng", "VP"), ("Phòng Thông tin - Báo chí - Xuất bản", "TTBCXB"),
                        ("Phòng Bưu chính - Viễn thông", "BCVT")]:
        organizations.unit_create(actor=None, agency=agency, name=name, short_name=short,
                                  valid_from=D2016)
    return agency


@pytest.fixture
def stp(province):
    agency = organizations.agency_create(
        actor=None, code="000.00.23.H59", name="Sở Tư pháp", short_name="STP",
        kind=Agency.Kind.DEPARTMENT, division=province, valid_from=D2016,
    )
    organizations.unit_create(actor=None, agency=agency, name="Văn phòng", short_name="VP",
                              valid_from=D2016)
    return agency


def _official(username, agency, roles, unit_short=None, full_name=None):
    unit = agency.units.get(short_name=unit_short) if unit_short else None
    return accounts.official_create(
        actor=None, username=username, full_name=full_name or f"Cán bộ {username}",
        email=f"{username}@travinh.gov.vn", agency=agency, unit=unit, roles=roles,
        password=PASSWORD,
    ).user


@pytest.fixture
def people(stttt, stp):
    """name → user. Sở TT&TT: desk, desk2, specialist, specialist2 (TTBCXB), specialist_bcvt,
    head (TTBCXB), director; Sở Tư pháp: b_desk, b_specialist; sysadmin; citizens."""
    return {
        "anonymous": None,
        "desk": _official("motcua.stttt", stttt, [Role.DESK_OFFICER], "VP", "Võ Thanh Tâm"),
        "desk2": _official("motcua2.stttt", stttt, [Role.DESK_OFFICER], "VP"),
        "specialist": _official("chuyenvien.stttt", stttt, [Role.SPECIALIST], "TTBCXB",
                                "Huỳnh Minh Khoa"),
        "specialist2": _official("chuyenvien2.stttt", stttt, [Role.SPECIALIST], "TTBCXB"),
        "specialist_bcvt": _official("chuyenvien.bcvt", stttt, [Role.SPECIALIST], "BCVT"),
        "head": _official("truongphong.stttt", stttt, [Role.HEAD_OF_UNIT], "TTBCXB",
                          "Phạm Thị Thu Hà"),
        "director": _official("giamdoc.stttt", stttt, [Role.DIRECTOR], None, "Trần Văn Dũng"),
        "clerk": _official("vanthu.stttt", stttt, [Role.CLERK], "VP"),
        "b_desk": _official("motcua.stp", stp, [Role.DESK_OFFICER], "VP"),
        "sysadmin": _official("quantri", stttt, [Role.SYSTEM_ADMIN], "VP"),
        "citizen": accounts.citizen_register(
            full_name="Nguyễn Văn An", citizen_id="084095001234", phone="0913456789",
            email="an@example.com", password=PASSWORD, address="Phường 1, TP. Trà Vinh"),
        "citizen2": accounts.citizen_register(
            full_name="Thạch Thị Sa Rươl", citizen_id="084195004321", phone="0987654321",
            email="sa@example.com", password=PASSWORD, address="Xã Long Đức, TP. Trà Vinh"),
        "business": accounts.business_register(
            name="Công ty TNHH Phần mềm Trà Vinh", tax_code="0100109106", phone="02943855123",
            email="lienhe@example.com", password=PASSWORD, address="Phường 3, TP. Trà Vinh"),
    }


@pytest.fixture
def field(db):
    return procedures.field_get_or_create(actor=None, code="XB", name="Xuất bản")


@pytest.fixture
def procedure(stttt, field):
    """Level 3, 10 working days: desk 0.5, specialist (TTBCXB) 8, head (TTBCXB) 1,
    director 0.5; two required papers; no fee."""
    return procedures.procedure_create(actor=None, code="1.003868", agency=stttt, field=field,
                                       version=procedure_record())


@pytest.fixture
def paid_procedure(stttt, field):
    """Level 4, 5 working days, 200,000 VND to pay before processing."""
    return procedures.procedure_create(
        actor=None, code="DEMO.STTTT.01", agency=stttt, field=field,
        version=procedure_record(
            name="Cấp giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi "
                 "điện tử công cộng",
            old_level=4, online_level="toan_trinh", time_limit_days=5, fee=200000,
            pay_before_processing=True,
            steps=[{"name": "Tiếp nhận", "role": "desk_officer", "unit": "VP", "days": "0.5"},
                   {"name": "Thẩm định", "role": "specialist", "unit": "BCVT", "days": "3.5"},
                   {"name": "Ký", "role": "director", "days": "1"}]))


@pytest.fixture
def level2_procedure(stttt, field):
    return procedures.procedure_create(
        actor=None, code="DEMO.L2", agency=stttt, field=field,
        version=procedure_record(name="Đăng ký hoạt động cơ sở in", old_level=2,
                                 online_level="khong", form=[]))


@pytest.fixture
def signing(people):
    """The platform's CA since 2015, and certificates of the director and the head of
    unit: one valid 2015-2020 for the tests that replay 2017, one from today."""
    from egov.signatures import services as signatures
    from egov.signatures.models import KeyAlgorithm, SignerKind

    signatures.authority_setup_platform(
        actor=None, organisation="Sở Thông tin và Truyền thông tỉnh Trà Vinh",
        province="Trà Vinh", key_algorithm=KeyAlgorithm.EC_P256,
        valid_from=dt.datetime(2015, 1, 1, tzinfo=dt.UTC))
    issued = {}
    for name in ("director", "head"):
        official = people[name].official
        for when in (dt.datetime(2015, 6, 1, tzinfo=dt.UTC), None):
            request = signatures.certificate_request(
                actor=None, signer_kind=SignerKind.INDIVIDUAL, agency=official.agency,
                official=official, key_algorithm=KeyAlgorithm.EC_P256, at=when)
            issued[name, when] = signatures.certificate_issue(
                actor=None, certificate=request, years=5, at=when)
    return issued
