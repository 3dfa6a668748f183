"""The demo documents: the year 2017 of the department, with the report 1407/BC-STTTT-VP
and the documents it names at their numbers and dates, handled mostly on time, some
overdue; today's work in the inboxes; loaded in bulk with one audit entry."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings
from django.utils import timezone

from demo_parts import demo_parts_loaded
from egov.accounts import demo as accounts_demo
from egov.core import audit
from egov.core import demo as core_demo
from egov.core.models import AuditEntry
from egov.documents import demo, reports, selectors
from egov.documents.models import Exchange, IncomingDocument, OutgoingDocument
from egov.organizations import demo as org_demo
from egov.signatures import demo as signatures_demo
from egov.signatures.verification import VALID, verify_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_loaded(test_databases, django_db_blocker, tmp_path_factory):
    """One load for the module (about 30 s), rolled back at the end."""
    with override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ), demo_parts_loaded(django_db_blocker, lambda _ctx: demo._ensure_document_types(),
                         core_demo.load, org_demo.load, accounts_demo.load,
                         signatures_demo.load, demo.load) as ctx:
        yield ctx


@pytest.fixture
def loaded(demo_loaded, db):
    return demo_loaded


def test_the_report_and_the_documents_it_names(loaded):
    outgoing = {d.number: d for d in OutgoingDocument.objects.filter(
        agency__code=demo.STTTT, issued_date__year=2017)}
    assert len(outgoing) == demo.OUTGOING_TOTAL
    assert sorted(outgoing) == list(range(1, demo.OUTGOING_TOTAL + 1))
    report = outgoing[1407]
    assert (report.number_symbol, str(report.issued_date), report.doc_type.name) == (
        "1407/BC-STTTT-VP", "2017-11-03", "Báo cáo")
    assert (outgoing[943].number_symbol, str(outgoing[943].issued_date)) == (
        "943/STTTT-BCVT", "2017-08-01")
    assert (outgoing[924].number_symbol, str(outgoing[924].issued_date)) == (
        "924/STTTT-BCVT", "2017-07-27")
    assert default_storage.open(report.issued_pdf.name).read().startswith(b"%PDF-")
    dates = [outgoing[n].issued_date for n in sorted(outgoing)]
    assert dates == sorted(dates)
    received = set(IncomingDocument.objects.filter(agency__code=demo.STTTT)
                   .values_list("number_symbol", flat=True))
    assert {row[2] for row in demo.NAMED_INCOMING} <= received


def test_the_documents_the_report_names_are_signed_as_of_their_day(loaded):
    for number, (day, *_rest) in demo.NAMED_OUTGOING.items():
        document = OutgoingDocument.objects.get(agency__code=demo.STTTT,
                                                issued_date__year=2017, number=number)
        report = verify_pdf(default_storage.open(document.issued_pdf.name).read())
        assert [s.verdict for s in report.signatures] == [VALID, VALID], number
        director, seal = report.signatures
        assert "Trần Văn Dũng" in director.signer
        assert "Sở Thông tin và Truyền thông" in seal.organisation
        assert {timezone.localtime(s.signing_time).date() for s in report.signatures} == {day}
        assert default_storage.open(document.issued_docx.name).read().startswith(b"PK")
        # Drafted and approved that day too, not on the day the demo was loaded.
        moments = [document.created_at, *document.versions.values_list("created_at",
                                                                       flat=True),
                   *document.review_steps.values_list("decided_at", flat=True)]
        assert {timezone.localtime(moment).date() for moment in moments} == {day}, number


def test_the_report_was_delivered_on_the_platform(loaded):
    statuses = dict(Exchange.objects.filter(outgoing__number=demo.REPORT_NUMBER)
                    .values_list("receiver_code", "status"))
    assert statuses == {demo.PROVINCIAL_OFFICE: "accepted", demo.PLANNING: "received"}
    copy = IncomingDocument.objects.get(agency__code=demo.PROVINCIAL_OFFICE)
    assert (copy.number_symbol, copy.issuer_agency.code, copy.channel) == (
        "1407/BC-STTTT-VP", demo.STTTT, "exchange")


def test_a_year_mostly_electronic_mostly_on_time_some_overdue(loaded):
    stttt = IncomingDocument.objects.filter(agency__code=demo.STTTT).values_list(
        "agency_id", flat=True).first()
    import datetime as dt

    counts = reports.document_counts(agency_ids=[stttt], start=dt.date(2017, 1, 1),
                                     end=dt.date(2017, 12, 31))
    assert counts.incoming >= 2000
    assert counts.electronic_share > 90
    assert 85 < counts.on_time_share < 100
    assert 10 <= counts.open_overdue <= 24


def test_today_s_work(loaded):
    from egov.accounts.models import User

    specialist = User.objects.get(username="chuyenvien.stttt")
    director = User.objects.get(username="giamdoc.stttt")
    states = {item.due_state for item in selectors.inbox(specialist)}
    assert {"due_soon", "overdue"} <= states
    waiting = selectors.drafts_waiting_for(director)
    assert [d.summary for d in waiting["sign"]] == [
        "V/v báo cáo số liệu thuê bao di động quý"]
    head = User.objects.get(username="truongphong.stttt")
    assert [d.summary for d in selectors.drafts_waiting_for(head)["review"]] == [
        "Kế hoạch kiểm tra trạm BTS lắp đặt không phép"]


def test_loaded_in_bulk_with_its_audit_entries(loaded):
    # The incoming year, the outgoing series in four stretches around the documents the
    # report names (made through the services), and today's letters.
    imports = AuditEntry.objects.filter(action="documents.register.import")
    assert imports.count() == 6
    assert audit.verify_chain() is None
