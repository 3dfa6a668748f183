"""Importing a past period's registers: numbered by the numbering service in date order,
checked like single documents (any bad row: nothing saved), one audit entry."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from documents_data import entry

from egov.core.models import AuditEntry, IssuedNumber
from egov.documents.models import Assignment, IncomingDocument, OutgoingDocument
from egov.documents.services.bulk import (
    ImportedAssignment,
    ImportedIncoming,
    ImportedOutgoing,
    documents_import,
)
from egov.documents.services.outgoing import DraftData, RecipientSpec

pytestmark = pytest.mark.django_db
ICT = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2018, 2, 1, 9, tzinfo=ICT)


@pytest.fixture(autouse=True)
def in_2018():
    with time_machine.travel(NOW, tick=False):
        yield


def at(day, hour=9):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ICT)


def incoming_row(agency_a, doc_type, people, units_a, **changes):
    arrival = changes.pop("arrival_date", dt.date(2017, 5, 2))
    data = entry(doc_type=doc_type("Công văn"), arrival_date=arrival,
                 document_date=dt.date(2017, 5, 1), **changes)
    return ImportedIncoming(
        agency=agency_a, data=data, channel="electronic",
        registered_at=at(arrival or dt.date(2017, 5, 2)),
        assignments=(ImportedAssignment(role="lead", unit=units_a["BCVT"],
                                        assigned_by=people["director"],
                                        assigned_at=at(dt.date(2017, 5, 2), 10),
                                        deadline=dt.date(2017, 5, 9)),),
        finished_at=at(dt.date(2017, 5, 8)), finished_by=people["director"],
        finish_note="Đã trả lời")


def outgoing_row(agency_a, doc_type, people, units_a, day, summary="V/v chỉnh trang cáp"):
    return ImportedOutgoing(
        agency=agency_a, drafting_unit=units_a["BCVT"], issued_at=at(day),
        created_by=people["specialist"], issued_by=people["clerk"], sent_electronically=True,
        data=DraftData(doc_type=doc_type("Công văn"), summary=summary,
                       signer=people["director"], place="Trà Vinh"),
        recipients=(RecipientSpec("Sở Tư pháp"),))


def test_a_period_is_numbered_in_date_order(agency_a, doc_type, people, units_a):
    result = documents_import(
        actor=people["clerk"],
        incoming=[incoming_row(agency_a, doc_type, people, units_a,
                               arrival_date=dt.date(2017, 6, 1), number_symbol="12/X-Y"),
                  incoming_row(agency_a, doc_type, people, units_a)],
        outgoing=[outgoing_row(agency_a, doc_type, people, units_a, dt.date(2017, 12, 29)),
                  outgoing_row(agency_a, doc_type, people, units_a, dt.date(2017, 3, 1)),
                  outgoing_row(agency_a, doc_type, people, units_a, dt.date(2018, 1, 2))])
    assert [(d.arrival_date.isoformat(), d.arrival_number, d.status)
            for d in result.incoming] == [("2017-05-02", 1, "done"), ("2017-06-01", 2, "done")]
    assert [(d.issued_date.isoformat(), d.number_symbol) for d in
            OutgoingDocument.objects.order_by("issued_date")] == [
        ("2017-03-01", "01/STTTT-BCVT"), ("2017-12-29", "02/STTTT-BCVT"),
        ("2018-01-02", "01/STTTT-BCVT")]
    assert Assignment.objects.count() == 2
    assert all(a.reminded_at is not None for a in Assignment.objects.all())
    [entry_] = AuditEntry.objects.filter(action="documents.register.import")
    assert entry_.after == {"incoming": {str(agency_a.pk): 2},
                            "outgoing": {str(agency_a.pk): 3}}


@pytest.mark.parametrize(("changes", "fragment"), [
    ({"number_symbol": "5/X-Y"}, "number_symbol"),
    ({"summary": ""}, "summary"),
    ({"arrival_date": None}, "arrival_date"),
])
def test_any_bad_row_and_nothing_is_saved(agency_a, doc_type, people, units_a, changes,
                                          fragment):
    rows = [incoming_row(agency_a, doc_type, people, units_a, number_symbol="44/X-Y"),
            incoming_row(agency_a, doc_type, people, units_a, **changes)]
    with pytest.raises(ValidationError) as caught:
        documents_import(actor=people["clerk"], incoming=rows, outgoing=[
            outgoing_row(agency_a, doc_type, people, units_a, dt.date(2017, 3, 1))])
    assert any(message.startswith(f"2: {fragment}")
               for message in caught.value.message_dict["rows"])
    assert not IncomingDocument.objects.exists()
    assert not OutgoingDocument.objects.exists()
    assert not IssuedNumber.objects.exists()


def test_duplicates_and_future_issues_are_refused(agency_a, doc_type, people, units_a):
    same = incoming_row(agency_a, doc_type, people, units_a)
    with pytest.raises(ValidationError) as caught:
        documents_import(actor=None, incoming=[same, same], outgoing=[
            outgoing_row(agency_a, doc_type, people, units_a, dt.date(2018, 3, 1))])
    assert caught.value.message_dict["rows"] == [
        "2: Văn bản 123/VNCERT-DPUJC có hai lần trong danh sách.",
        "3: issued_at: Ngày ban hành không được ở tương lai."]
    assert not IncomingDocument.objects.exists()


@pytest.mark.parametrize("who", ["director", "specialist", "b_clerk"])
def test_only_the_clerk_or_a_system_administrator_imports(agency_a, doc_type, people,
                                                          units_a, who):
    with pytest.raises(ValidationError):
        documents_import(actor=people[who],
                         incoming=[incoming_row(agency_a, doc_type, people, units_a)])
    assert not IncomingDocument.objects.exists()
    documents_import(actor=people["sysadmin"],
                     incoming=[incoming_row(agency_a, doc_type, people, units_a)])
    assert IncomingDocument.objects.count() == 1
