"""Services of the certificate registry (quản lý chứng thư số): request, issue, reject,
suspend, reinstate, revoke, expire, renew, change a passphrase, register yearly needs.

Every change of status appends a ``CertificateEvent`` with the time it took effect;
a revocation or suspension reissues the issuer's CRL in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cryptography.hazmat.primitives.serialization import pkcs12 as p12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.accounts.models import Official
from egov.core import audit
from egov.core.errors import Conflict
from egov.organizations.models import AdministrativeDivision, Agency
from egov.signatures import ca, keys
from egov.signatures.models import (
    Authority,
    Certificate,
    CertificateEvent,
    CertificateNeed,
    CertificateStatus,
    KeyAlgorithm,
    KeyProtection,
    RevocationReason,
    SignerKind,
)
from egov.signatures.permissions import (
    can_administer_authority,
    can_manage_certificate,
    can_request_for,
    can_view_certificate,
)
from egov.signatures.selectors import expiring
from egov.signatures.services._common import (
    authority_certificate_url,
    crl_url,
    moment,
    require,
)
from egov.signatures.services.authorities import (
    authority_import,
    authority_key,
    crl_publish,
    issued_by,
)

Status = CertificateStatus
Action = CertificateEvent.Action

_AUDITED = ["uid", "signer_kind", "agency_id", "official_id", "common_name", "email", "status",
            "purpose", "key_algorithm", "renewal_of_id", "issuer_id", "serial_number",
            "fingerprint", "valid_from", "valid_to", "issued_at", "key_protection",
            "status_changed_at", "revocation_reason"]

# Reasons a subscriber certificate may be revoked for; certificateHold is a suspension.
REVOCATION_REASONS = frozenset(RevocationReason.values) - {RevocationReason.CERTIFICATE_HOLD}


def default_key_algorithm() -> str:
    return getattr(settings, "EGOV_SIGNING_KEY_ALGORITHM", "") or KeyAlgorithm.RSA_2048


def default_years() -> int:
    return int(getattr(settings, "EGOV_SIGNING_CERT_YEARS", 0) or 3)


def _owner(certificate: Certificate) -> str:
    return f"certificate:{certificate.uid}"


def _event(certificate: Certificate, action: str, *, at: dt.datetime, actor: Any,
           note: str = "", reason_code: int | None = None) -> CertificateEvent:
    return CertificateEvent.objects.create(
        certificate=certificate, action=action, status=certificate.status, at=at,
        reason_code=reason_code, note=note[:500],
        actor=actor if getattr(actor, "pk", None) else None,
    )


def _locked(certificate: Certificate) -> Certificate:
    return Certificate.objects.select_for_update().get(pk=certificate.pk)


def _expect(certificate: Certificate, *statuses: str) -> None:
    if certificate.status not in statuses:
        raise Conflict(
            _("The certificate is %(status)s; this cannot be done now.")
            % {"status": certificate.get_status_display().lower()},
            code="wrong_status",
        )


def certificate_request(
    *, actor: Any, signer_kind: str, agency: Agency, official: Official | None = None,
    common_name: str = "", email: str = "", purpose: str = "", key_algorithm: str | None = None,
    renewal_of: Certificate | None = None, need: CertificateNeed | None = None,
    at: dt.datetime | None = None,
) -> Certificate:
    """Ask for a certificate (đề nghị cấp chứng thư số) for the agency's seal or for one
    of its officials."""
    require(actor, lambda user: can_request_for(user, agency.pk))
    errors: dict[str, str] = {}
    if signer_kind not in SignerKind.values:
        errors["signer_kind"] = _("Choose an organisation or an individual certificate.")
    elif signer_kind == SignerKind.INDIVIDUAL:
        if official is None:
            errors["official"] = _("An individual certificate needs the official it is for.")
        elif official.agency_id != agency.pk:
            errors["official"] = _("The official does not belong to this agency.")
        elif not official.is_active:
            errors["official"] = _("The official's account is not active.")
    elif official is not None:
        errors["official"] = _("An organisation certificate is not for one official.")
    algorithm = key_algorithm or default_key_algorithm()
    if algorithm not in KeyAlgorithm.values:
        errors["key_algorithm"] = _("Unknown key algorithm.")
    if need is not None and need.agency_id != agency.pk:
        errors["need"] = _("This registration of needs is another agency's.")
    if errors:
        raise ValidationError(errors)
    if not common_name.strip():
        common_name = official.user.get_full_name() if official is not None else agency.name
    when = moment(at)
    with transaction.atomic():
        if official is not None and Certificate.objects.filter(
            official=official, status=Status.REQUESTED
        ).exists():
            raise Conflict(_("This official already has a request waiting."),
                           code="duplicate_request")
        certificate = Certificate.objects.create(
            signer_kind=signer_kind, agency=agency, official=official,
            common_name=common_name.strip()[:200],
            email=email or (official.user.email if official is not None else agency.email),
            purpose=purpose[:300], key_algorithm=algorithm, renewal_of=renewal_of, need=need,
            requested_by=actor if getattr(actor, "pk", None) else None, requested_at=when,
        )
        _event(certificate, Action.REQUESTED, at=when, actor=actor, note=purpose)
        audit.record("signatures.certificate.request", certificate, actor=actor,
                     after=audit.snapshot(certificate, _AUDITED))
    return certificate


def _province_of(agency: Agency) -> str:
    division = agency.division
    seen = 0
    while division.parent_id is not None and seen < 5:
        division, seen = division.parent, seen + 1
    return division.name if division.level == AdministrativeDivision.Level.PROVINCE else ""


def _subject(certificate: Certificate) -> Any:
    agency = certificate.agency
    province = _province_of(agency)
    if certificate.signer_kind == SignerKind.ORGANISATION:
        return ca.name(certificate.common_name, organisation=agency.name, province=province,
                       uid=agency.code, email=certificate.email)
    return ca.name(certificate.common_name, organisation=agency.name, province=province,
                   title=certificate.official.position, email=certificate.email)


def issuing_authority() -> Authority:
    authority = (
        Authority.objects.filter(role=Authority.Role.ISSUING, is_platform=True, enabled=True)
        .order_by("-valid_from").first()
    )
    if authority is None:
        raise Conflict(_("The platform's certificate authority is not in service."),
                       code="ca_off")
    return authority


def certificate_issue(
    *, actor: Any, certificate: Certificate, passphrase: str | None = None,
    years: int | None = None, at: dt.datetime | None = None,
) -> Certificate:
    """Issue a requested certificate from the platform's CA (cấp chứng thư số): make the
    key pair, sign the certificate, keep the key sealed. A passphrase, when given, is
    needed for every signature with it."""
    require(actor, can_administer_authority)
    keys.check_passphrase_strength(passphrase)
    years = years or default_years()
    if not 1 <= years <= ca.MAX_SUBSCRIBER_YEARS:
        raise ValidationError({"years": _("A certificate is valid for 1 to %(max)d years.")
                               % {"max": ca.MAX_SUBSCRIBER_YEARS}})
    when = moment(at)
    with transaction.atomic():
        certificate = _locked(certificate)
        _expect(certificate, Status.REQUESTED)
        issuer = issuing_authority()
        if not issuer.valid_from <= when < issuer.valid_to:
            raise Conflict(_("The CA's own certificate is not valid at that time."),
                           code="ca_not_valid")
        issuer_cert = ca.load_certificate(issuer.certificate_der)
        key = keys.generate_private_key(certificate.key_algorithm)
        cert = ca.signer_certificate(
            subject=_subject(certificate), public_key=key.public_key(),
            issuer_cert=issuer_cert, issuer_key=authority_key(issuer),
            not_before=when, not_after=ca.add_years(when, years),
            crl_url=crl_url(issuer.slug), issuer_url=authority_certificate_url(issuer.slug),
            email=certificate.email,
        )
        before = audit.snapshot(certificate, _AUDITED)
        _fill_from(certificate, cert, issuer)
        certificate.issued_at = when
        certificate.key_blob = keys.seal(key, owner=_owner(certificate), passphrase=passphrase)
        certificate.key_protection = KeyProtection.PASSPHRASE if passphrase else KeyProtection.KEK
        certificate.status = Status.ACTIVE
        certificate.status_changed_at = when
        certificate.save()
        _event(certificate, Action.ISSUED, at=when, actor=actor)
        audit.record("signatures.certificate.issue", certificate, actor=actor, before=before,
                     after=audit.snapshot(certificate, _AUDITED))
    return certificate


def _fill_from(certificate: Certificate, cert: Any, issuer: Authority) -> None:
    certificate.issuer = issuer
    certificate.certificate_der = ca.der(cert)
    certificate.serial_number = ca.serial_hex(cert.serial_number)
    certificate.fingerprint = ca.fingerprint(cert)
    certificate.subject = cert.subject.rfc4514_string()[:500]
    certificate.key_usage = ca.key_usage(cert)
    certificate.valid_from = cert.not_valid_before_utc
    certificate.valid_to = cert.not_valid_after_utc


def certificate_reject(*, actor: Any, certificate: Certificate, note: str) -> Certificate:
    """Refuse a request, with the reason."""
    require(actor, can_administer_authority)
    if not note.strip():
        raise ValidationError({"note": _("Give the reason for the refusal.")})
    when = moment(None)
    with transaction.atomic():
        certificate = _locked(certificate)
        _expect(certificate, Status.REQUESTED)
        before = audit.snapshot(certificate, _AUDITED)
        certificate.status = Status.REJECTED
        certificate.status_changed_at = when
        certificate.save(update_fields=["status", "status_changed_at"])
        _event(certificate, Action.REJECTED, at=when, actor=actor, note=note)
        audit.record("signatures.certificate.reject", certificate, actor=actor, before=before,
                     after=audit.snapshot(certificate, _AUDITED))
    return certificate


def _republish(certificate: Certificate, when: dt.datetime) -> None:
    if certificate.issuer is not None and certificate.issuer.is_platform:
        crl_publish(authority=certificate.issuer, at=max(when, moment(None)))


def certificate_suspend(
    *, actor: Any, certificate: Certificate, note: str, at: dt.datetime | None = None,
) -> Certificate:
    """Suspend (tạm dừng) at once, e.g. when a key may be lost; listed on the CRL as
    certificateHold until reinstated or revoked."""
    require(actor, lambda user: can_manage_certificate(user, certificate))
    if not note.strip():
        raise ValidationError({"note": _("Give the reason for the suspension.")})
    when = moment(at)
    with transaction.atomic():
        certificate = _locked(certificate)
        _expect(certificate, Status.ACTIVE)
        before = audit.snapshot(certificate, _AUDITED)
        certificate.status = Status.SUSPENDED
        certificate.status_changed_at = when
        certificate.revocation_reason = RevocationReason.CERTIFICATE_HOLD
        certificate.save(update_fields=["status", "status_changed_at", "revocation_reason"])
        _event(certificate, Action.SUSPENDED, at=when, actor=actor, note=note,
               reason_code=RevocationReason.CERTIFICATE_HOLD)
        _republish(certificate, when)
        audit.record("signatures.certificate.suspend", certificate, actor=actor, before=before,
                     after=audit.snapshot(certificate, _AUDITED))
    return certificate


def certificate_reinstate(
    *, actor: Any, certificate: Certificate, note: str, at: dt.datetime | None = None,
) -> Certificate:
    """Lift a suspension (khôi phục); the certificate leaves the CRL."""
    require(actor, can_administer_authority)
    when = moment(at)
    with transaction.atomic():
        certificate = _locked(certificate)
        _expect(certificate, Status.SUSPENDED)
        before = audit.snapshot(certificate, _AUDITED)
        certificate.status = Status.ACTIVE
        certificate.status_changed_at = when
        certificate.revocation_reason = None
        certificate.save(update_fields=["status", "status_changed_at", "revocation_reason"])
        _event(certificate, Action.REINSTATED, at=when, actor=actor, note=note)
        _republish(certificate, when)
        audit.record("signatures.certificate.reinstate", certificate, actor=actor,
                     before=before, after=audit.snapshot(certificate, _AUDITED))
    return certificate


def certificate_revoke(
    *, actor: Any, certificate: Certificate, reason_code: int, note: str = "",
    at: dt.datetime | None = None,
) -> Certificate:
    """Revoke for good (thu hồi) with an RFC 5280 reason; the CRL is reissued at once.
    Signatures timestamped before ``at`` stay valid; later ones are not."""
    require(actor, can_administer_authority)
    if reason_code not in REVOCATION_REASONS:
        raise ValidationError({"reason_code": _("Choose a revocation reason.")})
    when = moment(at)
    with transaction.atomic():
        certificate = _locked(certificate)
        _expect(certificate, Status.ACTIVE, Status.SUSPENDED)
        before = audit.snapshot(certificate, _AUDITED)
        certificate.status = Status.REVOKED
        certificate.status_changed_at = when
        certificate.revocation_reason = reason_code
        certificate.key_blob = None  # a revoked key is never used again: destroy it
        certificate.save(update_fields=["status", "status_changed_at", "revocation_reason",
                                        "key_blob"])
        _event(certificate, Action.REVOKED, at=when, actor=actor, note=note,
               reason_code=reason_code)
        _republish(certificate, when)
        audit.record("signatures.certificate.revoke", certificate, actor=actor, before=before,
                     after=audit.snapshot(certificate, _AUDITED))
    return certificate


def certificates_expire(*, actor: Any = None, now: dt.datetime | None = None) -> int:
    """Mark every certificate past its end of validity as expired (hết hạn), dated at
    that end. Run daily; returns how many changed."""
    require(actor, can_administer_authority)
    when = moment(now)
    changed = 0
    due = Certificate.objects.filter(
        status__in=[Status.ACTIVE, Status.SUSPENDED], valid_to__lte=when
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            certificate = Certificate.objects.select_for_update().get(pk=pk)
            if certificate.status not in (Status.ACTIVE, Status.SUSPENDED):
                continue
            before = audit.snapshot(certificate, _AUDITED)
            # The key stays sealed: an expired certificate signs nothing new, and replays
            # of history (archives, the demo's 2017) still sign as of their time.
            certificate.status = Status.EXPIRED
            certificate.status_changed_at = certificate.valid_to
            certificate.save(update_fields=["status", "status_changed_at"])
            _event(certificate, Action.EXPIRED, at=certificate.valid_to, actor=actor)
            audit.record("signatures.certificate.expire", certificate, actor=actor,
                         before=before, after=audit.snapshot(certificate, _AUDITED))
            changed += 1
    return changed


def certificates_remind(*, actor: Any = None, within_days: int = 30,
                        now: dt.datetime | None = None) -> int:
    """E-mail the holder (or the agency) of each certificate that ends within
    ``within_days`` and has no renewal on the way, once per certificate. Run daily."""
    require(actor, can_administer_authority)
    when = moment(now)
    sent = 0
    for certificate in expiring(within_days=within_days, now=when).filter(
            renewal_reminded_at__isnull=True):
        recipient = certificate.email or certificate.agency.email
        if not recipient:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Certificate %(name)s ends on %(date)s") % {
                "name": certificate.common_name,
                "date": timezone.localtime(certificate.valid_to).strftime("%d/%m/%Y")}
            body = _(
                "The digital certificate %(name)s (serial %(serial)s) of %(agency)s ends on "
                "%(date)s. Ask your agency's administrator to request its renewal in the "
                "certificate registry before that day; documents cannot be signed with it "
                "afterwards."
            ) % {"name": certificate.common_name, "serial": certificate.serial_number,
                 "agency": certificate.agency.name,
                 "date": timezone.localtime(certificate.valid_to).strftime("%d/%m/%Y")}
        with transaction.atomic():
            Certificate.objects.filter(pk=certificate.pk).update(renewal_reminded_at=when)
            transaction.on_commit(lambda s=subject, b=body, r=recipient: send_mail(
                s, b, None, [r], fail_silently=False))
            audit.record("signatures.certificate.remind", certificate, actor=actor,
                         after={"recipient": recipient})
        sent += 1
    return sent


def certificate_renew(
    *, actor: Any, certificate: Certificate, at: dt.datetime | None = None,
) -> Certificate:
    """Ask for the successor of a certificate that is in force or has expired
    (gia hạn); the holder may do so from 30 days before the end."""
    require(actor, lambda user: can_manage_certificate(user, certificate))
    _expect(certificate, Status.ACTIVE, Status.SUSPENDED, Status.EXPIRED)
    if certificate.renewals.filter(status=Status.REQUESTED).exists():
        raise Conflict(_("A renewal of this certificate is already waiting."),
                       code="duplicate_request")
    return certificate_request(
        actor=actor, signer_kind=certificate.signer_kind, agency=certificate.agency,
        official=certificate.official, common_name=certificate.common_name,
        email=certificate.email, purpose=_("Renewal of %(serial)s")
        % {"serial": certificate.serial_number}, key_algorithm=certificate.key_algorithm,
        renewal_of=certificate, at=at,
    )


def certificate_change_passphrase(
    *, actor: Any, certificate: Certificate, current: str | None, new: str,
) -> Certificate:
    """The holder sets or changes the passphrase of an individual certificate's key."""
    require(actor, lambda user: (
        certificate.official_id is not None and can_view_certificate(user, certificate)
        and getattr(getattr(user, "official", None), "pk", None) == certificate.official_id
    ))
    keys.check_passphrase_strength(new)
    if not new:
        raise ValidationError({"new": _("Enter the new passphrase.")})
    with transaction.atomic():
        certificate = _locked(certificate)
        _expect(certificate, Status.ACTIVE, Status.SUSPENDED)
        if not certificate.key_blob:
            raise Conflict(_("The platform holds no key for this certificate."), code="no_key")
        key = keys.open_sealed(certificate.key_blob, owner=_owner(certificate),
                               passphrase=current)
        certificate.key_blob = keys.seal(key, owner=_owner(certificate), passphrase=new)
        certificate.key_protection = KeyProtection.PASSPHRASE
        certificate.save(update_fields=["key_blob", "key_protection"])
        # The audit trail says that it happened, never anything about the secret.
        audit.record("signatures.certificate.change_passphrase", certificate, actor=actor)
    return certificate


def certificate_import(
    *, actor: Any, signer_kind: str, agency: Agency, official: Official | None = None,
    pkcs12: bytes, password: str, passphrase: str | None = None,
) -> Certificate:
    """Register a certificate issued by an outside CA (the government's specialised CA, a
    licensed provider) from its PKCS#12 file, with its key sealed like ours. CA
    certificates in the file are registered as authorities (not trusted until a system
    administrator trusts the root)."""
    require(actor, can_administer_authority)
    keys.check_passphrase_strength(passphrase)
    try:
        key, cert, extra = p12.load_key_and_certificates(bytes(pkcs12), password.encode())
    except ValueError:
        raise ValidationError({"pkcs12": _("The file is not a PKCS#12 (.p12/.pfx) file or the "
                                           "password is wrong.")}) from None
    if key is None or cert is None:
        raise ValidationError({"pkcs12": _("The file must hold a certificate and its key.")})
    if not ca.is_supported_key(key) or not ca.public_key_matches(cert, key):
        raise ValidationError({"pkcs12": _("The key in the file does not belong to the "
                                           "certificate or is of an unsupported type.")})
    algorithm = keys.key_algorithm_of(key)
    with transaction.atomic():
        if Certificate.objects.filter(fingerprint=ca.fingerprint(cert)).exists():
            raise Conflict(_("This certificate is already in the registry."), code="duplicate")
        # Roots first, so each intermediate finds its parent.
        for extra_cert in sorted(extra, key=lambda c: c.issuer != c.subject):
            if not Authority.objects.filter(fingerprint=ca.fingerprint(extra_cert)).exists():
                try:
                    authority_import(actor=actor, certificate_bytes=ca.der(extra_cert))
                except ValidationError:
                    continue  # not a CA certificate: nothing to register
        issuer = next((a for a in Authority.objects.all() if issued_by(cert, a)), None)
        if issuer is None:
            raise ValidationError({"pkcs12": _("The issuing CA of this certificate is unknown; "
                                               "import its CA certificate first.")})
        certificate = certificate_request(
            actor=actor, signer_kind=signer_kind, agency=agency, official=official,
            common_name=ca.subject_attribute(cert, NameOID.COMMON_NAME) or agency.name,
            key_algorithm=algorithm, purpose=_("Imported from %(issuer)s") % {
                "issuer": issuer.name},
        )
        when = moment(None)
        _fill_from(certificate, cert, issuer)
        certificate.issued_at = cert.not_valid_before_utc
        certificate.key_blob = keys.seal(key, owner=_owner(certificate), passphrase=passphrase)
        certificate.key_protection = KeyProtection.PASSPHRASE if passphrase else KeyProtection.KEK
        certificate.status = Status.ACTIVE
        certificate.status_changed_at = when
        certificate.save()
        _event(certificate, Action.IMPORTED, at=when, actor=actor)
        audit.record("signatures.certificate.import", certificate, actor=actor,
                     after=audit.snapshot(certificate, _AUDITED))
    return certificate


def need_register(
    *, actor: Any, agency: Agency, year: int, organisation_count: int, individual_count: int,
    renewal_count: int = 0, note: str = "", at: dt.datetime | None = None,
) -> CertificateNeed:
    """Register or update the agency's certificate needs for a year (đăng ký nhu cầu)."""
    require(actor, lambda user: can_request_for(user, agency.pk))
    errors = {}
    if not 2000 <= year <= 2100:
        errors["year"] = _("Enter a year such as 2018.")
    for field, value in (("organisation_count", organisation_count),
                         ("individual_count", individual_count),
                         ("renewal_count", renewal_count)):
        if value < 0 or value > 10000:
            errors[field] = _("Enter a number from 0 to 10,000.")
    if errors:
        raise ValidationError(errors)
    when = moment(at)
    with transaction.atomic():
        need = CertificateNeed.objects.select_for_update().filter(agency=agency, year=year) \
            .first()
        before = audit.snapshot(need) if need else None
        if need is None:
            need = CertificateNeed(agency=agency, year=year)
        need.organisation_count = organisation_count
        need.individual_count = individual_count
        need.renewal_count = renewal_count
        need.note = note[:500]
        need.submitted_by = actor if getattr(actor, "pk", None) else None
        need.submitted_at = when
        need.save()
        audit.record("signatures.need.register", need, actor=actor, before=before,
                     after=audit.snapshot(need))
    return need


def open_certificate_key(certificate: Certificate, passphrase: str | None) -> keys.PrivateKey:
    """The certificate's private key, opened for one signature."""
    if not certificate.key_blob:
        raise Conflict(_("The platform holds no key for this certificate."), code="no_key")
    return keys.open_sealed(certificate.key_blob, owner=_owner(certificate),
                            passphrase=passphrase)
