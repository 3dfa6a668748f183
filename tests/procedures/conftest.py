import datetime as dt

import pytest
from catalogue_factories import make_version

from egov.organizations import services as org_services
from egov.organizations.models import AdministrativeDivision, Agency
from egov.procedures import services


@pytest.fixture
def province(db):
    return AdministrativeDivision.objects.create(
        code="84", name="Tỉnh Trà Vinh", kind="tỉnh", level=1, valid_from=dt.date(1992, 5, 1)
    )


@pytest.fixture
def stttt(province):
    return org_services.agency_create(
        actor=None, code="000.00.31.H59", name="Sở Thông tin và Truyền thông",
        short_name="STTTT", kind=Agency.Kind.DEPARTMENT, division=province,
        valid_from=dt.date(2008, 1, 1),
    )


@pytest.fixture
def field(db):
    return services.field_get_or_create(actor=None, code="XB", name="Xuất bản")


@pytest.fixture
def procedure(stttt, field):
    return services.procedure_create(actor=None, code="1.003868", agency=stttt, field=field,
                                     version=make_version())
