"""Results: printed from the procedure's template, signed by the deciding official with
their certificate, downloadable by the applicant; refused without a usable certificate."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from dossier_factories import at_director, procedure_record, received
from test_dossiers_slips import text_of

from egov.core.errors import Conflict
from egov.dossiers import services
from egov.dossiers.models import Outcome, Status
from egov.procedures import services as procedures
from egov.signatures.verification import verify_pdf


def stored(dossier) -> bytes:
    with default_storage.open(dossier.result_file.name, "rb") as handle:
        return handle.read()


def test_the_approved_result_is_signed_and_says_what_was_granted(people, procedure, signing):
    dossier = services.dossier_approve(actor=people["director"],
                                       dossier=at_director(people, procedure))
    pdf = stored(dossier)
    report = verify_pdf(pdf)
    assert report.all_valid, report.summary
    assert report.signatures[0].signer == "Trần Văn Dũng"
    assert report.signatures[0].field_name == "KetQua"
    text = text_of(pdf)
    assert "GIẤY PHÉP XUẤT BẢN TÀI LIỆU KHÔNG KINH DOANH" in text
    assert "Nguyễn Văn An" in text and "Kỷ yếu 20 năm thành lập trường" in text
    import hashlib
    assert dossier.result_sha256 == hashlib.sha256(pdf).hexdigest()
    assert dossier.events.get(action="approve").data["result_sha256"] == dossier.result_sha256


def test_a_refusal_is_a_signed_answer_with_the_reasons(people, procedure, signing):
    dossier = services.dossier_decline(actor=people["director"],
                                       dossier=at_director(people, procedure),
                                       reason="Nội dung vi phạm khoản 2 Điều 9 Luật Xuất bản.")
    assert dossier.outcome == Outcome.REFUSED
    text = text_of(stored(dossier))
    assert "VĂN BẢN TRẢ LỜI" in text
    assert "Kính gửi: Nguyễn Văn An" in text
    assert "Nội dung vi phạm khoản 2 Điều 9 Luật Xuất bản." in text


def test_the_procedures_own_template(people, stttt, field, signing):
    procedure = procedures.procedure_create(
        actor=None, code="2.001171", agency=stttt, field=field,
        version=procedure_record(result_template=(
            "<p>Cho phép {{ dossier.applicant_name }} in {{ answers.copies }} bản tài liệu "
            "«{{ answers.title }}».</p>")))
    dossier = services.dossier_approve(actor=people["director"],
                                       dossier=at_director(people, procedure))
    assert "Cho phép Nguyễn Văn An in 500 bản tài liệu «Kỷ yếu 20 năm thành lập trường»." \
        in text_of(stored(dossier))


def test_without_a_certificate_nothing_is_decided(people, procedure, settings):
    dossier = at_director(people, procedure)
    with pytest.raises(Conflict) as caught:
        services.dossier_approve(actor=people["director"], dossier=dossier)
    assert caught.value.code == "no_certificate"
    assert str(caught.value.message).startswith("Bạn không có chứng thư số")
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING and not dossier.result_file


def test_a_wrong_passphrase_leaves_nothing(people, procedure, signing, settings):
    from egov.signatures import services as signatures
    from egov.signatures.models import KeyAlgorithm, SignerKind

    official = people["director"].official
    request = signatures.certificate_request(
        actor=None, signer_kind=SignerKind.INDIVIDUAL, agency=official.agency,
        official=official, key_algorithm=KeyAlgorithm.EC_P256)
    protected = signatures.certificate_issue(actor=None, certificate=request,
                                             passphrase="mat-khau-ky-so-2017")
    dossier = at_director(people, procedure)
    media = settings.MEDIA_ROOT / "dossiers" / "results"
    with pytest.raises(ValidationError):
        services.dossier_approve(actor=people["director"], dossier=dossier,
                                 certificate=protected, passphrase="sai-mat-khau")
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    assert not media.exists() or not any(media.rglob("*.pdf"))
    dossier = services.dossier_approve(actor=people["director"], dossier=dossier,
                                       certificate=protected, passphrase="mat-khau-ky-so-2017")
    assert dossier.status == Status.RESULT_READY


def test_an_online_result_is_returned_at_once(people, paid_procedure, signing):
    dossier = services.dossier_create_draft(
        actor=people["citizen"], procedure=paid_procedure, delivery="online",
        answers={"applicant_name": "Nguyễn Văn An", "title": "Điểm game", "copies": "1"})
    dossier = services.dossier_submit(actor=people["citizen"], dossier=dossier)
    services.dossier_mark_paid(dossier_code=dossier.code, amount=200000,
                               payment_reference="VNP-1")
    dossier.refresh_from_db()
    dossier = services.dossier_accept(actor=people["desk"], dossier=dossier,
                                      papers_received=[1, 2])
    dossier = services.dossier_forward(actor=people["desk"], dossier=dossier,
                                       to_user=people["specialist_bcvt"])
    dossier = services.dossier_forward(actor=people["specialist_bcvt"], dossier=dossier,
                                       to_user=people["director"])
    dossier = services.dossier_approve(actor=people["director"], dossier=dossier)
    assert dossier.status == Status.RETURNED
    assert dossier.return_method == "online" and dossier.returned_by is None
    assert list(dossier.events.values_list("action", flat=True))[-2:] == ["approve", "return"]


@pytest.mark.parametrize("who, status", [("citizen", 200), ("desk", 200), ("citizen2", 404),
                                         ("b_desk", 404), ("anonymous", 302)])
def test_who_downloads_the_result(web_as, api_as, people, procedure, signing, who, status):
    dossier = services.dossier_approve(actor=people["director"],
                                       dossier=at_director(people, procedure))
    page = web_as(who).get(f"/ho-so/{dossier.pk}/ket-qua/")
    assert page.status_code == status
    if status == 200:
        assert b"".join(page.streaming_content) == stored(dossier)
        api = api_as(who).get(f"/api/v1/dossiers/{dossier.pk}/result/")
        assert api.status_code == 200


def test_no_result_before_the_decision(web_as, people, procedure):
    dossier = received(people, procedure)
    assert web_as("citizen").get(f"/ho-so/{dossier.pk}/ket-qua/").status_code == 404
