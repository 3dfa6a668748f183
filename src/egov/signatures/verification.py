"""Verifying signed PDFs (xác thực chữ ký số): a report anyone can read.

For each signature: who signed (and for which organisation), the chain up to a
trusted root, whether the signed bytes are intact and whether the document was changed
afterwards, the signing time vouched for by a timestamp, whether the certificate was
valid, suspended or revoked at that time, and a verdict in plain words.

The certificate is judged at the time of its timestamp (pyHanko validates the chain with
that moment and the current CRLs, which keep revocation dates): a signature made before
a revocation stays valid, one made after it is not. For certificates in our registry the
history of suspensions is checked too, since a lifted suspension leaves the CRL.
Without a trusted timestamp, the signing time is only what the signer's computer claimed,
and the certificate is judged now.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import threading
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import NonexistentAttributeError, find_unique_cms_attribute
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from egov.signatures import selectors
from egov.signatures.models import CertificateStatus, RevocationReason
from egov.signatures.synchronous import outside_running_loop

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

VALID, INVALID, INDETERMINATE = "valid", "invalid", "indeterminate"
# pyHanko logs every chain it cannot build with a traceback; the report says it in words.
logging.getLogger("pyhanko.sign.validation").setLevel(logging.ERROR)
_SIGNING_USAGE = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)


@dataclass
class SignatureReport:
    """What we found about one signature."""

    field_name: str
    signer: str = ""
    organisation: str = ""
    serial_number: str = ""
    issuer: str = ""
    chain: list[str] = field(default_factory=list)
    trusted: bool = False
    intact: bool = False
    covers_document: bool = False
    changed_after: bool = False
    signing_time: dt.datetime | None = None
    claimed_time: dt.datetime | None = None
    timestamped: bool = False
    timestamp_authority: str = ""
    certificate_valid_from: dt.datetime | None = None
    certificate_valid_to: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    revocation_reason: str = ""
    registry_status: str = ""
    verdict: str = INDETERMINATE
    message: str = ""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return self.verdict == VALID


@dataclass
class VerificationReport:
    sha256: str
    signatures: list[SignatureReport] = field(default_factory=list)
    error: str = ""

    @property
    def all_valid(self) -> bool:
        return not self.error and bool(self.signatures) and all(
            s.is_valid for s in self.signatures
        )

    @property
    def summary(self) -> str:
        if self.error:
            return self.error
        if not self.signatures:
            return _("The document has no digital signature.")
        if self.all_valid:
            return _("All %(n)d signatures are valid.") % {"n": len(self.signatures)} \
                if len(self.signatures) > 1 else _("The signature is valid.")
        bad = sum(1 for s in self.signatures if not s.is_valid)
        return _("%(bad)d of %(n)d signatures are not valid.") % {
            "bad": bad, "n": len(self.signatures)}


def local(moment: dt.datetime | None) -> str:
    return moment.astimezone(VIETNAM).strftime("%H:%M:%S %d/%m/%Y") if moment else ""


def _name_attr(name: asn1_x509.Name, attr: str) -> str:
    value = name.native.get(attr, "")
    return value[0] if isinstance(value, list) else value


def _timestamp_time(embedded: Any) -> dt.datetime | None:
    try:
        token = find_unique_cms_attribute(embedded.signer_info["unsigned_attrs"],
                                          "signature_time_stamp_token")
    except (NonexistentAttributeError, KeyError, ValueError):
        return None
    try:
        return token["content"]["encap_content_info"]["content"].parsed["gen_time"].native
    except (KeyError, ValueError, TypeError, AttributeError):
        return None


class _Trust:
    """The trust roots, other CA certificates and CRLs, parsed.

    Kept per process while the authorities and their CRLs stay the same: asn1crypto
    caches the prepared names inside the parsed objects, which path building compares
    over and over.
    """

    _cached: tuple[tuple, _Trust] | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        roots, others, crls = selectors.trust_material()
        self.roots = [asn1_x509.Certificate.load(r) for r in roots]
        self.others = [asn1_x509.Certificate.load(o) for o in others]
        self.crls = [asn1_crl.CertificateList.load(c) for c in crls]

    @classmethod
    def current(cls) -> _Trust:
        version = selectors.trust_version()
        with cls._lock:
            if cls._cached is None or cls._cached[0] != version:
                cls._cached = (version, cls())
            return cls._cached[1]

    def context(self, moment: dt.datetime | None) -> ValidationContext:
        return ValidationContext(
            trust_roots=self.roots, other_certs=self.others, crls=self.crls,
            moment=moment, best_signature_time=moment, retroactive_revinfo=True,
            allow_fetching=False, revocation_mode="soft-fail",
        )


def verify_pdf(pdf_bytes: bytes) -> VerificationReport:
    """Check every signature of the PDF."""
    report = VerificationReport(sha256=hashlib.sha256(pdf_bytes).hexdigest())
    if not pdf_bytes or not bytes(pdf_bytes[:1024]).lstrip().startswith(b"%PDF-"):
        report.error = _("The file is not a PDF document.")
        return report
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        if reader.encrypted:
            report.error = _("The PDF is encrypted; it cannot be checked.")
            return report
        embedded = list(reader.embedded_regular_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        report.error = _("The PDF is damaged and cannot be read.")
        return report
    trust = _Trust.current() if embedded else None
    for signature in embedded:
        report.signatures.append(_check(signature, trust))
    return report


def _check(embedded: Any, trust: _Trust) -> SignatureReport:
    result = SignatureReport(field_name=embedded.field_name or "")
    try:
        cert = embedded.signer_cert
    except (ValueError, KeyError, SignatureValidationError):
        result.verdict = INVALID
        result.message = _("The signature is damaged: its certificate cannot be read.")
        return result
    result.signer = _name_attr(cert.subject, "common_name")
    result.organisation = _name_attr(cert.subject, "organization_name")
    result.serial_number = format(cert.serial_number, "X")
    result.issuer = _name_attr(cert.issuer, "common_name")
    result.certificate_valid_from = cert["tbs_certificate"]["validity"]["not_before"].native
    result.certificate_valid_to = cert["tbs_certificate"]["validity"]["not_after"].native
    ts_time = _timestamp_time(embedded)
    try:
        status = outside_running_loop(
            validate_pdf_signature, embedded, signer_validation_context=trust.context(ts_time),
            ts_validation_context=trust.context(None), key_usage_settings=_SIGNING_USAGE,
        )
    except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError) as exc:
        result.verdict = INVALID
        result.message = _("The signature is damaged and cannot be checked (%(why)s).") % {
            "why": exc}
        return result

    result.intact = bool(status.intact and status.valid)
    result.covers_document = status.coverage in (
        SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION)
    level = status.modification_level
    result.changed_after = (
        status.coverage != SignatureCoverageLevel.ENTIRE_FILE
        and (level is None or level > ModificationLevel.FORM_FILLING or not status.docmdp_ok)
    )
    ts = status.timestamp_validity
    result.timestamped = bool(ts is not None and ts.intact and ts.valid and ts.trusted)
    if ts is not None:
        result.timestamp_authority = _name_attr(ts.signing_cert.subject, "common_name")
    result.claimed_time = status.signer_reported_dt
    result.signing_time = ts.timestamp if result.timestamped else None
    path = status.validation_path
    if path is not None:
        result.chain = [_name_attr(c.subject, "common_name") for c in reversed(list(path))]
    result.trusted = bool(status.trusted)
    # pyHanko reports a revocation only when it was in force at the signing time.
    if status.revocation_details is not None:
        result.revoked_at = status.revocation_details.revocation_date
        result.revocation_reason = str(status.revocation_details.revocation_reason.native)
    _registry(result, hashlib.sha256(cert.dump()).hexdigest())
    _verdict(result, status)
    return result


def _registry(result: SignatureReport, fingerprint: str) -> None:
    """What our registry knows: the status at signing time (suspensions included), and a
    revocation that came later."""
    certificate = selectors.certificate_by_fingerprint(fingerprint)
    if certificate is None:
        return
    moment = result.signing_time or timezone.now()
    status, event = selectors.status_at(certificate, moment)
    result.registry_status = status or ""
    if status == CertificateStatus.REVOKED and event is not None:
        result.revoked_at = result.revoked_at or event.at
        if event.reason_code is not None and not result.revocation_reason:
            result.revocation_reason = RevocationReason(event.reason_code).label
    elif certificate.status == CertificateStatus.REVOKED:
        result.notes.append(
            _("The certificate was revoked on %(date)s, after this signature was made; the "
              "signature stays valid.") % {"date": local(certificate.status_changed_at)}
        )


def _verdict(result: SignatureReport, status: Any) -> None:
    problems = result.problems
    failed = False  # something proves the signature wrong
    unsure = False  # something could not be confirmed
    if not result.intact:
        failed = True
        problems.append(_("The document was changed after it was signed: the signed content "
                          "no longer matches the signature."))
    elif result.changed_after:
        failed = True
        problems.append(_("The document was changed after it was signed (content added or "
                          "altered in a later revision)."))
    indication = status.trust_problem_indic
    if not result.intact:
        pass  # pyHanko does not judge the certificate of a broken signature: nothing to add
    elif result.revoked_at is not None or result.registry_status == CertificateStatus.REVOKED:
        failed = True
        problems.append(_("The certificate was revoked on %(date)s, before this signature was "
                          "made.") % {"date": local(result.revoked_at)})
    elif result.registry_status == CertificateStatus.SUSPENDED:
        failed = True
        problems.append(_("The certificate was suspended when this signature was made."))
    elif indication in _EXPIRED or result.registry_status == CertificateStatus.EXPIRED:
        failed = True
        problems.append(_("The certificate had expired (valid until %(date)s) when this "
                          "signature was made.") % {"date": local(result.certificate_valid_to)})
    elif indication == AdESIndeterminate.NOT_YET_VALID:
        failed = True
        problems.append(_("The certificate was not yet valid when this signature was made."))
    elif indication in _NO_CHAIN or (indication is None and not result.trusted):
        unsure = True
        problems.append(_("The certificate does not lead to a certification authority this "
                          "platform trusts."))
    elif indication is not None:
        unsure = True
        problems.append(_("The certificate could not be confirmed (%(why)s).") % {
            "why": indication.name.replace("_", " ").lower()})
    ts = status.timestamp_validity
    if ts is not None and not (ts.intact and ts.valid):
        failed = True
        problems.append(_("The timestamp of this signature is not valid."))
    elif ts is not None and not ts.trusted:
        unsure = True
        problems.append(_("The timestamp comes from an authority this platform does not "
                          "trust."))
    elif status.timestamp_validity is None:
        result.notes.append(_("The signature has no timestamp: its time is only what the "
                              "signer's computer said, and the certificate was checked as of "
                              "now."))

    result.verdict = INVALID if failed else INDETERMINATE if unsure else VALID
    if result.verdict == VALID:
        result.message = _(
            "Valid signature. The document has not been changed since %(signer)s signed it "
            "at %(time)s, and the certificate issued by %(issuer)s was valid at that time."
        ) % {"signer": result.signer,
             "time": local(result.signing_time or result.claimed_time),
             "issuer": result.issuer}
    elif result.verdict == INVALID:
        result.message = _("Invalid signature. %(problems)s") % {"problems": " ".join(problems)}
    else:
        result.message = _("The signature cannot be confirmed. %(problems)s") % {
            "problems": " ".join(problems)}


_EXPIRED = (AdESIndeterminate.EXPIRED, AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
            AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED)
_NO_CHAIN = (AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND,
             AdESIndeterminate.CERTIFICATE_CHAIN_GENERAL_FAILURE)
