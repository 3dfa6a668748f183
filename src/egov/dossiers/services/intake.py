"""Getting a dossier in: online drafts and submission, intake at the desk or by post,
attachments, and the desk's decision (accept, refuse, ask for a supplement)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts import identifiers
from egov.accounts.models import User
from egov.accounts.permissions import is_citizen_or_business
from egov.core import audit
from egov.core.calendar.selectors import add_working_days
from egov.core.errors import Conflict
from egov.core.numbering import daily_period, issued_cte, next_number
from egov.dossiers import permissions, workflow
from egov.dossiers.files import check_file
from egov.dossiers.models import (
    AttachmentKind,
    Channel,
    Delivery,
    Dossier,
    DossierAttachment,
    Status,
    SubmissionKey,
)
from egov.dossiers.services._common import (
    actor_unit_id,
    add_event,
    clean_text,
    local_date,
    lock,
    notify,
    require,
    require_applicant,
    require_desk,
    save,
    snapshot,
)
from egov.dossiers.steps import steps_of
from egov.procedures.forms import clean_answers
from egov.procedures.models import Procedure, ProcedureVersion
from egov.procedures.selectors import papers_of

MAX_ATTACHMENTS = 40
MAX_DRAFT_ANSWER = 5000


def supplement_limit() -> int:
    """How many times a dossier may be sent back for a supplement: once, listing
    everything missing (Decree 61/2018), unless the province configures otherwise."""
    return int(getattr(settings, "EGOV_DOSSIER_SUPPLEMENT_LIMIT", 1))


def code_key(agency_code: str) -> str:
    return f"dossiers.code:{agency_code}"


def _new_code(dossier: Dossier, actor: Any, on: dt.date) -> str:
    """``<agency code>-YYMMDD-NNNN``: NNNN restarts every day for each receiving agency.
    Taken late in the transaction: the day's sequence stays locked until commit."""
    period = daily_period(on)
    issued = next_number(code_key(dossier.agency.code), period, actor=actor,
                         purpose=_purpose(dossier))
    return f"{dossier.agency.code}-{period}-{issued.value:04d}"


def _purpose(dossier: Dossier) -> str:
    """What the register says a dossier's number was for."""
    return _("dossier of %(name)s") % {"name": dossier.applicant_name}


def _version_in_force(procedure: Procedure, on: dt.date, *, online: bool) -> ProcedureVersion:
    version = procedure.version_on(on)
    if version is None:
        raise Conflict(_("This procedure has no rules in force on %(date)s.")
                       % {"date": on.strftime("%d/%m/%Y")}, code="no_version")
    if online and not version.online_submission:
        raise Conflict(_("This procedure cannot be submitted online (service level %(level)s); "
                         "apply at the one-stop desk or by post.") % {"level": version.old_level},
                       code="not_online")
    return version


def _papers(version: ProcedureVersion, received: Iterable[int] = ()) -> list[dict[str, Any]]:
    ticked = set(received)
    return [{"position": p.position, "name": p.name, "originals": p.originals,
             "copies": p.copies, "required": p.required, "received": p.position in ticked}
            for p in papers_of(version)]


def _clean_papers_received(version: ProcedureVersion, received: Iterable[Any]) -> list[int]:
    positions = {p.position for p in papers_of(version)}
    try:
        ticked = sorted({int(p) for p in received})
    except (TypeError, ValueError):
        raise ValidationError({"papers": _("Papers are given by their number.")}) from None
    unknown = [p for p in ticked if p not in positions]
    if unknown:
        raise ValidationError({"papers": _("This procedure has no paper number %(n)s.")
                               % {"n": ", ".join(map(str, unknown))}})
    return ticked


def _clean_draft_answers(version: ProcedureVersion, answers: Any) -> dict[str, Any]:
    """A draft keeps what was typed, unvalidated but for its shape: the form's own
    fields, with short plain values. Submission validates it fully."""
    if answers is None:
        return {}
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("The answers must be an object of field values.")})
    names = {f["name"] for f in version.form}
    errors = {key: [_("This form has no such field.")] for key in answers if key not in names}
    for key, value in answers.items():
        if key in names and not (value is None or isinstance(value, (str, int, float, bool))):
            errors[key] = [_("Enter a plain value.")]
        elif key in names and len(str(value)) > MAX_DRAFT_ANSWER:
            errors[key] = [_("At most %(n)s characters.") % {"n": MAX_DRAFT_ANSWER}]
    if errors:
        raise ValidationError(errors)
    return {k: v for k, v in answers.items() if v is not None and v != ""}


def _clean_delivery(version: ProcedureVersion, delivery: str, address: str, *,
                    has_account: bool) -> tuple[str, str]:
    if delivery not in Delivery.values:
        raise ValidationError({"delivery": _("Choose how to receive the result: at the desk, "
                                             "by post or online.")})
    address = " ".join((address or "").split())[:255]
    if delivery == Delivery.POST:
        if not version.postal_return_allowed:
            raise ValidationError({"delivery": _("The result of this procedure cannot be "
                                                 "sent by post.")})
        if not address:
            raise ValidationError({"delivery_address": _("Enter the address to post the "
                                                         "result to.")})
    if delivery == Delivery.ONLINE:
        if version.old_level < ProcedureVersion.OldLevel.LEVEL_4:
            raise ValidationError({"delivery": _("Results of this procedure are not given "
                                                 "online (service level %(level)s).")
                                   % {"level": version.old_level}})
        if not has_account:
            raise ValidationError({"delivery": _("An online result needs the applicant's "
                                                 "account.")})
    return delivery, address if delivery == Delivery.POST else ""


def _applicant_of(user: User) -> dict[str, str]:
    return {
        "applicant_name": user.get_full_name()[:200],
        "applicant_id_number": user.citizen_id or user.tax_code or "",
        "applicant_phone": user.phone, "applicant_email": user.email,
        "applicant_address": user.address,
    }


def _clean_applicant(data: dict[str, Any]) -> dict[str, str]:
    """The applicant as the desk enters them: name, phone and address required; the
    citizen ID or tax code and e-mail checked when given."""
    errors: dict[str, str] = {}
    name = " ".join(str(data.get("name", "")).split())
    if not name:
        errors["applicant_name"] = _("Enter the applicant's name.")
    elif len(name) > 200:
        errors["applicant_name"] = _("At most %(n)s characters.") % {"n": 200}
    phone = identifiers.normalize_phone(str(data.get("phone", "")))
    if not phone:
        errors["applicant_phone"] = _("Enter a phone number.")
    else:
        try:
            identifiers.validate_phone(phone)
        except ValidationError as exc:
            errors["applicant_phone"] = exc.messages[0]
    id_number = str(data.get("id_number", "") or "").strip()
    if id_number:
        compact = identifiers.normalize_citizen_id(id_number)
        if len(compact) == 12 and compact.isdigit():
            try:
                identifiers.validate_citizen_id(compact)
                id_number = compact
            except ValidationError as exc:
                errors["applicant_id_number"] = exc.messages[0]
        else:
            id_number = identifiers.normalize_tax_code(id_number)
            try:
                identifiers.validate_tax_code(id_number)
            except ValidationError:
                errors["applicant_id_number"] = _("Enter a 12-digit citizen ID or a tax code.")
    email = str(data.get("email", "") or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["applicant_email"] = _("Enter a valid e-mail address.")
    address = " ".join(str(data.get("address", "")).split())
    if not address:
        errors["applicant_address"] = _("Enter the applicant's address.")
    if errors:
        raise ValidationError(errors)
    return {"applicant_name": name, "applicant_phone": phone, "applicant_id_number": id_number,
            "applicant_email": email, "applicant_address": address[:255]}


def _account_for(id_number: str) -> User | None:
    if not id_number:
        return None
    return (User.objects.exclude(kind=User.Kind.OFFICIAL)
            .filter(is_active=True).filter(citizen_id=id_number).first()
            or User.objects.exclude(kind=User.Kind.OFFICIAL)
            .filter(is_active=True, tax_code=id_number).first())


# --- Online: drafts and submission -------------------------------------------------------

def dossier_create_draft(
    *, actor: Any, procedure: Procedure, answers: dict[str, Any] | None = None,
    delivery: str = Delivery.DESK, delivery_address: str = "",
) -> Dossier:
    """A citizen or business starts an online application (bản nháp); nothing is sent
    to the agency until ``dossier_submit``."""
    require(is_citizen_or_business(actor),
            _("Only citizens and businesses apply online, with their own account."))
    now = timezone.now()
    version = _version_in_force(procedure, local_date(now), online=True)
    cleaned = _clean_draft_answers(version, answers)
    delivery, delivery_address = _clean_delivery(version, delivery, delivery_address,
                                                 has_account=True)
    with transaction.atomic():
        dossier = Dossier(
            procedure=procedure, version=version, level=version.old_level,
            agency=procedure.agency, channel=Channel.ONLINE, status=Status.DRAFT,
            applicant=actor, **_applicant_of(actor), answers=cleaned,
            papers=_papers(version), delivery=delivery, delivery_address=delivery_address,
            fee_amount=version.total_amount, created_at=now,
        )
        dossier.save()
        add_event(dossier, action="create", actor=actor, at=now, from_status="")
        audit.record("dossiers.dossier.create", dossier, actor=actor,
                     after=snapshot(dossier))
    return dossier


_UNSET: Any = object()


def dossier_update_draft(
    *, actor: Any, dossier: Dossier, answers: dict[str, Any] = _UNSET,
    delivery: str = _UNSET, delivery_address: str = _UNSET,
    expected_revision: int | None = None,
) -> Dossier:
    """Change a draft's answers or result delivery (only what is passed)."""
    require_applicant(actor, dossier)
    with transaction.atomic():
        dossier = lock(dossier, expected_revision)
        if dossier.status != Status.DRAFT:
            raise Conflict(_("Only a draft can be edited; this dossier was already "
                             "submitted."), code="not_draft")
        before = snapshot(dossier)
        if answers is not _UNSET:
            dossier.answers = _clean_draft_answers(dossier.version, answers)
        if delivery is not _UNSET or delivery_address is not _UNSET:
            dossier.delivery, dossier.delivery_address = _clean_delivery(
                dossier.version,
                dossier.delivery if delivery is _UNSET else delivery,
                dossier.delivery_address if delivery_address is _UNSET else delivery_address,
                has_account=True)
        return save(dossier, action="update_draft", actor=actor, before=before,
                    fields=["answers", "delivery", "delivery_address"])


def _submit(dossier: Dossier, actor: Any, now: dt.datetime) -> Dossier:
    """Validate and submit a locked draft: the version in force today, the full form,
    the code and the appointment the dossier would get if accepted today."""
    today = local_date(now)
    version = _version_in_force(dossier.procedure, today, online=True)
    try:
        answers = clean_answers(version.form, dossier.answers)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    _clean_delivery(version, dossier.delivery, dossier.delivery_address, has_account=True)
    before = snapshot(dossier)
    attached = set(dossier.attachments.exclude(paper_position=None)
                   .values_list("paper_position", flat=True))
    if version.pk != dossier.version_id:
        dossier.version, dossier.level = version, version.old_level
        dossier.papers = _papers(version, attached)
        dossier.fee_amount = version.total_amount
    else:
        dossier.papers = _papers(version, attached)
    dossier.answers = answers
    dossier.status = Status.SUBMITTED
    dossier.submitted_at = now
    dossier.due_date = add_working_days(today, version.time_limit_days)
    add_event(dossier, action="submit", actor=actor, at=now, from_status=Status.DRAFT)
    notify(dossier, "submitted")
    # The code last, as in ``dossier_apply``: the day's sequence is locked until commit.
    dossier.code = _new_code(dossier, actor, today)
    save(dossier, action="submit", actor=actor, before=before)
    return dossier


def dossier_submit(*, actor: Any, dossier: Dossier, expected_revision: int | None = None,
                   idempotency_key: str = "", fingerprint: str = "") -> Dossier:
    """Send a draft to the agency (nộp hồ sơ trực tuyến): it gets its code and the
    applicant a receipt by e-mail; the one-stop desk then checks it. With an
    ``idempotency_key``, a retry of the same request (``fingerprint``) gives the dossier
    the first one submitted instead of a conflict; the key with another request is a
    Conflict."""
    require_applicant(actor, dossier)
    key = _clean_key(idempotency_key)
    try:
        with transaction.atomic():
            locked = lock(dossier, expected_revision)
            workflow.check("submit", locked)
            now = timezone.now()
            if key:
                # Stored with the submission it answers: a retry waits for the first
                # one's lock, then finds the dossier moved on and is answered below.
                SubmissionKey.objects.create(user=actor, key=key, fingerprint=fingerprint,
                                             dossier=locked, created_at=now)
            return _submit(locked, actor, now)
    except (ValidationError, Conflict, IntegrityError):
        existing = _keyed(actor, key, fingerprint) if key else None
        if existing is None:
            raise
        return existing


def _clean_key(idempotency_key: str) -> str:
    key = (idempotency_key or "").strip()
    if len(key) > 100:
        raise ValidationError({"idempotency_key": _("At most %(n)s characters.") % {"n": 100}})
    return key


def request_fingerprint(data: Any) -> str:
    """What identifies a request body for ``Idempotency-Key``: its JSON, keys sorted."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                           default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _keyed(actor: Any, key: str, fingerprint: str) -> Dossier | None:
    previous = SubmissionKey.objects.select_related("dossier").filter(
        user_id=actor.pk, key=key).first()
    if previous is None:
        return None
    if previous.fingerprint != fingerprint:
        raise Conflict(_("This Idempotency-Key was already used for another request."),
                       code="idempotency_key_reused")
    return previous.dossier


def dossier_apply(
    *, actor: Any, procedure: Procedure, answers: dict[str, Any],
    delivery: str = Delivery.DESK, delivery_address: str = "",
    idempotency_key: str = "", fingerprint: str = "",
) -> tuple[Dossier, bool]:
    """Submit an online dossier in one go, without a draft (the API's submission): one
    insert, one event, one audit entry. With an ``idempotency_key``, a retry of the same
    request returns the dossier it created (and ``False``) instead of a second one; the
    same key with another request is a Conflict. Returns (dossier, created)."""
    require(is_citizen_or_business(actor),
            _("Only citizens and businesses apply online, with their own account."))
    key = _clean_key(idempotency_key)
    try:
        return _apply(actor, procedure, answers, delivery, delivery_address, key,
                      fingerprint), True
    except (ValidationError, Conflict, IntegrityError):
        # A key is used once, so the first submission is not looked for beforehand: a
        # retry finds it here, when its key cannot be stored again (or when what the
        # first request passed no longer does, e.g. the version it was judged by ended).
        existing = _keyed(actor, key, fingerprint) if key else None
        if existing is None:
            raise
        return existing, False


def _apply(actor: Any, procedure: Procedure, answers: Any, delivery: str,
           delivery_address: str, key: str, fingerprint: str) -> Dossier:
    now = timezone.now()
    today = local_date(now)
    version = _version_in_force(procedure, today, online=True)
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("The answers must be an object of field values.")})
    try:
        cleaned = clean_answers(version.form, answers)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    delivery, delivery_address = _clean_delivery(version, delivery, delivery_address,
                                                 has_account=True)
    dossier = Dossier(
        procedure=procedure, version=version, level=version.old_level, agency=procedure.agency,
        channel=Channel.ONLINE, status=Status.SUBMITTED, applicant=actor,
        **_applicant_of(actor), answers=cleaned, papers=_papers(version), delivery=delivery,
        delivery_address=delivery_address, fee_amount=version.total_amount, created_at=now,
        submitted_at=now, due_date=add_working_days(today, version.time_limit_days),
    )
    with transaction.atomic():
        # Written as a draft until it has its code (a dossier past draft has one), which
        # it takes last.
        dossier.status = Status.DRAFT
        dossier.save()
        dossier.status = Status.SUBMITTED
        if key:
            # A retry with the same key fails here (a concurrent one once the first
            # commits) and rolls back, before it takes a number.
            SubmissionKey.objects.create(user=actor, key=key, fingerprint=fingerprint,
                                         dossier=dossier, created_at=now)
        add_event(dossier, action="submit", actor=actor, at=now, from_status="")
        notify(dossier, "submitted")
        # The code last: the agency's sequence of the day stays locked from here to the
        # commit, and every other submission to the agency waits for it meanwhile.
        _take_code(dossier, actor, today)
        audit.record("dossiers.dossier.submit", dossier, actor=actor, after=snapshot(dossier))
    # Made just now without files: whoever shows it need not ask the database. Filled as
    # Django's prefetch fills it: even an empty queryset is compiled when it is read.
    attachments = DossierAttachment.objects.none()
    attachments._result_cache, attachments._prefetch_done = [], True
    dossier._prefetched_objects_cache = {"attachments": attachments}
    return dossier


def _take_code(dossier: Dossier, actor: Any, on: dt.date) -> None:
    """Give the saved ``dossier`` its code and store it with its status. On PostgreSQL
    the number is taken and the code stored in one statement: the day's sequence is
    locked from it to the commit, and every other submission to the agency waits."""
    period = daily_period(on)
    prefix = f"{dossier.agency.code}-{period}-"
    taking = issued_cte(code_key(dossier.agency.code), period, actor=actor,
                        purpose=_purpose(dossier))
    if taking is not None:
        cte, params = taking
        qn = connection.ops.quote_name
        table = qn(Dossier._meta.db_table)
        # NNNN as _new_code writes it: at least four digits.
        code = "%s || lpad(issued.value::text, greatest(4, length(issued.value::text)), '0')"
        with connection.cursor() as cursor:
            cursor.execute(f"WITH {cte} UPDATE {table} SET {qn('code')} = {code}, "
                           f"{qn('status')} = %s FROM issued WHERE {table}.{qn('id')} = %s "
                           f"RETURNING {table}.{qn('code')}",
                           [*params, prefix, dossier.status, dossier.pk])
            row = cursor.fetchone()
        if row is not None:
            dossier.code = row[0]
            return
        # The agency's first dossier of the day: its sequence is made by next_number.
    dossier.code = _new_code(dossier, actor, on)
    Dossier.objects.filter(pk=dossier.pk).update(code=dossier.code, status=dossier.status)


# --- Attachments ---------------------------------------------------------------------------

def _attach_allowed(actor: Any, dossier: Dossier) -> str:
    """The kind of attachment ``actor`` may add now; PermissionDenied or Conflict if none."""
    if permissions.is_applicant(actor, dossier):
        if dossier.status == Status.DRAFT:
            return AttachmentKind.APPLICATION
        if dossier.status == Status.AWAITING_SUPPLEMENT:
            return AttachmentKind.SUPPLEMENT
        raise Conflict(_("Files can be added to a draft, or when the agency asks for a "
                         "supplement."), code="attachments_closed")
    require_desk(actor, dossier)
    if dossier.status == Status.AWAITING_SUPPLEMENT:
        return AttachmentKind.SUPPLEMENT
    if dossier.status in (Status.SUBMITTED, Status.RECEIVED):
        return AttachmentKind.APPLICATION
    raise Conflict(_("Scans can be added while the dossier is at the desk."),
                   code="attachments_closed")


def dossier_attach(
    *, actor: Any, dossier: Dossier, name: str, content: IO[bytes],
    paper_position: int | None = None,
) -> DossierAttachment:
    """Add a file: the applicant to a draft or a supplement, the desk a scan of a paper
    received. The content decides the type (``files.check_file``)."""
    kind = _attach_allowed(actor, dossier)
    checked = check_file(name, content)
    if paper_position is not None:
        positions = {p["position"] for p in dossier.papers} or set(
            dossier.version.papers.values_list("position", flat=True))
        if paper_position not in positions:
            raise ValidationError({"paper_position": _("This procedure has no paper number "
                                                       "%(n)s.") % {"n": paper_position}})
    if dossier.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": _("A dossier holds at most %(n)s files.")
                               % {"n": MAX_ATTACHMENTS}})
    now = timezone.now()
    stored = default_storage.save(
        f"dossiers/{now:%Y/%m}/{uuid.uuid4().hex}{checked.extension}",
        ContentFile(checked.content),
    )
    try:
        with transaction.atomic():
            attachment = DossierAttachment.objects.create(
                dossier=dossier, kind=kind, paper_position=paper_position, name=checked.name,
                file=stored, content_type=checked.content_type, size=checked.size,
                sha256=checked.sha256, uploaded_by=actor, uploaded_at=now,
            )
            audit.record("dossiers.attachment.add", attachment, actor=actor,
                         after={"dossier": dossier.pk, "name": checked.name,
                                "sha256": checked.sha256, "size": checked.size,
                                "paper_position": paper_position, "kind": kind})
    except BaseException:
        default_storage.delete(stored)
        raise
    return attachment


def dossier_detach(*, actor: Any, attachment: DossierAttachment) -> None:
    """Remove a file from a draft (or from a supplement not yet sent)."""
    dossier = attachment.dossier
    require_applicant(actor, dossier)
    if dossier.status not in (Status.DRAFT, Status.AWAITING_SUPPLEMENT) or (
        dossier.status == Status.AWAITING_SUPPLEMENT
        and attachment.kind != AttachmentKind.SUPPLEMENT
    ):
        raise Conflict(_("Files already sent to the agency stay in the dossier."),
                       code="attachment_sent")
    name = attachment.file.name
    with transaction.atomic():
        before = {"dossier": dossier.pk, "name": attachment.name, "sha256": attachment.sha256}
        audit.record("dossiers.attachment.remove", attachment, actor=actor, before=before)
        attachment.delete()
        transaction.on_commit(lambda: default_storage.delete(name))


# --- At the desk -----------------------------------------------------------------------------

def dossier_intake(
    *, actor: Any, procedure: Procedure, channel: str, applicant: dict[str, Any],
    papers_received: Iterable[Any] = (), answers: dict[str, Any] | None = None,
    delivery: str = Delivery.DESK, delivery_address: str = "",
    applicant_user: User | None = None,
) -> Dossier:
    """The desk records a dossier brought in person or received by post (tiếp nhận hồ sơ
    giấy): the applicant (linked to their account when their ID matches one), the papers
    ticked as received and the form answers if typed. It gets its code now; the desk then
    accepts it, refuses it or asks for a supplement, usually at once."""
    if channel not in (Channel.DESK, Channel.POST):
        raise ValidationError({"channel": _("A dossier at the desk comes in person or by "
                                            "post.")})
    require(permissions.is_desk_officer_of(actor, procedure.agency_id),
            _("Only the one-stop desk of the receiving agency may do this."))
    now = timezone.now()
    today = local_date(now)
    version = _version_in_force(procedure, today, online=False)
    person = _clean_applicant(applicant)
    if applicant_user is not None and (applicant_user.is_official
                                       or not applicant_user.is_active):
        raise ValidationError({"applicant_user": _("Link the dossier to a citizen's or "
                                                   "business's account.")})
    account = applicant_user or _account_for(person["applicant_id_number"])
    ticked = _clean_papers_received(version, papers_received)
    cleaned: dict[str, Any] = {}
    if answers:
        try:
            cleaned = clean_answers(version.form, answers)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict) from None
    delivery, delivery_address = _clean_delivery(version, delivery, delivery_address,
                                                 has_account=account is not None)
    with transaction.atomic():
        dossier = Dossier(
            procedure=procedure, version=version, level=version.old_level,
            agency=procedure.agency, channel=channel, status=Status.SUBMITTED,
            applicant=account, **person, answers=cleaned, papers=_papers(version, ticked),
            delivery=delivery, delivery_address=delivery_address,
            fee_amount=version.total_amount, created_at=now, submitted_at=now,
            due_date=add_working_days(today, version.time_limit_days),
        )
        dossier.code = _new_code(dossier, actor, today)
        dossier.save()
        add_event(dossier, action="intake", actor=actor, at=now, from_status="",
                  data={"channel": channel})
        audit.record("dossiers.dossier.intake", dossier, actor=actor, after=snapshot(dossier))
    return dossier


def _missing_required(dossier: Dossier) -> list[str]:
    return [p["name"] for p in dossier.papers if p.get("required", True) and not p["received"]]


def dossier_accept(
    *, actor: Any, dossier: Dossier, papers_received: Iterable[Any] | None = None,
    note: str = "", expected_revision: int | None = None,
) -> Dossier:
    """Accept a complete dossier (tiếp nhận): the receipt and appointment slip is due to
    the applicant and the time limit starts today, in working days."""
    with transaction.atomic():
        dossier = lock(dossier, expected_revision)
        workflow.check("accept", dossier)
        require_desk(actor, dossier)
        note = clean_text(note, "note", required=False)
        before = snapshot(dossier)
        if papers_received is not None:
            ticked = _clean_papers_received(dossier.version, papers_received)
            dossier.papers = [{**p, "received": p["position"] in ticked} for p in dossier.papers]
        missing = _missing_required(dossier)
        if missing:
            raise ValidationError({"papers": _("Required papers are missing: %(names)s. Ask "
                                               "for a supplement instead.")
                                   % {"names": "; ".join(missing)}})
        now = timezone.now()
        today = local_date(now)
        limit = dossier.version.time_limit_days
        intake = steps_of(dossier.version)[0]
        dossier.status = Status.RECEIVED
        dossier.received_at = now
        dossier.received_by = actor
        dossier.due_date = add_working_days(today, limit)
        dossier.original_due_date = None
        dossier.step_index, dossier.step_role = intake.index, intake.role
        dossier.unit_id = actor_unit_id(actor)
        dossier.assignee = actor
        dossier.step_started_at = now
        dossier.step_due_date = intake.due_date(today)
        add_event(dossier, action="accept", actor=actor, at=now,
                  from_status=Status.SUBMITTED, to_user=actor, to_unit_id=dossier.unit_id,
                  to_role=intake.role, step_index=intake.index, step_name=intake.name,
                  step_due_date=dossier.step_due_date, note=note,
                  data={"due_date": dossier.due_date.isoformat(), "time_limit_days": limit})
        save(dossier, action="accept", actor=actor, before=before)
        notify(dossier, "received")
        return dossier


def dossier_refuse(*, actor: Any, dossier: Dossier, reason: str,
                   expected_revision: int | None = None) -> Dossier:
    """Refuse to accept the dossier (từ chối tiếp nhận), with the reason the refusal slip
    states: the procedure is not the agency's, the applicant may not apply, ..."""
    with transaction.atomic():
        dossier = lock(dossier, expected_revision)
        workflow.check("refuse", dossier)
        require_desk(actor, dossier)
        reason = clean_text(reason, "reason", required=True,
                            message=_("Give the reason for refusing the dossier."))
        before = snapshot(dossier)
        now = timezone.now()
        dossier.status = Status.REFUSED
        dossier.closing_reason = reason
        dossier.due_date = None
        add_event(dossier, action="refuse", actor=actor, at=now,
                  from_status=Status.SUBMITTED, note=reason)
        save(dossier, action="refuse", actor=actor, before=before)
        notify(dossier, "refused")
        return dossier


def _clean_missing(missing: Any) -> list[str]:
    items = [missing] if isinstance(missing, str) else list(missing or [])
    cleaned = [" ".join(str(item).split())[:500] for item in items]
    cleaned = [item for item in cleaned if item]
    if not cleaned:
        raise ValidationError({"missing": _("List every paper to add or correct.")})
    if len(cleaned) > 50:
        raise ValidationError({"missing": _("At most %(n)s items.") % {"n": 50}})
    return cleaned


def dossier_request_supplement(
    *, actor: Any, dossier: Dossier, missing: Any, note: str = "",
    expected_revision: int | None = None,
) -> Dossier:
    """Ask the applicant, once and listing everything, to add or correct papers (phiếu
    yêu cầu bổ sung, hoàn thiện hồ sơ). At intake the desk asks; during processing the
    official at the step asks through the desk. The clock stops until the supplement."""
    with transaction.atomic():
        dossier = lock(dossier, expected_revision)
        workflow.check("request_supplement", dossier)
        if dossier.status == Status.SUBMITTED:
            require_desk(actor, dossier)
        else:
            require(permissions.is_handler(actor, dossier)
                    or permissions.is_desk_officer_of(actor, dossier.agency_id),
                    _("Only the official handling this step, or the desk, may do this."))
        items = _clean_missing(missing)
        note = clean_text(note, "note", required=False)
        if dossier.supplement_requests >= supplement_limit():
            raise Conflict(_("A supplement was already requested for this dossier; the law "
                             "allows asking only once, listing everything."),
                           code="supplement_limit")
        before = snapshot(dossier)
        now = timezone.now()
        from_status = dossier.status
        dossier.paused_status = from_status
        dossier.status = Status.AWAITING_SUPPLEMENT
        dossier.supplement_requests += 1
        add_event(dossier, action="request_supplement", actor=actor, at=now,
                  from_status=from_status, step_index=dossier.step_index, note=note,
                  data={"missing": items})
        save(dossier, action="request_supplement", actor=actor, before=before)
        notify(dossier, "awaiting_supplement")
        return dossier


def dossier_supplement(
    *, actor: Any, dossier: Dossier, note: str = "",
    papers_received: Iterable[Any] | None = None, expected_revision: int | None = None,
) -> Dossier:
    """The supplement arrives: uploaded by the applicant, or brought to the desk (which
    ticks the papers). A dossier asked at intake goes back to the desk's check and is
    timed from its acceptance; one asked during processing resumes at its step with the
    full time limit counted again from today, when the dossier became complete."""
    with transaction.atomic():
        dossier = lock(dossier, expected_revision)
        workflow.check("supplement", dossier)
        require(permissions.is_applicant(actor, dossier)
                or permissions.is_desk_officer_of(actor, dossier.agency_id),
                _("Only the applicant or the one-stop desk may do this."))
        note = clean_text(note, "note", required=False)
        before = snapshot(dossier)
        if papers_received is not None:
            require_desk(actor, dossier)
            ticked = set(_clean_papers_received(dossier.version, papers_received))
            dossier.papers = [{**p, "received": p["received"] or p["position"] in ticked}
                              for p in dossier.papers]
        added = set(dossier.attachments.filter(kind=AttachmentKind.SUPPLEMENT)
                    .exclude(paper_position=None).values_list("paper_position", flat=True))
        dossier.papers = [{**p, "received": p["received"] or p["position"] in added}
                          for p in dossier.papers]
        now = timezone.now()
        today = local_date(now)
        dossier.status = dossier.paused_status or Status.SUBMITTED
        dossier.paused_status = ""
        fields: dict[str, Any] = {}
        if dossier.status == Status.PROCESSING:
            step = steps_of(dossier.version)[dossier.step_index]
            dossier.due_date = add_working_days(today, dossier.version.time_limit_days)
            dossier.original_due_date = None
            dossier.step_started_at = now
            dossier.step_due_date = step.due_date(today)
            fields = {"step_index": step.index, "step_name": step.name,
                      "step_due_date": dossier.step_due_date, "to_user": dossier.assignee,
                      "to_unit_id": dossier.unit_id, "to_role": dossier.step_role}
        add_event(dossier, action="supplement", actor=actor, at=now,
                  from_status=Status.AWAITING_SUPPLEMENT, note=note,
                  data={"due_date": dossier.due_date.isoformat() if dossier.due_date else None},
                  **fields)
        return save(dossier, action="supplement", actor=actor, before=before)

