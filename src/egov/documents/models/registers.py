"""Document types of Decree 30/2020 and the registers (sổ văn bản) numbers come from."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocumentType(models.Model):
    """A type of document (loại văn bản) with the abbreviation its symbol carries.

    The administrative types and abbreviations are those of Decree 30/2020 (Art. 7 and
    Appendix III), loaded by migration; the legal normative types (Law 80/2015) and the
    Party's types are there so that documents received from those bodies can be
    registered with their own symbols; the copies (sao y, trích sao, sao lục) are
    numbered like types. An official letter (công văn) has no abbreviation.
    ``aliases`` are other abbreviations met in symbols from other systems for the same
    type (BGN for a memorandum, GN being Decree 30's).
    """

    class Category(models.TextChoices):
        ADMINISTRATIVE = "administrative", _("Administrative document")
        LEGAL = "legal", _("Legal normative document")
        PARTY = "party", _("Party document")
        COPY = "copy", _("Copy")

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    code = models.CharField(_("abbreviation"), max_length=10, blank=True)
    name = models.CharField(_("name"), max_length=100)
    ordinal = models.PositiveSmallIntegerField(_("order"))
    aliases = models.JSONField(_("other abbreviations"), default=list, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["category", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="documents_type_name_uniq"),
            models.UniqueConstraint(fields=["category", "code"], condition=~Q(code=""),
                                    name="documents_type_code_uniq"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_official_letter(self) -> bool:
        return self.category == self.Category.ADMINISTRATIVE and not self.code


class Direction(models.TextChoices):
    INCOMING = "in", _("Incoming")
    OUTGOING = "out", _("Outgoing")


class Register(models.Model):
    """A register (sổ đăng ký) with its own number series, restarting every 1 January.

    An agency numbers all its outgoing documents in one general register, and its
    incoming ones in another, unless it configures more (Decree 30/2020, Art. 15): a
    register for secret documents (the law requires their own series), one for legal
    normative documents (numbered with the year), or one per type chosen by the head.
    A register with ``types`` takes the documents of those types; the general register
    (no types, not secret) takes the rest.
    """

    agency = models.ForeignKey("organizations.Agency", verbose_name=_("agency"),
                               on_delete=models.PROTECT, related_name="document_registers")
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=150)
    secret = models.BooleanField(_("for secret documents"), default=False)
    legal = models.BooleanField(_("legal normative (number with the year)"), default=False)
    types = models.ManyToManyField(DocumentType, verbose_name=_("document types"), blank=True,
                                   related_name="registers")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("register")
        verbose_name_plural = _("registers")
        ordering = ["agency", "direction", "secret", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "direction", "code"],
                                    name="documents_register_code_uniq"),
            models.UniqueConstraint(fields=["agency", "direction"], condition=Q(secret=True),
                                    name="documents_register_one_secret"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sequence_key(self) -> str:
        """The numbering service's key: ``documents.out:000.00.31.H59:chung``."""
        return f"documents.{self.direction}:{self.agency.code}:{self.code}"
