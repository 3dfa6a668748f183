"""Reading dossiers: what a person may see, an official's inbox, the public lookup,
the history. Counting for the indicators lives in ``egov.dossiers.figures``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts.models import User
from egov.dossiers import permissions, workflow
from egov.dossiers.models import (
    Dossier,
    DossierAttachment,
    DossierEvent,
    DossierRating,
    Status,
)
from egov.dossiers.services.closing import check_matches
from egov.dossiers.steps import steps_of, unit_for
from egov.dossiers.timeliness import dossier_timeliness, timeliness_expression
from egov.signatures.models import Certificate
from egov.signatures.selectors import certificates_for_signing


def _with_relations(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return queryset.select_related("procedure", "version", "agency", "unit", "assignee")


def dossiers_visible_to(user: Any, *, today: dt.date | None = None) -> QuerySet[Dossier]:
    """The dossiers ``user`` may see, newest first, each with its ``timeliness``."""
    queryset = permissions.visible_to(user, Dossier.objects.all())
    return _with_relations(queryset).annotate(
        timeliness=timeliness_expression(today)).order_by("-created_at", "-id")


def dossier_for(user: Any, pk: Any) -> Dossier:
    """The dossier if ``user`` may see it; Http404 otherwise (another agency's dossier
    does not exist for them)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    dossier = dossiers_visible_to(user).filter(pk=pk).first()
    if dossier is None:
        raise Http404
    return dossier


def inbox(user: Any, *, today: dt.date | None = None) -> QuerySet[Dossier]:
    """What waits for ``user`` (hồ sơ cần xử lý), the earliest due first; late work
    carries ``timeliness == "overdue"``."""
    today = today or timezone.localdate()
    queryset = Dossier.objects.filter(permissions.inbox_filter(user))
    return _with_relations(queryset).annotate(
        timeliness=timeliness_expression(today)).order_by(
        F("step_due_date").asc(nulls_last=True), F("due_date").asc(nulls_last=True), "id")


def lookup(code: str, check: str) -> Dossier | None:
    """The public lookup (tra cứu hồ sơ): the dossier whose code is ``code`` if ``check``
    is its applicant's phone number or ID; None otherwise, whichever was wrong."""
    code = (code or "").strip().upper()
    if not code or len(code) > 40:
        return None
    dossier = (Dossier.objects.select_related("version", "agency")
               .filter(code=code).exclude(status="draft").first())
    if dossier is None or not check_matches(dossier, check):
        return None
    return dossier


def result_for(user: Any, pk: Any) -> Dossier:
    """The dossier with its signed result, if ``user`` may see it and it has one."""
    dossier = dossier_for(user, pk)
    if not dossier.result_file:
        raise Http404
    return dossier


def signing_certificate_for(user: Any, pk: Any) -> Certificate | None:
    """A certificate ``user`` chose to sign with, if they may use it; None for "my own"."""
    if pk in (None, ""):
        return None
    certificate = certificates_for_signing(user).filter(pk=pk).first() \
        if str(pk).isdigit() else None
    if certificate is None:
        raise ValidationError({"certificate": _("Choose one of your active certificates.")})
    return certificate


def history(dossier: Dossier) -> QuerySet[DossierEvent]:
    """Every move of the dossier, in order (the processing control sheet)."""
    return (dossier.events.select_related("actor", "from_unit", "to_unit", "to_user")
            .order_by("at", "id"))


def attachment_for(user: Any, dossier_pk: Any, attachment_pk: Any) -> DossierAttachment:
    dossier = dossier_for(user, dossier_pk)
    attachment = dossier.attachments.filter(pk=attachment_pk).first() \
        if str(attachment_pk).isdigit() else None
    if attachment is None:
        raise Http404
    return attachment


def public_view(dossier: Dossier) -> dict[str, Any]:
    """The lookup's answer: status, dates and the history by unit, without officials'
    names, the answers or the files."""
    events = (dossier.events.exclude(action__in=["create", "take"])
              .select_related("to_unit").order_by("at", "id"))
    return {
        "code": dossier.code, "procedure_name": dossier.version.name,
        "agency_name": dossier.agency.name, "channel": dossier.channel,
        "status": dossier.status, "status_label": dossier.get_status_display(),
        "submitted_at": dossier.submitted_at, "received_at": dossier.received_at,
        "due_date": dossier.due_date, "finished_at": dossier.finished_at,
        "returned_at": dossier.returned_at, "timeliness": dossier_timeliness(dossier),
        "can_rate": dossier.status == Status.RETURNED
        and not DossierRating.objects.filter(dossier=dossier).exists(),
        "history": [{"at": e.at, "label": workflow.event_label(e.action),
                     "unit": e.to_unit.name if e.to_unit_id else None} for e in events],
    }


def officials_for_step(dossier: Dossier, index: int) -> QuerySet[User]:
    """The officials who can work at step ``index`` of the dossier: the agency's, of the
    step's role, in its unit when it names one; to choose whom to forward to."""
    steps = steps_of(dossier.version)
    if not 0 <= index < len(steps):
        return User.objects.none()
    step = steps[index]
    unit = unit_for(step, dossier.agency_id, timezone.localdate())
    queryset = User.objects.filter(
        is_active=True, official__is_active=True, official__agency_id=dossier.agency_id,
        official__roles__role=step.role)
    if unit is not None:
        queryset = queryset.filter(official__unit=unit)
    return queryset.order_by("full_name").distinct()
