"""Registering incoming documents (đăng ký văn bản đến), Decree 30/2020, Art. 20-22.

The clerk enters what the document says (issuer, number and symbol, date, type,
summary, urgency, secrecy, signer, pages) and its files; the service gives it the next
arrival number of the agency's incoming register for the year (secret documents in the
secret register) and refuses the same document a second time. Documents that arrive by
exchange go through the same checks (``incoming_receive``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts.permissions import official_of
from egov.core import audit
from egov.core.errors import Conflict
from egov.core.text import fold
from egov.documents import search, selectors, symbols
from egov.documents.files import Stored, Upload, check, stored_files
from egov.documents.models import (
    Attachment,
    Channel,
    Confidentiality,
    Direction,
    DocumentType,
    IncomingDocument,
    Urgency,
)
from egov.documents.permissions import can_register_incoming, is_clerk
from egov.documents.services._common import Errors, require, text
from egov.documents.services.registers import number_take, register_resolve
from egov.organizations.models import Agency

MAX_FILES = 20
_FORMS = {
    symbols.Form.ADMINISTRATIVE: {DocumentType.Category.ADMINISTRATIVE,
                                  DocumentType.Category.COPY},
    symbols.Form.LEGAL: {DocumentType.Category.LEGAL},
    symbols.Form.PARTY: {DocumentType.Category.PARTY},
}


def _check_number_symbol(
    errors: Errors, raw: str, doc_type: DocumentType | None, issuer_agency: Agency | None,
    codes: set[str] | None = None,
) -> symbols.NumberSymbol | None:
    parsed = errors.check("number_symbol", lambda value: symbols.parse(
        value, type_codes=codes if codes is not None else selectors.type_codes(),
        issuer_hint=issuer_agency.short_name if issuer_agency else ""), raw)
    if parsed is None or doc_type is None:
        return parsed
    if doc_type.category not in _FORMS[parsed.form]:
        errors.add("number_symbol", {
            symbols.Form.LEGAL: _("This is the number of a legal normative document (with "
                                  "the year): choose a legal normative type."),
            symbols.Form.PARTY: _("This is the number of a Party document (24-CT/TU): "
                                  "choose a Party type."),
            symbols.Form.ADMINISTRATIVE: _("A document of this type has the year in its "
                                           "number (49/2017/NĐ-CP) or is a Party document "
                                           "(24-CT/TU)."),
        }[parsed.form])
        return None
    codes = {doc_type.code, *doc_type.aliases} - {""}
    if parsed.type_code and parsed.type_code not in codes:
        errors.add("number_symbol", _(
            "The symbol names the type %(code)s, but the type chosen is %(type)s."
        ) % {"code": parsed.type_code, "type": doc_type.name})
        return None
    if not parsed.type_code and codes and parsed.form is not symbols.Form.LEGAL:
        errors.add("number_symbol", _(
            "A %(type)s carries %(code)s in its symbol (for example 05/%(code)s-UBND); this "
            "symbol has no type."
        ) % {"type": doc_type.name, "code": doc_type.code})
        return None
    if issuer_agency is not None and parsed.issuer != issuer_agency.short_name:
        errors.add("number_symbol", _(
            "The symbol names %(issuer)s as the issuing body, but the document is from "
            "%(agency)s (%(short)s)."
        ) % {"issuer": parsed.issuer, "agency": issuer_agency.name,
             "short": issuer_agency.short_name})
        return None
    return parsed


@dataclass(frozen=True)
class IncomingData:
    """What a clerk enters about a document received (the columns of Appendix IV and the
    metadata of Appendix VI)."""

    number_symbol: str
    document_date: dt.date | None
    doc_type: DocumentType | None
    summary: str
    issuer_agency: Agency | None = None
    issuer_name: str = ""
    urgency: str = Urgency.NORMAL
    confidentiality: str = Confidentiality.NORMAL
    signer_name: str = ""
    signer_position: str = ""
    pages: int | None = 1
    arrival_date: dt.date | None = None
    notes: str = ""


def _validate(data: IncomingData, channel: str, files: list[Upload], today: dt.date, *,
              codes: set[str] | None = None, files_required: bool = True,
              ) -> tuple[Errors, symbols.NumberSymbol | None, str]:
    errors = Errors()
    issuer_name = text(data.issuer_name) or (data.issuer_agency.name if data.issuer_agency
                                             else "")
    if not issuer_name:
        errors.add("issuer_name", _("Name the body that issued the document."))
    elif len(issuer_name) > 200:
        errors.add("issuer_name", _("The issuing body has at most 200 characters."))
    if data.doc_type is None:
        errors.add("doc_type", _("Choose the type of the document."))
    elif not data.doc_type.active:
        errors.add("doc_type", _("This document type is no longer in use."))
    parsed = _check_number_symbol(errors, data.number_symbol, data.doc_type,
                                  data.issuer_agency, codes)
    arrival = data.arrival_date or today
    if not isinstance(arrival, dt.date) or arrival > today:
        errors.add("arrival_date", _("The arrival date cannot be in the future."))
    if not isinstance(data.document_date, dt.date):
        errors.add("document_date", _("Enter the date of the document."))
    elif data.document_date > today:
        errors.add("document_date", _("The date of the document cannot be in the future."))
    elif isinstance(arrival, dt.date) and data.document_date > arrival:
        errors.add("document_date", _("The document cannot be dated after it arrived."))
    summary = text(data.summary)
    if not summary:
        errors.add("summary", _("Enter the summary (trích yếu) of the document."))
    elif len(summary) > 500:
        errors.add("summary", _("The summary has at most 500 characters."))
    if data.urgency not in Urgency.values:
        errors.add("urgency", _("Choose normal, urgent, very urgent or flash."))
    if data.confidentiality not in Confidentiality.values:
        errors.add("confidentiality", _("Choose a level of secrecy."))
    if channel not in Channel.values:
        errors.add("channel", _("Say whether the document came on paper, electronically or "
                                "by exchange."))
    if len(text(data.signer_name)) > 50:
        errors.add("signer_name", _("The signer's name has at most 50 characters."))
    if len(text(data.signer_position)) > 100:
        errors.add("signer_position", _("The signer's position has at most 100 characters."))
    if not isinstance(data.pages, int) or not 1 <= data.pages <= 999:
        errors.add("pages", _("The number of pages is from 1 to 999."))
    if len(text(data.notes)) > 500:
        errors.add("notes", _("The notes have at most 500 characters."))
    if files_required and channel in (Channel.ELECTRONIC, Channel.EXCHANGE) and not files:
        errors.add("files", _("An electronic document is registered with its file."))
    if len(files) > MAX_FILES:
        errors.add("files", _("At most %(count)s files per document.") % {"count": MAX_FILES})
    for upload in files:
        reason = check(upload)
        if reason:
            errors.add("files", reason)
    return errors, parsed, issuer_name


def _refuse_duplicate(agency: Agency, issuer_key: str, number_symbol: str,
                      document_date: dt.date) -> None:
    existing = IncomingDocument.objects.filter(
        agency=agency, issuer_key=issuer_key, number_symbol=number_symbol,
        document_date=document_date,
    ).first()
    if existing is not None:
        raise Conflict(_(
            "This document is already registered: arrival number %(number)s of %(date)s."
        ) % {"number": existing.arrival_number,
             "date": existing.arrival_date.strftime("%d/%m/%Y")}, code="duplicate_document")


def _create(
    *, actor: Any, agency: Agency, data: IncomingData, channel: str, files: Iterable[Upload],
) -> IncomingDocument:
    files = list(files)
    today = timezone.localdate()
    errors, parsed, issuer_name = _validate(data, channel, files, today)
    errors.raise_if_any()
    assert parsed is not None and data.doc_type is not None and data.document_date
    issuer_key = data.issuer_agency.code if data.issuer_agency else fold(issuer_name)
    number_symbol = parsed.text
    _refuse_duplicate(agency, issuer_key, number_symbol, data.document_date)
    arrival = data.arrival_date or today
    with stored_files() as store:
        stored = [store.store(upload) for upload in files]
        try:
            document = _save(actor=actor, agency=agency, data=data, channel=channel,
                             parsed=parsed, issuer_name=issuer_name, issuer_key=issuer_key,
                             arrival=arrival, stored=stored)
        except IntegrityError:
            # Another clerk registered the same document a moment ago.
            _refuse_duplicate(agency, issuer_key, number_symbol, data.document_date)
            raise
    return document


def _save(*, actor: Any, agency: Agency, data: IncomingData, channel: str,
          parsed: symbols.NumberSymbol, issuer_name: str, issuer_key: str, arrival: dt.date,
          stored: list[Stored]) -> IncomingDocument:
    assert data.doc_type is not None and data.document_date is not None
    number_symbol = parsed.text
    with transaction.atomic():
        register = register_resolve(agency=agency, direction=Direction.INCOMING,
                                    doc_type=data.doc_type,
                                    confidentiality=data.confidentiality)
        # Last before the writes: the register's series stays locked until commit.
        issued = number_take(register=register, on=arrival, actor=actor,
                             purpose=f"{number_symbol} {issuer_name}")
        document = IncomingDocument.objects.create(
            agency=agency, register=register, arrival_number=issued.value,
            arrival_year=arrival.year, arrival_date=arrival, issued_number=issued,
            issuer_agency=data.issuer_agency, issuer_name=issuer_name,
            issuer_key=issuer_key, number_symbol=number_symbol, number=parsed.number,
            symbol=parsed.symbol, document_date=data.document_date,
            doc_type=data.doc_type, summary=text(data.summary), urgency=data.urgency,
            confidentiality=data.confidentiality, signer_name=text(data.signer_name),
            signer_position=text(data.signer_position), pages=data.pages,
            channel=channel, notes=text(data.notes),
            registered_by=actor if getattr(actor, "pk", None) else None,
            registered_at=timezone.now(),
            search_text=search.search_text(issuer_name, text(data.summary),
                                           text(data.signer_name), *(s.text for s in stored),
                                           number_symbol=number_symbol),
        )
        Attachment.objects.bulk_create([
            Attachment(incoming=document, file=s.path, name=s.name,
                       content_type=s.content_type, size=s.size, sha256=s.sha256,
                       text=s.text,
                       uploaded_by=actor if getattr(actor, "pk", None) else None)
            for s in stored
        ])
        audit.record("documents.incoming.register", document, actor=actor,
                     after={**audit.snapshot(document, _AUDITED),
                            "files": [s.sha256 for s in stored]})
    return document


# The search text is derived; the audit trail keeps what the clerk entered.
_AUDITED = [f.attname for f in IncomingDocument._meta.concrete_fields
            if f.attname != "search_text"]


def incoming_register(
    *, actor: Any, data: IncomingData, channel: str, files: Iterable[Upload] = (),
) -> IncomingDocument:
    """Enter a document received by the actor's agency in its incoming register.

    Raises ``ValidationError`` naming every wrong field, ``Conflict``
    (``duplicate_document``) when the same issuer's document with the same number and
    symbol and date is already registered, ``PermissionDenied`` for anyone but the
    agency's clerk. Nothing is saved, and no file is kept, unless everything holds.
    """
    official = official_of(actor)
    require(official is not None and can_register_incoming(actor, official.agency_id))
    return _create(actor=actor, agency=official.agency, data=data, channel=channel,
                   files=files)


def incoming_receive(*, agency: Agency, data: IncomingData, files: Iterable[Upload],
                     actor: Any) -> IncomingDocument:
    """Register a document delivered by exchange to ``agency``, as its clerk accepts it
    (the exchange service checks that the actor is that clerk)."""
    return _create(actor=actor, agency=agency, data=data, channel=Channel.EXCHANGE,
                   files=files)


def incoming_attach(*, actor: Any, document: IncomingDocument, files: Iterable[Upload],
                    ) -> list[Attachment]:
    """Add files (a late annex, a better scan) to a registered document: its clerk."""
    require(is_clerk(actor, document.agency_id))
    files = list(files)
    errors = Errors()
    if not files:
        errors.add("files", _("Choose at least one file."))
    for upload in files:
        reason = check(upload)
        if reason:
            errors.add("files", reason)
    if document.attachments.count() + len(files) > MAX_FILES:
        errors.add("files", _("At most %(count)s files per document.") % {"count": MAX_FILES})
    errors.raise_if_any()
    with stored_files() as store:
        stored = [store.store(upload) for upload in files]
        with transaction.atomic():
            document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
            created = Attachment.objects.bulk_create([
                Attachment(incoming=document, file=s.path, name=s.name,
                           content_type=s.content_type, size=s.size, sha256=s.sha256,
                           text=s.text, uploaded_by=actor)
                for s in stored
            ])
            document.search_text = search.search_text(document.search_text,
                                                      *(s.text for s in stored))
            document.save(update_fields=["search_text"])
            audit.record("documents.incoming.attach", document, actor=actor,
                         after={"files": [s.sha256 for s in stored]})
    return created
