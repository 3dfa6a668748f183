"""The platform's CA: real X.509 with the document-signing profile, CRLs, revocation."""

import datetime as dt

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.core.exceptions import ValidationError
from django.urls import reverse

from egov.core.errors import Conflict
from egov.core.models import AuditEntry
from egov.signatures import ca, services
from egov.signatures.models import (
    Authority,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    KeyAlgorithm,
    KeyProtection,
    RevocationReason,
    SignerKind,
)


def _x509(certificate):
    return x509.load_der_x509_certificate(bytes(certificate.certificate_der))


def test_setup_creates_root_issuing_ca_and_tsa(platform_ca):
    root = Authority.objects.get(role=Authority.Role.ROOT)
    tsa = Authority.objects.get(role=Authority.Role.TIMESTAMPING)
    assert platform_ca.parent == root and tsa.parent == root
    assert root.trusted and not platform_ca.trusted
    assert {a.slug for a in Authority.objects.all()} == {"egov-root", "egov-ca", "egov-tsa"}
    issuing = x509.load_der_x509_certificate(bytes(platform_ca.certificate_der))
    issuing.verify_directly_issued_by(x509.load_der_x509_certificate(bytes(root.certificate_der)))
    assert issuing.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length == 0
    tsa_cert = x509.load_der_x509_certificate(bytes(tsa.certificate_der))
    eku = tsa_cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical and list(eku.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    # Both CAs publish an (empty) CRL at once; the keys are sealed, never PEM in clear.
    for authority in (root, platform_ca):
        authority.refresh_from_db()
        assert authority.crl_number == 1
        assert len(list(x509.load_der_x509_crl(bytes(authority.crl_der)))) == 0
    assert all(bytes(a.key_blob).startswith(b"EGK1") for a in Authority.objects.all())
    assert AuditEntry.objects.filter(action="signatures.authority.create").count() == 3


def test_setup_twice_is_a_conflict(platform_ca):
    with pytest.raises(Conflict):
        services.authority_setup_platform(actor=None, organisation="X",
                                          key_algorithm=KeyAlgorithm.EC_P256)


def test_issued_certificate_has_the_signing_profile(seal_a, agency_a, settings):
    cert = _x509(seal_a)
    assert seal_a.status == CertificateStatus.ACTIVE
    assert seal_a.serial_number == format(cert.serial_number, "X")
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == agency_a.name
    assert cert.subject.get_attributes_for_oid(NameOID.USER_ID)[0].value == "000.00.31.H59"
    assert cert.subject.get_attributes_for_oid(NameOID.STATE_OR_PROVINCE_NAME)[0].value \
        == "Tỉnh Trà Vinh"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    assert ca.DOCUMENT_SIGNING in cert.extensions.get_extension_for_class(
        x509.ExtendedKeyUsage).value
    points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert points[0].full_name[0].value == "http://127.0.0.1:8000/signatures/crl/egov-ca.crl"
    assert ca.can_sign_documents(cert)
    assert seal_a.key_protection == KeyProtection.KEK
    assert seal_a.key_usage == ["digital_signature", "content_commitment"]
    assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days in (1095, 1096)
    assert list(seal_a.events.values_list("action", flat=True)) == ["requested", "issued"]


def test_individual_certificate_names_the_official(director_cert, users):
    cert = _x509(director_cert)
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value \
        == "Nguyễn Văn A_Director"
    assert cert.subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "Giám đốc"
    assert director_cert.key_protection == KeyProtection.PASSPHRASE
    assert director_cert.signer_kind == SignerKind.INDIVIDUAL


def test_revocation_lists_the_serial_on_the_crl_served_publicly(seal_a, client):
    services.certificate_revoke(actor=None, certificate=seal_a,
                                reason_code=RevocationReason.KEY_COMPROMISE, note="Mất token")
    seal_a.refresh_from_db()
    assert seal_a.status == CertificateStatus.REVOKED and seal_a.key_blob is None
    response = client.get(reverse("signatures:crl", args=["egov-ca"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-crl"
    crl = x509.load_der_x509_crl(response.content)
    issuer = x509.load_der_x509_certificate(bytes(seal_a.issuer.certificate_der))
    assert crl.is_signature_valid(issuer.public_key())
    entry = crl.get_revoked_certificate_by_serial_number(int(seal_a.serial_number, 16))
    assert entry is not None
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason \
        == x509.ReasonFlags.key_compromise
    assert crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == 2
    event = seal_a.events.get(action=CertificateEvent.Action.REVOKED)
    assert event.reason_code == RevocationReason.KEY_COMPROMISE and event.note == "Mất token"


def test_suspension_puts_the_certificate_on_hold_and_reinstating_removes_it(seal_a):
    serial = int(seal_a.serial_number, 16)
    services.certificate_suspend(actor=None, certificate=seal_a, note="Nghi lộ khóa")
    crl = x509.load_der_x509_crl(bytes(Authority.objects.get(slug="egov-ca").crl_der))
    entry = crl.get_revoked_certificate_by_serial_number(serial)
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason \
        == x509.ReasonFlags.certificate_hold
    services.certificate_reinstate(actor=None, certificate=seal_a, note="Đã kiểm tra")
    crl = x509.load_der_x509_crl(bytes(Authority.objects.get(slug="egov-ca").crl_der))
    assert crl.get_revoked_certificate_by_serial_number(serial) is None
    seal_a.refresh_from_db()
    assert seal_a.status == CertificateStatus.ACTIVE
    assert list(seal_a.events.values_list("action", flat=True)) == [
        "requested", "issued", "suspended", "reinstated"]


@pytest.mark.parametrize("reason", [RevocationReason.CERTIFICATE_HOLD, 2, 99])
def test_revocation_needs_a_subscriber_reason(seal_a, reason):
    with pytest.raises(ValidationError) as error:
        services.certificate_revoke(actor=None, certificate=seal_a, reason_code=reason)
    assert "reason_code" in error.value.message_dict
    seal_a.refresh_from_db()
    assert seal_a.status == CertificateStatus.ACTIVE


def test_wrong_state_transitions_are_conflicts(seal_a, platform_ca, agency_a):
    with pytest.raises(Conflict):
        services.certificate_issue(actor=None, certificate=seal_a)
    with pytest.raises(Conflict):
        services.certificate_reinstate(actor=None, certificate=seal_a, note="x")
    services.certificate_revoke(actor=None, certificate=seal_a, reason_code=0)
    with pytest.raises(Conflict):
        services.certificate_suspend(actor=None, certificate=seal_a, note="x")
    with pytest.raises(Conflict):
        services.certificate_revoke(actor=None, certificate=seal_a, reason_code=0)


def test_request_validation(platform_ca, agency_a, agency_b, users):
    director_b = users["b_director"].official
    with pytest.raises(ValidationError) as error:
        services.certificate_request(actor=None, signer_kind=SignerKind.INDIVIDUAL,
                                     agency=agency_a)
    assert "official" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.certificate_request(actor=None, signer_kind=SignerKind.INDIVIDUAL,
                                     agency=agency_a, official=director_b)
    assert error.value.message_dict["official"] == [
        "Cán bộ không thuộc cơ quan này."]
    with pytest.raises(ValidationError) as error:
        services.certificate_request(actor=None, signer_kind=SignerKind.ORGANISATION,
                                     agency=agency_a, official=director_b)
    assert "official" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.certificate_request(actor=None, signer_kind="robot", agency=agency_a)
    assert "signer_kind" in error.value.message_dict
    assert Certificate.objects.count() == 0


def test_issue_rejects_bad_validity_and_weak_passphrase(platform_ca, agency_a):
    request = services.certificate_request(actor=None, signer_kind=SignerKind.ORGANISATION,
                                           agency=agency_a, key_algorithm=KeyAlgorithm.EC_P256)
    with pytest.raises(ValidationError) as error:
        services.certificate_issue(actor=None, certificate=request, years=6)
    assert "years" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.certificate_issue(actor=None, certificate=request, passphrase="short")
    assert "passphrase" in error.value.message_dict
    request.refresh_from_db()
    assert request.status == CertificateStatus.REQUESTED and not request.certificate_der


def test_issuing_needs_the_ca_in_service(platform_ca, agency_a):
    services.authority_update(actor=None, authority=platform_ca, enabled=False)
    request = services.certificate_request(actor=None, signer_kind=SignerKind.ORGANISATION,
                                           agency=agency_a, key_algorithm=KeyAlgorithm.EC_P256)
    with pytest.raises(Conflict) as error:
        services.certificate_issue(actor=None, certificate=request)
    assert error.value.code == "ca_off"


def test_rsa_certificates_work_too(platform_ca, agency_a):
    request = services.certificate_request(actor=None, signer_kind=SignerKind.ORGANISATION,
                                           agency=agency_a, key_algorithm=KeyAlgorithm.RSA_2048)
    certificate = services.certificate_issue(actor=None, certificate=request)
    assert _x509(certificate).public_key().key_size == 2048


def test_expiry_is_recorded_at_the_end_of_validity(platform_ca, agency_a):
    start = dt.datetime(2024, 1, 10, 9, 0, tzinfo=dt.UTC)
    request = services.certificate_request(actor=None, signer_kind=SignerKind.ORGANISATION,
                                           agency=agency_a, key_algorithm=KeyAlgorithm.EC_P256,
                                           at=start)
    with pytest.raises(Conflict) as error:  # the CA did not exist yet in 2024
        services.certificate_issue(actor=None, certificate=request, years=1, at=start)
    assert error.value.code == "ca_not_valid"


def test_renewal_creates_a_linked_request(seal_a):
    renewal = services.certificate_renew(actor=None, certificate=seal_a)
    assert renewal.renewal_of == seal_a and renewal.status == CertificateStatus.REQUESTED
    assert renewal.common_name == seal_a.common_name
    with pytest.raises(Conflict):
        services.certificate_renew(actor=None, certificate=seal_a)


def test_import_of_an_outside_root_and_trust(platform_ca):
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    root = ca.root_certificate(subject=ca.name("Vietnam National Root CA"), key=key,
                               not_before=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    authority = services.authority_import(actor=None, certificate_bytes=ca.der(root))
    assert authority.role == Authority.Role.ROOT and not authority.trusted
    assert not authority.is_platform and authority.key_blob is None
    services.authority_update(actor=None, authority=authority, trusted=True)
    authority.refresh_from_db()
    assert authority.trusted
    with pytest.raises(Conflict):
        services.authority_import(actor=None, certificate_bytes=ca.der(root))
    with pytest.raises(ValidationError):
        services.authority_import(actor=None, certificate_bytes=b"not a certificate")


def test_names_are_cut_to_64_bytes_on_a_character_boundary():
    name = "Trung tâm Công nghệ thông tin và Truyền thông tỉnh Trà Vinh"
    assert len(name) == 59 and len(name.encode()) == 71
    assert ca.fit(name) == "Trung tâm Công nghệ thông tin và Truyền thông tỉnh Tr"
    assert ca.fit("Sở Tư pháp") == "Sở Tư pháp"


def test_ca_certificate_is_served(platform_ca, client):
    response = client.get(reverse("signatures:authority-certificate", args=["egov-root"]))
    assert response.status_code == 200
    assert x509.load_der_x509_certificate(response.content).subject.rfc4514_string() \
        == "CN=Root CA Trà Vinh,O=Sở Thông tin và Truyền thông tỉnh Trà Vinh,ST=Trà Vinh,C=VN"
    assert client.get("/signatures/crl/nothing.crl").status_code == 404
