"""Verification reports: intact or changed, valid or revoked at the signing time, the
timestamp, and the plain-Vietnamese verdict."""

import datetime as dt
import io

import pytest
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko_certvalidator.registry import SimpleCertificateStore
from signature_pdfs import PASSPHRASE, flip_byte_in_content, plain_pdf

from egov.signatures import services
from egov.signatures.models import KeyAlgorithm, RevocationReason, SignerKind
from egov.signatures.services.certificates import open_certificate_key
from egov.signatures.services.signing import chain_of
from egov.signatures.verification import INDETERMINATE, INVALID, VALID, verify_pdf

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture
def history_ca(db):
    """A CA that has been running for 800 days, so signatures can be placed in the past."""
    return services.authority_setup_platform(
        actor=None, organisation="Sở Thông tin và Truyền thông tỉnh Trà Vinh",
        province="Trà Vinh", key_algorithm=KeyAlgorithm.EC_P256,
        valid_from=NOW - dt.timedelta(days=800),
    )


@pytest.fixture
def old_seal(history_ca, agency_a):
    request = services.certificate_request(
        actor=None, signer_kind=SignerKind.ORGANISATION, agency=agency_a,
        key_algorithm=KeyAlgorithm.EC_P256, at=NOW - dt.timedelta(days=50))
    return services.certificate_issue(actor=None, certificate=request,
                                      at=NOW - dt.timedelta(days=50))


def sign(certificate, pdf_bytes, **kwargs):
    return services.sign_pdf(actor=None, pdf_bytes=pdf_bytes, certificate=certificate,
                             reason="Phê duyệt", location="Trà Vinh", **kwargs)


def raw_sign(certificate, key, pdf_bytes, *, timestamper=None):
    """Sign with pyHanko directly, as someone holding a copy of the key would."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509

    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(bytes(certificate.certificate_der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(c) for c in chain_of(certificate)]),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    meta = signers.PdfSignatureMetadata(field_name="Stolen", md_algorithm="sha256",
                                        subfilter=SigSeedSubFilter.PADES)
    return signers.PdfSigner(meta, signer, timestamper=timestamper).sign_pdf(writer).getvalue()


def test_valid_signature_report(seal_a, pdf):
    report = verify_pdf(sign(seal_a, pdf))
    assert report.error == "" and report.all_valid
    [result] = report.signatures
    assert result.verdict == VALID
    assert result.signer == "Sở Thông tin và Truyền thông"
    assert result.organisation == "Sở Thông tin và Truyền thông"
    assert result.chain == ["Sở Thông tin và Truyền thông", "Signing CA Trà Vinh",
                            "Root CA Trà Vinh"]
    assert result.intact and result.trusted and result.timestamped
    assert result.timestamp_authority == "Timestamp Authority Trà Vinh"
    assert result.registry_status == "active"
    assert result.problems == [] and result.notes == []
    assert result.message.startswith("Chữ ký hợp lệ.")
    assert report.summary == "Chữ ký hợp lệ."


def test_changed_byte_is_reported(seal_a, pdf):
    report = verify_pdf(flip_byte_in_content(sign(seal_a, pdf)))
    [result] = report.signatures
    assert result.verdict == INVALID and not result.intact
    assert not report.all_valid
    assert result.message.startswith("Chữ ký không hợp lệ. Tài liệu đã bị thay đổi sau khi ký")


def test_content_added_after_signing_is_reported(seal_a, pdf):
    from pyhanko.pdf_utils import generic

    signed = sign(seal_a, pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.find_page_for_modification(0)[0].get_object()
    page["/Contents"] = writer.add_object(generic.StreamObject(
        stream_data=b"BT /F1 14 Tf 72 700 Td (Sua noi dung) Tj ET"))
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    [result] = verify_pdf(out.getvalue()).signatures
    assert result.intact and result.changed_after
    assert result.verdict == INVALID


def test_counter_signed_document(seal_a, director_cert, pdf):
    signed = sign(seal_a, sign(director_cert, pdf, passphrase=PASSPHRASE))
    report = verify_pdf(signed)
    assert [r.verdict for r in report.signatures] == [VALID, VALID]
    assert [r.signer for r in report.signatures] == ["Nguyễn Văn A_Director",
                                                     "Sở Thông tin và Truyền thông"]
    assert report.summary == "Cả 2 chữ ký đều hợp lệ."


def test_signature_before_revocation_stays_valid_after_it(old_seal, pdf):
    signed = sign(old_seal, pdf, at=NOW - dt.timedelta(days=10))
    services.certificate_revoke(actor=None, certificate=old_seal,
                                reason_code=RevocationReason.KEY_COMPROMISE,
                                at=NOW - dt.timedelta(days=5))
    [result] = verify_pdf(signed).signatures
    assert result.verdict == VALID, result.problems
    assert result.signing_time == NOW - dt.timedelta(days=10)
    assert len(result.notes) == 1 and "sau thời điểm ký" in result.notes[0]


def test_signature_stays_valid_after_the_certificate_expires(history_ca, agency_a, pdf):
    request = services.certificate_request(
        actor=None, signer_kind=SignerKind.ORGANISATION, agency=agency_a,
        key_algorithm=KeyAlgorithm.EC_P256, at=NOW - dt.timedelta(days=700))
    short = services.certificate_issue(actor=None, certificate=request, years=1,
                                       at=NOW - dt.timedelta(days=700))
    signed = sign(short, pdf, at=NOW - dt.timedelta(days=600))
    assert services.certificates_expire() == 1
    short.refresh_from_db()
    assert short.valid_to < NOW and short.status == "expired"
    # Judged at its timestamp, 600 days ago, when the certificate was in force.
    [result] = verify_pdf(signed).signatures
    assert result.verdict == VALID and result.registry_status == "active"
    assert result.signing_time == NOW - dt.timedelta(days=600)


def test_signature_after_revocation_is_invalid(old_seal, pdf):
    key = open_certificate_key(old_seal, None)  # a copy of the key, kept by someone
    services.certificate_revoke(actor=None, certificate=old_seal,
                                reason_code=RevocationReason.KEY_COMPROMISE,
                                at=NOW - dt.timedelta(days=5))
    tsa = services.timestamp_authority()
    signed = raw_sign(old_seal, key, pdf, timestamper=tsa.stamper())
    [result] = verify_pdf(signed).signatures
    assert result.verdict == INVALID
    assert result.revoked_at is not None
    assert any("bị thu hồi" in p for p in result.problems)


def test_signature_while_suspended_is_invalid_even_after_reinstatement(old_seal, pdf):
    key = open_certificate_key(old_seal, None)
    services.certificate_suspend(actor=None, certificate=old_seal, note="Nghi lộ khóa")
    signed = raw_sign(old_seal, key, pdf, timestamper=services.timestamp_authority().stamper())
    services.certificate_reinstate(actor=None, certificate=old_seal, note="Đã kiểm tra")
    [result] = verify_pdf(signed).signatures
    assert result.verdict == INVALID
    assert result.registry_status == "suspended"


def test_signature_without_timestamp_is_checked_now_and_says_so(seal_a, pdf):
    key = open_certificate_key(seal_a, None)
    [result] = verify_pdf(raw_sign(seal_a, key, pdf)).signatures
    assert result.verdict == VALID and not result.timestamped
    assert len(result.notes) == 1 and "không có dấu thời gian" in result.notes[0]


def test_untrusted_root_cannot_be_confirmed(seal_a, pdf):
    from egov.signatures.models import Authority

    signed = sign(seal_a, pdf)
    services.authority_update(actor=None, authority=Authority.objects.get(slug="egov-root"),
                              trusted=False)
    [result] = verify_pdf(signed).signatures
    assert result.verdict in (INDETERMINATE, INVALID)
    assert not result.trusted


@pytest.mark.parametrize(("data", "error"), [
    (b"", "Tệp không phải là văn bản PDF."),
    (b"PK\x03\x04 a zip file", "Tệp không phải là văn bản PDF."),
])
def test_not_a_pdf(db, data, error):
    report = verify_pdf(data)
    assert report.error == error and not report.all_valid and report.signatures == []


def test_unsigned_pdf_has_no_valid_signature(db):
    report = verify_pdf(plain_pdf())
    assert report.signatures == [] and not report.all_valid
    assert report.summary == "Tài liệu không có chữ ký số."
