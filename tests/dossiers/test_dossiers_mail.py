"""The applicant's receipt travels over real SMTP, from a task enqueued after commit."""

from __future__ import annotations

import email
import email.policy

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult
from dossier_factories import ANSWERS, at

from egov.core.numbering import unexplained_gaps
from egov.dossiers import services
from egov.dossiers.models import Dossier, DossierEvent, SubmissionKey
from egov.dossiers.services.intake import code_key


def test_the_receipt_goes_over_smtp(people, procedure, smtp_inbox,
                                    django_capture_on_commit_callbacks):
    with time_machine.travel(at("2017-11-03 09:15"), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        dossier, _created = services.dossier_apply(
            actor=people["citizen"], procedure=procedure, answers=ANSWERS)
    [(sender, recipients, content)] = smtp_inbox.messages
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
