"""The dossier pages: application, intake, the dossier page's moves, inboxes, lookup,
home page figures, and who may open what."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from dossier_factories import (
    ANSWERS,
    at,
    at_specialist,
    pdf_bytes,
    procedure_record,
    received,
    returned,
)

from egov.dossiers.models import Dossier, DossierRating, Status
from egov.procedures import services as procedures


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def answers_post(**extra):
    return {**{f"answer_{k}": v for k, v in ANSWERS.items()}, "delivery": "desk", **extra}


class TestApplication:
    def test_the_form_comes_from_the_procedure(self, web_as, procedure):
        page = web_as("citizen").get("/ho-so/nop/1.003868/")
        assert page.status_code == 200
        html = page.content.decode()
        assert 'name="answer_title"' in html and 'name="answer_copies"' in html
        assert 'type="number"' in html
        assert "Bản thảo tài liệu" in html and 'name="file_2"' in html

    def test_submit_with_a_file(self, web_as, procedure):
        client = web_as("citizen")
        response = client.post("/ho-so/nop/1.003868/", answers_post(
            action="submit", file_1=SimpleUploadedFile("don.pdf", pdf_bytes())))
        dossier = Dossier.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/ho-so/{dossier.pk}/"
        assert dossier.status == Status.SUBMITTED
        assert dossier.attachments.get().name == "don.pdf"
        page = client.get(response["Location"])
        assert dossier.code in page.content.decode()

    def test_missing_answers_keep_a_draft_and_name_the_fields(self, web_as, procedure):
        client = web_as("citizen")
        response = client.post("/ho-so/nop/1.003868/", {"answer_title": "Kỷ yếu",
                                                        "action": "submit"})
        dossier = Dossier.objects.get()
        assert dossier.status == Status.DRAFT
        assert response["Location"] == f"/ho-so/{dossier.pk}/sua/"
        page = client.get(response["Location"])
        html = page.content.decode()
        assert 'value="Kỷ yếu"' in html
        assert html.count("Trường này là bắt buộc.") >= 2
        fixed = client.post(response["Location"], answers_post(action="submit"))
        assert fixed.status_code == 302
        dossier.refresh_from_db()
        assert dossier.status == Status.SUBMITTED

    def test_a_lying_file_is_refused_and_the_draft_kept(self, web_as, procedure):
        client = web_as("citizen")
        response = client.post("/ho-so/nop/1.003868/", answers_post(
            action="submit", file_1=SimpleUploadedFile("anh.pdf", b"\x89PNG\r\n\x1a\n0000")))
        dossier = Dossier.objects.get()
        assert (dossier.status, dossier.attachments.count()) == (Status.DRAFT, 0)
        page = client.get(response["Location"]).content.decode()
        assert "anh.pdf" in page and "PNG" in page

    @pytest.mark.parametrize("who, status", [("desk", 403), ("specialist", 403),
                                             ("anonymous", 302)])
    def test_only_citizens_and_businesses_apply(self, web_as, procedure, who, status):
        assert web_as(who).get("/ho-so/nop/1.003868/").status_code == status

    def test_my_dossiers(self, web_as, people, procedure):
        dossier = received(people, procedure)
        html = web_as("citizen").get("/ho-so/").content.decode()
        assert dossier.code in html
        assert dossier.code not in web_as("citizen2").get("/ho-so/").content.decode()


class TestIntakePage:
    def test_walk_in_accepted_at_once(self, web_as, people, procedure):
        client = web_as("desk")
        assert "1.003868" in client.get("/ho-so/tiep-nhan/").content.decode()
        form = client.get("/ho-so/tiep-nhan/?procedure=1.003868").content.decode()
        assert 'name="applicant_name"' in form and "Đơn đề nghị cấp giấy phép" in form
        response = client.post("/ho-so/tiep-nhan/", {
            "procedure": "1.003868", "channel": "desk", "applicant_name": "Lê Thị Hồng",
            "applicant_phone": "0939123456", "applicant_address": "Long Đức, Trà Vinh",
            "papers": ["1", "2"], "delivery": "desk", "decision": "accept",
            "file_1": SimpleUploadedFile("scan.pdf", pdf_bytes())})
        dossier = Dossier.objects.get()
        assert response.status_code == 302
        assert dossier.status == Status.RECEIVED
        assert dossier.attachments.count() == 1

    def test_errors_are_shown_and_nothing_is_saved(self, web_as, procedure):
        response = web_as("desk").post("/ho-so/tiep-nhan/", {
            "procedure": "1.003868", "channel": "desk", "applicant_name": "",
            "applicant_phone": "12", "applicant_address": "", "decision": "accept"})
        assert response.status_code == 400
        html = response.content.decode()
        assert "Nhập họ tên người nộp." in html
        assert Dossier.objects.count() == 0

    def test_a_supplement_at_intake_needs_the_list(self, web_as, procedure):
        response = web_as("desk").post("/ho-so/tiep-nhan/", {
            "procedure": "1.003868", "channel": "desk", "applicant_name": "Lê Thị Hồng",
            "applicant_phone": "0939123456", "applicant_address": "Long Đức",
            "papers": ["1"], "decision": "request_supplement", "missing": ""})
        assert response.status_code == 400
        assert Dossier.objects.count() == 0

    @pytest.mark.parametrize("who", ["specialist", "citizen", "director"])
    def test_only_desk_officers(self, web_as, procedure, who):
        assert web_as(who).get("/ho-so/tiep-nhan/").status_code == 403


class TestDossierPage:
    def test_the_desk_sees_the_accept_form_the_applicant_does_not(self, web_as, people,
                                                                  procedure):
        from dossier_factories import submitted

        dossier = submitted(people["citizen"], procedure)
        desk_page = web_as("desk").get(f"/ho-so/{dossier.pk}/").content.decode()
        assert f'action="/ho-so/{dossier.pk}/accept/"' in desk_page
        citizen_page = web_as("citizen").get(f"/ho-so/{dossier.pk}/").content.decode()
        assert "/accept/" not in citizen_page
        assert f'action="/ho-so/{dossier.pk}/withdraw/"' in citizen_page

    @pytest.mark.parametrize("who, status", [
        ("citizen", 200), ("desk", 200), ("specialist", 200), ("director", 200),
        ("sysadmin", 200), ("citizen2", 404), ("b_desk", 404), ("business", 404),
        ("anonymous", 302)])
    def test_who_may_open_it(self, web_as, people, procedure, who, status):
        dossier = received(people, procedure)
        assert web_as(who).get(f"/ho-so/{dossier.pk}/").status_code == status

    def test_moves_from_the_page_to_the_result(self, web_as, people, procedure, signing):
        dossier = received(people, procedure)
        desk = web_as("desk")
        page = desk.post(f"/ho-so/{dossier.pk}/forward/",
                         {"revision": dossier.revision, "to_user": people["specialist"].pk},
                         follow=True)
        assert "Đã thực hiện: Chuyển xử lý." in page.content.decode()
        dossier.refresh_from_db()
        assert dossier.assignee == people["specialist"]
        specialist = web_as("specialist")
        html = specialist.get(f"/ho-so/{dossier.pk}/").content.decode()
        assert f'<option value="{people["head"].pk}">' in html
        specialist.post(f"/ho-so/{dossier.pk}/forward/",
                        {"revision": dossier.revision, "to_user": people["head"].pk})
        dossier.refresh_from_db()
        web_as("head").post(f"/ho-so/{dossier.pk}/forward/",
                            {"revision": dossier.revision, "to_user": people["director"].pk})
        dossier.refresh_from_db()
        web_as("director").post(f"/ho-so/{dossier.pk}/approve/",
                                {"revision": dossier.revision})
        dossier.refresh_from_db()
        assert dossier.status == Status.RESULT_READY
        web_as("desk").post(f"/ho-so/{dossier.pk}/return/", {
            "revision": dossier.revision, "method": "desk", "recipient_name": "Nguyễn Văn An"})
        dossier.refresh_from_db()
        assert dossier.status == Status.RETURNED
        rated = web_as("citizen").post(f"/ho-so/{dossier.pk}/rate/", {"stars": "5"},
                                       follow=True)
        assert "Cảm ơn" in rated.content.decode()
        assert DossierRating.objects.get().stars == 5

    def test_a_stale_page_is_told(self, web_as, people, procedure):
        dossier = received(people, procedure)
        stale_revision = dossier.revision
        web_as("desk2").post(f"/ho-so/{dossier.pk}/withdraw/",
                             {"revision": stale_revision, "reason": "Đơn rút hồ sơ"})
        page = web_as("desk").post(f"/ho-so/{dossier.pk}/forward/",
                                   {"revision": stale_revision}, follow=True)
        assert "vừa được người khác thay đổi" in page.content.decode()

    def test_an_unknown_move_is_404_and_get_is_refused(self, web_as, people, procedure):
        dossier = received(people, procedure)
        assert web_as("desk").post(f"/ho-so/{dossier.pk}/explode/").status_code == 404
        assert web_as("desk").get(f"/ho-so/{dossier.pk}/forward/").status_code == 405

    def test_the_control_sheet_shows_late_steps(self, web_as, people, procedure):
        with time_machine.travel(at("2017-11-01 09:00"), tick=False):
            dossier = at_specialist(people, procedure)
        from egov.dossiers import services

        with time_machine.travel(at("2017-11-16 09:00"), tick=False):
            services.dossier_forward(actor=people["specialist"], dossier=dossier,
                                     to_user=people["head"])
            html = web_as("head").get(f"/ho-so/{dossier.pk}/").content.decode()
        assert '<span class="badge late">Quá hạn</span>' in html
        assert '<span class="badge early">Trước hạn</span>' in html


class TestInbox:
    def test_sorted_by_due_date_with_late_marked(self, web_as, people, procedure):
        with time_machine.travel(at("2017-11-01 09:00"), tick=False):
            late = at_specialist(people, procedure)
        with time_machine.travel(at("2017-11-16 09:00"), tick=False):
            fresh = at_specialist(people, procedure)
            html = web_as("specialist").get("/ho-so/xu-ly/").content.decode()
        assert html.index(late.code) < html.index(fresh.code)
        assert '<tr class="overdue">' in html
        assert web_as("specialist2").get("/ho-so/xu-ly/").status_code == 200

    def test_citizens_have_no_inbox(self, web_as, procedure):
        assert web_as("citizen").get("/ho-so/xu-ly/").status_code == 403


class TestLookupPage:
    def test_lookup_and_rate_without_logging_in(self, web_as, people, procedure, signing):
        dossier = returned(people, procedure)
        client = web_as("anonymous")
        page = client.get("/ho-so/tra-cuu/", {"code": dossier.code, "check": "0913456789"})
        assert page.status_code == 200
        html = page.content.decode()
        assert "Đã trả kết quả" in html and "Huỳnh Minh Khoa" not in html
        rated = client.post("/ho-so/tra-cuu/", {"code": dossier.code, "check": "0913456789",
                                                "stars": "4"})
        assert "Cảm ơn" in rated.content.decode()
        assert DossierRating.objects.get().stars == 4

    def test_a_wrong_check_finds_nothing(self, web_as, people, procedure):
        dossier = received(people, procedure)
        page = web_as("anonymous").get("/ho-so/tra-cuu/",
                                       {"code": dossier.code, "check": "0900000000"})
        assert page.status_code == 404
        assert dossier.applicant_name not in page.content.decode()

    def test_the_empty_page(self, web_as, db):
        assert web_as("anonymous").get("/ho-so/tra-cuu/").status_code == 200


def test_home_pages_count_the_work(web_as, people, procedure):
    received(people, procedure)
    desk_home = web_as("desk").get("/accounts/home/").content.decode()
    assert "/ho-so/tiep-nhan/" in desk_home
    citizen_home = web_as("citizen").get("/accounts/home/").content.decode()
    assert "/ho-so/" in citizen_home and "/ho-so/tra-cuu/" in citizen_home


def test_the_lookup_page_in_khmer(web_as, people, procedure):
    dossier = received(people, procedure)
    client = web_as("anonymous")
    client.post("/i18n/setlang/", {"language": "km", "next": "/ho-so/tra-cuu/"})
    html = client.get("/ho-so/tra-cuu/", {"code": dossier.code,
                                          "check": "0913456789"}).content.decode()
    assert "ស្វែងរកសំណុំឯកសារ" in html and "បានទទួល" in html


PROFILE_FORM = [
    {"name": "applicant_name", "label": "Họ và tên", "type": "text", "required": True},
    {"name": "citizen_id", "label": "Số CCCD", "type": "citizen_id", "required": False},
    {"name": "id_number", "label": "Số CCCD hoặc mã số thuế", "type": "text",
     "required": True},
    {"name": "contact", "label": "Số điện thoại", "type": "phone", "required": True},
    {"name": "email", "label": "Thư điện tử", "type": "email", "required": False},
    {"name": "address", "label": "Địa chỉ", "type": "text", "required": True},
    {"name": "title", "label": "Tên tài liệu", "type": "text", "required": True},
]


@pytest.fixture
def profile_procedure(stttt, field):
    return procedures.procedure_create(actor=None, code="1.009999", agency=stttt, field=field,
                                       version=procedure_record(form=PROFILE_FORM))


class TestProfilePrefill:
    def _values(self, client) -> dict[str, str]:
        html = client.get("/ho-so/nop/1.009999/").content.decode()
        return dict(re.findall(r'name="answer_(\w+)" id="[^"]*" value="([^"]*)"', html))

    def test_a_citizens_profile_fills_the_matching_fields(self, web_as, profile_procedure):
        values = self._values(web_as("citizen"))
        assert values == {"applicant_name": "Nguyễn Văn An", "citizen_id": "084095001234",
                          "id_number": "084095001234", "contact": "0913456789",
                          "email": "an@example.com", "address": "Phường 1, TP. Trà Vinh",
                          "title": ""}

    def test_a_business_gives_its_name_and_tax_code(self, web_as, profile_procedure):
        values = self._values(web_as("business"))
        assert values["applicant_name"] == "Công ty TNHH Phần mềm Trà Vinh"
        assert values["id_number"] == "0100109106"
        assert values["citizen_id"] == "" and values["contact"] == "02943855123"

    def test_the_applicant_may_change_what_was_filled_in(self, web_as, people,
                                                         profile_procedure):
        client = web_as("citizen")
        values = self._values(client)
        posted = {f"answer_{k}": v for k, v in values.items()}
        posted.update({"answer_title": "Kỷ yếu", "answer_contact": "0987654321",
                       "answer_address": "Xã Long Đức, TP. Trà Vinh", "delivery": "desk",
                       "action": "submit"})
        assert client.post("/ho-so/nop/1.009999/", posted).status_code == 302
        dossier = Dossier.objects.get()
        assert dossier.status == Status.SUBMITTED
        assert dossier.answers["contact"] == "0987654321"
        assert dossier.answers["address"] == "Xã Long Đức, TP. Trà Vinh"
        assert dossier.answers["id_number"] == "084095001234"
        # The account's profile is not changed by what was typed on one dossier.
        people["citizen"].refresh_from_db()
        assert people["citizen"].phone == "0913456789"
