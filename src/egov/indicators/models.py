"""A report ordered from the leaders' page (đặt lập báo cáo): written in the background,
its progress polled by the page, its files kept for download, and, once signed and
issued, the outgoing document it became."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportOrder(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("report"), max_length=20, default="annual")
    year = models.PositiveSmallIntegerField(_("year"))
    agency = models.ForeignKey("organizations.Agency", verbose_name=_("agency"),
                               on_delete=models.PROTECT, related_name="+")
    whole_province = models.BooleanField(_("figures of the whole province"), default=False)
    # The drafting unit's short name in the symbol (BC-STTTT-VP): the requester's unit.
    unit_code = models.CharField(_("drafting unit"), max_length=20, default="VP")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("ordered by"))
    requested_at = models.DateTimeField(_("ordered at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    # When the writer last reported progress: a report being written that has been
    # silent for long was interrupted (its process died) and may be written again.
    touched_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    step = models.CharField(_("step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    # The narrative as plain text: what search reads once the report is a document.
    text = models.TextField(_("text"), blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    docx = models.FileField(_("DOCX"), max_length=300, blank=True)
    pdf = models.FileField(_("PDF"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outgoing = models.OneToOneField("documents.OutgoingDocument", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("outgoing document"))

    class Meta:
        verbose_name = _("report order")
        verbose_name_plural = _("report orders")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} {self.agency_id}"
