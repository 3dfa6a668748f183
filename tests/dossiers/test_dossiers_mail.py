"""The applicant's receipt travels over real SMTP, from a task enqueued after commit."""

from __future__ import annotations

import email
import email.policy
import socket

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django_tasks_db.models import DBTaskResult
from dossier_factories import ANSWERS, at

from egov.core.numbering import unexplained_gaps
from egov.dossiers import services
from egov.dossiers.models import Dossier, DossierEvent, SubmissionKey
from egov.dossiers.services.intake import code_key


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return "250 OK"


def test_the_receipt_goes_over_smtp(people, procedure, settings,
                                    django_capture_on_commit_callbacks):
    handler = _Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.DEFAULT_FROM_EMAIL = "egov <no-reply@travinh.gov.vn>"
        with time_machine.travel(at("2017-11-03 09:15"), tick=False), \
                django_capture_on_commit_callbacks(execute=True):
            dossier, _created = services.dossier_apply(
                actor=people["citizen"], procedure=procedure, answers=ANSWERS)
    finally:
        controller.stop()
    [(sender, recipients, content)] = handler.messages
    assert (sender, recipients) == ("no-reply@travinh.gov.vn", ["an@example.com"])
    message = email.message_from_bytes(content, policy=email.policy.default)
    assert message["Subject"].strip() == f"Hồ sơ {dossier.code} đã được nộp"
    body = message.get_content()
    assert "Kính gửi Nguyễn Văn An," in body and "17/11/2017" in body


def test_a_crash_during_submission_leaves_nothing(people, procedure, settings, monkeypatch,
                                                  django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = services.dossier_apply(actor=people["citizen"], procedure=procedure,
                                          answers=ANSWERS, idempotency_key="a")
    assert DBTaskResult.objects.count() == 1

    def crash(*args, **kwargs):
        raise RuntimeError("the server died")

    monkeypatch.setattr("egov.dossiers.services.intake.audit.record", crash)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            pytest.raises(RuntimeError):
        services.dossier_apply(actor=people["citizen"], procedure=procedure, answers=ANSWERS,
                               idempotency_key="b")
    assert callbacks == []
    assert list(Dossier.objects.values_list("pk", flat=True)) == [first.pk]
    assert DossierEvent.objects.count() == 1
    assert SubmissionKey.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    # The code's number went back: the next submission takes it, with no gap.
    monkeypatch.undo()
    second, _ = services.dossier_apply(actor=people["citizen"], procedure=procedure,
                                       answers=ANSWERS)
    assert int(second.code[-4:]) == int(first.code[-4:]) + 1
    assert unexplained_gaps(code_key(procedure.agency.code), second.code.split("-")[1]) == []
