"""An outgoing document in the official layout: ``OfficialDocument`` of egov.printing, as
PDF (WeasyPrint) and DOCX (python-docx), from the same data.

The content is plain text: paragraphs one per line; a line starting with ``# ``, ``## ``
or ``### `` is a heading of part (I.), section (1.) or point (a)), numbered by the
layout.
"""

from __future__ import annotations

import datetime as dt

from egov.documents.models import Confidentiality, OutgoingDocument, Urgency
from egov.printing import vietnamese as vn
from egov.printing.document import Block, Heading, OfficialDocument, Paragraph, Signer
from egov.printing.docx import render_docx
from egov.printing.pdf import official_pdf

URGENCY = {Urgency.URGENT: vn.Urgency.URGENT, Urgency.VERY_URGENT: vn.Urgency.VERY_URGENT,
           Urgency.FLASH: vn.Urgency.FLASH}
SECRECY = {Confidentiality.CONFIDENTIAL: vn.Secrecy.CONFIDENTIAL,
           Confidentiality.SECRET: vn.Secrecy.SECRET,
           Confidentiality.TOP_SECRET: vn.Secrecy.TOP_SECRET}
_LEVELS = {"# ": 1, "## ": 2, "### ": 3}


def body_blocks(text: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        marker = next((m for m in sorted(_LEVELS, key=len, reverse=True)
                       if line.startswith(m)), None)
        if marker is not None and line[len(marker):].strip():
            blocks.append(Heading(line[len(marker):].strip(), level=_LEVELS[marker]))
        else:
            blocks.append(Paragraph(line))
    return tuple(blocks)


def place_of(agency: object) -> str:
    """The place name of the date line: the agency's division without its kind ("Tỉnh Trà
    Vinh" → "Trà Vinh", "Huyện Càng Long" → "Càng Long")."""
    division = agency.division  # type: ignore[attr-defined]
    name, kind = division.name.strip(), division.kind.strip()
    if kind and name.lower().startswith(kind.lower() + " "):
        return name[len(kind) + 1:].strip()
    return name


def official_document(document: OutgoingDocument, *, number: int | None = None,
                      date: dt.date | None = None) -> OfficialDocument:
    """``document`` as egov.printing lays it out; without ``number`` and ``date`` (a draft,
    or the version the signer signs) they are left blank."""
    doc_type = document.doc_type
    letter = not doc_type.code
    authority = (vn.signing_authority(document.authority, document.authority_title),) \
        if document.authority and document.authority_title else ()
    agency = document.agency
    return OfficialDocument(
        agency=agency.name, parent_agency=agency.parent.name if agency.parent_id else "",
        issuer_code=agency.short_name, place=document.place, title=document.summary,
        signer=Signer(position=document.signer_position,
                      name=document.signer.get_full_name(), authority=authority),
        number=number, type_name="" if letter else doc_type.name,
        type_code="" if letter else doc_type.code,
        unit_code=document.drafting_unit.short_name, date=date,
        addressees=tuple(document.addressees), body=body_blocks(document.body),
        recipients=tuple(r.name for r in document.recipients.all()),
        archive=("VT", document.drafting_unit.short_name),
        urgency=URGENCY.get(Urgency(document.urgency)),
        secrecy=SECRECY.get(Confidentiality(document.confidentiality)),
    )


def draft_pdf(document: OutgoingDocument) -> bytes:
    return official_pdf(official_document(document))


def draft_docx(document: OutgoingDocument) -> bytes:
    return render_docx(official_document(document))


def issued_docx(document: OutgoingDocument, *, number: int, date: dt.date) -> bytes:
    return render_docx(official_document(document, number=number, date=date))
