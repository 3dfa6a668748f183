"""Signing and verifying PDFs through the platform's services, against pyHanko called
directly on the same files, with the same key, stamp, timestamp authority and trust
roots, in the same run.

What the service adds per signature: reading the certificate and its chain, the checks
(status, validity, key usage, permission), opening the sealed key (AES-GCM), the
signature record and the audit entry. Per verification: loading the trust material,
the registry's history of the certificate, the verdict. The aim is at least 80 % of
raw pyHanko's rate.

``python -m bench sign_verify`` (database of the benchmarks) or ``python -m
bench.sign_verify`` (the configured database); everything it creates is rolled back.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

FILES = 12
ROUNDS = 3
TARGET = 0.80


def _pdf(number: int) -> bytes:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

    writer = PdfFileWriter()
    font = writer.add_object(generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Font"),
        generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
        generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
    }))
    for page in range(1 + number % 3):
        lines = "".join(f"BT /F1 11 Tf 72 {760 - 16 * i} Td (Quyet dinh so {number}/QD-STTTT, "
                        f"trang {page + 1}, dong {i + 1}) Tj ET\n" for i in range(40))
        writer.insert_page(PageObject(
            contents=writer.add_object(generic.StreamObject(stream_data=lines.encode())),
            media_box=[0, 0, 595, 842],
            resources=generic.DictionaryObject({generic.pdf_name("/Font"):
                                                generic.DictionaryObject({
                                                    generic.pdf_name("/F1"): font})}),
        ))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _rate(operation: Callable[[bytes], Any], files: list[bytes]) -> tuple[float, list[Any]]:
    started = time.perf_counter()
    results = [operation(data) for data in files]
    return len(files) / (time.perf_counter() - started), results


def _raw_signer(certificate: Any) -> Callable[[bytes], bytes]:
    """pyHanko alone: the same key (opened once), stamp, field box and TSA."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from egov.signatures.services import timestamp_authority
    from egov.signatures.services.certificates import open_certificate_key
    from egov.signatures.services.signing import (
        block_text,
        chain_of,
        new_field_box,
        stamp_style,
    )

    key = open_certificate_key(certificate, None)
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(bytes(certificate.certificate_der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(c) for c in chain_of(certificate)]),
    )
    style = stamp_style(certificate.signer_kind)
    stamper = timestamp_authority().stamper()

    def sign(data: bytes) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        text = block_text(signer=certificate.common_name, agency=certificate.agency.name,
                          position="", when=dt.datetime.now(dt.UTC), reason="Ban hành",
                          location="Trà Vinh")
        pdf_signer = signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name="Signature1", reason="Ban hành",
                                         location="Trà Vinh", md_algorithm="sha256",
                                         subfilter=fields.SigSeedSubFilter.PADES),
            signer=signer, timestamper=stamper, stamp_style=style,
            new_field_spec=fields.SigFieldSpec("Signature1", on_page=-1,
                                               box=new_field_box(writer, 0)),
        )
        return pdf_signer.sign_pdf(writer, appearance_text_params={"text": text}).getvalue()

    return sign


def _raw_verifier() -> Callable[[bytes], bool]:
    """pyHanko alone: the platform's roots and CRLs, validated at the timestamp's time."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from egov.signatures.selectors import trust_material

    roots, others, crls = trust_material()
    roots_ = [asn1_x509.Certificate.load(r) for r in roots]
    others_ = [asn1_x509.Certificate.load(o) for o in others]
    crls_ = [asn1_crl.CertificateList.load(c) for c in crls]

    def verify(data: bytes) -> bool:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        ok = True
        for embedded in reader.embedded_regular_signatures:
            context = ValidationContext(trust_roots=roots_, other_certs=others_, crls=crls_,
                                        allow_fetching=False, retroactive_revinfo=True)
            ok &= validate_pdf_signature(embedded, context, context).bottom_line
        return ok

    return verify


def measure(files: int = FILES, rounds: int = ROUNDS) -> dict[str, float]:
    from egov.organizations import services as organizations
    from egov.organizations.models import AdministrativeDivision, Agency
    from egov.signatures import services
    from egov.signatures.models import KeyAlgorithm, SignerKind
    from egov.signatures.verification import verify_pdf

    organizations.divisions_import(actor=None, edition="2008", province="84")
    agency = organizations.agency_create(
        # A code of its own: the run may share a database with the demo (rolled back).
        actor=None, code="000.00.98.H59", name="Sở Thông tin và Truyền thông (đo hiệu năng)",
        short_name="BENCH", kind=Agency.Kind.DEPARTMENT,
        division=AdministrativeDivision.objects.get(level=1, code="84"),
        valid_from=dt.date(2017, 1, 1))
    services.authority_setup_platform(actor=None, organisation="Sở TT&TT tỉnh Trà Vinh",
                                      province="Trà Vinh", key_algorithm=KeyAlgorithm.EC_P256,
                                      slug_prefix="bench")
    request = services.certificate_request(actor=None, signer_kind=SignerKind.ORGANISATION,
                                           agency=agency, key_algorithm=KeyAlgorithm.RSA_2048)
    certificate = services.certificate_issue(actor=None, certificate=request)
    pdfs = [_pdf(n) for n in range(files)]

    def service_sign(data: bytes) -> bytes:
        return services.sign_pdf(actor=None, pdf_bytes=data, certificate=certificate,
                                 reason="Ban hành", location="Trà Vinh")

    def service_verify(data: bytes) -> bool:
        return verify_pdf(data).all_valid

    raw_sign, raw_verify = _raw_signer(certificate), _raw_verifier()
    # Warm up both paths (font preparation, the TSA's sample token, imports).
    signed = [service_sign(pdfs[0]), raw_sign(pdfs[0])]
    assert service_verify(signed[0]) and raw_verify(signed[1])

    rates: dict[str, list[float]] = {k: [] for k in ("sign", "sign_raw", "verify",
                                                      "verify_raw")}
    for _round in range(rounds):
        rate, by_service = _rate(service_sign, pdfs)
        rates["sign"].append(rate)
        rate, by_pyhanko = _rate(raw_sign, pdfs)
        rates["sign_raw"].append(rate)
        rate, verdicts = _rate(service_verify, by_service)
        rates["verify"].append(rate)
        assert all(verdicts), "a signature made by the service did not verify"
        rate, verdicts = _rate(raw_verify, by_service)
        rates["verify_raw"].append(rate)
        assert all(verdicts), "pyHanko did not validate a signature made by the service"
        assert all(raw_verify(data) for data in by_pyhanko)
    return {name: statistics.median(values) for name, values in rates.items()}


def report(figures: dict[str, float]) -> bool:
    sign_ratio = figures["sign"] / figures["sign_raw"]
    verify_ratio = figures["verify"] / figures["verify_raw"]
    print("sign_verify: PAdES signatures with timestamp and visible block, RSA 2048 signer")
    print(f"  sign    service {figures['sign']:7.1f}/s   pyHanko {figures['sign_raw']:7.1f}/s"
          f"   ratio {sign_ratio:.0%}")
    print(f"  verify  service {figures['verify']:7.1f}/s   pyHanko "
          f"{figures['verify_raw']:7.1f}/s   ratio {verify_ratio:.0%}")
    ok = sign_ratio >= TARGET and verify_ratio >= TARGET
    print(f"  target  {TARGET:.0%} of raw pyHanko: {'met' if ok else 'NOT met'}")
    return ok


def run(**_options: Any) -> bool:
    """Entry point for ``python -m bench``: measure inside a transaction rolled back."""
    from django.db import transaction

    with transaction.atomic():
        figures = measure()
        transaction.set_rollback(True)
    return report(figures)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    import django

    django.setup()
    return 0 if run() else 1


if __name__ == "__main__":
    sys.exit(main())
