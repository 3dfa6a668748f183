"""The API: public verification, the registry by role, signing, RFC 3161 timestamps."""

import datetime as dt

import pytest
from asn1crypto import algos, core, tsp
from cryptography import x509
from django.core.files.uploadedfile import SimpleUploadedFile
from signature_pdfs import flip_byte_in_content

from egov.signatures import services
from egov.signatures.models import Authority, KeyAlgorithm, SignerKind

BASE = "/api/v1"


def upload(data):
    return SimpleUploadedFile("doc.pdf", data, content_type="application/pdf")


def test_verify_is_public(api_as, seal_a, pdf):
    signed = services.sign_pdf(actor=None, pdf_bytes=pdf, certificate=seal_a, reason="Ký")
    response = api_as("anonymous").post(f"{BASE}/signatures/verify/", {"file": upload(signed)},
                                        format="multipart")
    assert response.status_code == 200
    body = response.json()
    assert body["all_valid"] is True and body["summary"] == "Chữ ký hợp lệ."
    [signature] = body["signatures"]
    assert signature["verdict"] == "valid" and signature["timestamped"] is True
    assert signature["chain"][-1] == "Root CA Trà Vinh"
    bad = api_as("anonymous").post(f"{BASE}/signatures/verify/",
                                   {"file": upload(flip_byte_in_content(signed))},
                                   format="multipart").json()
    assert bad["all_valid"] is False and bad["signatures"][0]["verdict"] == "invalid"
    missing = api_as("anonymous").post(f"{BASE}/signatures/verify/", {}, format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()["fields"]


@pytest.mark.parametrize(("user", "expected"), [
    ("anonymous", 403), ("citizen", 403), ("a_specialist", 1), ("b_admin", 0), ("sysadmin", 1),
])
def test_registry_is_scoped(api_as, seal_a, user, expected):
    response = api_as(user).get(f"{BASE}/certificates/")
    if expected == 403:
        assert response.status_code == 403
    else:
        assert response.json()["count"] == expected
    detail = api_as(user).get(f"{BASE}/certificates/{seal_a.uid}/")
    assert detail.status_code == (200 if expected == 1 else 403 if expected == 403 else 404)


def test_request_issue_revoke_through_the_api(api_as, platform_ca, agency_a, agency_b):
    payload = {"signer_kind": SignerKind.ORGANISATION, "agency": agency_a.pk,
               "key_algorithm": KeyAlgorithm.EC_P256}
    assert api_as("b_admin").post(f"{BASE}/certificates/", payload).status_code == 403
    created = api_as("a_admin").post(f"{BASE}/certificates/", payload)
    assert created.status_code == 201 and created.json()["status"] == "requested"
    uid = created.json()["uid"]
    assert api_as("a_admin").post(f"{BASE}/certificates/{uid}/issue/", {}).status_code == 403
    issued = api_as("sysadmin").post(f"{BASE}/certificates/{uid}/issue/", {"years": 2})
    assert issued.status_code == 200 and issued.json()["status"] == "active"
    assert [e["action"] for e in issued.json()["events"]] == ["requested", "issued"]
    wrong = api_as("sysadmin").post(f"{BASE}/certificates/{uid}/issue/", {})
    assert wrong.status_code == 409 and wrong.json()["code"] == "wrong_status"
    bad = api_as("sysadmin").post(f"{BASE}/certificates/{uid}/revoke/", {"reason_code": 6})
    assert bad.status_code == 400 and "reason_code" in bad.json()["fields"]
    revoked = api_as("sysadmin").post(f"{BASE}/certificates/{uid}/revoke/",
                                      {"reason_code": 1, "note": "Lộ khóa"})
    assert revoked.json()["status"] == "revoked" and revoked.json()["revocation_reason"] == 1
    crl = x509.load_der_x509_crl(api_as("anonymous").get("/signatures/crl/egov-ca.crl").content)
    assert crl.get_revoked_certificate_by_serial_number(
        int(revoked.json()["serial_number"], 16)) is not None


def test_sign_through_the_api(api_as, seal_a, director_cert, pdf):
    response = api_as("a_clerk").post(f"{BASE}/signatures/sign/", {
        "file": upload(pdf), "certificate": str(seal_a.uid), "reason": "Đóng dấu"},
        format="multipart")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(pdf)
    wrong = api_as("a_director").post(f"{BASE}/signatures/sign/", {
        "file": upload(pdf), "certificate": str(director_cert.uid), "reason": "Ký",
        "passphrase": "khong-dung-dau"}, format="multipart")
    assert wrong.status_code == 400
    assert wrong.json()["fields"] == {"passphrase": ["Mật khẩu của khóa bí mật không đúng."]}
    foreign = api_as("b_director").post(f"{BASE}/signatures/sign/", {
        "file": upload(pdf), "certificate": str(seal_a.uid), "reason": "Ký"},
        format="multipart")
    assert foreign.status_code == 403


def test_counts_and_flow(api_as, seal_a):
    today = dt.date.today().isoformat()
    counts = api_as("a_specialist").get(f"{BASE}/certificates/counts/", {"on": today}).json()
    assert counts["active"] == 1 and counts["organisation"]["active"] == 1
    flow = api_as("sysadmin").get(f"{BASE}/certificates/flow/",
                                  {"start": today, "end": today}).json()
    assert flow["issued"] == {"organisation": 1, "individual": 0, "total": 1}
    assert api_as("a_specialist").get(f"{BASE}/certificates/counts/").status_code == 400


def test_rfc3161_timestamps_for_officials(api_as, platform_ca):
    request = tsp.TimeStampReq({
        "version": 1, "cert_req": True, "nonce": 12345,
        "message_imprint": {"hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                            "hashed_message": b"\x01" * 32},
    }).dump()
    response = api_as("a_specialist").post(f"{BASE}/signatures/timestamp/", request,
                                           content_type="application/timestamp-query")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/timestamp-reply"
    reply = tsp.TimeStampResp.load(response.content)
    assert reply["status"]["status"].native == "granted"
    info = reply["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed
    assert info["nonce"].native == 12345
    assert info["message_imprint"]["hashed_message"].native == b"\x01" * 32
    tsa = Authority.objects.get(role=Authority.Role.TIMESTAMPING)
    assert bytes(tsa.certificate_der) in [
        c.chosen.dump() for c in reply["time_stamp_token"]["content"]["certificates"]]
    assert api_as("anonymous").post(f"{BASE}/signatures/timestamp/", request,
                                    content_type="application/timestamp-query") \
        .status_code == 403
    garbage = api_as("a_specialist").post(f"{BASE}/signatures/timestamp/", b"nonsense",
                                          content_type="application/timestamp-query")
    # asn1crypto's TimeStampResp insists on a token, which a rejection does not carry.
    status = tsp.PKIStatusInfo.load(core.Sequence.load(garbage.content)[0].dump())
    assert status["status"].native == "rejection"
    assert status["fail_info"].native == {"bad_request"}


def test_authorities_are_public(api_as, platform_ca):
    body = api_as("anonymous").get(f"{BASE}/authorities/").json()
    slugs = {a["slug"]: a for a in body["results"]}
    assert set(slugs) == {"egov-root", "egov-ca", "egov-tsa"}
    assert slugs["egov-ca"]["crl_url"] == "http://127.0.0.1:8000/signatures/crl/egov-ca.crl"
    assert slugs["egov-tsa"]["crl_url"] is None


def test_holder_changes_the_passphrase(api_as, director_cert, pdf):
    url = f"{BASE}/certificates/{director_cert.uid}/passphrase/"
    assert api_as("a_admin").post(url, {"current": "mat-khau-ky-so-2017",
                                        "new": "mat-khau-moi-2018"}).status_code == 403
    wrong = api_as("a_director").post(url, {"current": "sai-mat-khau", "new": "mat-khau-moi"})
    assert wrong.status_code == 400 and "passphrase" in wrong.json()["fields"]
    weak = api_as("a_director").post(url, {"current": "mat-khau-ky-so-2017", "new": "123"})
    assert weak.status_code == 400
    done = api_as("a_director").post(url, {"current": "mat-khau-ky-so-2017",
                                           "new": "mat-khau-moi-2018"})
    assert done.status_code == 204
    signed = services.sign_pdf(actor=None, pdf_bytes=pdf, certificate=director_cert,
                               reason="Ký", passphrase="mat-khau-moi-2018")
    assert signed.startswith(pdf)


def test_only_system_admins_configure_authorities(api_as, seal_a, pdf):
    url = f"{BASE}/authorities/egov-root/configure/"
    assert api_as("anonymous").post(url, {"trusted": False}).status_code == 403
    assert api_as("a_admin").post(url, {"trusted": False}).status_code == 403
    bad = api_as("sysadmin").post(f"{BASE}/authorities/egov-ca/configure/", {"trusted": True})
    assert bad.status_code == 400 and "trusted" in bad.json()["fields"]
    signed = services.sign_pdf(actor=None, pdf_bytes=pdf, certificate=seal_a, reason="Ký")
    response = api_as("sysadmin").post(url, {"trusted": False})
    assert response.status_code == 200 and response.json()["trusted"] is False
    verdict = api_as("anonymous").post(f"{BASE}/signatures/verify/", {"file": upload(signed)},
                                       format="multipart").json()["signatures"][0]["verdict"]
    assert verdict == "indeterminate"
