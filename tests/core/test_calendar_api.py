"""The calendar API: counting for every signed-in user, declaring for system
administrators only, errors as 4xx bodies."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.core.calendar import selectors as calendar
from egov.core.calendar import services
from egov.core.calendar.models import CalendarDay
from egov.core.models import AuditEntry

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DAYS = "/api/v1/calendar/days/"


@pytest.fixture
def declared(superuser) -> CalendarDay:
    return services.calendar_day_declare(
        actor=superuser, date=dt.date(2018, 3, 10), kind=CalendarDay.Kind.WORKING_DAY,
        name="Làm bù", legal_basis="Công văn 1/UBND",
    )


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/calendar/add/?date=2018-02-09&days=5"),
        ("get", "/api/v1/calendar/between/?from=2018-02-09&to=2018-02-23"),
        ("get", "/api/v1/calendar/year/2018/"),
        ("get", DAYS),
        ("post", DAYS),
    ],
)
def test_anonymous_is_refused(api, method, url):
    response = getattr(api(None), method)(url, **EN)
    # 401 or 403 depending on which authentication scheme the settings list first.
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("who", ["citizen", "desk_officer", "system_admin"])
def test_everyone_signed_in_can_count(api, request, who):
    client = api(request.getfixturevalue(who))
    response = client.get("/api/v1/calendar/add/?date=09/02/2018&days=5")
    assert response.status_code == 200
    assert response.json() == {"date": "2018-02-09", "days": 5, "result": "2018-02-23"}
    response = client.get("/api/v1/calendar/between/?from=2018-02-09&to=2018-02-23")
    assert response.json() == {"from": "2018-02-09", "to": "2018-02-23", "working_days": 5}


def test_year_overview(api, citizen, declared):
    response = api(citizen).get("/api/v1/calendar/year/2018/", **EN)
    assert response.status_code == 200
    body = response.json()
    assert body[0] == {"date": "2018-01-01", "working": False, "name": "New Year's Day",
                       "source": "law", "weekday": "Monday"}
    assert {"date": "2018-03-10", "working": True, "name": "Làm bù", "source": "declared",
            "weekday": "Saturday"} in body


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("date=2018-02-30&days=5", {"date": ["Date has wrong format. Use one of these "
                                             "formats instead: YYYY-MM-DD, DD/MM/YYYY."]}),
        ("date=2018-02-09&days=-1",
         {"days": ["Ensure this value is greater than or equal to 0."]}),
        ("date=2018-02-09", {"days": ["This field is required."]}),
        ("date=1999-02-09&days=1",
         {"non_field_errors": ["The working-day calendar covers the years 2000 to 2100."]}),
    ],
)
def test_bad_counting_queries_get_400(api, citizen, query, fields):
    response = api(citizen).get(f"/api/v1/calendar/add/?{query}", **EN)
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "message": "The request has invalid data.",
                               "fields": fields}


def test_between_needs_both_dates(api, citizen):
    response = api(citizen).get("/api/v1/calendar/between/?from=2018-02-09", **EN)
    assert response.status_code == 400
    assert response.json()["fields"] == {"to": ["This field is required."]}


def test_year_out_of_range_gets_400(api, citizen):
    response = api(citizen).get("/api/v1/calendar/year/1990/", **EN)
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "non_field_errors": ["The working-day calendar covers the years 2000 to 2100."]
    }


@pytest.mark.parametrize("who", ["citizen", "desk_officer"])
def test_others_can_read_but_not_declare(api, request, who, declared):
    client = api(request.getfixturevalue(who))
    assert client.get(DAYS).json()["results"] == [
        {"id": declared.pk, "date": "2018-03-10", "kind": "working_day", "name": "Làm bù",
         "legal_basis": "Công văn 1/UBND"},
    ]
    new = {"date": "2018-03-17", "kind": "working_day", "name": "Làm bù"}
    assert client.post(DAYS, new, format="json").status_code == 403
    assert client.patch(f"{DAYS}{declared.pk}/", {"name": "X"}, format="json").status_code == 403
    assert client.delete(f"{DAYS}{declared.pk}/").status_code == 403
    assert list(CalendarDay.objects.values_list("date", "name")) == [
        (dt.date(2018, 3, 10), "Làm bù")
    ]


@pytest.mark.parametrize("who", ["system_admin", "superuser"])
def test_system_admin_declares_changes_and_removes(api, request, who):
    user = request.getfixturevalue(who)
    client = api(user)
    assert calendar.add_working_days(dt.date(2018, 2, 9), 5) == dt.date(2018, 2, 23)
    response = client.post(DAYS, {"date": "12/02/2018", "kind": "day_off",
                                  "name": "Nghỉ của tỉnh"}, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    assert response.json() == {"id": pk, "date": "2018-02-12", "kind": "day_off",
                               "name": "Nghỉ của tỉnh", "legal_basis": ""}
    # The cache of this process follows at once.
    assert client.get("/api/v1/calendar/add/?date=2018-02-09&days=5").json()["result"] == (
        "2018-02-26"
    )

    response = client.patch(f"{DAYS}{pk}/", {"legal_basis": "Quyết định 5/QĐ-UBND"},
                             format="json")
    assert response.status_code == 200
    assert response.json()["legal_basis"] == "Quyết định 5/QĐ-UBND"

    assert client.delete(f"{DAYS}{pk}/").status_code == 204
    assert not CalendarDay.objects.exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="core.calendar_day")
        .values_list("action", "actor")
    ) == [
        ("core.calendar_day.declare", user.pk),
        ("core.calendar_day.update", user.pk),
        ("core.calendar_day.remove", user.pk),
    ]
    assert calendar.add_working_days(dt.date(2018, 2, 9), 5) == dt.date(2018, 2, 23)


def test_contradiction_gets_400_naming_the_conflict(api, system_admin, declared):
    client = api(system_admin)
    response = client.post(DAYS, {"date": "2018-02-17", "kind": "working_day",
                                  "name": "Làm bù"}, format="json", **EN)
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "The request has invalid data.",
        "fields": {"date": ["Saturday 17/02/2018 is a public holiday (Second Day of Lunar New "
                            "Year); a public holiday cannot be made a working day."]},
    }
    response = client.post(DAYS, {"date": "2018-03-10", "kind": "working_day",
                                  "name": "Lần hai"}, format="json", **EN)
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "date": ["Saturday 10/03/2018 already has an entry: Làm bù (Make-up working day)."]
    }
    response = client.post(DAYS, {"date": "2018-03-17", "kind": "holiday", "name": ""},
                           format="json", **EN)
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "kind": ['"holiday" is not a valid choice.'],
        "name": ["This field may not be blank."],
    }
    assert CalendarDay.objects.count() == 1


def test_list_filters_by_year(api, citizen, declared, superuser):
    services.calendar_day_declare(actor=superuser, date=dt.date(2019, 3, 9),
                                  kind=CalendarDay.Kind.WORKING_DAY, name="Làm bù 2019")
    client = api(citizen)
    assert [d["date"] for d in client.get(DAYS).json()["results"]] == [
        "2018-03-10", "2019-03-09"
    ]
    assert [d["date"] for d in client.get(f"{DAYS}?year=2019").json()["results"]] == [
        "2019-03-09"
    ]
    response = client.get(f"{DAYS}?year=abc", **EN)
    assert response.status_code == 400
    assert response.json()["fields"] == {"year": ["A valid integer is required."]}
