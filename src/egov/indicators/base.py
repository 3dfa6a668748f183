"""What an indicator (chỉ số) is: a definition with a stable code, a name, a unit, the
dimensions it can be cut by, and one selector that computes it for a ``Query`` (a period
and, optionally, the agencies it is limited to).

An app adds an indicator by adding one ``Indicator`` to the ``INDICATORS`` list of its
``indicators.py`` (see docs/indicators.md); the registry collects them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

Number = int | float | None


class Unit(models.TextChoices):
    """Unit of measure (đơn vị tính)."""

    COUNT = "count", pgettext_lazy("unit of measure", "number")
    PERCENT = "percent", pgettext_lazy("unit of measure", "per cent")
    VND = "vnd", pgettext_lazy("unit of measure", "VND")


class Measure(models.TextChoices):
    """How a figure relates to its period."""

    # Counted at the end of the period: agencies in operation, certificates in force.
    STOCK = "stock", _("at the end of the period")
    # Counted over the period: certificates issued, dossiers received.
    FLOW = "flow", _("during the period")
    # A share of two figures of the period, in per cent.
    RATE = "rate", _("share")


class Dimension(models.TextChoices):
    """What a figure can be cut by. Period and agency are parameters of every query; the
    others are spelled out in the codes (``dossiers.received.level3.online``), so that
    each code is one number."""

    PERIOD = "period", _("period")
    AGENCY = "agency", _("agency")
    UNIT = "unit", _("unit")
    PROCEDURE = "procedure", _("procedure")
    FIELD = "field", _("field")
    LEVEL = "level", _("service level")
    CHANNEL = "channel", _("channel")
    KIND = "kind", _("kind")


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included (kỳ báo cáo)."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError({"to": _(
                "The period ends (%(end)s) before it starts (%(start)s)."
            ) % {"end": self.end.strftime("%d/%m/%Y"), "start": self.start.strftime("%d/%m/%Y")}})

    @classmethod
    def parse(cls, start: str | dt.date | None, end: str | dt.date | None) -> Period:
        """A period from two ISO dates (``2017-01-01``); a clear ValidationError on
        missing or malformed dates, or an end before the start."""
        errors: dict[str, str] = {}
        days: list[dt.date | None] = []
        for name, value in (("from", start), ("to", end)):
            if isinstance(value, dt.date):
                days.append(value)
                continue
            if not value:
                errors[name] = str(_("Give a date in the form YYYY-MM-DD."))
                days.append(None)
                continue
            try:
                days.append(dt.date.fromisoformat(str(value).strip()))
            except ValueError:
                errors[name] = str(_("“%(value)s” is not a date in the form YYYY-MM-DD.")
                                   % {"value": value})
                days.append(None)
        if errors:
            raise ValidationError(errors)
        return cls(days[0], days[1])  # type: ignore[arg-type]

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> int | None:
        """How many calendar months the period is made of, or None when it does not
        begin on a first and end on a last day of a month."""
        last = calendar.monthrange(self.end.year, self.end.month)[1]
        if self.start.day != 1 or self.end.day != last:
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> Period:
        """The period of the same length just before: the previous year for a year, the
        previous quarter for a quarter (whole months are counted in months, so a leap
        February does not shift the comparison), otherwise as many days."""
        months = self.whole_months
        end = self.start - dt.timedelta(days=1)
        if months is None:
            return Period(end - dt.timedelta(days=self.days - 1), end)
        index = self.start.year * 12 + self.start.month - 1 - months
        return Period(dt.date(index // 12, index % 12 + 1, 1), end)

    def months(self) -> list[Period]:
        """The calendar months the period touches, cut to the period."""
        result = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            first = dt.date(year, month, 1)
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
            result.append(Period(max(first, self.start), min(last, self.end)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result

    @property
    def start_at(self) -> dt.datetime:
        """The first instant of the period in the platform's time zone."""
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time()))

    @property
    def end_at(self) -> dt.datetime:
        """The first instant after the period (exclusive bound)."""
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1),
                                                       dt.time()))

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


class Query:
    """What an indicator is asked: a period and the agencies it is limited to (None:
    the whole province). Selectors that compute several figures at once (certificates
    by kind and status) are run once per query through ``once``."""

    def __init__(self, period: Period, agency_ids: Iterable[int] | None = None) -> None:
        self.period = period
        self.agency_ids: frozenset[int] | None = (
            frozenset(agency_ids) if agency_ids is not None else None
        )
        self._memo: dict[tuple[Any, ...], Any] = {}

    @property
    def agency_list(self) -> list[int] | None:
        """The agencies as the other apps' selectors take them (a sorted list, or None)."""
        return sorted(self.agency_ids) if self.agency_ids is not None else None

    def once(self, function: Callable[..., Any], *args: Any) -> Any:
        key = (function, *args)
        if key not in self._memo:
            self._memo[key] = function(*args)
        return self._memo[key]

    def limit(self, queryset: QuerySet, field_name: str = "agency") -> QuerySet:
        """``queryset`` kept to the query's agencies (``field_name`` names the agency
        foreign key, or a path to it)."""
        if self.agency_ids is None:
            return queryset
        return queryset.filter(**{f"{field_name}__in": self.agency_list})


@dataclass(frozen=True)
class Column:
    label: Promise | str
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Records:
    """The records behind a figure, for the drill-down page: a queryset, the columns to
    show, and where each row leads (its own page in its app)."""

    queryset: QuerySet
    columns: list[Column]
    link: Callable[[Any], str | None] | None = None


def percent(part: int | None, whole: int | None) -> float | None:
    """``part`` of ``whole`` in per cent with two decimals; None when there is no whole."""
    if not whole or part is None:
        return None
    return round(100 * part / whole, 2)


@dataclass(frozen=True)
class Indicator:
    """One figure: ``compute`` is its one selector, ``records`` (when the figure counts
    records) the list behind it."""

    code: str
    name: Promise | str
    group: Promise | str
    compute: Callable[[Query], Number]
    unit: str = Unit.COUNT
    measure: str = Measure.FLOW
    dimensions: tuple[str, ...] = (Dimension.PERIOD, Dimension.AGENCY)
    description: Promise | str = ""
    records: Callable[[Query], Records] | None = field(default=None, compare=False)

    def value(self, query: Query) -> Number:
        return self.compute(query)
