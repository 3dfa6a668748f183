"""Registers (sổ văn bản): one series per agency and year across types, separate series
for secret documents and for registers an agency configures, numbers from 01 every
1 January, none twice under concurrent clerks."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections

from egov.core.errors import Conflict
from egov.core.models import AuditEntry, IssuedNumber, Sequence
from egov.documents.models import Register
from egov.documents.services import registers

pytestmark = pytest.mark.django_db
D = dt.date(2017, 11, 3)


def take(register, on=D, actor=None):
    return registers.number_take(register=register, on=on, actor=actor, purpose="test").value


class TestResolve:
    def test_one_series_across_types_by_default(self, agency_a, doc_type):
        report = registers.register_resolve(agency=agency_a, direction="out",
                                            doc_type=doc_type("BC"), confidentiality="normal")
        letter = registers.register_resolve(agency=agency_a, direction="out",
                                            doc_type=doc_type("Công văn"),
                                            confidentiality="normal")
        assert report == letter
        assert (report.code, report.name, report.secret) == (
            "chung", "Sổ đăng ký văn bản đi", False)
        assert report.sequence_key == "documents.out:000.00.31.H59:chung"
        assert [take(report), take(letter), take(report)] == [1, 2, 3]

    @pytest.mark.parametrize("level", ["confidential", "secret", "top_secret"])
    def test_secret_documents_have_their_own_series(self, agency_a, doc_type, level):
        general = registers.register_resolve(agency=agency_a, direction="out",
                                             doc_type=doc_type("BC"), confidentiality="normal")
        secret = registers.register_resolve(agency=agency_a, direction="out",
                                            doc_type=doc_type("BC"), confidentiality=level)
        assert (secret.code, secret.secret, secret.name) == (
            "mat", True, "Sổ đăng ký văn bản đi mật")
        assert [take(general), take(general), take(secret)] == [1, 2, 1]

    def test_incoming_and_outgoing_count_apart_and_agencies_too(self, agency_a, agency_b,
                                                                doc_type):
        def resolve(agency, direction):
            return registers.register_resolve(agency=agency, direction=direction,
                                              doc_type=doc_type("BC"), confidentiality="normal")
        assert [take(resolve(agency_a, "out")), take(resolve(agency_a, "in")),
                take(resolve(agency_b, "out")), take(resolve(agency_a, "out"))] == [1, 1, 1, 2]

    def test_defaults_are_created_once_and_without_audit(self, agency_a, doc_type):
        for _ in range(3):
            registers.register_resolve(agency=agency_a, direction="in",
                                       doc_type=doc_type("TB"), confidentiality="normal")
        assert Register.objects.count() == 1
        assert not AuditEntry.objects.filter(action__startswith="documents.").exists()

    def test_a_configured_register_takes_its_types(self, agency_a, doc_type, people):
        decisions = registers.register_create(
            actor=people["clerk"], agency=agency_a, direction="out", code="quyet-dinh",
            name="Sổ quyết định", types=[doc_type("QĐ")],
        )
        resolve = lambda code: registers.register_resolve(  # noqa: E731
            agency=agency_a, direction="out", doc_type=doc_type(code),
            confidentiality="normal")
        assert resolve("QĐ") == decisions
        assert resolve("BC").code == "chung"
        # Incoming decisions still go to the general incoming register.
        assert registers.register_resolve(agency=agency_a, direction="in",
                                          doc_type=doc_type("QĐ"),
                                          confidentiality="normal").code == "chung"
        # A secret decision goes to the secret register, not the decisions' register.
        assert registers.register_resolve(agency=agency_a, direction="out",
                                          doc_type=doc_type("QĐ"),
                                          confidentiality="secret").code == "mat"
        assert [take(resolve("QĐ")), take(resolve("BC")), take(resolve("QĐ"))] == [1, 1, 2]


class TestYears:
    def test_numbering_restarts_at_01_on_1_january(self, agency_a, doc_type):
        register = registers.register_resolve(agency=agency_a, direction="out",
                                              doc_type=doc_type("BC"), confidentiality="normal")
        late_2017 = [take(register, dt.date(2017, 12, 31)) for _ in range(3)]
        first_2018 = take(register, dt.date(2018, 1, 1))
        assert (late_2017, first_2018) == ([1, 2, 3], 1)
        assert take(register, dt.date(2017, 12, 30)) == 4
        assert set(Sequence.objects.values_list("period", "last_value")) == {
            ("2017", 4), ("2018", 1)}


class TestConfigure:
    @pytest.mark.parametrize("who", ["clerk", "director", "agency_admin", "sysadmin"])
    def test_who_may_open_a_register(self, agency_a, doc_type, people, who):
        register = registers.register_create(
            actor=people[who], agency=agency_a, direction="out", code="quyet-dinh",
            name="  Sổ quyết định ", types=[doc_type("QĐ"), doc_type("QyĐ")])
        assert register.name == "Sổ quyết định"
        assert set(register.types.values_list("code", flat=True)) == {"QĐ", "QyĐ"}
        entry = AuditEntry.objects.get(action="documents.register.create")
        assert entry.actor_id == people[who].pk
        assert entry.after["types"] == sorted([doc_type("QĐ").pk, doc_type("QyĐ").pk])

    @pytest.mark.parametrize("who", ["head", "specialist", "b_clerk", "b_director", "citizen",
                                     "anonymous"])
    def test_who_may_not(self, agency_a, doc_type, people, who):
        with pytest.raises(PermissionDenied):
            registers.register_create(actor=people[who], agency=agency_a, direction="out",
                                      code="qd", name="Sổ quyết định", types=[doc_type("QĐ")])
        assert not Register.objects.exists()

    @pytest.mark.parametrize(("kwargs", "errors"), [
        ({"code": "Quyết định"}, {"code"}),
        ({"code": ""}, {"code"}),
        ({"code": "-qd"}, {"code"}),
        ({"name": "   "}, {"name"}),
        ({"name": "x" * 151}, {"name"}),
        ({"types": []}, {"types"}),
        ({"direction": "sideways"}, {"direction"}),
        ({"secret": True}, {"types"}),
        ({"secret": True, "types": [], "legal": True}, {"legal"}),
        ({"code": "Q Đ", "name": ""}, {"code", "name"}),
    ])
    def test_bad_input_is_named_and_nothing_saved(self, agency_a, doc_type, people, kwargs,
                                                  errors):
        data = {"code": "qd", "name": "Sổ quyết định", "direction": "out",
                "types": [doc_type("QĐ")]} | kwargs
        with pytest.raises(ValidationError) as caught:
            registers.register_create(actor=people["clerk"], agency=agency_a, **data)
        assert set(caught.value.message_dict) == errors
        assert not Register.objects.exists()
        assert not AuditEntry.objects.filter(action__startswith="documents.").exists()

    def test_a_type_is_numbered_in_one_register(self, agency_a, doc_type, people):
        registers.register_create(actor=people["clerk"], agency=agency_a, direction="out",
                                  code="qd", name="Sổ quyết định", types=[doc_type("QĐ")])
        with pytest.raises(ValidationError) as caught:
            registers.register_create(actor=people["clerk"], agency=agency_a, direction="out",
                                      code="qd2", name="Sổ khác",
                                      types=[doc_type("QĐ"), doc_type("KH")])
        assert caught.value.message_dict == {
            "types": ["Quyết định đã được cấp số trong sổ “Sổ quyết định”."]}
        # The other direction is another book.
        registers.register_create(actor=people["clerk"], agency=agency_a, direction="in",
                                  code="qd", name="Sổ quyết định đến", types=[doc_type("QĐ")])
        assert Register.objects.count() == 2

    def test_codes_and_the_secret_register_are_unique(self, agency_a, doc_type, people):
        registers.register_resolve(agency=agency_a, direction="out", doc_type=doc_type("BC"),
                                   confidentiality="secret")
        with pytest.raises(ValidationError) as caught:
            registers.register_create(actor=people["clerk"], agency=agency_a, direction="out",
                                      code="mat2", name="Sổ mật 2", secret=True)
        assert caught.value.message_dict == {"secret": ["Cơ quan đã có sổ văn bản mật."]}
        with pytest.raises(ValidationError) as caught:
            registers.register_create(actor=people["clerk"], agency=agency_a, direction="out",
                                      code="mat", name="Sổ", types=[doc_type("KH")])
        assert caught.value.message_dict == {"code": ["Cơ quan đã có sổ mang mã này."]}

    def test_update_renames_and_moves_types(self, agency_a, doc_type, people):
        register = registers.register_create(
            actor=people["clerk"], agency=agency_a, direction="out", code="qd",
            name="Sổ quyết định", types=[doc_type("QĐ")])
        registers.register_update(actor=people["director"], register=register,
                                  name="Sổ quyết định, quy định",
                                  types=[doc_type("QĐ"), doc_type("QyĐ")])
        register.refresh_from_db()
        assert register.name == "Sổ quyết định, quy định"
        assert set(register.types.values_list("code", flat=True)) == {"QĐ", "QyĐ"}
        entry = AuditEntry.objects.get(action="documents.register.update")
        assert entry.before["types"] == [doc_type("QĐ").pk]

    def test_the_general_register_takes_no_types(self, agency_a, doc_type, people):
        general = registers.register_resolve(agency=agency_a, direction="out",
                                              doc_type=doc_type("BC"), confidentiality="normal")
        with pytest.raises(Conflict) as caught:
            registers.register_update(actor=people["clerk"], register=general,
                                      types=[doc_type("BC")])
        assert caught.value.code == "general_register"
        assert not general.types.exists()
        registers.register_update(actor=people["clerk"], register=general, name="Sổ đi chung")
        general.refresh_from_db()
        assert general.name == "Sổ đi chung"

    def test_update_refused_to_other_agencies(self, agency_a, doc_type, people):
        general = registers.register_resolve(agency=agency_a, direction="out",
                                              doc_type=doc_type("BC"), confidentiality="normal")
        with pytest.raises(PermissionDenied):
            registers.register_update(actor=people["b_clerk"], register=general, name="X")
        general.refresh_from_db()
        assert general.name == "Sổ đăng ký văn bản đi"


def _concurrently(callers, work):
    barrier = threading.Barrier(callers)
    errors = []

    def run(n):
        try:
            barrier.wait()
            work(n)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_clerks_numbering_at_the_same_moment_get_distinct_consecutive_numbers(agency_a,
                                                                              doc_type):
    from django.db import transaction

    bc, cv = doc_type("BC"), doc_type("Công văn")

    def work(n):
        for _ in range(5):
            with transaction.atomic():
                register = registers.register_resolve(
                    agency=agency_a, direction="out", doc_type=bc if n % 2 else cv,
                    confidentiality="normal")
                registers.number_take(register=register, on=D, actor=None, purpose=f"clerk {n}")

    assert _concurrently(8, work) == []
    values = sorted(IssuedNumber.objects.values_list("value", flat=True))
    assert values == list(range(1, 41))
    assert Register.objects.count() == 1
