"""The working-day calendar (lịch ngày làm việc): the one place every deadline is counted.

A day is a working day unless it is a Saturday or Sunday (the five-day week of
Decision 188/1999/QĐ-TTg of 17/09/1999, so the calendar starts in 2000) or a public
holiday of the Labour Code, lunar Tết and its compensatory days (nghỉ bù) included,
as the ``holidays`` package computes them. That package also knows the swaps the
Government announced for some years (a weekday off, a Saturday worked instead).
``CalendarDay`` rows come last and win: a declared day off (ngày nghỉ) or a declared
make-up working day (ngày làm bù).

Counting convention, as Vietnamese deadlines are counted: ``add_working_days(d, n)``
is the n-th working day *after* ``d``; a dossier received on Friday 09/02/2018 with
5 working days is due on 23/02/2018, Tết (14–20/02) skipped.
``working_days_between(a, b)`` counts the working days ``d`` with ``a < d <= b``, so
``working_days_between(a, add_working_days(a, n)) == n``.

Each process keeps, per year, which days are working and their running count, so a
computation is a few list look-ups and no query. The declared days are read again
when the version number in ``CalendarVersion`` has moved; that number is looked at
no more often than every ``EGOV_CALENDAR_RECHECK_SECONDS`` (5 s by default), and at
once in the process that made the change, after its commit. The transaction that
makes a change sees it at once, on its own (see ``note_change``).
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.dispatch import receiver
from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from egov.core.calendar.models import CalendarDay, CalendarVersion

FIRST_YEAR = 2000
LAST_YEAR = 2100
Kind = CalendarDay.Kind


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("The working-day calendar covers the years %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="out_of_range",
        )


# --- What the law says, without declared days ----------------------------------------

@dataclass(frozen=True)
class _LawYear:
    holidays: frozenset[dt.date]
    # Saturdays or Sundays worked in exchange for a weekday off (ngày làm bù).
    makeup_days: frozenset[dt.date]


@functools.lru_cache(maxsize=256)
def _law_year(year: int) -> _LawYear:
    # A swap can cross New Year (31/12/2018 off, 05/01/2019 worked): the package files
    # it under the year of the day off, so the neighbouring years are asked too.
    calendar = holidays.Vietnam(years=(year - 1, year, year + 1))
    return _LawYear(
        holidays=frozenset(d for d in calendar if d.year == year),
        makeup_days=frozenset(d for d in calendar.weekend_workdays if d.year == year),
    )


def _holiday_language() -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return "en_US" if language == "en" else "vi"


@functools.lru_cache(maxsize=64)
def _holiday_names(year: int, language: str) -> dict[dt.date, str]:
    calendar = holidays.Vietnam(years=(year - 1, year, year + 1), language=language)
    return {d: name for d, name in calendar.items() if d.year == year}


@dataclass(frozen=True)
class LawDay:
    """How the law alone treats a day: before anything is declared."""

    date: dt.date
    working: bool
    weekend: bool
    holiday: str | None
    makeup: bool


def law_day(day: dt.date) -> LawDay:
    _check_year(day.year)
    law = _law_year(day.year)
    weekend = day.weekday() >= 5
    holiday = None
    if day in law.holidays:
        holiday = _holiday_names(day.year, _holiday_language())[day]
    makeup = day in law.makeup_days
    working = holiday is None and (makeup or not weekend)
    return LawDay(date=day, working=working, weekend=weekend, holiday=holiday, makeup=makeup)


def weekday_name(day: dt.date) -> str:
    return str(WEEKDAYS[day.weekday()])


# --- The computed calendar, cached per process -----------------------------------------

@dataclass(frozen=True)
class _Year:
    year: int
    first_ordinal: int
    # ranks[i]: working days from 1 January up to and including day i of the year.
    ranks: tuple[int, ...]
    # Day-of-year indices of the working days, in order.
    working: tuple[int, ...]

    @property
    def total(self) -> int:
        return len(self.working)


def _build_year(year: int, declared: dict[dt.date, str]) -> _Year:
    law = _law_year(year)
    first = dt.date(year, 1, 1)
    length = (dt.date(year + 1, 1, 1) - first).days
    ranks: list[int] = []
    working: list[int] = []
    for i in range(length):
        day = first + dt.timedelta(days=i)
        kind = declared.get(day)
        if kind is not None:
            is_working = kind == Kind.WORKING_DAY
        elif day in law.holidays:
            is_working = False
        else:
            is_working = day in law.makeup_days or day.weekday() < 5
        if is_working:
            working.append(i)
        ranks.append(len(working))
    return _Year(year, first.toordinal(), tuple(ranks), tuple(working))


@dataclass
class _State:
    version: int
    declared: dict[dt.date, str]
    checked_at: float
    years: dict[int, _Year] = field(default_factory=dict)

    def year(self, year: int) -> _Year:
        built = self.years.get(year)
        if built is None:
            _check_year(year)
            built = self.years[year] = _build_year(year, self.declared)
        return built


_state: _State | None = None
_lock = threading.Lock()
# Whether this thread changed the calendar in a transaction maybe still open: asking
# the database connection costs more than the whole computation, so only then.
_thread = threading.local()
# Attribute of a database connection holding the calendar as that connection's own
# uncommitted transaction sees it.
_UNCOMMITTED = "egov_calendar_uncommitted"
# Read once: looking up a setting that is not set costs more than a computation.
_recheck_seconds: float | None = None


@receiver(setting_changed)
def _forget_recheck_seconds(*, setting: str, **kwargs: Any) -> None:
    global _recheck_seconds
    if setting == "EGOV_CALENDAR_RECHECK_SECONDS":
        _recheck_seconds = None


def _db_version() -> int:
    return CalendarVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def _load(version: int, now: float) -> _State:
    return _State(
        version=version, declared=dict(CalendarDay.objects.values_list("date", "kind")),
        checked_at=now,
    )


def _current() -> _State:
    if getattr(_thread, "changed", False):
        if _uncommitted_change():
            return _uncommitted_state()
        _thread.changed = False
    global _state, _recheck_seconds
    state = _state
    now = time.monotonic()
    if _recheck_seconds is None:
        _recheck_seconds = getattr(settings, "EGOV_CALENDAR_RECHECK_SECONDS", 5)
    if state is not None and now - state.checked_at < _recheck_seconds:
        return state
    with _lock:
        current = _state
        if current is not None and current is not state:
            return current  # another thread refreshed it meanwhile
        version = _db_version()
        if current is not None and current.version == version:
            current.checked_at = now
            return current
        # The version is read before the rows: a change in between only causes one
        # more reload at the next check, never a stale calendar kept as current.
        _state = _load(version, now)
        return _state


def _after_commit() -> None:
    invalidate()


def _uncommitted_change() -> bool:
    # Django keeps the callbacks of the open transaction here until it commits, and
    # drops them when it rolls back; its own captureOnCommitCallbacks reads them too.
    return any(entry[1] is _after_commit for entry in connection.run_on_commit)


def _uncommitted_state() -> _State:
    state = getattr(connection, _UNCOMMITTED, None)
    if state is None:
        state = _load(-1, time.monotonic())
        setattr(connection, _UNCOMMITTED, state)
    return state


def note_change() -> None:
    """Called by the calendar services after they write, inside their transaction.

    Until that transaction ends, this connection counts with its own change while the
    rest of the process keeps the committed calendar; a rollback leaves no trace.
    After commit this process forgets its copy at once, the others at their next
    check of ``CalendarVersion``.
    """
    setattr(connection, _UNCOMMITTED, None)
    _thread.changed = True
    transaction.on_commit(_after_commit)


def invalidate() -> None:
    """Forget the computed calendar in this process."""
    global _state
    with _lock:
        _state = None


# --- The calendar's questions ------------------------------------------------------------

def is_working_day(day: dt.date) -> bool:
    """Whether ``day`` is a working day (ngày làm việc)."""
    year = _current().year(day.year)
    index = day.toordinal() - year.first_ordinal
    previous = year.ranks[index - 1] if index else 0
    return year.ranks[index] != previous


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` itself when ``days`` is 0)."""
    if days < 0:
        raise ValidationError(
            _("The number of working days must be 0 or more."), code="negative"
        )
    state = _current()
    year = state.year(start.year)
    if days == 0:
        return start
    rank = year.ranks[start.toordinal() - year.first_ordinal] + days
    while rank > year.total:
        rank -= year.total
        year = state.year(year.year + 1)
    return dt.date.fromordinal(year.first_ordinal + year.working[rank - 1])


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after ``day``."""
    return add_working_days(day, 1)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days ``d`` with ``start < d <= end``; negative when ``end`` comes first."""
    if end < start:
        return -working_days_between(end, start)
    state = _current()
    first = state.year(start.year)
    last = state.year(end.year)
    count = last.ranks[end.toordinal() - last.first_ordinal]
    count -= first.ranks[start.toordinal() - first.first_ordinal]
    for year in range(start.year, end.year):
        count += state.year(year).total
    return count


# --- Listing ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CalendarEntry:
    """A day of a year that differs from the plain Monday-to-Friday week, and why."""

    date: dt.date
    working: bool
    name: str
    # "law": the Labour Code and the swaps the ``holidays`` package knows;
    # "declared": a CalendarDay row.
    source: str


def calendar_days(year: int | None = None) -> list[CalendarDay]:
    """The declared days (ngày nghỉ, ngày làm bù), of one year or all."""
    qs = CalendarDay.objects.order_by("date")
    if year is not None:
        qs = qs.filter(date__year=year)
    return list(qs)


def calendar_day_on(day: dt.date) -> CalendarDay | None:
    """The declaration for ``day``, if any."""
    return CalendarDay.objects.filter(date=day).first()


def year_overview(year: int) -> list[CalendarEntry]:
    """Public holidays, law's make-up days and declared days of ``year``, in date order.

    A declared day replaces what the law says of that date.
    """
    _check_year(year)
    law = _law_year(year)
    names = _holiday_names(year, _holiday_language())
    entries: dict[dt.date, CalendarEntry] = {}
    for day in law.holidays:
        entries[day] = CalendarEntry(day, False, names[day], "law")
    for day in law.makeup_days:
        entries[day] = CalendarEntry(day, True, _("Make-up working day"), "law")
    for row in calendar_days(year):
        entries[row.date] = CalendarEntry(
            row.date, row.kind == Kind.WORKING_DAY, row.name, "declared"
        )
    return [entries[d] for d in sorted(entries)]
