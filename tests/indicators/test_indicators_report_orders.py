"""The annual report ordered from the leaders' page: written in the background with its
progress polled as JSON, downloaded, then made an outgoing document that is reviewed,
signed by the director and issued by the clerk with the next number."""

import datetime as dt
import io
import subprocess

import docx
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from indicators_documents_data import PASSWORD, DocumentsData, agencies, documents_2017

from egov.accounts import services as accounts
from egov.accounts.models import Role
from egov.core.audit import AuditEntry
from egov.documents.services import outgoing
from egov.indicators import report, services
from egov.indicators.models import ReportOrder
from egov.signatures import services as signatures
from egov.signatures.models import KeyAlgorithm, SignerKind

pytestmark = pytest.mark.django_db
ICT = dt.timezone(dt.timedelta(hours=7))
PASSPHRASE = "ky-bao-cao-2017"


@pytest.fixture
def data(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with time_machine.travel(dt.datetime(2018, 1, 15, 9, tzinfo=ICT), tick=False):
        built = DocumentsData()
        agencies(built)
        documents_2017(built)
        s = built.agencies["S"]
        for name, roles in (("head", [Role.HEAD_OF_UNIT]), ("clerk", [Role.CLERK]),
                            ("specialist", [Role.SPECIALIST])):
            built.users[name] = accounts.official_create(
                actor=None, username=f"{name}.stttt", full_name=f"Lê Văn {name.title()}",
                email=f"{name}@stttt.travinh.gov.vn", agency=s, unit=built.units["S"],
                roles=roles, position="Chánh Văn phòng", password=PASSWORD).user
        signatures.authority_setup_platform(
            actor=None, organisation="Sở Thông tin và Truyền thông tỉnh Trà Vinh",
            province="Trà Vinh", key_algorithm=KeyAlgorithm.EC_P256)
        director = built.users["S_director"]
        built.users["certificate"] = signatures.certificate_issue(
            actor=None, passphrase=PASSPHRASE, certificate=signatures.certificate_request(
                actor=None, signer_kind=SignerKind.INDIVIDUAL, agency=s,
                official=director.official, key_algorithm=KeyAlgorithm.EC_P256))
        built.users["seal"] = signatures.certificate_issue(
            actor=None, certificate=signatures.certificate_request(
                actor=None, signer_kind=SignerKind.ORGANISATION, agency=s,
                key_algorithm=KeyAlgorithm.EC_P256, purpose="Con dấu điện tử"))
        yield built


def order(client, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/chi-so/bao-cao/",
                           {"year": "2017", "agency": "000.00.31.H59", **fields})


def test_order_watch_download_sign_and_issue(data, client, django_capture_on_commit_callbacks):
    client.force_login(data.users["head"])
    assert "Báo cáo" in client.get("/chi-so/bao-cao/").content.decode()
    response = order(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    placed = ReportOrder.objects.get()
    assert response["Location"] == f"/chi-so/bao-cao/{placed.uid}/"
    page = client.get(response["Location"]).content.decode()
    assert 'id="report-bar"' in page and "report.js" in page
    status = client.get(f"/chi-so/bao-cao/{placed.uid}/trang-thai/").json()
    assert (status["status"], status["progress"], status["error"]) == ("done", 100, "")
    word = docx.Document(io.BytesIO(b"".join(client.get(status["docx_url"]).streaming_content)))
    text = "\n".join(p.text for t in word.tables for r in t.rows for c in r.cells
                     for p in c.paragraphs)
    # A draft: number and date are blank until the report is issued.
    assert "/BC-STTTT-VP" in text and "Số: 0" not in text
    pdf = b"".join(client.get(status["pdf_url"]).streaming_content)
    assert pdf.startswith(b"%PDF")

    response = client.post(f"/chi-so/bao-cao/{placed.uid}/ban-hanh/")
    placed.refresh_from_db()
    document = placed.outgoing
    assert response["Location"] == f"/van-ban/di/{document.pk}/"
    assert (document.status, document.created_by, document.signer, document.doc_type.code,
            document.summary) == ("draft", data.users["head"], data.users["S_director"], "BC",
                                  "Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018")
    assert document.recipients.first().name == "Bộ TT&TT (b/c)"
    assert client.post(f"/chi-so/bao-cao/{placed.uid}/ban-hanh/").status_code == 409

    director = data.users["S_director"]
    outgoing.outgoing_submit(actor=data.users["head"], document=document, reviewers=[director])
    outgoing.outgoing_review(actor=director, document=document, approve=True)
    document.refresh_from_db()
    document = outgoing.outgoing_sign(actor=director, document=document,
                                      certificate=data.users["certificate"],
                                      passphrase=PASSPHRASE)
    document = outgoing.outgoing_issue(actor=data.users["clerk"], document=document,
                                       seal=data.users["seal"])
    assert (document.status, document.number_symbol) == ("issued", "01/BC-STTTT-VP")
    issued = default_storage.open(document.issued_pdf.name).read()
    issued_text = subprocess.run(["pdftotext", "-q", "-layout", "-", "-"], input=issued,
                                 capture_output=True, check=True).stdout.decode()
    assert "01/BC-STTTT-VP" in issued_text.replace(" ", "")
    assert "Trà Vinh, ngày 15 tháng 01 năm 2018" in " ".join(issued_text.split())
    assert "Văn bản đến" in issued_text
    word = docx.Document(io.BytesIO(default_storage.open(document.issued_docx.name).read()))
    heading = [p.text for c in word.tables[0]._cells for p in c.paragraphs]
    assert "Số: 01/BC-STTTT-VP" in heading
    assert "Trà Vinh, ngày 15 tháng 01 năm 2018" in heading
    assert len(word.inline_shapes) == 3
    actions = list(AuditEntry.objects.filter(action__startswith="indicators.report")
                   .values_list("action", flat=True))
    assert actions == ["indicators.report.order", "indicators.report.write",
                       "indicators.report.issue"]


def test_a_report_sent_back_is_written_again_into_its_draft(
        data, client, django_capture_on_commit_callbacks):
    """The director sends the draft back; the head has the report written again (a new
    template, mended figures) and puts it into the same draft as its next version."""
    head, director = data.users["head"], data.users["S_director"]
    client.force_login(head)
    order(client, django_capture_on_commit_callbacks)
    first = ReportOrder.objects.get()
    client.post(f"/chi-so/bao-cao/{first.uid}/ban-hanh/")
    first.refresh_from_db()
    draft = first.outgoing
    outgoing.outgoing_submit(actor=head, document=draft, reviewers=[director])
    # While the draft is under review, a second report cannot change it.
    order(client, django_capture_on_commit_callbacks)
    second = ReportOrder.objects.exclude(pk=first.pk).get()
    assert 'id="report-revise"' not in client.get(
        f"/chi-so/bao-cao/{second.uid}/").content.decode()
    refused = client.post(f"/chi-so/bao-cao/{second.uid}/cap-nhat-du-thao/")
    assert refused.status_code == 409
    assert "Không có dự thảo nào của báo cáo năm 2017" in refused.content.decode()
    outgoing.outgoing_review(actor=director, document=draft, approve=False,
                             comment="Bổ sung số liệu phần II.")

    page = client.get(f"/chi-so/bao-cao/{second.uid}/").content.decode()
    assert 'id="report-revise"' in page and "phiên bản 1" in page
    client.force_login(director)  # only the person who ordered it
    assert client.post(f"/chi-so/bao-cao/{second.uid}/cap-nhat-du-thao/").status_code == 403
    client.force_login(head)
    response = client.post(f"/chi-so/bao-cao/{second.uid}/cap-nhat-du-thao/")
    assert response["Location"] == f"/van-ban/di/{draft.pk}/"
    draft.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (draft.status, draft.version, first.outgoing, second.outgoing) == (
        "draft", 2, None, draft)
    assert draft.versions.get(number=2).note.startswith("Báo cáo được lập lại ngày")
    assert default_storage.open(draft.prepared_pdf.name).read() == default_storage.open(
        second.pdf.name).read()
    assert AuditEntry.objects.filter(action="indicators.report.revise").count() == 1
    # A typed draft takes no layout.
    typed = outgoing.outgoing_create(actor=head, data=outgoing.DraftData(
        doc_type=draft.doc_type, summary="Công văn", body="Nội dung.", signer=director))
    with pytest.raises(ValidationError) as error:
        outgoing.outgoing_revise(actor=head, document=typed, data=outgoing.DraftData(),
                                 prepared=outgoing.Prepared(pdf=b"%PDF-1.7", docx=b"PK"))
    assert "prepared" in error.value.message_dict


def test_bad_input_and_who_may_order(data, client, django_capture_on_commit_callbacks):
    client.force_login(data.users["head"])
    bad = order(client, django_capture_on_commit_callbacks, year="1990")
    assert bad.status_code == 400
    assert "Hãy ghi năm từ 2000 đến" in bad.content.decode()
    bad = order(client, django_capture_on_commit_callbacks, agency="000.00.23.H59")
    assert bad.status_code == 400
    assert ReportOrder.objects.count() == 0
    client.force_login(data.users["specialist"])
    assert client.get("/chi-so/bao-cao/").status_code == 403
    client.force_login(data.users["head"])
    order(client, django_capture_on_commit_callbacks)
    placed = ReportOrder.objects.get()
    # Another agency's director does not learn that the order exists.
    client.force_login(data.users["T_director"])
    assert client.get(f"/chi-so/bao-cao/{placed.uid}/trang-thai/").status_code == 404
    # The director of the agency sees it, but only the person who ordered it issues it.
    client.force_login(data.users["S_director"])
    assert client.get(f"/chi-so/bao-cao/{placed.uid}/").status_code == 200
    assert client.post(f"/chi-so/bao-cao/{placed.uid}/ban-hanh/").status_code == 403


def test_a_failure_is_shown_and_no_file_kept(data, client, django_capture_on_commit_callbacks,
                                            monkeypatch):
    def broken(built):
        raise RuntimeError("WeasyPrint ran out of memory")

    monkeypatch.setattr(report, "report_pdf", broken)
    client.force_login(data.users["head"])
    order(client, django_capture_on_commit_callbacks)
    placed = ReportOrder.objects.get()
    status = client.get(f"/chi-so/bao-cao/{placed.uid}/trang-thai/").json()
    assert (status["status"], status["error"], status["docx_url"]) == (
        "failed", "WeasyPrint ran out of memory", None)
    assert client.get(f"/chi-so/bao-cao/{placed.uid}/tep.docx").status_code == 404
    assert client.post(f"/chi-so/bao-cao/{placed.uid}/ban-hanh/").status_code == 409
    assert not default_storage.exists(f"reports/{placed.uid}")
    assert 'id="report-retry"' in client.get(f"/chi-so/bao-cao/{placed.uid}/").content.decode()

    # Once the cause is mended, the person who ordered it has it written again.
    monkeypatch.undo()
    client.force_login(data.users["S_director"])
    assert client.post(f"/chi-so/bao-cao/{placed.uid}/lap-lai/").status_code == 403
    client.force_login(data.users["head"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/chi-so/bao-cao/{placed.uid}/lap-lai/")
    assert response["Location"] == f"/chi-so/bao-cao/{placed.uid}/"
    status = client.get(f"/chi-so/bao-cao/{placed.uid}/trang-thai/").json()
    assert (status["status"], status["error"]) == ("done", "")
    assert status["docx_url"].endswith("/tep.docx")
    # A report that is ready is not written again.
    refused = client.post(f"/chi-so/bao-cao/{placed.uid}/lap-lai/")
    assert refused.status_code == 409
    assert "không bị lỗi hay gián đoạn" in refused.content.decode()
    actions = list(AuditEntry.objects.filter(action__startswith="indicators.report")
                   .values_list("action", flat=True))
    assert actions == ["indicators.report.order", "indicators.report.fail",
                       "indicators.report.retry", "indicators.report.write"]


def test_an_interrupted_report_is_written_again(data, django_capture_on_commit_callbacks,
                                                settings):
    """The process writing a report stopped half-way (a restart): the order stays "being
    written" with nobody writing it; after a quarter of an hour of silence it is shown as
    interrupted and may be written again; until then it may not."""
    from rest_framework.test import APIClient

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    api = APIClient()
    api.force_authenticate(data.users["head"])
    with time_machine.travel(dt.datetime(2018, 1, 15, 9, tzinfo=ICT), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            uid = api.post("/api/v1/indicator-reports/", {"year": 2017, "agency": "STTTT"},
                           format="json").json()["id"]
        ReportOrder.objects.filter(uid=uid).update(status="running", progress=50)
        ReportOrder.objects.filter(uid=uid).update(touched_at=dt.datetime.now(dt.UTC))
        assert api.get(f"/api/v1/indicator-reports/{uid}/").json()["status"] == "running"
        refused = api.post(f"/api/v1/indicator-reports/{uid}/retry/")
        assert (refused.status_code, refused.json()["code"]) == (409, "not_failed")
        # Running it again meanwhile leaves it to the writer that is on it.
        services.report_write(order_id=ReportOrder.objects.get(uid=uid).pk)
        assert ReportOrder.objects.get(uid=uid).progress == 50
    with time_machine.travel(dt.datetime(2018, 1, 15, 9, 16, tzinfo=ICT), tick=False):
        status = api.get(f"/api/v1/indicator-reports/{uid}/").json()
        assert (status["status"], status["status_display"]) == ("interrupted", "Bị gián đoạn")
        settings.TASKS = {"default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(f"/api/v1/indicator-reports/{uid}/retry/")
        assert (response.status_code, response.json()["status"]) == (202, "queued")
        assert api.get(f"/api/v1/indicator-reports/{uid}/").json()["status"] == "done"


def test_the_api_orders_and_polls(data, django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(data.users["head"])
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/indicator-reports/", {"year": 2017, "agency": "STTTT"},
                            format="json")
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    status = api.get(f"/api/v1/indicator-reports/{response.json()['id']}/").json()
    assert (status["status"], status["progress"], status["agency"]) == (
        "done", 100, "000.00.31.H59")
    assert status["docx_url"].endswith("/tep.docx")
    bad = api.post("/api/v1/indicator-reports/", {"year": 1990, "agency": "NOWHERE"},
                   format="json")
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"year"}
    bad = api.post("/api/v1/indicator-reports/", {"year": 2017, "agency": "NOWHERE"},
                   format="json")
    assert (bad.status_code, list(bad.json()["fields"])) == (400, ["agency"])
    assert api.post("/api/v1/indicator-reports/", {"year": 2017, "agency": "STP"},
                    format="json").status_code == 403
    assert api.post("/api/v1/indicator-reports/", {"year": 2017, "agency": "STTTT",
                                                   "whole_province": True},
                    format="json").status_code == 403
    api.force_authenticate(data.users["specialist"])
    assert api.get(f"/api/v1/indicator-reports/{status['id']}/").status_code == 403
    api.force_authenticate(data.users["T_director"])
    assert api.get(f"/api/v1/indicator-reports/{status['id']}/").status_code == 404
