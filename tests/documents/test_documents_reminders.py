"""E-mail reminders before a handling deadline: enqueued after the assignment commits,
sent once on the working day before the deadline, over real SMTP."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from documents_data import entry

from egov.documents import tasks
from egov.documents.models import Assignment
from egov.documents.services import handling, incoming
from egov.documents.services.handling import AssignmentSpec

pytestmark = pytest.mark.django_db
ICT = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2017, 11, 3, 9, 30, tzinfo=ICT)  # a Friday
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def in_2017(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://egov.travinh.gov.vn"
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def document(people, doc_type):
    return incoming.incoming_register(actor=people["clerk"], channel="paper",
                                      data=entry(doc_type=doc_type("Công văn")))


def assign(people, document, callbacks, **spec):
    with callbacks(execute=True):
        return handling.incoming_assign(actor=people["director"], document=document,
                                        assignments=[AssignmentSpec(role="lead", **spec)])


class TestReminderDay:
    @pytest.mark.parametrize(("deadline", "day"), [
        (dt.date(2017, 11, 6), dt.date(2017, 11, 3)),  # Monday → the Friday before
        (dt.date(2017, 11, 8), dt.date(2017, 11, 7)),
        # Monday 2 January 2017 was the day off for New Year's Day on a Sunday.
        (dt.date(2017, 1, 3), dt.date(2016, 12, 30)),
    ])
    def test_the_working_day_before(self, deadline, day):
        assert tasks.remind_on(deadline) == day

    def test_more_days_when_configured(self, settings):
        settings.EGOV_DOCUMENTS_REMIND_DAYS = 3
        assert tasks.remind_on(dt.date(2017, 11, 8)) == dt.date(2017, 11, 3)


class TestSending:
    def test_due_tomorrow_the_reminder_goes_at_once(self, people, document, settings,
                                                    django_capture_on_commit_callbacks):
        settings.TASKS = IMMEDIATE
        [lead] = assign(people, document, django_capture_on_commit_callbacks,
                        assignee=people["specialist"], working_days=1,
                        instructions="Trả lời trước thứ Hai")
        [message] = mail.outbox
        assert message.to == ["chuyenvien@travinh.gov.vn"]
        assert message.subject == (
            "Nhắc việc: văn bản số 123/VNCERT-DPUJC đến hạn xử lý ngày 06/11/2017")
        assert "Kính gửi Huỳnh Minh Khoa," in message.body
        assert "hạn xử lý ngày 06/11/2017" in message.body
        assert "Ý kiến chỉ đạo: Trả lời trước thứ Hai" in message.body
        assert f"https://egov.travinh.gov.vn/van-ban/den/{document.pk}/" in message.body
        lead.refresh_from_db()
        assert lead.reminded_at is not None

    def test_a_later_deadline_waits_for_its_day_and_goes_once(
            self, people, document, settings, django_capture_on_commit_callbacks):
        settings.TASKS = IMMEDIATE
        assign(people, document, django_capture_on_commit_callbacks, unit=people[
            "head"].official.unit, working_days=5)
        assert mail.outbox == []
        # Thursday 9 November, the working day before Friday 10: the daily run sends it.
        with time_machine.travel(dt.datetime(2017, 11, 9, 7, 0, tzinfo=ICT), tick=False):
            call_command("document_reminders", stdout=io.StringIO())
            call_command("document_reminders", stdout=io.StringIO())
        [message] = mail.outbox
        # A unit without a person: its head is reminded.
        assert message.to == ["truongphong@travinh.gov.vn"]

    def test_a_finished_document_is_not_reminded(self, people, document, settings,
                                                 django_capture_on_commit_callbacks):
        settings.TASKS = IMMEDIATE
        assign(people, document, django_capture_on_commit_callbacks,
               assignee=people["specialist"], working_days=5)
        handling.incoming_finish(actor=people["director"], document=document, note="Xong")
        with time_machine.travel(dt.datetime(2017, 11, 9, 8, tzinfo=ICT), tick=False):
            assert tasks.send_due_reminders.call() == 0
        assert mail.outbox == []

    def test_the_database_backend_gets_the_task_for_its_moment(
            self, people, document, settings, django_capture_on_commit_callbacks):
        settings.TASKS = DATABASE
        [lead] = assign(people, document, django_capture_on_commit_callbacks,
                        assignee=people["specialist"], working_days=5)
        [queued] = DBTaskResult.objects.all()
        assert queued.task_path == "egov.documents.tasks.remind_assignment"
        assert queued.args_kwargs == {"args": [lead.pk], "kwargs": {}}
        assert queued.run_after == dt.datetime(2017, 11, 9, 8, tzinfo=ICT)
        assert mail.outbox == []

    def test_nothing_is_enqueued_when_the_assignment_rolls_back(self, people, document,
                                                                settings):
        settings.TASKS = DATABASE
        # Without the commit (the test's transaction never commits), nothing is queued.
        handling.incoming_assign(actor=people["director"], document=document, assignments=[
            AssignmentSpec(role="lead", assignee=people["specialist"], working_days=1)])
        assert not DBTaskResult.objects.exists()
        assert Assignment.objects.get().reminded_at is None


def test_reminders_travel_over_smtp(people, document, settings, smtp_inbox,
                                    django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    assign(people, document, django_capture_on_commit_callbacks,
           assignee=people["specialist"], working_days=1)
    [(sender, recipients, content)] = smtp_inbox.messages
    assert (sender, recipients) == ("no-reply@travinh.gov.vn", ["chuyenvien@travinh.gov.vn"])
    message = email.message_from_bytes(content, policy=email.policy.default)
    assert message["Subject"].strip() == (
        "Nhắc việc: văn bản số 123/VNCERT-DPUJC đến hạn xử lý ngày 06/11/2017")
    assert "Kính gửi Huỳnh Minh Khoa," in message.get_content()
