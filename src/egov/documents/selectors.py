"""Reading documents, registers and types; every list is scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from egov.accounts.permissions import agency_id_of
from egov.documents.models import DocumentType, Register
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
