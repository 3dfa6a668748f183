"""Counting dossiers: by dimension, the report's summary, in one query; the tracking
register as a page and as XLSX; the figures API."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from dossier_factories import APPLICANT, at, at_director, received, submitted
from openpyxl import load_workbook

from egov.dossiers import figures, services
from egov.dossiers.models import Dossier

YEAR = (dt.date(2017, 1, 1), dt.date(2017, 12, 31))


@pytest.fixture
def year(people, procedure, paid_procedure, signing):
    """2017 at Sở TT&TT: three online level-3 dossiers (one late, one early, one open and
    overdue), one level-3 at the desk, one level-4 by post; one online dossier submitted
    but never accepted; one received in 2018."""
    with time_machine.travel(at("2017-11-01 09:00"), tick=False):
        late = at_director(people, procedure)
        early = at_director(people, procedure)
        received(people, procedure)
        desk = services.dossier_intake(actor=people["desk"], procedure=procedure,
                                       channel="desk", applicant=APPLICANT,
                                       papers_received=[1, 2])
        services.dossier_accept(actor=people["desk"], dossier=desk)
        post = services.dossier_intake(actor=people["desk"], procedure=paid_procedure,
                                       channel="post", applicant=APPLICANT,
                                       papers_received=[1, 2])
        services.dossier_accept(actor=people["desk"], dossier=post)
        submitted(people["citizen"], procedure)
    with time_machine.travel(at("2017-11-03 10:00"), tick=False):
        services.dossier_approve(actor=people["director"], dossier=early)
    with time_machine.travel(at("2017-11-20 10:00"), tick=False):
        services.dossier_approve(actor=people["director"], dossier=late)
    with time_machine.travel(at("2018-01-02 09:00"), tick=False):
        received(people, procedure)


def test_counts_by_level_and_channel(year, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = figures.dossier_counts(*YEAR, by=["level", "channel"])
    assert rows == [{"level": 3, "channel": "desk", "count": 1},
                    {"level": 3, "channel": "online", "count": 3},
                    {"level": 4, "channel": "post", "count": 1}]


def test_counts_by_timeliness_and_month(year):
    today = dt.date(2017, 12, 31)
    assert figures.dossier_counts(*YEAR, by=["timeliness"], today=today) == [
        {"timeliness": "early", "count": 1}, {"timeliness": "late", "count": 1},
        {"timeliness": "overdue", "count": 3}]
    assert figures.dossier_counts(*YEAR, by=["month"]) == [
        {"month": dt.date(2017, 11, 1), "count": 5}]
    assert figures.dossier_counts(*YEAR, by=["status"], basis="submitted") == [
        {"status": "received", "count": 3}, {"status": "result_ready", "count": 2},
        {"status": "submitted", "count": 1}]


def test_the_summary_in_one_query(year, django_assert_num_queries):
    with django_assert_num_queries(1):
        summary = figures.dossier_summary(*YEAR, today=dt.date(2017, 12, 31))
    assert {k: summary[k] for k in ("total", "level_3", "level_3_online", "level_4",
                                    "level_4_online", "online", "desk", "post", "finished",
                                    "early", "on_time", "late", "overdue", "in_progress")} == {
        "total": 5, "level_3": 4, "level_3_online": 3, "level_4": 1, "level_4_online": 0,
        "online": 3, "desk": 1, "post": 1, "finished": 2, "early": 1, "on_time": 0,
        "late": 1, "overdue": 3, "in_progress": 0}
    assert summary["on_time_rate_permille"] == 500


def test_late_is_the_same_everywhere(year):
    late = [d.pk for d in Dossier.objects.all() if d.finished_at
            and d.finished_at.date() > d.due_date]
    rows = figures.register_queryset(agency_id=Dossier.objects.first().agency_id, start=YEAR[0],
                                     end=YEAR[1])
    assert [d.pk for d in rows if d.timeliness == "late"] == late


def test_bad_arguments(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        figures.dossier_counts(*YEAR, by=["colour"])
    with pytest.raises(ValidationError):
        figures.dossier_counts(YEAR[1], YEAR[0], by=["level"])
    with pytest.raises(ValidationError):
        figures.dossier_summary(*YEAR, basis="moon")


def test_the_register_page_and_xlsx(web_as, year, stttt):
    client = web_as("desk")
    page = client.get("/ho-so/so-theo-doi/", {"from": "2017-01-01", "to": "2017-12-31"})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<tr class="') == 5
    xlsx = client.get("/ho-so/so-theo-doi/", {"from": "2017-01-01", "to": "2017-12-31",
                                               "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("SỔ THEO DÕI HỒ SƠ - Sở Thông tin và Truyền thông")
    assert rows[1][1] == "Mã hồ sơ"
    assert len(rows) == 2 + 5
    assert {row[12] for row in rows[2:]} >= {"Trước hạn", "Quá hạn"}
    unit = stttt.units.get(short_name="TTBCXB")
    by_unit = client.get("/ho-so/so-theo-doi/", {"from": "2017-01-01", "to": "2017-12-31",
                                                  "unit": unit.pk})
    assert by_unit.content.decode().count('<tr class="') == 2


@pytest.mark.parametrize("who, status", [("citizen", 403), ("anonymous", 302),
                                         ("specialist", 200)])
def test_who_sees_the_register(web_as, procedure, who, status):
    assert web_as(who).get("/ho-so/so-theo-doi/").status_code == status


def test_the_figures_api(api_as, year):
    params = {"from": "2017-01-01", "to": "2017-12-31"}
    mine = api_as("desk").get("/api/v1/dossier-figures/", params)
    assert mine.status_code == 200
    assert mine.json()["summary"]["total"] == 5
    grouped = api_as("director").get("/api/v1/dossier-figures/", {**params, "by": "channel"})
    assert grouped.json()["rows"] == [{"channel": "desk", "count": 1},
                                      {"channel": "online", "count": 3},
                                      {"channel": "post", "count": 1}]
    assert api_as("b_desk").get("/api/v1/dossier-figures/", params).json()["summary"][
        "total"] == 0
    assert api_as("citizen").get("/api/v1/dossier-figures/", params).status_code == 403
    bad = api_as("desk").get("/api/v1/dossier-figures/", {**params, "by": "colour"})
    assert bad.status_code == 400
