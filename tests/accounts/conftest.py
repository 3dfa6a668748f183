"""Two agencies (A: Sở Thông tin và Truyền thông with its units, B: Sở Tư pháp) and one
person of every kind the permission rules tell apart, all made through the services."""

from __future__ import annotations

import pytest
from accounts_data import CITIZEN_ID, D2017, PASSWORD, ROLES_A, TAX_CODE, post_login

from egov.accounts import services
from egov.accounts.models import Role
from egov.organizations import services as org_services


@pytest.fixture
def units_a(agency_a):
    return {
        short: org_services.unit_create(actor=None, agency=agency_a, name=name,
                                        short_name=short, valid_from=D2017)
        for name, short in [("Văn phòng", "VP"), ("Phòng Bưu chính - Viễn thông", "BCVT"),
                            ("Thanh tra", "TTra")]
    }


@pytest.fixture
def unit_b(agency_b):
    return org_services.unit_create(actor=None, agency=agency_b, name="Văn phòng",
                                    short_name="VP", valid_from=D2017)


@pytest.fixture
def sysadmin(agency_a, units_a):
    return services.official_create(
        actor=None, username="sysadmin", full_name="Lê Hoàng Phúc",
        email="sysadmin@travinh.gov.vn", agency=agency_a, unit=units_a["VP"],
        position="Quản trị hệ thống", roles=[Role.SYSTEM_ADMIN], password=PASSWORD,
    ).user


def make_official(actor, username, agency, roles, unit=None, **extra):
    return services.official_create(
        actor=actor, username=username, full_name=extra.pop("full_name", username.title()),
        email=extra.pop("email", f"{username}@travinh.gov.vn"), agency=agency, unit=unit,
        roles=roles, password=extra.pop("password", PASSWORD), **extra,
    )


@pytest.fixture
def new_official():
    return make_official


@pytest.fixture
def people(sysadmin, agency_a, agency_b, units_a, unit_b):
    """name → user; "anonymous" → None. a_<role> for each role of agency A."""
    result = {"anonymous": None, "sysadmin": sysadmin}
    for role in ROLES_A:
        unit = units_a["BCVT"] if role in (Role.SPECIALIST, Role.HEAD_OF_UNIT) else units_a["VP"]
        result[f"a_{role}"] = make_official(sysadmin, f"a.{role}", agency_a, [role],
                                            unit=unit).user
    result["b_agency_admin"] = make_official(sysadmin, "b.admin", agency_b,
                                             [Role.AGENCY_ADMIN], unit=unit_b).user
    result["b_specialist"] = make_official(sysadmin, "b.specialist", agency_b,
                                           [Role.SPECIALIST], unit=unit_b).user
    result["citizen"] = services.citizen_register(
        full_name="Nguyễn Văn An", citizen_id=CITIZEN_ID, phone="0913456789",
        email="an@example.com", password=PASSWORD,
    )
    result["business"] = services.business_register(
        name="Công ty TNHH Phần mềm Trà Vinh", tax_code=TAX_CODE, phone="02943855123",
        email="lienhe@example.com", password=PASSWORD,
    )
    return result


@pytest.fixture
def log_in():
    def attempt(client, username: str, password: str = PASSWORD) -> bool:
        response = post_login(client, username, password)
        return response.status_code == 302
    return attempt
