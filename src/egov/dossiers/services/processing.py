"""Processing (giải quyết hồ sơ): the steps of the procedure version, one official at a
time, each hand-over a row of the control sheet with how the ended step kept its time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts.models import Role, User
from egov.accounts.permissions import has_role, official_of
from egov.core.calendar.selectors import is_working_day
from egov.core.errors import Conflict
from egov.dossiers import permissions, results, workflow
from egov.dossiers.models import Delivery, Dossier, DossierEvent, Outcome, Status
from egov.dossiers.services._common import (
    add_event,
    clean_text,
    clear_step,
    local_date,
    lock,
    notify,
    require,
    require_handler,
    save,
    snapshot,
    stale,
)
from egov.dossiers.steps import StepSpec, steps_of, unit_for
from egov.dossiers.timeliness import step_result
from egov.signatures.models import Certificate


def _end_step(dossier: Dossier, today: dt.date) -> dict[str, Any]:
    """The event fields that close the current step."""
    if dossier.step_index is None or dossier.step_due_date is None:
        return {}
    result, margin = step_result(today, dossier.step_due_date)
    return {"ended_step_index": dossier.step_index, "ended_step_result": result,
            "ended_step_margin": margin}


def _start_step(dossier: Dossier, step: StepSpec, *, assignee: User | None, unit_id: int | None,
                now: dt.datetime) -> dict[str, Any]:
    dossier.step_index, dossier.step_role = step.index, step.role
    dossier.unit_id = unit_id
    dossier.assignee = assignee
    dossier.step_started_at = now
    dossier.step_due_date = step.due_date(local_date(now))
    return {"to_user": assignee, "to_unit_id": unit_id, "to_role": step.role,
            "step_index": step.index, "step_name": step.name,
            "step_due_date": dossier.step_due_date}


def _check_recipient(to_user: User | None, dossier: Dossier, step: StepSpec,
                     unit_id: int | None) -> None:
    if to_user is None:
        return
    if not permissions.can_act_at_step(to_user, dossier, step_role=step.role, unit_id=unit_id):
        raise ValidationError({"to_user": _("%(name)s cannot work at the step “%(step)s”: "
                                            "it needs the role and unit of that step.")
                               % {"name": to_user.get_full_name(), "step": step.name}})


def dossier_take(*, actor: Any, dossier: Dossier,
                 expected_revision: int | None = None) -> Dossier:
    """An official takes an unassigned dossier waiting at a step of their role (nhận xử lý)."""
    with transaction.atomic():
        dossier = lock(dossier, expected_revision)
        workflow.check("take", dossier)
        require(permissions.can_act_at_step(actor, dossier),
                _("Only an official of this step's role and unit may take the dossier."))
        if dossier.assignee_id == actor.pk:
            raise Conflict(_("You already hold this dossier."), code="already_yours")
        if dossier.assignee_id is not None:
            raise Conflict(_("%(name)s already took this dossier.")
                           % {"name": dossier.assignee.get_full_name()}, code="taken")
        before = snapshot(dossier)
        now = timezone.now()
        dossier.assignee = actor
        add_event(dossier, action="take", actor=actor, at=now, from_status=dossier.status,
                  to_user=actor, to_unit_id=dossier.unit_id, to_role=dossier.step_role,
                  step_index=dossier.step_index, step_due_date=dossier.step_due_date)
        return save(dossier, action="take", actor=actor, before=before,
                    fields=["assignee"])


def dossier_forward(
    *, actor: Any, dossier: Dossier, to_user: User | None = None, note: str = "",
    expected_revision: int | None = None,
) -> Dossier:
    """Hand the dossier to the next step (chuyển xử lý): to a named official who can do
    it, or to everyone of that step's role and unit, the first of whom takes it. From
    the desk this is the hand-over to the processing unit, refused while a fee that the
    law wants paid first is unpaid; a specialist's forward is their proposal."""
    with transaction.atomic():
        dossier = lock(dossier, expected_revision)
        workflow.check("forward", dossier)
        require_handler(actor, dossier)
        note = clean_text(note, "note", required=False)
        steps = steps_of(dossier.version)
        if dossier.step_index >= len(steps) - 1:
            raise Conflict(_("This is the last step: approve the result or decline."),
                           code="last_step")
        if (dossier.status == Status.RECEIVED and dossier.version.pay_before_processing
                and not dossier.is_paid):
            raise Conflict(_("The fee must be paid before the dossier is processed."),
                           code="unpaid")
        now = timezone.now()
        step = steps[dossier.step_index + 1]
        unit = unit_for(step, dossier.agency_id, local_date(now))
        unit_id = unit.pk if unit is not None else None
        _check_recipient(to_user, dossier, step, unit_id)
        before = snapshot(dossier)
        from_status = dossier.status
        ended = _end_step(dossier, local_date(now))
        dossier.status = Status.PROCESSING
        started = _start_step(dossier, step, assignee=to_user, unit_id=unit_id, now=now)
        add_event(dossier, action="forward", actor=actor, at=now, from_status=from_status,
                  note=note, **ended, **started)
        return save(dossier, action="forward", actor=actor, before=before)


def _previous_holder(dossier: Dossier, index: int) -> User | None:
    """Who handed the dossier on from step ``index`` last: it goes back to them."""
    event = (DossierEvent.objects.filter(dossier=dossier, ended_step_index=index,
                                         action="forward")
             .select_related("actor").order_by("-at", "-id").first())
    if event is None or event.actor is None or official_of(event.actor) is None:
        return None
    return event.actor


def dossier_send_back(*, actor: Any, dossier: Dossier, reason: str,
                      expected_revision: int | None = None) -> Dossier:
    """Return the dossier to the step before (trả lại bước trước), with the reason; it
    goes to the official who handed it on. The first processing step cannot send back
    to the desk: what is missing is asked of the applicant (``request_supplement``)."""
    with transaction.atomic():
        dossier = lock(dossier, expected_revision)
        workflow.check("send_back", dossier)
        require_handler(actor, dossier)
        reason = clean_text(reason, "reason", required=True,
                            message=_("Say why the dossier goes back."))
        if dossier.step_index <= 1:
            raise Conflict(_("This is the first processing step; to get missing papers, "
                             "ask the applicant for a supplement."), code="first_step")
        now = timezone.now()
        step = steps_of(dossier.version)[dossier.step_index - 1]
        unit = unit_for(step, dossier.agency_id, local_date(now))
        unit_id = unit.pk if unit is not None else None
        holder = _previous_holder(dossier, step.index)
        if holder is not None and not permissions.can_act_at_step(
                holder, dossier, step_role=step.role, unit_id=unit_id):
            holder = None
        before = snapshot(dossier)
        ended = _end_step(dossier, local_date(now))
        started = _start_step(dossier, step, assignee=holder, unit_id=unit_id, now=now)
        add_event(dossier, action="send_back", actor=actor, at=now,
                  from_status=Status.PROCESSING, note=reason, **ended, **started)
        return save(dossier, action="send_back", actor=actor, before=before)


def _check_decision(actor: Any, dossier: Dossier, action: str) -> None:
    workflow.check(action, dossier)
    require_handler(actor, dossier)
    steps = steps_of(dossier.version)
    if dossier.step_index != len(steps) - 1:
        raise Conflict(_("Only the last step (“%(step)s”) decides the result.")
                       % {"step": steps[-1].name}, code="not_last_step")


def _decide(actor: Any, dossier: Dossier, *, action: str, outcome: str, reason: str,
            note: str, certificate: Certificate | None, passphrase: str | None,
            expected_revision: int | None) -> Dossier:
    """Print and sign the result outside the lock (signing takes a moment), then record
    the decision on the dossier if nobody moved it meanwhile. An online result is
    returned at once: the applicant downloads it."""
    expected = dossier.revision if expected_revision is None else expected_revision
    current = Dossier.objects.select_related("version", "agency", "procedure").get(
        pk=dossier.pk)
    if current.revision != expected:
        raise stale(current)
    _check_decision(actor, current, action)
    pdf = results.signed_result(actor=actor, dossier=current, outcome=outcome, reason=reason,
                                certificate=certificate, passphrase=passphrase)
    name, sha256 = results.store(pdf)
    try:
        with transaction.atomic():
            dossier = lock(dossier, expected)
            _check_decision(actor, dossier, action)
            before = snapshot(dossier)
            now = timezone.now()
            ended = _end_step(dossier, local_date(now))
            dossier.status = Status.RESULT_READY
            dossier.outcome = outcome
            dossier.closing_reason = reason
            dossier.finished_at = now
            dossier.result_file = name
            dossier.result_sha256 = sha256
            clear_step(dossier)
            add_event(dossier, action=action, actor=actor, at=now,
                      from_status=Status.PROCESSING, note=reason or note,
                      data={"result_sha256": sha256}, **ended)
            save(dossier, action=action, actor=actor, before=before)
            if dossier.delivery == Delivery.ONLINE:
                dossier = _return_online(dossier, now)
            notify(dossier, "result_ready")
    except BaseException:
        default_storage.delete(name)
        raise
    return dossier


def _return_online(dossier: Dossier, now: dt.datetime) -> Dossier:
    before = snapshot(dossier)
    dossier.status = Status.RETURNED
    dossier.returned_at = now
    dossier.return_method = Delivery.ONLINE
    dossier.returned_to = dossier.applicant_name
    add_event(dossier, action="return", actor=None, at=now, from_status=Status.RESULT_READY,
              data={"method": Delivery.ONLINE, "recipient": dossier.applicant_name})
    return save(dossier, action="return", actor=None, before=before)


def dossier_approve(*, actor: Any, dossier: Dossier, note: str = "",
                    certificate: Certificate | None = None, passphrase: str | None = None,
                    expected_revision: int | None = None) -> Dossier:
    """The official of the last step approves (phê duyệt): the result is printed from the
    procedure's template and signed with their certificate (their own active one unless
    another they may use is given); it is ready for the applicant, and returned at once
    when they chose to receive it online."""
    note = clean_text(note, "note", required=False)
    return _decide(actor, dossier, action="approve", outcome=Outcome.GRANTED, reason="",
                   note=note, certificate=certificate, passphrase=passphrase,
                   expected_revision=expected_revision)


def dossier_decline(*, actor: Any, dossier: Dossier, reason: str,
                    certificate: Certificate | None = None, passphrase: str | None = None,
                    expected_revision: int | None = None) -> Dossier:
    """The official of the last step refuses what was applied for, with the reasons
    (văn bản trả lời, nêu rõ lý do): that signed answer is the dossier's result."""
    reason = clean_text(reason, "reason", required=True,
                        message=_("Give the reasons for refusing."))
    return _decide(actor, dossier, action="decline", outcome=Outcome.REFUSED, reason=reason,
                   note="", certificate=certificate, passphrase=passphrase,
                   expected_revision=expected_revision)


def dossier_apologise(
    *, actor: Any, dossier: Dossier, reason: str, new_due_date: dt.date,
    expected_revision: int | None = None,
) -> Dossier:
    """The apology and new appointment (phiếu xin lỗi và hẹn lại ngày trả kết quả) when
    the result will be late: the applicant gets the new date, the dossier keeps its first
    one and still counts as late against it."""
    with transaction.atomic():
        dossier = lock(dossier, expected_revision)
        workflow.check("apologise", dossier)
        require(permissions.is_handler(actor, dossier) or (
            official_of(actor) is not None and official_of(actor).agency_id == dossier.agency_id
            and has_role(actor, Role.HEAD_OF_UNIT, Role.DIRECTOR)),
            _("Only the official handling the dossier or the agency's leaders may do this."))
        reason = clean_text(reason, "reason", required=True,
                            message=_("Give the reason for the delay."))
        if not isinstance(new_due_date, dt.date):
            raise ValidationError({"new_due_date": _("Enter the new date.")})
        today = timezone.localdate()
        if new_due_date <= dossier.due_date or new_due_date < today:
            raise ValidationError({"new_due_date": _("The new date must come after the "
                                                     "appointed %(date)s and not be in the "
                                                     "past.")
                                   % {"date": dossier.due_date.strftime("%d/%m/%Y")}})
        if not is_working_day(new_due_date):
            raise ValidationError({"new_due_date": _("The new date must be a working day.")})
        before = snapshot(dossier)
        now = timezone.now()
        previous = dossier.due_date
        dossier.original_due_date = dossier.original_due_date or previous
        dossier.due_date = new_due_date
        add_event(dossier, action="apologise", actor=actor, at=now,
                  from_status=dossier.status, note=reason, step_index=dossier.step_index,
                  data={"previous_due_date": previous.isoformat(),
                        "new_due_date": new_due_date.isoformat()})
        save(dossier, action="apologise", actor=actor, before=before,
             fields=["original_due_date", "due_date"])
        notify(dossier, "apologised")
        return dossier
