import datetime as dt

import pytest
from catalogue_factories import make_version
from django.core.exceptions import ValidationError

from egov.core.audit import verify_chain
from egov.core.models import AuditEntry
from egov.procedures import selectors, services
from egov.procedures.models import Procedure, ProcedureVersion


def test_create_keeps_papers_steps_and_audits(procedure):
    version = procedure.versions.get()
    assert [p.name for p in version.papers.all()] == ["Đơn đề nghị", "Bản thảo"]
    assert [str(s.days) for s in version.steps.all()] == ["0.5", "8.0", "1.0", "0.5"]
    assert version.online_submission is True
    entry = AuditEntry.objects.get(action="procedures.procedure.create")
    assert entry.after["code"] == "1.003868"
    assert verify_chain() is None


@pytest.mark.parametrize(
    ("overrides", "wrong"),
    [
        ({"name": " "}, "name"),
        ({"time_limit_days": 0}, "time_limit_days"),
        ({"time_limit_days": "mười"}, "time_limit_days"),
        ({"old_level": 5}, "old_level"),
        ({"old_level": 2, "online_level": "mot_phan"}, "online_level"),
        ({"old_level": 4, "online_level": "khong"}, "online_level"),
        ({"valid_from": "01/01/2017"}, "valid_from"),
        ({"fee": -1}, "fee"),
        ({"pay_before_processing": True}, "pay_before_processing"),
        ({"time_limit_days": 12}, "steps"),
        ({"steps": [{"name": "X", "role": "janitor", "days": "10"}]}, "steps"),
        ({"papers": [{"name": "Đơn", "originals": 0, "copies": 0}]}, "papers"),
        ({"form": [{"name": "Bad Name", "label": "x", "type": "text"}]}, "form"),
        ({"form": [{"name": "a", "label": "x", "type": "choice"}]}, "form"),
        ({"legal_basis": [{"title": "no document"}]}, "legal_basis"),
    ],
)
def test_bad_versions_are_refused_and_nothing_saved(stttt, field, overrides, wrong):
    with pytest.raises(ValidationError) as caught:
        services.procedure_create(actor=None, code="1.000001", agency=stttt, field=field,
                                  version=make_version(**overrides))
    assert wrong in caught.value.message_dict
    assert Procedure.objects.count() == 0
    assert ProcedureVersion.objects.count() == 0


def test_bad_version_names_the_field(stttt, field):
    with pytest.raises(ValidationError) as caught:
        services.procedure_create(actor=None, code="1.000001", agency=stttt, field=field,
                                  version=make_version(time_limit_days=12))
    assert "steps" in caught.value.message_dict
    assert "12" in caught.value.message_dict["steps"][0]


def test_the_procedure_in_force_is_read_once_and_forgotten_on_publishing(
        procedure, django_assert_num_queries):
    day = dt.date(2026, 1, 5)
    with django_assert_num_queries(2):
        first = selectors.procedure_in_force("1.003868", day)
        assert first.version_on(day).valid_from == dt.date(2017, 1, 1)
        assert first.agency.code == "000.00.31.H59"
        papers = selectors.papers_of(first.version_on(day))
    with django_assert_num_queries(0):
        assert selectors.procedure_in_force("1.003868", day) is first
        assert selectors.papers_of(first.version_on(day)) == papers
    services.procedure_version_publish(actor=None, procedure=procedure,
                                       version=make_version(valid_from="2026-01-01"))
    again = selectors.procedure_in_force("1.003868", day)
    assert again is not first and again.version_on(day).valid_from == dt.date(2026, 1, 1)
    assert selectors.procedure_in_force("9.999", day) is None


def test_duplicate_code_is_refused(procedure, stttt, field):
    with pytest.raises(ValidationError) as caught:
        services.procedure_create(actor=None, code="1.003868", agency=stttt, field=field,
                                  version=make_version())
    assert "code" in caught.value.message_dict
    assert Procedure.objects.count() == 1


def test_a_new_version_closes_the_old_one_and_dates_pick_the_right_rules(procedure):
    services.procedure_version_publish(
        actor=None, procedure=procedure,
        version=make_version(valid_from="2025-07-01", time_limit_days=10,
                             legal_basis=[{"document": "138/2025/NĐ-CP"}]),
    )
    old, new = procedure.versions.order_by("valid_from")
    assert old.valid_to == dt.date(2025, 7, 1)
    assert new.valid_to is None
    assert procedure.version_on(dt.date(2017, 11, 3)) == old
    assert procedure.version_on(dt.date(2025, 7, 1)) == new
    assert selectors.procedure_detail("1.003868", dt.date(2026, 1, 1))[1] == new


def test_a_version_cannot_start_before_the_latest(procedure):
    with pytest.raises(ValidationError) as caught:
        services.procedure_version_publish(actor=None, procedure=procedure,
                                           version=make_version(valid_from="2016-12-31"))
    assert "valid_from" in caught.value.message_dict
    assert procedure.versions.count() == 1


def test_search_ignores_accents_and_case(procedure, stttt):
    found = selectors.procedure_search(text="giay PHEP xuat ban", on=dt.date(2017, 6, 1))
    assert [p.code for p in found] == ["1.003868"]
    assert list(selectors.procedure_search(text="giấy phép in", on=dt.date(2017, 6, 1))) == []
    assert [p.code for p in selectors.procedure_search(text="1.003868")] == ["1.003868"]
    assert list(selectors.procedure_search(text="", on=dt.date(2015, 1, 1))) == []


def test_count_by_level(procedure, stttt, field):
    services.procedure_create(
        actor=None, code="1.000002", agency=stttt, field=field,
        version=make_version(name="Thủ tục mức 2", old_level=2, online_level="khong"))
    assert selectors.count_by_level(dt.date(2017, 6, 1)) == {1: 0, 2: 1, 3: 1, 4: 0}
    assert selectors.count_by_level(dt.date(2016, 6, 1)) == {1: 0, 2: 0, 3: 0, 4: 0}
