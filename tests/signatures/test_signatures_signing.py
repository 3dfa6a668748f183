"""Signing PDFs through the service, checked with pyHanko's own validator against the
platform's root; every refusal leaves the file untouched and records nothing."""

import datetime as dt
import io

import pytest
from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from django.core.exceptions import PermissionDenied, ValidationError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from signature_pdfs import PASSPHRASE, encrypted_pdf, flip_byte_in_content, plain_pdf

from egov.core.errors import Conflict
from egov.core.models import AuditEntry
from egov.signatures import ca, services
from egov.signatures.models import (
    Authority,
    CertificateStatus,
    KeyAlgorithm,
    RevocationReason,
    SignatureRecord,
    SignerKind,
)


def pyhanko_statuses(pdf_bytes, hard_fail=True):
    """pyHanko's verdicts, trusting only the platform's root (and its current CRLs)."""
    root = Authority.objects.get(slug="egov-root")
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(bytes(root.certificate_der))],
        crls=[asn1_crl.CertificateList.load(bytes(a.crl_der))
              for a in Authority.objects.exclude(crl_der=None)],
        revocation_mode="hard-fail" if hard_fail else "soft-fail", allow_fetching=False,
    )
    reader = PdfFileReader(io.BytesIO(pdf_bytes))
    return [validate_pdf_signature(s, context) for s in reader.embedded_signatures]


def sign(certificate, pdf_bytes, **kwargs):
    kwargs.setdefault("reason", "Phê duyệt kết quả")
    kwargs.setdefault("location", "Trà Vinh")
    return services.sign_pdf(actor=None, pdf_bytes=pdf_bytes, certificate=certificate, **kwargs)


def test_signed_pdf_validates_in_pyhanko_against_the_platform_root(seal_a, pdf):
    signed = sign(seal_a, pdf)
    assert signed.startswith(pdf)  # an incremental update: the original bytes are kept
    [status] = pyhanko_statuses(signed)
    assert status.bottom_line is True
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None
    assert status.timestamp_validity.trusted and status.timestamp_validity.intact
    assert status.signing_cert.subject.native["common_name"] == "Sở Thông tin và Truyền thông"
    assert [c.subject.native["common_name"] for c in status.validation_path] == [
        "Root CA Trà Vinh", "Signing CA Trà Vinh", "Sở Thông tin và Truyền thông"]
    assert status.summary().startswith("INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>")


def test_one_changed_byte_breaks_the_signature(seal_a, pdf):
    signed = sign(seal_a, pdf)
    tampered = flip_byte_in_content(signed)
    assert len(tampered) == len(signed) and tampered != signed
    [status] = pyhanko_statuses(tampered)
    assert status.intact is False
    assert status.bottom_line is False


def test_signature_block_and_metadata(seal_a, pdf):
    signed = sign(seal_a, pdf, reason="Ban hành", location="TP. Trà Vinh")
    reader = PdfFileReader(io.BytesIO(signed))
    [embedded] = reader.embedded_signatures
    assert embedded.field_name == "Signature1"
    assert embedded.sig_object["/Reason"] == "Ban hành"
    assert embedded.sig_object["/Location"] == "TP. Trà Vinh"
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    widget = embedded.sig_field
    rect = [float(v) for v in widget["/Rect"]]
    assert rect == [329.0, 36.0, 559.0, 116.0]  # bottom right of the last page
    assert "/AP" in widget  # a visible appearance
    record = SignatureRecord.objects.get()
    assert record.certificate == seal_a and record.reason == "Ban hành"
    assert record.field_name == "Signature1" and record.timestamped
    assert AuditEntry.objects.filter(action="signatures.certificate.sign").count() == 1


def test_block_text_is_vietnamese_with_the_time_in_vietnam(settings):
    from egov.signatures.services.signing import block_text

    text = block_text(signer="Nguyễn Văn A", agency="Sở Tư pháp", position="Giám đốc",
                      when=dt.datetime(2017, 12, 29, 7, 3, 21, tzinfo=dt.UTC),
                      reason="Phê duyệt", location="Trà Vinh")
    assert text.splitlines() == [
        "Ký bởi: Nguyễn Văn A", "Cơ quan: Sở Tư pháp", "Chức vụ: Giám đốc",
        "Thời gian ký: 2017-12-29T14:03:21+07:00", "Lý do: Phê duyệt", "Nơi ký: Trà Vinh",
    ]


def test_counter_signatures_keep_every_signature_valid(seal_a, director_cert, pdf):
    first = sign(director_cert, pdf, passphrase=PASSPHRASE, reason="Ký duyệt")
    second = sign(seal_a, first, reason="Đóng dấu")
    statuses = pyhanko_statuses(second)
    assert [s.bottom_line for s in statuses] == [True, True]
    reader = PdfFileReader(io.BytesIO(second))
    assert [s.field_name for s in reader.embedded_signatures] == ["Signature1", "Signature2"]
    boxes = [[float(v) for v in s.sig_field["/Rect"]] for s in reader.embedded_signatures]
    assert boxes[0] != boxes[1]  # side by side, not on top of each other


def test_signing_an_existing_empty_field(seal_a):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    writer = IncrementalPdfFileWriter(io.BytesIO(plain_pdf()))
    fields.append_signature_field(writer, fields.SigFieldSpec("ChuKyGiamDoc", box=(50, 50, 250,
                                                                                   130)))
    out = io.BytesIO()
    writer.write(out)
    signed = sign(seal_a, out.getvalue(), field_name="ChuKyGiamDoc")
    [status] = pyhanko_statuses(signed)
    assert status.bottom_line
    with pytest.raises(ValidationError) as error:
        sign(seal_a, signed, field_name="ChuKyGiamDoc")
    assert error.value.message_dict == {
        "field_name": ["Ô chữ ký ChuKyGiamDoc đã được ký."]}


def test_rsa_key_signature_validates(platform_ca, agency_b, pdf):
    request = services.certificate_request(actor=None, signer_kind=SignerKind.ORGANISATION,
                                           agency=agency_b, key_algorithm=KeyAlgorithm.RSA_2048)
    certificate = services.certificate_issue(actor=None, certificate=request)
    [status] = pyhanko_statuses(sign(certificate, pdf))
    assert status.bottom_line and status.pkcs7_signature_mechanism == "sha256_rsa"


# --- Refusals -------------------------------------------------------------------------


def refused(certificate, pdf_bytes, **kwargs):
    original = bytes(pdf_bytes)
    with pytest.raises(ValidationError) as error:
        sign(certificate, pdf_bytes, **kwargs)
    assert pdf_bytes == original
    assert SignatureRecord.objects.count() == 0
    return error.value.message_dict


@pytest.mark.parametrize("data", [
    b"", b"GIF89a not a pdf", b"%PDF-1.7\n garbage without objects",
])
def test_damaged_or_foreign_files_are_refused(seal_a, data):
    messages = refused(seal_a, data)
    assert messages["file"][0] in (
        "Tệp không phải là văn bản PDF.", "Tệp PDF bị hỏng, không đọc được.")


def test_truncated_pdf_is_refused(seal_a, pdf):
    assert refused(seal_a, pdf[: len(pdf) // 2]) == {
        "file": ["Tệp PDF bị hỏng, không đọc được."]}


def test_encrypted_pdf_is_refused(seal_a):
    assert refused(seal_a, encrypted_pdf()) == {"file": [
        "Tệp PDF được đặt mật khẩu bảo vệ; hãy gỡ bảo vệ trước khi ký."]}


def test_wrong_or_missing_passphrase(director_cert, pdf):
    assert refused(director_cert, pdf, passphrase="mat-khau-sai-roi") == {
        "passphrase": ["Mật khẩu của khóa bí mật không đúng."]}
    assert refused(director_cert, pdf) == {
        "passphrase": ["Khóa bí mật của chứng thư số này cần mật khẩu."]}


def test_suspended_certificate_is_refused(seal_a, pdf):
    services.certificate_suspend(actor=None, certificate=seal_a, note="Nghi lộ khóa")
    assert refused(seal_a, pdf) == {"certificate": [
        "Chứng thư số đang bị tạm dừng; không ký được cho đến khi được khôi phục."]}


def test_after_revocation_signing_is_refused_and_the_crl_lists_the_serial(seal_a, pdf):
    services.certificate_revoke(actor=None, certificate=seal_a,
                                reason_code=RevocationReason.CESSATION_OF_OPERATION)
    assert refused(seal_a, pdf) == {"certificate": [
        "Chứng thư số đã bị thu hồi; không thể ký bằng chứng thư này nữa."]}
    crl = x509.load_der_x509_crl(bytes(Authority.objects.get(slug="egov-ca").crl_der))
    assert crl.get_revoked_certificate_by_serial_number(int(seal_a.serial_number, 16))


def test_expired_certificate_is_refused(platform_ca, agency_a, pdf):
    request = services.certificate_request(actor=None, signer_kind=SignerKind.ORGANISATION,
                                           agency=agency_a, key_algorithm=KeyAlgorithm.EC_P256)
    certificate = services.certificate_issue(actor=None, certificate=request, years=1)
    later = certificate.valid_to + dt.timedelta(days=1)
    messages = refused(certificate, pdf, at=later)
    end = certificate.valid_to.astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert messages == {"certificate": [f"Chứng thư số đã hết hạn ngày {end:%d/%m/%Y}."]}
    assert services.certificates_expire(now=later) == 1
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.EXPIRED
    assert certificate.events.last().at == certificate.valid_to
    assert "certificate" in refused(certificate, pdf)


def test_request_not_issued_is_refused(platform_ca, agency_a, pdf):
    request = services.certificate_request(actor=None, signer_kind=SignerKind.ORGANISATION,
                                           agency=agency_a)
    assert refused(request, pdf) == {"certificate": ["Chứng thư số chưa được cấp."]}


def _outside_pkcs12(key_usage, password=b"p12-password"):
    """A certificate from an outside CA, as a PKCS#12 file with its key and chain."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = ca.root_certificate(subject=ca.name("VNPT Certification Authority"), key=root_key,
                               not_before=now)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder().subject_name(ca.name("Sở Tư pháp tỉnh Trà Vinh"))
        .issuer_name(root.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(key_usage, critical=True)
        .sign(root_key, ca.hash_for(root_key))
    )
    return pkcs12.serialize_key_and_certificates(
        b"p12", key, cert, [root], BestAvailableEncryption(password))


def test_certificate_without_document_signing_usage_is_refused(platform_ca, agency_b, pdf):
    encryption_only = x509.KeyUsage(
        digital_signature=False, content_commitment=False, key_encipherment=True,
        data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
        encipher_only=False, decipher_only=False,
    )
    certificate = services.certificate_import(
        actor=None, signer_kind=SignerKind.ORGANISATION, agency=agency_b,
        pkcs12=_outside_pkcs12(encryption_only), password="p12-password",
    )
    assert certificate.status == CertificateStatus.ACTIVE
    assert certificate.key_usage == ["key_encipherment"]
    assert certificate.issuer.name == "VNPT Certification Authority"
    assert not certificate.issuer.trusted
    assert refused(certificate, pdf) == {"certificate": [
        "Chứng thư số này không dùng để ký văn bản (mục đích sử dụng khóa không cho phép)."]}


def test_imported_signing_certificate_signs(platform_ca, agency_b, pdf):
    signing = x509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
        encipher_only=False, decipher_only=False,
    )
    certificate = services.certificate_import(
        actor=None, signer_kind=SignerKind.ORGANISATION, agency=agency_b,
        pkcs12=_outside_pkcs12(signing), password="p12-password",
    )
    [status] = pyhanko_statuses(sign(certificate, pdf), hard_fail=False)
    assert status.intact and status.valid and not status.trusted  # root not trusted here
    with pytest.raises(ValidationError) as error:
        services.certificate_import(
            actor=None, signer_kind=SignerKind.ORGANISATION, agency=agency_b,
            pkcs12=_outside_pkcs12(signing), password="wrong",
        )
    assert "pkcs12" in error.value.message_dict


def test_no_timestamp_authority_no_signature(seal_a, pdf):
    tsa = Authority.objects.get(role=Authority.Role.TIMESTAMPING)
    services.authority_update(actor=None, authority=tsa, enabled=False)
    with pytest.raises(Conflict) as error:
        sign(seal_a, pdf)
    assert error.value.code == "no_tsa"


# --- Who may sign -----------------------------------------------------------------------


@pytest.mark.parametrize(("user", "allowed"), [
    ("a_director", True), ("a_clerk", True), ("a_specialist", False), ("a_admin", False),
    ("b_director", False), ("sysadmin", False), ("citizen", False),
])
def test_who_may_apply_the_agency_seal(users, seal_a, pdf, user, allowed):
    actor = users[user]
    if allowed:
        services.sign_pdf(actor=actor, pdf_bytes=pdf, certificate=seal_a, reason="Đóng dấu")
        assert SignatureRecord.objects.get().actor == actor
    else:
        with pytest.raises(PermissionDenied):
            services.sign_pdf(actor=actor, pdf_bytes=pdf, certificate=seal_a, reason="x")


@pytest.mark.parametrize(("user", "allowed"), [
    ("a_director", True), ("a_clerk", False), ("a_admin", False), ("sysadmin", False),
])
def test_only_the_holder_signs_with_a_personal_certificate(users, director_cert, pdf, user,
                                                          allowed):
    call = dict(actor=users[user], pdf_bytes=pdf, certificate=director_cert, reason="Ký",
                passphrase=PASSPHRASE)
    if allowed:
        assert services.sign_pdf(**call).startswith(pdf)
    else:
        with pytest.raises(PermissionDenied):
            services.sign_pdf(**call)


def test_pyhanko_runs_beside_an_event_loop_running_in_the_thread():
    """pyHanko's asyncio.run() cannot start while a loop runs in the thread (Playwright's
    sync API leaves one running while a browser test loads the demo, which signs): the
    call goes to a worker thread, with the replayed time of a historical signature."""
    import asyncio

    from egov.signatures import tsa
    from egov.signatures.synchronous import outside_running_loop

    async def replayed_time():
        return tsa._historical_time.get()

    at = dt.datetime(2017, 11, 3, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    loop = asyncio.new_event_loop()
    asyncio._set_running_loop(loop)
    try:
        waiting = replayed_time()
        with pytest.raises(RuntimeError, match="running event loop"):
            asyncio.run(waiting)
        waiting.close()
        with tsa.stamping_at(at):
            seen = outside_running_loop(lambda: asyncio.run(replayed_time()))
    finally:
        asyncio._set_running_loop(None)
        loop.close()
    assert seen == at
