"""Documents of 2017 for the indicators' tests, brought in through the documents' import
service (as an agency joining the platform with its past registers):

Agency S (Sở TT&TT, with a unit VP and its director), agency T (Sở Tư pháp).

Incoming, S:  i1 paper 2017-02-01, deadline 02-10, finished 02-08 (on time)
              i2 electronic 2017-03-01, deadline 03-05, finished 03-20 (late)
              i3 exchange 2017-12-20, deadline 12-25, open at the end of 2017 (overdue)
              i4 exchange 2017-12-28, no deadline, open
              i5 paper 2016-12-20, deadline 2017-01-05, finished 2017-01-04 (on time,
                 received in 2016)
Incoming, T:  j1 electronic 2017-05-05, finished 2017-05-06, no deadline
Outgoing, S:  o1 2017-04-10 sent electronically, o2 2017-11-03 on paper
Outgoing, T:  p1 2017-06-01 sent electronically
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps as django_apps
from django.utils import timezone

from egov.accounts import services as accounts
from egov.accounts.models import Role
from egov.documents.models import DocumentType
from egov.documents.services import bulk
from egov.documents.services.incoming import IncomingData
from egov.documents.services.outgoing import DraftData, RecipientSpec
from egov.organizations import services as organizations
from egov.organizations.models import AdministrativeDivision, Agency

D2016 = dt.date(2016, 1, 1)
PASSWORD = "Chỉ-số-văn-bản-2017"


def at(day: str, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))


@dataclass
class DocumentsData:
    agencies: dict[str, Agency] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    units: dict[str, Any] = field(default_factory=dict)


def load_types() -> None:
    """The document types of the documents' migration 0002 (a flush empties them)."""
    if not DocumentType.objects.exists():
        importlib.import_module("egov.documents.migrations.0002_load_document_types").load(
            django_apps, None)


def doc_type(code: str, category: str = "administrative") -> DocumentType:
    qs = DocumentType.objects.filter(category=category)
    return qs.filter(code=code).first() or qs.get(name=code)


def agencies(data: DocumentsData, province: AdministrativeDivision | None = None) -> None:
    province = province or AdministrativeDivision.objects.create(
        code="84", name="Tỉnh Trà Vinh", kind="tỉnh", level=1, valid_from=dt.date(2008, 8, 1))
    for key, code, name, short in (("S", "000.00.31.H59", "Sở Thông tin và Truyền thông",
                                    "STTTT"),
                                   ("T", "000.00.23.H59", "Sở Tư pháp", "STP")):
        agency = organizations.agency_create(
            actor=None, code=code, name=name, short_name=short,
            kind=Agency.Kind.DEPARTMENT, division=province, valid_from=D2016)
        data.agencies[key] = agency
        data.units[key] = organizations.unit_create(actor=None, agency=agency,
                                                    name="Văn phòng", short_name="VP",
                                                    valid_from=D2016)
        data.users[f"{key}_director"] = accounts.official_create(
            actor=None, username=f"giamdoc.{short.lower()}", full_name=f"Giám đốc {short}",
            email=f"gd@{short.lower()}.travinh.gov.vn", agency=agency, unit=None,
            roles=[Role.DIRECTOR], position="Giám đốc", password=PASSWORD).user


def _incoming(data: DocumentsData, key: str, number: str, arrival: str, channel: str,
              deadline: str | None = None, finished: str | None = None,
              ) -> bulk.ImportedIncoming:
    agency = data.agencies[key]
    arrival_date = dt.date.fromisoformat(arrival)
    assignments = ()
    if deadline:
        assignments = (bulk.ImportedAssignment(
            role="lead", assigned_at=at(arrival, 10), unit=data.units[key],
            deadline=dt.date.fromisoformat(deadline)),)
    return bulk.ImportedIncoming(
        agency=agency, channel=channel, registered_at=at(arrival),
        data=IncomingData(number_symbol=f"{number}/UBND-VX", document_date=arrival_date,
                          doc_type=doc_type("Công văn"), summary=f"Công văn số {number}",
                          issuer_name="Ủy ban nhân dân tỉnh", arrival_date=arrival_date),
        assignments=assignments, finished_at=at(finished, 15) if finished else None)


def _outgoing(data: DocumentsData, key: str, day: str, electronic: bool,
              summary: str) -> bulk.ImportedOutgoing:
    director = data.users[f"{key}_director"]
    return bulk.ImportedOutgoing(
        agency=data.agencies[key], drafting_unit=data.units[key], created_by=director,
        issued_at=at(day), sent_electronically=electronic,
        data=DraftData(doc_type=doc_type("Công văn"), summary=summary, body="",
                       signer=director, place="Trà Vinh",
                       recipients=[RecipientSpec("Bộ TT&TT")]),
        recipients=(RecipientSpec("Bộ TT&TT"),))


def documents_2017(data: DocumentsData) -> None:
    load_types()
    bulk.documents_import(actor=None, incoming=[
        _incoming(data, "S", "11", "2017-02-01", "paper", "2017-02-10", "2017-02-08"),
        _incoming(data, "S", "12", "2017-03-01", "electronic", "2017-03-05", "2017-03-20"),
        _incoming(data, "S", "13", "2017-12-20", "exchange", "2017-12-25"),
        _incoming(data, "S", "14", "2017-12-28", "exchange"),
        _incoming(data, "S", "15", "2016-12-20", "paper", "2017-01-05", "2017-01-04"),
        _incoming(data, "T", "21", "2017-05-05", "electronic", None, "2017-05-06"),
    ], outgoing=[
        _outgoing(data, "S", "2017-04-10", True, "Về việc triển khai chữ ký số"),
        _outgoing(data, "S", "2017-11-03", False, "Về việc báo cáo tổng kết"),
        _outgoing(data, "T", "2017-06-01", True, "Về việc phổ biến pháp luật"),
    ])
