"""Signing PDFs (ký số văn bản): the service other modules call.

``sign_pdf`` adds one PAdES signature (ETSI.CAdES.detached) as an incremental update,
so earlier signatures stay intact and several officials can sign one document in turn
(counter-signatures). Each signature carries:

- a visible block as officials expect it: signer, agency, position, time in Vietnam's
  time zone (ISO 8601), reason; for an agency seal a red seal drawn under the text;
- an RFC 3161 timestamp from the platform's TSA, so it can be verified after the
  certificate expires and told apart from signatures made after a revocation.

Refused, with the reason in Vietnamese and the input untouched: a damaged or
encrypted PDF, a wrong passphrase, a certificate that is not active (requested,
suspended, revoked, expired, out of its validity) or has no document-signing usage.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import textwrap
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from egov.core import audit
from egov.core.errors import Conflict
from egov.signatures import ca, selectors
from egov.signatures.fonts import PreparedFontFactory
from egov.signatures.keys import PrivateKey
from egov.signatures.models import (
    Authority,
    Certificate,
    CertificateStatus,
    SignatureRecord,
    SignerKind,
)
from egov.signatures.permissions import can_sign_with
from egov.signatures.services._common import moment, require
from egov.signatures.services.authorities import timestamp_authority
from egov.signatures.services.certificates import open_certificate_key
from egov.signatures.synchronous import outside_running_loop
from egov.signatures.tsa import stamping_at

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# The signature block: 230 x 80 pt, slots filled right to left, bottom up, on the last page.
BLOCK_WIDTH, BLOCK_HEIGHT, MARGIN, GAP = 230, 80, 36, 8
SEAL_RED = (0.80, 0.07, 0.07)
SIGNATURE_BLUE = (0.05, 0.15, 0.55)


def font_path() -> str:
    return getattr(settings, "EGOV_SIGNATURE_FONT", "") or FONT_PATH


def _refuse(message: str, code: str, field: str = "file") -> ValidationError:
    return ValidationError({field: message}, code=code)


def check_can_sign(certificate: Certificate, when: dt.datetime, *,
                   replay: bool = False) -> None:
    """Raise ValidationError with the reason when ``certificate`` cannot sign at ``when``.

    Decree 130/2018 Art. 3(8): a certificate is valid when not expired, not suspended and
    not revoked. A replay of history judges the status the certificate had at ``when``.
    """
    status = certificate.status
    if replay:
        status = selectors.status_at(certificate, when)[0] or CertificateStatus.REQUESTED
    if status == CertificateStatus.REVOKED:
        raise _refuse(_("The certificate has been revoked; it can no longer sign."),
                      "revoked", "certificate")
    if status == CertificateStatus.SUSPENDED:
        raise _refuse(_("The certificate is suspended; it cannot sign until it is reinstated."),
                      "suspended", "certificate")
    if status in (CertificateStatus.REQUESTED, CertificateStatus.REJECTED):
        raise _refuse(_("The certificate has not been issued."), "not_issued", "certificate")
    if status == CertificateStatus.EXPIRED or (
        certificate.valid_to is not None and when >= certificate.valid_to
    ):
        raise _refuse(_("The certificate expired on %(date)s.") % {
            "date": certificate.valid_to.astimezone(VIETNAM).strftime("%d/%m/%Y")},
            "expired", "certificate")
    if certificate.valid_from is not None and when < certificate.valid_from:
        raise _refuse(_("The certificate is not yet valid."), "not_yet_valid", "certificate")
    if not certificate.key_blob:
        raise _refuse(_("The platform holds no private key for this certificate."),
                      "no_key", "certificate")
    if not ca.can_sign_documents(ca.load_certificate(certificate.certificate_der)):
        raise _refuse(_("This certificate is not for signing documents (its key usage does "
                        "not allow it)."), "key_usage", "certificate")


def open_pdf(pdf_bytes: bytes) -> IncrementalPdfFileWriter:
    """A writer for an incremental update, or ValidationError for a damaged or
    encrypted file."""
    if not pdf_bytes or not bytes(pdf_bytes[:1024]).lstrip().startswith(b"%PDF-"):
        raise _refuse(_("The file is not a PDF document."), "not_pdf")
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
        if writer.prev.encrypted:
            raise _refuse(_("The PDF is encrypted (password-protected); remove the protection "
                            "before signing."), "encrypted")
        # A PDF without a page tree is damaged.
        if not writer.prev.root["/Pages"]["/Count"]:
            raise _refuse(_("The PDF has no pages."), "damaged")
    except ValidationError:
        raise
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        raise _refuse(_("The PDF is damaged and cannot be read."), "damaged") from None
    return writer


def _circle(cx: float, cy: float, r: float) -> str:
    k = 0.5523 * r
    return (
        f"{cx + r:.2f} {cy:.2f} m "
        f"{cx + r:.2f} {cy + k:.2f} {cx + k:.2f} {cy + r:.2f} {cx:.2f} {cy + r:.2f} c "
        f"{cx - k:.2f} {cy + r:.2f} {cx - r:.2f} {cy + k:.2f} {cx - r:.2f} {cy:.2f} c "
        f"{cx - r:.2f} {cy - k:.2f} {cx - k:.2f} {cy - r:.2f} {cx:.2f} {cy - r:.2f} c "
        f"{cx + k:.2f} {cy - r:.2f} {cx + r:.2f} {cy - k:.2f} {cx + r:.2f} {cy:.2f} c S "
    )


def _star(cx: float, cy: float, r: float) -> str:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.4
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    path = f"{points[0][0]:.2f} {points[0][1]:.2f} m " + "".join(
        f"{x:.2f} {y:.2f} l " for x, y in points[1:]
    )
    return path + "h f "


@lru_cache(maxsize=1)
def _seal_drawing() -> bytes:
    """The agency's seal as vector art: two red rings and a star (a drawn stand-in for
    the seal image, which needs no image library)."""
    red = " ".join(f"{c:.2f}" for c in SEAL_RED)
    return (
        f"q {red} RG {red} rg 2.2 w " + _circle(36, 36, 34) + "1 w " + _circle(36, 36, 27)
        + _star(36, 36, 12) + "Q"
    ).encode()


def _seal() -> RawContent:
    return RawContent(_seal_drawing(), box=layout.BoxConstraints(72, 72))


FONT_SIZE = 7


def _font(path: str) -> PreparedFontFactory:
    # The engine lays glyphs out at its own size; it must equal the text style's.
    return PreparedFontFactory(path, font_size=FONT_SIZE)


def stamp_style(signer_kind: str) -> TextStampStyle:
    """The visible signature block: text over the seal for an agency, blue text framed
    for an official."""
    organisation = signer_kind == SignerKind.ORGANISATION
    return TextStampStyle(
        stamp_text="%(text)s",
        text_box_style=TextBoxStyle(
            font=_font(font_path()), font_size=FONT_SIZE, leading=9,
            text_color=SEAL_RED if organisation else SIGNATURE_BLUE,
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(left=28 if organisation else 6, right=4, top=4, bottom=4),
        ),
        background=_seal() if organisation else None,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(2),
        ),
        background_opacity=0.55,
        border_width=1,
        border_color=SEAL_RED if organisation else SIGNATURE_BLUE,
    )


def block_text(*, signer: str, agency: str, position: str, when: dt.datetime,
               reason: str, location: str) -> str:
    """The lines of the signature block, in the platform's language (Vietnamese)."""
    with translation.override(settings.LANGUAGE_CODE):
        lines = [_("Signed by: %(name)s") % {"name": signer}]
        if agency and agency != signer:
            lines.append(_("Agency: %(agency)s") % {"agency": agency})
        if position:
            lines.append(_("Position: %(position)s") % {"position": position})
        lines.append(_("Time: %(time)s") % {
            "time": when.astimezone(VIETNAM).isoformat(timespec="seconds")})
        if reason:
            lines.append(_("Reason: %(reason)s") % {"reason": reason})
        if location:
            lines.append(_("Place: %(place)s") % {"place": location})
    wrapped: list[str] = []
    for line in lines:
        wrapped.extend(textwrap.wrap(line, width=52, subsequent_indent="  ") or [""])
    return "\n".join(wrapped[:8])


def _page_size(writer: IncrementalPdfFileWriter) -> tuple[float, float]:
    page = writer.find_page_for_modification(-1)[0].get_object()
    node: Any = page
    for _depth in range(20):
        if "/MediaBox" in node:
            x0, y0, x1, y1 = (float(v) for v in node["/MediaBox"])
            return abs(x1 - x0), abs(y1 - y0)
        if "/Parent" not in node:
            break
        node = node["/Parent"].get_object()
    return 595.0, 842.0  # A4


def new_field_box(writer: IncrementalPdfFileWriter, slot: int) -> tuple[int, int, int, int]:
    """Where the ``slot``-th signature block goes on the last page."""
    width, _height = _page_size(writer)
    per_row = max(1, int((width - 2 * MARGIN + GAP) // (BLOCK_WIDTH + GAP)))
    column, row = slot % per_row, slot // per_row
    x2 = int(width - MARGIN - column * (BLOCK_WIDTH + GAP))
    y1 = int(MARGIN + row * (BLOCK_HEIGHT + GAP))
    return x2 - BLOCK_WIDTH, y1, x2, y1 + BLOCK_HEIGHT


class _PdfSigner(signers.PdfSigner):
    """pyHanko's signer with the signing time chosen by us, so the /M entry, the block
    and the timestamp agree."""

    def __init__(self, *args: Any, system_time: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._system_time = system_time

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._system_time
        return session


class OpenedKeySigner(signers.SimpleSigner):
    """pyHanko's in-memory signer, with the key already opened.

    ``SimpleSigner`` parses its PKCS#8 key again for every raw signature (twice per PDF,
    with RSA's consistency check each time); ours is opened once from the sealed store.
    The key object lives as long as this signer, i.e. one signature.
    """

    def __init__(self, *, key: PrivateKey, signing_cert: Any, cert_registry: Any) -> None:
        self._key = key
        super().__init__(
            signing_cert=signing_cert, cert_registry=cert_registry,
            signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )),
        )

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), algorithm)
        if mechanism == "ecdsa" and isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(data, ec.ECDSA(algorithm))
        return super().sign_raw(data, digest_algorithm)


def chain_of(certificate: Certificate) -> list[bytes]:
    """DER of the issuing authorities above a certificate, nearest first."""
    chain: list[bytes] = []
    authority: Authority | None = certificate.issuer
    while authority is not None and len(chain) < 5:
        chain.append(bytes(authority.certificate_der))
        authority = authority.parent
    return chain


def sign_pdf(
    *, actor: Any, pdf_bytes: bytes, certificate: Certificate, passphrase: str | None = None,
    reason: str, location: str = "", field_name: str | None = None,
    at: dt.datetime | None = None,
) -> bytes:
    """Sign ``pdf_bytes`` with ``certificate`` and return the signed PDF.

    ``field_name`` names an empty signature field to fill, or the new field to create
    (default ``Signature<n>``). ``at`` is for replaying history (the demo's 2017
    documents, archives being migrated): the certificate is judged as it stood then and
    the timestamp carries that time. Everything people reach passes None, i.e. now.
    """
    require(actor, lambda user: can_sign_with(user, certificate))
    when = moment(at).astimezone(VIETNAM).replace(microsecond=0)
    certificate = (
        Certificate.objects.select_related("agency", "official", "issuer__parent__parent")
        .get(pk=certificate.pk)
    )
    check_can_sign(certificate, when, replay=at is not None)
    writer = open_pdf(pdf_bytes)
    existing = {name: filled for name, filled, _ref in fields.enumerate_sig_fields(writer.prev)}
    field_spec = None
    if field_name and existing.get(field_name):
        raise _refuse(_("The signature field %(name)s is already signed.") % {"name": field_name},
                      "field_signed", "field_name")
    if not field_name or field_name not in existing:
        field_name = field_name or _free_name(existing)
        field_spec = fields.SigFieldSpec(field_name, on_page=-1,
                                         box=new_field_box(writer, len(existing)))
    tsa = timestamp_authority()
    if tsa is None:
        raise Conflict(_("No timestamp authority is in service; signatures would not stay "
                         "verifiable. Ask the system administrator."), code="no_tsa")
    signer = OpenedKeySigner(
        key=open_certificate_key(certificate, passphrase),
        signing_cert=asn1_x509.Certificate.load(bytes(certificate.certificate_der)),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(c) for c in chain_of(certificate)]
        ),
    )
    official = certificate.official
    text = block_text(
        signer=certificate.common_name, agency=certificate.agency.name,
        position=official.position if official is not None else "", when=when,
        reason=reason, location=location,
    )
    pdf_signer = _PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=field_name, reason=reason or None, location=location or None,
            md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        ),
        signer=signer, timestamper=tsa.stamper(), stamp_style=stamp_style(
            certificate.signer_kind), new_field_spec=field_spec, system_time=when,
    )
    try:
        with stamping_at(when if at is not None else None):
            output = outside_running_loop(pdf_signer.sign_pdf, writer,
                                          appearance_text_params={"text": text})
    except SigningError as exc:
        raise _refuse(_("The PDF does not allow another signature: %(why)s") % {"why": exc},
                      "not_signable") from None
    except PdfError:
        raise _refuse(_("The PDF is damaged and cannot be signed."), "damaged") from None
    signed = output.getvalue()
    with transaction.atomic():
        record = SignatureRecord.objects.create(
            certificate=certificate, signed_at=when,
            actor=actor if getattr(actor, "pk", None) else None, field_name=field_name,
            reason=reason[:300], location=location[:200],
            input_sha256=hashlib.sha256(pdf_bytes).hexdigest(),
            output_sha256=hashlib.sha256(signed).hexdigest(), timestamped=True,
        )
        audit.record("signatures.certificate.sign", record, actor=actor,
                     after=audit.snapshot(record))
    return signed


def _free_name(existing: dict[str, Any]) -> str:
    number = len(existing) + 1
    while f"Signature{number}" in existing:
        number += 1
    return f"Signature{number}"

