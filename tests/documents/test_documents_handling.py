"""Assignment and handling of incoming documents: the director assigns, the unit passes
on, handlers write opinions and progress, the lead finishes; who may do what; inboxes
with due and overdue; deadlines in working days."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from documents_data import entry

from egov.core.errors import Conflict
from egov.core.models import AuditEntry
from egov.documents import selectors
from egov.documents.models import Assignment, HandlingNote, IncomingDocument
from egov.documents.permissions import can_view_incoming
from egov.documents.services import handling, incoming
from egov.documents.services.handling import AssignmentSpec

pytestmark = pytest.mark.django_db
ICT = dt.timezone(dt.timedelta(hours=7))
# Friday 3 November 2017, 09:30 in Trà Vinh.
NOW = dt.datetime(2017, 11, 3, 9, 30, tzinfo=ICT)


@pytest.fixture(autouse=True)
def in_2017(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with time_machine.travel(NOW, tick=False):
        yield


def _register(people, doc_type, **changes):
    return incoming.incoming_register(actor=people["clerk"], channel="paper", data=entry(
        doc_type=doc_type("Công văn"), **changes))


@pytest.fixture
def document(people, doc_type):
    return _register(people, doc_type)


@pytest.fixture
def secret(people, doc_type):
    return _register(people, doc_type, number_symbol="77/VNCERT-DPUJC",
                     confidentiality="top_secret")


def assign(people, document, *specs, who="director"):
    return handling.incoming_assign(actor=people[who], document=document, assignments=specs)


def lead_bcvt(units_a, **kw):
    return AssignmentSpec(role="lead", unit=units_a["BCVT"], **kw)


def actions():
    return list(AuditEntry.objects.filter(action__startswith="documents.")
                .exclude(action="documents.incoming.register")
                .values_list("action", flat=True))


class TestAssign:
    def test_the_director_assigns_lead_co_operating_and_information(self, people, units_a,
                                                                    document):
        created = assign(
            people, document,
            lead_bcvt(units_a, working_days=5, instructions="Tham mưu văn bản trả lời"),
            AssignmentSpec(role="cooperate", unit=units_a["CNTT"], working_days=5),
            AssignmentSpec(role="inform", assignee=people["clerk"]),
        )
        assert [(a.role, a.unit, a.assignee) for a in created] == [
            ("lead", units_a["BCVT"], None), ("cooperate", units_a["CNTT"], None),
            ("inform", None, people["clerk"])]
        # Five working days from Friday 3/11: 6, 7, 8, 9, 10 November.
        assert created[0].deadline == dt.date(2017, 11, 10)
        assert created[2].deadline is None
        document.refresh_from_db()
        assert (document.status, document.due_date) == ("in_progress", dt.date(2017, 11, 10))
        entry_ = AuditEntry.objects.get(action="documents.incoming.assign")
        assert entry_.before["status"] == "registered"
        assert entry_.after["status"] == "in_progress"
        assert [a["role"] for a in entry_.after["assignments"]] == ["lead", "cooperate",
                                                                    "inform"]

    def test_a_deadline_as_a_date_and_more_people_later(self, people, units_a, document):
        assign(people, document, lead_bcvt(units_a, deadline=dt.date(2017, 11, 20)))
        assign(people, document, AssignmentSpec(role="cooperate",
                                                assignee=people["other_unit"]))
        document.refresh_from_db()
        assert document.due_date == dt.date(2017, 11, 20)
        assert document.assignments.count() == 2

    def test_a_person_in_a_unit(self, people, units_a, document):
        [lead] = assign(people, document, lead_bcvt(units_a, assignee=people["specialist"]))
        assert (lead.unit, lead.assignee) == (units_a["BCVT"], people["specialist"])

    @pytest.mark.parametrize(("make", "fragment"), [
        (lambda p, u, o: [], "ít nhất một"),
        (lambda p, u, o: [lead_bcvt(u), AssignmentSpec(role="lead", unit=u["CNTT"])],
         "một đơn vị chủ trì"),
        (lambda p, u, o: [AssignmentSpec(role="cooperate", unit=u["CNTT"])],
         "chủ trì trước"),
        (lambda p, u, o: [AssignmentSpec(role="lead", unit=o)], "không phải là đơn vị"),
        (lambda p, u, o: [AssignmentSpec(role="lead", assignee=p["b_specialist"])],
         "không phải là cán bộ"),
        (lambda p, u, o: [AssignmentSpec(role="lead", assignee=p["citizen"])],
         "không phải là cán bộ"),
        (lambda p, u, o: [lead_bcvt(u, assignee=p["other_unit"])], "không làm việc tại"),
        (lambda p, u, o: [lead_bcvt(u, deadline=dt.date(2017, 11, 2))], "quá khứ"),
        (lambda p, u, o: [lead_bcvt(u, deadline=dt.date(2017, 11, 9), working_days=3)],
         "không nhập cả hai"),
        (lambda p, u, o: [lead_bcvt(u, working_days=0)], "từ 1 đến 250"),
        (lambda p, u, o: [lead_bcvt(u, working_days=251)], "từ 1 đến 250"),
        (lambda p, u, o: [lead_bcvt(u), AssignmentSpec(role="inform", unit=u["VP"],
                                                       working_days=2)], "không có hạn"),
        (lambda p, u, o: [AssignmentSpec(role="boss", unit=u["VP"])], "vai trò"),
        (lambda p, u, o: [AssignmentSpec(role="lead")], "đơn vị, cá nhân"),
        (lambda p, u, o: [lead_bcvt(u), AssignmentSpec(role="cooperate", unit=u["BCVT"])],
         "hai lần"),
        (lambda p, u, o: [lead_bcvt(u, instructions="x" * 2001)], "2.000"),
    ])
    def test_bad_input_is_named_and_nothing_saved(self, people, units_a, unit_b, document,
                                                  make, fragment):
        with pytest.raises(ValidationError) as caught:
            assign(people, document, *make(people, units_a, unit_b))
        messages = [m for ms in caught.value.message_dict.values() for m in ms]
        assert any(fragment in m for m in messages), messages
        document.refresh_from_db()
        assert (document.status, document.due_date) == ("registered", None)
        assert not Assignment.objects.exists()
        assert actions() == []

    def test_one_lead_only_across_calls(self, people, units_a, document):
        assign(people, document, lead_bcvt(units_a))
        with pytest.raises(ValidationError) as caught:
            assign(people, document, AssignmentSpec(role="lead", unit=units_a["CNTT"]))
        assert caught.value.message_dict == {"assignments": ["Văn bản đã có đơn vị chủ trì."]}
        with pytest.raises(ValidationError):
            assign(people, document, AssignmentSpec(role="cooperate", unit=units_a["BCVT"]))
        assert Assignment.objects.count() == 1

    @pytest.mark.parametrize("who", ["clerk", "head", "specialist", "agency_admin",
                                     "b_director", "sysadmin", "citizen", "anonymous"])
    def test_only_the_director_of_the_agency_assigns(self, people, units_a, document, who):
        with pytest.raises(PermissionDenied):
            assign(people, document, lead_bcvt(units_a), who=who)
        assert not Assignment.objects.exists()

    def test_a_finished_document_is_not_assigned(self, people, units_a, document):
        handling.incoming_finish(actor=people["director"], document=document,
                                 note="Lưu hồ sơ")
        with pytest.raises(Conflict) as caught:
            assign(people, document, lead_bcvt(units_a))
        assert caught.value.code == "document_done"


class TestDelegate:
    def test_the_head_passes_the_unit_s_assignment_to_a_specialist(self, people, units_a,
                                                                   document):
        [lead] = assign(people, document, lead_bcvt(units_a, working_days=5))
        child = handling.assignment_delegate(
            actor=people["head"], assignment=lead, assignee=people["specialist"],
            instructions="Dự thảo công văn trả lời")
        assert (child.role, child.unit, child.assignee, child.parent, child.deadline) == (
            "lead", units_a["BCVT"], people["specialist"], lead, dt.date(2017, 11, 10))
        assert actions()[-1] == "documents.assignment.delegate"
        # An earlier deadline of the unit's own is allowed, a later one is not.
        other = handling.assignment_delegate(actor=people["head"], assignment=lead,
                                             assignee=people["specialist2"],
                                             deadline=dt.date(2017, 11, 8))
        assert other.deadline == dt.date(2017, 11, 8)

    def test_bad_input(self, people, units_a, document):
        [lead] = assign(people, document, lead_bcvt(units_a, working_days=5))
        with pytest.raises(ValidationError) as caught:
            handling.assignment_delegate(actor=people["head"], assignment=lead,
                                         assignee=people["other_unit"],
                                         deadline=dt.date(2017, 11, 13))
        assert caught.value.message_dict == {
            "assignee": ["Chọn một người của Phòng Bưu chính - Viễn thông."],
            "deadline": ["Hạn của đơn vị là 10/11/2017; hãy chọn ngày không muộn hơn."],
        }
        handling.assignment_delegate(actor=people["head"], assignment=lead,
                                     assignee=people["specialist"])
        with pytest.raises(Conflict) as conflict:
            handling.assignment_delegate(actor=people["head"], assignment=lead,
                                         assignee=people["specialist"])
        assert conflict.value.code == "already_assigned"
        assert Assignment.objects.count() == 2

    @pytest.mark.parametrize("who", ["specialist", "director", "clerk", "other_unit",
                                     "b_director"])
    def test_only_the_head_of_the_unit_passes_it_on(self, people, units_a, document, who):
        [lead] = assign(people, document, lead_bcvt(units_a))
        with pytest.raises(PermissionDenied):
            handling.assignment_delegate(actor=people[who], assignment=lead,
                                         assignee=people["specialist"])

    def test_an_assignment_to_a_person_is_not_passed_on(self, people, units_a, document):
        [lead] = assign(people, document, lead_bcvt(units_a, assignee=people["specialist"]))
        with pytest.raises(PermissionDenied):
            handling.assignment_delegate(actor=people["specialist"], assignment=lead,
                                         assignee=people["specialist2"])


class TestVisibility:
    @pytest.mark.parametrize("secret_", [False, True])
    def test_who_sees_once_assigned(self, people, units_a, document, secret, secret_):
        doc = secret if secret_ else document
        [lead] = assign(people, doc, lead_bcvt(units_a))
        handling.assignment_delegate(actor=people["head"], assignment=lead,
                                     assignee=people["specialist"])
        sees = {who: can_view_incoming(people[who], doc) for who in people
                if who != "anonymous"}
        assert sees == {
            "clerk": True, "director": True, "head": True, "specialist": True,
            "specialist2": False, "other_unit": False, "agency_admin": False,
            "b_clerk": False, "b_director": False, "b_specialist": False,
            "sysadmin": not secret_, "citizen": False,
        }
        listed = {who for who in people if who != "anonymous"
                  and selectors.incoming_visible_to(people[who]).filter(pk=doc.pk).exists()}
        assert listed == {who for who, yes in sees.items() if yes}


class TestNotesAndFinish:
    @pytest.fixture
    def handled(self, people, units_a, document):
        [lead, _coop] = assign(people, document, lead_bcvt(units_a, working_days=5),
                              AssignmentSpec(role="cooperate", assignee=people["other_unit"],
                                             working_days=5))
        handling.assignment_delegate(actor=people["head"], assignment=lead,
                                     assignee=people["specialist"])
        return document

    def test_handlers_write_opinions_and_progress(self, people, handled):
        handling.note_add(actor=people["specialist"], document=handled, kind="progress",
                          body="Đã dự thảo công văn", percent=50)
        handling.note_add(actor=people["director"], document=handled, kind="opinion",
                          body="Khẩn trương hoàn thành")
        handling.note_add(actor=people["other_unit"], document=handled, kind="opinion",
                          body="Phòng CNTT thống nhất")
        assert list(HandlingNote.objects.values_list("author__username", "kind", "percent")) == [
            ("chuyenvien", "progress", 50), ("giamdoc", "opinion", None),
            ("cntt", "opinion", None)]
        assert actions().count("documents.incoming.note") == 3

    @pytest.mark.parametrize(("kind", "body", "percent", "fields"), [
        ("rumour", "x", None, {"kind"}), ("opinion", "  ", None, {"text"}),
        ("opinion", "x" * 5001, None, {"text"}), ("progress", "x", 101, {"percent"}),
        ("opinion", "x", 50, {"percent"}),
    ])
    def test_bad_notes(self, people, handled, kind, body, percent, fields):
        with pytest.raises(ValidationError) as caught:
            handling.note_add(actor=people["specialist"], document=handled, kind=kind,
                              body=body, percent=percent)
        assert set(caught.value.message_dict) == fields
        assert not HandlingNote.objects.exists()

    @pytest.mark.parametrize("who", ["specialist2", "clerk", "agency_admin", "b_director",
                                     "sysadmin", "citizen"])
    def test_people_not_handling_write_no_notes(self, people, handled, who):
        with pytest.raises(PermissionDenied):
            handling.note_add(actor=people[who], document=handled, kind="opinion", body="x")

    def test_the_lead_finishes_and_every_assignment_closes(self, people, handled):
        handling.incoming_finish(actor=people["specialist"], document=handled,
                                 note="Đã trả lời bằng Công văn số 943/STTTT-BCVT")
        handled.refresh_from_db()
        assert (handled.status, handled.finished_by, handled.finish_note) == (
            "done", people["specialist"], "Đã trả lời bằng Công văn số 943/STTTT-BCVT")
        assert not Assignment.objects.filter(done_at__isnull=True).exists()
        with pytest.raises(Conflict):
            handling.incoming_finish(actor=people["director"], document=handled, note="x")
        with pytest.raises(Conflict):
            handling.note_add(actor=people["director"], document=handled, kind="opinion",
                              body="x")

    @pytest.mark.parametrize(("who", "allowed"), [
        ("director", True), ("head", True), ("specialist", True), ("other_unit", False),
        ("specialist2", False), ("clerk", False), ("b_director", False)])
    def test_who_may_finish(self, people, handled, who, allowed):
        if allowed:
            handling.incoming_finish(actor=people[who], document=handled, note="Xong")
            assert IncomingDocument.objects.get().status == "done"
        else:
            with pytest.raises(PermissionDenied):
                handling.incoming_finish(actor=people[who], document=handled, note="Xong")
            assert IncomingDocument.objects.get().status == "in_progress"

    def test_a_closing_note_is_required(self, people, handled):
        with pytest.raises(ValidationError) as caught:
            handling.incoming_finish(actor=people["director"], document=handled, note=" ")
        assert caught.value.message_dict == {"note": [
            "Ghi rõ văn bản đã được giải quyết thế nào, hoặc chọn văn bản trả lời."]}
        assert IncomingDocument.objects.get().status == "in_progress"

    def test_co_operating_holders_report_their_part(self, people, handled):
        coop = Assignment.objects.get(role="cooperate")
        handling.assignment_complete(actor=people["other_unit"], assignment=coop,
                                     note="Đã góp ý")
        coop.refresh_from_db()
        assert coop.done_at is not None
        assert HandlingNote.objects.get().percent == 100
        with pytest.raises(Conflict):
            handling.assignment_complete(actor=people["other_unit"], assignment=coop)
        lead = Assignment.objects.get(role="lead", parent=None)
        with pytest.raises(PermissionDenied):
            handling.assignment_complete(actor=people["specialist"], assignment=lead)
        with pytest.raises(Conflict) as caught:
            handling.assignment_complete(actor=people["head"], assignment=lead)
        assert caught.value.code == "lead_finishes"


class TestInbox:
    def test_due_and_overdue(self, people, units_a, doc_type):
        first = _register(people, doc_type)
        second = _register(people, doc_type, number_symbol="124/VNCERT-DPUJC")
        assign(people, first, AssignmentSpec(role="lead", assignee=people["specialist"],
                                             working_days=1))
        assign(people, second, AssignmentSpec(role="lead", assignee=people["specialist"],
                                              working_days=10))
        items = selectors.inbox(people["specialist"])
        assert [(i.document, i.due_state) for i in items] == [
            (first, "due_soon"), (second, "on_track")]
        # Tuesday 7 November: the first (due Monday 6) is overdue.
        with time_machine.travel(dt.datetime(2017, 11, 7, 8, tzinfo=ICT), tick=False):
            assert [i.due_state for i in selectors.inbox(people["specialist"])] == [
                "overdue", "on_track"]
            assert [i.document for i in selectors.inbox(people["specialist"],
                                                        due="overdue")] == [first]
            assert selectors.agency_work(first.agency_id) == selectors.WorkCounts(2, 0, 1)
        assert selectors.inbox(people["specialist2"]) == []
        assert selectors.inbox(people["citizen"]) == []

    def test_the_head_sees_the_unit_s_assignments(self, people, units_a, document):
        assign(people, document, lead_bcvt(units_a, working_days=3))
        assert [i.unit for i in selectors.inbox(people["head"])] == [units_a["BCVT"]]
        assert selectors.unit_work(units_a["BCVT"].pk).open == 1
        handling.incoming_finish(actor=people["head"], document=document, note="Xong")
        assert selectors.inbox(people["head"]) == []
