"""Background work of documents: e-mail reminders before a handling deadline, and the
packages and status messages of the exchange with other systems (sent after the commit
that made them, safe to repeat).

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
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterable

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from egov.core.calendar import is_working_day, working_days_between
from egov.documents import edxml
from egov.documents.models import Assignment, Exchange, ExchangeStatus, IncomingDocument

logger = logging.getLogger(__name__)
REMIND_HOUR = 8
# The header that carries the secret shared with an exchange peer.
EXCHANGE_TOKEN_HEADER = "X-Egov-Exchange-Token"


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


# --- Exchange between agencies ---------------------------------------------------------

HTTP_TIMEOUT = 30


def _multipart(fields: list[tuple[str, str, str, bytes]]) -> tuple[bytes, str]:
    """(name, filename, content type, content) parts as multipart/form-data."""
    boundary = f"egov-{secrets.token_hex(16)}"
    body = bytearray()
    for name, filename, content_type, content in fields:
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                 f"filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n").encode()
        body += content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return bytes(body), f"multipart/form-data; boundary={boundary}"


def _post(url: str, token: str, body: bytes, content_type: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": content_type, EXCHANGE_TOKEN_HEADER: token})
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@task()
def send_package(exchange_id: int) -> str:
    """Send an edXML package to the peer that reaches its receiver; record the answer
    (received, or rejected with the reason). A network failure leaves it pending, to be
    sent again (``egov exchange_send``)."""
    # Here, not at the top: the exchange service enqueues these tasks.
    from egov.documents.services import exchange as service

    exchange = Exchange.objects.select_related("peer").filter(pk=exchange_id).first()
    if exchange is None or exchange.status not in (Exchange.Status.PENDING,
                                                   Exchange.Status.FAILED):
        return "skipped"
    if exchange.peer is None:
        return "no_peer"
    parts = [("package", "edxml.xml", "application/xml", exchange.package.encode("utf-8"))]
    for index, row in enumerate(exchange.files, start=1):
        with default_storage.open(row["path"], "rb") as handle:
            parts.append((str(index), row["name"], row["content_type"], handle.read()))
    body, content_type = _multipart(parts)
    Exchange.objects.filter(pk=exchange.pk).update(attempts=exchange.attempts + 1)
    try:
        status, answer = _post(f"{exchange.peer.url}packages/", exchange.peer.token, body,
                               content_type)
    except OSError as exc:
        logger.warning("exchange %s: %s unreachable: %s", exchange.document_id,
                       exchange.peer.url, exc)
        return "unreachable"
    try:
        message = edxml.parse_status(answer)
    except edxml.PackageError:
        logger.warning("exchange %s: answer %s not understood", exchange.document_id, status)
        return "not_understood"
    with transaction.atomic():
        exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
        service.record_answer(exchange, message)
    return message.status


@task()
def send_status(status_id: int) -> str:
    """Send one of our status messages about a received package to its sender."""
    # Here, not at the top: the exchange service enqueues these tasks.
    from egov.documents.services import exchange as service

    row = (ExchangeStatus.objects.select_related("exchange__peer")
           .filter(pk=status_id, sent_at__isnull=True).first())
    if row is None or row.exchange.peer is None:
        return "skipped"
    body = edxml.build_status(service.status_message_of(row))
    try:
        status, _answer = _post(f"{row.exchange.peer.url}status/", row.exchange.peer.token,
                                body, "application/xml")
    except OSError as exc:
        logger.warning("status %s: %s unreachable: %s", row.pk, row.exchange.peer.url, exc)
        return "unreachable"
    if status >= 300:
        logger.warning("status %s refused by %s: HTTP %s", row.pk, row.exchange.peer.url,
                       status)
        return "refused"
    ExchangeStatus.objects.filter(pk=row.pk).update(sent_at=timezone.now())
    return "sent"


@task()
def send_pending() -> int:
    """Packages and status messages still to send (after an outage): ``egov
    exchange_send``."""

    count = 0
    for pk in Exchange.objects.filter(direction=Exchange.Direction.OUT,
                                      status=Exchange.Status.PENDING,
                                      peer__isnull=False).values_list("pk", flat=True):
        count += send_package.call(pk) not in ("skipped",)
    for pk in ExchangeStatus.objects.filter(sent_at__isnull=True,
                                            exchange__direction="in").values_list(
            "pk", flat=True):
        count += send_status.call(pk) == "sent"
    return count
