"""Outgoing documents (văn bản đi): drafts and their versions, review, signature, issue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.documents.models.common import Confidentiality, Urgency
from egov.documents.models.registers import DocumentType, Register


class OutgoingDocument(models.Model):
    """A document the agency drafts, has reviewed, signed and issues (Decree 30/2020,
    Art. 10-18). The number is taken when the clerk issues it, from the agency's outgoing
    register of that year; until then ``number`` is empty and the signed PDF shows blanks
    where the number and date go (see ``egov.documents.stamping``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("document", "Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", pgettext_lazy("document", "Approved")
        SIGNED = "signed", _("Signed")
        ISSUED = "issued", _("Issued")

    class Authority(models.TextChoices):
        """Thẩm quyền ký: the line above the signer's position."""

        OWN = "", _("Signs in own name")
        ON_BEHALF = "TM", _("TM. (on behalf of the collective)")
        DEPUTY = "KT", _("KT. (deputy signing for the head)")
        BY_ORDER = "TL", _("TL. (by order)")
        BY_AUTHORIZATION = "TUQ", _("TUQ. (by authorization)")
        ACTING = "Q", _("Q. (acting)")

    agency = models.ForeignKey("organizations.Agency", verbose_name=_("agency"),
                               on_delete=models.PROTECT, related_name="outgoing_documents")
    drafting_unit = models.ForeignKey("organizations.Unit", verbose_name=_("drafting unit"),
                                      on_delete=models.PROTECT, related_name="+")
    doc_type = models.ForeignKey(DocumentType, verbose_name=_("type"),
                                 on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(_("summary"), max_length=500)
    body = models.TextField(_("content"), blank=True)
    addressees = models.JSONField(_("addressed to"), default=list, blank=True)
    place = models.CharField(_("place"), max_length=100)
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency.choices,
                               default=Urgency.NORMAL)
    confidentiality = models.CharField(_("confidentiality"), max_length=12,
                                       choices=Confidentiality.choices,
                                       default=Confidentiality.NORMAL)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL,
                               verbose_name=pgettext_lazy("document", "signer"),
                               on_delete=models.PROTECT, related_name="+")
    signer_position = models.CharField(_("signer's position"), max_length=100)
    authority = models.CharField(_("signing authority"), max_length=3, blank=True,
                                 choices=Authority.choices, default=Authority.OWN)
    authority_title = models.CharField(_("title of the head signed for"), max_length=100,
                                       blank=True)
    copies = models.PositiveSmallIntegerField(pgettext_lazy("document", "copies"), default=1)
    in_reply_to = models.ForeignKey("documents.IncomingDocument", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="replies",
                                    verbose_name=_("in reply to"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    version = models.PositiveIntegerField(_("current version"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("drafted by"))
    created_at = models.DateTimeField(_("created at"))
    signed_pdf = models.FileField(_("signed PDF"), max_length=300, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    register = models.ForeignKey(Register, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="outgoing_documents", verbose_name=_("register"))
    issued_number = models.OneToOneField("core.IssuedNumber", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+",
                                         editable=False)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    number_symbol = models.CharField(_("number and symbol"), max_length=50, blank=True)
    issued_date = models.DateField(_("date of issue"), null=True, blank=True)
    issued_at = models.DateTimeField(pgettext_lazy("document", "issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=pgettext_lazy("document", "issued by"))
    issued_pdf = models.FileField(_("issued PDF"), max_length=300, blank=True)
    issued_docx = models.FileField(_("issued DOCX"), max_length=300, blank=True)
    # Sent to at least one recipient electronically (the report's electronic share):
    # set when an exchange goes out, or from the old system's register on import.
    sent_electronically = models.BooleanField(_("sent electronically"), default=False)
    # A draft prepared by the platform (the annual report with its tables and charts): the
    # PDF the signer signs and the DOCX issued are these files, laid out with the number
    # and date left blank, instead of a rendering of ``body``.
    prepared_pdf = models.FileField(_("prepared PDF"), max_length=300, blank=True)
    prepared_docx = models.FileField(_("prepared DOCX"), max_length=300, blank=True)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("outgoing document")
        verbose_name_plural = _("outgoing documents")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["agency", "status"], name="documents_out_agency_status"),
            models.Index(fields=["agency", "issued_date"], name="documents_out_agency_date"),
        ]

    def __str__(self) -> str:
        return self.number_symbol or f"{self.doc_type.name}: {self.summary[:60]}"

    @property
    def is_secret(self) -> bool:
        return self.confidentiality != Confidentiality.NORMAL


class DraftVersion(models.Model):
    """One version of a draft (phiên bản dự thảo): what was written, by whom, when."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE,
                                 related_name="versions")
    number = models.PositiveIntegerField(pgettext_lazy("document", "version"))
    summary = models.CharField(_("summary"), max_length=500)
    body = models.TextField(_("content"), blank=True)
    addressees = models.JSONField(_("addressed to"), default=list, blank=True)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("author"))
    created_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"],
                                               name="documents_draft_version_uniq")]

    def __str__(self) -> str:
        return f"v{self.number}"


class Recipient(models.Model):
    """A line of "Nơi nhận": an agency of the platform (delivered into its incoming
    queue), an agency of another system (by its QCVN 102 code, through an edXML
    package), or a name only (sent on paper)."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE,
                                 related_name="recipients")
    ordinal = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("recipient"), max_length=200)
    agency = models.ForeignKey("organizations.Agency", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("agency on the platform"))
    organ_id = models.CharField(_("electronic identifier of another system's agency"),
                                max_length=20, blank=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["document", "ordinal"]

    def __str__(self) -> str:
        return self.name


class ReviewStep(models.Model):
    """One reviewer in the chain a draft is submitted to (trình duyệt); the last one
    approves. A draft sent back starts a new round when it is submitted again."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting")
        APPROVED = "approved", pgettext_lazy("document", "Approved")
        RETURNED = "returned", pgettext_lazy("document", "Sent back")

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE,
                                 related_name="review_steps")
    round = models.PositiveSmallIntegerField(_("round"))
    order = models.PositiveSmallIntegerField(_("order"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("reviewer"))
    version = models.PositiveIntegerField(_("version reviewed"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices,
                                default=Decision.PENDING)
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["document", "round", "order"]
        constraints = [models.UniqueConstraint(fields=["document", "round", "order"],
                                               name="documents_review_step_uniq")]

    def __str__(self) -> str:
        return f"{self.round}.{self.order} {self.reviewer}"
