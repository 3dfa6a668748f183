"""Outgoing documents through the pages and the API: who sees a draft and an issued
document, the flow from draft to issue by each person's hand, the outgoing register
with its XLSX, error bodies."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from documents_data import SIGNING_PASSPHRASE, draft_data, entry
from openpyxl import load_workbook

from egov.documents.models import OutgoingDocument
from egov.documents.permissions import can_view_outgoing
from egov.documents.services import handling, incoming, outgoing
from egov.documents.services.handling import AssignmentSpec

pytestmark = pytest.mark.django_db
ICT = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2017, 11, 3, 9, 30, tzinfo=ICT)
API = "/api/v1/outgoing-documents/"


@pytest.fixture(autouse=True)
def in_2017(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def draft(people, doc_type):
    return outgoing.outgoing_create(actor=people["specialist"],
                                    data=draft_data(doc_type("BC"), people["director"]))


@pytest.fixture
def issued(people, draft, certificates):
    outgoing.outgoing_submit(actor=people["specialist"], document=draft,
                             reviewers=[people["head"], people["director"]])
    outgoing.outgoing_review(actor=people["head"], document=draft, approve=True)
    outgoing.outgoing_review(actor=people["director"], document=draft, approve=True)
    outgoing.outgoing_sign(actor=people["director"], document=draft,
                           certificate=certificates["director"], passphrase=SIGNING_PASSPHRASE)
    return outgoing.outgoing_issue(actor=people["clerk"], document=draft,
                                   seal=certificates["seal"])


class TestWhoSees:
    def test_a_draft(self, people, draft):
        sees = {who for who in people if who != "anonymous"
                and can_view_outgoing(people[who], draft)}
        # The drafter, the head of her unit, the clerk, the director (also the signer),
        # and the system administrator for support.
        assert sees == {"specialist", "head", "clerk", "director", "sysadmin"}

    def test_an_issued_document_is_seen_by_the_whole_agency(self, people, issued):
        sees = {who for who in people if who != "anonymous"
                and can_view_outgoing(people[who], issued)}
        assert sees == {"specialist", "specialist2", "other_unit", "head", "clerk",
                        "director", "agency_admin", "sysadmin"}

    def test_a_secret_draft(self, people, doc_type):
        secret = outgoing.outgoing_create(
            actor=people["specialist"], data=draft_data(doc_type("BC"), people["director"],
                                                        confidentiality="secret"))
        sees = {who for who in people if who != "anonymous"
                and can_view_outgoing(people[who], secret)}
        assert sees == {"specialist", "head", "clerk", "director"}
        listed = {who for who in people if who != "anonymous" and
                  OutgoingDocument.objects.filter(pk=secret.pk).filter(
                      pk__in=__import__("egov.documents.selectors", fromlist=["x"])
                      .outgoing_visible_to(people[who]).values("pk")).exists()}
        assert listed == sees

    @pytest.mark.parametrize(("who", "status"), [("specialist", 200), ("specialist2", 404),
                                                 ("b_clerk", 404), ("citizen", 404)])
    def test_pages_and_api_answer_404_to_others(self, web_as, api_as, draft, who, status):
        assert web_as(who).get(f"/van-ban/di/{draft.pk}/").status_code in (
            (status,) if who != "citizen" else (302, 404))
        assert api_as(who).get(f"{API}{draft.pk}/").status_code == (
            status if who != "citizen" else 403)


class TestPages:
    def test_the_drafter_writes_and_submits(self, web_as, people, doc_type, units_a):
        client = web_as("specialist")
        assert client.get("/van-ban/di/moi/").status_code == 200
        response = client.post("/van-ban/di/moi/", {
            "doc_type": doc_type("Công văn").pk,
            "summary": "V/v khắc phục việc chỉnh trang, làm gọn cáp viễn thông",
            "body": "Kính đề nghị các doanh nghiệp viễn thông khắc phục.",
            "addressees": "Các doanh nghiệp viễn thông trên địa bàn tỉnh",
            "other_recipients": "Như trên;\nSở Xây dựng | 000.00.29.H59",
            "drafting_unit": units_a["BCVT"].pk, "signer": people["director"].pk,
            "urgency": "normal", "confidentiality": "normal", "copies": "3"})
        document = OutgoingDocument.objects.get()
        assert response["Location"] == f"/van-ban/di/{document.pk}/"
        assert [(r.name, r.organ_id) for r in document.recipients.all()] == [
            ("Như trên;", ""), ("Sở Xây dựng", "000.00.29.H59")]
        page = client.get(f"/van-ban/di/{document.pk}/")
        assert "Trình duyệt" in page.content.decode()
        preview = client.get(f"/van-ban/di/{document.pk}/tep/du-thao.pdf")
        assert preview.content.startswith(b"%PDF-")
        client.post(f"/van-ban/di/{document.pk}/trinh/", {"first": people["head"].pk,
                                                          "second": people["director"].pk})
        document.refresh_from_db()
        assert document.status == "in_review"
        response = web_as("head").post(f"/van-ban/di/{document.pk}/duyet/",
                                       {"decision": "return", "comment": ""})
        assert response.status_code == 400
        assert "Ghi rõ lý do trả lại dự thảo." in response.content.decode()

    def test_sign_and_issue_through_the_pages(self, web_as, people, draft, certificates):
        outgoing.outgoing_submit(actor=people["specialist"], document=draft,
                                 reviewers=[people["director"]])
        web_as("director").post(f"/van-ban/di/{draft.pk}/duyet/", {"decision": "approve"})
        response = web_as("director").post(f"/van-ban/di/{draft.pk}/ky/", {
            "certificate": certificates["director"].pk, "passphrase": "sai mật khẩu"})
        assert response.status_code == 400
        response = web_as("director").post(f"/van-ban/di/{draft.pk}/ky/", {
            "certificate": certificates["director"].pk, "passphrase": SIGNING_PASSPHRASE})
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.status == "signed"
        client = web_as("clerk")
        assert "Phát hành" in client.get(f"/van-ban/di/{draft.pk}/").content.decode()
        response = client.post(f"/van-ban/di/{draft.pk}/ban-hanh/",
                               {"certificate": certificates["seal"].pk})
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.number_symbol == "01/BC-STTTT-BCVT"
        pdf = client.get(f"/van-ban/di/{draft.pk}/tep/ban-hanh.pdf")
        assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
        assert client.get(f"/van-ban/di/{draft.pk}/tep/khac.pdf").status_code == 404

    def test_the_outgoing_register_and_its_xlsx(self, web_as, issued):
        client = web_as("clerk")
        response = client.get("/van-ban/di/so/", {"register": issued.register.pk,
                                                  "year": 2017, "format": "xlsx"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [c.value for c in sheet[5]] == [
            "Số, ký hiệu văn bản", "Ngày tháng văn bản",
            "Tên loại và trích yếu nội dung văn bản", "Người ký", "Nơi nhận văn bản",
            "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú"]
        assert [c.value for c in sheet[7]] == [
            "01/BC-STTTT-BCVT", "03/11/2017",
            "Báo cáo: Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018",
            "Trần Văn Khoa", "Bộ TT&TT (b/c); VP UBND tỉnh (b/c)", "VT, BCVT", 1,
            "03/11/2017", None, None]
        assert web_as("specialist").get("/van-ban/di/so/").status_code == 403

    def test_a_reply_finishes_the_incoming_document(self, web_as, people, doc_type, units_a,
                                                    certificates):
        received = incoming.incoming_register(actor=people["clerk"], channel="paper",
                                              data=entry(doc_type=doc_type("Công văn")))
        handling.incoming_assign(actor=people["director"], document=received, assignments=[
            AssignmentSpec(role="lead", assignee=people["specialist"], unit=units_a["BCVT"],
                           working_days=5)])
        page = web_as("specialist").get(f"/van-ban/den/{received.pk}/")
        assert f"/van-ban/di/moi/?reply_to={received.pk}" in page.content.decode()
        reply = outgoing.outgoing_create(actor=people["specialist"], in_reply_to=received,
                                         data=draft_data(doc_type("Công văn"),
                                                         people["director"]))
        outgoing.outgoing_submit(actor=people["specialist"], document=reply,
                                 reviewers=[people["director"]])
        outgoing.outgoing_review(actor=people["director"], document=reply, approve=True)
        outgoing.outgoing_sign(actor=people["director"], document=reply,
                               certificate=certificates["director"],
                               passphrase=SIGNING_PASSPHRASE)
        reply = outgoing.outgoing_issue(actor=people["clerk"], document=reply,
                                        seal=certificates["seal"])
        response = web_as("specialist").post(f"/van-ban/den/{received.pk}/ket-thuc/",
                                             {"reply": reply.pk})
        assert response.status_code == 302
        received.refresh_from_db()
        assert (received.status, received.reply) == ("done", reply)


class TestApi:
    def test_the_flow_through_the_api(self, api_as, people, doc_type, certificates):
        response = api_as("specialist").post(API, {
            "doc_type": doc_type("KH").pk, "summary": "Kế hoạch ứng dụng CNTT năm 2018",
            "body": "# Mục tiêu\nNâng cao hiệu quả.", "signer": people["director"].pk,
            "recipients": [{"name": "Sở Tư pháp", "agency": people["b_clerk"].official
                            .agency_id}]}, format="json")
        assert response.status_code == 201, response.json()
        pk = response.json()["id"]
        assert response.json()["files"] == {
            "du-thao.pdf": f"/van-ban/di/{pk}/tep/du-thao.pdf",
            "du-thao.docx": f"/van-ban/di/{pk}/tep/du-thao.docx"}
        response = api_as("specialist").post(f"{API}{pk}/revise/", {
            "summary": "Kế hoạch ứng dụng công nghệ thông tin năm 2018", "note": "Viết đủ"},
            format="json")
        assert response.json()["version"] == 2
        api_as("specialist").post(f"{API}{pk}/submit/", {"reviewers": [people["director"].pk]},
                                  format="json")
        response = api_as("director").post(f"{API}{pk}/review/", {"approve": True},
                                           format="json")
        assert response.json()["status"] == "approved"
        response = api_as("director").post(f"{API}{pk}/sign/", {
            "certificate": certificates["director"].pk, "passphrase": SIGNING_PASSPHRASE},
            format="json")
        assert response.json()["status"] == "signed"
        response = api_as("clerk").post(f"{API}{pk}/issue/", {
            "certificate": certificates["seal"].pk}, format="json")
        assert response.status_code == 200
        assert (response.json()["number_symbol"], response.json()["issued_date"]) == (
            "01/KH-STTTT-BCVT", "2017-11-03")

    def test_errors(self, api_as, people, draft, certificates):
        response = api_as("specialist").post(API, {"summary": "", "signer": people["head"].pk},
                                             format="json")
        assert response.status_code == 400
        assert set(response.json()["fields"]) == {"doc_type", "summary", "signer"}
        assert api_as("specialist").post(f"{API}{draft.pk}/review/", {"approve": True},
                                         format="json").status_code == 409
        assert api_as("director").post(f"{API}{draft.pk}/sign/", {
            "certificate": 99999}, format="json").status_code == 400
        assert api_as("clerk").post(f"{API}{draft.pk}/issue/", {
            "certificate": certificates["seal"].pk}, format="json").json()["code"] == (
            "not_signed")
        assert api_as("specialist2").post(f"{API}{draft.pk}/revise/", {"summary": "x"},
                                          format="json").status_code == 404
        assert api_as("head").post(f"{API}{draft.pk}/revise/", {"summary": "x"},
                                   format="json").status_code == 403
