"""A small province with a history, built through the real services at the dates it
happened (time-machine freezes the clock for the services that take no date).

Agencies (all from 2016-01-01 unless said):
  P  UBND tỉnh (provincial committee)           000.00.00.H59
  S  Sở TT&TT (department, under P)             000.00.31.H59
  X  Trung tâm X (other, under S), closed from 2017-07-01
  T  Sở Tư pháp (department, under P)           000.00.23.H59
  D  UBND huyện Càng Long (district, under P)   000.00.02.H59  short name UBND
  C  UBND xã An Trường (commune, under D)       000.02.02.H59  short name UBND
  N  Sở Mới (department, under P), from 2018-01-01

Officials' accounts (opened on): sysadmin (S), p_leader (P director), s_director,
s_specialist (S), t_director, d_director on 2016-06-01; s_clerk (S) on 2017-03-10,
d_specialist (D) on 2017-05-05; s_specialist closed on 2017-09-01 and reopened on
2018-02-01. A citizen opened 2017-04-01, a business 2018-03-01.

Procedures: S has A (level 3) and B (level 4); T has C (level 2) and Dp (level 3, level
4 from 2018-01-01); D has E (level 3 from 2018-01-01).

Certificates: seals of S, T and D issued in 2016; T's seal revoked 2017-06-01 and a new
one issued 2017-06-05; s_director's own issued 2017-02-01; D's seal revoked 2018-02-01;
d_director's requested 2017-12-20 and never issued.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import time_machine
from django.utils import timezone

from egov.accounts import services as accounts
from egov.accounts.identifiers import tax_check_digit
from egov.accounts.models import Role, User
from egov.organizations import services as organizations
from egov.organizations.models import AdministrativeDivision, Agency
from egov.procedures import services as procedures
from egov.signatures import services as signatures
from egov.signatures.models import KeyAlgorithm, SignerKind

PASSWORD = "Egov@2017demo"
D2016 = dt.date(2016, 1, 1)


def at(day: str, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))


@dataclass
class Data:
    agencies: dict[str, Agency] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)


def _version(valid_from: str, level: int, name: str) -> dict[str, Any]:
    return {
        "valid_from": valid_from, "name": name, "old_level": level,
        "online_level": {4: "toan_trinh", 3: "mot_phan"}.get(level, "khong"),
        "time_limit_days": 5, "result_name": f"Kết quả – {name}",
    }


def _tax_code() -> str:
    for ninth in range(10):
        head = f"21009876{ninth}"
        check = tax_check_digit(head)
        if check is not None:
            return f"{head}{check}"
    raise AssertionError("no valid tax code")


def build() -> Data:
    data = Data()
    organizations.divisions_import(actor=None, edition="2008", province="84")
    province = AdministrativeDivision.objects.get(level=1, code="84")

    def agency(key: str, code: str, name: str, short: str, kind: str, parent: str | None,
               since: dt.date = D2016) -> Agency:
        data.agencies[key] = organizations.agency_create(
            actor=None, code=code, name=name, short_name=short, kind=kind, division=province,
            parent=data.agencies[parent] if parent else None, valid_from=since)
        return data.agencies[key]

    agency("P", "000.00.00.H59", "Ủy ban nhân dân tỉnh Trà Vinh", "UBND",
           Agency.Kind.PROVINCIAL_COMMITTEE, None)
    agency("S", "000.00.31.H59", "Sở Thông tin và Truyền thông", "STTTT",
           Agency.Kind.DEPARTMENT, "P")
    agency("X", "000.00.41.H59", "Trung tâm X", "TTX", Agency.Kind.OTHER, "S")
    agency("T", "000.00.23.H59", "Sở Tư pháp", "STP", Agency.Kind.DEPARTMENT, "P")
    agency("D", "000.00.02.H59", "Ủy ban nhân dân huyện Càng Long", "UBND",
           Agency.Kind.DISTRICT_COMMITTEE, "P")
    agency("C", "000.02.02.H59", "Ủy ban nhân dân xã An Trường", "UBND",
           Agency.Kind.COMMUNE_COMMITTEE, "D")
    agency("N", "000.00.40.H59", "Sở Mới", "SMOI", Agency.Kind.DEPARTMENT, "P",
           since=dt.date(2018, 1, 1))
    organizations.agency_close(actor=None, agency=data.agencies["X"],
                               valid_to=dt.date(2017, 7, 1), reason="Sáp nhập vào Sở")

    def official(name: str, key: str, *roles: str) -> User:
        data.users[name] = accounts.official_create(
            actor=None, username=name.replace("_", "."), full_name=f"Nguyễn Văn {name.title()}",
            email=f"{name}@travinh.gov.vn", agency=data.agencies[key], roles=roles,
            password=PASSWORD,
        ).user
        return data.users[name]

    with time_machine.travel(at("2016-06-01"), tick=False):
        official("sysadmin", "S", Role.SYSTEM_ADMIN)
        official("p_leader", "P", Role.DIRECTOR)
        official("s_director", "S", Role.DIRECTOR)
        official("s_specialist", "S", Role.SPECIALIST)
        official("t_director", "T", Role.DIRECTOR)
        official("d_director", "D", Role.DIRECTOR)
    with time_machine.travel(at("2017-03-10"), tick=False):
        official("s_clerk", "S", Role.CLERK)
    with time_machine.travel(at("2017-04-01"), tick=False):
        data.users["citizen"] = accounts.citizen_register(
            full_name="Trần Thị Lan", citizen_id="084085001234", phone="0913456789",
            email="lan@example.com", password=PASSWORD, username="congdan")
    with time_machine.travel(at("2017-05-05"), tick=False):
        official("d_specialist", "D", Role.SPECIALIST)
    sysadmin = data.users["sysadmin"]
    with time_machine.travel(at("2017-09-01"), tick=False):
        accounts.official_deactivate(actor=sysadmin, official=data.users["s_specialist"].official,
                                     reason="Nghỉ phép dài hạn")
    with time_machine.travel(at("2018-02-01"), tick=False):
        accounts.official_reactivate(actor=sysadmin,
                                     official=data.users["s_specialist"].official)
    with time_machine.travel(at("2018-03-01"), tick=False):
        data.users["business"] = accounts.business_register(
            name="Công ty TNHH Thử nghiệm", tax_code=_tax_code(), phone="02943855123",
            email="dn@example.com", password=PASSWORD, username="doanhnghiep")

    field_ = procedures.field_get_or_create(actor=None, code="CHUNG", name="Lĩnh vực chung")

    def procedure(code: str, key: str, version: dict[str, Any]) -> Any:
        return procedures.procedure_create(actor=None, code=code, agency=data.agencies[key],
                                           field=field_, version=version)

    procedure("A", "S", _version("2016-01-01", 3, "Thủ tục A"))
    procedure("B", "S", _version("2016-01-01", 4, "Thủ tục B"))
    procedure("C", "T", _version("2016-01-01", 2, "Thủ tục C"))
    dp = procedure("DP", "T", _version("2016-01-01", 3, "Thủ tục D"))
    procedures.procedure_version_publish(actor=None, procedure=dp,
                                         version=_version("2018-01-01", 4, "Thủ tục D"))
    procedure("E", "D", _version("2018-01-01", 3, "Thủ tục E"))

    signatures.authority_setup_platform(
        actor=None, organisation="Sở Thông tin và Truyền thông tỉnh Trà Vinh",
        province="Trà Vinh", key_algorithm=KeyAlgorithm.EC_P256, valid_from=at("2015-01-01"))

    def certificate(key: str, day: str, *, holder: str | None = None) -> Any:
        request = signatures.certificate_request(
            actor=None, agency=data.agencies[key], key_algorithm=KeyAlgorithm.EC_P256,
            signer_kind=SignerKind.INDIVIDUAL if holder else SignerKind.ORGANISATION,
            official=data.users[holder].official if holder else None,
            at=at(day) - dt.timedelta(days=3))
        return signatures.certificate_issue(actor=None, certificate=request, years=5,
                                            at=at(day))

    certificate("S", "2016-03-01")
    t_seal = certificate("T", "2016-03-01")
    d_seal = certificate("D", "2016-04-01")
    signatures.certificate_revoke(actor=None, certificate=t_seal, reason_code=1,
                                  at=at("2017-06-01"))
    certificate("T", "2017-06-05")
    certificate("S", "2017-02-01", holder="s_director")
    signatures.certificate_revoke(actor=None, certificate=d_seal, reason_code=5,
                                  at=at("2018-02-01"))
    signatures.certificate_request(
        actor=None, agency=data.agencies["D"], signer_kind=SignerKind.INDIVIDUAL,
        official=data.users["d_director"].official, key_algorithm=KeyAlgorithm.EC_P256,
        at=at("2017-12-20"))
    return data
