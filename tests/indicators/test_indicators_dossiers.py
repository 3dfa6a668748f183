"""The one-stop shop's indicators on dossiers walked through the real dossier services at
the dates they happened (time-machine), with signed results:

  d1  level 3 at the desk, received 2017-03-01, result 2017-03-08 (early), returned and
      rated five stars
  d2  level 3 online, received 2017-04-03, result 2017-05-30 (late), returned and rated
      two stars
  d3  level 4 online, received 2017-06-01, fee paid online 2017-06-02, result 2017-06-05
      (early)
  d4  level 3 by post, received 2017-11-20, at the specialist since (overdue at the end
      of 2017)
  d5  level 4 at the desk, received 2017-12-28, fee unpaid, not yet handled (in progress)
  d6  level 3 at the desk, received 2016-12-20, result 2017-01-20 (late)
  d7  level 3 at the desk, refused at intake 2017-02-10 (never received)
"""

import datetime as dt
import itertools
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from egov.accounts import services as accounts
from egov.accounts.models import Role
from egov.core.calendar import selectors as calendar
from egov.dossiers import services as dossiers
from egov.indicators import registry, selectors
from egov.indicators.base import Period, Query
from egov.organizations import services as organizations
from egov.organizations.models import AdministrativeDivision, Agency
from egov.procedures import services as procedures
from egov.signatures import services as signatures
from egov.signatures.models import KeyAlgorithm, SignerKind

PASSWORD = "Hồ-sơ-một-cửa-2017"
D2016 = dt.date(2016, 1, 1)
Y2017 = Period.year(2017)
APPLICANT = {"name": "Lê Thị Hồng", "phone": "0939123456", "id_number": "084180000123",
             "address": "Ấp Long Bình, xã Long Đức, TP. Trà Vinh", "email": ""}
STEPS_L3 = [
    {"name": "Tiếp nhận hồ sơ", "role": "desk_officer", "unit": "VP", "days": "0.5"},
    {"name": "Thẩm định hồ sơ", "role": "specialist", "unit": "TTBCXB", "days": "8"},
    {"name": "Xem xét, trình ký", "role": "head_of_unit", "unit": "TTBCXB", "days": "1"},
    {"name": "Phê duyệt, ký kết quả", "role": "director", "days": "0.5"},
]
STEPS_L4 = [
    {"name": "Tiếp nhận hồ sơ", "role": "desk_officer", "unit": "VP", "days": "0.5"},
    {"name": "Thẩm định hồ sơ", "role": "specialist", "unit": "TTBCXB", "days": "3.5"},
    {"name": "Phê duyệt, ký kết quả", "role": "director", "days": "1"},
]


def at(text):
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def _version(level, days, steps, fee=0):
    return {
        "valid_from": "2016-01-01", "name": f"Thủ tục mức độ {level}", "old_level": level,
        "fee": fee,
        "online_level": "toan_trinh" if level == 4 else "mot_phan", "time_limit_days": days,
        "result_name": "Giấy phép",
        "form": [{"name": "title", "label": "Tên tài liệu", "type": "text",
                  "required": True}],
        "papers": [{"name": "Đơn đề nghị", "originals": 1, "copies": 0}],
        "steps": steps,
    }


def build():
    organizations.divisions_import(actor=None, edition="2008", province="84")
    province = AdministrativeDivision.objects.get(level=1, code="84")
    stttt = organizations.agency_create(
        actor=None, code="000.00.31.H59", name="Sở Thông tin và Truyền thông",
        short_name="STTTT", kind=Agency.Kind.DEPARTMENT, division=province, valid_from=D2016)
    for name, short in [("Văn phòng", "VP"), ("Phòng Thông tin - Báo chí - Xuất bản", "TTBCXB")]:
        organizations.unit_create(actor=None, agency=stttt, name=name, short_name=short,
                                  valid_from=D2016)

    def official(username, role, unit=None):
        return accounts.official_create(
            actor=None, username=username, full_name=f"Cán bộ {username}",
            email=f"{username}@travinh.gov.vn", agency=stttt, roles=[role],
            unit=stttt.units.get(short_name=unit) if unit else None, password=PASSWORD).user

    with time_machine.travel(at("2016-06-01T08:00"), tick=False):
        people = {
            "desk": official("motcua.stttt", Role.DESK_OFFICER, "VP"),
            "specialist": official("chuyenvien.stttt", Role.SPECIALIST, "TTBCXB"),
            "head": official("truongphong.stttt", Role.HEAD_OF_UNIT, "TTBCXB"),
            "director": official("giamdoc.stttt", Role.DIRECTOR),
            "citizen": accounts.citizen_register(
                full_name="Nguyễn Văn An", citizen_id="084095001234", phone="0913456789",
                email="an@example.com", password=PASSWORD),
        }
    signatures.authority_setup_platform(
        actor=None, organisation="Sở Thông tin và Truyền thông tỉnh Trà Vinh",
        province="Trà Vinh", key_algorithm=KeyAlgorithm.EC_P256, valid_from=at("2015-01-01"))
    request = signatures.certificate_request(
        actor=None, signer_kind=SignerKind.INDIVIDUAL, agency=stttt,
        official=people["director"].official, key_algorithm=KeyAlgorithm.EC_P256,
        at=at("2015-06-01T09:00"))
    signatures.certificate_issue(actor=None, certificate=request, years=5,
                                 at=at("2015-06-01T09:00"))
    field = procedures.field_get_or_create(actor=None, code="XB", name="Xuất bản")
    level3 = procedures.procedure_create(actor=None, code="L3", agency=stttt, field=field,
                                         version=_version(3, 10, STEPS_L3))
    level4 = procedures.procedure_create(actor=None, code="L4", agency=stttt, field=field,
                                         version=_version(4, 5, STEPS_L4, fee=100000))

    def travel(moment):
        return time_machine.travel(at(moment), tick=False)

    def received(procedure, channel, moment):
        with travel(moment):
            if channel == "online":
                draft = dossiers.dossier_create_draft(actor=people["citizen"],
                                                      procedure=procedure,
                                                      answers={"title": "Kỷ yếu"})
                dossier = dossiers.dossier_submit(actor=people["citizen"], dossier=draft)
            else:
                dossier = dossiers.dossier_intake(
                    actor=people["desk"], procedure=procedure, channel=channel,
                    applicant=APPLICANT, papers_received=[1], answers={"title": "Kỷ yếu"})
            return dossiers.dossier_accept(actor=people["desk"], dossier=dossier,
                                           papers_received=[1])

    def forward(dossier, holder, to, moment):
        with travel(moment):
            return dossiers.dossier_forward(actor=people[holder], dossier=dossier,
                                            to_user=people[to])

    def resolved(dossier, moment, chain):
        for holder, to in itertools.pairwise(chain):
            dossier = forward(dossier, holder, to, moment)
        with travel(moment):
            return dossiers.dossier_approve(actor=people["director"], dossier=dossier)

    l3_chain = ["desk", "specialist", "head", "director"]
    l4_chain = ["desk", "specialist", "director"]
    found = {}
    found["d6"] = resolved(received(level3, "desk", "2016-12-20T09:00"), "2017-01-20T10:00",
                           l3_chain)
    found["d1"] = resolved(received(level3, "desk", "2017-03-01T09:00"), "2017-03-08T10:00",
                           l3_chain)
    found["d2"] = resolved(received(level3, "online", "2017-04-03T09:00"),
                           "2017-05-30T10:00", l3_chain)
    for name, returned_on, stars, actor in [("d1", "2017-03-09", 5, None),
                                            ("d2", "2017-06-01", 2, people["citizen"])]:
        with travel(f"{returned_on}T09:00"):
            dossier = dossiers.dossier_return(actor=people["desk"], dossier=found[name],
                                              method="desk", recipient_name="Lê Thị Hồng")
        with travel(f"{returned_on}T15:00"):
            dossiers.dossier_rate(actor=actor, dossier=dossier, stars=stars,
                                  check=APPLICANT["phone"] if actor is None else "")
    d3 = received(level4, "online", "2017-06-01T09:00")
    with travel("2017-06-02T09:00"):
        d3 = dossiers.dossier_mark_paid(dossier_code=d3.code, amount=100000,
                                        payment_reference="VNPAY-20170602-1")
    found["d3"] = resolved(d3, "2017-06-05T10:00", l4_chain)
    found["d4"] = forward(received(level3, "post", "2017-11-20T09:00"), "desk", "specialist",
                          "2017-11-20T10:00")
    found["d5"] = received(level4, "desk", "2017-12-28T09:00")
    with travel("2017-02-10T09:00"):
        refused = dossiers.dossier_intake(actor=people["desk"], procedure=level3,
                                          channel="desk", applicant=APPLICANT,
                                          papers_received=[])
        found["d7"] = dossiers.dossier_refuse(actor=people["desk"], dossier=refused,
                                              reason="Thủ tục không thuộc thẩm quyền")
    return found


@pytest.fixture(scope="module")
def walked(test_databases, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
    ):
        calendar.invalidate()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            calendar.invalidate()


@pytest.fixture
def found(walked, db):
    return walked


EXPECTED_2017 = {
    "dossiers.received": 5,
    "dossiers.received.online": 2,
    "dossiers.received.desk": 2,
    "dossiers.received.post": 1,
    "dossiers.received.level3": 3,
    "dossiers.received.level3.online": 1,
    "dossiers.received.level3.offline": 2,
    "dossiers.received.level4": 2,
    "dossiers.received.level4.online": 1,
    "dossiers.received.level4.offline": 1,
    "dossiers.resolved": 4,
    "dossiers.resolved.on_time": 2,
    "dossiers.resolved.late": 2,
    "dossiers.in_progress": 2,
    "dossiers.overdue": 1,
    "procedures.level3.with_online_dossiers": 1,
    "procedures.level4.with_online_dossiers": 1,
    "dossiers.rated": 2,
    "d766.dossiers.online_payment_rate": 50.0,
    "d766.satisfaction_rate": 50.0,
    "d766.dossiers.on_time_rate": 50.0,
    "d766.dossiers.online_rate": 40.0,
}


def test_dossier_figures_for_2017(found):
    assert selectors.figures(registry.resolve(list(EXPECTED_2017)), Y2017) == EXPECTED_2017


def test_dossier_figures_for_2016(found):
    figures = selectors.figures(registry.resolve(list(EXPECTED_2017)), Period.year(2016))
    assert {code: value for code, value in figures.items() if value} == {
        "dossiers.received": 1, "dossiers.received.desk": 1, "dossiers.received.level3": 1,
        "dossiers.received.level3.offline": 1,
        # Resolved in January: at the end of 2016 it was still being worked on.
        "dossiers.in_progress": 1}
    assert [figures[code] for code in ["d766.dossiers.on_time_rate",
                                       "d766.dossiers.online_payment_rate",
                                       "d766.satisfaction_rate"]] == [None, None, None]
    assert figures["d766.dossiers.online_rate"] == 0.0


def test_every_dossier_count_lists_its_dossiers(found):
    codes = {d.pk: name for name, d in found.items()}
    expected = {
        "dossiers.received": ["d1", "d2", "d3", "d4", "d5"],
        "dossiers.received.level3.offline": ["d1", "d4"],
        "dossiers.resolved": ["d6", "d1", "d2", "d3"],
        "dossiers.resolved.late": ["d6", "d2"],
        "dossiers.in_progress": ["d4", "d5"],
        "dossiers.overdue": ["d4"],
        "d766.dossiers.on_time_rate": ["d1", "d3"],
        "dossiers.rated": ["d1", "d2"],
        "d766.satisfaction_rate": ["d1"],
        "d766.dossiers.online_payment_rate": ["d3"],
    }
    for code, names in expected.items():
        records = registry.get(code).records(Query(Y2017))
        assert [codes[d.pk] for d in records.queryset] == names, code
        assert records.link(records.queryset.first()) == \
            f"/ho-so/{records.queryset.first().pk}/"
    services = registry.get("procedures.level4.with_online_dossiers").records(Query(Y2017))
    assert [(p.code, [str(c.value(p)) for c in services.columns]) for p in services.queryset] \
        == [("L4", ["L4", "Thủ tục mức độ 4", "Sở Thông tin và Truyền thông"])]
    assert services.link(services.queryset.get()) == "/thu-tuc/L4/"
    for indicator in registry.all_indicators():
        if "dossier" in indicator.code and indicator.unit == "count":
            query = Query(Y2017)
            assert indicator.records(query).queryset.count() == indicator.value(query)


def test_the_command_reports_them(found):
    out = StringIO()
    call_command("indicators", "--from", "2017-01-01", "--to", "2017-12-31", "--agency",
                 "STTTT", "--format", "json", "--only",
                 "dossiers.received.level3,dossiers.received.level3.online,"
                 "dossiers.received.level3.offline", stdout=out)
    assert json.loads(out.getvalue()) == {"dossiers.received.level3": 3,
                                          "dossiers.received.level3.online": 1,
                                          "dossiers.received.level3.offline": 2}
