"""What every dossier service does: lock the row, check the revision the caller saw,
append the event, save with the next revision, audit, and tell the applicant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.backend import DatabaseBackend

from egov.accounts.permissions import official_of
from egov.core import audit
from egov.core.errors import Conflict
from egov.dossiers import permissions
from egov.dossiers.models import Dossier, DossierEvent
from egov.dossiers.tasks import send_dossier_notice
from egov.dossiers.timeliness import local_tz

# The dossier's fields the audit trail keeps before and after each move: where it is
# and what was decided, not the applicant's answers (those stay on the dossier).
AUDIT_FIELDS = (
    "code", "status", "outcome", "channel", "agency_id", "procedure_id", "version_id",
    "applicant_id", "due_date", "original_due_date", "received_at", "finished_at",
    "returned_at", "step_index", "step_role", "unit_id", "assignee_id", "paid_amount",
    "payment_reference", "supplement_requests", "closing_reason", "revision",
)


def snapshot(dossier: Dossier) -> dict[str, Any]:
    return audit.snapshot(dossier, fields=AUDIT_FIELDS)


def local_date(at: dt.datetime) -> dt.date:
    return timezone.localtime(at, local_tz()).date()


def actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return _("the system")
    return (actor.get_full_name() or actor.get_username())[:200]


def actor_unit_id(actor: Any) -> int | None:
    official = official_of(actor)
    return official.unit_id if official is not None else None


def lock(dossier: Dossier, expected_revision: int | None) -> Dossier:
    """The dossier's row, locked until the transaction ends, if nobody changed it since
    the caller read it (revision ``expected_revision``, or that of the caller's copy)."""
    locked = (Dossier.objects.select_for_update()
              .select_related("version", "agency", "procedure").get(pk=dossier.pk))
    expected = dossier.revision if expected_revision is None else expected_revision
    if locked.revision != expected:
        raise stale(locked)
    return locked


def stale(current: Dossier) -> Conflict:
    return Conflict(
        _("Someone else changed this dossier a moment ago (it is now %(status)s). "
          "Reload it and try again.") % {"status": current.get_status_display()},
        code="stale_revision",
    )


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not do this with this dossier."))


def require_view(actor: Any, dossier: Dossier) -> None:
    require(permissions.can_view(actor, dossier))


def require_desk(actor: Any, dossier: Dossier) -> None:
    require(permissions.is_desk_officer_of(actor, dossier.agency_id),
            _("Only the one-stop desk of the receiving agency may do this."))


def require_handler(actor: Any, dossier: Dossier) -> None:
    require(permissions.is_handler(actor, dossier),
            _("Only the official handling this step may do this."))


def require_applicant(actor: Any, dossier: Dossier) -> None:
    require(permissions.is_applicant(actor, dossier),
            _("Only the applicant may do this."))


def clean_text(value: Any, field: str, *, required: bool, limit: int = 2000,
               single_line: bool = False, message: str | None = None) -> str:
    text = str(value or "").strip()
    if single_line:
        text = " ".join(text.split())
    if required and not text:
        raise ValidationError({field: message or _("This field is required.")})
    if len(text) > limit:
        raise ValidationError({field: _("At most %(n)s characters.") % {"n": limit}})
    return text


def add_event(dossier: Dossier, *, action: str, actor: Any, at: dt.datetime,
              from_status: str, **fields: Any) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier, action=action, at=at,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label(actor), from_status=from_status, to_status=dossier.status,
        from_unit_id=fields.pop("from_unit_id", actor_unit_id(actor)), **fields,
    )


def clear_step(dossier: Dossier) -> None:
    """The dossier waits at no step any more (result ready, withdrawn)."""
    dossier.step_role = ""
    dossier.unit = None
    dossier.assignee = None
    dossier.step_started_at = None
    dossier.step_due_date = None


def save(dossier: Dossier, *, action: str, actor: Any, before: dict[str, Any] | None,
         fields: Iterable[str] | None = None) -> Dossier:
    """Save the moved dossier with the next revision, then audit: the last step of a
    service, so the audit chain's lock is held as briefly as possible."""
    dossier.revision += 1
    if fields is None:
        dossier.save()
    else:
        dossier.save(update_fields=[*fields, "revision"])
    audit.record(f"dossiers.dossier.{action}", dossier, actor=actor, before=before,
                 after=snapshot(dossier))
    return dossier


def notify(dossier: Dossier, kind: str) -> None:
    """E-mail the applicant once the move commits (never for a rolled-back move). With the
    database task queue the task is written in the move's own transaction, which commits
    both at once (one commit fewer); other queues get it after the commit."""
    if not dossier.applicant_email or not getattr(settings, "EGOV_DOSSIER_MAIL", True):
        return
    dossier_id = dossier.pk
    if _queue_in_transaction():
        send_dossier_notice.enqueue(dossier_id, kind)
    else:
        transaction.on_commit(lambda: send_dossier_notice.enqueue(dossier_id, kind))


def _queue_in_transaction() -> bool:
    return (isinstance(send_dossier_notice.get_backend(), DatabaseBackend)
            and transaction.get_connection().in_atomic_block)
