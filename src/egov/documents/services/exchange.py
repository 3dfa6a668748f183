"""Exchange of documents between agencies (liên thông), QCVN 102:2016.

Sending. When a document is issued (``outgoing_issue``), each recipient with an
electronic address gets an ``Exchange``: an agency of this platform finds it at once in
its queue of documents to receive (status 01, received); an agency of another system
gets an edXML package over HTTP after the commit (``tasks.send_package``), through the
``ExchangePeer`` that reaches it. Secret documents are not exchanged electronically.

Receiving. ``package_receive`` checks a package from another system before anything is
stored: well-formed edXML, a known sender presenting the shared secret, a receiver that
is an agency here, every file present and matching its SHA-256, a signed PDF. Anything
else is refused with a status message (02, rejected, with the reason) and nothing is
kept. The receiver's clerk then accepts the document (it is registered with an arrival
number: 03) or rejects it with a reason (02). Assignment (04), handling (05) and the end
of handling (06) are reported as they happen. The sender sees every status: directly on
this platform, by status messages over HTTP from another system.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts.permissions import is_system_admin
from egov.core import audit
from egov.core.errors import Conflict
from egov.documents import edxml, tasks
from egov.documents.files import PDF, Upload, check, stored_files
from egov.documents.models import (
    DocumentType,
    Exchange,
    ExchangePeer,
    ExchangeStatus,
    IncomingDocument,
    OutgoingDocument,
    Urgency,
)
from egov.documents.permissions import is_clerk
from egov.documents.services._common import Errors, require, text
from egov.documents.services.incoming import IncomingData, incoming_receive
from egov.organizations.models import AGENCY_CODE_RE, Agency

logger = logging.getLogger(__name__)
Status = Exchange.Status
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# The order in which a receiver's statuses follow each other; a later message never
# takes a document back (a "received" arriving after "accepted" is only logged).
ORDER = [Status.PENDING, Status.FAILED, Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED,
         Status.IN_PROGRESS, Status.DONE]


def new_document_id() -> str:
    """A DocumentId of 15 characters, unique with overwhelming likelihood across systems."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(15))


def _now() -> Any:
    return timezone.now()


def _record(exchange: Exchange, status: str, *, description: str = "", staff: str = "",
            actor: Any = None, at: Any = None, outgoing_message: bool = False,
            ) -> ExchangeStatus:
    """Add a status message and move the exchange forward (never back, except to
    rejected). ``outgoing_message``: the message is ours to send to another system."""
    at = at or _now()
    row = ExchangeStatus.objects.create(
        exchange=exchange, status=status, description=description[:500], staff=staff[:200],
        at=at, actor=actor if getattr(actor, "pk", None) else None)
    current = exchange.status
    if status == Status.REJECTED or (current in ORDER and status in ORDER
                                     and ORDER.index(status) > ORDER.index(current)):
        exchange.status = status
        if status == Status.REJECTED:
            exchange.status_reason = description[:500]
    exchange.updated_at = at
    exchange.save(update_fields=["status", "status_reason", "updated_at"])
    if outgoing_message and exchange.direction == Exchange.Direction.IN:
        transaction.on_commit(lambda: tasks.send_status.enqueue(row.pk))
    return row


# --- Sending -------------------------------------------------------------------------------


def _document_files(document: OutgoingDocument) -> list[dict[str, str]]:
    main = {"name": f"{document.number_symbol.replace('/', '_')}.pdf",
            "path": document.issued_pdf.name, "content_type": PDF,
            "sha256": _sha256_of(document.issued_pdf.name)}
    return [main] + [
        {"name": a.name, "path": a.file.name, "content_type": a.content_type,
         "sha256": a.sha256} for a in document.attachments.all()]


def _sha256_of(path: str) -> str:
    with default_storage.open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def package_of(exchange: Exchange, document: OutgoingDocument) -> edxml.Package:
    signer = document.signer
    competence = f"{document.authority}." if document.authority else ""
    return edxml.Package(
        document_id=exchange.document_id,
        sender=edxml.Organ(document.agency.code, document.agency.name),
        receivers=(edxml.Organ(exchange.receiver_code, exchange.receiver_name),),
        # As printed: "01", not "1".
        code_number=document.number_symbol.split("/", 1)[0],
        code_notation=document.number_symbol.split("/", 1)[1],
        place=document.place, promulgation_date=document.issued_date,
        type_code=str(document.doc_type.ordinal), type_name=document.doc_type.name,
        subject=document.summary, signer_competence=competence,
        signer_position=document.signer_position, signer_name=signer.get_full_name(),
        priority=edxml.PRIORITIES[document.urgency], copies=document.copies,
        pages=1, sent_at=document.issued_at,
        files=tuple(edxml.FileRef(cid=str(i), name=f["name"], content_type=f["content_type"],
                                  sha256=f["sha256"])
                    for i, f in enumerate(exchange.files, start=1)),
    )


def peer_for(organ_id: str) -> ExchangePeer | None:
    for peer in ExchangePeer.objects.filter(active=True):
        if organ_id in (peer.organ_ids or []):
            return peer
    return None


def deliver(document: OutgoingDocument) -> list[Exchange]:
    """Inside the transaction that issues ``document``: an exchange for each recipient
    with an electronic address; packages to other systems go out after the commit."""
    if document.is_secret:
        return []
    files = None
    created = []
    now = _now()
    for recipient in document.recipients.select_related("agency"):
        agency = recipient.agency
        if agency is None and recipient.organ_id:
            agency = Agency.objects.filter(code=recipient.organ_id).order_by(
                "-valid_from").first()
        if agency is None and not recipient.organ_id:
            continue  # sent on paper
        files = files if files is not None else _document_files(document)
        local = agency is not None
        peer = None if local else peer_for(recipient.organ_id)
        exchange = Exchange.objects.create(
            direction=Exchange.Direction.LOCAL if local else Exchange.Direction.OUT,
            document_id=new_document_id(), outgoing=document, recipient=recipient,
            sender_code=document.agency.code, sender_name=document.agency.name,
            receiver_agency=agency, receiver_code=agency.code if local else
            recipient.organ_id, receiver_name=agency.name if local else recipient.name,
            peer=peer, files=files, status=Status.PENDING, created_at=now, updated_at=now,
            package="")
        exchange.package = edxml.build_package(package_of(exchange, document)).decode()
        exchange.save(update_fields=["package"])
        if local:
            _record(exchange, Status.RECEIVED, description=_("Delivered on the platform."),
                    at=now)
        elif peer is None:
            _record(exchange, Status.FAILED, description=_(
                "No exchange peer reaches the agency %(code)s.") % {"code": recipient.organ_id},
                at=now)
        else:
            transaction.on_commit(lambda pk=exchange.pk: tasks.send_package.enqueue(pk))
        created.append(exchange)
    if created:
        OutgoingDocument.objects.filter(pk=document.pk).update(sent_electronically=True)
    return created


def resend(*, actor: Any, exchange: Exchange) -> Exchange:
    """Send again a package that could not be delivered (the sender's clerk)."""
    require(exchange.outgoing is not None and is_clerk(actor, exchange.outgoing.agency_id))
    if exchange.direction != Exchange.Direction.OUT or exchange.status not in (
            Status.PENDING, Status.FAILED):
        raise Conflict(_("Only a package not yet delivered is sent again."),
                       code="not_resendable")
    with transaction.atomic():
        exchange.peer = peer_for(exchange.receiver_code)
        exchange.save(update_fields=["peer"])
        if exchange.peer is None:
            raise Conflict(_("No exchange peer reaches the agency %(code)s.")
                           % {"code": exchange.receiver_code}, code="no_peer")
        transaction.on_commit(lambda: tasks.send_package.enqueue(exchange.pk))
        audit.record("documents.exchange.resend", exchange, actor=actor)
    return exchange


# --- Receiving a package from another system -------------------------------------------


@dataclass
class Refusal(Exception):
    """A package or status message refused before anything was stored. ``http_status``
    is the answer's status; the message is the status message's description."""

    reason: str
    http_status: int = 400
    document_id: str = ""
    receiver: edxml.Organ | None = None


def _authenticate(organ_id: str, token: str) -> ExchangePeer:
    peer = peer_for(organ_id)
    if peer is None or not token or not hmac.compare_digest(peer.token.encode(),
                                                            token.encode()):
        raise Refusal(_("The sender %(code)s is not known here, or did not present the "
                        "shared secret.") % {"code": organ_id}, 403)
    return peer


def _signed(data: bytes) -> bool:
    from egov.signatures.verification import verify_pdf

    report = verify_pdf(data)
    return any(s.intact and not s.changed_after for s in report.signatures)


def package_receive(*, data: bytes, files: dict[str, bytes], token: str) -> list[Exchange]:
    """Take a package from another system into the queue of each receiving agency here.

    Raises ``Refusal`` (nothing stored) for anything not acceptable; a package received
    twice (same DocumentId from the same sender) is answered with what was received.
    """
    try:
        package = edxml.parse_package(data)
    except edxml.PackageError as exc:
        raise Refusal(_("The package is malformed: %(why)s.") % {"why": exc}) from None
    peer = _authenticate(package.sender.organ_id, token)
    known = {r.organ_id: Agency.objects.filter(code=r.organ_id).order_by("-valid_from")
             .first() for r in package.receivers}
    ours = [(r, known[r.organ_id]) for r in package.receivers if known[r.organ_id]]
    if not ours:
        raise Refusal(_("No receiving agency of this package is on this platform (%(codes)s).")
                      % {"codes": ", ".join(r.organ_id for r in package.receivers)}, 404,
                      package.document_id)
    existing = list(Exchange.objects.filter(document_id=package.document_id,
                                            sender_code=package.sender.organ_id))
    if existing:
        return existing
    if Exchange.objects.filter(document_id=package.document_id).exists():
        raise Refusal(_("Another package already uses the DocumentId %(id)s.")
                      % {"id": package.document_id}, 409, package.document_id)
    uploads = []
    for ref in package.files:
        content = files.get(ref.cid)
        if content is None:
            raise Refusal(_("The file %(name)s named in the manifest is missing.")
                          % {"name": ref.name}, document_id=package.document_id)
        if hashlib.sha256(content).hexdigest() != ref.sha256.lower():
            raise Refusal(_("The file %(name)s does not match its SHA-256: it was damaged "
                            "or replaced.") % {"name": ref.name},
                          document_id=package.document_id)
        upload = Upload(ref.name, content)
        reason = check(upload)
        if reason:
            raise Refusal(reason, document_id=package.document_id)
        uploads.append(upload)
    if set(files) - {ref.cid for ref in package.files}:
        raise Refusal(_("The package carries files its manifest does not name."),
                      document_id=package.document_id)
    if not uploads[0].data.startswith(b"%PDF-") or not _signed(uploads[0].data):
        raise Refusal(_("The document (the first file) is not a digitally signed PDF, or "
                        "its signature does not hold."), document_id=package.document_id)
    now = _now()
    created = []
    with stored_files() as store, transaction.atomic():
        stored = [store.store(u) for u in uploads]
        file_rows = [{"name": s.name, "path": s.path, "content_type": s.content_type,
                      "sha256": s.sha256} for s in stored]
        for index, (receiver, agency) in enumerate(ours):
            exchange = Exchange.objects.create(
                direction=Exchange.Direction.IN,
                document_id=package.document_id if index == 0 else new_document_id(),
                sender_code=package.sender.organ_id, sender_name=package.sender.name,
                receiver_agency=agency, receiver_code=receiver.organ_id,
                receiver_name=agency.name, peer=peer, package=data.decode("utf-8"),
                files=file_rows, status=Status.PENDING, created_at=now, updated_at=now)
            _record(exchange, Status.RECEIVED, description=_("Received by the platform."),
                    at=now)
            audit.record("documents.exchange.receive", exchange,
                         after={"document_id": exchange.document_id,
                                "sender": exchange.sender_code,
                                "receiver": exchange.receiver_code,
                                "files": [f["sha256"] for f in file_rows]})
            created.append(exchange)
    return created


# --- The receiver's clerk ----------------------------------------------------------------


def _type_of(package: edxml.Package) -> DocumentType | None:
    administrative = DocumentType.objects.filter(
        category=DocumentType.Category.ADMINISTRATIVE, active=True)
    by_name = administrative.filter(name=package.type_name).first()
    if by_name is not None:
        return by_name
    if package.type_code.isdigit():
        return administrative.filter(ordinal=int(package.type_code)).first()
    return None


def incoming_data(exchange: Exchange, doc_type: DocumentType | None = None) -> IncomingData:
    """What the package says, as the incoming register takes it."""
    package = edxml.parse_package(exchange.package.encode("utf-8"))
    issuer = Agency.objects.filter(code=package.sender.organ_id).order_by(
        "-valid_from").first()
    return IncomingData(
        number_symbol=package.number_symbol, document_date=package.promulgation_date,
        doc_type=doc_type or _type_of(package), summary=package.subject,
        issuer_agency=issuer, issuer_name=package.sender.name,
        urgency=edxml.URGENCIES.get(package.priority, Urgency.NORMAL),
        signer_name=package.signer_name, signer_position=package.signer_position,
        pages=package.pages)


def _queued(exchange: Exchange, actor: Any) -> Exchange:
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    require(exchange.receiver_agency_id is not None
            and is_clerk(actor, exchange.receiver_agency_id))
    if exchange.status != Status.RECEIVED:
        raise Conflict(_("This document is no longer waiting to be received (it is "
                         "%(status)s).") % {"status": exchange.get_status_display()},
                       code="not_waiting")
    return exchange


def exchange_accept(*, actor: Any, exchange: Exchange,
                    doc_type: DocumentType | None = None) -> IncomingDocument:
    """The receiving clerk registers the document: arrival number, register, files."""
    with transaction.atomic():
        exchange = _queued(exchange, actor)
        uploads = [Upload(f["name"], default_storage.open(f["path"], "rb").read())
                   for f in exchange.files]
        document = incoming_receive(agency=exchange.receiver_agency,
                                    data=incoming_data(exchange, doc_type), files=uploads,
                                    actor=actor)
        exchange.incoming = document
        exchange.save(update_fields=["incoming"])
        _record(exchange, Status.ACCEPTED, actor=actor, staff=actor.get_full_name(),
                description=_("Registered with arrival number %(number)s of %(date)s.") % {
                    "number": document.arrival_number,
                    "date": document.arrival_date.strftime("%d/%m/%Y")},
                outgoing_message=True)
        audit.record("documents.exchange.accept", exchange, actor=actor,
                     after={"incoming": document.pk})
    return document


def exchange_reject(*, actor: Any, exchange: Exchange, reason: str) -> Exchange:
    """The receiving clerk returns the document to its sender, with the reason (Decree
    30/2020, Art. 21: a document that fails the checks is returned)."""
    reason = text(reason)
    errors = Errors()
    if not reason:
        errors.add("reason", _("Say why the document is returned."))
    elif len(reason) > 500:
        errors.add("reason", _("The reason has at most 500 characters."))
    with transaction.atomic():
        exchange = _queued(exchange, actor)
        errors.raise_if_any()
        _record(exchange, Status.REJECTED, description=reason, actor=actor,
                staff=actor.get_full_name(), outgoing_message=True)
        audit.record("documents.exchange.reject", exchange, actor=actor,
                     after={"reason": reason})
    return exchange


def report_handling(document: IncomingDocument, status: str, *, actor: Any = None,
                    description: str = "") -> None:
    """Tell the sender how its document is being dealt with (called by the handling
    services inside their transactions); nothing for documents that came on paper."""
    exchange = Exchange.objects.filter(incoming=document).first()
    if exchange is None or exchange.status == status or (
            status in ORDER and exchange.status in ORDER
            and ORDER.index(status) <= ORDER.index(exchange.status)):
        return
    _record(exchange, status, actor=actor, description=description,
            staff=actor.get_full_name() if getattr(actor, "pk", None) else "",
            outgoing_message=True)


# --- Status messages from another system ----------------------------------------------


def status_receive(*, data: bytes, token: str) -> ExchangeStatus:
    """A status message about a package we sent. Refusal for one not understood, not
    authenticated, or about a package we did not send to that agency."""
    try:
        message = edxml.parse_status(data)
    except edxml.PackageError as exc:
        raise Refusal(_("The status message is malformed: %(why)s.") % {"why": exc}) from None
    _authenticate(message.sender.organ_id, token)
    with transaction.atomic():
        exchange = (Exchange.objects.select_for_update()
                    .filter(document_id=message.document_id, direction=Exchange.Direction.OUT,
                            receiver_code=message.sender.organ_id).first())
        if exchange is None:
            raise Refusal(_("No package %(id)s was sent to %(code)s.") % {
                "id": message.document_id, "code": message.sender.organ_id}, 404,
                message.document_id)
        return _record(exchange, message.status, description=message.description,
                       staff=message.staff, at=message.at)


def status_message_of(row: ExchangeStatus) -> edxml.StatusMessage:
    exchange = row.exchange
    return edxml.StatusMessage(
        document_id=exchange.document_id,
        sender=edxml.Organ(exchange.receiver_code, exchange.receiver_name),
        code=edxml.STATUS_CODES[row.status], description=row.description, at=row.at,
        staff=row.staff)


def refusal_message(refusal: Refusal, receiver: edxml.Organ) -> bytes:
    """The status message (02, rejected) answering a refused package."""
    return edxml.build_status(edxml.StatusMessage(
        document_id=refusal.document_id or "-", sender=receiver,
        code=edxml.STATUS_CODES["rejected"], description=refusal.reason, at=_now()))


# --- Peers -----------------------------------------------------------------------------


def peer_register(*, actor: Any, name: str, url: str, organ_ids: Iterable[str], token: str,
                  ) -> ExchangePeer:
    """Register another system and the agencies it reaches (system administrators)."""
    require(is_system_admin(actor) or actor is None)
    organ_ids = [text(o) for o in organ_ids]
    errors = Errors()
    if not text(name):
        errors.add("name", _("Name the other system."))
    if not text(url).startswith(("http://", "https://")):
        errors.add("url", _("The exchange address is an http(s) address."))
    if not organ_ids or any(not re.match(AGENCY_CODE_RE, o) for o in organ_ids):
        errors.add("organ_ids", _("List the agencies it reaches by their codes of QCVN "
                                  "102:2016 (e.g. 000.00.23.H59)."))
    if len(text(token)) < 16:
        errors.add("token", _("The shared secret has at least 16 characters."))
    errors.raise_if_any()
    with transaction.atomic():
        peer = ExchangePeer.objects.create(name=text(name), url=text(url).rstrip("/") + "/",
                                           organ_ids=organ_ids, token=text(token))
        audit.record("documents.exchange.peer", peer, actor=actor,
                     after={"name": peer.name, "url": peer.url, "organ_ids": organ_ids})
    return peer


def record_answer(exchange: Exchange, message: edxml.StatusMessage) -> ExchangeStatus:
    """The receiving system's answer to a package we sent (in its HTTP response)."""
    return _record(exchange, message.status, description=message.description,
                   staff=message.staff, at=message.at)
