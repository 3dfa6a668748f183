"""``egov sign`` and ``egov verify`` (exit 0 only when every signature is valid) and the
``egov certificates`` commands."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from signature_pdfs import flip_byte_in_content

from egov.signatures.models import Authority, CertificateStatus


def run(*args, **kwargs):
    out = io.StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def verify_exit(path):
    out = io.StringIO()
    try:
        call_command("verify", str(path), stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_sign_then_verify(tmp_path, seal_a, director_cert, pdf, monkeypatch):
    source = tmp_path / "quyet-dinh.pdf"
    source.write_bytes(pdf)
    output = run("sign", str(source), "--cert", seal_a.serial_number, "--reason", "Ban hành")
    signed = tmp_path / "quyet-dinh-signed.pdf"
    assert str(signed) in output and source.read_bytes() == pdf
    assert verify_exit(signed)[0] == 0
    monkeypatch.setenv("EGOV_SIGNING_PASSPHRASE", "mat-khau-ky-so-2017")
    both = tmp_path / "both.pdf"
    run("sign", str(signed), "--cert", str(director_cert.pk), "--out", str(both))
    code, text = verify_exit(both)
    assert code == 0 and text.startswith("Cả 2 chữ ký đều hợp lệ.")
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(flip_byte_in_content(both.read_bytes()))
    code, text = verify_exit(tampered)
    assert code == 1 and "invalid" in text


def test_verify_exits_1_without_signatures(tmp_path, db, pdf):
    path = tmp_path / "plain.pdf"
    path.write_bytes(pdf)
    assert verify_exit(path) == (1, "Tài liệu không có chữ ký số.\n")


def test_sign_refusals_are_command_errors(tmp_path, seal_a, director_cert, pdf, monkeypatch):
    source = tmp_path / "a.pdf"
    source.write_bytes(pdf)
    with pytest.raises(CommandError, match="no such file"):
        run("sign", str(tmp_path / "missing.pdf"), "--cert", str(seal_a.pk))
    with pytest.raises(CommandError, match="No certificate"):
        run("sign", str(source), "--cert", "DEADBEEF")
    with pytest.raises(CommandError, match="must not be the input"):
        run("sign", str(source), "--cert", str(seal_a.pk), "--out", str(source))
    monkeypatch.setenv("EGOV_SIGNING_PASSPHRASE", "wrong-passphrase")
    with pytest.raises(CommandError, match="Mật khẩu của khóa bí mật không đúng"):
        run("sign", str(source), "--cert", str(director_cert.uid))
    assert not (tmp_path / "a-signed.pdf").exists()


def test_certificates_commands(tmp_path, db, agency_a):
    output = run("certificates", "setup-ca", "--organisation", "Sở TT&TT tỉnh Trà Vinh",
                 "--province", "Trà Vinh", "--key-algorithm", "ec-p256")
    assert "Issuing CA egov-ca is in service." in output
    root = Authority.objects.get(slug="egov-root")
    assert "egov-ca: CRL #2" in run("certificates", "publish-crl")
    pem = tmp_path / "root.der"
    pem.write_bytes(bytes(root.certificate_der))
    with pytest.raises(CommandError, match="đã được đăng ký"):
        run("certificates", "import-ca", str(pem))
    counts = run("certificates", "counts", "--on", dt.date.today().isoformat())
    assert "active on" in counts and counts.strip().endswith(": 0")
    assert run("certificates", "expire") == "0 certificate(s) expired.\n"


def test_revoke_command(seal_a):
    assert "CRL reissued" in run("certificates", "revoke", seal_a.serial_number, "--reason", "1")
    seal_a.refresh_from_db()
    assert seal_a.status == CertificateStatus.REVOKED


def test_remind_once_before_the_end(seal_a, mailoutbox, django_capture_on_commit_callbacks):
    import datetime as dt

    from egov.signatures import services

    near_end = seal_a.valid_to - dt.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_remind(now=near_end) == 1
    [mail] = mailoutbox
    assert mail.to == ["stttt@travinh.gov.vn"]
    assert "hết hạn ngày" in mail.subject and seal_a.serial_number in mail.body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_remind(now=near_end) == 0  # once only
    assert len(mailoutbox) == 1
    # Too early, or a renewal already asked for: nothing to say.
    assert services.certificates_remind(now=seal_a.valid_to - dt.timedelta(days=60)) == 0


def test_import_p12_command(tmp_path, platform_ca, agency_b, monkeypatch):
    from cryptography import x509 as cx509
    from test_signatures_signing import _outside_pkcs12

    usage = cx509.KeyUsage(digital_signature=True, content_commitment=True,
                           key_encipherment=False, data_encipherment=False,
                           key_agreement=False, key_cert_sign=False, crl_sign=False,
                           encipher_only=False, decipher_only=False)
    path = tmp_path / "token.p12"
    path.write_bytes(_outside_pkcs12(usage))
    monkeypatch.setenv("EGOV_P12_PASSWORD", "p12-password")
    output = run("certificates", "import-p12", str(path), "--agency", agency_b.code)
    assert "issued by VNPT Certification Authority" in output
    with pytest.raises(CommandError, match="No agency"):
        run("certificates", "import-p12", str(path), "--agency", "000.00.77.H59")
