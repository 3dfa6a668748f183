"""The documents' indicators: registered, issued, electronic share, handled on time or
late, still open; the same definitions as egov.documents.reports.document_counts."""

import datetime as dt

import pytest
import time_machine
from indicators_documents_data import DocumentsData, agencies, documents_2017

from egov.documents import reports
from egov.indicators import registry, selectors
from egov.indicators.base import Period, Query

pytestmark = pytest.mark.django_db
Y2017 = Period.year(2017)
ICT = dt.timezone(dt.timedelta(hours=7))
CODES = [i.code for i in registry.all_indicators() if i.code.startswith("documents.")]


@pytest.fixture
def data(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(dt.datetime(2018, 3, 1, 9, tzinfo=ICT), tick=False):
        built = DocumentsData()
        agencies(built)
        documents_2017(built)
        yield built


def test_the_figures_of_2017(data):
    province = selectors.figures(registry.resolve(CODES), Y2017)
    assert province == {
        "documents.incoming": 5, "documents.incoming.electronic": 4,
        "documents.outgoing": 3, "documents.outgoing.electronic": 2,
        "documents.electronic_rate": 75.0,
        "documents.handled": 4, "documents.handled.on_time": 2,
        "documents.handled.late": 1, "documents.open": 2, "documents.open.overdue": 1,
        "documents.handled.on_time_rate": 66.67,
    }
    only_s = selectors.figures(registry.resolve(CODES), Y2017, data.agencies["S"])
    assert (only_s["documents.incoming"], only_s["documents.outgoing"],
            only_s["documents.handled"]) == (4, 2, 3)


def test_the_same_as_the_documents_reports(data):
    """The indicators and the documents' own counts agree (handled, on time, late)."""
    ids = [a.pk for a in data.agencies.values()]
    counts = reports.document_counts(agency_ids=ids, start=Y2017.start, end=Y2017.end)
    figures = selectors.figures(registry.resolve(CODES), Y2017)
    assert (counts.incoming, counts.incoming_electronic, counts.outgoing,
            counts.outgoing_electronic, counts.handled, counts.handled_on_time,
            counts.handled_late) == (
        figures["documents.incoming"], figures["documents.incoming.electronic"],
        figures["documents.outgoing"], figures["documents.outgoing.electronic"],
        figures["documents.handled"], figures["documents.handled.on_time"],
        figures["documents.handled.late"])


def test_open_is_judged_on_the_last_day_of_the_period(data):
    # At the end of March, i2 (finished 20 March) is no longer open.
    march = selectors.figures(registry.resolve(["documents.open", "documents.open.overdue"]),
                              Period(dt.date(2017, 3, 1), dt.date(2017, 3, 15)))
    assert march == {"documents.open": 1, "documents.open.overdue": 1}


@pytest.mark.parametrize("code", CODES)
def test_the_records_are_what_is_counted(data, code):
    indicator = registry.get(code)
    query = Query(Y2017)
    records = indicator.records(query)
    rows = list(records.queryset)
    if indicator.unit == "count":
        assert len(rows) == indicator.value(query)
    for row in rows:
        assert records.link(row).startswith("/van-ban/")
        assert records.columns[0].value(row)  # the number and symbol
