"""Changes to the working-day calendar: declaring, changing and removing a day.

A declaration must change something and must not fight the law or another entry:
a day off only on a day that would otherwise be worked, a make-up working day only
on a Saturday or Sunday that is not a public holiday, one entry per date. Anything
else is refused with a message naming the conflict, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from egov.accounts.permissions import is_system_admin
from egov.core import audit
from egov.core.calendar import selectors
from egov.core.calendar.models import CalendarDay, CalendarVersion
from egov.core.calendar.official import OFFICIAL_DAYS

Kind = CalendarDay.Kind


def _label(day: dt.date) -> str:
    return f"{selectors.weekday_name(day)} {day:%d/%m/%Y}"


def check_calendar_day(
    *, date: dt.date, kind: str, exclude_pk: int | None = None
) -> None:
    """Raise ``ValidationError`` (on ``date``) when the entry would contradict the law's
    calendar or another entry. Used by the services and by the admin form."""
    try:
        law = selectors.law_day(date)
    except ValidationError as exc:
        raise ValidationError({"date": exc.messages}) from exc
    other = CalendarDay.objects.filter(date=date).exclude(pk=exclude_pk).first()
    if other is not None:
        message = _("%(date)s already has an entry: %(name)s (%(kind)s).") % {
            "date": _label(date), "name": other.name, "kind": other.get_kind_display(),
        }
    elif kind == Kind.DAY_OFF and law.holiday is not None:
        message = _(
            "%(date)s is already a public holiday (%(holiday)s); declaring it a day off "
            "changes nothing."
        ) % {"date": _label(date), "holiday": law.holiday}
    elif kind == Kind.DAY_OFF and not law.working:
        message = _("%(date)s is already a weekly day off; declaring it a day off changes "
                    "nothing.") % {"date": _label(date)}
    elif kind == Kind.WORKING_DAY and law.holiday is not None:
        message = _(
            "%(date)s is a public holiday (%(holiday)s); a public holiday cannot be made a "
            "working day."
        ) % {"date": _label(date), "holiday": law.holiday}
    elif kind == Kind.WORKING_DAY and not law.weekend:
        message = _(
            "%(date)s is already a working day; only a Saturday or Sunday can be declared "
            "a make-up working day."
        ) % {"date": _label(date)}
    elif kind == Kind.WORKING_DAY and law.makeup:
        message = _(
            "%(date)s is already a make-up working day under the Government's "
            "announcement; declaring it again changes nothing."
        ) % {"date": _label(date)}
    else:
        return
    raise ValidationError({"date": message}, code="contradiction")


def _changed() -> None:
    """Move the version every process compares with its copy of the calendar."""
    CalendarVersion.objects.get_or_create(pk=1)
    CalendarVersion.objects.filter(pk=1).update(number=F("number") + 1)
    selectors.note_change()


def _check_actor(actor: Any) -> None:
    # actor None is the platform itself: a management command or the demo loader.
    if actor is not None and not is_system_admin(actor):
        raise PermissionDenied(
            _("Only a system administrator may change the working-day calendar.")
        )


def _validate_fields(day: CalendarDay) -> None:
    # Uniqueness is checked by check_calendar_day with a message that names the entry.
    day.full_clean(exclude=["created_by"], validate_unique=False)


def calendar_day_declare(
    *, actor: Any, date: dt.date, kind: str, name: str, legal_basis: str = ""
) -> CalendarDay:
    """Declare a day off (ngày nghỉ) or a make-up working day (ngày làm bù)."""
    _check_actor(actor)
    day = CalendarDay(
        date=date, kind=kind, name=name.strip(), legal_basis=legal_basis.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _validate_fields(day)
    with transaction.atomic():
        check_calendar_day(date=date, kind=kind)
        try:
            with transaction.atomic():
                day.save()
        except IntegrityError as exc:  # declared at the same moment by someone else
            raise ValidationError(
                {"date": _("%(date)s already has an entry.") % {"date": _label(date)}}
            ) from exc
        _changed()
        audit.record("core.calendar_day.declare", day, actor=actor, after=audit.snapshot(day))
    return day


def calendar_day_update(
    *,
    actor: Any,
    day: CalendarDay,
    date: dt.date | None = None,
    kind: str | None = None,
    name: str | None = None,
    legal_basis: str | None = None,
) -> CalendarDay:
    """Change a declared day; arguments left ``None`` keep their value."""
    _check_actor(actor)
    with transaction.atomic():
        day = CalendarDay.objects.select_for_update().get(pk=day.pk)
        before = audit.snapshot(day)
        if date is not None:
            day.date = date
        if kind is not None:
            day.kind = kind
        if name is not None:
            day.name = name.strip()
        if legal_basis is not None:
            day.legal_basis = legal_basis.strip()
        _validate_fields(day)
        check_calendar_day(date=day.date, kind=day.kind, exclude_pk=day.pk)
        try:
            with transaction.atomic():
                day.save()
        except IntegrityError as exc:
            raise ValidationError(
                {"date": _("%(date)s already has an entry.") % {"date": _label(day.date)}}
            ) from exc
        _changed()
        audit.record(
            "core.calendar_day.update", day, actor=actor, before=before,
            after=audit.snapshot(day),
        )
    return day


def calendar_day_remove(*, actor: Any, day: CalendarDay) -> None:
    """Remove a declared day: the date goes back to what the law says."""
    _check_actor(actor)
    with transaction.atomic():
        day = CalendarDay.objects.select_for_update().get(pk=day.pk)
        before = audit.snapshot(day)
        label = str(day)
        day.delete()
        _changed()
        audit.record(
            "core.calendar_day.remove", None, actor=actor, before=before, object_label=label
        )


def calendar_official_days_load(*, actor: Any = None) -> tuple[int, int]:
    """Declare the Government's announced days that the ``holidays`` package lacks.

    Safe to run again: a day already declared the same way, or already known to the
    law's calendar, is skipped. A date declared otherwise stops the whole load.
    Returns (declared, skipped).
    """
    _check_actor(actor)
    declared = skipped = 0
    with transaction.atomic():
        existing = {d.date: d for d in CalendarDay.objects.filter(
            date__in=[o.date for o in OFFICIAL_DAYS]
        )}
        for official in OFFICIAL_DAYS:
            row = existing.get(official.date)
            if row is not None:
                if row.kind != official.kind:
                    raise ValidationError(
                        _("%(date)s is declared as %(kind)s (%(name)s), but the Government's "
                          "announcement %(basis)s says otherwise.") % {
                            "date": _label(official.date), "kind": row.get_kind_display(),
                            "name": row.name, "basis": official.legal_basis,
                        },
                        code="contradiction",
                    )
                skipped += 1
                continue
            law = selectors.law_day(official.date)
            if law.working == (official.kind == Kind.WORKING_DAY):
                skipped += 1  # a newer ``holidays`` release already has it
                continue
            calendar_day_declare(
                actor=actor, date=official.date, kind=official.kind, name=official.name,
                legal_basis=official.legal_basis,
            )
            declared += 1
    return declared, skipped
