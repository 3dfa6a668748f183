"""Pages: the public verification page, the registry within an agency, the actions by role,
the signing page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from signature_pdfs import flip_byte_in_content

from egov.signatures import services
from egov.signatures.models import Certificate, CertificateStatus, KeyAlgorithm, SignerKind


def upload(data, name="quyet-dinh.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_anyone_verifies_a_pdf_without_logging_in(client, seal_a, pdf):
    signed = services.sign_pdf(actor=None, pdf_bytes=pdf, certificate=seal_a, reason="Ký")
    response = client.post(reverse("signatures:verify"), {"file": upload(signed)})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chữ ký hợp lệ." in body
    assert "Root CA Trà Vinh" in body and "quyet-dinh.pdf" in body
    tampered = client.post(reverse("signatures:verify"),
                           {"file": upload(flip_byte_in_content(signed))}).content.decode()
    assert "Tài liệu đã bị thay đổi sau khi ký" in tampered


def test_verify_page_answers_bad_files_in_words(client, db):
    body = client.post(reverse("signatures:verify"),
                       {"file": upload(b"hello", "x.pdf")}).content.decode()
    assert "Tệp không phải là văn bản PDF." in body
    assert client.get(reverse("signatures:verify")).status_code == 200
    assert client.get(reverse("signatures:authorities")).status_code == 200


@pytest.mark.parametrize(("user", "expected"), [
    ("anonymous", 302), ("citizen", 403), ("a_specialist", 200), ("b_admin", 200),
    ("sysadmin", 200),
])
def test_registry_needs_an_official(web_as, seal_a, user, expected):
    assert web_as(user).get(reverse("signatures:index")).status_code == expected


def test_registry_shows_only_the_agencys_certificates(web_as, seal_a, platform_ca, agency_b):
    services.certificate_request(actor=None, signer_kind=SignerKind.ORGANISATION,
                                 agency=agency_b, common_name="Con dấu Sở Tư pháp")
    body = web_as("a_specialist").get(reverse("signatures:index")).content.decode()
    assert "Sở Thông tin và Truyền thông" in body and "Con dấu Sở Tư pháp" not in body
    assert "Đang có hiệu lực: 1" in body
    admin_body = web_as("sysadmin").get(reverse("signatures:index")).content.decode()
    assert "Con dấu Sở Tư pháp" in admin_body
    assert web_as("b_admin").get(reverse("signatures:detail", args=[seal_a.uid])) \
        .status_code == 404
    assert web_as("a_specialist").get(reverse("signatures:detail", args=[seal_a.uid])) \
        .status_code == 200


def test_agency_admin_requests_and_system_admin_issues(web_as, platform_ca, agency_a):
    response = web_as("a_admin").post(reverse("signatures:request"), {
        "signer_kind": SignerKind.ORGANISATION, "agency": agency_a.pk,
        "key_algorithm": KeyAlgorithm.EC_P256, "purpose": "Token văn thư"})
    certificate = Certificate.objects.get()
    assert response.status_code == 302 and certificate.status == CertificateStatus.REQUESTED
    url = reverse("signatures:action", args=[certificate.uid, "issue"])
    assert web_as("a_admin").post(url, {"years": 2}).status_code == 403
    response = web_as("sysadmin").post(url, {"years": 2})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.ACTIVE


def test_specialist_cannot_request(web_as, platform_ca, agency_a):
    client = web_as("a_specialist")
    assert client.get(reverse("signatures:request")).status_code == 403
    response = client.post(reverse("signatures:request"), {
        "signer_kind": SignerKind.ORGANISATION, "agency": agency_a.pk,
        "key_algorithm": KeyAlgorithm.EC_P256})
    assert response.status_code == 403
    assert Certificate.objects.count() == 0


def test_agency_admin_suspends_but_only_system_admin_revokes(web_as, seal_a):
    revoke = reverse("signatures:action", args=[seal_a.uid, "revoke"])
    assert web_as("a_admin").post(revoke, {"reason_code": 1}).status_code == 403
    assert web_as("b_admin").post(revoke, {"reason_code": 1}).status_code == 404
    web_as("a_admin").post(reverse("signatures:action", args=[seal_a.uid, "suspend"]),
                           {"note": "Mất token"})
    seal_a.refresh_from_db()
    assert seal_a.status == CertificateStatus.SUSPENDED
    web_as("sysadmin").post(revoke, {"reason_code": 1, "note": "Lộ khóa"})
    seal_a.refresh_from_db()
    assert seal_a.status == CertificateStatus.REVOKED and seal_a.revocation_reason == 1


def test_a_refused_action_says_why(web_as, seal_a):
    response = web_as("sysadmin").post(
        reverse("signatures:action", args=[seal_a.uid, "reinstate"]), {"note": "x"},
        follow=True)
    assert "Chứng thư số đang ở trạng thái “có hiệu lực”" in response.content.decode()


def test_clerk_signs_on_the_page_and_gets_the_pdf(web_as, seal_a, pdf):
    client = web_as("a_clerk")
    assert client.get(reverse("signatures:sign")).status_code == 200
    response = client.post(reverse("signatures:sign"), {
        "file": upload(pdf), "certificate": seal_a.pk, "reason": "Đóng dấu",
        "location": "Trà Vinh"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="quyet-dinh-signed.pdf"'
    assert len(PdfFileReader(io.BytesIO(response.content)).embedded_signatures) == 1


def test_sign_page_refuses_with_the_reason(web_as, director_cert, pdf):
    response = web_as("a_director").post(reverse("signatures:sign"), {
        "file": upload(pdf), "certificate": director_cert.pk, "reason": "Ký",
        "passphrase": "sai-mat-khau-roi"})
    assert response.status_code == 200
    assert "Mật khẩu của khóa bí mật không đúng." in response.content.decode()


def test_specialist_has_nothing_to_sign_with(web_as, seal_a, pdf):
    client = web_as("a_specialist")
    assert "Bạn chưa có chứng thư số còn hiệu lực" in client.get(
        reverse("signatures:sign")).content.decode()
    response = client.post(reverse("signatures:sign"), {
        "file": upload(pdf), "certificate": seal_a.pk, "reason": "Ký"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_needs_are_registered_by_the_agency_admin(web_as, agency_a, agency_b):
    client = web_as("a_admin")
    response = client.post(reverse("signatures:needs"), {
        "agency": agency_a.pk, "year": 2018, "organisation_count": 2, "individual_count": 1,
        "renewal_count": 3})
    assert response.status_code == 302
    page = client.get(reverse("signatures:needs")).content.decode()
    assert "2018" in page
    response = client.post(reverse("signatures:needs"), {
        "agency": agency_b.pk, "year": 2018, "organisation_count": 1, "individual_count": 0,
        "renewal_count": 0})
    assert response.status_code == 200  # B is not a choice for A's administrator
