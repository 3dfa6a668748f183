"""Dossiers of the one-stop shop (hồ sơ thủ tục hành chính): received by level and
channel (the report's "level 3: 15,068 dossiers, 112 online and 14,956 in person"),
resolved on time or late, still in progress, the services that had online dossiers,
and the Decision 766 on-time and online rates.

Counted by ``egov.dossiers.figures`` with the one timeliness rule of
``egov.dossiers.timeliness``: "received" figures count the dossiers received in the
period, "resolved" ones those whose result was ready in it. Progress is judged as of
the last day of the period (today for a period not yet over): a dossier resolved later
was in progress then, and overdue if its deadline had passed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.dossiers.figures import bounds, dossiers_in_period
from egov.dossiers.models import Channel, Dossier, DossierRating, Timeliness
from egov.dossiers.timeliness import timeliness_expression
from egov.indicators.base import (
    Column,
    Dimension,
    Indicator,
    Measure,
    Query,
    Records,
    Unit,
    percent,
)
from egov.procedures.models import Procedure

GROUP = _("One-stop shop")
GROUP_766 = _("Decision 766 (service to citizens and businesses)")
P, A = Dimension.PERIOD, Dimension.AGENCY
ONLINE = Q(channel=Channel.ONLINE)
OFFLINE = ~ONLINE
ON_TIME = [Timeliness.EARLY, Timeliness.ON_TIME]
# Four or five stars of five: satisfied (hài lòng).
SATISFIED = 4
OPEN = [Timeliness.IN_PROGRESS, Timeliness.OVERDUE]


def _today(query: Query):
    return min(query.period.end, timezone.localdate())


@dataclass
class _Figures:
    received: Counter[str] = field(default_factory=Counter)
    finished: Counter[str] = field(default_factory=Counter)
    online_procedures: dict[int, set[int]] = field(default_factory=dict)
    payable: int = 0
    paid: int = 0


def _count(figures: Counter[str], row: dict[str, Any]) -> None:
    count, level = row["n"], row["level"]
    figures["total"] += count
    figures[row["channel"]] += count
    figures[f"level_{level}"] += count
    if row["channel"] == Channel.ONLINE:
        figures[f"level_{level}_online"] += count
    figures[row["t"]] += count


def _all_figures(query: Query) -> _Figures:
    """Every dossier figure of the period from one scan: the dossiers received or
    finished in it, counted by level, channel, procedure, timeliness, whether received
    or finished in the period, payable and paid; the figures are sums of those counts.

    The timeliness is the one rule of ``egov.dossiers.timeliness`` (a CASE over local
    dates). As a grouping key it is evaluated once per row, where a count per value of
    it would evaluate it once per count; and a plain GROUP BY can be split among
    PostgreSQL's parallel workers (bench/indicators.py). The groups are a few per
    procedure."""
    first, after = bounds(query.period.start, query.period.end)
    received = Q(received_at__gte=first, received_at__lt=after)
    finished = Q(finished_at__gte=first, finished_at__lt=after)
    rows = (query.limit(Dossier.objects.filter(received | finished))
            .values("level", "channel", "procedure_id",
                    t=timeliness_expression(_today(query)),
                    r=ExpressionWrapper(received, output_field=BooleanField()),
                    f=ExpressionWrapper(finished, output_field=BooleanField()),
                    p=ExpressionWrapper(Q(fee_amount__gt=0), output_field=BooleanField()),
                    paid=ExpressionWrapper(Q(paid_at__isnull=False),
                                           output_field=BooleanField()))
            .annotate(n=Count("*")).order_by())
    figures = _Figures()
    for row in _hashing_groups(rows):
        if row["r"]:
            _count(figures.received, row)
            if row["channel"] == Channel.ONLINE:
                figures.online_procedures.setdefault(row["level"], set()).add(
                    row["procedure_id"])
            if row["p"]:
                figures.payable += row["n"]
                figures.paid += row["n"] if row["paid"] else 0
        if row["f"]:
            _count(figures.finished, row)
    # Counted by the day their result was ready, every one of them is finished.
    figures.finished["finished"] = figures.finished["total"]
    return figures


def _hashing_groups(rows: QuerySet) -> list[dict[str, Any]]:
    """The rows of a GROUP BY on computed keys, grouped by hashing on PostgreSQL: it takes
    such a key for as many groups as rows (it cannot know the timeliness rule has six
    values) and, with the default work_mem, sorts a hundred thousand rows on disk to find
    a hundred groups, where a hash table of a few kilobytes does (bench/indicators.py)."""
    if connection.vendor != "postgresql":
        return list(rows)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_sort')")
        [before] = cursor.fetchone()
        cursor.execute("SET LOCAL enable_sort = off")
        found = list(rows)
        # Kept to this statement within an enclosing transaction too (a failure rolls
        # the setting back with the savepoint).
        cursor.execute("SELECT set_config('enable_sort', %s, true)", [before])
    return found


def _received(query: Query) -> Counter[str]:
    return query.once(_all_figures, query).received


def _resolved(query: Query) -> Counter[str]:
    return query.once(_all_figures, query).finished


def _dossiers(query: Query, basis: str, condition: Q) -> QuerySet[Dossier]:
    return (dossiers_in_period(query.period.start, query.period.end, basis=basis,
                               agency_ids=query.agency_list)
            .annotate(timeliness=timeliness_expression(_today(query))).filter(condition))


def _records(queryset: QuerySet[Dossier]) -> Records:
    return Records(
        queryset=queryset.select_related("version", "agency").order_by("received_at", "pk"),
        columns=[
            Column(_("Dossier code"), lambda d: d.code or ""),
            Column(_("Procedure"), lambda d: d.version.name),
            Column(_("Agency"), lambda d: d.agency.name),
            Column(_("Channel"), lambda d: d.get_channel_display()),
            Column(_("Received on"), lambda d: d.received_at),
            Column(_("Status"), lambda d: d.get_status_display()),
            Column(_("On time?"), lambda d: Timeliness(d.timeliness).label),
        ],
        link=lambda d: reverse("dossiers:detail", args=[d.pk]),
    )


def _received_indicator(code: str, name, description, keys: list[str], condition: Q,
                        dimensions: tuple[str, ...] = (P, A)) -> Indicator:
    """Dossiers received in the period: the sum of ``keys`` of the summary, whose
    records are those matching ``condition``."""
    def compute(query: Query) -> int:
        figures = _received(query)
        return sum(figures[key] for key in keys)

    def records(query: Query) -> Records:
        return _records(_dossiers(query, "received", condition))

    return Indicator(code=code, name=name, group=GROUP, compute=compute, records=records,
                     measure=Measure.FLOW, dimensions=dimensions, description=description)


def _level_channel(level: int, online: bool) -> tuple[Callable[[Query], int], Q]:
    if online:
        return (lambda q: _received(q)[f"level_{level}_online"]), Q(level=level) & ONLINE

    def offline(query: Query) -> int:
        figures = _received(query)
        return figures[f"level_{level}"] - figures[f"level_{level}_online"]

    return offline, Q(level=level) & OFFLINE


def _computed(code: str, name, description, compute: Callable[[Query], int],
              condition: Q, dimensions: tuple[str, ...]) -> Indicator:
    return Indicator(code=code, name=name, group=GROUP, compute=compute,
                     records=lambda query: _records(_dossiers(query, "received", condition)),
                     measure=Measure.FLOW, dimensions=dimensions, description=description)


def _resolved_indicator(code: str, name, description, keys: list[str],
                        condition: Q) -> Indicator:
    def compute(query: Query) -> int:
        figures = _resolved(query)
        return sum(figures[key] for key in keys)

    return Indicator(code=code, name=name, group=GROUP, compute=compute,
                     records=lambda query: _records(_dossiers(query, "finished", condition)),
                     measure=Measure.FLOW, dimensions=(P, A, Dimension.KIND),
                     description=description)


def _procedures_with_online(query: Query) -> dict[int, set[int]]:
    """Per level, the procedures that had at least one dossier received online."""
    return query.once(_all_figures, query).online_procedures


def _with_online(level: int):
    def compute(query: Query) -> int:
        return len(query.once(_procedures_with_online, query).get(level, ()))

    def records(query: Query) -> Records:
        ids = query.once(_procedures_with_online, query).get(level, set())
        return Records(
            queryset=Procedure.objects.filter(pk__in=ids).select_related("agency")
            .order_by("code"),
            columns=[
                Column(_("National code"), lambda p: p.code),
                Column(_("Name"),
                       lambda p: getattr(p.version_on(query.period.end), "name", "")),
                Column(_("Responsible agency"), lambda p: p.agency.name),
            ],
            link=lambda p: reverse("procedures:detail", args=[p.code]),
        )

    return compute, records


def _payable(query: Query) -> QuerySet[Dossier]:
    """Dossiers received in the period with a fee or charge to pay."""
    return dossiers_in_period(query.period.start, query.period.end,
                              agency_ids=query.agency_list).filter(fee_amount__gt=0)


def _online_payment_rate(query: Query) -> float | None:
    # A dossier's payment is recorded only by the payments module, when a gateway
    # confirms it: paid_at means paid online.
    figures = query.once(_all_figures, query)
    return percent(figures.paid, figures.payable)


def _ratings(query: Query) -> QuerySet[DossierRating]:
    """Ratings given during the period to the query's agencies' dossiers."""
    ratings = DossierRating.objects.filter(created_at__gte=query.period.start_at,
                                           created_at__lt=query.period.end_at)
    return query.limit(ratings, "dossier__agency")


def _rating_counts(query: Query) -> dict[str, int]:
    return _ratings(query).aggregate(rated=Count("pk"),
                                     satisfied=Count("pk", filter=Q(stars__gte=SATISFIED)))


def _rated_records(query: Query, condition: Q) -> Records:
    rated = _ratings(query).filter(condition).values("dossier_id")
    return _records(Dossier.objects.filter(pk__in=rated)
                    .annotate(timeliness=timeliness_expression(_today(query))))


def _on_time_rate(query: Query) -> float | None:
    figures = _resolved(query)
    judged = figures["early"] + figures["on_time"] + figures["late"]
    return percent(figures["early"] + figures["on_time"], judged)


def _online_rate(query: Query) -> float | None:
    figures = _received(query)
    return percent(figures["online"], figures["total"])


LEVEL_CHANNEL = (P, A, Dimension.LEVEL, Dimension.CHANNEL)
_l3_online, _l3_online_q = _level_channel(3, True)
_l3_offline, _l3_offline_q = _level_channel(3, False)
_l4_online, _l4_online_q = _level_channel(4, True)
_l4_offline, _l4_offline_q = _level_channel(4, False)

INDICATORS = [
    _received_indicator("dossiers.received", _("Dossiers received"),
                        _("Dossiers received (accepted by the one-stop desk) during the "
                          "period, whatever their channel."), ["total"], Q()),
    _received_indicator("dossiers.received.online", _("Dossiers received online"),
                        _("Dossiers submitted online and received during the period."),
                        ["online"], ONLINE, (P, A, Dimension.CHANNEL)),
    _received_indicator("dossiers.received.desk", _("Dossiers received at the desk"),
                        _("Dossiers handed in at the one-stop desk during the period."),
                        ["desk"], Q(channel=Channel.DESK), (P, A, Dimension.CHANNEL)),
    _received_indicator("dossiers.received.post", _("Dossiers received by post"),
                        _("Dossiers sent by public postal service and received during the "
                          "period."), ["post"], Q(channel=Channel.POST),
                        (P, A, Dimension.CHANNEL)),
    _received_indicator("dossiers.received.level3", _("Level-3 dossiers received"),
                        _("Dossiers of level-3 services received during the period."),
                        ["level_3"], Q(level=3), (P, A, Dimension.LEVEL)),
    _computed("dossiers.received.level3.online", _("Level-3 dossiers received online"),
              _("Dossiers of level-3 services received online during the period."),
              _l3_online, _l3_online_q, LEVEL_CHANNEL),
    _computed("dossiers.received.level3.offline",
              _("Level-3 dossiers received in person or by post"),
              _("Dossiers of level-3 services received at the desk or by post during the "
                "period (the report's “trực tiếp”)."), _l3_offline, _l3_offline_q,
              LEVEL_CHANNEL),
    _received_indicator("dossiers.received.level4", _("Level-4 dossiers received"),
                        _("Dossiers of level-4 services received during the period."),
                        ["level_4"], Q(level=4), (P, A, Dimension.LEVEL)),
    _computed("dossiers.received.level4.online", _("Level-4 dossiers received online"),
              _("Dossiers of level-4 services received online during the period."),
              _l4_online, _l4_online_q, LEVEL_CHANNEL),
    _computed("dossiers.received.level4.offline",
              _("Level-4 dossiers received in person or by post"),
              _("Dossiers of level-4 services received at the desk or by post during the "
                "period."), _l4_offline, _l4_offline_q, LEVEL_CHANNEL),
    _resolved_indicator("dossiers.resolved", _("Dossiers resolved"),
                        _("Dossiers whose result was ready during the period."),
                        ["finished"], Q(finished_at__isnull=False)),
    _resolved_indicator("dossiers.resolved.on_time", _("Dossiers resolved on time"),
                        _("Dossiers resolved during the period on or before their "
                          "deadline."), ["early", "on_time"], Q(timeliness__in=ON_TIME)),
    _resolved_indicator("dossiers.resolved.late", _("Dossiers resolved late"),
                        _("Dossiers resolved during the period after their deadline."),
                        ["late"], Q(timeliness=Timeliness.LATE)),
    _received_indicator("dossiers.in_progress", _("Dossiers in progress"),
                        _("Dossiers received during the period whose result was not ready "
                          "on its last day."), OPEN, Q(timeliness__in=OPEN),
                        (P, A, Dimension.KIND)),
    _received_indicator("dossiers.overdue", _("Dossiers overdue"),
                        _("Dossiers received during the period, still open and past their "
                          "deadline on the last day of the period."),
                        [Timeliness.OVERDUE], Q(timeliness=Timeliness.OVERDUE),
                        (P, A, Dimension.KIND)),
    Indicator(code="procedures.level3.with_online_dossiers",
              name=_("Level-3 services with online dossiers"), group=GROUP,
              compute=_with_online(3)[0], records=_with_online(3)[1], measure=Measure.FLOW,
              dimensions=(P, A, Dimension.LEVEL),
              description=_("Level-3 services that received at least one dossier online "
                            "during the period (the report's “62 services with online "
                            "dossiers”).")),
    Indicator(code="procedures.level4.with_online_dossiers",
              name=_("Level-4 services with online dossiers"), group=GROUP,
              compute=_with_online(4)[0], records=_with_online(4)[1], measure=Measure.FLOW,
              dimensions=(P, A, Dimension.LEVEL),
              description=_("Level-4 services that received at least one dossier online "
                            "during the period.")),
    Indicator(code="dossiers.rated", name=_("Dossiers rated"), group=GROUP,
              compute=lambda query: query.once(_rating_counts, query)["rated"],
              records=lambda query: _rated_records(query, Q()),
              measure=Measure.FLOW,
              description=_("Ratings of the service given by applicants during the period, "
                            "one per dossier.")),
    Indicator(code="d766.dossiers.online_payment_rate", name=_("Online payment rate"),
              group=GROUP_766, unit=Unit.PERCENT, measure=Measure.RATE,
              compute=_online_payment_rate,
              records=lambda query: _records(
                  _payable(query).filter(paid_at__isnull=False)
                  .annotate(timeliness=timeliness_expression(_today(query)))),
              description=_("Dossiers received during the period with a fee or charge whose "
                            "payment was made online, in per cent (Decision 766/QĐ-TTg, "
                            "online service provision).")),
    Indicator(code="d766.satisfaction_rate", name=_("Satisfaction rate"),
              group=GROUP_766, unit=Unit.PERCENT, measure=Measure.RATE,
              compute=lambda query: percent(query.once(_rating_counts, query)["satisfied"],
                                            query.once(_rating_counts, query)["rated"]),
              records=lambda query: _rated_records(query, Q(stars__gte=SATISFIED)),
              description=_("Ratings of four or five stars among the ratings given during "
                            "the period, in per cent (Decision 766/QĐ-TTg, satisfaction).")),
    Indicator(code="d766.dossiers.on_time_rate", name=_("On-time resolution rate"),
              group=GROUP_766, unit=Unit.PERCENT, measure=Measure.RATE,
              compute=_on_time_rate,
              records=lambda query: _records(_dossiers(query, "finished",
                                                       Q(timeliness__in=ON_TIME))),
              description=_("Dossiers resolved on or before their deadline among those "
                            "resolved during the period, in per cent (Decision 766/QĐ-TTg, "
                            "progress and results).")),
    Indicator(code="d766.dossiers.online_rate", name=_("Online submission rate"),
              group=GROUP_766, unit=Unit.PERCENT, measure=Measure.RATE,
              compute=_online_rate,
              records=lambda query: _records(_dossiers(query, "received", ONLINE)),
              description=_("Dossiers received online among all dossiers received during the "
                            "period, in per cent (Decision 766/QĐ-TTg, online service "
                            "provision).")),
]
