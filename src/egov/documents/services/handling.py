"""Handling incoming documents (giải quyết văn bản đến), Decree 30/2020, Art. 24.

The director assigns the document: one lead (chủ trì), any number co-operating (phối
hợp) or for information (để biết), each a unit, a person, or a person in a unit, with a
deadline (counted in working days when given as a number of days) and instructions. A
unit that holds an assignment passes it to one or more of its people; the people
handling record opinions and progress; the lead, or the director, finishes the document
with a closing note or the reply issued.

Deadlines drive the inboxes (due, overdue) and the e-mail reminder sent before the
deadline (``egov.documents.tasks``), enqueued when the assignment is committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts.models import Official, Role
from egov.core import audit
from egov.core.calendar import add_working_days
from egov.core.errors import Conflict
from egov.documents import tasks
from egov.documents.models import Assignment, Exchange, HandlingNote, IncomingDocument
from egov.documents.permissions import (
    can_view_incoming,
    holds,
    involved,
    is_director,
)
from egov.documents.services import exchange
from egov.documents.services._common import Errors, require, text
from egov.organizations.models import Unit

Role_ = Assignment.Role
MAX_WORKING_DAYS = 250


@dataclass(frozen=True)
class AssignmentSpec:
    """One line of the director's assignment: who, in what role, by when, and what to do.
    ``working_days`` counts the deadline from today in working days; ``deadline`` gives
    the date itself (one of the two, or neither)."""

    role: str
    unit: Unit | None = None
    assignee: Any = None
    deadline: dt.date | None = None
    working_days: int | None = None
    instructions: str = ""


def _snapshot(document: IncomingDocument) -> dict[str, Any]:
    return audit.snapshot(document, ["status", "due_date", "finished_at", "finished_by_id",
                                     "finish_note"])


def _assignment_row(a: Assignment) -> dict[str, Any]:
    return {"id": a.pk, "role": a.role, "unit": a.unit_id, "assignee": a.assignee_id,
            "parent": a.parent_id, "deadline": a.deadline, "instructions": a.instructions}


def _official_in(user: Any, document: IncomingDocument) -> Official | None:
    official = getattr(user, "official", None) if user is not None else None
    if official is None or not official.is_active or official.agency_id != document.agency_id:
        return None
    return official


def _deadline(errors: Errors, key: str, spec_deadline: dt.date | None,
              working_days: int | None, today: dt.date) -> dt.date | None:
    if spec_deadline is not None and working_days is not None:
        errors.add(key, _("Give the deadline as a date or as a number of working days, not "
                          "both."))
        return None
    if working_days is not None:
        if not isinstance(working_days, int) or not 1 <= working_days <= MAX_WORKING_DAYS:
            errors.add(key, _("The number of working days is from 1 to %(max)s.")
                       % {"max": MAX_WORKING_DAYS})
            return None
        return add_working_days(today, working_days)
    if spec_deadline is not None and (not isinstance(spec_deadline, dt.date)
                                      or spec_deadline < today):
        errors.add(key, _("The deadline cannot be in the past."))
        return None
    return spec_deadline


def _check_spec(errors: Errors, index: int, spec: AssignmentSpec, document: IncomingDocument,
                today: dt.date) -> dt.date | None:
    key = f"assignments.{index}"
    if spec.role not in Role_.values:
        errors.add(key, _("The role is lead, co-operating or for information."))
    if spec.unit is None and spec.assignee is None:
        errors.add(key, _("Name a unit, a person, or both."))
    if spec.unit is not None and (spec.unit.agency_id != document.agency_id
                                  or not spec.unit.is_valid_on(today)):
        errors.add(key, _("%(unit)s is not a unit of this agency.") % {"unit": spec.unit.name})
    if spec.assignee is not None:
        official = _official_in(spec.assignee, document)
        if official is None:
            errors.add(key, _("%(person)s is not an official of this agency.")
                       % {"person": spec.assignee})
        elif spec.unit is not None and official.unit_id != spec.unit.pk:
            errors.add(key, _("%(person)s does not work in %(unit)s.")
                       % {"person": spec.assignee, "unit": spec.unit.name})
    if len(text(spec.instructions)) > 2000:
        errors.add(key, _("The instructions have at most 2,000 characters."))
    if spec.role == Role_.INFORM and (spec.deadline or spec.working_days):
        errors.add(key, _("A document sent for information has no deadline."))
        return None
    return _deadline(errors, key, spec.deadline, spec.working_days, today)


def _enqueue_reminders(assignments: Iterable[Assignment]) -> None:
    ids = [a.pk for a in assignments if a.deadline is not None]
    if ids:
        transaction.on_commit(lambda: tasks.schedule_reminders(ids))


@transaction.atomic
def incoming_assign(
    *, actor: Any, document: IncomingDocument, assignments: Iterable[AssignmentSpec],
) -> list[Assignment]:
    """The director's assignment (bút phê, phân công). May be called again to add people;
    a document has one lead, whose deadline is the document's deadline."""
    require(is_director(actor, document.agency_id))
    document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
    if document.status == IncomingDocument.Status.DONE:
        raise Conflict(_("The document is already finished."), code="document_done")
    specs = list(assignments)
    today = timezone.localdate()
    errors = Errors()
    if not specs:
        errors.add("assignments", _("Assign the document to at least one unit or person."))
    deadlines = [_check_spec(errors, i, spec, document, today) for i, spec in enumerate(specs)]
    existing = list(document.assignments.filter(parent__isnull=True))
    leads = [s for s in specs if s.role == Role_.LEAD]
    if len(leads) > 1:
        errors.add("assignments", _("A document has one lead."))
    elif leads and any(a.role == Role_.LEAD for a in existing):
        errors.add("assignments", _("The document already has a lead."))
    elif not leads and not any(a.role == Role_.LEAD for a in existing) and any(
            s.role == Role_.COOPERATE for s in specs):
        errors.add("assignments", _("Name the lead before those who co-operate."))
    holders = [(a.unit_id, a.assignee_id) for a in existing]
    for spec in specs:
        holder = (spec.unit.pk if spec.unit else None,
                  spec.assignee.pk if spec.assignee is not None else None)
        if holder in holders:
            errors.add("assignments", _("%(holder)s is named twice.") % {
                "holder": spec.assignee or spec.unit})
        holders.append(holder)
    errors.raise_if_any()
    before = _snapshot(document)
    now = timezone.now()
    created = [
        Assignment.objects.create(
            document=document, role=spec.role, unit=spec.unit, assignee=spec.assignee,
            assigned_by=actor, assigned_at=now, deadline=deadline,
            instructions=text(spec.instructions),
        )
        for spec, deadline in zip(specs, deadlines, strict=True)
    ]
    lead = next((a for a in created if a.role == Role_.LEAD), None)
    document.status = IncomingDocument.Status.IN_PROGRESS
    if lead is not None:
        document.due_date = lead.deadline
    document.save(update_fields=["status", "due_date"])
    _enqueue_reminders(created)
    exchange.report_handling(document, Exchange.Status.ASSIGNED, actor=actor)
    audit.record("documents.incoming.assign", document, actor=actor, before=before,
                 after={**_snapshot(document),
                        "assignments": [_assignment_row(a) for a in created]})
    return created


@transaction.atomic
def assignment_delegate(
    *, actor: Any, assignment: Assignment, assignee: Any, deadline: dt.date | None = None,
    instructions: str = "",
) -> Assignment:
    """A unit passes its assignment to one of its people (the head of the unit acts)."""
    # Lock the assignment row only: the unit is the nullable side of a join.
    assignment = Assignment.objects.select_for_update(of=("self",)).select_related(
        "document", "unit").get(pk=assignment.pk)
    document = assignment.document
    require(assignment.unit_id is not None and assignment.assignee_id is None
            and holds(actor, assignment))
    if document.status == IncomingDocument.Status.DONE or assignment.done_at is not None:
        raise Conflict(_("This assignment is already finished."), code="assignment_done")
    errors = Errors()
    official = _official_in(assignee, document)
    if official is None or official.unit_id != assignment.unit_id:
        errors.add("assignee", _("Choose a person of %(unit)s.") % {
            "unit": assignment.unit.name})
    today = timezone.localdate()
    if deadline is not None and deadline < today:
        errors.add("deadline", _("The deadline cannot be in the past."))
    elif deadline is not None and assignment.deadline and deadline > assignment.deadline:
        errors.add("deadline", _("The unit's own deadline is %(date)s; give a date on or "
                                 "before it.") % {"date": assignment.deadline.strftime(
                                     "%d/%m/%Y")})
    if len(text(instructions)) > 2000:
        errors.add("instructions", _("The instructions have at most 2,000 characters."))
    if errors:
        errors.raise_if_any()
    if assignment.children.filter(assignee=assignee).exists():
        raise Conflict(_("%(person)s already has this assignment.") % {"person": assignee},
                       code="already_assigned")
    child = Assignment.objects.create(
        document=document, role=assignment.role, unit=assignment.unit, assignee=assignee,
        parent=assignment, assigned_by=actor, assigned_at=timezone.now(),
        deadline=deadline or assignment.deadline, instructions=text(instructions),
    )
    _enqueue_reminders([child])
    exchange.report_handling(document, Exchange.Status.IN_PROGRESS, actor=actor)
    audit.record("documents.assignment.delegate", child, actor=actor,
                 after=_assignment_row(child))
    return child


def _may_write(actor: Any, document: IncomingDocument) -> bool:
    return is_director(actor, document.agency_id) or any(
        involved(actor, a) for a in document.assignments.all())


@transaction.atomic
def note_add(*, actor: Any, document: IncomingDocument, kind: str, body: str,
             percent: int | None = None) -> HandlingNote:
    """An opinion or a progress report by the director or someone handling the document."""
    require(can_view_incoming(actor, document) and _may_write(actor, document))
    document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
    if document.status == IncomingDocument.Status.DONE:
        raise Conflict(_("The document is already finished."), code="document_done")
    errors = Errors()
    if kind not in HandlingNote.Kind.values:
        errors.add("kind", _("A note is an opinion or a progress report."))
    body = text(body)
    if not body:
        errors.add("text", _("Write the opinion or the progress."))
    elif len(body) > 5000:
        errors.add("text", _("A note has at most 5,000 characters."))
    if percent is not None and (kind != HandlingNote.Kind.PROGRESS or not isinstance(
            percent, int) or not 0 <= percent <= 100):
        errors.add("percent", _("Progress is a percentage from 0 to 100, on a progress "
                                "report."))
    errors.raise_if_any()
    note = HandlingNote.objects.create(document=document, author=actor, kind=kind, text=body,
                                       percent=percent, created_at=timezone.now())
    if kind == HandlingNote.Kind.PROGRESS:
        exchange.report_handling(document, Exchange.Status.IN_PROGRESS, actor=actor)
    audit.record("documents.incoming.note", note, actor=actor,
                 after=audit.snapshot(note, ["document_id", "kind", "text", "percent"]))
    return note


def can_finish(actor: Any, document: IncomingDocument) -> bool:
    """The director, or whoever holds the lead (the unit's head or the person it was
    passed to)."""
    return is_director(actor, document.agency_id) or any(
        a.role == Role_.LEAD and holds(actor, a) for a in document.assignments.all())


@transaction.atomic
def incoming_finish(*, actor: Any, document: IncomingDocument, note: str = "",
                    reply: Any = None) -> IncomingDocument:
    """Close the handling of a document with a note saying how it was dealt with, or with
    the reply issued (an outgoing document of the agency). Every open assignment is closed
    with it."""
    require(can_view_incoming(actor, document) and can_finish(actor, document))
    document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
    if document.status == IncomingDocument.Status.DONE:
        raise Conflict(_("The document is already finished."), code="document_done")
    errors = Errors()
    note = text(note)
    if not note and reply is None:
        errors.add("note", _("Say how the document was dealt with, or give the reply."))
    elif len(note) > 5000:
        errors.add("note", _("A note has at most 5,000 characters."))
    if reply is not None and (reply.agency_id != document.agency_id
                              or reply.status != "issued"):
        errors.add("reply", _("The reply is an outgoing document of this agency, issued."))
    errors.raise_if_any()
    before = _snapshot(document)
    now = timezone.now()
    document.status = IncomingDocument.Status.DONE
    document.finished_at = now
    document.finished_by = actor
    document.finish_note = note
    document.reply = reply
    document.save(update_fields=["status", "finished_at", "finished_by", "finish_note",
                                 "reply"])
    document.assignments.filter(done_at__isnull=True).update(done_at=now)
    exchange.report_handling(document, Exchange.Status.DONE, actor=actor, description=(
        _("Answered by document No. %(number)s.") % {"number": reply.number_symbol}
        if reply is not None else note))
    audit.record("documents.incoming.finish", document, actor=actor, before=before,
                 after={**_snapshot(document), "reply": getattr(reply, "pk", None)})
    return document


@transaction.atomic
def assignment_complete(*, actor: Any, assignment: Assignment, note: str = "") -> Assignment:
    """A co-operating holder reports their part done (the lead finishes the document)."""
    assignment = Assignment.objects.select_for_update().select_related("document").get(
        pk=assignment.pk)
    require(holds(actor, assignment))
    if assignment.role == Role_.LEAD:
        raise Conflict(_("The lead finishes the document itself."), code="lead_finishes")
    if assignment.done_at is not None or assignment.document.status == (
            IncomingDocument.Status.DONE):
        raise Conflict(_("This assignment is already finished."), code="assignment_done")
    before = audit.snapshot(assignment, ["done_at"])
    assignment.done_at = timezone.now()
    assignment.save(update_fields=["done_at"])
    if text(note):
        HandlingNote.objects.create(document=assignment.document, author=actor,
                                    kind=HandlingNote.Kind.PROGRESS, text=text(note)[:5000],
                                    percent=100, created_at=assignment.done_at)
    audit.record("documents.assignment.complete", assignment, actor=actor, before=before,
                 after=audit.snapshot(assignment, ["done_at"]))
    return assignment


def unit_heads(unit_id: int) -> list[Any]:
    """The active heads of a unit: who answers for an assignment made to the unit."""
    return [o.user for o in Official.objects.filter(
        unit_id=unit_id, is_active=True, roles__role=Role.HEAD_OF_UNIT).select_related("user")]
