"""Dossiers (hồ sơ thủ tục hành chính): from the application to the returned result.

A ``Dossier`` is one application under one procedure, judged by the procedure version
in force when it was submitted. Its ``status`` only moves through the transitions of
``egov.dossiers.workflow``; every move appends a ``DossierEvent``, which is also the
row of the processing control sheet (phiếu kiểm soát quá trình giải quyết hồ sơ).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How the dossier reached the agency (kênh tiếp nhận)."""

    ONLINE = "online", _("Online")
    DESK = "desk", _("At the desk")
    POST = "post", _("By post")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting check")
    RECEIVED = "received", _("Received")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Awaiting supplement")
    REFUSED = "refused", _("Refused at intake")
    PROCESSING = "processing", _("Processing")
    RESULT_READY = "result_ready", _("Result ready")
    RETURNED = "returned", _("Result returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Delivery(models.TextChoices):
    """Where the applicant receives the result (Decision 45/2016/QĐ-TTg, Art. 5)."""

    DESK = "desk", _("At the desk")
    POST = "post", _("By post")
    ONLINE = "online", _("Online")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused with reasons")


class Timeliness(models.TextChoices):
    """Early / on time / late (trước hạn / đúng hạn / quá hạn), for a step or a dossier."""

    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    IN_PROGRESS = "in_progress", _("In progress")
    OVERDUE = "overdue", _("In progress, overdue")
    NONE = "none", _("Not counted")


class VietnamDate(TruncDate):
    """The date in Vietnam of a moment, the time zone named (a migration can write it
    down, a ``ZoneInfo`` it cannot)."""

    def get_tzname(self) -> str:
        return "Asia/Ho_Chi_Minh"


class Dossier(models.Model):
    """A dossier (hồ sơ). ``code`` is ``<receiving agency code>-YYMMDD-NNNN``
    (Circular 01/2018/TT-VPCP, Art. 19), given when the dossier is submitted."""

    code = models.CharField(_("dossier code"), max_length=40, unique=True, null=True,
                            blank=True)
    procedure = models.ForeignKey(
        "procedures.Procedure", verbose_name=_("procedure"), on_delete=models.PROTECT,
        related_name="dossiers",
    )
    version = models.ForeignKey(
        "procedures.ProcedureVersion", verbose_name=_("procedure version"),
        on_delete=models.PROTECT, related_name="dossiers",
    )
    # The old service level (Decree 43/2011) of the version, kept here for counting.
    level = models.PositiveSmallIntegerField(_("service level"))
    agency = models.ForeignKey(
        "organizations.Agency", verbose_name=_("receiving agency"), on_delete=models.PROTECT,
        related_name="dossiers",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices,
                               blank=True)

    # The applicant as they identified themselves on this dossier.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant account"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="dossiers",
    )
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_id_number = models.CharField(_("citizen ID or tax code"), max_length=14,
                                           blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=255, blank=True)

    answers = models.JSONField(_("application form"), default=dict, blank=True)
    # [{"position", "name", "originals", "copies", "required", "received"}]
    papers = models.JSONField(_("papers"), default=list, blank=True)
    delivery = models.CharField(_("result delivery"), max_length=10, choices=Delivery.choices,
                                default=Delivery.DESK)
    delivery_address = models.CharField(_("postal address"), max_length=255, blank=True)

    fee_amount = models.PositiveBigIntegerField(_("fee and charge (VND)"), default=0)
    paid_amount = models.PositiveBigIntegerField(_("paid (VND)"), default=0)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)

    created_at = models.DateTimeField(_("created at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("received by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    # The appointment date; after an apology the new date, the first one kept in
    # ``original_due_date`` (against which the dossier still counts as late).
    due_date = models.DateField(_("due date"), null=True, blank=True)
    original_due_date = models.DateField(_("original due date"), null=True, blank=True)
    finished_at = models.DateTimeField(_("result ready at"), null=True, blank=True)
    # The day the result was ready in Vietnam, kept by the database: the timeliness rule
    # compares it with the due date on every row an indicator counts, where converting
    # each time stamp cost more than the rest of the count (bench/indicators). Read it
    # in queries; an instance sees it only after refresh_from_db().
    finished_on = models.GeneratedField(
        expression=VietnamDate("finished_at"),
        output_field=models.DateField(), db_persist=True, verbose_name=_("result ready on"))
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("returned by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    return_method = models.CharField(_("returned"), max_length=10, choices=Delivery.choices,
                                     blank=True)
    returned_to = models.CharField(_("received by (applicant side)"), max_length=200,
                                   blank=True)
    # Why it was refused, declined or withdrawn.
    closing_reason = models.TextField(_("reason"), blank=True)
    supplement_requests = models.PositiveSmallIntegerField(default=0)
    # The status an awaiting_supplement dossier goes back to once supplemented.
    paused_status = models.CharField(max_length=20, choices=Status.choices, blank=True)

    # Where the dossier is: the step of the version's steps (0 = intake at the desk),
    # the role and unit that act on it, and the official who took it, if any.
    step_index = models.PositiveSmallIntegerField(_("step"), null=True, blank=True)
    step_role = models.CharField(_("role"), max_length=20, blank=True)
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="dossiers",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="assigned_dossiers",
    )
    step_started_at = models.DateTimeField(_("step started at"), null=True, blank=True)
    step_due_date = models.DateField(_("step due date"), null=True, blank=True)

    result_file = models.FileField(_("result"), blank=True, max_length=255)
    result_sha256 = models.CharField(max_length=64, blank=True)

    # Optimistic concurrency: every change adds one; a client that read revision n and
    # sends it back is refused (409) if someone else moved the dossier meanwhile.
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["agency", "status"], name="dossier_agency_status_idx"),
            models.Index(fields=["agency", "received_at"], name="dossier_agency_received_idx"),
            models.Index(fields=["received_at"], name="dossier_received_idx"),
            models.Index(fields=["finished_at"], name="dossier_finished_idx"),
            models.Index(fields=["status", "step_role", "unit"], name="dossier_queue_idx"),
            models.Index(fields=["assignee", "status"], name="dossier_assignee_idx"),
            models.Index(fields=["applicant", "status"], name="dossier_applicant_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(code__isnull=False),
                name="dossier_code_after_draft",
            ),
        ]

    def __str__(self) -> str:
        return self.code or str(_("Draft dossier %(id)s") % {"id": self.pk})

    @property
    def deadline(self) -> dt.date | None:
        """The date the dossier is judged against: the first appointment, even after an
        apology moved it."""
        return self.original_due_date or self.due_date

    @property
    def is_paid(self) -> bool:
        return self.fee_amount == 0 or self.paid_amount >= self.fee_amount


class DossierEvent(models.Model):
    """One move of a dossier, append-only: the row of the processing control sheet.

    ``from_*`` is who handed over, ``to_*`` who received it; ``step_*`` the step that
    starts with the move, ``ended_*`` the step it ends and how it kept its time.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"))
    action = models.CharField(_("action"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("by"), max_length=200, blank=True)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    from_unit = models.ForeignKey(
        "organizations.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        "organizations.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_role = models.CharField(max_length=20, blank=True)
    step_index = models.PositiveSmallIntegerField(null=True, blank=True)
    step_name = models.CharField(max_length=300, blank=True)
    step_due_date = models.DateField(null=True, blank=True)
    ended_step_index = models.PositiveSmallIntegerField(null=True, blank=True)
    ended_step_result = models.CharField(max_length=12, choices=Timeliness.choices,
                                         blank=True)
    # Working days before (+) or after (-) the ended step's due date.
    ended_step_margin = models.SmallIntegerField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier", "at", "id"]
        indexes = [models.Index(fields=["dossier", "at"], name="dossier_event_idx")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class AttachmentKind(models.TextChoices):
    APPLICATION = "application", _("Application paper")
    SUPPLEMENT = "supplement", _("Supplement")


class DossierAttachment(models.Model):
    """A file of the dossier (thành phần hồ sơ điện tử): uploaded or scanned at the desk.

    Served only through views that check permissions; ``sha256`` lets anyone check
    that the file is the one received."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=12, choices=AttachmentKind.choices,
                            default=AttachmentKind.APPLICATION)
    paper_position = models.PositiveSmallIntegerField(_("paper"), null=True, blank=True)
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["dossier", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class DossierRating(models.Model):
    """The applicant's rating of the service, once, after the result was returned."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating")
    stars = models.PositiveSmallIntegerField(_("stars"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=1) & Q(stars__lte=5),
                                   name="dossier_rating_stars_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.stars}"


class SubmissionKey(models.Model):
    """An ``Idempotency-Key`` an applicant sent with a submission: the same key and
    request again gives the same dossier instead of a second one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="dossier_submission_key_uniq"),
        ]

    def __str__(self) -> str:
        return self.key
