"""Reading documents, registers and types; every list is scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from egov.accounts.models import Role
from egov.accounts.permissions import agency_id_of, has_role, is_system_admin, official_of
from egov.core.text import fold
from egov.documents.models import (
    Assignment,
    Confidentiality,
    DocumentType,
    IncomingDocument,
    Register,
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


def incoming_filter(documents: QuerySet[IncomingDocument], *, q: str = "",
                    year: int | None = None, status: str = "") -> QuerySet[IncomingDocument]:
    """Narrow a list of incoming documents: words of the number, issuer, summary or files
    (accents and case do not matter), arrival year, status."""
    for word in fold(q or "").split():
        documents = documents.filter(search_text__contains=word)
    if year:
        documents = documents.filter(arrival_year=year)
    if status:
        documents = documents.filter(status=status)
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
