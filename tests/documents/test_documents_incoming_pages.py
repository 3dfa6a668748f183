"""Incoming documents through the pages and the API: who sees what (a secret document
only by its clerk, director and the people assigned), the register page, its XLSX with
the ten columns of Appendix IV, error bodies."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from documents_data import docx_bytes, entry, pdf_bytes
from openpyxl import load_workbook

from egov.documents.models import IncomingDocument
from egov.documents.services import incoming

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2017, 11, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
API = "/api/v1/incoming-documents/"


@pytest.fixture(autouse=True)
def in_2017(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def letter(people, doc_type):
    return incoming.incoming_register(
        actor=people["clerk"], channel="electronic", data=entry(doc_type=doc_type("Công văn")),
        files=[incoming.Upload("cong-van.pdf", pdf_bytes())])


@pytest.fixture
def secret(people, doc_type):
    return incoming.incoming_register(
        actor=people["clerk"], channel="paper",
        data=entry(doc_type=doc_type("Công văn"), number_symbol="77/VNCERT-DPUJC",
                   confidentiality="secret", summary="Về sự cố an toàn thông tin"))


VIEWERS = [("clerk", True, True), ("director", True, True), ("head", False, False),
           ("specialist", False, False), ("agency_admin", False, False),
           ("b_clerk", False, False), ("b_director", False, False),
           ("sysadmin", True, False)]


class TestWhoSees:
    @pytest.mark.parametrize(("who", "sees_normal", "sees_secret"), VIEWERS)
    def test_detail_pages(self, web_as, letter, secret, who, sees_normal, sees_secret):
        client = web_as(who)
        assert client.get(f"/van-ban/den/{letter.pk}/").status_code == (
            200 if sees_normal else 404)
        assert client.get(f"/van-ban/den/{secret.pk}/").status_code == (
            200 if sees_secret else 404)

    @pytest.mark.parametrize(("who", "sees_normal", "sees_secret"), VIEWERS)
    def test_api(self, api_as, letter, secret, who, sees_normal, sees_secret):
        client = api_as(who)
        listed = {d["id"] for d in client.get(API).json()["results"]}
        assert listed == {d.pk for d, sees in ((letter, sees_normal), (secret, sees_secret))
                          if sees}
        assert client.get(f"{API}{secret.pk}/").status_code == (200 if sees_secret else 404)

    @pytest.mark.parametrize("who", ["citizen", "anonymous"])
    def test_people_who_are_not_officials(self, web_as, api_as, letter, who):
        assert web_as(who).get(f"/van-ban/den/{letter.pk}/").status_code in (302, 404)
        assert web_as(who).get("/van-ban/den/").status_code in (302, 403)
        assert api_as(who).get(API).status_code == 403

    def test_files_are_served_to_those_who_see_the_document(self, web_as, letter):
        attachment = letter.attachments.get()
        response = web_as("clerk").get(f"/van-ban/tep/{attachment.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert "cong-van.pdf" in response["Content-Disposition"]
        assert web_as("specialist").get(f"/van-ban/tep/{attachment.pk}/").status_code == 404
        assert web_as("b_clerk").get(f"/van-ban/tep/{attachment.pk}/").status_code == 404


class TestRegisterThroughThePage:
    def test_the_form_registers_and_redirects(self, web_as, doc_type):
        client = web_as("clerk")
        assert client.get("/van-ban/den/moi/").status_code == 200
        response = client.post("/van-ban/den/moi/", {
            "issuer_name": "Bộ Thông tin và Truyền thông", "number_symbol": "441/QĐ-BTTTT",
            "document_date": "2017-03-28", "doc_type": doc_type("QĐ").pk,
            "summary": "Quy định chức năng, nhiệm vụ", "urgency": "normal",
            "confidentiality": "normal", "pages": "3", "channel": "electronic",
            "arrival_date": "2017-03-30",
            "files": [SimpleUploadedFile("qd.docx", docx_bytes("Quyết định"))],
        })
        document = IncomingDocument.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/van-ban/den/{document.pk}/"
        assert (document.arrival_number, document.attachments.count()) == (1, 1)

    def test_errors_are_shown_on_the_form_and_nothing_saved(self, web_as, doc_type):
        response = web_as("clerk").post("/van-ban/den/moi/", {
            "issuer_name": "Bộ Thông tin và Truyền thông", "number_symbol": "5/QĐ-BTTTT",
            "document_date": "2017-12-01", "doc_type": doc_type("QĐ").pk, "summary": "",
            "urgency": "normal", "confidentiality": "normal", "pages": "1",
            "channel": "paper"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Số từ 1 đến 9 phải ghi thêm một chữ số 0 phía trước" in page
        assert "Ngày của văn bản không được ở tương lai." in page
        assert "Nhập trích yếu nội dung văn bản." in page
        assert not IncomingDocument.objects.exists()

    def test_a_duplicate_is_shown_on_the_form(self, web_as, letter, doc_type):
        response = web_as("clerk").post("/van-ban/den/moi/", {
            "issuer_name": letter.issuer_name, "number_symbol": letter.number_symbol,
            "document_date": "2017-04-24", "doc_type": doc_type("Công văn").pk,
            "summary": "lần hai", "urgency": "normal", "confidentiality": "normal",
            "pages": "1", "channel": "paper"})
        assert "Văn bản này đã được vào sổ: số đến 1 ngày 25/04/2017." in (
            response.content.decode())
        assert IncomingDocument.objects.count() == 1

    @pytest.mark.parametrize("who", ["director", "specialist", "b_director", "citizen"])
    def test_only_the_clerk_has_the_form(self, web_as, who):
        assert web_as(who).get("/van-ban/den/moi/").status_code == 403


class TestBook:
    def test_the_register_page_and_its_xlsx(self, web_as, letter, secret, people):
        client = web_as("clerk")
        general = letter.register
        page = client.get("/van-ban/den/so/", {"register": general.pk, "year": 2017})
        assert page.status_code == 200
        assert "123/VNCERT-DPUJC" in page.content.decode()
        assert "77/VNCERT-DPUJC" not in page.content.decode()
        response = client.get("/van-ban/den/so/", {"register": general.pk, "year": 2017,
                                                   "format": "xlsx"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [c.value for c in sheet[5]] == [
            "Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng",
            "Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận", "Ngày chuyển",
            "Ký nhận", "Ghi chú"]
        assert [c.value for c in sheet[6]] == [f"({n})" for n in range(1, 11)]
        assert [c.value for c in sheet[7]] == [
            "25/04/2017", 1, "Trung tâm Ứng cứu khẩn cấp máy tính Việt Nam", "123/VNCERT-DPUJC",
            "24/04/2017", "Công văn: Về các phương thức tấn công khai thác hệ thống", None, None,
            None, None]
        assert sheet["A2"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"
        assert sheet.max_row == 7

    def test_the_secret_register_is_another_book(self, web_as, letter, secret):
        response = web_as("director").get("/van-ban/den/so/", {
            "register": secret.register.pk, "year": 2017})
        assert "77/VNCERT-DPUJC" in response.content.decode()

    @pytest.mark.parametrize("who", ["specialist", "head", "agency_admin", "citizen"])
    def test_the_book_is_for_the_clerk_and_the_director(self, web_as, letter, who):
        assert web_as(who).get("/van-ban/den/so/").status_code == 403

    def test_another_agency_s_register_cannot_be_asked_for(self, web_as, letter):
        response = web_as("b_clerk").get("/van-ban/den/so/", {"register": letter.register.pk,
                                                             "year": 2017})
        assert response.status_code == 200
        assert response.context["rows"] is None
        assert "register" in response.context["form"].errors
        assert "123/VNCERT-DPUJC" not in response.content.decode()


class TestApi:
    def test_register_through_the_api_with_files(self, api_as, doc_type):
        response = api_as("clerk").post(API, {
            "issuer_name": "Ban Thường vụ Tỉnh ủy Trà Vinh", "number_symbol": "24-CT/TU",
            "document_date": "2017-06-29", "doc_type": doc_type("CT", "party").pk,
            "summary": "Về việc tiếp cận thông tin trên mạng xã hội", "channel": "electronic",
            "files": [SimpleUploadedFile("ct.pdf", pdf_bytes())]}, format="multipart")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["arrival_number"], body["number_symbol"], body["status"]) == (
            1, "24-CT/TU", "registered")
        assert body["attachments"][0]["download_url"] == (
            f"/van-ban/tep/{body['attachments'][0]['id']}/")

    def test_bad_input_is_a_400_naming_the_fields(self, api_as, doc_type):
        response = api_as("clerk").post(API, {
            "number_symbol": "24 CT", "document_date": "2017-12-24",
            "doc_type": doc_type("CT", "party").pk, "summary": "", "channel": "paper"},
            format="json")
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert set(response.json()["fields"]) == {"number_symbol", "document_date", "summary",
                                                  "issuer_name"}
        assert not IncomingDocument.objects.exists()

    def test_a_duplicate_is_a_409(self, api_as, letter, doc_type):
        response = api_as("clerk").post(API, {
            "issuer_name": letter.issuer_name, "number_symbol": letter.number_symbol,
            "document_date": "2017-04-24", "doc_type": doc_type("Công văn").pk,
            "summary": "lần hai", "channel": "paper"}, format="json")
        assert response.status_code == 409
        assert response.json() == {"code": "duplicate_document", "message":
                                   "Văn bản này đã được vào sổ: số đến 1 ngày 25/04/2017."}

    @pytest.mark.parametrize("who", ["director", "specialist", "sysadmin"])
    def test_registering_is_the_clerk_s(self, api_as, doc_type, who):
        response = api_as(who).post(API, {
            "issuer_name": "X", "number_symbol": "12/X-Y", "document_date": "2017-06-29",
            "doc_type": doc_type("Công văn").pk, "summary": "s", "channel": "paper"},
            format="json")
        assert response.status_code == 403

    def test_search_and_filters(self, api_as, letter, secret):
        client = api_as("clerk")
        assert [d["id"] for d in client.get(API, {"q": "bao cao TONG ket"}).json()[
            "results"]] == [letter.pk]
        assert [d["id"] for d in client.get(API, {"q": "sự cố"}).json()["results"]] == [
            secret.pk]
        assert client.get(API, {"year": 2016}).json()["count"] == 0
        assert client.get(API, {"status": "done"}).json()["count"] == 0
        assert client.get(API, {"status": "nope"}).status_code == 400

    def test_attachments_are_added_by_the_clerk(self, api_as, letter):
        response = api_as("clerk").post(f"{API}{letter.pk}/attachments/", {
            "files": [SimpleUploadedFile("them.docx", docx_bytes("Phụ lục"))]},
            format="multipart")
        assert response.status_code == 201
        assert [a["name"] for a in response.json()] == ["them.docx"]
        assert api_as("director").post(f"{API}{letter.pk}/attachments/", {
            "files": [SimpleUploadedFile("x.docx", docx_bytes("x"))]},
            format="multipart").status_code == 403
        assert api_as("b_clerk").post(f"{API}{letter.pk}/attachments/", {
            "files": [SimpleUploadedFile("x.docx", docx_bytes("x"))]},
            format="multipart").status_code == 404
