"""Background work of documents: e-mail reminders before a handling deadline.

An assignment with a deadline is reminded once, on the morning of the working day
``EGOV_DOCUMENTS_REMIND_DAYS`` working days (default 1) before it. The reminder is
enqueued when the assignment is committed, to run at that moment on backends that can
defer (the database backend); ``egov document_reminders``, run daily, sends whatever is
due on backends that cannot, and catches up after an outage. Both are safe to repeat:
an assignment remembers when it was reminded.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from egov.core.calendar import is_working_day, working_days_between
from egov.documents.models import Assignment, IncomingDocument

logger = logging.getLogger(__name__)
REMIND_HOUR = 8


def remind_days() -> int:
    return int(getattr(settings, "EGOV_DOCUMENTS_REMIND_DAYS", 1))


def remind_on(deadline: dt.date) -> dt.date:
    """The working day ``remind_days()`` working days before ``deadline``."""
    day = deadline - dt.timedelta(days=1)
    while not (is_working_day(day) and working_days_between(day, deadline) >= remind_days()):
        day -= dt.timedelta(days=1)
    return day


def remind_at(deadline: dt.date) -> dt.datetime:
    """08:00 local time on the reminder day."""
    return timezone.make_aware(dt.datetime.combine(remind_on(deadline), dt.time(REMIND_HOUR)))


def schedule_reminders(assignment_ids: Iterable[int]) -> None:
    """Enqueue the reminder of each assignment for its moment (after the commit that made
    the assignments: ``transaction.on_commit``)."""
    backend = remind_assignment.get_backend()
    now = timezone.now()
    for assignment in Assignment.objects.filter(pk__in=list(assignment_ids),
                                                deadline__isnull=False):
        moment = remind_at(assignment.deadline)
        if moment <= now:
            remind_assignment.enqueue(assignment.pk)
        elif backend.supports_defer:
            remind_assignment.using(run_after=moment).enqueue(assignment.pk)
        # Otherwise the daily `egov document_reminders` sends it when the day comes.


def _recipients(assignment: Assignment) -> list[object]:
    from egov.documents.services.handling import unit_heads

    if assignment.assignee_id is not None:
        return [assignment.assignee]
    return unit_heads(assignment.unit_id)


def _due(assignment: Assignment, today: dt.date) -> bool:
    return (assignment.deadline is not None and assignment.done_at is None
            and assignment.reminded_at is None
            and assignment.document.status != IncomingDocument.Status.DONE
            and remind_on(assignment.deadline) <= today)


def _send(assignment: Assignment) -> int:
    sent = 0
    site = settings.SITE_URL.rstrip("/")
    for person in _recipients(assignment):
        if not person.email:
            continue
        language = getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {"assignment": assignment, "document": assignment.document,
                       "person": person, "site_url": site}
            subject = " ".join(render_to_string("documents/mail/reminder_subject.txt",
                                                context).split())
            body = render_to_string("documents/mail/reminder.txt", context)
        sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    return sent


@task()
def remind_assignment(assignment_id: int) -> int:
    """Send the reminder of one assignment if it is due and not sent yet; the number of
    e-mails sent."""
    with transaction.atomic():
        assignment = (Assignment.objects.select_for_update(of=("self",))
                      .select_related("document", "assignee", "unit")
                      .filter(pk=assignment_id).first())
        if assignment is None or not _due(assignment, timezone.localdate()):
            return 0
        sent = _send(assignment)
        # Marked even when nobody had an address: the reminder was not deliverable, and
        # retrying every day would not change that.
        assignment.reminded_at = timezone.now()
        assignment.save(update_fields=["reminded_at"])
    if not sent:
        logger.warning("assignment %s: nobody to remind by e-mail", assignment_id)
    return sent


@task()
def send_due_reminders() -> int:
    """Send every reminder whose day has come (the daily sweep)."""
    today = timezone.localdate()
    candidates = (Assignment.objects.filter(deadline__isnull=False, done_at__isnull=True,
                                            reminded_at__isnull=True)
                  .exclude(document__status=IncomingDocument.Status.DONE)
                  .filter(deadline__lte=today + dt.timedelta(days=60))
                  .values_list("pk", "deadline"))
    return sum(remind_assignment.call(pk) for pk, deadline in candidates
               if remind_on(deadline) <= today)
