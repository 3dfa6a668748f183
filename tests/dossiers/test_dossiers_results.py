"""Results: printed from the procedure's template, signed by the deciding official with
their certificate, downloadable by the applicant; refused without a usable certificate."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from dossier_factories import ANSWERS, VN, at_director, procedure_record, received
from test_dossiers_slips import text_of

from egov.core.errors import Conflict
from egov.core.models import AuditEntry
from egov.dossiers import results, services
from egov.dossiers.models import Dossier, Outcome, Status
from egov.dossiers.services.bulk import BulkRow, dossiers_bulk_create
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


def _decided_in_2017(people, procedure):
    """A dossier of 2017 brought in from an older system: returned, without its file."""
    version = procedure.versions.get()
    day = dt.datetime(2017, 11, 3, 8, 0, tzinfo=VN)
    row = BulkRow(procedure=procedure, version=version, agency=procedure.agency,
                  channel="online", status=Status.RETURNED, applicant_name="Nguyễn Văn An",
                  applicant_phone="0913456789", submitted_at=day, received_at=day,
                  due_date=dt.date(2017, 11, 17), finished_at=day + dt.timedelta(days=6),
                  returned_at=day + dt.timedelta(days=6), outcome=Outcome.GRANTED,
                  answers=ANSWERS)
    dossiers_bulk_create(actor=None, rows=[row], source="lưu trữ 2017")
    return Dossier.objects.get()


class TestResultsOfThePast:
    def test_signed_as_of_the_decision_and_put_into_the_dossier(self, people, procedure,
                                                                signing):
        dossier = _decided_in_2017(people, procedure)
        director = people["director"]
        certificate = results.certificate_at(director.official, dossier.finished_at)
        assert certificate == signing["director", dt.datetime(2015, 6, 1, tzinfo=dt.UTC)]
        pdf = results.signed_result(actor=director, dossier=dossier, outcome=dossier.outcome,
                                    reason="", certificate=certificate,
                                    at=dossier.finished_at)
        assert "Trà Vinh, ngày 09 tháng 11 năm 2017" in text_of(pdf)
        archived = services.dossier_result_archive(actor=None, dossier=dossier, pdf=pdf,
                                                   source="lưu trữ 2017")
        assert stored(archived) == pdf
        assert archived.result_sha256 == hashlib.sha256(pdf).hexdigest()
        report = verify_pdf(stored(archived))
        assert report.all_valid, report.summary
        assert report.signatures[0].signing_time == dossier.finished_at
        entry = AuditEntry.objects.get(action="dossiers.dossier.result_archive")
        assert entry.after["source"] == "lưu trữ 2017"
        assert entry.after["result_sha256"] == archived.result_sha256
        # Nothing in the control sheet changes: the result was decided in 2017.
        assert not archived.events.exclude(action__in=["submit", "accept", "forward",
                                                       "approve", "return"]).exists()
        with pytest.raises(Conflict) as again:
            services.dossier_result_archive(actor=None, dossier=archived, pdf=pdf,
                                            source="lưu trữ 2017")
        assert again.value.code == "result_present"

    def test_refused_inputs_leave_nothing(self, people, procedure, signing):
        dossier = _decided_in_2017(people, procedure)
        with pytest.raises(PermissionDenied):
            services.dossier_result_archive(actor=people["director"], dossier=dossier,
                                            pdf=b"%PDF-1.7", source="x")
        with pytest.raises(ValidationError) as not_pdf:
            services.dossier_result_archive(actor=None, dossier=dossier, pdf=b"GIF89a",
                                            source="x")
        assert "result" in not_pdf.value.message_dict
        unsigned = results.render_result(dossier, actor=people["director"],
                                         outcome=Outcome.GRANTED, reason="")
        with pytest.raises(ValidationError) as no_signature:
            services.dossier_result_archive(actor=None, dossier=dossier, pdf=unsigned,
                                            source="x")
        assert no_signature.value.messages == ["Kết quả không có chữ ký số."]
        open_dossier = received(people, procedure)
        signed = results.signed_result(actor=people["director"], dossier=dossier,
                                       outcome=Outcome.GRANTED, reason="",
                                       at=dossier.finished_at,
                                       certificate=results.certificate_at(
                                           people["director"].official,
                                           dossier.finished_at))
        with pytest.raises(Conflict) as too_early:
            services.dossier_result_archive(actor=None, dossier=open_dossier, pdf=signed,
                                            source="x")
        assert too_early.value.code == "no_result_yet"
        dossier.refresh_from_db()
        assert not dossier.result_file
        assert not AuditEntry.objects.filter(
            action="dossiers.dossier.result_archive").exists()

    def test_nobody_could_sign_then(self, people, procedure):
        # No certificate at all in 2017: a paper result, nothing to sign with.
        dossier = _decided_in_2017(people, procedure)
        assert results.certificate_at(people["director"].official,
                                      dossier.finished_at) is None
