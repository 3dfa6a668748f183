"""Search: accents and case do not matter ("bao cao tong ket" finds "Báo cáo tổng kết"),
over the number and symbol, the summary, the content and the text of attached PDF and
DOCX files; filters by type, issuer, date, status; scoped to what the user may see. The
same answers on SQLite and on PostgreSQL (full-text with unaccent)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from documents_data import docx_bytes, draft_data, entry, pdf

from egov.documents import search, selectors
from egov.documents.files import Upload
from egov.documents.models import IncomingDocument, OutgoingDocument
from egov.documents.services import incoming, outgoing

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2017, 11, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(autouse=True)
def in_2017(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def documents(people, doc_type, agency_b):
    register = lambda **kw: incoming.incoming_register(  # noqa: E731
        actor=people["clerk"], channel=kw.pop("channel", "paper"), files=kw.pop("files", ()),
        data=entry(**kw))
    return {
        "report": register(doc_type=doc_type("BC"), number_symbol="1407/BC-STTTT-VP",
                           issuer_agency=None, issuer_name="Sở Thông tin và Truyền thông",
                           summary="Báo cáo Tổng kết công tác năm 2017",
                           document_date=dt.date(2017, 11, 3),
                           arrival_date=dt.date(2017, 11, 3)),
        "letter": register(doc_type=doc_type("Công văn"), channel="electronic",
                           files=[pdf("cv.pdf", "Đề nghị chỉnh trang cáp viễn thông")]),
        "decision": register(doc_type=doc_type("QĐ"), number_symbol="2058/QĐ-UBND",
                             issuer_name="Ủy ban nhân dân tỉnh", channel="electronic",
                             summary="Phê duyệt quy hoạch hạ tầng kỹ thuật viễn thông thụ động",
                             document_date=dt.date(2017, 10, 30),
                             arrival_date=dt.date(2017, 10, 31),
                             files=[Upload("qd.docx", docx_bytes("Trạm BTS của MobiFone"))]),
        "party": register(doc_type=doc_type("CT", "party"), number_symbol="24-CT/TU",
                          issuer_name="Ban Thường vụ Tỉnh ủy Trà Vinh",
                          summary="Về việc tiếp cận, xử lý và chia sẻ thông tin trên mạng xã hội",
                          document_date=dt.date(2017, 6, 29), arrival_date=dt.date(2017, 7, 3),
                          confidentiality="secret"),
    }


def found(user, query, **filters):
    return {d.number_symbol for d in selectors.incoming_filter(
        selectors.incoming_visible_to(user), q=query, **filters)}


@pytest.mark.parametrize(("query", "expected"), [
    ("bao cao tong ket", {"1407/BC-STTTT-VP"}),
    ("Báo cáo TỔNG KẾT", {"1407/BC-STTTT-VP"}),
    ("BAO CAO tong", {"1407/BC-STTTT-VP"}),
    ("1407", {"1407/BC-STTTT-VP"}),
    ("1407/BC-STTTT-VP", {"1407/BC-STTTT-VP"}),
    ("chinh trang cap", {"123/VNCERT-DPUJC"}),          # the text of the attached PDF
    ("tram bts mobifone", {"2058/QĐ-UBND"}),            # the text of the attached DOCX
    ("2058/qđ-ubnd", {"2058/QĐ-UBND"}),
    ("mang xa hoi", {"24-CT/TU"}),
    ("vien thong", {"123/VNCERT-DPUJC", "2058/QĐ-UBND"}),
    ("khong co gi", set()),
    ("", {"1407/BC-STTTT-VP", "123/VNCERT-DPUJC", "2058/QĐ-UBND", "24-CT/TU"}),
])
def test_accent_and_case_blind(people, documents, query, expected):
    assert found(people["clerk"], query) == expected


def test_filters(people, documents, doc_type):
    clerk = people["clerk"]
    assert found(clerk, "", doc_type=doc_type("QĐ")) == {"2058/QĐ-UBND"}
    assert found(clerk, "", issuer="uy ban nhan dan") == {"2058/QĐ-UBND"}
    assert found(clerk, "", date_from=dt.date(2017, 10, 1)) == {"1407/BC-STTTT-VP",
                                                                 "2058/QĐ-UBND"}
    assert found(clerk, "", date_to=dt.date(2017, 6, 30)) == {"24-CT/TU", "123/VNCERT-DPUJC"}
    assert found(clerk, "vien thong", status="registered", year=2017) == {
        "123/VNCERT-DPUJC", "2058/QĐ-UBND"}
    assert found(clerk, "", year=2016) == set()


def test_what_the_user_may_not_see_is_not_found(people, documents):
    assert found(people["specialist"], "bao cao tong ket") == set()
    assert found(people["b_clerk"], "bao cao") == set()
    # The system administrator does not find the secret one.
    assert found(people["sysadmin"], "mang xa hoi") == set()


def test_outgoing_documents_by_their_content(people, doc_type):
    outgoing.outgoing_create(actor=people["specialist"], data=draft_data(
        doc_type("BC"), people["director"], summary="Báo cáo tổng kết năm",
        body="Phát triển hạ tầng viễn thông thụ động"))
    documents = selectors.outgoing_visible_to(people["specialist"])
    assert selectors.outgoing_filter(documents, q="ha tang vien thong thu dong").count() == 1
    assert selectors.outgoing_filter(documents, q="thu dong", issuer="BCVT").count() == 1
    assert selectors.outgoing_filter(documents, q="thu dong", issuer="VP").count() == 0
    assert OutgoingDocument.objects.count() == 1


def test_the_search_page_and_the_api(web_as, api_as, documents):
    page = web_as("clerk").get("/van-ban/tim-kiem/", {"q": "bao cao tong ket"})
    assert [d.number_symbol for d in page.context["incoming"]] == ["1407/BC-STTTT-VP"]
    response = api_as("clerk").get("/api/v1/incoming-documents/", {"q": "tram bts"})
    assert [d["number_symbol"] for d in response.json()["results"]] == ["2058/QĐ-UBND"]


def test_newest_first_whatever_the_database(people, documents):
    visible = selectors.incoming_visible_to(people["clerk"])
    ordering = ("-document_date", "-arrival_number")
    assert [d.number_symbol for d in search.newest(visible, "vien thong", ordering=ordering,
                                                   limit=5)] == [
        "2058/QĐ-UBND", "123/VNCERT-DPUJC"]
    assert [d.number_symbol for d in search.newest(visible, "vien thong", ordering=ordering,
                                                   limit=1)] == ["2058/QĐ-UBND"]
    assert [d.number_symbol for d in search.newest(visible, "", ordering=ordering,
                                                   limit=1)] == ["1407/BC-STTTT-VP"]


def test_search_text_splits_the_number():
    assert search.search_text("Báo cáo", number_symbol="1407/BC-STTTT-VP") == (
        "1407/bc-stttt-vp 1407 bc stttt vp bao cao")


@pytest.mark.postgres
def test_postgresql_uses_the_full_text_index(people, documents):
    sql = str(search.matching(IncomingDocument.objects.all(), "bao cao").query)
    assert '"search_vector" @@ to_tsquery(\'simple\', unaccent(' in sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE "
                       "'documents_%%_gin' ORDER BY 1")
        assert [r[0] for r in cursor.fetchall()] == ["documents_in_vector_gin",
                                                     "documents_out_vector_gin"]
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'unaccent'")
        assert cursor.fetchone() == ("unaccent",)


@pytest.mark.postgres
@pytest.mark.parametrize("path", ["first matches", "probe", "whole register"])
def test_the_three_ways_to_the_newest_matches_agree(people, documents, monkeypatch, path):
    """A rare word goes to the index's first matches; a frequent one probes the newest
    rows, and falls back to the whole register when they hold too few."""
    if path != "first matches":
        monkeypatch.setattr(search, "_frequent_words", lambda model: {"vien", "thong"})
    if path == "whole register":
        monkeypatch.setattr(search, "PROBE", 1)
    visible = selectors.incoming_visible_to(people["clerk"])
    ordering = ("-document_date", "-arrival_number")
    assert [d.number_symbol for d in search.newest(visible, "vien thong", ordering=ordering,
                                                   limit=5)] == [
        "2058/QĐ-UBND", "123/VNCERT-DPUJC"]


@pytest.mark.postgres
def test_frequent_words_come_from_the_statistics(people, documents):
    search._frequent.clear()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE documents_incomingdocument")
    assert "vien" in search._frequent_words(IncomingDocument)
    assert "wannacry" not in search._frequent_words(IncomingDocument)
    search._frequent.clear()
