"""Outgoing documents (văn bản đi), Decree 30/2020, Art. 10-18: draft, versions, review
and approval, signature, issue.

1. ``outgoing_create`` / ``outgoing_revise``: an official of the agency drafts; every
   change of the text is a new version (``DraftVersion``).
2. ``outgoing_submit`` / ``outgoing_review``: the drafter submits to a chain of
   reviewers (the head of the unit, then the director...); each approves or sends back
   with a reason; the last approval approves the draft.
3. ``outgoing_sign``: the competent official named as signer signs the approved text,
   laid out without number and date, with their own certificate (PAdES, through
   egov.signatures).
4. ``outgoing_issue``: the clerk issues it: the next number of the agency's outgoing
   register (secret documents: the secret register) and today's date are written into
   the signed PDF (form filling, which keeps the signature valid), the agency's seal
   signs it, the DOCX in the official layout is made with the same number, it is entered
   in the outgoing register, and it goes to its recipients (services.exchange).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.accounts.models import Role
from egov.accounts.permissions import has_role, official_of
from egov.core import audit, numbering
from egov.core.errors import Conflict
from egov.documents import rendering, search, selectors, stamping, symbols
from egov.documents.files import Upload, check, stored_files
from egov.documents.models import (
    Attachment,
    Confidentiality,
    Direction,
    DocumentType,
    DraftVersion,
    IncomingDocument,
    OutgoingDocument,
    Recipient,
    ReviewStep,
    Urgency,
)
from egov.documents.permissions import (
    can_draft,
    can_issue,
    can_view_incoming,
)
from egov.documents.services import exchange
from egov.documents.services._common import Errors, invalid, require, text
from egov.documents.services.registers import number_take, register_resolve
from egov.organizations.models import Agency, Unit
from egov.printing import vietnamese as vn
from egov.printing.pdf import signature_box
from egov.signatures.permissions import can_sign_with
from egov.signatures.services.certificates import open_certificate_key
from egov.signatures.services.signing import check_can_sign, sign_pdf

Status = OutgoingDocument.Status
MAX_RECIPIENTS = 100
MAX_BODY = 100_000
# The signer's title as printed when their account names no position: the document is
# Vietnamese whatever the reader's language.
DEFAULT_POSITION = "Giám đốc"
# The reasons written into the signatures (and shown in their visible blocks).
SIGNED_REASON = gettext_lazy("Signed for issue")
ISSUED_REASON = gettext_lazy("Issued as No. %(number)s of %(date)s")
GIVEN_BACK = gettext_lazy("The issue failed after the number was taken: %(why)s")


@dataclass(frozen=True)
class RecipientSpec:
    """A line of "Nơi nhận": the text printed ("Bộ TT&TT (b/c)") and, to deliver it
    electronically, the agency on the platform or another system's agency code."""

    name: str
    agency: Agency | None = None
    organ_id: str = ""


@dataclass(frozen=True)
class DraftData:
    """What a drafter writes. ``None`` in a revision keeps the current value."""

    doc_type: DocumentType | None = None
    summary: str | None = None
    body: str | None = None
    addressees: list[str] | None = None
    recipients: list[RecipientSpec] | None = None
    urgency: str | None = None
    confidentiality: str | None = None
    signer: Any = None
    authority: str | None = None
    authority_title: str | None = None
    copies: int | None = None
    place: str | None = None


def _snapshot(document: OutgoingDocument) -> dict[str, Any]:
    return audit.snapshot(document, [
        f.attname for f in OutgoingDocument._meta.concrete_fields
        if f.attname not in ("search_text", "body")])


def _clean_draft(errors: Errors, data: DraftData, agency: Agency) -> None:
    """Check the fields given (not None) of a draft."""
    if data.doc_type is not None and (
            data.doc_type.category != DocumentType.Category.ADMINISTRATIVE
            or not data.doc_type.active):
        errors.add("doc_type", _("An agency issues administrative documents: choose one of "
                                 "the types of Decree 30/2020."))
    if data.summary is not None:
        summary = text(data.summary)
        if not summary:
            errors.add("summary", _("Enter the summary (trích yếu) of the document."))
        elif len(summary) > 500:
            errors.add("summary", _("The summary has at most 500 characters."))
    if data.body is not None and len(data.body) > MAX_BODY:
        errors.add("body", _("The content has at most 100,000 characters."))
    if data.addressees is not None and (
            len(data.addressees) > 20 or any(not text(a) or len(text(a)) > 200
                                             for a in data.addressees)):
        errors.add("addressees", _("Up to 20 addressees, each named in at most 200 "
                                   "characters."))
    if data.recipients is not None:
        if len(data.recipients) > MAX_RECIPIENTS:
            errors.add("recipients", _("At most %(count)s recipients.")
                       % {"count": MAX_RECIPIENTS})
        for spec in data.recipients:
            if not text(spec.name) or len(text(spec.name)) > 200:
                errors.add("recipients", _("Each recipient is named in 1 to 200 characters."))
            if spec.agency is not None and spec.agency.pk == agency.pk:
                errors.add("recipients", _("The agency itself is not a recipient; its copy "
                                           "is the file copy (Lưu)."))
            if spec.organ_id and spec.agency is not None:
                errors.add("recipients", _("A recipient is an agency of the platform or "
                                           "another system's code, not both."))
    if data.urgency is not None and data.urgency not in Urgency.values:
        errors.add("urgency", _("Choose normal, urgent, very urgent or flash."))
    if data.confidentiality is not None and data.confidentiality not in (
            Confidentiality.values):
        errors.add("confidentiality", _("Choose a level of secrecy."))
    if data.signer is not None:
        official = official_of(data.signer)
        if official is None or official.agency_id != agency.pk or not has_role(
                data.signer, Role.DIRECTOR):
            errors.add("signer", _("The signer is a leader (director) of the agency."))
    if data.authority is not None and data.authority not in (
            OutgoingDocument.Authority.values):
        errors.add("authority", _("Choose TM., KT., TL., TUQ., Q. or none."))
    elif data.authority and not text(data.authority_title):
        errors.add("authority_title", _("Name the head signed for, e.g. Giám đốc for "
                                        "“KT. GIÁM ĐỐC”."))
    if data.copies is not None and (not isinstance(data.copies, int)
                                    or not 1 <= data.copies <= 999):
        errors.add("copies", _("The number of copies is from 1 to 999."))
    if data.place is not None and not 1 <= len(text(data.place)) <= 100:
        errors.add("place", _("Enter the place name of the date line (e.g. Trà Vinh)."))


def _check_files(errors: Errors, files: list[Upload]) -> None:
    for upload in files:
        reason = check(upload)
        if reason:
            errors.add("files", reason)


def _save_version(document: OutgoingDocument, actor: Any, note: str,
                  at: dt.datetime | None = None) -> DraftVersion:
    return DraftVersion.objects.create(
        document=document, number=document.version, summary=document.summary,
        body=document.body, addressees=document.addressees, note=text(note)[:500],
        created_by=actor, created_at=at or timezone.now())


def _set_recipients(document: OutgoingDocument, specs: list[RecipientSpec]) -> None:
    document.recipients.all().delete()
    Recipient.objects.bulk_create([
        Recipient(document=document, ordinal=i, name=text(spec.name), agency=spec.agency,
                  organ_id=text(spec.organ_id))
        for i, spec in enumerate(specs, start=1)])


def _store_attachments(document: OutgoingDocument, store: Any, files: list[Upload],
                       actor: Any) -> list[str]:
    stored = [store.store(upload) for upload in files]
    Attachment.objects.bulk_create([
        Attachment(outgoing=document, file=s.path, name=s.name, content_type=s.content_type,
                   size=s.size, sha256=s.sha256, text=s.text, uploaded_by=actor)
        for s in stored])
    return [s.sha256 for s in stored]


def _search_text(document: OutgoingDocument) -> str:
    files = document.attachments.values_list("text", flat=True)
    return search.search_text(document.summary, document.body,
                              " ".join(r.name for r in document.recipients.all()), *files,
                              number_symbol=document.number_symbol)


@dataclass(frozen=True)
class Prepared:
    """A draft the platform laid out itself (a report with tables and charts): the PDF
    the signer signs and the DOCX issued, both with the number and date left blank."""

    pdf: bytes
    docx: bytes


def outgoing_create(
    *, actor: Any, data: DraftData, drafting_unit: Unit | None = None,
    in_reply_to: IncomingDocument | None = None, files: Iterable[Upload] = (),
    prepared: Prepared | None = None, at: dt.datetime | None = None,
) -> OutgoingDocument:
    """Start a draft (version 1) in the actor's agency, drafted by their unit unless
    another is named. With ``prepared``, its text is those files (``body`` is then what
    search reads). ``at`` dates a draft recorded after the fact (now by default)."""
    official = official_of(actor)
    require(official is not None and can_draft(actor, official.agency_id))
    agency = official.agency
    files = list(files)
    unit = drafting_unit or official.unit
    errors = Errors()
    for name in ("doc_type", "summary", "signer"):
        if getattr(data, name) in (None, ""):
            errors.add(name, {"doc_type": _("Choose the type of the document."),
                              "summary": _("Enter the summary (trích yếu) of the document."),
                              "signer": _("Name who signs the document.")}[name])
    if unit is None or unit.agency_id != agency.pk:
        errors.add("drafting_unit", _("Choose the drafting unit of the agency (its short "
                                      "name stands in the symbol)."))
    if in_reply_to is not None and (in_reply_to.agency_id != agency.pk
                                    or not can_view_incoming(actor, in_reply_to)):
        errors.add("in_reply_to", _("The document replied to is an incoming document of the "
                                    "agency that you can see."))
    _clean_draft(errors, data, agency)
    _check_files(errors, files)
    _check_prepared(errors, prepared)
    errors.raise_if_any()
    written = _write_prepared(prepared)
    try:
        return _create(actor=actor, data=data, agency=agency, unit=unit,
                       in_reply_to=in_reply_to, files=files, written=written,
                       at=at or timezone.now())
    except BaseException:
        _forget_unused(written)
        raise


def _check_prepared(errors: Errors, prepared: Prepared | None) -> None:
    if prepared is not None and not (prepared.pdf.startswith(b"%PDF")
                                     and prepared.docx.startswith(b"PK")):
        errors.add("prepared", _("A prepared draft is a PDF and a DOCX."))


def _write_prepared(prepared: Prepared | None) -> list[str]:
    """The stored paths of a prepared draft's PDF and DOCX (none without one)."""
    if prepared is None:
        return []
    return [_write("prepared", "draft.pdf", prepared.pdf),
            _write("prepared", "draft.docx", prepared.docx)]


def _forget_unused(paths: list[str]) -> None:
    """Delete the prepared files written for a change that did not happen, unless a
    draft uses them (the same content is stored once)."""
    for path in paths:
        if not OutgoingDocument.objects.filter(Q(prepared_pdf=path)
                                               | Q(prepared_docx=path)).exists():
            default_storage.delete(path)


def _create(*, actor: Any, data: DraftData, agency: Agency, unit: Unit,
            in_reply_to: IncomingDocument | None, files: list[Upload],
            written: list[str], at: dt.datetime) -> OutgoingDocument:
    with stored_files() as store, transaction.atomic():
        document = OutgoingDocument.objects.create(
            agency=agency, drafting_unit=unit, doc_type=data.doc_type,
            summary=text(data.summary), body=(data.body or "").strip(),
            addressees=[text(a) for a in data.addressees or []],
            place=text(data.place) or rendering.place_of(agency),
            urgency=data.urgency or Urgency.NORMAL,
            confidentiality=data.confidentiality or Confidentiality.NORMAL,
            signer=data.signer, signer_position=data.signer.official.position or DEFAULT_POSITION,
            authority=data.authority or "", authority_title=text(data.authority_title),
            copies=data.copies or 1, in_reply_to=in_reply_to, created_by=actor,
            created_at=at,
            prepared_pdf=written[0] if written else "",
            prepared_docx=written[1] if written else "",
        )
        _set_recipients(document, data.recipients or [])
        hashes = _store_attachments(document, store, files, actor)
        _save_version(document, actor, "", at)
        document.search_text = _search_text(document)
        document.save(update_fields=["search_text"])
        audit.record("documents.outgoing.create", document, actor=actor,
                     after={**_snapshot(document), "files": hashes})
    return document


def _locked(document: OutgoingDocument) -> OutgoingDocument:
    return OutgoingDocument.objects.select_for_update(of=("self",)).select_related(
        "agency", "doc_type", "drafting_unit", "signer").get(pk=document.pk)


def outgoing_revise(*, actor: Any, document: OutgoingDocument, data: DraftData,
                    note: str = "", files: Iterable[Upload] = (),
                    prepared: Prepared | None = None) -> OutgoingDocument:
    """A new version of a draft, by its drafter, while it is a draft (new or sent back).
    A draft the platform laid out takes its new layout as ``prepared`` (a report written
    again after the reviewer's remarks)."""
    require(actor is not None and document.created_by_id == getattr(actor, "pk", None))
    files = list(files)
    errors = Errors()
    _clean_draft(errors, data, document.agency)
    _check_files(errors, files)
    _check_prepared(errors, prepared)
    if prepared is not None and not document.prepared_pdf:
        errors.add("prepared", _("Only a draft laid out by the platform takes a new "
                                 "layout; write this one's text instead."))
    if len(text(note)) > 500:
        errors.add("note", _("Say what changed in at most 500 characters."))
    errors.raise_if_any()
    written = _write_prepared(prepared)
    try:
        return _revise(actor=actor, document=document, data=data, note=note, files=files,
                       written=written)
    except BaseException:
        _forget_unused(written)
        raise


def _revise(*, actor: Any, document: OutgoingDocument, data: DraftData, note: str,
            files: list[Upload], written: list[str]) -> OutgoingDocument:
    with stored_files() as store, transaction.atomic():
        document = _locked(document)
        if document.status != Status.DRAFT:
            raise Conflict(_("Only a draft can be changed; this one is %(status)s.")
                           % {"status": document.get_status_display()}, code="not_a_draft")
        before = _snapshot(document)
        for name in ("doc_type", "urgency", "confidentiality", "authority"):
            if getattr(data, name) is not None:
                setattr(document, name, getattr(data, name))
        for name in ("summary", "authority_title", "place"):
            if getattr(data, name) is not None:
                setattr(document, name, text(getattr(data, name)))
        if data.body is not None:
            document.body = data.body.strip()
        if data.addressees is not None:
            document.addressees = [text(a) for a in data.addressees]
        if data.signer is not None:
            document.signer = data.signer
            document.signer_position = data.signer.official.position or DEFAULT_POSITION
        if data.copies is not None:
            document.copies = data.copies
        if written:
            document.prepared_pdf, document.prepared_docx = written
        document.version += 1
        document.save()
        if data.recipients is not None:
            _set_recipients(document, data.recipients)
        hashes = _store_attachments(document, store, files, actor)
        _save_version(document, actor, note)
        document.search_text = _search_text(document)
        document.save(update_fields=["search_text"])
        audit.record("documents.outgoing.revise", document, actor=actor, before=before,
                     after={**_snapshot(document), "files": hashes})
    return document


def outgoing_submit(*, actor: Any, document: OutgoingDocument,
                    reviewers: Iterable[Any]) -> list[ReviewStep]:
    """Submit the draft to reviewers in order; the last one approves it (trình ký)."""
    require(actor is not None and document.created_by_id == getattr(actor, "pk", None))
    reviewers = list(reviewers)
    errors = Errors()
    if not reviewers:
        errors.add("reviewers", _("Name at least one reviewer; the last one approves."))
    seen: set[int] = set()
    for person in reviewers:
        official = official_of(person)
        if official is None or official.agency_id != document.agency_id:
            errors.add("reviewers", _("%(person)s is not an official of this agency.")
                       % {"person": person})
        elif person.pk == actor.pk:
            errors.add("reviewers", _("A drafter does not review their own draft."))
        elif person.pk in seen:
            errors.add("reviewers", _("%(person)s is named twice.") % {"person": person})
        seen.add(getattr(person, "pk", None))
    if len(reviewers) > 10:
        errors.add("reviewers", _("At most 10 reviewers."))
    errors.raise_if_any()
    with transaction.atomic():
        document = _locked(document)
        if document.status != Status.DRAFT:
            raise Conflict(_("Only a draft can be submitted; this one is %(status)s.")
                           % {"status": document.get_status_display()}, code="not_a_draft")
        before = _snapshot(document)
        last = document.review_steps.order_by("-round").values_list("round", flat=True).first()
        round_ = (last or 0) + 1
        steps = ReviewStep.objects.bulk_create([
            ReviewStep(document=document, round=round_, order=i, reviewer=person,
                       version=document.version)
            for i, person in enumerate(reviewers, start=1)])
        document.status = Status.IN_REVIEW
        document.save(update_fields=["status"])
        audit.record("documents.outgoing.submit", document, actor=actor, before=before,
                     after={**_snapshot(document), "round": round_,
                            "reviewers": [p.pk for p in reviewers]})
    return steps


def outgoing_review(*, actor: Any, document: OutgoingDocument, approve: bool,
                    comment: str = "", at: dt.datetime | None = None) -> ReviewStep:
    """The current reviewer approves (the draft goes on to the next, or is approved after
    the last) or sends it back to the drafter with a reason; ``at`` dates a decision
    recorded after the fact (now by default)."""
    comment = text(comment)
    with transaction.atomic():
        document = _locked(document)
        step = selectors.current_review_step(document)
        if step is None:
            raise Conflict(_("This draft is not waiting for a review."), code="not_in_review")
        require(actor is not None and step.reviewer_id == actor.pk)
        if not approve and not comment:
            invalid({"comment": _("Say why the draft is sent back.")})
        if len(comment) > 5000:
            invalid({"comment": _("A comment has at most 5,000 characters.")})
        before = _snapshot(document)
        step.decision = (ReviewStep.Decision.APPROVED if approve
                         else ReviewStep.Decision.RETURNED)
        step.comment = comment
        step.decided_at = at or timezone.now()
        step.save(update_fields=["decision", "comment", "decided_at"])
        if not approve:
            document.status = Status.DRAFT
        elif not document.review_steps.filter(round=step.round,
                                              decision=ReviewStep.Decision.PENDING).exists():
            document.status = Status.APPROVED
        document.save(update_fields=["status"])
        audit.record("documents.outgoing.review", document, actor=actor, before=before,
                     after={**_snapshot(document), "step": step.pk,
                            "decision": step.decision, "comment": comment})
    return step


def in_platform_language(message: Any) -> str:
    """A text that goes into the signed PDF: in the platform's language (Vietnamese),
    whatever language the person acting reads the pages in."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


def _write(path_prefix: str, name: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()
    path = f"documents/{path_prefix}/{digest[:2]}/{digest}/{name}"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(content))
    return path


def outgoing_sign(*, actor: Any, document: OutgoingDocument, certificate: Any,
                  passphrase: str | None = None, at: dt.datetime | None = None,
                  ) -> OutgoingDocument:
    """The named signer signs the approved text with their certificate. ``at`` replays
    history (the demo's 2017 documents) as egov.signatures allows."""
    document = OutgoingDocument.objects.select_related(
        "agency__parent", "agency__division", "doc_type", "drafting_unit", "signer").get(
        pk=document.pk)
    require(actor is not None and document.signer_id == actor.pk)
    if document.status != Status.APPROVED:
        raise Conflict(_("Only an approved draft is signed; this one is %(status)s.")
                       % {"status": document.get_status_display()}, code="not_approved")
    pdf = rendering.draft_pdf(document)
    box = signature_box(pdf)
    prepared = stamping.prepare(pdf, signature_box=(box.page, box.box))
    signed = sign_pdf(actor=actor, pdf_bytes=prepared, certificate=certificate,
                      passphrase=passphrase, reason=in_platform_language(SIGNED_REASON),
                      location=document.place, field_name=stamping.SIGNER_FIELD, at=at)
    path = _write("signed", f"{document.pk}.pdf", signed)
    try:
        with transaction.atomic():
            locked = _locked(document)
            if locked.status != Status.APPROVED or locked.version != document.version:
                raise Conflict(_("The draft changed while it was being signed; sign it "
                                 "again."), code="changed_while_signing")
            before = _snapshot(locked)
            locked.status = Status.SIGNED
            locked.signed_pdf = path
            locked.signed_at = at or timezone.now()
            locked.save(update_fields=["status", "signed_pdf", "signed_at"])
            audit.record("documents.outgoing.sign", locked, actor=actor, before=before,
                         after={**_snapshot(locked),
                                "sha256": hashlib.sha256(signed).hexdigest()})
    except BaseException:
        if not OutgoingDocument.objects.filter(signed_pdf=path).exists():
            default_storage.delete(path)
        raise
    return locked


def number_reserve(*, actor: Any, document: OutgoingDocument, on: dt.date,
                   ) -> OutgoingDocument:
    """Give a signed document the next number of its register for ``on`` (first step of
    the issue). A short transaction: the register's sequence is locked from the number to
    the commit, so clerks issuing at the same second queue for milliseconds, not for the
    signing of each other's PDFs. A document that has its number already (an issue that
    failed after this step and is tried again) keeps it."""
    with transaction.atomic():
        document = _locked(document)
        if document.status != Status.SIGNED:
            raise Conflict(_("Only a signed document is issued; this one is %(status)s.")
                           % {"status": document.get_status_display()}, code="not_signed")
        if document.issued_number_id is not None:
            return document
        register = register_resolve(agency=document.agency, direction=Direction.OUTGOING,
                                    doc_type=document.doc_type,
                                    confidentiality=document.confidentiality)
        issued = number_take(register=register, on=on, actor=actor, purpose=document.summary)
        built = symbols.build(
            issued.value, issuer=document.agency.short_name,
            type_code=document.doc_type.code, unit=document.drafting_unit.short_name,
            year=on.year if register.legal else None)
        document.register, document.issued_number = register, issued
        document.number, document.number_symbol, document.issued_date = (
            issued.value, built.text, on)
        document.save(update_fields=["register", "issued_number", "number", "number_symbol",
                                     "issued_date"])
    return document


def _give_back(document: OutgoingDocument, actor: Any, reason: str) -> None:
    """An issue that failed after its number was taken: the number is voided with the
    reason (the register explains the gap) and the document is signed, not numbered."""
    with transaction.atomic():
        document = _locked(document)
        if document.status != Status.SIGNED or document.issued_number_id is None:
            return
        numbering.void_number(document.issued_number, actor=actor, reason=reason)
        document.register, document.issued_number = None, None
        document.number, document.number_symbol, document.issued_date = None, "", None
        document.save(update_fields=["register", "issued_number", "number", "number_symbol",
                                     "issued_date"])


def outgoing_issue(*, actor: Any, document: OutgoingDocument, seal: Any,
                   passphrase: str | None = None, at: dt.datetime | None = None,
                   ) -> OutgoingDocument:
    """Issue a signed document (ban hành): number, date, the agency's seal, the DOCX, the
    outgoing register, and delivery to the recipients.

    The seal is checked first (a wrong passphrase costs no number); then the number is
    taken (``number_reserve``); then the PDF is numbered and sealed and everything saved
    in one transaction. If that fails, the number is voided with the reason, so the
    register has no gap it cannot explain, and the document can be issued again. ``at``
    replays history (the demo).
    """
    require(can_issue(actor, document.agency_id))
    when = at or timezone.now()
    today = timezone.localtime(when).date()
    require(can_sign_with(actor, seal))
    check_can_sign(seal, when, replay=at is not None)
    open_certificate_key(seal, passphrase)
    document = number_reserve(actor=actor, document=document, on=today)
    try:
        with stored_files() as store, transaction.atomic():
            document = _locked(document)
            if document.status != Status.SIGNED:
                raise Conflict(_("Only a signed document is issued; this one is %(status)s.")
                               % {"status": document.get_status_display()},
                               code="not_signed")
            before = _snapshot(document)
            day = document.issued_date
            signed = default_storage.open(document.signed_pdf.name, "rb").read()
            numbered = stamping.fill_number(
                signed, number=symbols.number_text(document.number),
                day=vn.day_text(day.day), month=vn.month_text(day.month), year=str(day.year))
            sealed = sign_pdf(actor=actor, pdf_bytes=numbered, certificate=seal,
                              passphrase=passphrase,
                              reason=in_platform_language(ISSUED_REASON) % {
                                  "number": document.number_symbol,
                                  "date": day.strftime("%d/%m/%Y")},
                              location=document.place, field_name=stamping.SEAL_FIELD, at=at)
            docx = rendering.issued_docx(document, number=document.number, date=day)
            name = document.number_symbol.replace("/", "_")
            pdf_stored = store.store(Upload(f"{name}.pdf", sealed))
            docx_stored = store.store(Upload(f"{name}.docx", docx))
            document.issued_at = when
            document.issued_by = actor
            document.issued_pdf = pdf_stored.path
            document.issued_docx = docx_stored.path
            document.status = Status.ISSUED
            document.search_text = _search_text(document)
            document.save()
            exchange.deliver(document)
            audit.record("documents.outgoing.issue", document, actor=actor, before=before,
                         after={**_snapshot(document), "pdf_sha256": pdf_stored.sha256})
    except Exception as exc:
        _give_back(document, actor, in_platform_language(GIVEN_BACK) % {
            "why": str(getattr(exc, "message", "") or exc)[:200] or type(exc).__name__})
        raise
    return document
