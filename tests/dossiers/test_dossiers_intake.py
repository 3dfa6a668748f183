"""Online drafts and submission, desk intake, acceptance, refusal and supplements."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from dossier_factories import ANSWERS, APPLICANT, at, pdf_bytes, received, submitted

from egov.core.audit import verify_chain
from egov.core.errors import Conflict
from egov.core.models import AuditEntry, Sequence
from egov.dossiers import services
from egov.dossiers.models import Channel, Dossier, DossierAttachment, DossierEvent, Status

CODE_RE = re.compile(r"^000\.00\.31\.H59-\d{6}-\d{4}$")


class TestDraftAndSubmit:
    def test_a_citizen_saves_a_draft_without_a_code(self, people, procedure):
        draft = services.dossier_create_draft(actor=people["citizen"], procedure=procedure,
                                              answers={"title": "Kỷ yếu"})
        assert draft.status == Status.DRAFT
        assert draft.code is None
        assert draft.answers == {"title": "Kỷ yếu"}
        assert draft.applicant_name == "Nguyễn Văn An"
        assert draft.applicant_id_number == "084095001234"
        assert draft.applicant_phone == "0913456789"
        assert draft.channel == Channel.ONLINE
        assert draft.level == 3
        assert draft.agency.code == "000.00.31.H59"
        assert [p["received"] for p in draft.papers] == [False, False]

    def test_submission_gives_the_code_of_the_day_and_a_provisional_due_date(
            self, people, procedure):
        with time_machine.travel(at("2017-11-03 09:15"), tick=False):
            first = submitted(people["citizen"], procedure)
            second = submitted(people["citizen2"], procedure)
        assert first.code == "000.00.31.H59-171103-0001"
        assert second.code == "000.00.31.H59-171103-0002"
        assert first.status == Status.SUBMITTED
        assert first.submitted_at == at("2017-11-03 09:15")
        # 10 working days after Friday 03/11/2017.
        assert first.due_date == dt.date(2017, 11, 17)
        assert first.answers == {"applicant_name": "Nguyễn Văn An",
                                 "title": "Kỷ yếu 20 năm thành lập trường", "copies": 500}

    def test_numbering_restarts_each_day_and_per_agency(self, people, procedure):
        with time_machine.travel(at("2017-11-03 16:59"), tick=False):
            submitted(people["citizen"], procedure)
        with time_machine.travel(at("2017-11-06 07:30"), tick=False):
            monday = submitted(people["citizen"], procedure)
        assert monday.code == "000.00.31.H59-171106-0001"

    def test_a_number_past_9999_keeps_all_its_digits_in_the_code(self, people, procedure):
        # The one-request submission writes the code in SQL on PostgreSQL (the number and
        # the code in one statement), elsewhere in Python: the same code either way.
        with time_machine.travel(at("2017-11-03 09:15"), tick=False):
            first, _created = services.dossier_apply(actor=people["citizen"],
                                                     procedure=procedure, answers=ANSWERS)
            Sequence.objects.filter(period="171103").update(last_value=9998)
            codes = [services.dossier_apply(actor=people["citizen"], procedure=procedure,
                                            answers=ANSWERS)[0].code for _ in range(2)]
        assert first.code == "000.00.31.H59-171103-0001"
        assert codes == ["000.00.31.H59-171103-9999", "000.00.31.H59-171103-10000"]
        assert list(Dossier.objects.filter(code__in=codes).values_list("status", flat=True)
                    ) == [Status.SUBMITTED] * 2

    def test_the_applicant_gets_the_receipt_by_mail(self, people, procedure,
                                                    django_capture_on_commit_callbacks):
        with time_machine.travel(at("2017-11-03 09:15"), tick=False), \
                django_capture_on_commit_callbacks(execute=True):
            dossier = submitted(people["citizen"], procedure)
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["an@example.com"]
        assert message.subject == f"Hồ sơ {dossier.code} đã được nộp"
        assert dossier.code in message.body
        assert "17/11/2017" in message.body

    def test_missing_and_wrong_answers_are_named_and_nothing_moves(self, people, procedure):
        draft = services.dossier_create_draft(
            actor=people["citizen"], procedure=procedure, answers={"copies": "nhiều"})
        audit_before = AuditEntry.objects.count()
        with pytest.raises(ValidationError) as caught:
            services.dossier_submit(actor=people["citizen"], dossier=draft)
        assert set(caught.value.message_dict) == {"applicant_name", "title", "copies"}
        assert caught.value.message_dict["title"] == ["Trường này là bắt buộc."]
        draft.refresh_from_db()
        assert draft.status == Status.DRAFT and draft.code is None and draft.revision == 1
        assert AuditEntry.objects.count() == audit_before
        assert mail.outbox == []

    def test_a_draft_refuses_unknown_fields(self, people, procedure):
        with pytest.raises(ValidationError) as caught:
            services.dossier_create_draft(actor=people["citizen"], procedure=procedure,
                                          answers={"nonsense": "x"})
        assert caught.value.message_dict == {"nonsense": ["Tờ khai không có trường này."]}
        assert Dossier.objects.count() == 0

    @pytest.mark.parametrize("who", ["desk", "specialist", "sysadmin"])
    def test_officials_do_not_apply_online(self, people, procedure, who):
        with pytest.raises(PermissionDenied):
            services.dossier_create_draft(actor=people[who], procedure=procedure)

    def test_a_level_2_procedure_is_not_online(self, people, level2_procedure):
        with pytest.raises(Conflict) as caught:
            services.dossier_create_draft(actor=people["citizen"], procedure=level2_procedure)
        assert caught.value.code == "not_online"

    def test_only_the_applicant_edits_and_submits(self, people, procedure):
        draft = services.dossier_create_draft(actor=people["citizen"], procedure=procedure,
                                              answers=ANSWERS)
        for who in ("citizen2", "desk", "business"):
            with pytest.raises(PermissionDenied):
                services.dossier_submit(actor=people[who], dossier=draft)
            with pytest.raises(PermissionDenied):
                services.dossier_update_draft(actor=people[who], dossier=draft, answers={})

    def test_a_submitted_dossier_is_not_submitted_again(self, people, procedure):
        dossier = submitted(people["citizen"], procedure)
        with pytest.raises(Conflict) as caught:
            services.dossier_submit(actor=people["citizen"], dossier=dossier)
        assert caught.value.code == "invalid_transition"
        assert str(caught.value.message) == (
            "Không thể nộp hồ sơ lúc này: hồ sơ đang ở trạng thái «Đã nộp, chờ kiểm tra».")

    def test_a_stale_copy_is_refused(self, people, procedure):
        draft = services.dossier_create_draft(actor=people["citizen"], procedure=procedure,
                                              answers=ANSWERS)
        services.dossier_update_draft(actor=people["citizen"], dossier=draft,
                                      answers={"title": "Khác"})
        with pytest.raises(Conflict) as caught:
            services.dossier_submit(actor=people["citizen"], dossier=draft)
        assert caught.value.code == "stale_revision"

    def test_delivery_rules(self, people, procedure, paid_procedure):
        with pytest.raises(ValidationError) as caught:
            services.dossier_create_draft(actor=people["citizen"], procedure=procedure,
                                          delivery="online")
        assert "delivery" in caught.value.message_dict
        with pytest.raises(ValidationError) as caught:
            services.dossier_create_draft(actor=people["citizen"], procedure=procedure,
                                          delivery="post")
        assert caught.value.message_dict == {
            "delivery_address": ["Nhập địa chỉ nhận kết quả qua bưu chính."]}
        online = services.dossier_create_draft(actor=people["citizen"],
                                               procedure=paid_procedure, delivery="online",
                                               delivery_address="ignored")
        assert (online.delivery, online.delivery_address) == ("online", "")
        assert online.fee_amount == 200000


class TestAttachments:
    def test_a_draft_takes_a_pdf_with_its_hash(self, people, procedure):
        draft = services.dossier_create_draft(actor=people["citizen"], procedure=procedure)
        attachment = services.dossier_attach(actor=people["citizen"], dossier=draft,
                                             name="don.pdf", content=io.BytesIO(pdf_bytes()),
                                             paper_position=1)
        assert attachment.content_type == "application/pdf"
        assert attachment.size == len(pdf_bytes())
        assert len(attachment.sha256) == 64
        assert attachment.file.read() == pdf_bytes()

    def test_a_png_named_pdf_is_refused_and_nothing_stored(self, people, procedure, settings):
        draft = services.dossier_create_draft(actor=people["citizen"], procedure=procedure)
        with pytest.raises(ValidationError) as caught:
            services.dossier_attach(actor=people["citizen"], dossier=draft, name="don.pdf",
                                    content=io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 10))
        assert "PNG" in caught.value.message_dict["file"][0]
        assert DossierAttachment.objects.count() == 0
        assert not (settings.MEDIA_ROOT / "dossiers").exists() or not any(
            (settings.MEDIA_ROOT / "dossiers").rglob("*.*"))

    def test_an_attached_paper_is_ticked_on_submission(self, people, procedure):
        draft = services.dossier_create_draft(actor=people["citizen"], procedure=procedure,
                                              answers=ANSWERS)
        services.dossier_attach(actor=people["citizen"], dossier=draft, name="don.pdf",
                                content=io.BytesIO(pdf_bytes()), paper_position=1)
        dossier = services.dossier_submit(actor=people["citizen"], dossier=draft)
        assert [p["received"] for p in dossier.papers] == [True, False]

    def test_an_unknown_paper_is_refused(self, people, procedure):
        draft = services.dossier_create_draft(actor=people["citizen"], procedure=procedure)
        with pytest.raises(ValidationError) as caught:
            services.dossier_attach(actor=people["citizen"], dossier=draft, name="don.pdf",
                                    content=io.BytesIO(pdf_bytes()), paper_position=9)
        assert list(caught.value.message_dict) == ["paper_position"]

    def test_files_close_once_submitted_and_others_may_not_add(self, people, procedure):
        dossier = submitted(people["citizen"], procedure)
        with pytest.raises(Conflict):
            services.dossier_attach(actor=people["citizen"], dossier=dossier, name="x.pdf",
                                    content=io.BytesIO(pdf_bytes()))
        with pytest.raises(PermissionDenied):
            services.dossier_attach(actor=people["citizen2"], dossier=dossier, name="x.pdf",
                                    content=io.BytesIO(pdf_bytes()))
        scan = services.dossier_attach(actor=people["desk"], dossier=dossier, name="scan.pdf",
                                       content=io.BytesIO(pdf_bytes()), paper_position=2)
        assert scan.uploaded_by == people["desk"]

    def test_a_draft_file_can_be_removed(self, people, procedure,
                                         django_capture_on_commit_callbacks):
        draft = services.dossier_create_draft(actor=people["citizen"], procedure=procedure)
        attachment = services.dossier_attach(actor=people["citizen"], dossier=draft,
                                             name="don.pdf", content=io.BytesIO(pdf_bytes()))
        path = Path(attachment.file.path)
        with django_capture_on_commit_callbacks(execute=True):
            services.dossier_detach(actor=people["citizen"], attachment=attachment)
        assert DossierAttachment.objects.count() == 0
        assert not path.exists()


class TestDeskIntake:
    def test_a_walk_in_dossier_gets_its_code_and_links_the_account(self, people, procedure):
        with time_machine.travel(at("2017-11-03 08:00"), tick=False):
            dossier = services.dossier_intake(
                actor=people["desk"], procedure=procedure, channel="desk",
                applicant={**APPLICANT, "id_number": "084 095 001 234"},
                papers_received=[1, 2])
        assert dossier.code == "000.00.31.H59-171103-0001"
        assert dossier.status == Status.SUBMITTED
        assert dossier.channel == "desk"
        assert dossier.applicant == people["citizen"]
        assert dossier.applicant_name == "Lê Thị Hồng"
        assert [p["received"] for p in dossier.papers] == [True, True]

    def test_the_applicant_is_checked_field_by_field(self, people, procedure):
        with pytest.raises(ValidationError) as caught:
            services.dossier_intake(actor=people["desk"], procedure=procedure, channel="post",
                                    applicant={"name": "", "phone": "123",
                                               "id_number": "12345", "address": "",
                                               "email": "not-an-email"})
        assert set(caught.value.message_dict) == {
            "applicant_name", "applicant_phone", "applicant_id_number", "applicant_address",
            "applicant_email"}
        assert Dossier.objects.count() == 0

    @pytest.mark.parametrize("who", ["specialist", "b_desk", "citizen", "sysadmin"])
    def test_only_the_agencys_desk_takes_dossiers_in(self, people, procedure, who):
        with pytest.raises(PermissionDenied):
            services.dossier_intake(actor=people[who], procedure=procedure, channel="desk",
                                    applicant=APPLICANT)

    def test_a_level_2_procedure_is_taken_in_at_the_desk(self, people, level2_procedure):
        dossier = services.dossier_intake(actor=people["desk"], procedure=level2_procedure,
                                          channel="desk", applicant=APPLICANT,
                                          papers_received=[1, 2])
        assert dossier.level == 2

    def test_online_result_needs_an_account(self, people, paid_procedure):
        with pytest.raises(ValidationError) as caught:
            services.dossier_intake(actor=people["desk"], procedure=paid_procedure,
                                    channel="desk", delivery="online",
                                    applicant={**APPLICANT, "id_number": ""})
        assert list(caught.value.message_dict) == ["delivery"]


class TestAccept:
    def test_received_on_friday_before_tet_2018_is_due_after_tet(self, people, procedure):
        # 09/02/2018 is a Friday; Tết Mậu Tuất closes 14-20/02; 5 working days → 23/02.
        procedure_5 = procedure
        version = procedure_5.versions.get()
        version.time_limit_days = 5
        version.save(update_fields=["time_limit_days"])
        with time_machine.travel(at("2018-02-09 10:00"), tick=False):
            dossier = received(people, procedure_5)
        assert dossier.due_date == dt.date(2018, 2, 23)
        assert dossier.received_at == at("2018-02-09 10:00")
        assert dossier.status == Status.RECEIVED
        assert dossier.step_index == 0 and dossier.step_role == "desk_officer"
        assert dossier.assignee == people["desk"]
        # The desk step (0.5 day) ends by the next working day: Monday 12/02.
        assert dossier.step_due_date == dt.date(2018, 2, 12)

    def test_received_on_a_saturday_counts_from_monday(self, people, procedure):
        with time_machine.travel(at("2017-11-04 09:00"), tick=False):
            dossier = received(people, procedure)
        # Working days after Saturday 04/11: Mon 06 ... Fri 17 is the 10th.
        assert dossier.due_date == dt.date(2017, 11, 17)

    def test_acceptance_needs_every_required_paper(self, people, procedure):
        dossier = submitted(people["citizen"], procedure)
        with pytest.raises(ValidationError) as caught:
            services.dossier_accept(actor=people["desk"], dossier=dossier, papers_received=[1])
        assert "Bản thảo tài liệu" in caught.value.message_dict["papers"][0]
        dossier.refresh_from_db()
        assert dossier.status == Status.SUBMITTED

    def test_acceptance_writes_the_event_the_audit_and_a_mail(
            self, people, procedure, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            dossier = received(people, procedure)
        event = dossier.events.get(action="accept")
        assert (event.from_status, event.to_status) == ("submitted", "received")
        assert event.to_user == people["desk"]
        assert event.data["time_limit_days"] == 10
        entry = AuditEntry.objects.filter(action="dossiers.dossier.accept").get()
        assert entry.before["status"] == "submitted" and entry.after["status"] == "received"
        assert verify_chain() is None
        assert [m.subject for m in mail.outbox][-1] == f"Hồ sơ {dossier.code} đã được tiếp nhận"

    @pytest.mark.parametrize("who", ["b_desk", "specialist", "citizen", "sysadmin"])
    def test_only_the_desk_accepts(self, people, procedure, who):
        dossier = submitted(people["citizen"], procedure)
        with pytest.raises(PermissionDenied):
            services.dossier_accept(actor=people[who], dossier=dossier, papers_received=[1, 2])


class TestRefuse:
    def test_refusal_needs_a_reason(self, people, procedure):
        dossier = submitted(people["citizen"], procedure)
        with pytest.raises(ValidationError) as caught:
            services.dossier_refuse(actor=people["desk"], dossier=dossier, reason="  ")
        assert list(caught.value.message_dict) == ["reason"]
        refused = services.dossier_refuse(actor=people["desk"], dossier=dossier,
                                          reason="Tài liệu thuộc thẩm quyền cấp phép của Bộ.")
        assert refused.status == Status.REFUSED
        assert refused.due_date is None
        assert refused.closing_reason == "Tài liệu thuộc thẩm quyền cấp phép của Bộ."
        with pytest.raises(Conflict):
            services.dossier_accept(actor=people["desk"], dossier=refused)


class TestSupplement:
    def test_at_intake_the_clock_starts_when_the_complete_dossier_is_accepted(
            self, people, procedure, django_capture_on_commit_callbacks):
        with time_machine.travel(at("2017-11-03 09:00"), tick=False), \
                django_capture_on_commit_callbacks(execute=True):
            dossier = submitted(people["citizen"], procedure)
            dossier = services.dossier_request_supplement(
                actor=people["desk"], dossier=dossier,
                missing=["Bản thảo tài liệu (2 bản)", "Đơn đề nghị có chữ ký"])
        assert dossier.status == Status.AWAITING_SUPPLEMENT
        assert mail.outbox[-1].subject == f"Hồ sơ {dossier.code}: cần bổ sung giấy tờ"
        assert "Bản thảo tài liệu (2 bản)" in mail.outbox[-1].body
        with time_machine.travel(at("2017-11-08 10:00"), tick=False):
            services.dossier_attach(actor=people["citizen"], dossier=dossier,
                                    name="ban-thao.pdf", content=io.BytesIO(pdf_bytes()),
                                    paper_position=2)
            dossier = services.dossier_supplement(actor=people["citizen"], dossier=dossier)
            assert dossier.status == Status.SUBMITTED
            assert [p["received"] for p in dossier.papers] == [False, True]
            dossier = services.dossier_accept(actor=people["desk"], dossier=dossier,
                                              papers_received=[1, 2])
        assert dossier.due_date == dt.date(2017, 11, 22)

    def test_only_once(self, people, procedure):
        dossier = submitted(people["citizen"], procedure)
        dossier = services.dossier_request_supplement(actor=people["desk"], dossier=dossier,
                                                      missing="Bản thảo")
        dossier = services.dossier_supplement(actor=people["citizen"], dossier=dossier)
        with pytest.raises(Conflict) as caught:
            services.dossier_request_supplement(actor=people["desk"], dossier=dossier,
                                                missing="Đơn")
        assert caught.value.code == "supplement_limit"

    def test_the_list_of_missing_papers_is_required(self, people, procedure):
        dossier = submitted(people["citizen"], procedure)
        with pytest.raises(ValidationError) as caught:
            services.dossier_request_supplement(actor=people["desk"], dossier=dossier,
                                                missing=["", "  "])
        assert list(caught.value.message_dict) == ["missing"]
        assert DossierEvent.objects.filter(action="request_supplement").count() == 0

    def test_during_processing_the_limit_counts_again_from_the_supplement(
            self, people, procedure):
        with time_machine.travel(at("2017-11-01 09:00"), tick=False):
            dossier = received(people, procedure)
            dossier = services.dossier_forward(actor=people["desk"], dossier=dossier,
                                               to_user=people["specialist"])
        with time_machine.travel(at("2017-11-03 09:00"), tick=False):
            dossier = services.dossier_request_supplement(
                actor=people["specialist"], dossier=dossier, missing=["Bản thảo có dấu"])
        with time_machine.travel(at("2017-11-10 09:00"), tick=False):
            dossier = services.dossier_supplement(actor=people["desk"], dossier=dossier,
                                                  papers_received=[2])
        assert dossier.status == Status.PROCESSING
        assert dossier.assignee == people["specialist"]
        assert dossier.due_date == dt.date(2017, 11, 24)
        # The specialist's 8 days run again from 10/11.
        assert dossier.step_due_date == dt.date(2017, 11, 22)

    def test_the_applicant_of_another_dossier_cannot_supplement(self, people, procedure):
        dossier = submitted(people["citizen"], procedure)
        dossier = services.dossier_request_supplement(actor=people["desk"], dossier=dossier,
                                                      missing="Bản thảo")
        with pytest.raises(PermissionDenied):
            services.dossier_supplement(actor=people["citizen2"], dossier=dossier)


class TestWithdraw:
    def test_the_applicant_withdraws_before_the_result(self, people, procedure):
        dossier = received(people, procedure)
        dossier = services.dossier_withdraw(actor=people["citizen"], dossier=dossier,
                                            reason="Không còn nhu cầu")
        assert dossier.status == Status.WITHDRAWN
        assert dossier.assignee is None and dossier.step_role == ""
        with pytest.raises(Conflict):
            services.dossier_forward(actor=people["desk"], dossier=dossier)

    def test_others_cannot_withdraw(self, people, procedure):
        dossier = submitted(people["citizen"], procedure)
        for who in ("citizen2", "specialist", "b_desk"):
            with pytest.raises(PermissionDenied):
                services.dossier_withdraw(actor=people[who], dossier=dossier, reason="x")
