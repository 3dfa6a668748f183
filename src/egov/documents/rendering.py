"""An outgoing document in the official layout: ``OfficialDocument`` of egov.printing, as
PDF (WeasyPrint) and DOCX (python-docx), from the same data.

The content is plain text: paragraphs one per line; a line starting with ``# ``, ``## ``
or ``### `` is a heading of part (I.), section (1.) or point (a)), numbered by the
layout. A draft prepared by the platform (``prepared_pdf``, ``prepared_docx``: a report
with tables and charts) is those files instead, laid out with the number and date blank;
the issued DOCX gets them written in.
"""

from __future__ import annotations

import datetime as dt
import io

import docx as python_docx
from django.core.files.storage import default_storage

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


def _stored(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def draft_pdf(document: OutgoingDocument) -> bytes:
    if document.prepared_pdf:
        return _stored(document.prepared_pdf.name)
    return official_pdf(official_document(document))


def draft_docx(document: OutgoingDocument) -> bytes:
    if document.prepared_docx:
        return _stored(document.prepared_docx.name)
    return render_docx(official_document(document))


def issued_docx(document: OutgoingDocument, *, number: int, date: dt.date) -> bytes:
    if document.prepared_docx:
        return _numbered_docx(document, _stored(document.prepared_docx.name), number, date)
    return render_docx(official_document(document, number=number, date=date))


def _numbered_docx(document: OutgoingDocument, content: bytes, number: int,
                   date: dt.date) -> bytes:
    """The prepared DOCX with its blank number and date line filled in (egov.printing
    writes each of them as one run of the heading table)."""
    code = document.doc_type.code or None
    issuer, unit = document.agency.short_name, document.drafting_unit.short_name
    filled = {
        vn.number_symbol(None, code, issuer, unit): vn.number_symbol(number, code, issuer,
                                                                     unit),
        vn.place_date_line(document.place, None): vn.place_date_line(document.place, date),
    }
    word = python_docx.Document(io.BytesIO(content))
    for table in word.tables[:1]:
        for cell in table._cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    if run.text in filled:
                        run.text = filled[run.text]
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
