"""The admin site: calendar days go through the services; the audit trail and number
registers are read-only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from egov.core.calendar import services
from egov.core.calendar.models import CalendarDay
from egov.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_adding_a_day_in_the_admin_goes_through_the_service(admin_client, superuser):
    response = admin_client.post(
        reverse("admin:core_calendarday_add"),
        {"date": "12/02/2018", "kind": "day_off", "name": "Nghỉ của tỉnh", "legal_basis": ""},
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get()
    assert (day.date, day.created_by) == (dt.date(2018, 2, 12), superuser)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor) == ("core.calendar_day.declare", superuser)


def test_a_contradiction_is_shown_on_the_form(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = admin_client.post(
        reverse("admin:core_calendarday_add"),
        {"date": "2018-02-16", "kind": "day_off", "name": "Nghỉ", "legal_basis": ""},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "date": ["Friday 16/02/2018 is already a public holiday (Lunar New Year); declaring "
                 "it a day off changes nothing."]
    }
    assert not CalendarDay.objects.exists()
    assert not AuditEntry.objects.exists()


def test_changing_and_deleting_in_the_admin_are_audited(admin_client, superuser):
    day = services.calendar_day_declare(actor=superuser, date=dt.date(2018, 2, 12),
                                        kind=CalendarDay.Kind.DAY_OFF, name="Nghỉ")
    response = admin_client.post(
        reverse("admin:core_calendarday_change", args=[day.pk]),
        {"date": "2018-02-13", "kind": "day_off", "name": "Nghỉ", "legal_basis": "QĐ 1"},
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get().date == dt.date(2018, 2, 13)
    response = admin_client.post(
        reverse("admin:core_calendarday_change", args=[day.pk]),
        {"date": "2018-02-13", "kind": "working_day", "name": "Nghỉ", "legal_basis": ""},
    )
    assert response.status_code == 200
    assert CalendarDay.objects.get().kind == CalendarDay.Kind.DAY_OFF

    response = admin_client.post(
        reverse("admin:core_calendarday_delete", args=[day.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "core.calendar_day.declare", "core.calendar_day.update", "core.calendar_day.remove",
    ]


def test_bulk_delete_action_goes_through_the_service(admin_client, superuser):
    days = [
        services.calendar_day_declare(actor=superuser, date=date, kind=CalendarDay.Kind.DAY_OFF,
                                      name="Nghỉ")
        for date in (dt.date(2018, 2, 12), dt.date(2018, 2, 13))
    ]
    response = admin_client.post(
        reverse("admin:core_calendarday_changelist"),
        {"action": "delete_selected", "_selected_action": [d.pk for d in days], "post": "yes"},
    )
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    assert AuditEntry.objects.filter(action="core.calendar_day.remove").count() == 2


@pytest.mark.parametrize("model", ["auditentry", "sequence", "issuednumber"])
def test_audit_and_numbering_are_read_only(admin_client, model):
    assert admin_client.get(reverse(f"admin:core_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:core_{model}_add")).status_code == 403


def test_an_audit_entry_cannot_be_changed_or_deleted(admin_client, superuser):
    services.calendar_day_declare(actor=superuser, date=dt.date(2018, 2, 12),
                                  kind=CalendarDay.Kind.DAY_OFF, name="Nghỉ")
    entry = AuditEntry.objects.get()
    response = admin_client.post(
        reverse("admin:core_auditentry_change", args=[entry.pk]), {"action": "forged"}
    )
    assert response.status_code == 403
    response = admin_client.post(
        reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.action == "core.calendar_day.declare"
