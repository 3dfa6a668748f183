"""The demo replays the report: 470 certificates in force at 31/12/2017 (454 for
organisations, 16 for individuals), 21 issued and 51 revoked in 2017; and the demo
logins can sign today."""

import datetime as dt

import pytest
from cryptography import x509
from signature_pdfs import plain_pdf

from demo_parts import demo_parts_loaded
from egov.accounts import demo as accounts_demo
from egov.accounts.models import User
from egov.core.demo import DEMO_PASSWORD
from egov.organizations import demo as organizations_demo
from egov.signatures import demo, selectors, services
from egov.signatures.models import Authority, Certificate, CertificateStatus, SignerKind
from egov.signatures.verification import VALID, verify_pdf


@pytest.fixture(scope="module")
def demo_db(test_databases, django_db_blocker):
    """One load for the module (about 10 s), rolled back at the end."""
    lines: list[str] = []
    with demo_parts_loaded(django_db_blocker, organizations_demo.load, accounts_demo.load,
                           demo.load, write=lines.append):
        yield lines


@pytest.fixture
def loaded(demo_db, django_db_blocker):
    with django_db_blocker.unblock():
        yield demo_db


def test_counts_at_the_end_of_2017_are_the_reports(loaded):
    counts = selectors.certificate_counts(dt.date(2017, 12, 31))
    assert counts["active"] == 470
    assert counts[SignerKind.ORGANISATION] == {
        "requested": 3, "rejected": 0, "active": 454, "suspended": 0, "revoked": 49,
        "expired": 0}
    assert counts[SignerKind.INDIVIDUAL] == {
        "requested": 0, "rejected": 0, "active": 16, "suspended": 0, "revoked": 2,
        "expired": 0}
    flow = selectors.certificate_flow(dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert flow["issued"] == {"organisation": 19, "individual": 2, "total": 21}
    assert flow["revoked"] == {"organisation": 49, "individual": 2, "total": 51}
    assert any("470 in force (454 organisations, 16 individuals)" in line and
               "21 issued, 51 revoked" in line for line in loaded)


def test_counts_at_other_dates_follow_the_history(loaded):
    start = selectors.certificate_counts(dt.date(2016, 12, 31))
    assert start["active"] == 500  # 470 - 21 + 51
    assert selectors.certificate_counts(dt.date(2012, 12, 31))["active"] == 0
    # Everything of 2013-2018 has expired since; only the three renewals are in force.
    today = selectors.certificate_counts(dt.date.today())
    assert today["active"] == 3
    assert today[SignerKind.ORGANISATION]["expired"] + today[SignerKind.INDIVIDUAL][
        "expired"] == 473


def test_the_crl_lists_the_51_revocations(loaded):
    issuing = Authority.objects.get(slug="egov-ca")
    crl = x509.load_der_x509_crl(bytes(issuing.crl_der))
    revoked = Certificate.objects.filter(status=CertificateStatus.REVOKED)
    assert revoked.count() == 51 and len(list(crl)) == 51
    for certificate in revoked[:5]:
        entry = crl.get_revoked_certificate_by_serial_number(int(certificate.serial_number, 16))
        assert entry.revocation_date_utc == certificate.status_changed_at


def test_the_demo_logins_sign_today(loaded):
    director = User.objects.get(username="giamdoc.stttt")
    clerk = User.objects.get(username="vanthu.stttt")
    [personal] = selectors.certificates_for_signing(director).filter(
        signer_kind=SignerKind.INDIVIDUAL)
    [seal] = selectors.certificates_for_signing(clerk)
    assert seal.renewal_of is not None and seal.renewal_of.status == CertificateStatus.EXPIRED
    signed = services.sign_pdf(actor=director, pdf_bytes=plain_pdf(), certificate=personal,
                               passphrase=DEMO_PASSWORD, reason="Phê duyệt")
    signed = services.sign_pdf(actor=clerk, pdf_bytes=signed, certificate=seal,
                               reason="Đóng dấu")
    assert [s.verdict for s in verify_pdf(signed).signatures] == [VALID, VALID]



def test_other_modules_sign_their_2017_documents_as_of_then(loaded):
    """A dossier result of 2017, signed with the seal the agency had then: valid today,
    years after that certificate expired, thanks to its 2017 timestamp."""
    from zoneinfo import ZoneInfo

    from egov.organizations.models import Agency

    agency = Agency.objects.get(code="000.00.31.H59")
    when = dt.datetime(2017, 6, 15, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    seal = selectors.seal_at(agency.pk, when)
    assert seal is not None and seal.status == CertificateStatus.EXPIRED
    signed = services.sign_pdf(actor=None, pdf_bytes=plain_pdf(), certificate=seal,
                               reason="Trả kết quả", at=when)
    [result] = verify_pdf(signed).signatures
    assert result.verdict == VALID and result.signing_time == when
    # Live signing with it is refused: it has expired.
    with pytest.raises(Exception, match="hết hạn"):
        services.sign_pdf(actor=None, pdf_bytes=plain_pdf(), certificate=seal, reason="x")
    assert selectors.seal_at(agency.pk, dt.datetime(2012, 1, 1, tzinfo=dt.UTC)) is None
