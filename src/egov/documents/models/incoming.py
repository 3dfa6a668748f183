"""Incoming documents (văn bản đến), their files, assignment and handling."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.documents.models.common import Channel, Confidentiality, Urgency
from egov.documents.models.registers import DocumentType, Register


class IncomingDocument(models.Model):
    """A document received by an agency, entered in its incoming register.

    The columns are those of the register of Appendix IV (arrival date and number,
    issuing body, number and symbol, date, type and summary, who received it) plus the
    electronic metadata of Appendix VI. The same document received twice (same issuer,
    number and symbol, date) is refused (``documents_incoming_once``).
    """

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        IN_PROGRESS = "in_progress", _("Being handled")
        DONE = "done", _("Done")

    agency = models.ForeignKey("organizations.Agency", verbose_name=_("receiving agency"),
                               on_delete=models.PROTECT, related_name="incoming_documents")
    register = models.ForeignKey(Register, verbose_name=_("register"), on_delete=models.PROTECT,
                                 related_name="incoming_documents")
    arrival_number = models.PositiveIntegerField(_("arrival number"))
    arrival_year = models.PositiveSmallIntegerField(_("arrival year"))
    arrival_date = models.DateField(_("arrival date"))
    issued_number = models.OneToOneField("core.IssuedNumber", on_delete=models.PROTECT,
                                         related_name="+", editable=False)
    issuer_agency = models.ForeignKey(
        "organizations.Agency", verbose_name=_("issuing agency on the platform"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="+",
    )
    issuer_name = models.CharField(_("issuing body"), max_length=200)
    # The issuer as duplicates are detected: the agency's code, or the folded name.
    issuer_key = models.CharField(max_length=200, editable=False)
    number_symbol = models.CharField(_("number and symbol"), max_length=50)
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("symbol"), max_length=45)
    document_date = models.DateField(_("document date"))
    doc_type = models.ForeignKey(DocumentType, verbose_name=_("type"), on_delete=models.PROTECT,
                                 related_name="+")
    summary = models.CharField(_("summary"), max_length=500)
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency.choices,
                               default=Urgency.NORMAL)
    confidentiality = models.CharField(_("confidentiality"), max_length=12,
                                       choices=Confidentiality.choices,
                                       default=Confidentiality.NORMAL)
    signer_name = models.CharField(_("signed by"), max_length=50, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=100, blank=True)
    pages = models.PositiveSmallIntegerField(_("pages"), default=1)
    channel = models.CharField(_("received as"), max_length=12, choices=Channel.choices)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.REGISTERED)
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    finished_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("finished by"))
    finish_note = models.TextField(_("closing note"), blank=True)
    reply = models.ForeignKey("documents.OutgoingDocument", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("reply"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("registered by"))
    registered_at = models.DateTimeField(_("registered at"))
    # fold() of number and symbol, issuer, summary and the text of the attachments.
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("incoming document")
        verbose_name_plural = _("incoming documents")
        ordering = ["-arrival_year", "-arrival_number"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "issuer_key", "number_symbol",
                                            "document_date"], name="documents_incoming_once"),
            models.UniqueConstraint(fields=["register", "arrival_year", "arrival_number"],
                                    name="documents_incoming_arrival_uniq"),
        ]
        indexes = [
            models.Index(fields=["agency", "arrival_date"], name="documents_in_agency_date"),
            models.Index(fields=["agency", "status", "due_date"], name="documents_in_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol} ({self.issuer_name})"

    @property
    def is_secret(self) -> bool:
        return self.confidentiality != Confidentiality.NORMAL


class Attachment(models.Model):
    """A file of a document: the scan or electronic original and its annexes. ``text``
    is what could be read out of it (PDF, DOCX) for search."""

    incoming = models.ForeignKey(IncomingDocument, null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="attachments")
    outgoing = models.ForeignKey("documents.OutgoingDocument", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="attachments")
    # Stored by egov.documents.files under the file's SHA-256.
    file = models.FileField(_("file"), max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    text = models.TextField(_("text"), blank=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(incoming__isnull=True) ^ Q(outgoing__isnull=True),
                name="documents_attachment_one_document"),
        ]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """Who handles an incoming document (phân công xử lý): lead (chủ trì), co-operating
    (phối hợp) or for information (để biết); a unit, a person, or a person in a unit.

    The director's assignments have no ``parent``; a unit that holds one may pass it to
    one of its people (``parent`` is the unit's assignment), which keeps the unit's
    own assignment and its deadline.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        COOPERATE = "cooperate", _("Co-operating")
        INFORM = "inform", _("For information")

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE,
                                 related_name="assignments")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    unit = models.ForeignKey("organizations.Unit", verbose_name=_("unit"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"),
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="document_assignments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("passed on from"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("assigned by"))
    assigned_at = models.DateTimeField(_("assigned at"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    instructions = models.TextField(_("instructions"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # The moment the reminder went out: a retried task sends it once.
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["document", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(unit__isnull=False) | Q(assignee__isnull=False),
                                   name="documents_assignment_has_holder"),
        ]
        indexes = [
            models.Index(fields=["assignee", "done_at"], name="documents_asg_assignee"),
            models.Index(fields=["unit", "done_at"], name="documents_asg_unit"),
            models.Index(fields=["deadline", "done_at"], name="documents_asg_deadline"),
        ]

    def __str__(self) -> str:
        holder = self.assignee or self.unit
        return f"{self.get_role_display()}: {holder}"


class HandlingNote(models.Model):
    """An opinion (ý kiến) or a progress report (tiến độ) on an incoming document."""

    class Kind(models.TextChoices):
        OPINION = "opinion", _("Opinion")
        PROGRESS = "progress", _("Progress")

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE,
                                 related_name="notes_log")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("author"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"))
    percent = models.PositiveSmallIntegerField(_("percent done"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("handling note")
        verbose_name_plural = _("handling notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
