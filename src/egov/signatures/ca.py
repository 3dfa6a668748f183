"""X.509 building blocks of the platform's certification authority, on ``cryptography``.

No database here: these functions take keys, names and dates and return certificates
and CRLs. ``services`` decides what to issue and records it.

Profile of what we issue (RFC 5280, with the document-signing purpose of RFC 9336):
- root CA: basicConstraints CA (path length 1), keyCertSign + cRLSign, SKI;
- issuing CA: basicConstraints CA (path length 0), keyCertSign + cRLSign, SKI/AKI, the
  root's CRL distribution point;
- signer: digitalSignature + nonRepudiation, extended key usage documentSigning,
  Adobe "authentic documents" and e-mail protection, SKI/AKI, CRL distribution point
  and the issuer's certificate address (AIA);
- timestamp authority: digitalSignature, extended key usage timeStamping (critical).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from egov.signatures.keys import PrivateKey

# RFC 9336 id-kp-documentSigning, and Adobe's "Authentic Documents Trust" purpose.
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
ADOBE_AUTHENTIC_DOCUMENTS = ObjectIdentifier("1.2.840.113583.1.1.5")
SIGNING_EKUS = frozenset({
    DOCUMENT_SIGNING, ADOBE_AUTHENTIC_DOCUMENTS, ExtendedKeyUsageOID.EMAIL_PROTECTION,
    ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE,
})

KEY_USAGE_NAMES = (
    "digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
    "key_agreement", "key_cert_sign", "crl_sign",
)

ROOT_YEARS = 25
ISSUING_YEARS = 20
TSA_YEARS = 20
# Decree 130/2018 capped a subscriber certificate at five years (see docs/signatures.md).
MAX_SUBSCRIBER_YEARS = 5


def hash_for(key: PrivateKey) -> hashes.HashAlgorithm:
    return hashes.SHA384() if isinstance(key, rsa.RSAPrivateKey) and key.key_size > 2048 \
        else hashes.SHA256()


def add_years(moment: dt.datetime, years: int) -> dt.datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def fit(value: str, limit: int = 64) -> str:
    """``value`` cut to ``limit`` bytes of UTF-8 on a character boundary. RFC 5280 bounds
    names in characters, but libraries (cryptography among them) count bytes, and a
    Vietnamese name of 40 letters can pass 64 bytes; the registry keeps the full name."""
    encoded = value.encode()
    if len(encoded) <= limit:
        return value
    return encoded[:limit].decode(errors="ignore").rstrip()


def _attribute(oid: ObjectIdentifier, value: str) -> x509.NameAttribute:
    return x509.NameAttribute(oid, fit(value))


def name(
    common_name: str, *, organisation: str = "", unit: str = "", province: str = "",
    title: str = "", uid: str = "", email: str = "",
) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    for oid, value in ((NameOID.STATE_OR_PROVINCE_NAME, province),
                       (NameOID.ORGANIZATION_NAME, organisation),
                       (NameOID.ORGANIZATIONAL_UNIT_NAME, unit), (NameOID.TITLE, title),
                       (NameOID.USER_ID, uid), (NameOID.COMMON_NAME, common_name),
                       (NameOID.EMAIL_ADDRESS, email)):
        if value:
            attributes.append(_attribute(oid, value))
    return x509.Name(attributes)


def _base(
    subject: x509.Name, issuer: x509.Name, public_key, serial: int,
    not_before: dt.datetime, not_after: dt.datetime,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def _key_usage(**flags: bool) -> x509.KeyUsage:
    values = dict.fromkeys(KEY_USAGE_NAMES, False)
    values.update(flags)
    return x509.KeyUsage(encipher_only=False, decipher_only=False, **values)


def _aki(issuer_cert: x509.Certificate) -> x509.AuthorityKeyIdentifier:
    ski = issuer_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski)


def _crl_dp(url: str) -> x509.CRLDistributionPoints:
    return x509.CRLDistributionPoints([
        x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier(url)], relative_name=None,
            reasons=None, crl_issuer=None,
        )
    ])


def _aia(url: str) -> x509.AuthorityInformationAccess:
    return x509.AuthorityInformationAccess([
        x509.AccessDescription(
            x509.oid.AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier(url)
        )
    ])


def root_certificate(
    *, subject: x509.Name, key: PrivateKey, not_before: dt.datetime, years: int = ROOT_YEARS,
) -> x509.Certificate:
    builder = (
        _base(subject, subject, key.public_key(), x509.random_serial_number(),
              not_before, add_years(not_before, years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
    )
    return builder.sign(key, hash_for(key))


def issuing_certificate(
    *, subject: x509.Name, public_key, issuer_cert: x509.Certificate, issuer_key: PrivateKey,
    not_before: dt.datetime, years: int, crl_url: str, issuer_url: str,
) -> x509.Certificate:
    not_after = min(add_years(not_before, years), issuer_cert.not_valid_after_utc)
    builder = (
        _base(subject, issuer_cert.subject, public_key, x509.random_serial_number(),
              not_before, not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(_aki(issuer_cert), critical=False)
        .add_extension(_crl_dp(crl_url), critical=False)
        .add_extension(_aia(issuer_url), critical=False)
    )
    return builder.sign(issuer_key, hash_for(issuer_key))


def tsa_certificate(
    *, subject: x509.Name, public_key, issuer_cert: x509.Certificate, issuer_key: PrivateKey,
    not_before: dt.datetime, years: int, crl_url: str, issuer_url: str,
) -> x509.Certificate:
    not_after = min(add_years(not_before, years), issuer_cert.not_valid_after_utc)
    builder = (
        _base(subject, issuer_cert.subject, public_key, x509.random_serial_number(),
              not_before, not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(digital_signature=True, content_commitment=True),
                       critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(_aki(issuer_cert), critical=False)
        .add_extension(_crl_dp(crl_url), critical=False)
        .add_extension(_aia(issuer_url), critical=False)
    )
    return builder.sign(issuer_key, hash_for(issuer_key))


def signer_certificate(
    *, subject: x509.Name, public_key, issuer_cert: x509.Certificate, issuer_key: PrivateKey,
    not_before: dt.datetime, not_after: dt.datetime, crl_url: str, issuer_url: str,
    email: str = "",
) -> x509.Certificate:
    """A document-signing certificate for an agency seal or an official."""
    not_after = min(not_after, issuer_cert.not_valid_after_utc)
    builder = (
        _base(subject, issuer_cert.subject, public_key, x509.random_serial_number(),
              not_before, not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(digital_signature=True, content_commitment=True),
                       critical=True)
        .add_extension(x509.ExtendedKeyUsage([
            DOCUMENT_SIGNING, ADOBE_AUTHENTIC_DOCUMENTS, ExtendedKeyUsageOID.EMAIL_PROTECTION,
        ]), critical=False)
        .add_extension(_aki(issuer_cert), critical=False)
        .add_extension(_crl_dp(crl_url), critical=False)
        .add_extension(_aia(issuer_url), critical=False)
    )
    if email:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False
        )
    return builder.sign(issuer_key, hash_for(issuer_key))


@dataclass(frozen=True)
class RevokedEntry:
    serial_number: int
    revoked_at: dt.datetime
    reason_code: int


_REASON_FLAGS = {
    0: x509.ReasonFlags.unspecified, 1: x509.ReasonFlags.key_compromise,
    2: x509.ReasonFlags.ca_compromise, 3: x509.ReasonFlags.affiliation_changed,
    4: x509.ReasonFlags.superseded, 5: x509.ReasonFlags.cessation_of_operation,
    6: x509.ReasonFlags.certificate_hold, 9: x509.ReasonFlags.privilege_withdrawn,
}


def crl(
    *, issuer_cert: x509.Certificate, issuer_key: PrivateKey, entries: Iterable[RevokedEntry],
    number: int, this_update: dt.datetime, next_update: dt.datetime,
) -> x509.CertificateRevocationList:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer_cert.subject)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(_aki(issuer_cert), critical=False)
    )
    for entry in entries:
        revoked = (
            x509.RevokedCertificateBuilder()
            .serial_number(entry.serial_number)
            .revocation_date(entry.revoked_at)
        )
        if entry.reason_code:  # RFC 5280: omit the extension for "unspecified"
            revoked = revoked.add_extension(
                x509.CRLReason(_REASON_FLAGS[entry.reason_code]), critical=False
            )
        builder = builder.add_revoked_certificate(revoked.build())
    return builder.sign(issuer_key, hash_for(issuer_key))


# --- Reading certificates -------------------------------------------------------------


def load_certificate(data: bytes) -> x509.Certificate:
    """A certificate from DER or PEM bytes (ValueError when it is neither)."""
    data = bytes(data)
    if data.lstrip().startswith(b"-----BEGIN"):
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(der(cert)).hexdigest()


def serial_hex(serial: int) -> str:
    return format(serial, "X")


def key_usage(cert: x509.Certificate) -> list[str]:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return []
    return [flag for flag in KEY_USAGE_NAMES if getattr(usage, flag)]


def extended_key_usage(cert: x509.Certificate) -> list[str]:
    try:
        return [oid.dotted_string for oid in
                cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value]
    except x509.ExtensionNotFound:
        return []


def can_sign_documents(cert: x509.Certificate) -> bool:
    """Key usage allows signatures (digitalSignature or nonRepudiation), the certificate
    is not a CA, and an extended key usage, where present, includes a signing purpose."""
    usage = set(key_usage(cert))
    if not usage & {"digital_signature", "content_commitment"}:
        return False
    try:
        if cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca:
            return False
    except x509.ExtensionNotFound:
        pass
    ekus = extended_key_usage(cert)
    return not ekus or bool({ObjectIdentifier(e) for e in ekus} & SIGNING_EKUS)


def subject_attribute(cert: x509.Certificate, oid: ObjectIdentifier) -> str:
    values = cert.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def public_key_matches(cert: x509.Certificate, key: PrivateKey) -> bool:
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    return cert.public_key().public_bytes(*spki) == key.public_key().public_bytes(*spki)


def is_supported_key(key: object) -> bool:
    return isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey))
