"""Counting working days: the law's calendar, declared days, and the per-process cache."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import translation

from egov.core.calendar import (
    add_working_days,
    is_working_day,
    next_working_day,
    services,
    working_days_between,
)
from egov.core.calendar import selectors as calendar
from egov.core.calendar.models import CalendarDay, CalendarVersion

pytestmark = pytest.mark.django_db
D = dt.date
OFF, WORKING = CalendarDay.Kind.DAY_OFF, CalendarDay.Kind.WORKING_DAY


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_five_working_days_from_friday_9_february_2018_cross_tet():
    # Tết Mậu Tuất: 14–20/02/2018 off (29 Tết to mùng 5, compensatory days included).
    assert add_working_days(D(2018, 2, 9), 5) == D(2018, 2, 23)
    assert working_days_between(D(2018, 2, 9), D(2018, 2, 23)) == 5
    assert [is_working_day(D(2018, 2, day)) for day in range(12, 22)] == [
        True, True, False, False, False, False, False, False, False, True,
    ]


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2017, 3, 3), 1, D(2017, 3, 6)),      # Friday → Monday
        (D(2017, 3, 4), 1, D(2017, 3, 6)),      # from a Saturday
        (D(2017, 3, 5), 5, D(2017, 3, 10)),     # from a Sunday: Monday to Friday
        (D(2017, 3, 3), 0, D(2017, 3, 3)),      # nothing to add
        (D(2017, 3, 4), 0, D(2017, 3, 4)),
        (D(2017, 1, 25), 1, D(2017, 2, 2)),     # Tết Đinh Dậu 26/01–01/02/2017
        (D(2017, 4, 28), 1, D(2017, 5, 3)),     # 29/04–02/05/2017
        (D(2017, 9, 1), 1, D(2017, 9, 5)),      # 02/09/2017 a Saturday, 04/09 compensatory
        (D(2018, 12, 28), 2, D(2019, 1, 3)),    # 31/12/2018 swapped, 01/01/2019, over New Year
        (D(2019, 1, 4), 1, D(2019, 1, 5)),      # Saturday 05/01/2019 is a make-up working day
        (D(2019, 5, 3), 1, D(2019, 5, 4)),      # Saturday 04/05/2019 likewise
        (D(2024, 2, 7), 1, D(2024, 2, 15)),     # Tết Giáp Thìn 08/02–14/02/2024
        (D(2025, 1, 24), 1, D(2025, 2, 3)),     # Tết Ất Tỵ 25/01–02/02/2025
        (D(2026, 2, 13), 1, D(2026, 2, 23)),    # Tết Bính Ngọ 14/02–22/02/2026
        (D(2026, 11, 23), 1, D(2026, 11, 25)),  # Ngày Văn hóa Việt Nam from 2026
        (D(2017, 1, 3), 250, D(2018, 1, 2)),    # 2017 has 250 working days, 03/01 the first
    ],
)
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due
    assert working_days_between(start, due) == days


def test_weekends_are_off_and_weekdays_working():
    week = [D(2017, 3, 6) + dt.timedelta(days=i) for i in range(7)]
    assert [is_working_day(d) for d in week] == [True] * 5 + [False] * 2
    assert working_days_between(D(2017, 3, 10), D(2017, 3, 12)) == 0
    assert next_working_day(D(2017, 3, 10)) == D(2017, 3, 13)


def test_between_is_the_inverse_of_add_and_antisymmetric():
    start = D(2017, 1, 1)
    for offset in range(0, 3650, 7):
        day = start + dt.timedelta(days=offset)
        for n in (0, 1, 2, 5, 7, 15, 30):
            due = add_working_days(day, n)
            assert working_days_between(day, due) == n
            if n:
                assert is_working_day(due)
                # The first such day: the day before is one working day short.
                assert working_days_between(day, due - dt.timedelta(days=1)) == n - 1
    assert working_days_between(D(2018, 2, 23), D(2018, 2, 9)) == -5
    assert working_days_between(D(2018, 2, 9), D(2018, 2, 9)) == 0


def test_a_whole_year_counts_its_working_days():
    # 2018: 365 days, 104 weekend days, 11 weekday holidays: 01/01, five of Tết,
    # 25/04, 30/04, 01/05, 03/09 and 31/12 (swapped with Saturday 05/01/2019).
    assert working_days_between(D(2017, 12, 31), D(2018, 12, 31)) == 365 - 104 - 11


def test_negative_days_are_refused():
    with pytest.raises(ValidationError) as exc:
        add_working_days(D(2018, 2, 9), -1)
    assert exc.value.messages == ["The number of working days must be 0 or more."]


@pytest.mark.parametrize(
    "call",
    [
        lambda: add_working_days(D(1999, 12, 31), 1),
        lambda: add_working_days(D(2100, 12, 1), 40),
        lambda: is_working_day(D(2101, 1, 3)),
        lambda: working_days_between(D(2018, 1, 1), D(2200, 1, 1)),
    ],
)
def test_dates_outside_the_calendar_are_refused(call):
    with pytest.raises(ValidationError) as exc:
        call()
    assert exc.value.messages == ["The working-day calendar covers the years 2000 to 2100."]


def test_declared_day_off_moves_the_deadline(superuser):
    assert add_working_days(D(2018, 2, 9), 5) == D(2018, 2, 23)
    services.calendar_day_declare(actor=superuser, date=D(2018, 2, 12), kind=OFF,
                                  name="Nghỉ theo quyết định của UBND tỉnh")
    assert not is_working_day(D(2018, 2, 12))
    assert add_working_days(D(2018, 2, 9), 5) == D(2018, 2, 26)
    assert working_days_between(D(2018, 2, 9), D(2018, 2, 26)) == 5


def test_declared_make_up_saturday_is_a_working_day(superuser):
    services.calendar_day_declare(actor=superuser, date=D(2017, 3, 11), kind=WORKING,
                                  name="Làm bù")
    assert is_working_day(D(2017, 3, 11))
    assert add_working_days(D(2017, 3, 10), 1) == D(2017, 3, 11)
    assert working_days_between(D(2017, 3, 10), D(2017, 3, 13)) == 2


def test_day_off_on_the_laws_make_up_saturday_cancels_it(superuser):
    assert is_working_day(D(2019, 1, 5))
    services.calendar_day_declare(actor=superuser, date=D(2019, 1, 5), kind=OFF,
                                  name="Không làm bù")
    assert not is_working_day(D(2019, 1, 5))
    assert add_working_days(D(2019, 1, 4), 1) == D(2019, 1, 7)


def test_removing_a_declaration_restores_the_law(superuser):
    day = services.calendar_day_declare(actor=superuser, date=D(2018, 2, 12), kind=OFF,
                                        name="Nghỉ")
    assert add_working_days(D(2018, 2, 9), 5) == D(2018, 2, 26)
    services.calendar_day_remove(actor=superuser, day=day)
    assert add_working_days(D(2018, 2, 9), 5) == D(2018, 2, 23)


def test_official_new_year_swap_of_2026():
    assert is_working_day(D(2026, 1, 2))
    assert not is_working_day(D(2026, 1, 10))
    assert services.calendar_official_days_load(actor=None) == (2, 0)
    assert not is_working_day(D(2026, 1, 2))
    assert is_working_day(D(2026, 1, 10))
    assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)


def test_computations_run_from_memory(django_assert_num_queries, settings):
    settings.EGOV_CALENDAR_RECHECK_SECONDS = 3600
    with django_assert_num_queries(2):  # the version, then the declared days
        add_working_days(D(2018, 2, 9), 5)
    with django_assert_num_queries(0):
        for offset in range(2000):
            day = D(2017, 1, 1) + dt.timedelta(days=offset)
            add_working_days(day, 10)
            working_days_between(day, day + dt.timedelta(days=40))
            is_working_day(day)


def test_unchanged_version_keeps_the_cache(django_assert_num_queries, settings):
    settings.EGOV_CALENDAR_RECHECK_SECONDS = 0
    add_working_days(D(2018, 2, 9), 5)
    with django_assert_num_queries(1):  # only the version is read again
        assert add_working_days(D(2018, 2, 9), 5) == D(2018, 2, 23)


def test_a_change_is_seen_inside_its_transaction_and_gone_after_rollback(
    superuser, settings, django_assert_num_queries
):
    settings.EGOV_CALENDAR_RECHECK_SECONDS = 3600
    assert add_working_days(D(2018, 2, 9), 5) == D(2018, 2, 23)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.calendar_day_declare(actor=superuser, date=D(2018, 2, 12), kind=OFF,
                                      name="Nghỉ")
        assert add_working_days(D(2018, 2, 9), 5) == D(2018, 2, 26)
        raise RuntimeError("the request failed after declaring")
    with django_assert_num_queries(0):
        assert add_working_days(D(2018, 2, 9), 5) == D(2018, 2, 23)


def test_after_commit_this_process_forgets_its_copy(
    superuser, settings, django_capture_on_commit_callbacks
):
    settings.EGOV_CALENDAR_RECHECK_SECONDS = 3600
    assert add_working_days(D(2018, 2, 9), 5) == D(2018, 2, 23)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.calendar_day_declare(actor=superuser, date=D(2018, 2, 12), kind=OFF,
                                      name="Nghỉ")
    assert len(callbacks) == 1
    assert calendar._state is None
    assert add_working_days(D(2018, 2, 9), 5) == D(2018, 2, 26)


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_by_another_process_is_seen_at_the_next_check(
    settings, monkeypatch
):
    settings.EGOV_CALENDAR_RECHECK_SECONDS = 3600
    assert add_working_days(D(2018, 2, 9), 5) == D(2018, 2, 23)
    # Another process: its commit does not reach this process's memory.
    monkeypatch.setattr(calendar, "invalidate", lambda: None)

    def other_process() -> None:
        try:
            services.calendar_day_declare(actor=None, date=D(2018, 2, 12), kind=OFF,
                                          name="Nghỉ")
        finally:
            connection.close()

    thread = threading.Thread(target=other_process)
    thread.start()
    thread.join()
    assert CalendarVersion.objects.get(pk=1).number == 1
    assert add_working_days(D(2018, 2, 9), 5) == D(2018, 2, 23)  # not checked yet
    settings.EGOV_CALENDAR_RECHECK_SECONDS = 0
    assert add_working_days(D(2018, 2, 9), 5) == D(2018, 2, 26)


def test_year_overview_lists_holidays_swaps_and_declarations(superuser):
    services.calendar_day_declare(actor=superuser, date=D(2019, 3, 9), kind=WORKING,
                                  name="Làm bù của tỉnh", legal_basis="Công văn 1/UBND")
    entries = calendar.year_overview(2019)
    rows = [(e.date, e.working, e.source) for e in entries]
    assert rows == [
        (D(2019, 1, 1), False, "law"),
        (D(2019, 1, 5), True, "law"),
        (D(2019, 2, 4), False, "law"),
        (D(2019, 2, 5), False, "law"),
        (D(2019, 2, 6), False, "law"),
        (D(2019, 2, 7), False, "law"),
        (D(2019, 2, 8), False, "law"),
        (D(2019, 3, 9), True, "declared"),
        (D(2019, 4, 14), False, "law"),
        (D(2019, 4, 15), False, "law"),
        (D(2019, 4, 29), False, "law"),
        (D(2019, 4, 30), False, "law"),
        (D(2019, 5, 1), False, "law"),
        (D(2019, 5, 4), True, "law"),
        (D(2019, 9, 2), False, "law"),
    ]
    assert entries[0].name == "New Year's Day"
    assert entries[1].name == "Make-up working day"
    assert entries[7].name == "Làm bù của tỉnh"
