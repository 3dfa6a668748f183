"""Declaring, changing and removing calendar days: audited, and contradictions refused
with a message that names the conflict, nothing saved."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation

from egov.core.calendar import demo_data, services
from egov.core.calendar.models import CalendarDay, CalendarVersion
from egov.core.calendar.official import OfficialDay
from egov.core.demo import DemoContext
from egov.core.models import AuditEntry

pytestmark = pytest.mark.django_db
D = dt.date
OFF, WORKING = CalendarDay.Kind.DAY_OFF, CalendarDay.Kind.WORKING_DAY


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_declare_saves_the_day_and_audits_it(superuser):
    day = services.calendar_day_declare(
        actor=superuser, date=D(2018, 2, 12), kind=OFF, name="  Nghỉ theo quyết định  ",
        legal_basis="Quyết định 123/QĐ-UBND",
    )
    assert (day.date, day.kind, day.name, day.legal_basis, day.created_by) == (
        D(2018, 2, 12), OFF, "Nghỉ theo quyết định", "Quyết định 123/QĐ-UBND", superuser,
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_type, entry.object_id) == (
        "core.calendar_day.declare", superuser, "core.calendarday", str(day.pk),
    )
    assert entry.after["date"] == "2018-02-12"
    assert entry.after["kind"] == "day_off"
    assert CalendarVersion.objects.get(pk=1).number == 1


@pytest.mark.parametrize(
    ("date", "kind", "message"),
    [
        (D(2018, 2, 17), WORKING,
         "Saturday 17/02/2018 is a public holiday (Second Day of Lunar New Year); a public "
         "holiday cannot be made a working day."),
        (D(2018, 2, 16), OFF,
         "Friday 16/02/2018 is already a public holiday (Lunar New Year); declaring it a day "
         "off changes nothing."),
        (D(2018, 3, 4), OFF,
         "Sunday 04/03/2018 is already a weekly day off; declaring it a day off changes "
         "nothing."),
        (D(2018, 3, 5), WORKING,
         "Monday 05/03/2018 is already a working day; only a Saturday or Sunday can be "
         "declared a make-up working day."),
        (D(2019, 5, 4), WORKING,
         "Saturday 04/05/2019 is already a make-up working day under the Government's "
         "announcement; declaring it again changes nothing."),
        (D(2018, 12, 31), WORKING,
         "Monday 31/12/2018 is a public holiday (Day off (substituted from 01/05/2019)); a "
         "public holiday cannot be made a working day."),
        (D(1999, 5, 3), OFF, "The working-day calendar covers the years 2000 to 2100."),
    ],
)
def test_contradictions_are_refused_and_nothing_is_saved(superuser, date, kind, message):
    with pytest.raises(ValidationError) as exc:
        services.calendar_day_declare(actor=superuser, date=date, kind=kind, name="Thử")
    assert exc.value.message_dict == {"date": [message]}
    assert not CalendarDay.objects.exists()
    assert not AuditEntry.objects.exists()
    assert not CalendarVersion.objects.exists()


def test_a_second_entry_for_the_same_date_is_refused(superuser):
    services.calendar_day_declare(actor=superuser, date=D(2018, 3, 10), kind=WORKING,
                                  name="Làm bù lần một")
    with pytest.raises(ValidationError) as exc:
        services.calendar_day_declare(actor=superuser, date=D(2018, 3, 10), kind=WORKING,
                                      name="Làm bù lần hai")
    assert exc.value.message_dict == {
        "date": ["Saturday 10/03/2018 already has an entry: Làm bù lần một "
                 "(Make-up working day)."]
    }
    assert list(CalendarDay.objects.values_list("name", flat=True)) == ["Làm bù lần một"]
    assert AuditEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"name": "   "}, {"name": ["This field cannot be blank."]}),
        ({"kind": "holiday"}, {"kind": ["Value 'holiday' is not a valid choice."]}),
        ({"name": "x" * 201},
         {"name": ["Ensure this value has at most 200 characters (it has 201)."]}),
    ],
)
def test_bad_fields_are_refused(superuser, fields, errors):
    values = {"date": D(2018, 2, 12), "kind": OFF, "name": "Nghỉ"} | fields
    with pytest.raises(ValidationError) as exc:
        services.calendar_day_declare(actor=superuser, **values)
    assert exc.value.message_dict == errors
    assert not CalendarDay.objects.exists()


def test_update_changes_the_day_and_audits_before_and_after(superuser):
    day = services.calendar_day_declare(actor=superuser, date=D(2018, 2, 12), kind=OFF,
                                        name="Nghỉ")
    services.calendar_day_update(actor=superuser, day=day, date=D(2018, 2, 13),
                                 name="Nghỉ (dời ngày)", legal_basis="Công văn 9/UBND")
    day.refresh_from_db()
    assert (day.date, day.kind, day.name, day.legal_basis) == (
        D(2018, 2, 13), OFF, "Nghỉ (dời ngày)", "Công văn 9/UBND",
    )
    entry = AuditEntry.objects.order_by("sequence").last()
    assert entry.action == "core.calendar_day.update"
    assert (entry.before["date"], entry.after["date"]) == ("2018-02-12", "2018-02-13")
    assert CalendarVersion.objects.get(pk=1).number == 2


def test_update_into_a_contradiction_changes_nothing(superuser):
    day = services.calendar_day_declare(actor=superuser, date=D(2018, 2, 12), kind=OFF,
                                        name="Nghỉ")
    other = services.calendar_day_declare(actor=superuser, date=D(2018, 3, 10), kind=WORKING,
                                          name="Làm bù")
    with pytest.raises(ValidationError) as exc:
        services.calendar_day_update(actor=superuser, day=day, kind=WORKING)
    assert exc.value.message_dict == {
        "date": ["Monday 12/02/2018 is already a working day; only a Saturday or Sunday can "
                 "be declared a make-up working day."]
    }
    with pytest.raises(ValidationError) as exc:
        services.calendar_day_update(actor=superuser, day=other, date=D(2018, 2, 12),
                                     kind=OFF)
    assert exc.value.message_dict == {
        "date": ["Monday 12/02/2018 already has an entry: Nghỉ (Day off)."]
    }
    assert list(CalendarDay.objects.values_list("date", "kind")) == [
        (D(2018, 2, 12), OFF), (D(2018, 3, 10), WORKING),
    ]
    assert AuditEntry.objects.count() == 2


def test_update_keeps_its_own_date(superuser):
    day = services.calendar_day_declare(actor=superuser, date=D(2018, 2, 12), kind=OFF,
                                        name="Nghỉ")
    services.calendar_day_update(actor=superuser, day=day, name="Nghỉ lễ của tỉnh")
    assert CalendarDay.objects.get().name == "Nghỉ lễ của tỉnh"


def test_remove_deletes_and_audits(superuser):
    day = services.calendar_day_declare(actor=superuser, date=D(2018, 2, 12), kind=OFF,
                                        name="Nghỉ")
    services.calendar_day_remove(actor=superuser, day=day)
    assert not CalendarDay.objects.exists()
    entry = AuditEntry.objects.order_by("sequence").last()
    assert (entry.action, entry.object_label, entry.after) == (
        "core.calendar_day.remove", "12/02/2018 Day off: Nghỉ", None,
    )
    assert entry.before["name"] == "Nghỉ"


def test_official_days_load_once_and_are_skipped_after():
    assert services.calendar_official_days_load(actor=None) == (2, 0)
    assert list(CalendarDay.objects.values_list("date", "kind", "legal_basis")) == [
        (D(2026, 1, 2), OFF, "Công văn số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng "
                             "Chính phủ và thông báo của Bộ Nội vụ cùng ngày"),
        (D(2026, 1, 10), WORKING, "Công văn số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng "
                                  "Chính phủ và thông báo của Bộ Nội vụ cùng ngày"),
    ]
    assert services.calendar_official_days_load(actor=None) == (0, 2)
    assert CalendarDay.objects.count() == 2
    assert AuditEntry.objects.filter(action="core.calendar_day.declare").count() == 2


def test_official_days_the_law_already_has_are_skipped(monkeypatch):
    monkeypatch.setattr(services, "OFFICIAL_DAYS", (
        OfficialDay(D(2019, 1, 5), WORKING, "Làm bù", "Công văn 6519/VPCP-KGVX"),
        OfficialDay(D(2026, 1, 2), OFF, "Nghỉ", "Công văn 12729/VPCP-KGVX"),
    ))
    assert services.calendar_official_days_load(actor=None) == (1, 1)


def test_official_days_against_a_different_declaration_stop_the_load(superuser, monkeypatch):
    services.calendar_day_declare(actor=superuser, date=D(2026, 1, 2), kind=OFF,
                                  name="Nghỉ của tỉnh")
    monkeypatch.setattr(services, "OFFICIAL_DAYS", (
        OfficialDay(D(2026, 1, 10), WORKING, "Làm bù", "Công văn 12729/VPCP-KGVX"),
        OfficialDay(D(2026, 1, 2), WORKING, "Làm việc", "Công văn 12729/VPCP-KGVX"),
    ))
    with pytest.raises(ValidationError) as exc:
        services.calendar_official_days_load(actor=None)
    assert exc.value.messages == [
        "Friday 02/01/2026 is declared as Day off (Nghỉ của tỉnh), but the Government's "
        "announcement Công văn 12729/VPCP-KGVX says otherwise."
    ]
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [D(2026, 1, 2)]


@pytest.mark.parametrize("who", ["citizen", "desk_officer"])
def test_only_system_administrators_change_the_calendar(request, superuser, who):
    user = request.getfixturevalue(who)
    day = services.calendar_day_declare(actor=superuser, date=D(2018, 2, 12), kind=OFF,
                                        name="Nghỉ")
    calls = [
        lambda: services.calendar_day_declare(actor=user, date=D(2018, 2, 13), kind=OFF,
                                              name="Nghỉ"),
        lambda: services.calendar_day_update(actor=user, day=day, name="Khác"),
        lambda: services.calendar_day_remove(actor=user, day=day),
        lambda: services.calendar_official_days_load(actor=user),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied) as exc:
            call()
        assert str(exc.value) == (
            "Only a system administrator may change the working-day calendar."
        )
    assert list(CalendarDay.objects.values_list("date", "name")) == [(D(2018, 2, 12), "Nghỉ")]


def test_system_admin_role_may_change_the_calendar(system_admin):
    day = services.calendar_day_declare(actor=system_admin, date=D(2018, 2, 12), kind=OFF,
                                        name="Nghỉ")
    assert day.created_by == system_admin


@pytest.mark.django_db(transaction=True)
def test_two_declarations_of_one_date_at_once_save_one():
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def declare(name: str) -> None:
        try:
            barrier.wait()
            with translation.override("en"):
                services.calendar_day_declare(actor=None, date=D(2018, 3, 10), kind=WORKING,
                                              name=name)
            outcomes.append("saved")
        except ValidationError as exc:
            outcomes.append(exc.message_dict["date"][0].split(":")[0].rstrip("."))
        finally:
            connection.close()

    threads = [threading.Thread(target=declare, args=(n,)) for n in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["Saturday 10/03/2018 already has an entry", "saved"]
    assert CalendarDay.objects.count() == 1
    assert AuditEntry.objects.count() == 1
    assert CalendarVersion.objects.get(pk=1).number == 1


def test_demo_loader_declares_the_official_days_once():
    written: list[str] = []
    ctx = DemoContext(write=written.append)
    demo_data.load(ctx)
    demo_data.load(ctx)
    assert written == [
        "  calendar: 2 official days declared, 0 already present",
        "  calendar: 0 official days declared, 2 already present",
    ]
    assert CalendarDay.objects.count() == 2
