"""On time or late: the one rule, in Python for one dossier and in SQL for counting.

A dossier whose result was ready (``finished_at``) after its deadline is late; on the
deadline, on time; before it, early. Everything is judged as of a day (``today``): a
result ready after that day was still in progress then, so a report on 2017 counts a
dossier finished in January 2018 as open at the end of 2017. The deadline is the first appointment
(``original_due_date`` when an apology moved it, else ``due_date``): an apology tells
the applicant the new date, it does not make a late dossier punctual. An open dossier
past its deadline is overdue; one waiting for the applicant's supplement, or not yet
accepted, has no running clock and is only in progress. Refused and withdrawn dossiers
are not counted. Dates are those of Vietnam (``settings.TIME_ZONE``).

Every selector, page and export asks ``dossier_timeliness`` or annotates
``timeliness_expression``; ``tests/dossiers`` checks that both agree.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import Expression
from django.db.models.fields import CharField
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThan, LessThan, LessThanOrEqual
from django.utils import timezone

from egov.core.calendar.selectors import working_days_between
from egov.dossiers.models import Dossier, Status, Timeliness

RUNNING = frozenset({Status.RECEIVED, Status.PROCESSING})
OPEN = frozenset({Status.SUBMITTED, Status.RECEIVED, Status.AWAITING_SUPPLEMENT,
                  Status.PROCESSING})


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def compare(finished_on: dt.date, deadline: dt.date) -> str:
    if finished_on > deadline:
        return Timeliness.LATE
    if finished_on == deadline:
        return Timeliness.ON_TIME
    return Timeliness.EARLY


def dossier_timeliness(dossier: Dossier, today: dt.date | None = None) -> str:
    """Early, on time, late, in progress, overdue, or not counted (``Timeliness``), as
    of ``today``: a result ready after ``today`` was still to come then."""
    today = today or timezone.localdate()
    deadline = dossier.deadline
    if dossier.finished_at is not None:
        finished_on = timezone.localtime(dossier.finished_at, local_tz()).date()
        if finished_on <= today:
            return Timeliness.NONE if deadline is None else compare(finished_on, deadline)
        if deadline is None:
            return Timeliness.NONE
        return Timeliness.OVERDUE if deadline < today else Timeliness.IN_PROGRESS
    if dossier.status in RUNNING and deadline is not None:
        return Timeliness.OVERDUE if deadline < today else Timeliness.IN_PROGRESS
    if dossier.status in OPEN:
        return Timeliness.IN_PROGRESS
    return Timeliness.NONE


def deadline_expression() -> Expression:
    return Coalesce("original_due_date", "due_date")


def finished_on_expression() -> Expression:
    return F("finished_on")


def timeliness_expression(today: dt.date | None = None) -> Case:
    """The same rule as ``dossier_timeliness``, as one SQL CASE for ``annotate``."""
    today = today or timezone.localdate()
    deadline = deadline_expression()
    finished_on = finished_on_expression()
    finished = Q(finished_at__isnull=False)
    by_today = finished & LessThanOrEqual(finished_on, Value(today))
    no_deadline = Q(due_date__isnull=True)
    past_deadline = ~no_deadline & LessThan(deadline, Value(today))
    return Case(
        When(by_today & no_deadline, then=Value(Timeliness.NONE)),
        When(by_today & GreaterThan(finished_on, deadline), then=Value(Timeliness.LATE)),
        When(by_today & Exact(finished_on, deadline), then=Value(Timeliness.ON_TIME)),
        When(by_today, then=Value(Timeliness.EARLY)),
        # Finished after ``today``: as of then, still being worked on.
        When(finished & no_deadline, then=Value(Timeliness.NONE)),
        When(finished & past_deadline, then=Value(Timeliness.OVERDUE)),
        When(finished, then=Value(Timeliness.IN_PROGRESS)),
        When(Q(status__in=RUNNING) & past_deadline, then=Value(Timeliness.OVERDUE)),
        When(status__in=OPEN, then=Value(Timeliness.IN_PROGRESS)),
        default=Value(Timeliness.NONE),
        output_field=CharField(),
    )


def step_result(ended_on: dt.date, step_due: dt.date) -> tuple[str, int]:
    """How a processing step kept its time: (early / on time / late, working days of
    margin, negative when late), as the control sheet writes it."""
    if ended_on > step_due:
        # A step ended on the Saturday after a Friday deadline is late by 0 working days.
        return Timeliness.LATE, -working_days_between(step_due, ended_on)
    if ended_on == step_due:
        return Timeliness.ON_TIME, 0
    return Timeliness.EARLY, working_days_between(ended_on, step_due)
