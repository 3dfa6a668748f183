"""Counting dossiers, for the registers, dashboards and the indicators.

Every count is one SQL query over the dossier table: ``GROUP BY`` the dimensions asked
for (``dossier_counts``) or conditional aggregates (``dossier_summary``). A dossier is
counted in the period of its ``basis`` date: when it was received (accepted: the
report's "dossiers received"), submitted, or finished. Timeliness is the one rule of
``egov.dossiers.timeliness``, evaluated as of ``today``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from egov.dossiers.models import Channel, Dossier, Status, Timeliness
from egov.dossiers.timeliness import local_tz, timeliness_expression

BASES = {"received": "received_at", "submitted": "submitted_at", "finished": "finished_at"}
DIMENSIONS = {
    "agency": "agency_id", "procedure": "procedure_id", "level": "level",
    "channel": "channel", "status": "status", "timeliness": "timeliness", "month": "month",
}


def bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """``[start, end]`` as local days, as aware datetimes ``[start 00:00, end+1 00:00)``."""
    tz = local_tz()
    return (dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))


def dossiers_in_period(start: dt.date, end: dt.date, *, basis: str = "received",
                       agency_ids: Iterable[int] | None = None) -> QuerySet[Dossier]:
    """Dossiers whose ``basis`` date falls on ``start`` to ``end`` (both included)."""
    if basis not in BASES:
        raise ValidationError({"basis": _("Count by received, submitted or finished.")})
    if end < start:
        raise ValidationError({"end": _("The period ends before it starts.")})
    first, after = bounds(start, end)
    field = BASES[basis]
    queryset = Dossier.objects.filter(**{f"{field}__gte": first, f"{field}__lt": after})
    if agency_ids is not None:
        queryset = queryset.filter(agency_id__in=list(agency_ids))
    return queryset


def dossier_counts(start: dt.date, end: dt.date, *, by: Sequence[str],
                   basis: str = "received", agency_ids: Iterable[int] | None = None,
                   today: dt.date | None = None) -> list[dict[str, Any]]:
    """Counts grouped by ``by`` (agency, procedure, level, channel, status, timeliness,
    month): ``[{"level": 3, "channel": "online", "count": 112}, ...]``."""
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown or not by:
        raise ValidationError({"by": _("Group by any of: %(names)s.")
                               % {"names": ", ".join(DIMENSIONS)}})
    queryset = dossiers_in_period(start, end, basis=basis, agency_ids=agency_ids)
    if "timeliness" in by:
        queryset = queryset.annotate(timeliness=timeliness_expression(today))
    if "month" in by:
        queryset = queryset.annotate(month=TruncMonth(BASES[basis], tzinfo=local_tz()))
    fields = [DIMENSIONS[d] for d in by]
    rows = queryset.order_by().values(*fields).annotate(count=Count("id")).order_by(*fields)
    result = []
    for row in rows:
        item = {d: row[DIMENSIONS[d]] for d in by}
        if "month" in item and isinstance(item["month"], dt.datetime):
            item["month"] = item["month"].astimezone(local_tz()).date()
        item["count"] = row["count"]
        result.append(item)
    return result


def dossier_summary(start: dt.date, end: dt.date, *, basis: str = "received",
                    agency_ids: Iterable[int] | None = None,
                    today: dt.date | None = None) -> dict[str, int]:
    """The figures of a report in one query: totals by level and channel (the 2017
    report's "level 3: 15,068 of which 112 online"), by outcome and by timeliness."""
    queryset = dossiers_in_period(start, end, basis=basis, agency_ids=agency_ids).alias(
        t=timeliness_expression(today))
    online = Q(channel=Channel.ONLINE)
    buckets: dict[str, Q] = {
        "total": Q(),
        "online": online, "desk": Q(channel=Channel.DESK), "post": Q(channel=Channel.POST),
        "level_1": Q(level=1), "level_2": Q(level=2),
        "level_3": Q(level=3), "level_3_online": Q(level=3) & online,
        "level_4": Q(level=4), "level_4_online": Q(level=4) & online,
        "finished": Q(finished_at__isnull=False),
        "returned": Q(status=Status.RETURNED), "withdrawn": Q(status=Status.WITHDRAWN),
        "refused": Q(status=Status.REFUSED),
        "paid_online": Q(paid_at__isnull=False) & online,
    }
    for value in Timeliness.values:
        buckets[value] = Q(t=value)
    aggregates = {name: Count("id", filter=condition) if condition else Count("id")
                  for name, condition in buckets.items()}
    figures = queryset.aggregate(**aggregates)
    finished = figures["early"] + figures["on_time"] + figures["late"]
    figures["on_time_or_early"] = figures["early"] + figures["on_time"]
    figures["on_time_rate_permille"] = (
        round(1000 * figures["on_time_or_early"] / finished) if finished else 0)
    return figures


def register_rows(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """The tracking register's rows (sổ theo dõi hồ sơ), in order of receipt."""
    return (queryset.select_related("version", "agency", "returned_by")
            .annotate(timeliness=timeliness_expression())
            .order_by(F("received_at").asc(nulls_last=True), "code"))


def register_queryset(*, agency_id: int, start: dt.date, end: dt.date,
                      unit_id: int | None = None) -> QuerySet[Dossier]:
    """The dossiers of an agency's register for a period: those received then, or for a
    unit, those handed to it."""
    queryset = dossiers_in_period(start, end, agency_ids=[agency_id])
    if unit_id is not None:
        queryset = queryset.filter(events__to_unit_id=unit_id).distinct()
    return register_rows(queryset)
