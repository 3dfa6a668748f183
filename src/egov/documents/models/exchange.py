"""Exchange of documents between agencies (liên thông văn bản), QCVN 102:2016 (edXML).

An ``Exchange`` is one document travelling to one receiving agency: issued here and
delivered to an agency of this platform, sent as an edXML package to another system, or
received from one. The receiver's status messages (received, rejected, accepted,
assigned, in progress, done) are kept as ``ExchangeStatus`` rows, which the sender sees.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExchangePeer(models.Model):
    """Another document system reached over HTTP: its address and the agencies (QCVN 102
    codes) behind it. ``token`` is the secret both sides share; a package or status
    message from a peer must carry it."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("exchange address"), max_length=300)
    organ_ids = models.JSONField(_("agencies reached"), default=list)
    token = models.CharField(_("shared secret"), max_length=200)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("exchange peer")
        verbose_name_plural = _("exchange peers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Exchange(models.Model):
    class Direction(models.TextChoices):
        LOCAL = "local", _("Between agencies of this platform")
        OUT = "out", _("Sent to another system")
        IN = "in", _("Received from another system")

    class Status(models.TextChoices):
        """The status codes of the feedback messages (01-06), in their order; ``pending``
        and ``failed`` are the sender's own (not sent yet, could not be delivered)."""

        PENDING = "pending", _("Waiting to be sent")
        FAILED = "failed", _("Could not be delivered")
        RECEIVED = "received", pgettext_lazy("document", "Received")
        REJECTED = "rejected", _("Rejected")
        ACCEPTED = "accepted", _("Accepted and registered")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("Being handled")
        DONE = "done", _("Done")

    direction = models.CharField(_("direction"), max_length=5, choices=Direction.choices)
    document_id = models.CharField(_("document id (edXML)"), max_length=15, unique=True)
    outgoing = models.ForeignKey("documents.OutgoingDocument", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="exchanges")
    recipient = models.OneToOneField("documents.Recipient", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="exchange")
    sender_code = models.CharField(_("sending agency's code"), max_length=20)
    sender_name = models.CharField(_("sending agency"), max_length=200)
    receiver_agency = models.ForeignKey("organizations.Agency", null=True, blank=True,
                                        on_delete=models.PROTECT,
                                        related_name="exchanges_received",
                                        verbose_name=_("receiving agency"))
    receiver_code = models.CharField(_("receiving agency's code"), max_length=20)
    receiver_name = models.CharField(_("receiving agency"), max_length=200)
    peer = models.ForeignKey(ExchangePeer, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="exchanges")
    package = models.TextField(_("edXML package"), editable=False)
    # The files that travel with the package: [{name, path, sha256, content_type}].
    files = models.JSONField(_("files"), default=list, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    incoming = models.OneToOneField("documents.IncomingDocument", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="exchange")
    attempts = models.PositiveSmallIntegerField(_("sending attempts"), default=0)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["receiver_agency", "status"],
                                name="documents_exchange_queue")]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.receiver_name}"


class ExchangeStatus(models.Model):
    """One status message about an exchange (gói tin trạng thái)."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(_("status"), max_length=12, choices=Exchange.Status.choices)
    description = models.CharField(_("description"), max_length=500, blank=True)
    staff = models.CharField(_("by"), max_length=200, blank=True)
    at = models.DateTimeField(_("time"))
    # For messages to send to another system: when it went out (None: still to send).
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("exchange status")
        verbose_name_plural = _("exchange statuses")
        ordering = ["exchange", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.exchange.document_id}: {self.status}"
