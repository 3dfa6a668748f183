"""Services of the authorities: set up the platform's CA, import outside CAs, publish CRLs."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.errors import Conflict
from egov.signatures import ca, keys
from egov.signatures.models import (
    Authority,
    Certificate,
    CertificateStatus,
    KeyAlgorithm,
    RevocationReason,
)
from egov.signatures.permissions import can_administer_authority
from egov.signatures.services._common import (
    authority_certificate_url,
    crl_url,
    moment,
    require,
)
from egov.signatures.tsa import PlatformTSA

# A CRL is reissued at every revocation, and at the latest after this many days
# (`egov signatures crl` run daily keeps it fresh when nothing happens).
CRL_VALIDITY_DAYS = 7


def _default_ca_algorithm() -> str:
    return getattr(settings, "EGOV_SIGNING_CA_KEY_ALGORITHM", "") or KeyAlgorithm.RSA_3072


def _owner(slug: str) -> str:
    return f"authority:{slug}"


def _create(
    *, slug: str, name: str, role: str, cert: x509.Certificate, key: keys.PrivateKey | None,
    parent: Authority | None, trusted: bool, is_platform: bool,
) -> Authority:
    if Authority.objects.filter(fingerprint=ca.fingerprint(cert)).exists():
        raise Conflict(_("This authority is already registered."), code="duplicate")
    return Authority.objects.create(
        slug=slug, name=name, role=role, parent=parent, is_platform=is_platform,
        certificate_der=ca.der(cert), subject=cert.subject.rfc4514_string()[:500],
        serial_number=ca.serial_hex(cert.serial_number), fingerprint=ca.fingerprint(cert),
        valid_from=cert.not_valid_before_utc, valid_to=cert.not_valid_after_utc,
        key_blob=keys.seal(key, owner=_owner(slug)) if key is not None else None,
        trusted=trusted,
    )


def authority_setup_platform(
    *, actor: Any, organisation: str, province: str = "", slug_prefix: str = "egov",
    key_algorithm: str | None = None, valid_from: dt.datetime | None = None,
) -> Authority:
    """Create the platform's root CA, its issuing CA and its timestamp authority
    (tổ chức cung cấp dịch vụ chứng thực chuyên dùng của tỉnh). Returns the issuing CA.

    ``valid_from`` backdates the hierarchy for the demo, which replays 2017.
    """
    require(actor, can_administer_authority)
    algorithm = key_algorithm or _default_ca_algorithm()
    if algorithm not in KeyAlgorithm.values:
        raise ValidationError({"key_algorithm": _("Unknown key algorithm.")})
    if not organisation.strip():
        raise ValidationError({"organisation": _("Name the organisation that runs the CA.")})
    start = moment(valid_from)
    slugs = {role: f"{slug_prefix}-{suffix}" for role, suffix in
             (("root", "root"), ("issuing", "ca"), ("tsa", "tsa"))}
    if Authority.objects.filter(slug__in=slugs.values()).exists():
        raise Conflict(_("The platform's certificate authority is already set up."),
                       code="already_set_up")
    with transaction.atomic():
        root_key = keys.generate_private_key(algorithm)
        # The role first: names are cut at 64 bytes and must stay apart. PKI names stay
        # in the international form whatever the language of the person setting up.
        place = province or organisation
        root_name = ca.fit(f"Root CA {place}")
        root_cert = ca.root_certificate(
            subject=ca.name(root_name, organisation=organisation, province=province),
            key=root_key, not_before=start,
        )
        root = _create(slug=slugs["root"], name=root_name, role=Authority.Role.ROOT,
                       cert=root_cert, key=root_key, parent=None, trusted=True,
                       is_platform=True)

        issuing_key = keys.generate_private_key(algorithm)
        issuing_name = ca.fit(f"Signing CA {place}")
        issuing_cert = ca.issuing_certificate(
            subject=ca.name(issuing_name, organisation=organisation, province=province),
            public_key=issuing_key.public_key(), issuer_cert=root_cert, issuer_key=root_key,
            not_before=start, years=ca.ISSUING_YEARS, crl_url=crl_url(root.slug),
            issuer_url=authority_certificate_url(root.slug),
        )
        issuing = _create(slug=slugs["issuing"], name=issuing_name,
                          role=Authority.Role.ISSUING, cert=issuing_cert, key=issuing_key,
                          parent=root, trusted=False, is_platform=True)

        tsa_key = keys.generate_private_key(algorithm)
        tsa_name = ca.fit(f"Timestamp Authority {place}")
        tsa_cert = ca.tsa_certificate(
            subject=ca.name(tsa_name, organisation=organisation, province=province),
            public_key=tsa_key.public_key(), issuer_cert=root_cert, issuer_key=root_key,
            not_before=start, years=ca.TSA_YEARS, crl_url=crl_url(root.slug),
            issuer_url=authority_certificate_url(root.slug),
        )
        tsa = _create(slug=slugs["tsa"], name=tsa_name, role=Authority.Role.TIMESTAMPING,
                      cert=tsa_cert, key=tsa_key, parent=root, trusted=False, is_platform=True)

        for authority in (root, issuing):
            crl_publish(authority=authority)
        for authority in (root, issuing, tsa):
            audit.record("signatures.authority.create", authority, actor=actor,
                         after=audit.snapshot(authority, _AUDITED))
    return issuing


_AUDITED = ["slug", "name", "role", "parent_id", "is_platform", "subject", "serial_number",
            "fingerprint", "valid_from", "valid_to", "trusted", "enabled"]


def authority_import(
    *, actor: Any, certificate_bytes: bytes, trusted: bool = False, slug: str = "",
) -> Authority:
    """Register an outside CA's certificate (the government's CA, a licensed provider's),
    root or intermediate, so signatures chaining to it can be verified. A root is a
    trust anchor only when ``trusted``."""
    require(actor, can_administer_authority)
    try:
        cert = ca.load_certificate(certificate_bytes)
    except ValueError:
        raise ValidationError(
            {"certificate": _("This file is not an X.509 certificate (PEM or DER).")}
        ) from None
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        raise ValidationError({"certificate": _("This certificate is not a CA certificate.")})
    self_signed = cert.issuer == cert.subject
    parent = None
    if not self_signed:
        parent = next(
            (a for a in Authority.objects.filter(role__in=[Authority.Role.ROOT,
                                                            Authority.Role.ISSUING])
             if issued_by(cert, a)),
            None,
        )
    common_name = ca.subject_attribute(cert, x509.oid.NameOID.COMMON_NAME) or cert.subject \
        .rfc4514_string()
    slug = slug or f"ext-{ca.fingerprint(cert)[:12]}"
    with transaction.atomic():
        authority = _create(
            slug=slug, name=common_name[:255],
            role=Authority.Role.ROOT if self_signed else Authority.Role.ISSUING,
            cert=cert, key=None, parent=parent, trusted=trusted and self_signed,
            is_platform=False,
        )
        audit.record("signatures.authority.import", authority, actor=actor,
                     after=audit.snapshot(authority, _AUDITED))
    return authority


def issued_by(cert: x509.Certificate, authority: Authority) -> bool:
    issuer = ca.load_certificate(authority.certificate_der)
    if issuer.subject != cert.issuer:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def authority_update(
    *, actor: Any, authority: Authority, trusted: bool | None = None,
    enabled: bool | None = None,
) -> Authority:
    """Trust or distrust a root; switch an authority of the platform on or off (the
    platform's own CA can be switched off where the province uses an outside one)."""
    require(actor, can_administer_authority)
    with transaction.atomic():
        authority = Authority.objects.select_for_update().get(pk=authority.pk)
        before = audit.snapshot(authority, _AUDITED)
        if trusted is not None:
            if trusted and authority.role != Authority.Role.ROOT:
                raise ValidationError({"trusted": _("Only a root certificate can be trusted.")})
            authority.trusted = trusted
        if enabled is not None:
            authority.enabled = enabled
        authority.save(update_fields=["trusted", "enabled"])
        audit.record("signatures.authority.update", authority, actor=actor, before=before,
                     after=audit.snapshot(authority, _AUDITED))
    _tsa_cache.clear()
    return authority


def authority_key(authority: Authority) -> keys.PrivateKey:
    if not authority.key_blob:
        raise Conflict(_("This authority's key is not held by the platform."), code="no_key")
    return keys.open_sealed(authority.key_blob, owner=_owner(authority.slug))


def crl_publish(*, authority: Authority, at: dt.datetime | None = None) -> Authority:
    """Reissue the authority's CRL (danh sách chứng thư số bị thu hồi) with every
    certificate it issued that is revoked or suspended (reason certificateHold)."""
    if not authority.is_platform or not authority.is_ca:
        raise Conflict(_("Only the platform's own CAs publish CRLs."), code="not_platform_ca")
    this_update = moment(at)
    with transaction.atomic():
        authority = Authority.objects.select_for_update().get(pk=authority.pk)
        entries = [
            ca.RevokedEntry(
                serial_number=int(serial, 16), revoked_at=changed,
                reason_code=reason if reason is not None else RevocationReason.UNSPECIFIED,
            )
            for serial, changed, reason in Certificate.objects.filter(
                issuer=authority,
                status__in=[CertificateStatus.REVOKED, CertificateStatus.SUSPENDED],
            ).order_by("status_changed_at", "pk").values_list(
                "serial_number", "status_changed_at", "revocation_reason"
            )
        ]
        number = authority.crl_number + 1
        crl = ca.crl(
            issuer_cert=ca.load_certificate(authority.certificate_der),
            issuer_key=authority_key(authority), entries=entries, number=number,
            this_update=this_update,
            next_update=this_update + dt.timedelta(days=CRL_VALIDITY_DAYS),
        )
        authority.crl_number = number
        authority.crl_der = crl.public_bytes(serialization.Encoding.DER)
        authority.crl_this_update = crl.last_update_utc
        authority.crl_next_update = crl.next_update_utc
        authority.save(update_fields=["crl_number", "crl_der", "crl_this_update",
                                      "crl_next_update"])
    return authority


# The TSA key stays open in the worker's memory, as any online TSA's key does; the
# cache is keyed by certificate so a replaced TSA is picked up at once.
_tsa_cache: dict[str, PlatformTSA] = {}
_tsa_lock = threading.Lock()


def timestamp_authority() -> PlatformTSA | None:
    """The platform's TSA in service, or None when there is none."""
    authority = (
        Authority.objects.filter(role=Authority.Role.TIMESTAMPING, is_platform=True,
                                 enabled=True)
        .select_related("parent").order_by("-valid_from").first()
    )
    if authority is None:
        return None
    with _tsa_lock:
        tsa = _tsa_cache.get(authority.fingerprint)
        if tsa is None:
            chain = [bytes(authority.parent.certificate_der)] if authority.parent else []
            tsa = PlatformTSA(certificate_der=bytes(authority.certificate_der),
                              key=authority_key(authority), chain_der=chain)
            _tsa_cache.clear()
            _tsa_cache[authority.fingerprint] = tsa
    return tsa
