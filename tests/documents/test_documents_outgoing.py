"""Outgoing documents: drafts with versions and files, review and approval, signature by
the competent official, issue with the next number (never twice, from 01 each year),
every refusal with nothing saved."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import threading

import docx
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import connections, transaction
from documents_data import SIGNING_PASSPHRASE, docx_bytes, draft_data, entry

from egov.core import numbering
from egov.core.errors import Conflict
from egov.core.models import AuditEntry, IssuedNumber
from egov.documents.files import Upload
from egov.documents.models import DraftVersion, OutgoingDocument, ReviewStep
from egov.documents.services import incoming, outgoing
from egov.documents.services.outgoing import DraftData, RecipientSpec
from egov.signatures.verification import verify_pdf

pytestmark = pytest.mark.django_db
ICT = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2017, 11, 3, 9, 30, tzinfo=ICT)


@pytest.fixture(autouse=True)
def in_2017(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with time_machine.travel(NOW, tick=False):
        yield


def create(people, types, who="specialist", **changes):
    kind = changes.pop("doc_type", "BC")
    return outgoing.outgoing_create(actor=people[who], data=draft_data(
        types(kind) if isinstance(kind, str) else kind, changes.pop(
            "signer", people["director"]), **changes))


def approve_all(people, document, *reviewers):
    outgoing.outgoing_submit(actor=people["specialist"], document=document,
                             reviewers=[people[r] for r in reviewers])
    for reviewer in reviewers:
        outgoing.outgoing_review(actor=people[reviewer], document=document, approve=True)
    document.refresh_from_db()
    return document


def sign(people, certificates, document):
    return outgoing.outgoing_sign(actor=people["director"], document=document,
                                  certificate=certificates["director"],
                                  passphrase=SIGNING_PASSPHRASE)


def issue(people, certificates, document, who="clerk"):
    return outgoing.outgoing_issue(actor=people[who], document=document,
                                   seal=certificates["seal"])


def actions():
    return list(AuditEntry.objects.filter(action__startswith="documents.outgoing")
                .values_list("action", flat=True))


class TestDraft:
    def test_a_draft_with_its_first_version_and_files(self, people, doc_type, units_a):
        document = outgoing.outgoing_create(
            actor=people["specialist"], files=[Upload("phu-luc.docx", docx_bytes("Phụ lục"))],
            data=draft_data(doc_type("BC"), people["director"]))
        assert (document.status, document.version, document.drafting_unit) == (
            "draft", 1, units_a["BCVT"])
        assert (document.place, document.signer_position) == ("Trà Vinh", "Giám đốc")
        assert document.number is None and document.number_symbol == ""
        assert [v.number for v in document.versions.all()] == [1]
        assert [r.name for r in document.recipients.all()] == ["Bộ TT&TT (b/c)",
                                                               "VP UBND tỉnh (b/c)"]
        assert document.attachments.get().name == "phu-luc.docx"
        assert "tong ket cong tac nam 2017" in document.search_text
        assert actions() == ["documents.outgoing.create"]

    def test_revisions_are_versions(self, people, doc_type):
        document = create(people, doc_type)
        outgoing.outgoing_revise(actor=people["specialist"], document=document, note="Sửa",
                                 data=DraftData(summary="Tổng kết công tác năm 2017"))
        outgoing.outgoing_revise(actor=people["specialist"], document=document,
                                 data=DraftData(body="Nội dung mới", recipients=[
                                     RecipientSpec("Sở Tư pháp")]))
        document.refresh_from_db()
        assert document.version == 3
        assert list(DraftVersion.objects.values_list("number", "summary", "note")) == [
            (1, "Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018", ""),
            (2, "Tổng kết công tác năm 2017", "Sửa"),
            (3, "Tổng kết công tác năm 2017", "")]
        assert [r.name for r in document.recipients.all()] == ["Sở Tư pháp"]

    @pytest.mark.parametrize(("changes", "fields"), [
        ({"summary": ""}, {"summary"}),
        ({"summary": "x" * 501}, {"summary"}),
        ({"doc_type": None}, {"doc_type"}),
        ({"signer": None}, {"signer"}),
        ({"body": "x" * 100_001}, {"body"}),
        ({"addressees": [""]}, {"addressees"}),
        ({"recipients": [RecipientSpec("")]}, {"recipients"}),
        ({"urgency": "soon"}, {"urgency"}),
        ({"confidentiality": "open"}, {"confidentiality"}),
        ({"authority": "XX"}, {"authority"}),
        ({"authority": "KT", "authority_title": ""}, {"authority_title"}),
        ({"copies": 0}, {"copies"}),
    ])
    def test_bad_input_is_named_and_nothing_saved(self, people, doc_type, changes, fields):
        with pytest.raises(ValidationError) as caught:
            create(people, doc_type, **changes)
        assert set(caught.value.message_dict) == fields
        assert not OutgoingDocument.objects.exists()
        assert actions() == []

    def test_the_signer_is_a_director_of_the_agency(self, people, doc_type):
        for who in ("head", "b_director"):
            with pytest.raises(ValidationError) as caught:
                create(people, doc_type, signer=people[who])
            assert caught.value.message_dict == {
                "signer": ["Người ký phải là lãnh đạo (giám đốc) của cơ quan."]}

    def test_only_administrative_types_are_issued(self, people, doc_type):
        with pytest.raises(ValidationError) as caught:
            create(people, doc_type, doc_type=doc_type("NĐ", "legal"))
        assert list(caught.value.message_dict) == ["doc_type"]

    def test_the_agency_is_not_its_own_recipient(self, people, doc_type, agency_a):
        with pytest.raises(ValidationError):
            create(people, doc_type, recipients=[RecipientSpec("Sở", agency=agency_a)])

    @pytest.mark.parametrize("who", ["citizen", "anonymous"])
    def test_only_officials_draft(self, people, doc_type, who):
        with pytest.raises(PermissionDenied):
            create(people, doc_type, who=who)

    def test_only_the_drafter_revises_a_draft(self, people, doc_type):
        document = create(people, doc_type)
        for who in ("specialist2", "director", "b_specialist"):
            with pytest.raises(PermissionDenied):
                outgoing.outgoing_revise(actor=people[who], document=document,
                                         data=DraftData(summary="x"))
        outgoing.outgoing_submit(actor=people["specialist"], document=document,
                                 reviewers=[people["head"]])
        with pytest.raises(Conflict) as caught:
            outgoing.outgoing_revise(actor=people["specialist"], document=document,
                                     data=DraftData(summary="x"))
        assert caught.value.code == "not_a_draft"

    def test_a_reply_to_an_incoming_document(self, people, doc_type, units_a):
        received = incoming.incoming_register(actor=people["clerk"], channel="paper",
                                              data=entry(doc_type=doc_type("Công văn")))
        letter = draft_data(doc_type("Công văn"), people["director"])
        with pytest.raises(ValidationError) as caught:
            # The specialist cannot see the incoming document: it is not assigned to her.
            outgoing.outgoing_create(actor=people["specialist"], in_reply_to=received,
                                     data=letter)
        assert list(caught.value.message_dict) == ["in_reply_to"]
        with pytest.raises(ValidationError) as caught:
            # The director belongs to no unit: the drafting unit must be named.
            outgoing.outgoing_create(actor=people["director"], in_reply_to=received,
                                     data=letter)
        assert list(caught.value.message_dict) == ["drafting_unit"]
        reply = outgoing.outgoing_create(actor=people["director"], in_reply_to=received,
                                         drafting_unit=units_a["BCVT"], data=letter)
        assert (reply.in_reply_to, reply.drafting_unit) == (received, units_a["BCVT"])


class TestReview:
    def test_the_chain_approves_in_order(self, people, doc_type):
        document = create(people, doc_type)
        steps = outgoing.outgoing_submit(actor=people["specialist"], document=document,
                                         reviewers=[people["head"], people["director"]])
        assert [(s.round, s.order, s.reviewer) for s in steps] == [
            (1, 1, people["head"]), (1, 2, people["director"])]
        with pytest.raises(PermissionDenied):
            outgoing.outgoing_review(actor=people["director"], document=document, approve=True)
        outgoing.outgoing_review(actor=people["head"], document=document, approve=True)
        document.refresh_from_db()
        assert document.status == "in_review"
        outgoing.outgoing_review(actor=people["director"], document=document, approve=True,
                                 comment="Đồng ý")
        document.refresh_from_db()
        assert document.status == "approved"
        with pytest.raises(Conflict):
            outgoing.outgoing_review(actor=people["director"], document=document, approve=True)

    def test_sent_back_then_revised_and_submitted_again(self, people, doc_type):
        document = create(people, doc_type)
        outgoing.outgoing_submit(actor=people["specialist"], document=document,
                                 reviewers=[people["head"]])
        with pytest.raises(ValidationError) as caught:
            outgoing.outgoing_review(actor=people["head"], document=document, approve=False)
        assert caught.value.message_dict == {"comment": ["Ghi rõ lý do trả lại dự thảo."]}
        outgoing.outgoing_review(actor=people["head"], document=document, approve=False,
                                 comment="Bổ sung số liệu thuê bao")
        document.refresh_from_db()
        assert document.status == "draft"
        outgoing.outgoing_revise(actor=people["specialist"], document=document,
                                 data=DraftData(body="Có số liệu"), note="Bổ sung")
        outgoing.outgoing_submit(actor=people["specialist"], document=document,
                                 reviewers=[people["head"]])
        assert list(ReviewStep.objects.values_list("round", "decision", "version")) == [
            (1, "returned", 1), (2, "pending", 2)]

    @pytest.mark.parametrize(("reviewers", "message"), [
        ([], "ít nhất một người"),
        (["specialist"], "không tự xem xét"),
        (["head", "head"], "hai lần"),
        (["b_director"], "không phải là cán bộ"),
        (["citizen"], "không phải là cán bộ"),
    ])
    def test_bad_chains(self, people, doc_type, reviewers, message):
        document = create(people, doc_type)
        with pytest.raises(ValidationError) as caught:
            outgoing.outgoing_submit(actor=people["specialist"], document=document,
                                     reviewers=[people[r] for r in reviewers])
        assert message in " ".join(caught.value.message_dict["reviewers"])
        assert not ReviewStep.objects.exists()
        document.refresh_from_db()
        assert document.status == "draft"

    def test_only_the_drafter_submits(self, people, doc_type):
        document = create(people, doc_type)
        with pytest.raises(PermissionDenied):
            outgoing.outgoing_submit(actor=people["head"], document=document,
                                     reviewers=[people["director"]])


class TestSignAndIssue:
    def test_the_report_signed_issued_and_sealed(self, people, doc_type, certificates):
        document = approve_all(people, create(people, doc_type), "head", "director")
        document = sign(people, certificates, document)
        assert document.status == "signed"
        signed = default_storage.open(document.signed_pdf.name).read()
        assert [s.field_name for s in verify_pdf(signed).signatures] == ["ChuKyNguoiKy"]
        document = issue(people, certificates, document)
        assert (document.status, document.number, document.number_symbol,
                document.issued_date) == ("issued", 1, "01/BC-STTTT-BCVT",
                                          dt.date(2017, 11, 3))
        assert document.register.code == "chung"
        issued = default_storage.open(document.issued_pdf.name).read()
        report = verify_pdf(issued)
        assert [(s.field_name, s.intact, s.changed_after) for s in report.signatures] == [
            ("ChuKyNguoiKy", True, False), ("ChuKyCoQuan", True, False)]
        text = subprocess.run(["pdftotext", "-q", "-layout", "-", "-"], input=issued,
                              capture_output=True, check=True).stdout.decode()
        assert "01/BC-STTTT-BCVT" in text.replace(" ", "")
        assert "Trà Vinh, ngày 03 tháng 11 năm 2017" in " ".join(text.split())
        word = docx.Document(io.BytesIO(
            default_storage.open(document.issued_docx.name).read()))
        paragraphs = [p.text for t in word.tables for r in t.rows for c in r.cells
                      for p in c.paragraphs] + [p.text for p in word.paragraphs]
        assert "Số: 01/BC-STTTT-BCVT" in paragraphs
        assert actions() == ["documents.outgoing.create", "documents.outgoing.submit",
                             "documents.outgoing.review", "documents.outgoing.review",
                             "documents.outgoing.sign", "documents.outgoing.issue"]

    def test_numbers_run_across_types_and_letters_have_no_type(self, people, doc_type,
                                                               certificates):
        numbers = []
        for code in ("BC", "Công văn", "KH"):
            document = approve_all(people, create(people, doc_type, doc_type=doc_type(code)),
                                   "director")
            document = issue(people, certificates, sign(people, certificates, document))
            numbers.append(document.number_symbol)
        assert numbers == ["01/BC-STTTT-BCVT", "02/STTTT-BCVT", "03/KH-STTTT-BCVT"]

    def test_a_secret_document_is_numbered_in_the_secret_series(self, people, doc_type,
                                                                certificates):
        normal = approve_all(people, create(people, doc_type), "director")
        issue(people, certificates, sign(people, certificates, normal))
        secret = approve_all(people, create(people, doc_type, confidentiality="secret"),
                             "director")
        secret = issue(people, certificates, sign(people, certificates, secret))
        assert (secret.number, secret.register.code) == (1, "mat")

    def test_numbering_restarts_on_1_january(self, people, doc_type, certificates):
        def one(moment):
            with time_machine.travel(moment, tick=False):
                document = approve_all(people, create(people, doc_type), "director")
                return issue(people, certificates, sign(people, certificates, document))
        assert one(dt.datetime(2017, 12, 29, 15, tzinfo=ICT)).number == 1
        assert one(dt.datetime(2017, 12, 31, 23, 50, tzinfo=ICT)).number == 2
        first = one(dt.datetime(2018, 1, 2, 8, tzinfo=ICT))
        assert (first.number, first.number_symbol, first.issued_date) == (
            1, "01/BC-STTTT-BCVT", dt.date(2018, 1, 2))

    def test_only_the_signer_signs_an_approved_draft(self, people, doc_type, certificates):
        document = create(people, doc_type)
        with pytest.raises(Conflict) as caught:
            sign(people, certificates, document)
        assert caught.value.code == "not_approved"
        document = approve_all(people, document, "director")
        with pytest.raises(PermissionDenied):
            outgoing.outgoing_sign(actor=people["clerk"], document=document,
                                   certificate=certificates["seal"])
        with pytest.raises(ValidationError):
            outgoing.outgoing_sign(actor=people["director"], document=document,
                                   certificate=certificates["director"], passphrase="sai")
        document.refresh_from_db()
        assert (document.status, document.signed_pdf.name) == ("approved", "")

    @pytest.mark.parametrize("who", ["director", "specialist", "b_clerk", "sysadmin"])
    def test_only_the_clerk_issues(self, people, doc_type, certificates, who):
        document = sign(people, certificates,
                        approve_all(people, create(people, doc_type), "director"))
        with pytest.raises(PermissionDenied):
            issue(people, certificates, document, who=who)
        assert not IssuedNumber.objects.exists()

    def test_a_failed_issue_voids_its_number_with_the_reason(self, people, doc_type,
                                                           certificates, monkeypatch):
        document = sign(people, certificates,
                        approve_all(people, create(people, doc_type), "director"))

        def broken(*args, **kwargs):
            raise RuntimeError("printer on fire")

        monkeypatch.setattr(outgoing.rendering, "issued_docx", broken)
        with pytest.raises(RuntimeError):
            issue(people, certificates, document)
        document.refresh_from_db()
        assert (document.status, document.number, document.number_symbol) == (
            "signed", None, "")
        voided = IssuedNumber.objects.get()
        assert (voided.value, voided.void_reason) == (
            1, "Phát hành không thành sau khi đã lấy số: printer on fire")
        monkeypatch.undo()
        issued = issue(people, certificates, document)
        assert issued.number_symbol == "02/BC-STTTT-BCVT"
        assert numbering.unexplained_gaps(issued.register.sequence_key, "2017") == []

    def test_a_wrong_seal_passphrase_costs_no_number(self, people, doc_type, certificates,
                                                     platform_ca, agency_a):
        from egov.signatures import services as signatures
        from egov.signatures.models import KeyAlgorithm, SignerKind

        locked_seal = signatures.certificate_issue(
            actor=None, passphrase="khoa-con-dau-2017",
            certificate=signatures.certificate_request(
                actor=None, signer_kind=SignerKind.ORGANISATION, agency=agency_a,
                key_algorithm=KeyAlgorithm.EC_P256, purpose="Con dấu có mật khẩu"))
        document = sign(people, certificates,
                        approve_all(people, create(people, doc_type), "director"))
        with pytest.raises(ValidationError):
            outgoing.outgoing_issue(actor=people["clerk"], document=document,
                                    seal=locked_seal, passphrase="sai")
        with pytest.raises(PermissionDenied):
            outgoing.outgoing_issue(actor=people["clerk"], document=document,
                                    seal=certificates["director"],
                                    passphrase=SIGNING_PASSPHRASE)
        assert not IssuedNumber.objects.exists()
        assert outgoing.outgoing_issue(actor=people["clerk"], document=document,
                                       seal=locked_seal, passphrase="khoa-con-dau-2017"
                                       ).number == 1

    def test_an_unsigned_document_is_not_issued(self, people, doc_type, certificates):
        document = approve_all(people, create(people, doc_type), "director")
        with pytest.raises(Conflict) as caught:
            issue(people, certificates, document)
        assert caught.value.code == "not_signed"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clerks_issuing_at_the_same_second_get_two_numbers(people, doc_type,
                                                               certificates, agency_a):
    from egov.accounts import services as accounts
    from egov.accounts.models import Role

    # Through the service directly: `conftest` is not importable by name once several
    # test folders have one (it resolves to whichever was loaded last).
    second_clerk = accounts.official_create(
        actor=None, username="vanthu2", full_name="Lê Thị Lan", email="vanthu2@travinh.gov.vn",
        agency=agency_a, roles=[Role.CLERK], password=None,
    ).user
    documents = [sign(people, certificates, approve_all(people, create(people, doc_type),
                                                         "director")) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def work(clerk, document):
        try:
            barrier.wait()
            with transaction.atomic():
                outgoing.outgoing_issue(actor=clerk, document=document,
                                        seal=certificates["seal"])
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(clerk, document)) for clerk, document in
               zip((people["clerk"], second_clerk), documents, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(OutgoingDocument.objects.values_list("number_symbol", flat=True)) == [
        "01/BC-STTTT-BCVT", "02/BC-STTTT-BCVT"]
