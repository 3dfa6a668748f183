"""The list of documents of a period (the report's appendix) as page, DOCX and XLSX, and
the counts for the indicators: received, issued, electronic share, handled on time."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
import time_machine
from documents_data import entry, pdf
from openpyxl import load_workbook

from egov.documents import reports
from egov.documents.services import handling, incoming
from egov.documents.services.handling import AssignmentSpec

pytestmark = pytest.mark.django_db
ICT = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2017, 11, 3, 9, 30, tzinfo=ICT)


@pytest.fixture(autouse=True)
def in_2017(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def appendix_documents(people, doc_type):
    """The three documents of the report's appendix, as the department received them."""
    def register(**kw):
        return incoming.incoming_register(actor=people["clerk"],
                                          channel=kw.pop("channel", "paper"),
                                          files=kw.pop("files", ()), data=entry(**kw))
    return [
        register(doc_type=doc_type("CT", "party"), number_symbol="24-CT/TU",
                 issuer_name="Ban Thường vụ Tỉnh ủy Trà Vinh",
                 summary="Về việc tiếp cận, xử lý và chia sẻ thông tin trên mạng xã hội đối "
                         "với cán bộ, đảng viên, đoàn viên, hội viên trên địa bàn tỉnh.",
                 document_date=dt.date(2017, 6, 29), arrival_date=dt.date(2017, 7, 3),
                 signer_name=""),
        register(doc_type=doc_type("QĐ", "legal"), number_symbol="21/2017/QĐ-UBND",
                 issuer_name="Ủy ban nhân dân tỉnh", channel="electronic", files=[pdf()],
                 summary="Ban hành Quy định về quản lý hoạt động thông tin đối ngoại trên địa "
                         "bàn tỉnh Trà Vinh.",
                 document_date=dt.date(2017, 10, 24), arrival_date=dt.date(2017, 10, 25)),
        register(doc_type=doc_type("QĐ"), number_symbol="2058/QĐ-UBND",
                 issuer_name="Chủ tịch Ủy ban nhân dân tỉnh", channel="electronic",
                 files=[pdf()],
                 summary="Về việc phê duyệt Quy hoạch Hạ tầng kỹ thuật viễn thông thụ động "
                         "của MobiFone Trà Vinh đến năm 2020 và định hướng đến năm 2025.",
                 document_date=dt.date(2017, 10, 30), arrival_date=dt.date(2017, 10, 31)),
    ]


def test_the_appendix_rows_read_like_the_report(appendix_documents, agency_a):
    rows = reports.appendix_rows(agency_ids=[agency_a.pk], start=dt.date(2017, 1, 1),
                                 end=dt.date(2017, 12, 31))
    assert [(r.reference, r.issuer) for r in rows] == [
        ("Chỉ thị số 24-CT/TU ngày 29/6/2017", "Ban Thường vụ Tỉnh ủy Trà Vinh"),
        ("Quyết định số 21/2017/QĐ-UBND ngày 24/10/2017", "Ủy ban nhân dân tỉnh"),
        ("Quyết định số 2058/QĐ-UBND ngày 30/10/2017", "Chủ tịch Ủy ban nhân dân tỉnh")]
    assert reports.appendix_rows(agency_ids=[agency_a.pk], start=dt.date(2017, 10, 1),
                                 end=dt.date(2017, 10, 29)) == rows[1:2]
    table = reports.appendix_table(rows)
    assert table.columns == ("TT", "Số hiệu, ngày ban hành", "Cơ quan ban hành",
                             "Trích yếu nội dung")
    assert table.rows[0][0] == "1"


def test_docx_and_xlsx(web_as, appendix_documents):
    client = web_as("director")
    query = {"date_from": "2017-01-01", "date_to": "2017-12-31", "source": "both"}
    page = client.get("/van-ban/phu-luc/", query)
    assert page.status_code == 200
    assert len(page.context["rows"]) == 3
    word = docx.Document(io.BytesIO(client.get("/van-ban/phu-luc/",
                                               {**query, "format": "docx"}).content))
    assert word.paragraphs[0].text == "PHỤ LỤC"
    [table] = word.tables
    assert [c.text for c in table.rows[1].cells] == [
        "1", "Chỉ thị số 24-CT/TU ngày 29/6/2017", "Ban Thường vụ Tỉnh ủy Trà Vinh",
        appendix_documents[0].summary]
    sheet = load_workbook(io.BytesIO(client.get("/van-ban/phu-luc/",
                                                {**query, "format": "xlsx"}).content)).active
    assert [c.value for c in sheet[5]] == ["TT", "Số hiệu, ngày ban hành", "Cơ quan ban hành",
                                           "Trích yếu nội dung"]
    assert sheet["B8"].value == "Quyết định số 2058/QĐ-UBND ngày 30/10/2017"
    bad = client.get("/van-ban/phu-luc/", {**query, "date_to": "2016-12-31"})
    assert "Ngày kết thúc phải sau ngày bắt đầu." in bad.content.decode()
    assert web_as("specialist").get("/van-ban/phu-luc/", query).status_code == 403


def test_counts(people, appendix_documents, units_a, agency_a, api_as):
    first, second, third = appendix_documents
    for document, days in ((first, 3), (second, 3)):
        handling.incoming_assign(actor=people["director"], document=document, assignments=[
            AssignmentSpec(role="lead", unit=units_a["BCVT"], working_days=days)])
    handling.incoming_finish(actor=people["director"], document=first, note="Đã triển khai")
    with time_machine.travel(dt.datetime(2017, 11, 20, 9, tzinfo=ICT), tick=False):
        handling.incoming_finish(actor=people["director"], document=second, note="Muộn")
        counts = reports.document_counts(agency_ids=[agency_a.pk], start=dt.date(2017, 1, 1),
                                         end=dt.date(2017, 12, 31))
        response = api_as("clerk").get("/api/v1/document-reports/counts/", {
            "date_from": "2017-01-01", "date_to": "2017-12-31"})
    assert counts == reports.DocumentCounts(
        incoming=3, incoming_electronic=2, outgoing=0, outgoing_electronic=0, handled=2,
        handled_on_time=1, handled_late=1, open_overdue=0)
    assert (counts.electronic_share, counts.on_time_share) == (66.7, 50.0)
    assert response.json()["electronic_share"] == 66.7
    assert third.status == "registered"


def test_api_permissions(api_as, appendix_documents, agency_a):
    query = {"date_from": "2017-01-01", "date_to": "2017-12-31"}
    assert len(api_as("director").get("/api/v1/document-reports/appendix/", query)
               .json()) == 3
    assert api_as("specialist").get("/api/v1/document-reports/appendix/",
                                    query).status_code == 403
    assert api_as("b_director").get("/api/v1/document-reports/appendix/",
                                    {**query, "agency": agency_a.pk}).status_code == 403
    assert len(api_as("sysadmin").get("/api/v1/document-reports/appendix/",
                                      {**query, "agency": agency_a.pk}).json()) == 3
    assert api_as("director").get("/api/v1/document-reports/counts/", {
        "date_from": "2017-12-31", "date_to": "2017-01-01"}).status_code == 400
