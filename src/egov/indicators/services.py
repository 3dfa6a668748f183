"""Ordering a report from the leaders' page, writing it in the background, and making it
an outgoing document of the agency (sign and issue through egov.documents)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts.permissions import official_of
from egov.core import audit
from egov.core.errors import Conflict
from egov.documents.models import DocumentType, OutgoingDocument
from egov.documents.permissions import can_draft
from egov.documents.services import outgoing as outgoing_service
from egov.documents.services.outgoing import DraftData, Prepared, RecipientSpec
from egov.indicators import report
from egov.indicators.base import Period
from egov.indicators.models import ReportOrder
from egov.indicators.permissions import check_agency, sees_whole_province
from egov.organizations.models import Agency
from egov.printing.document import Heading, Paragraph

logger = logging.getLogger(__name__)
Status = ReportOrder.Status
AUDITED = ["year", "agency_id", "whole_province", "unit_code", "status", "title",
           "docx", "pdf", "outgoing_id"]


def _snapshot(order: ReportOrder) -> dict[str, Any]:
    return audit.snapshot(order, AUDITED)


def report_order(*, actor: Any, year: int | str, agency: Agency,
                 whole_province: bool = False) -> ReportOrder:
    """Order the annual report of ``agency`` for ``year``: the leader may see the
    agency's indicators, and the whole province's to put them in. Written in the
    background (``tasks.write_report``) once the order is committed."""
    year = report.check_year(year)
    check_agency(actor, agency, Period.year(year).end)
    if whole_province and not sees_whole_province(actor):
        raise PermissionDenied(_("You may see the indicators of your own agency only."))
    official = official_of(actor)
    unit = getattr(official, "unit", None) if official is not None else None
    with transaction.atomic():
        order = ReportOrder.objects.create(
            year=year, agency=agency, whole_province=whole_province,
            unit_code=unit.short_name if unit is not None and unit.agency_id == agency.pk
            else "VP", requested_by=actor, requested_at=timezone.now())
        audit.record("indicators.report.order", order, actor=actor, after=_snapshot(order),
                     object_label=_("Annual report %(year)s, %(agency)s")
                     % {"year": year, "agency": agency.short_name})
    from egov.indicators.tasks import write_report

    transaction.on_commit(lambda: write_report.enqueue(order.pk))
    return order


def _progress(order_id: int, percent: int, step: str) -> None:
    # Progress is a display for the page that polls it, not a change worth auditing.
    ReportOrder.objects.filter(pk=order_id).update(progress=percent, step=step[:200],
                                                   touched_at=timezone.now())


def report_interrupted(order: ReportOrder) -> bool:
    """Whether ``order`` is marked as being written but its writer has said nothing for
    ``EGOV_REPORT_SILENT_MINUTES`` (15): the process writing it stopped (a restart, a
    crash) and the report is to be written again. Each step takes seconds."""
    if order.status != Status.RUNNING:
        return False
    silent = dt.timedelta(minutes=settings.EGOV_REPORT_SILENT_MINUTES)
    return order.touched_at is None or order.touched_at < timezone.now() - silent


def report_retry(*, actor: Any, order: ReportOrder) -> ReportOrder:
    """Write again a report that failed or was interrupted, as its orderer asks (the
    cause of a failure may have been mended since: a template, a missing type)."""
    if actor is None or order.requested_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who ordered the report writes it again."))
    with transaction.atomic():
        order = ReportOrder.objects.select_for_update().get(pk=order.pk)
        if order.status != Status.FAILED and not report_interrupted(order):
            raise Conflict(_("The report is not failed or interrupted: it is %(status)s.")
                           % {"status": order.get_status_display().lower()},
                           code="not_failed")
        before = _snapshot(order)
        order.status, order.progress, order.step, order.error = Status.QUEUED, 0, "", ""
        order.touched_at, order.finished_at = timezone.now(), None
        order.save(update_fields=["status", "progress", "step", "error", "touched_at",
                                  "finished_at"])
        audit.record("indicators.report.retry", order, actor=actor, before=before,
                     after=_snapshot(order))
    from egov.indicators.tasks import write_report

    transaction.on_commit(lambda: write_report.enqueue(order.pk))
    return order


def _save(order: ReportOrder, name: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()
    return default_storage.save(f"reports/{order.uid}/{digest[:12]}/{name}",
                                ContentFile(content))


def _plain_text(built: report.BuiltReport) -> str:
    lines = []
    for block, label in built.document.numbered_body():
        if isinstance(block, Heading):
            lines.append(f"{label} {block.display_text}".strip())
        elif isinstance(block, Paragraph):
            lines.append(block.text)
    return "\n".join(lines)


def report_write(*, order_id: int) -> ReportOrder:
    """Write an ordered report (the background task): progress as it goes, the DOCX and
    PDF kept for download, or the reason it failed. Run again, a finished order, or one
    being written by another process, stays as it is; an interrupted one is written
    again."""
    with transaction.atomic():
        order = ReportOrder.objects.select_for_update().get(pk=order_id)
        if order.status == Status.DONE or (order.status == Status.RUNNING
                                           and not report_interrupted(order)):
            return order
        order.status, order.progress, order.error = Status.RUNNING, 1, ""
        order.touched_at = timezone.now()
        order.save(update_fields=["status", "progress", "error", "touched_at"])
    written: list[str] = []
    try:
        # Number and date stay blank: they are given when the report is issued.
        built = report.build_annual(
            year=order.year, agency=order.agency, whole_province=order.whole_province,
            unit_code=order.unit_code, date=None,
            progress=lambda percent, step: _progress(order.pk, percent, step))
        _progress(order.pk, 80, _("Laying out the DOCX"))
        docx = report.report_docx(built)
        _progress(order.pk, 88, _("Laying out the PDF"))
        pdf = report.report_pdf(built)
        written = [_save(order, f"{built.file_stem}.docx", docx),
                   _save(order, f"{built.file_stem}.pdf", pdf)]
        with transaction.atomic():
            order = ReportOrder.objects.select_for_update().get(pk=order_id)
            before = _snapshot(order)
            order.docx, order.pdf = written
            order.title, order.text = built.document.title, _plain_text(built)
            order.recipients = list(built.document.recipients)
            order.status, order.progress, order.step = Status.DONE, 100, ""
            order.finished_at = timezone.now()
            order.save()
            audit.record("indicators.report.write", order, actor=None, before=before,
                         after=_snapshot(order))
    except Exception as exc:
        logger.exception("report order %s failed", order_id)
        for path in written:
            default_storage.delete(path)
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        with transaction.atomic():
            order = ReportOrder.objects.select_for_update().get(pk=order_id)
            before = _snapshot(order)
            order.status, order.error = Status.FAILED, message[:2000] or type(exc).__name__
            order.finished_at = timezone.now()
            order.save(update_fields=["status", "error", "finished_at"])
            audit.record("indicators.report.fail", order, actor=None, before=before,
                         after={**_snapshot(order), "error": order.error})
    return order


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def _check_orderer(actor: Any, order: ReportOrder) -> None:
    if actor is None or order.requested_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who ordered the report makes it a "
                                 "document."))


def _ready_for_a_document(order: ReportOrder) -> ReportOrder:
    """The order locked (in the caller's transaction), finished and not yet a document."""
    order = ReportOrder.objects.select_for_update().get(pk=order.pk)
    if order.status != Status.DONE:
        raise Conflict(_("The report is not ready yet."), code="not_ready")
    if order.outgoing_id is not None:
        raise Conflict(_("The report is already a document."), code="already_issued")
    return order


def report_issue(*, actor: Any, order: ReportOrder) -> OutgoingDocument:
    """Make a finished report an outgoing document of its agency: a draft by the person
    who ordered it, to be signed by the agency's director, whose text is the report as
    laid out (egov.documents' ``Prepared``); it then goes through review, signature and
    issue like any document, and takes the next number of the agency's register."""
    _check_orderer(actor, order)
    official = official_of(actor)
    if official is None or not can_draft(actor, order.agency_id):
        raise PermissionDenied(_("Only an official of %(agency)s drafts its documents.")
                               % {"agency": order.agency.name})
    with transaction.atomic():
        order = _ready_for_a_document(order)
        director = report.director_of(order.agency)
        doc_type = DocumentType.objects.filter(code="BC", category="administrative").first()
        if doc_type is None:
            raise ValidationError({"doc_type": _("The document type Báo cáo (BC) is "
                                                 "missing.")})
        before = _snapshot(order)
        document = outgoing_service.outgoing_create(
            actor=actor, data=DraftData(doc_type=doc_type, summary=order.title,
                                        body=order.text, signer=director,
                                        recipients=[RecipientSpec(name)
                                                    for name in order.recipients]),
            prepared=Prepared(pdf=_read(order.pdf.name), docx=_read(order.docx.name)))
        order.outgoing = document
        order.save(update_fields=["outgoing"])
        audit.record("indicators.report.issue", order, actor=actor, before=before,
                     after=_snapshot(order))
    return document


def returned_draft(order: ReportOrder) -> OutgoingDocument | None:
    """The draft an earlier report of the same year and agency, ordered by the same
    person, became and which is a draft again (sent back by a reviewer, or never
    submitted): what this report may replace rather than start another draft."""
    earlier = (ReportOrder.objects.filter(
        agency_id=order.agency_id, year=order.year, requested_by_id=order.requested_by_id,
        outgoing__status=OutgoingDocument.Status.DRAFT).exclude(pk=order.pk)
        .select_related("outgoing").order_by("-requested_at").first())
    return earlier.outgoing if earlier is not None else None


def report_revise(*, actor: Any, order: ReportOrder) -> OutgoingDocument:
    """Put a finished report into the draft an earlier report of its year became (see
    ``returned_draft``): a new version of that draft whose text and layout are this
    report's, to be submitted for review again. The draft now belongs to this order."""
    _check_orderer(actor, order)
    with transaction.atomic():
        order = _ready_for_a_document(order)
        draft = returned_draft(order)
        if draft is None:
            raise Conflict(_("No draft of an earlier report of %(year)s is waiting to be "
                             "changed.") % {"year": order.year}, code="no_draft")
        earlier = ReportOrder.objects.select_for_update().get(outgoing=draft)
        before = _snapshot(order)
        document = outgoing_service.outgoing_revise(
            actor=actor, document=draft,
            data=DraftData(summary=order.title, body=order.text,
                           recipients=[RecipientSpec(name) for name in order.recipients]),
            note=_("The report written again on %(day)s.")
            % {"day": timezone.localdate().strftime("%d/%m/%Y")},
            prepared=Prepared(pdf=_read(order.pdf.name), docx=_read(order.docx.name)))
        # One order per document: the draft leaves the earlier order for this one.
        earlier.outgoing = None
        earlier.save(update_fields=["outgoing"])
        order.outgoing = document
        order.save(update_fields=["outgoing"])
        audit.record("indicators.report.revise", order, actor=actor, before=before,
                     after={**_snapshot(order), "replaces_order": str(earlier.uid),
                            "version": document.version})
    return document
