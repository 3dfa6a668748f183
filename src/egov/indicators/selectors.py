"""Computing indicators: for a period and an agency, against the previous period, month
by month, agency by agency. An agency stands for itself and every agency under it
(a district's people's committee with its communes), as the organisation stood on the
last day of the period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from egov.indicators import registry
from egov.indicators.base import Indicator, Number, Period, Query
from egov.organizations.models import Agency


def agency_lookup(text: str, on: dt.date) -> Agency:
    """The agency in operation on ``on`` whose electronic identifier is ``text``
    (000.00.31.H59), or whose short name it is when no other agency has it (STTTT);
    a ValidationError on ``agency`` otherwise."""
    text = (text or "").strip()
    agencies = Agency.objects.valid_on(on)
    found = agencies.filter(code=text.upper()).first()
    if found is not None:
        return found
    named = list(agencies.filter(short_name__iexact=text)[:2])
    if len(named) == 1:
        return named[0]
    if named:
        message = _("Several agencies have the short name %(name)s; give the electronic "
                    "identifier (e.g. 000.00.31.H59).") % {"name": text}
    else:
        message = _("No agency with the identifier or short name “%(name)s” was in "
                    "operation on %(on)s.") % {"name": text, "on": on.strftime("%d/%m/%Y")}
    raise ValidationError({"agency": message})


def _children(on: dt.date) -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Agency.objects.valid_on(on).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    return children


def _subtree(pk: int, children: dict[int | None, list[int]]) -> frozenset[int]:
    found, todo = {pk}, [pk]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return frozenset(found)


def agency_subtree_ids(agency: Agency, on: dt.date) -> frozenset[int]:
    """The agency and every agency under it in operation on ``on``."""
    return _subtree(agency.pk, _children(on))


def scope_ids(agency: Agency | None, period: Period) -> frozenset[int] | None:
    return agency_subtree_ids(agency, period.end) if agency is not None else None


def figures(indicators: Iterable[Indicator], period: Period,
            agency: Agency | None = None) -> dict[str, Number]:
    """Each indicator's value for the period, keyed by code, in the order given."""
    query = Query(period, scope_ids(agency, period))
    return {indicator.code: indicator.value(query) for indicator in indicators}


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    value: Number
    previous: Number

    @property
    def change(self) -> Number:
        if self.value is None or self.previous is None:
            return None
        change = self.value - self.previous
        return round(change, 2) if isinstance(change, float) else change

    @property
    def change_percent(self) -> float | None:
        """The change relative to the previous value (for counts; a rate's change is
        already in points)."""
        if self.change is None or not self.previous or isinstance(self.value, float):
            return None
        return round(100 * self.change / self.previous, 1)


def compare(indicators: Iterable[Indicator], period: Period,
            agency: Agency | None = None) -> list[Row]:
    """Each indicator for the period next to the previous period of the same length."""
    indicators = list(indicators)
    current = figures(indicators, period, agency)
    # The agency's subtree as it stood then: agencies opened since do not count before.
    before = figures(indicators, period.previous(), agency)
    return [Row(i, current[i.code], before[i.code]) for i in indicators]


def by_month(indicator: Indicator, period: Period,
             agency: Agency | None = None) -> list[tuple[Period, Number]]:
    """The indicator for each calendar month of the period (a stock at each month's end)."""
    ids = scope_ids(agency, period)
    return [(month, indicator.value(Query(month, ids))) for month in period.months()]


def by_agency(indicator: Indicator, period: Period,
              agency: Agency | None = None) -> list[tuple[Agency, bool, Number]]:
    """The indicator agency by agency, for a chart: ``agency`` (or the top of the
    province) on its own, then each agency directly under it together with the agencies
    under that one; so the parts add up to the whole. Largest first. Each item is
    (agency, with the agencies under it, value)."""
    on = period.end
    children = _children(on)
    top = [agency.pk] if agency is not None else children.get(None, [])
    parts: list[tuple[int, bool]] = []
    for pk in top:
        parts.append((pk, False))
        parts += [(child, True) for child in children.get(pk, [])]
    agencies = Agency.objects.in_bulk([pk for pk, _whole in parts])
    results = []
    for pk, whole in parts:
        ids = _subtree(pk, children) if whole else frozenset([pk])
        results.append((agencies[pk], whole, indicator.value(Query(period, ids))))
    return sorted(results, key=lambda item: (-(item[2] or 0), item[0].code))


@dataclass(frozen=True)
class Selection:
    """What was asked for: a period, an agency (None: the whole province), indicators."""

    period: Period
    agency: Agency | None
    indicators: list[Indicator]

    def figures(self) -> dict[str, Number]:
        return figures(self.indicators, self.period, self.agency)


def select(*, start: str | dt.date | None, end: str | dt.date | None,
           agency: str | None = None, only: str | Iterable[str] | None = None) -> Selection:
    """Read the period, agency and indicator codes as given on the command line or in a
    query string; one ValidationError naming everything wrong."""
    errors: dict[str, list[str]] = {}
    period = None
    try:
        period = Period.parse(start, end)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    found = None
    if agency and period is not None:
        try:
            found = agency_lookup(agency, period.end)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if isinstance(only, str):
        only = only.split(",")
    indicators: list[Indicator] = []
    try:
        indicators = registry.resolve(only)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return Selection(period, found, indicators)  # type: ignore[arg-type]


def indicator_or_error(code: str) -> Indicator:
    indicator = registry.get(code)
    if indicator is None:
        raise ValidationError({"indicator": _("Unknown indicator code: %(codes)s.")
                               % {"codes": code}})
    return indicator
