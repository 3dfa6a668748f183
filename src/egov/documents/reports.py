"""The list of documents of a period (the appendix of the yearly report: "Các văn bản chỉ
đạo, điều hành ... năm 2017": number and date, issuing body, summary) and the counts the
indicators need: documents received and issued, the electronic share, handling on time.

Reads only; scoped by the callers to the agencies the user may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from egov.core.text import fold
from egov.documents.models import (
    Channel,
    Confidentiality,
    DocumentType,
    IncomingDocument,
    OutgoingDocument,
)
from egov.printing import vietnamese as vn
from egov.printing.document import Appendix, Table

SOURCES = ("incoming", "outgoing", "both")
# The appendix's headings as the report prints them (Vietnamese whatever the reader's
# language: the appendix is part of the official report).
HEADINGS = ("TT", "Số hiệu, ngày ban hành", "Cơ quan ban hành", "Trích yếu nội dung")


@dataclass(frozen=True)
class AppendixRow:
    """One document of the list: "Chỉ thị số 24-CT/TU ngày 29/6/2017", its issuing body,
    its summary."""

    reference: str
    issuer: str
    summary: str
    date: dt.date
    url_name: str
    pk: int


def _reference(type_name: str, number_symbol: str, date: dt.date) -> str:
    return f"{type_name} số {number_symbol} ngày {vn.short_date(date)}"


def appendix_rows(
    *, agency_ids: Iterable[int], start: dt.date, end: dt.date, source: str = "both",
    types: Sequence[DocumentType] = (), issuer: str = "",
) -> list[AppendixRow]:
    """Documents dated ``start`` to ``end`` (inclusive), in date order: received by the
    agencies (with the body that issued them) and issued by them. Secret documents are
    never listed: the list is printed in a report."""
    agency_ids = list(agency_ids)
    rows: list[AppendixRow] = []
    if source in ("incoming", "both"):
        received = (IncomingDocument.objects.filter(
            agency_id__in=agency_ids, document_date__range=(start, end),
            confidentiality=Confidentiality.NORMAL).select_related("doc_type"))
        if types:
            received = received.filter(doc_type__in=types)
        if issuer.strip():
            received = received.filter(Q(issuer_key__contains=fold(issuer))
                                       | Q(issuer_key=issuer.strip()))
        # The same document received by two of the agencies is listed once.
        seen: set[tuple[str, str, dt.date]] = set()
        for doc in received.order_by("document_date", "pk"):
            key = (doc.issuer_key, doc.number_symbol, doc.document_date)
            if key in seen:
                continue
            seen.add(key)
            rows.append(AppendixRow(_reference(doc.doc_type.name, doc.number_symbol,
                                               doc.document_date), doc.issuer_name,
                                    doc.summary, doc.document_date,
                                    "documents:incoming_detail", doc.pk))
    if source in ("outgoing", "both"):
        issued = (OutgoingDocument.objects.filter(
            agency_id__in=agency_ids, status=OutgoingDocument.Status.ISSUED,
            issued_date__range=(start, end), confidentiality=Confidentiality.NORMAL)
            .select_related("doc_type", "agency"))
        if types:
            issued = issued.filter(doc_type__in=types)
        for doc in issued.order_by("issued_date", "number"):
            rows.append(AppendixRow(_reference(doc.doc_type.name, doc.number_symbol,
                                               doc.issued_date), doc.agency.name,
                                    doc.summary, doc.issued_date,
                                    "documents:outgoing_detail", doc.pk))
    return sorted(rows, key=lambda r: r.date)


def appendix_table(rows: Sequence[AppendixRow]) -> Table:
    """The list as egov.printing lays out a table (to embed in a report's appendix)."""
    return Table(columns=HEADINGS, widths=(0.5, 2.2, 2, 4),
                 align=("center", "left", "left", "left"),
                 rows=tuple((str(i), r.reference, r.issuer, r.summary)
                            for i, r in enumerate(rows, start=1)))


def appendix(rows: Sequence[AppendixRow], title: str) -> Appendix:
    return Appendix(title=title, table=appendix_table(rows), landscape=False)


# --- Counts for the indicators -----------------------------------------------------------


@dataclass(frozen=True)
class DocumentCounts:
    """Counts of a period (``start`` to ``end``, inclusive)."""

    incoming: int
    incoming_electronic: int
    outgoing: int
    outgoing_electronic: int
    handled: int
    handled_on_time: int
    handled_late: int
    open_overdue: int

    @property
    def electronic_share(self) -> float | None:
        """Share of documents received or sent electronically, in percent."""
        total = self.incoming + self.outgoing
        if not total:
            return None
        return round(100 * (self.incoming_electronic + self.outgoing_electronic) / total, 1)

    @property
    def on_time_share(self) -> float | None:
        """Share of documents finished in the period by their deadline, in percent."""
        with_deadline = self.handled_on_time + self.handled_late
        return round(100 * self.handled_on_time / with_deadline, 1) if with_deadline else None


def document_counts(*, agency_ids: Iterable[int], start: dt.date, end: dt.date,
                    today: dt.date | None = None) -> DocumentCounts:
    """Incoming documents registered and outgoing documents issued in the period; the
    electronic ones (received electronically or by exchange; sent to at least one
    recipient electronically); documents finished in the period on time or late (against
    their deadline); documents still open past their deadline (as of ``today``)."""
    agency_ids = list(agency_ids)
    today = today or timezone.localdate()
    received = IncomingDocument.objects.filter(agency_id__in=agency_ids,
                                               arrival_date__range=(start, end))
    issued = OutgoingDocument.objects.filter(agency_id__in=agency_ids,
                                             status=OutgoingDocument.Status.ISSUED,
                                             issued_date__range=(start, end))
    finished = IncomingDocument.objects.filter(
        agency_id__in=agency_ids, status=IncomingDocument.Status.DONE,
        finished_at__date__range=(start, end), due_date__isnull=False)
    on_time = sum(1 for finished_at, due in finished.values_list("finished_at", "due_date")
                  if timezone.localtime(finished_at).date() <= due)
    return DocumentCounts(
        incoming=received.count(),
        incoming_electronic=received.filter(channel__in=[Channel.ELECTRONIC,
                                                         Channel.EXCHANGE]).count(),
        outgoing=issued.count(),
        outgoing_electronic=issued.filter(sent_electronically=True).count(),
        handled=IncomingDocument.objects.filter(
            agency_id__in=agency_ids, status=IncomingDocument.Status.DONE,
            finished_at__date__range=(start, end)).count(),
        handled_on_time=on_time,
        handled_late=finished.count() - on_time,
        open_overdue=IncomingDocument.objects.filter(
            agency_id__in=agency_ids, status=IncomingDocument.Status.IN_PROGRESS,
            due_date__lt=today).count(),
    )
