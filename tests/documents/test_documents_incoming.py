"""Registering incoming documents: the arrival number, every bad input named with nothing
saved, duplicates caught, files checked, stored and read for search."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import connections, transaction
from documents_data import docx_bytes, entry, pdf

from egov.core.errors import Conflict
from egov.core.models import AuditEntry, IssuedNumber
from egov.documents.files import Upload
from egov.documents.models import Attachment, IncomingDocument
from egov.documents.services import incoming

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2017, 11, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(autouse=True)
def in_2017(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=False):
        yield


def register(people, types, who="clerk", files=(), channel="paper", **changes):
    changes.setdefault("doc_type", types("Công văn"))
    return incoming.incoming_register(actor=people[who], data=entry(**changes),
                                      channel=channel, files=files)


def stored_files(folder):
    """Every file under ``folder`` of the storage (empty folders do not count)."""
    if not default_storage.exists(folder):
        return []
    folders, files = default_storage.listdir(folder)
    return [f"{folder}/{f}" for f in files] + [
        path for sub in folders for path in stored_files(f"{folder}/{sub}")]


def audit_entries():
    return list(AuditEntry.objects.filter(action__startswith="documents.")
                .values_list("action", flat=True))


class TestRegister:
    def test_the_clerk_registers_with_the_next_arrival_number(self, people, doc_type,
                                                              agency_a):
        first = register(people, doc_type)
        second = register(people, doc_type, number_symbol="24-CT/TU",
                          doc_type=doc_type("CT", "party"),
                          issuer_name="Ban Thường vụ Tỉnh ủy Trà Vinh",
                          document_date=dt.date(2017, 6, 29), arrival_date=None,
                          summary="Về việc tiếp cận, xử lý và chia sẻ thông tin trên mạng xã hội")
        assert (first.arrival_number, second.arrival_number) == (1, 2)
        assert (first.arrival_date, second.arrival_date) == (dt.date(2017, 4, 25),
                                                             dt.date(2017, 11, 3))
        assert first.agency == agency_a
        assert (first.number, first.symbol, first.number_symbol) == (
            123, "VNCERT-DPUJC", "123/VNCERT-DPUJC")
        assert (second.number, second.symbol) == (24, "CT/TU")
        assert first.register.code == "chung" and first.register.direction == "in"
        assert first.status == "registered"
        assert first.registered_by == people["clerk"]
        assert first.issuer_key == "trung tam ung cuu khan cap may tinh viet nam"
        assert first.issued_number.purpose == (
            "123/VNCERT-DPUJC Trung tâm Ứng cứu khẩn cấp máy tính Việt Nam")
        assert audit_entries() == ["documents.incoming.register"] * 2
        after = AuditEntry.objects.filter(action="documents.incoming.register").first().after
        assert after["number_symbol"] == "123/VNCERT-DPUJC" and "search_text" not in after

    def test_a_platform_agency_as_issuer(self, people, doc_type, agency_b):
        document = register(people, doc_type, issuer_agency=agency_b, issuer_name="",
                            number_symbol="45/STP-VP")
        assert (document.issuer_name, document.issuer_key) == ("Sở Tư pháp", "000.00.23.H59")

    def test_a_legal_normative_document(self, people, doc_type):
        document = register(people, doc_type, number_symbol="Số: 49/2017/NĐ-CP",
                            doc_type=doc_type("NĐ", "legal"), issuer_name="Chính phủ",
                            document_date=dt.date(2017, 4, 24))
        assert (document.number_symbol, document.symbol) == ("49/2017/NĐ-CP", "2017/NĐ-CP")

    def test_secret_documents_get_arrival_numbers_of_their_own(self, people, doc_type):
        register(people, doc_type)
        secret = register(people, doc_type, number_symbol="124/VNCERT-DPUJC",
                          confidentiality="secret")
        normal = register(people, doc_type, number_symbol="125/VNCERT-DPUJC")
        assert (secret.arrival_number, secret.register.code) == (1, "mat")
        assert normal.arrival_number == 2

    def test_the_arrival_year_of_a_late_entry_is_the_year_it_arrived(self, people, doc_type):
        with time_machine.travel(dt.datetime(2018, 1, 2, 8, tzinfo=NOW.tzinfo), tick=False):
            late = register(people, doc_type, arrival_date=dt.date(2017, 12, 29),
                            document_date=dt.date(2017, 12, 28))
            new_year = register(people, doc_type, number_symbol="01/VNCERT-DPUJC",
                                arrival_date=None, document_date=dt.date(2018, 1, 2))
        assert (late.arrival_year, late.arrival_number) == (2017, 1)
        assert (new_year.arrival_year, new_year.arrival_number) == (2018, 1)


class TestBadInput:
    @pytest.mark.parametrize(("changes", "fields"), [
        ({"number_symbol": "123 VNCERT"}, {"number_symbol"}),
        ({"number_symbol": "5/VNCERT-DPUJC"}, {"number_symbol"}),
        ({"number_symbol": ""}, {"number_symbol"}),
        ({"document_date": dt.date(2017, 11, 4)}, {"document_date"}),
        ({"document_date": None}, {"document_date"}),
        ({"document_date": dt.date(2017, 4, 26)}, {"document_date"}),
        ({"arrival_date": dt.date(2017, 11, 4)}, {"arrival_date"}),
        ({"summary": "   "}, {"summary"}),
        ({"summary": "x" * 501}, {"summary"}),
        ({"issuer_name": ""}, {"issuer_name"}),
        ({"doc_type": None}, {"doc_type"}),
        ({"urgency": "whenever"}, {"urgency"}),
        ({"confidentiality": "public"}, {"confidentiality"}),
        ({"pages": 0}, {"pages"}),
        ({"pages": 1000}, {"pages"}),
        ({"pages": None}, {"pages"}),
        ({"signer_name": "x" * 51}, {"signer_name"}),
        ({"signer_position": "x" * 101}, {"signer_position"}),
        ({"notes": "x" * 501}, {"notes"}),
        ({"summary": "", "number_symbol": "x", "pages": -1},
         {"summary", "number_symbol", "pages"}),
    ])
    def test_named_and_nothing_saved(self, people, doc_type, changes, fields):
        with pytest.raises(ValidationError) as caught:
            register(people, doc_type, **changes)
        assert set(caught.value.message_dict) == fields
        assert not IncomingDocument.objects.exists()
        assert not IssuedNumber.objects.exists()
        assert audit_entries() == []

    def test_messages_are_in_vietnamese(self, people, doc_type):
        with pytest.raises(ValidationError) as caught:
            register(people, doc_type, document_date=dt.date(2017, 11, 4), summary="")
        assert caught.value.message_dict == {
            "document_date": ["Ngày của văn bản không được ở tương lai."],
            "summary": ["Nhập trích yếu nội dung văn bản."],
        }

    @pytest.mark.parametrize(("number_symbol", "code", "category", "message"), [
        ("05/BC-STTTT", "Công văn", "administrative",
         "Ký hiệu ghi loại văn bản BC, nhưng loại văn bản đã chọn là Công văn."),
        ("05/STTTT-VP", "BC", "administrative",
         "Báo cáo phải có BC trong ký hiệu (ví dụ 05/BC-UBND); ký hiệu này không có tên "
         "loại văn bản."),
        ("49/2017/NĐ-CP", "Công văn", "administrative",
         "Đây là số của văn bản quy phạm pháp luật (có năm ban hành): hãy chọn loại văn bản "
         "quy phạm pháp luật."),
        ("24-CT/TU", "CT", "administrative",
         "Đây là số của văn bản của Đảng (24-CT/TU): hãy chọn loại văn bản của Đảng."),
        ("24/CT-TU", "CT", "party",
         "Loại văn bản này có năm trong số (49/2017/NĐ-CP) hoặc là văn bản của Đảng "
         "(24-CT/TU)."),
    ])
    def test_the_symbol_must_agree_with_the_type(self, people, doc_type, number_symbol, code,
                                                 category, message):
        with pytest.raises(ValidationError) as caught:
            register(people, doc_type, number_symbol=number_symbol,
                     doc_type=doc_type(code, category))
        assert caught.value.message_dict == {"number_symbol": [message]}

    def test_the_symbol_must_name_the_platform_issuer(self, people, doc_type, agency_b):
        with pytest.raises(ValidationError) as caught:
            register(people, doc_type, issuer_agency=agency_b, number_symbol="45/STTTT-VP")
        assert caught.value.message_dict == {"number_symbol": [
            "Ký hiệu ghi cơ quan ban hành là STTTT, nhưng văn bản là của Sở Tư pháp (STP)."]}

    def test_aliases_of_other_systems_are_read_as_the_type(self, people, doc_type):
        document = register(people, doc_type, number_symbol="12/BGN-VNCERT",
                            doc_type=doc_type("GN"))
        assert document.doc_type.name == "Bản ghi nhớ"

    @pytest.mark.parametrize("who", ["director", "head", "specialist", "agency_admin",
                                     "b_director", "sysadmin", "citizen", "anonymous"])
    def test_only_the_clerk_registers(self, people, doc_type, who):
        with pytest.raises(PermissionDenied):
            register(people, doc_type, who=who)
        assert not IncomingDocument.objects.exists()

    def test_the_other_agency_s_clerk_registers_in_her_own_register(self, people, doc_type,
                                                                    agency_b):
        document = register(people, doc_type, who="b_clerk")
        assert document.agency == agency_b
        assert document.register.sequence_key == "documents.in:000.00.23.H59:chung"


class TestDuplicates:
    def test_the_same_document_twice_is_caught(self, people, doc_type):
        register(people, doc_type)
        with pytest.raises(Conflict) as caught:
            register(people, doc_type, summary="Nhập lại lần hai",
                     issuer_name="  trung tâm ứng cứu khẩn cấp MÁY TÍNH Việt Nam ")
        assert caught.value.code == "duplicate_document"
        assert str(caught.value.message) == (
            "Văn bản này đã được vào sổ: số đến 1 ngày 25/04/2017.")
        assert IncomingDocument.objects.count() == 1
        assert IssuedNumber.objects.count() == 1

    def test_another_date_or_issuer_or_agency_is_another_document(self, people, doc_type):
        register(people, doc_type)
        register(people, doc_type, document_date=dt.date(2017, 4, 23))
        register(people, doc_type, issuer_name="Cục An toàn thông tin")
        register(people, doc_type, who="b_clerk")
        assert IncomingDocument.objects.count() == 4


class TestFiles:
    def test_files_are_stored_and_read_for_search(self, people, doc_type):
        document = register(people, doc_type, channel="electronic", files=[
            pdf("cong-van.pdf"),
            Upload("phu-luc.docx", docx_bytes("Phụ lục danh sách trạm BTS")),
        ])
        first, second = document.attachments.all()
        assert (first.name, first.content_type) == ("cong-van.pdf", "application/pdf")
        assert first.text == "Báo cáo tổng kết công tác năm 2017"
        assert second.text == "Phụ lục danh sách trạm BTS Bảng số liệu thuê bao"
        assert default_storage.open(first.file.name).read().startswith(b"%PDF-")
        assert "bao cao tong ket" in document.search_text
        assert "tram bts" in document.search_text
        assert "123/vncert-dpujc" in document.search_text

    @pytest.mark.parametrize(("upload", "message"), [
        (Upload("a.pdf", b""), "Tệp a.pdf không có nội dung."),
        (Upload("a.exe", b"MZ\x90\x00"), "Tệp a.exe không phải là tệp PDF, Word, Excel, "
                                          "OpenDocument, hình ảnh hay XML."),
        (Upload("gia.pdf", b"<html>not a pdf</html>"), "Tệp gia.pdf không phải là tệp PDF, "
                                                        "Word, Excel, OpenDocument, hình ảnh "
                                                        "hay XML."),
    ])
    def test_files_that_are_not_documents_are_refused(self, people, doc_type, upload, message):
        with pytest.raises(ValidationError) as caught:
            register(people, doc_type, channel="electronic", files=[upload])
        assert caught.value.message_dict == {"files": [message]}
        assert not Attachment.objects.exists()

    def test_a_file_too_large_is_refused(self, people, doc_type, settings):
        settings.EGOV_DOCUMENTS_MAX_FILE_MB = 0
        with pytest.raises(ValidationError) as caught:
            register(people, doc_type, channel="electronic", files=[pdf()])
        assert caught.value.message_dict == {"files": ["Tệp van-ban.pdf lớn hơn 0 MB."]}

    def test_an_electronic_document_needs_its_file(self, people, doc_type):
        with pytest.raises(ValidationError) as caught:
            register(people, doc_type, channel="electronic")
        assert caught.value.message_dict == {
            "files": ["Văn bản điện tử phải được vào sổ kèm tệp văn bản."]}

    def test_a_failure_after_storing_removes_the_new_files(self, people, doc_type,
                                                           monkeypatch):
        def broken(*args, **kwargs):
            raise RuntimeError("disk full")

        monkeypatch.setattr(incoming.audit, "record", broken)
        with pytest.raises(RuntimeError):
            register(people, doc_type, channel="electronic", files=[pdf("mot.pdf")])
        assert not IncomingDocument.objects.exists()
        assert not IssuedNumber.objects.exists()
        assert stored_files("documents") == []

    def test_attach_adds_files_and_search_text(self, people, doc_type):
        document = register(people, doc_type)
        incoming.incoming_attach(actor=people["clerk"], document=document,
                                 files=[Upload("them.docx", docx_bytes("Danh sách điểm "
                                                                       "trò chơi"))])
        document.refresh_from_db()
        assert "diem tro choi" in document.search_text
        assert audit_entries()[-1] == "documents.incoming.attach"
        with pytest.raises(PermissionDenied):
            incoming.incoming_attach(actor=people["director"], document=document,
                                     files=[pdf()])
        with pytest.raises(ValidationError):
            incoming.incoming_attach(actor=people["clerk"], document=document, files=[])
        assert document.attachments.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clerks_registering_at_once_get_two_arrival_numbers(people, doc_type, tmp_path):
    errors = []
    barrier = threading.Barrier(2)
    letter = doc_type("Công văn")

    def work(n):
        try:
            barrier.wait()
            with transaction.atomic():
                incoming.incoming_register(actor=people["clerk"], channel="paper", data=entry(
                    doc_type=letter, number_symbol=f"{100 + n}/VNCERT-DPUJC"))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(IncomingDocument.objects.values_list("arrival_number", flat=True)) == [1, 2]
