"""Bringing the registers of a past period in at once (nhập sổ từ hệ thống cũ): an agency
joining the platform with its year of documents, or the demo's 2017.

The rows are checked as the services check one document (number and symbol against the
type, dates, summary, duplicates); if any is wrong, nothing is saved. Numbers still come
from the numbering service, register by register in date order, so the registers carry
on from them. The files of the old system are not part of an import: the records are its
metadata (a file can be attached later). One audit entry lists what was brought in.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts.permissions import is_system_admin
from egov.core import audit
from egov.core.text import fold
from egov.documents import search, selectors, symbols
from egov.documents.models import (
    Assignment,
    Direction,
    DocumentType,
    IncomingDocument,
    OutgoingDocument,
    Recipient,
    Register,
)
from egov.documents.permissions import is_clerk
from egov.documents.services import incoming as incoming_service
from egov.documents.services._common import Errors
from egov.documents.services.incoming import IncomingData
from egov.documents.services.outgoing import DraftData, RecipientSpec, _clean_draft
from egov.documents.services.registers import number_take, register_resolve
from egov.organizations.models import Agency, Unit


@dataclass(frozen=True)
class ImportedAssignment:
    role: str
    assigned_at: dt.datetime
    unit: Unit | None = None
    assignee: Any = None
    assigned_by: Any = None
    deadline: dt.date | None = None
    instructions: str = ""
    done_at: dt.datetime | None = None


@dataclass(frozen=True)
class ImportedIncoming:
    """A document received, as the old register has it (``data.arrival_date`` given)."""

    agency: Agency
    data: IncomingData
    channel: str
    registered_at: dt.datetime
    assignments: tuple[ImportedAssignment, ...] = ()
    finished_at: dt.datetime | None = None
    finished_by: Any = None
    finish_note: str = ""


@dataclass(frozen=True)
class ImportedOutgoing:
    """A document issued, as the old register has it."""

    agency: Agency
    drafting_unit: Unit
    data: DraftData
    issued_at: dt.datetime
    created_by: Any
    issued_by: Any = None
    recipients: tuple[RecipientSpec, ...] = ()
    sent_electronically: bool = False


@dataclass
class ImportResult:
    incoming: list[IncomingDocument] = field(default_factory=list)
    outgoing: list[OutgoingDocument] = field(default_factory=list)


def _problems(number: int, errors: dict[str, list[str]]) -> list[str]:
    return [f"{number}: {name}: {message}" for name, messages in errors.items()
            for message in messages]


def documents_import(
    *, actor: Any, incoming: Sequence[ImportedIncoming] = (),
    outgoing: Sequence[ImportedOutgoing] = (), batch_size: int = 1000,
) -> ImportResult:
    """Register the rows of a past period. The actor is each agency's clerk, a system
    administrator, or the platform itself (None: the demo, a migration script)."""
    agencies = {row.agency.pk: row.agency for row in [*incoming, *outgoing]}
    if actor is not None and not is_system_admin(actor):
        for agency_id in agencies:
            if not is_clerk(actor, agency_id):
                raise ValidationError({"rows": [_("Only the clerk of each agency, or a system "
                                                  "administrator, imports its registers.")]})
    codes = selectors.type_codes()
    today = timezone.localdate()
    problems: list[str] = []
    parsed_rows: list[tuple[ImportedIncoming, symbols.NumberSymbol, str, str]] = []
    seen: set[tuple[int, str, str, dt.date]] = set()
    for number, row in enumerate(incoming, start=1):
        if row.data.arrival_date is None:
            problems.append(f"{number}: arrival_date: " + _("The arrival date is required."))
            continue
        errors, parsed, issuer_name = incoming_service._validate(
            row.data, row.channel, [], today, codes=codes, files_required=False)
        if errors:
            problems += _problems(number, errors.errors)
            continue
        key = row.data.issuer_agency.code if row.data.issuer_agency else fold(issuer_name)
        duplicate = (row.agency.pk, key, parsed.text, row.data.document_date)
        if duplicate in seen or IncomingDocument.objects.filter(
                agency=row.agency, issuer_key=key, number_symbol=parsed.text,
                document_date=row.data.document_date).exists():
            problems.append(f"{number}: " + _("%(number)s is listed twice.") % {
                "number": parsed.text})
        seen.add(duplicate)
        parsed_rows.append((row, parsed, issuer_name, key))
    for number, row in enumerate(outgoing, start=1):
        errors = Errors()
        _clean_draft(errors, row.data, row.agency)
        if row.data.doc_type is None or row.data.signer is None or not row.data.summary:
            errors.add("data", _("Type, summary and signer are required."))
        if row.drafting_unit.agency_id != row.agency.pk:
            errors.add("drafting_unit", _("The drafting unit is not of the agency."))
        if timezone.localtime(row.issued_at).date() > today:
            errors.add("issued_at", _("The date of issue cannot be in the future."))
        problems += _problems(len(incoming) + number, errors.errors)
    if problems:
        shown = problems[:20]
        if len(problems) > 20:
            shown.append(_("… and %(count)s more problems") % {"count": len(problems) - 20})
        raise ValidationError({"rows": shown})

    result = ImportResult()
    registers: dict[tuple[int, str, int, str], Register] = {}

    def register_of(agency: Agency, direction: str, doc_type: DocumentType,
                    confidentiality: str) -> Register:
        key = (agency.pk, direction, doc_type.pk, confidentiality)
        if key not in registers:
            registers[key] = register_resolve(agency=agency, direction=direction,
                                              doc_type=doc_type,
                                              confidentiality=confidentiality)
        return registers[key]

    with transaction.atomic():
        ordered = sorted(parsed_rows, key=lambda r: (r[0].data.arrival_date,
                                                     r[0].registered_at))
        documents = []
        for row, parsed, issuer_name, key in ordered:
            data = row.data
            register = register_of(row.agency, Direction.INCOMING, data.doc_type,
                                   data.confidentiality)
            issued = number_take(register=register, on=data.arrival_date, actor=actor,
                                 purpose=f"{parsed.text} {issuer_name}")
            lead = next((a for a in row.assignments if a.role == Assignment.Role.LEAD), None)
            status = (IncomingDocument.Status.DONE if row.finished_at else
                      IncomingDocument.Status.IN_PROGRESS if row.assignments else
                      IncomingDocument.Status.REGISTERED)
            documents.append(_incoming(row, register, issued, parsed, issuer_name, key,
                                       status, lead, actor))
        result.incoming = IncomingDocument.objects.bulk_create(documents,
                                                               batch_size=batch_size)
        # A reminder before a deadline that has passed is moot: count it as sent, or the
        # first daily run would remind everyone of a past year.
        now = timezone.now()
        Assignment.objects.bulk_create([
            Assignment(document=document, role=a.role, unit=a.unit, assignee=a.assignee,
                       assigned_by=a.assigned_by, assigned_at=a.assigned_at,
                       deadline=a.deadline, instructions=a.instructions,
                       done_at=a.done_at or row.finished_at,
                       reminded_at=a.done_at or row.finished_at or (
                           now if a.deadline is not None and a.deadline < today else None))
            for document, (row, *_rest) in zip(result.incoming, ordered, strict=True)
            for a in row.assignments], batch_size=batch_size)

        issued_documents = []
        for row in sorted(outgoing, key=lambda r: r.issued_at):
            data = row.data
            on = timezone.localtime(row.issued_at).date()
            register = register_of(row.agency, Direction.OUTGOING, data.doc_type,
                                   data.confidentiality or "normal")
            issued = number_take(register=register, on=on, actor=actor, purpose=data.summary)
            built = symbols.build(issued.value, issuer=row.agency.short_name,
                                  type_code=data.doc_type.code,
                                  unit=row.drafting_unit.short_name,
                                  year=on.year if register.legal else None)
            issued_documents.append((row, OutgoingDocument(
                agency=row.agency, drafting_unit=row.drafting_unit, doc_type=data.doc_type,
                summary=data.summary.strip(), body=(data.body or "").strip(),
                addressees=list(data.addressees or []),
                place=data.place or "", urgency=data.urgency or "normal",
                confidentiality=data.confidentiality or "normal", signer=data.signer,
                signer_position=data.signer.official.position or "Giám đốc",
                authority=data.authority or "", authority_title=data.authority_title or "",
                copies=data.copies or 1, status=OutgoingDocument.Status.ISSUED,
                created_by=row.created_by, created_at=row.issued_at, signed_at=row.issued_at,
                register=register, issued_number=issued, number=issued.value,
                number_symbol=built.text, issued_date=on, issued_at=row.issued_at,
                issued_by=row.issued_by, sent_electronically=row.sent_electronically,
                search_text=search.search_text(
                    data.summary, data.body or "", " ".join(r.name for r in row.recipients),
                    number_symbol=built.text))))
        result.outgoing = OutgoingDocument.objects.bulk_create(
            [document for _row, document in issued_documents], batch_size=batch_size)
        Recipient.objects.bulk_create([
            Recipient(document=document, ordinal=i, name=spec.name, agency=spec.agency,
                      organ_id=spec.organ_id)
            for (row, _d), document in zip(issued_documents, result.outgoing, strict=True)
            for i, spec in enumerate(row.recipients, start=1)], batch_size=batch_size)
        audit.record(
            "documents.register.import", None, actor=actor,
            object_label=_("%(incoming)s incoming and %(outgoing)s outgoing documents") % {
                "incoming": len(result.incoming), "outgoing": len(result.outgoing)},
            after={"incoming": dict(Counter(d.agency_id for d in result.incoming)),
                   "outgoing": dict(Counter(d.agency_id for d in result.outgoing))})
    return result


def _incoming(row: ImportedIncoming, register: Register, issued: Any,
              parsed: symbols.NumberSymbol, issuer_name: str, key: str, status: str,
              lead: ImportedAssignment | None, actor: Any) -> IncomingDocument:
    data = row.data
    return IncomingDocument(
        agency=row.agency, register=register, arrival_number=issued.value,
        arrival_year=data.arrival_date.year, arrival_date=data.arrival_date,
        issued_number=issued, issuer_agency=data.issuer_agency, issuer_name=issuer_name,
        issuer_key=key, number_symbol=parsed.text, number=parsed.number,
        symbol=parsed.symbol, document_date=data.document_date, doc_type=data.doc_type,
        summary=data.summary.strip(), urgency=data.urgency,
        confidentiality=data.confidentiality, signer_name=data.signer_name,
        signer_position=data.signer_position, pages=data.pages, channel=row.channel,
        notes=data.notes, status=status, due_date=lead.deadline if lead else None,
        finished_at=row.finished_at, finished_by=row.finished_by, finish_note=row.finish_note,
        registered_by=actor if getattr(actor, "pk", None) else None,
        registered_at=row.registered_at,
        search_text=search.search_text(issuer_name, data.summary, data.signer_name,
                                       number_symbol=parsed.text))
