"""Reading documents, registers and types; every list is scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from egov.accounts.models import Role
from egov.accounts.permissions import agency_id_of, has_role, is_system_admin, official_of
from egov.core.calendar import add_working_days
from egov.core.text import fold
from egov.documents import search
from egov.documents.models import (
    Assignment,
    Confidentiality,
    DocumentType,
    Exchange,
    IncomingDocument,
    OutgoingDocument,
    Register,
    ReviewStep,
)
from egov.documents.permissions import can_view_registers


def document_types(*, category: str | None = None, active_only: bool = True
                   ) -> QuerySet[DocumentType]:
    qs = DocumentType.objects.all()
    if category:
        qs = qs.filter(category=category)
    if active_only:
        qs = qs.filter(active=True)
    return qs


def type_codes() -> set[str]:
    """Every abbreviation that may open a symbol (aliases included), of every category."""
    codes: set[str] = set()
    for code, aliases in DocumentType.objects.values_list("code", "aliases"):
        if code:
            codes.add(code)
        codes.update(aliases or [])
    return codes


def registers_visible_to(user: Any, *, agency_id: int | None = None,
                         direction: str | None = None) -> QuerySet[Register]:
    """The registers of the user's agency (officials see their agency's books)."""
    own = agency_id_of(user)
    if own is None or (agency_id is not None and agency_id != own) or not can_view_registers(
            user, own):
        return Register.objects.none()
    qs = Register.objects.filter(agency_id=own).prefetch_related("types")
    if direction:
        qs = qs.filter(direction=direction)
    return qs


# --- Incoming documents ------------------------------------------------------------------


def _involvement(user: Any) -> Q:
    """Documents with an assignment the user holds or, as head, their unit holds."""
    official = official_of(user)
    mine = Assignment.objects.filter(document=OuterRef("pk"))
    condition = Q(assignee=user)
    if official.unit_id is not None and Role.HEAD_OF_UNIT in official.role_set:
        condition |= Q(unit_id=official.unit_id)
    return Q(Exists(mine.filter(condition)))


def incoming_visible_to(user: Any) -> QuerySet[IncomingDocument]:
    """The incoming documents ``user`` may see (the rule of
    ``permissions.can_view_incoming``, as one query)."""
    qs = IncomingDocument.objects.select_related("doc_type", "register", "issuer_agency")
    official = official_of(user)
    visible = Q(pk__in=[])
    if official is not None:
        own = Q(agency_id=official.agency_id)
        visible = own if has_role(user, Role.CLERK, Role.DIRECTOR) else own & _involvement(user)
    if is_system_admin(user):
        visible |= Q(confidentiality=Confidentiality.NORMAL)
    return qs.filter(visible)


def incoming_filter(
    documents: QuerySet[IncomingDocument], *, q: str = "", year: int | None = None,
    status: str = "", doc_type: DocumentType | None = None, issuer: str = "",
    date_from: dt.date | None = None, date_to: dt.date | None = None,
) -> QuerySet[IncomingDocument]:
    """Narrow a list of incoming documents: words of the number, issuer, summary or files
    (accents and case do not matter), arrival year, status, type, issuing body (part of
    its name, or its code), date of the document from/to."""
    documents = search.matching(documents, q)
    if year:
        documents = documents.filter(arrival_year=year)
    if status:
        documents = documents.filter(status=status)
    if doc_type is not None:
        documents = documents.filter(doc_type=doc_type)
    if issuer.strip():
        documents = documents.filter(Q(issuer_key__contains=fold(issuer))
                                     | Q(issuer_key=issuer.strip()))
    if date_from:
        documents = documents.filter(document_date__gte=date_from)
    if date_to:
        documents = documents.filter(document_date__lte=date_to)
    return documents


def _lead_assignments() -> Prefetch:
    return Prefetch("assignments", to_attr="top_assignments",
                    queryset=Assignment.objects.filter(parent__isnull=True)
                    .select_related("unit", "assignee").order_by("pk"))


@dataclass(frozen=True)
class IncomingRow:
    """One line of the incoming register (sổ đăng ký văn bản đến, Appendix IV): the
    ten columns, the signature of receipt left for the pen."""

    document: IncomingDocument
    arrival_date: dt.date
    arrival_number: int
    issuer: str
    number_symbol: str
    document_date: dt.date
    type_and_summary: str
    received_by: str
    transferred_on: dt.date | None
    notes: str


def incoming_register_rows(user: Any, *, register: Register, year: int,
                           ) -> list[IncomingRow]:
    """The register's entries of ``year`` in arrival order, as far as ``user`` may see."""
    documents = (incoming_visible_to(user).filter(register=register, arrival_year=year)
                 .prefetch_related(_lead_assignments()).order_by("arrival_number"))
    rows = []
    for doc in documents:
        leads = [a for a in doc.top_assignments if a.role == Assignment.Role.LEAD]
        first = (leads or doc.top_assignments or [None])[0]
        holder = "" if first is None else ", ".join(
            str(x) for x in (first.unit.name if first.unit else None,
                             first.assignee.get_full_name() if first.assignee else None) if x)
        rows.append(IncomingRow(
            document=doc, arrival_date=doc.arrival_date, arrival_number=doc.arrival_number,
            issuer=doc.issuer_name, number_symbol=doc.number_symbol,
            document_date=doc.document_date,
            type_and_summary=f"{doc.doc_type.name}: {doc.summary}", received_by=holder,
            transferred_on=(timezone.localtime(first.assigned_at).date() if first is not None
                            else None),
            notes=doc.notes,
        ))
    return rows


# --- Handling: inboxes and deadlines ---------------------------------------------------

DUE_SOON_WORKING_DAYS = 2


class Due(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    NO_DEADLINE = "no_deadline"


def due_state(deadline: dt.date | None, today: dt.date | None = None) -> Due:
    """Where a deadline stands today: passed, within two working days, later, or none."""
    today = today or timezone.localdate()
    if deadline is None:
        return Due.NO_DEADLINE
    if deadline < today:
        return Due.OVERDUE
    if deadline <= add_working_days(today, DUE_SOON_WORKING_DAYS):
        return Due.DUE_SOON
    return Due.ON_TRACK


def _open_assignments() -> QuerySet[Assignment]:
    return (Assignment.objects.filter(done_at__isnull=True)
            .exclude(document__status=IncomingDocument.Status.DONE)
            .select_related("document", "document__doc_type", "unit", "assignee",
                            "assigned_by"))


def inbox(user: Any, *, due: str = "") -> list[Assignment]:
    """The open assignments ``user`` answers for (as the person named, or as head of a
    unit named without a person), earliest deadline first; each with ``due_state``."""
    official = official_of(user)
    if official is None:
        return []
    mine = Q(assignee=user)
    if official.unit_id is not None and Role.HEAD_OF_UNIT in official.role_set:
        mine |= Q(unit_id=official.unit_id, assignee__isnull=True)
    items = list(_open_assignments().filter(mine, document__agency_id=official.agency_id)
                 .order_by(F("deadline").asc(nulls_last=True), "pk"))
    today = timezone.localdate()
    for item in items:
        item.due_state = due_state(item.deadline, today)
    return [item for item in items if not due or item.due_state == due]


@dataclass(frozen=True)
class WorkCounts:
    open: int
    due_soon: int
    overdue: int


def _counts(deadlines: list[dt.date | None]) -> WorkCounts:
    today = timezone.localdate()
    states = [due_state(d, today) for d in deadlines]
    return WorkCounts(open=len(states), due_soon=states.count(Due.DUE_SOON),
                      overdue=states.count(Due.OVERDUE))


def agency_work(agency_id: int) -> WorkCounts:
    """Incoming documents of the agency still being handled, by their deadline."""
    return _counts(list(IncomingDocument.objects.filter(
        agency_id=agency_id, status=IncomingDocument.Status.IN_PROGRESS,
    ).values_list("due_date", flat=True)))


def unit_work(unit_id: int) -> WorkCounts:
    """Open assignments of a unit (to the unit or to its people), by their deadline."""
    return _counts(list(_open_assignments().filter(unit_id=unit_id)
                        .values_list("deadline", flat=True)))


# --- Outgoing documents ------------------------------------------------------------------


def outgoing_visible_to(user: Any) -> QuerySet[OutgoingDocument]:
    """The outgoing documents ``user`` may see (the rule of
    ``permissions.can_view_outgoing``, as one query)."""
    qs = OutgoingDocument.objects.select_related("doc_type", "drafting_unit", "signer",
                                                 "register")
    official = official_of(user)
    visible = Q(pk__in=[])
    if official is not None:
        own = Q(agency_id=official.agency_id)
        if has_role(user, Role.CLERK, Role.DIRECTOR):
            visible = own
        else:
            mine = (Q(created_by=user) | Q(signer=user)
                    | Q(Exists(ReviewStep.objects.filter(document=OuterRef("pk"),
                                                         reviewer=user)))
                    | Q(status=OutgoingDocument.Status.ISSUED,
                        confidentiality=Confidentiality.NORMAL))
            if official.unit_id is not None and Role.HEAD_OF_UNIT in official.role_set:
                mine |= Q(drafting_unit_id=official.unit_id)
            visible = own & mine
    if is_system_admin(user):
        visible |= Q(confidentiality=Confidentiality.NORMAL)
    return qs.filter(visible)


def outgoing_filter(
    documents: QuerySet[OutgoingDocument], *, q: str = "", year: int | None = None,
    status: str = "", doc_type: DocumentType | None = None, issuer: str = "",
    date_from: dt.date | None = None, date_to: dt.date | None = None,
) -> QuerySet[OutgoingDocument]:
    """The same narrowing for outgoing documents; the issuer is the drafting unit (its
    short name), the date the date of issue."""
    documents = search.matching(documents, q)
    if year:
        documents = documents.filter(Q(issued_date__year=year)
                                     | Q(issued_date__isnull=True, created_at__year=year))
    if status:
        documents = documents.filter(status=status)
    if doc_type is not None:
        documents = documents.filter(doc_type=doc_type)
    if issuer.strip():
        documents = documents.filter(drafting_unit__short_name=issuer.strip())
    if date_from:
        documents = documents.filter(issued_date__gte=date_from)
    if date_to:
        documents = documents.filter(issued_date__lte=date_to)
    return documents


@dataclass(frozen=True)
class OutgoingRow:
    """One line of the outgoing register (sổ đăng ký văn bản đi, Appendix IV)."""

    document: OutgoingDocument
    number_symbol: str
    issued_date: dt.date
    type_and_summary: str
    signer: str
    recipients: str
    file_copy: str
    copies: int
    transferred_on: dt.date
    notes: str


def outgoing_register_rows(user: Any, *, register: Register, year: int,
                           ) -> list[OutgoingRow]:
    documents = (outgoing_visible_to(user)
                 .filter(register=register, status=OutgoingDocument.Status.ISSUED,
                         issued_date__year=year)
                 .prefetch_related("recipients").order_by("number"))
    return [OutgoingRow(
        document=doc, number_symbol=doc.number_symbol, issued_date=doc.issued_date,
        type_and_summary=f"{doc.doc_type.name}: {doc.summary}",
        signer=doc.signer.get_full_name(),
        recipients="; ".join(r.name for r in doc.recipients.all()),
        file_copy=f"VT, {doc.drafting_unit.short_name}", copies=doc.copies,
        transferred_on=doc.issued_date, notes="") for doc in documents]


def drafts_waiting_for(user: Any) -> dict[str, list[OutgoingDocument]]:
    """What waits for ``user`` among outgoing documents: drafts to review, approved
    drafts to sign, signed documents to issue (the clerk), own drafts sent back."""
    official = official_of(user)
    if official is None:
        return {"review": [], "sign": [], "issue": [], "returned": []}
    base = OutgoingDocument.objects.filter(agency_id=official.agency_id).select_related(
        "doc_type", "drafting_unit")
    pending = ReviewStep.objects.filter(document=OuterRef("pk"),
                                        decision=ReviewStep.Decision.PENDING)
    review = [d for d in base.filter(status=OutgoingDocument.Status.IN_REVIEW).filter(
        Exists(pending.filter(reviewer=user)))
        if getattr(current_review_step(d), "reviewer_id", None) == user.pk]
    return {
        "review": review,
        "sign": list(base.filter(status=OutgoingDocument.Status.APPROVED, signer=user)),
        "issue": list(base.filter(status=OutgoingDocument.Status.SIGNED))
        if has_role(user, Role.CLERK) else [],
        "returned": list(base.filter(status=OutgoingDocument.Status.DRAFT, created_by=user,
                                     review_steps__decision=ReviewStep.Decision.RETURNED)
                         .distinct()),
    }


def current_review_step(document: OutgoingDocument) -> ReviewStep | None:
    """The step waiting for a decision, in the latest round."""
    if document.status != OutgoingDocument.Status.IN_REVIEW:
        return None
    return (document.review_steps.filter(decision=ReviewStep.Decision.PENDING)
            .order_by("-round", "order").first())


# --- Exchange --------------------------------------------------------------------------------


def exchange_queue(user: Any, *, status: str = "") -> QuerySet[Exchange]:
    """Documents sent to the user's agency by exchange (the clerk's and director's)."""
    official = official_of(user)
    if official is None or not has_role(user, Role.CLERK, Role.DIRECTOR):
        return Exchange.objects.none()
    qs = (Exchange.objects.filter(receiver_agency_id=official.agency_id)
          .exclude(direction=Exchange.Direction.OUT)
          .select_related("incoming").order_by("-created_at"))
    return qs.filter(status=status) if status else qs


def exchanges_sent(user: Any) -> QuerySet[Exchange]:
    """Deliveries of the user's agency's issued documents, with their statuses."""
    official = official_of(user)
    if official is None or not has_role(user, Role.CLERK, Role.DIRECTOR):
        return Exchange.objects.none()
    return (Exchange.objects.filter(outgoing__agency_id=official.agency_id)
            .select_related("outgoing").prefetch_related("statuses")
            .order_by("-created_at"))
