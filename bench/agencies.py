"""The agency a benchmark works in, under the province of the demo: found again on later
runs (its generated rows are kept), made through the services the first time."""

from __future__ import annotations

import datetime as dt
from typing import Any


def bench_agency(code: str, name: str, short_name: str) -> Any:
    from egov.organizations import services as organizations
    from egov.organizations.models import AdministrativeDivision, Agency

    agency = Agency.objects.filter(code=code).first()
    if agency is not None:
        return agency
    province, _ = AdministrativeDivision.objects.get_or_create(
        level=1, code="84", valid_from=dt.date(1992, 5, 1),
        defaults={"name": "Tỉnh Trà Vinh", "kind": "tỉnh"})
    return organizations.agency_create(
        actor=None, code=code, name=name, short_name=short_name,
        kind=Agency.Kind.DEPARTMENT, division=province, valid_from=dt.date(2000, 1, 1))
