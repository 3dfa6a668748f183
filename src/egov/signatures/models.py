"""Digital certificates (chứng thư số), the authorities that issue them, and their history.

A certificate belongs to an agency, as the agency's seal (chữ ký số của cơ quan, tổ
chức), or to one official (chữ ký số cá nhân); which one is data (``signer_kind``),
not a guess from the subject. Every change of status is a ``CertificateEvent`` with its
time, so the registry can say how many certificates of each kind were in force on any
past date (the yearly report counts them at 31 December).

Private keys are never stored in the clear: ``key_blob`` holds the key encrypted under
the installation's key-encryption key (and the holder's passphrase where one is set),
see ``egov.signatures.keys`` and docs/signatures.md.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class KeyAlgorithm(models.TextChoices):
    RSA_2048 = "rsa2048", _("RSA 2048")
    RSA_3072 = "rsa3072", _("RSA 3072")
    EC_P256 = "ec-p256", _("ECDSA P-256")


class Authority(models.Model):
    """A certification authority (tổ chức cung cấp dịch vụ chứng thực) or the timestamp
    authority of the platform, or an outside CA whose certificates we accept.

    The platform's own authorities hold an encrypted key (``key_blob``); imported ones
    only their certificate. ``trusted`` marks a root as a trust anchor for verification;
    ``enabled`` lets a platform authority issue certificates, CRLs or timestamps.
    """

    class Role(models.TextChoices):
        ROOT = "root", _("Root certification authority")
        ISSUING = "issuing", _("Issuing certification authority")
        TIMESTAMPING = "tsa", _("Timestamp authority")

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("issued by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    is_platform = models.BooleanField(_("run by the platform"), default=False)
    certificate_der = models.BinaryField(_("certificate"))
    subject = models.CharField(_("subject"), max_length=500)
    serial_number = models.CharField(_("serial number"), max_length=64)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    valid_from = models.DateTimeField(_("valid from"))
    valid_to = models.DateTimeField(_("valid until"))
    key_blob = models.BinaryField(_("encrypted private key"), null=True, blank=True,
                                  editable=False)
    trusted = models.BooleanField(_("trusted as a root"), default=False)
    enabled = models.BooleanField(_("in service"), default=True)
    crl_number = models.PositiveBigIntegerField(_("CRL number"), default=0)
    crl_der = models.BinaryField(_("current CRL"), null=True, blank=True, editable=False)
    crl_this_update = models.DateTimeField(_("CRL issued at"), null=True, blank=True)
    crl_next_update = models.DateTimeField(_("next CRL due"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ca(self) -> bool:
        return self.role in {self.Role.ROOT, self.Role.ISSUING}


class SignerKind(models.TextChoices):
    """Who signs with the certificate: the agency (its seal) or one official."""

    ORGANISATION = "organisation", _("Organisation (agency seal)")
    INDIVIDUAL = "individual", _("Individual (official)")


class CertificateStatus(models.TextChoices):
    # A context of their own: these short words mean other things in other catalogues.
    REQUESTED = "requested", pgettext_lazy("certificate status", "Requested")
    REJECTED = "rejected", pgettext_lazy("certificate status", "Request rejected")
    ACTIVE = "active", pgettext_lazy("certificate status", "Active")
    SUSPENDED = "suspended", pgettext_lazy("certificate status", "Suspended")
    REVOKED = "revoked", pgettext_lazy("certificate status", "Revoked")
    EXPIRED = "expired", pgettext_lazy("certificate status", "Expired")


class RevocationReason(models.IntegerChoices):
    """CRLReason of RFC 5280, section 5.3.1 (the codes that apply to a subscriber)."""

    UNSPECIFIED = 0, _("Unspecified")
    KEY_COMPROMISE = 1, _("Key compromised")
    AFFILIATION_CHANGED = 3, _("Holder's affiliation changed")
    SUPERSEDED = 4, _("Superseded by a new certificate")
    CESSATION_OF_OPERATION = 5, _("Cessation of operation")
    CERTIFICATE_HOLD = 6, _("Certificate on hold (suspended)")
    PRIVILEGE_WITHDRAWN = 9, _("Privilege withdrawn")


class KeyProtection(models.TextChoices):
    KEK = "kek", _("Encrypted with the platform key-encryption key")
    PASSPHRASE = "passphrase", _("Encrypted with the platform key and the holder's passphrase")
    NONE = "none", _("No private key on the platform")


class Certificate(models.Model):
    """A digital certificate (chứng thư số) of an agency's seal or of an official.

    Created as a request (``requested``); issued by the platform's CA or imported
    from an outside one (``active``); then suspended, revoked or expired. The
    certificate itself (DER) and its key arrive when it is issued.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    signer_kind = models.CharField(_("signer"), max_length=12, choices=SignerKind.choices)
    agency = models.ForeignKey(
        "organizations.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
        related_name="certificates",
    )
    official = models.ForeignKey(
        "accounts.Official", verbose_name=_("official"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="certificates",
    )
    common_name = models.CharField(_("subject name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CertificateStatus.choices,
        default=CertificateStatus.REQUESTED, db_index=True,
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    key_algorithm = models.CharField(
        _("key algorithm"), max_length=10, choices=KeyAlgorithm.choices,
        default=KeyAlgorithm.RSA_2048,
    )
    renewal_of = models.ForeignKey(
        "self", verbose_name=_("renews"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="renewals",
    )
    need = models.ForeignKey(
        "signatures.CertificateNeed", verbose_name=_("registered need"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="certificates",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"))

    # Filled in when the certificate exists.
    issuer = models.ForeignKey(
        Authority, verbose_name=_("issuer"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="certificates",
    )
    serial_number = models.CharField(_("serial number"), max_length=64, blank=True)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    certificate_der = models.BinaryField(_("certificate"), null=True, blank=True)
    key_usage = models.JSONField(_("key usage"), default=list, blank=True)
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_to = models.DateTimeField(_("valid until"), null=True, blank=True, db_index=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    key_protection = models.CharField(
        _("key protection"), max_length=10, choices=KeyProtection.choices,
        default=KeyProtection.NONE,
    )
    key_blob = models.BinaryField(_("encrypted private key"), null=True, blank=True,
                                  editable=False)

    # Set while suspended or once revoked (the CRL entry).
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    revocation_reason = models.PositiveSmallIntegerField(
        _("revocation reason"), choices=RevocationReason.choices, null=True, blank=True,
    )
    renewal_reminded_at = models.DateTimeField(_("renewal reminder sent at"), null=True,
                                               blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["agency", "common_name", "-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "serial_number"], condition=~Q(serial_number=""),
                name="signatures_certificate_serial_uniq",
            ),
            models.CheckConstraint(
                condition=Q(signer_kind="organisation", official__isnull=True)
                | Q(signer_kind="individual", official__isnull=False),
                name="signatures_certificate_kind_matches_holder",
            ),
        ]
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self) -> str:
        serial = f" #{self.serial_number[:16]}" if self.serial_number else ""
        return f"{self.common_name}{serial}"


class CertificateEvent(models.Model):
    """One change in a certificate's life (lịch sử): requested, issued, suspended…

    ``at`` is when it took effect; the counts at a date read these rows, never the
    certificate's current status.
    """

    class Action(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("certificate action", "Requested")
        REJECTED = "rejected", pgettext_lazy("certificate action", "Request rejected")
        ISSUED = "issued", pgettext_lazy("certificate action", "Issued")
        IMPORTED = "imported", pgettext_lazy("certificate action", "Imported")
        SUSPENDED = "suspended", pgettext_lazy("certificate action", "Suspended")
        REINSTATED = "reinstated", pgettext_lazy("certificate action", "Reinstated")
        REVOKED = "revoked", pgettext_lazy("certificate action", "Revoked")
        EXPIRED = "expired", pgettext_lazy("certificate action", "Expired")

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("certificate"),
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    status = models.CharField(_("status after"), max_length=10, choices=CertificateStatus.choices)
    at = models.DateTimeField(_("time"), db_index=True)
    reason_code = models.PositiveSmallIntegerField(
        _("reason code"), choices=RevocationReason.choices, null=True, blank=True,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate history")
        ordering = ["certificate", "at", "id"]
        indexes = [models.Index(fields=["certificate", "at"])]

    def __str__(self) -> str:
        return f"{self.certificate}: {self.get_action_display()} {self.at:%Y-%m-%d}"


class CertificateNeed(models.Model):
    """An agency's yearly registration of its certificate needs (đăng ký nhu cầu).

    The department collects these each year to plan the certificates it asks for.
    """

    agency = models.ForeignKey(
        "organizations.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
        related_name="certificate_needs",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    organisation_count = models.PositiveSmallIntegerField(_("new organisation certificates"))
    individual_count = models.PositiveSmallIntegerField(_("new individual certificates"))
    renewal_count = models.PositiveSmallIntegerField(_("renewals"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("registration of certificate needs")
        verbose_name_plural = _("registrations of certificate needs")
        ordering = ["-year", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="signatures_need_agency_year"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"


class SignatureRecord(models.Model):
    """A signature the platform made (nhật ký ký số): which certificate, on what, when."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="signatures",
        verbose_name=_("certificate"),
    )
    signed_at = models.DateTimeField(_("signed at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    field_name = models.CharField(_("signature field"), max_length=100)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    input_sha256 = models.CharField(_("SHA-256 of the file signed"), max_length=64)
    output_sha256 = models.CharField(_("SHA-256 of the signed file"), max_length=64,
                                     db_index=True)
    timestamped = models.BooleanField(_("timestamped"), default=True)

    class Meta:
        verbose_name = _("signature made")
        verbose_name_plural = _("signatures made")
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"{self.certificate} {self.signed_at:%Y-%m-%d %H:%M}"
