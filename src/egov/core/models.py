"""Shared kernel data: the audit trail and the numbering sequences.

The working-day calendar lives in ``egov.core.calendar`` with its own model module.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.core.calendar.models import CalendarDay

__all__ = ["AuditChainHead", "AuditEntry", "CalendarDay", "IssuedNumber", "Sequence"]


class AuditEntry(models.Model):
    """One change of state (nhật ký thay đổi), chained to the one before by an HMAC.

    Rows are only ever appended, by ``egov.core.audit.record``. ``egov audit verify``
    recomputes the chain and names the first row that was altered, removed or inserted.
    """

    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        # DO_NOTHING, not SET_NULL: deleting a user must not rewrite their entries
        # (that would break the chain); the label keeps who it was.
        on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
    )
    actor_label = models.CharField(_("actor name"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["sequence"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_label}"


class AuditChainHead(models.Model):
    """The single row that holds the end of the chain.

    Appending locks this row, so entries get consecutive sequence numbers and each
    one hashes the one truly before it, even with many writers at once. It also
    lets ``verify`` notice entries cut from the end of the chain.
    """

    sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.last_hash[:12]}"


class Sequence(models.Model):
    """A named number sequence (dãy số) for one period: a register's year, a unit's day.

    ``key`` names the register (``documents.outgoing:000.00.31.H59``), ``period`` the
    span after which numbering restarts at 1 (``2017``, ``171103``).
    """

    key = models.CharField(_("register"), max_length=150)
    period = models.CharField(_("period"), max_length=20)
    last_value = models.PositiveBigIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(fields=["key", "period"], name="core_sequence_key_period_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.period}: {self.last_value}"


class IssuedNumber(models.Model):
    """Every number handed out, with what it was for, so a register can explain each one.

    A number is never handed out twice; one that is not used in the end is voided
    with a reason instead of disappearing.
    """

    sequence = models.ForeignKey(Sequence, on_delete=models.PROTECT, related_name="issued")
    value = models.PositiveBigIntegerField(_("number"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("issued by"),
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("reason for voiding"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("issued number")
        verbose_name_plural = _("issued numbers")
        constraints = [
            models.UniqueConstraint(fields=["sequence", "value"], name="core_issued_number_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.sequence.key} {self.sequence.period} #{self.value}"
