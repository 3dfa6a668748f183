"""Handling through the pages and the API: the director's assignment form, the head's
pass-on, notes, finishing, inboxes and the home page figures; every refusal as 403/404
and every bad input as 400 with the fields."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from documents_data import entry

from egov.documents.models import Assignment, HandlingNote, IncomingDocument
from egov.documents.services import handling, incoming
from egov.documents.services.handling import AssignmentSpec

pytestmark = pytest.mark.django_db
ICT = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2017, 11, 3, 9, 30, tzinfo=ICT)
API = "/api/v1/incoming-documents/"


@pytest.fixture(autouse=True)
def in_2017(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def document(people, doc_type):
    return incoming.incoming_register(actor=people["clerk"], channel="paper",
                                      data=entry(doc_type=doc_type("Công văn")))


@pytest.fixture
def assigned(people, units_a, document):
    handling.incoming_assign(actor=people["director"], document=document, assignments=[
        AssignmentSpec(role="lead", unit=units_a["BCVT"], working_days=5)])
    return document


class TestPages:
    def test_the_director_assigns_through_the_page(self, web_as, units_a, people, document):
        client = web_as("director")
        page = client.get(f"/van-ban/den/{document.pk}/")
        assert "Phân công xử lý" in page.content.decode()
        response = client.post(f"/van-ban/den/{document.pk}/phan-cong/", {
            "lead_unit": units_a["BCVT"].pk, "lead_days": "5",
            "cooperate_units": [units_a["CNTT"].pk], "inform_people": [people["clerk"].pk],
            "instructions": "Giao Phòng BCVT chủ trì"})
        assert response.status_code == 302
        assert list(Assignment.objects.values_list("role", "deadline")) == [
            ("lead", dt.date(2017, 11, 10)), ("cooperate", dt.date(2017, 11, 10)),
            ("inform", None)]

    def test_assignment_errors_are_shown(self, web_as, units_a, document):
        response = web_as("director").post(f"/van-ban/den/{document.pk}/phan-cong/", {
            "lead_unit": units_a["BCVT"].pk, "lead_days": "5",
            "lead_deadline": "2017-11-20"})
        assert response.status_code == 400
        assert "không nhập cả hai" in response.content.decode()
        assert not Assignment.objects.exists()

    @pytest.mark.parametrize(("who", "status"), [("clerk", 403), ("head", 404),
                                                 ("specialist", 404), ("b_director", 404)])
    def test_others_cannot_assign(self, web_as, units_a, document, who, status):
        response = web_as(who).post(f"/van-ban/den/{document.pk}/phan-cong/", {
            "lead_unit": units_a["BCVT"].pk})
        assert response.status_code == status
        assert not Assignment.objects.exists()

    def test_the_head_passes_on_and_the_specialist_finishes(self, web_as, people, assigned):
        lead = Assignment.objects.get()
        client = web_as("head")
        page = client.get(f"/van-ban/den/{assigned.pk}/")
        assert "Giao tiếp việc của Phòng Bưu chính - Viễn thông" in page.content.decode()
        response = client.post(f"/van-ban/phan-cong/{lead.pk}/chuyen/", {
            f"d{lead.pk}-assignee": people["specialist"].pk,
            f"d{lead.pk}-instructions": "Dự thảo trả lời"})
        assert response.status_code == 302
        client = web_as("specialist")
        assert client.get("/van-ban/").context["items"][0].document == assigned
        client.post(f"/van-ban/den/{assigned.pk}/y-kien/", {"kind": "progress",
                                                            "text": "Đang dự thảo",
                                                            "percent": "40"})
        assert HandlingNote.objects.get().percent == 40
        response = client.post(f"/van-ban/den/{assigned.pk}/ket-thuc/", {"note": "Đã trả lời"})
        assert response.status_code == 302
        assert IncomingDocument.objects.get().status == "done"

    def test_pass_on_errors_are_shown_on_its_form(self, web_as, people, assigned):
        lead = Assignment.objects.get()
        response = web_as("head").post(f"/van-ban/phan-cong/{lead.pk}/chuyen/", {
            f"d{lead.pk}-assignee": people["specialist"].pk,
            f"d{lead.pk}-deadline": "2017-12-30"})
        assert response.status_code == 400
        assert "Hạn của đơn vị là 10/11/2017" in response.content.decode()

    def test_finish_without_a_note_is_refused(self, web_as, assigned):
        response = web_as("director").post(f"/van-ban/den/{assigned.pk}/ket-thuc/",
                                           {"note": ""})
        assert response.status_code == 400
        assert ("Ghi rõ văn bản đã được giải quyết thế nào, hoặc chọn văn bản trả lời."
                in response.content.decode())

    def test_inbox_filters_and_home_figures(self, web_as, assigned):
        client = web_as("head")
        assert len(client.get("/van-ban/").context["items"]) == 1
        assert client.get("/van-ban/", {"due": "overdue"}).context["items"] == []
        with time_machine.travel(dt.datetime(2017, 11, 13, 9, tzinfo=ICT), tick=False):
            # Ten days on, yesterday's session has expired: log in again.
            page = web_as("head").get("/van-ban/", {"due": "overdue"})
            assert len(page.context["items"]) == 1
            assert "Quá hạn" in page.content.decode()
            home = web_as("director").get("/accounts/home/")
        assert home.status_code == 200
        sections = {s.key: {str(f.label): f.value for f in s.figures}
                    for s in home.context["sections"]}
        # Other apps add their own figures to the same sections.
        assert sections["agency_work"].items() >= {"Văn bản đang xử lý": 1,
                                                   "Đến hạn trong hai ngày làm việc": 0,
                                                   "Quá hạn": 1}.items()
        assert sections["inbox"]["Văn bản cần xử lý"] == 0

    def test_the_clerk_s_home_links_to_the_registers(self, web_as):
        home = web_as("clerk").get("/accounts/home/")
        links = {str(link.label) for s in home.context["sections"] for link in s.links}
        assert {"Vào sổ văn bản đến", "Sổ đăng ký văn bản đến"} <= links

    @pytest.mark.parametrize("who", ["citizen"])
    def test_citizens_have_no_inbox(self, web_as, who):
        assert web_as(who).get("/van-ban/").status_code == 403


class TestApi:
    def test_assign_delegate_note_finish(self, api_as, people, units_a, document):
        response = api_as("director").post(f"{API}{document.pk}/assign/", {"assignments": [
            {"role": "lead", "unit": units_a["BCVT"].pk, "working_days": 5,
             "instructions": "Chủ trì tham mưu"},
            {"role": "cooperate", "assignee": people["other_unit"].pk,
             "deadline": "2017-11-09"},
        ]}, format="json")
        assert response.status_code == 201, response.json()
        lead_id = response.json()[0]["id"]
        assert response.json()[0]["deadline"] == "2017-11-10"
        response = api_as("head").post(f"/api/v1/document-assignments/{lead_id}/delegate/",
                                       {"assignee": people["specialist"].pk}, format="json")
        assert response.status_code == 201
        inbox = api_as("specialist").get("/api/v1/document-inbox/").json()["results"]
        assert [(i["number_symbol"], i["due_state"]) for i in inbox] == [
            ("123/VNCERT-DPUJC", "on_track")]
        response = api_as("specialist").post(f"{API}{document.pk}/notes/", {
            "kind": "progress", "text": "Đã dự thảo", "percent": 80}, format="json")
        assert response.status_code == 201
        coop = Assignment.objects.get(role="cooperate")
        assert api_as("other_unit").post(f"/api/v1/document-assignments/{coop.pk}/complete/",
                                         {}, format="json").status_code == 200
        response = api_as("specialist").post(f"{API}{document.pk}/finish/",
                                             {"note": "Đã trả lời"}, format="json")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "done"
        assert [a["role"] for a in body["assignments"]] == ["lead", "cooperate", "lead"]
        assert [n["text"] for n in body["notes"]] == ["Đã dự thảo"]

    def test_errors(self, api_as, people, units_a, document):
        response = api_as("director").post(f"{API}{document.pk}/assign/", {"assignments": [
            {"role": "lead", "unit": units_a["BCVT"].pk, "working_days": 0}]}, format="json")
        assert response.status_code == 400
        assert response.json()["fields"] == {"assignments.0": ["Số ngày làm việc từ 1 đến 250."]}
        response = api_as("director").post(f"{API}{document.pk}/assign/", {"assignments": [
            {"role": "lead", "unit": 99999}]}, format="json")
        assert response.status_code == 400
        assert api_as("clerk").post(f"{API}{document.pk}/assign/", {"assignments": [
            {"role": "lead", "unit": units_a["BCVT"].pk}]}, format="json").status_code == 403
        assert api_as("b_director").post(f"{API}{document.pk}/assign/", {"assignments": [
            {"role": "lead", "unit": units_a["BCVT"].pk}]}, format="json").status_code == 404
        handling.incoming_finish(actor=people["director"], document=document, note="Lưu")
        response = api_as("director").post(f"{API}{document.pk}/assign/", {"assignments": [
            {"role": "lead", "unit": units_a["BCVT"].pk}]}, format="json")
        assert response.status_code == 409
        assert response.json()["code"] == "document_done"

    def test_an_assignment_of_a_secret_document_is_404_to_others(self, api_as, people,
                                                                 units_a, doc_type):
        secret = incoming.incoming_register(
            actor=people["clerk"], channel="paper", data=entry(
                doc_type=doc_type("Công văn"), number_symbol="77/VNCERT-DPUJC",
                confidentiality="secret"))
        [lead] = handling.incoming_assign(actor=people["director"], document=secret,
                                          assignments=[AssignmentSpec(
                                              role="lead", unit=units_a["BCVT"])])
        assert api_as("sysadmin").post(f"/api/v1/document-assignments/{lead.pk}/delegate/",
                                       {"assignee": people["specialist"].pk},
                                       format="json").status_code == 404
        assert api_as("specialist").get(f"{API}{secret.pk}/").status_code == 404
        assert api_as("head").get(f"{API}{secret.pk}/").status_code == 200
