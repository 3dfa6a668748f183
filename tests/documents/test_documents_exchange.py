"""Exchange between agencies: delivery on the platform with statuses flowing back, edXML
packages received over HTTP (every bad package refused with a status message and
nothing stored), status messages, the sending task."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from documents_data import SIGNING_PASSPHRASE, draft_data, pdf_bytes

from egov.core.errors import Conflict
from egov.documents import edxml, tasks
from egov.documents.models import Exchange, ExchangeStatus, IncomingDocument
from egov.documents.services import exchange, handling, outgoing
from egov.documents.services.handling import AssignmentSpec
from egov.documents.services.outgoing import RecipientSpec

pytestmark = pytest.mark.django_db
ICT = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2017, 11, 3, 9, 30, tzinfo=ICT)
TOKEN = "bi-mat-lien-thong-2017"
PACKAGES = "/api/v1/exchange/packages/"
STATUS = "/api/v1/exchange/status/"


@pytest.fixture(autouse=True)
def in_2017(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with time_machine.travel(NOW, tick=False):
        yield


def issue(people, doc_type, certificates, recipients, **changes):
    document = outgoing.outgoing_create(actor=people["specialist"], data=draft_data(
        doc_type("Công văn"), people["director"], recipients=recipients,
        summary="V/v khắc phục việc chỉnh trang, làm gọn cáp viễn thông", **changes))
    outgoing.outgoing_submit(actor=people["specialist"], document=document,
                             reviewers=[people["director"]])
    outgoing.outgoing_review(actor=people["director"], document=document, approve=True)
    outgoing.outgoing_sign(actor=people["director"], document=document,
                           certificate=certificates["director"], passphrase=SIGNING_PASSPHRASE)
    return outgoing.outgoing_issue(actor=people["clerk"], document=document,
                                   seal=certificates["seal"])


def statuses(item):
    return list(ExchangeStatus.objects.filter(exchange=item).values_list("status", flat=True))


class TestOnThePlatform:
    @pytest.fixture
    def sent(self, people, doc_type, certificates, agency_b):
        return issue(people, doc_type, certificates, [
            RecipientSpec("Sở Tư pháp", agency=agency_b), RecipientSpec("Như trên")])

    def test_delivered_into_the_receiver_s_queue(self, people, sent, agency_b, api_as):
        [item] = Exchange.objects.all()
        assert (item.direction, item.status, item.receiver_agency) == ("local", "received",
                                                                       agency_b)
        assert len(item.document_id) == 15
        package = edxml.parse_package(item.package.encode())
        assert (package.sender.organ_id, package.number_symbol, package.type_name) == (
            "000.00.31.H59", "01/STTTT-BCVT", "Công văn")
        queue = api_as("b_clerk").get("/api/v1/exchanges/").json()["results"]
        assert [(q["number_symbol"], q["status"]) for q in queue] == [
            ("01/STTTT-BCVT", "received")]
        assert api_as("clerk").get("/api/v1/exchanges/").json()["results"] == []

    def test_accepted_assigned_handled_done_and_the_sender_sees_it(
            self, people, sent, api_as, unit_b):
        item = Exchange.objects.get()
        document = exchange.exchange_accept(actor=people["b_clerk"], exchange=item)
        assert (document.agency.code, document.channel, document.issuer_agency.code,
                document.number_symbol, document.arrival_number) == (
            "000.00.23.H59", "exchange", "000.00.31.H59", "01/STTTT-BCVT", 1)
        assert document.attachments.get().content_type == "application/pdf"
        handling.incoming_assign(actor=people["b_director"], document=document, assignments=[
            AssignmentSpec(role="lead", assignee=people["b_specialist"], unit=unit_b,
                           working_days=5)])
        handling.note_add(actor=people["b_specialist"], document=document, kind="progress",
                          body="Đang kiểm tra", percent=30)
        handling.incoming_finish(actor=people["b_director"], document=document,
                                 note="Đã phối hợp xử lý")
        assert statuses(item) == ["received", "accepted", "assigned", "in_progress", "done"]
        sent_view = api_as("clerk").get("/api/v1/exchanges/", {"side": "sent"}).json()
        [row] = sent_view["results"]
        assert row["status"] == "done"
        assert [s["status"] for s in row["statuses"]] == statuses(item)
        page = api_as("clerk").get(f"/api/v1/outgoing-documents/{sent.pk}/")
        assert page.status_code == 200

    def test_returned_with_a_reason(self, people, sent):
        item = Exchange.objects.get()
        with pytest.raises(ValidationError) as caught:
            exchange.exchange_reject(actor=people["b_clerk"], exchange=item, reason=" ")
        assert caught.value.message_dict == {"reason": ["Ghi rõ lý do trả lại văn bản."]}
        exchange.exchange_reject(actor=people["b_clerk"], exchange=item,
                                 reason="Gửi nhầm cơ quan")
        item.refresh_from_db()
        assert (item.status, item.status_reason) == ("rejected", "Gửi nhầm cơ quan")
        with pytest.raises(Conflict):
            exchange.exchange_accept(actor=people["b_clerk"], exchange=item)
        assert not IncomingDocument.objects.filter(agency__code="000.00.23.H59").exists()

    @pytest.mark.parametrize("who", ["clerk", "b_director", "b_specialist", "sysadmin"])
    def test_only_the_receiver_s_clerk_accepts(self, people, sent, who):
        item = Exchange.objects.get()
        with pytest.raises(PermissionDenied):
            exchange.exchange_accept(actor=people[who], exchange=item)
        with pytest.raises(PermissionDenied):
            exchange.exchange_reject(actor=people[who], exchange=item, reason="x")
        assert statuses(item) == ["received"]

    def test_pages(self, web_as, people, sent):
        item = Exchange.objects.get()
        page = web_as("b_clerk").get("/van-ban/lien-thong/")
        assert "01/STTTT-BCVT" in page.content.decode()
        assert web_as("b_specialist").get("/van-ban/lien-thong/").status_code == 403
        assert web_as("clerk").post(f"/van-ban/lien-thong/{item.pk}/nhan/").status_code == 404
        response = web_as("b_clerk").post(f"/van-ban/lien-thong/{item.pk}/nhan/")
        document = IncomingDocument.objects.get(agency__code="000.00.23.H59")
        assert response["Location"] == f"/van-ban/den/{document.pk}/"
        detail = web_as("clerk").get(f"/van-ban/di/{sent.pk}/").content.decode()
        assert "Đã tiếp nhận, vào sổ" in detail

    def test_secret_documents_are_not_exchanged(self, people, doc_type, certificates,
                                                agency_b):
        issue(people, doc_type, certificates, [RecipientSpec("Sở Tư pháp", agency=agency_b)],
              confidentiality="secret")
        assert not Exchange.objects.exists()

    def test_an_unknown_external_code_fails_visibly(self, people, doc_type, certificates):
        issue(people, doc_type, certificates, [
            RecipientSpec("Bộ Thông tin và Truyền thông", organ_id="000.00.00.G12")])
        item = Exchange.objects.get()
        assert (item.direction, item.status) == ("out", "failed")
        assert "000.00.00.G12" in item.statuses.get().description


@pytest.fixture
def external(people, doc_type, certificates, agency_b):
    """A package as another system (here played by agency A) would send it to B."""
    exchange.peer_register(actor=people["sysadmin"], name="Hệ thống QLVB của Sở TT&TT",
                           url="http://127.0.0.1:9/api/v1/exchange/", organ_ids=["000.00.31.H59"],
                           token=TOKEN)
    document = issue(people, doc_type, certificates, [RecipientSpec("Sở Tư pháp (giấy)")])
    with open(document.issued_pdf.path, "rb") as handle:
        signed = handle.read()
    package = edxml.Package(
        document_id="ABCDEFGHJKLMNPQ", sender=edxml.Organ("000.00.31.H59",
                                                          "Sở Thông tin và Truyền thông"),
        receivers=(edxml.Organ("000.00.23.H59", "Sở Tư pháp"),), code_number="01",
        code_notation="STTTT-BCVT", place="Trà Vinh", promulgation_date=dt.date(2017, 11, 3),
        type_code="18", type_name="Công văn", subject="V/v làm gọn cáp viễn thông",
        signer_position="Giám đốc", signer_name="Trần Văn Khoa",
        files=(edxml.FileRef("1", "01_STTTT-BCVT.pdf", "application/pdf",
                             hashlib.sha256(signed).hexdigest()),))
    return package, signed


def post_package(client, package, files, token=TOKEN, xml=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"package": SimpleUploadedFile("edxml.xml", xml if xml is not None
                                          else edxml.build_package(package), "application/xml")}
    data.update({cid: SimpleUploadedFile(f"{cid}.bin", content) for cid, content in
                 files.items()})
    return client.post(PACKAGES, data, HTTP_X_EGOV_EXCHANGE_TOKEN=token)


class TestReceivingPackages:
    def test_a_good_package_is_received(self, client, external):
        package, signed = external
        response = post_package(client, package, {"1": signed})
        assert response.status_code == 202
        answer = edxml.parse_status(response.content)
        assert (answer.document_id, answer.status, answer.sender.organ_id) == (
            "ABCDEFGHJKLMNPQ", "received", "000.00.23.H59")
        item = Exchange.objects.get(direction="in")
        assert (item.receiver_agency.code, item.status) == ("000.00.23.H59", "received")
        # The same package again is answered, not stored twice.
        assert post_package(client, package, {"1": signed}).status_code == 202
        assert Exchange.objects.filter(direction="in").count() == 1

    @pytest.mark.parametrize(("change", "status", "fragment"), [
        ("not_xml", 400, "không đúng cấu trúc"),
        ("entity", 400, "không đúng cấu trúc"),
        ("wrong_root", 400, "không đúng cấu trúc"),
        ("bad_token", 403, "khóa bí mật"),
        ("unknown_sender", 403, "không có trong danh sách"),
        ("unknown_receiver", 404, "Không có cơ quan nhận"),
        ("missing_file", 400, "Thiếu tệp"),
        ("tampered", 400, "không khớp mã băm"),
        ("extra_file", 400, "không nằm trong danh mục"),
        ("unsigned", 400, "không phải là tệp PDF có chữ ký số"),
    ])
    def test_bad_packages_are_refused_with_a_status_message(self, client, external, change,
                                                            status, fragment, settings):
        package, signed = external
        files, token, xml = {"1": signed}, TOKEN, None
        if change == "not_xml":
            xml = b"this is not xml"
        elif change == "entity":
            xml = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                   b"<x>&e;</x>")
        elif change == "wrong_root":
            xml = b'<?xml version="1.0"?><edXMLEnvelope/>'
        elif change == "bad_token":
            token = "sai-bi-mat-lien-thong"
        elif change == "unknown_sender":
            package = package.__class__(**{**package.__dict__,
                                           "sender": edxml.Organ("000.00.99.H59", "Lạ")})
        elif change == "unknown_receiver":
            package = package.__class__(**{**package.__dict__, "receivers": (
                edxml.Organ("000.00.98.H59", "Không có"),)})
        elif change == "missing_file":
            files = {}
        elif change == "tampered":
            files = {"1": signed + b"\n%tampered"}
        elif change == "extra_file":
            files = {"1": signed, "2": signed}
        elif change == "unsigned":
            plain = pdf_bytes("Văn bản không ký số")
            ref = edxml.FileRef("1", "x.pdf", "application/pdf",
                                hashlib.sha256(plain).hexdigest())
            package = package.__class__(**{**package.__dict__, "files": (ref,)})
            files = {"1": plain}
        before = set((settings.MEDIA_ROOT).rglob("*"))
        response = post_package(client, package, files, token=token, xml=xml)
        assert response.status_code == status
        answer = edxml.parse_status(response.content)
        assert answer.status == "rejected"
        assert fragment in answer.description, answer.description
        assert not Exchange.objects.filter(direction="in").exists()
        assert set((settings.MEDIA_ROOT).rglob("*")) == before


class TestStatusMessages:
    @pytest.fixture
    def sent_out(self, people, doc_type, certificates):
        exchange.peer_register(actor=people["sysadmin"], name="Bộ TT&TT",
                               url="http://127.0.0.1:9/api/v1/exchange/",
                               organ_ids=["000.00.00.G12"], token=TOKEN)
        issue(people, doc_type, certificates, [
            RecipientSpec("Bộ TT&TT (b/c)", organ_id="000.00.00.G12")])
        return Exchange.objects.get()

    def message(self, item, code="03", organ="000.00.00.G12"):
        return edxml.build_status(edxml.StatusMessage(
            document_id=item.document_id, sender=edxml.Organ(organ, "Bộ TT&TT"), code=code,
            description="Đã vào sổ số đến 77", at=NOW, staff="Văn thư Bộ"))

    def test_the_sender_records_the_receiver_s_statuses(self, client, sent_out):
        assert sent_out.status == "pending"
        response = client.post(STATUS, self.message(sent_out), content_type="application/xml",
                               HTTP_X_EGOV_EXCHANGE_TOKEN=TOKEN)
        assert response.status_code == 204
        sent_out.refresh_from_db()
        assert sent_out.status == "accepted"
        assert sent_out.statuses.last().staff == "Văn thư Bộ"

    @pytest.mark.parametrize(("kwargs", "token", "status"), [
        ({}, "sai", 403), ({"organ": "000.00.31.H59"}, TOKEN, 403),
        ({"code": "09"}, TOKEN, 400)])
    def test_refused(self, client, sent_out, kwargs, token, status):
        body = self.message(sent_out, **kwargs) if kwargs.get("code") != "09" else (
            self.message(sent_out).replace(b">03<", b">09<"))
        response = client.post(STATUS, body, content_type="application/xml",
                               HTTP_X_EGOV_EXCHANGE_TOKEN=token)
        assert response.status_code == status
        sent_out.refresh_from_db()
        assert sent_out.status == "pending"

    def test_the_sending_task_records_the_answer(self, sent_out, monkeypatch):
        answer = edxml.build_status(edxml.StatusMessage(
            document_id=sent_out.document_id, sender=edxml.Organ("000.00.00.G12", "Bộ"),
            code="01", description="Đã nhận", at=NOW))
        calls = []

        def fake_post(url, token, body, content_type):
            calls.append((url, token, content_type.split(";")[0]))
            assert b"edXMLEnvelope" in body and b"%PDF-" in body
            return 202, answer

        monkeypatch.setattr(tasks, "_post", fake_post)
        assert tasks.send_package.call(sent_out.pk) == "received"
        assert calls == [("http://127.0.0.1:9/api/v1/exchange/packages/", TOKEN,
                          "multipart/form-data")]
        sent_out.refresh_from_db()
        assert (sent_out.status, sent_out.attempts) == ("received", 1)

    def test_an_unreachable_peer_leaves_it_pending(self, sent_out, monkeypatch):
        def down(*args):
            raise OSError("connection refused")

        monkeypatch.setattr(tasks, "_post", down)
        assert tasks.send_package.call(sent_out.pk) == "unreachable"
        sent_out.refresh_from_db()
        assert (sent_out.status, sent_out.attempts) == ("pending", 1)


class TestPeers:
    def test_only_system_administrators_register_peers(self, people, api_as):
        with pytest.raises(PermissionDenied):
            exchange.peer_register(actor=people["clerk"], name="X", url="http://x/",
                                   organ_ids=["000.00.23.H59"], token=TOKEN)
        response = api_as("sysadmin").post("/api/v1/exchange-peers/", {
            "name": "", "url": "ftp://x", "organ_ids": ["STP"], "token": "ngan"},
            format="json")
        assert response.status_code == 400
        assert set(response.json()["fields"]) == {"name", "url", "organ_ids", "token"}
        assert api_as("clerk").get("/api/v1/exchange-peers/").status_code == 403
