"""Online public services (dịch vụ công trực tuyến) in the catalogue of procedures in
force on the last day of the period: by the 2011 levels (Decree 43/2011/NĐ-CP, the
report's "238 services at level 3-4") and by the 2022 classification (Decree
42/2022/NĐ-CP); and the Decision 766 share of procedures offered fully online."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
from egov.procedures.models import ProcedureVersion
from egov.procedures.selectors import count_by_level

GROUP = _("Online public services")
GROUP_766 = _("Decision 766 (service to citizens and businesses)")
LEVEL_DIMENSIONS = (Dimension.PERIOD, Dimension.AGENCY, Dimension.LEVEL)
Online = ProcedureVersion.OnlineLevel


def _by_level(query: Query) -> dict[int, int]:
    return count_by_level(query.period.end, query.agency_list)


def _by_online_level(query: Query) -> dict[str, int]:
    rows = (_versions(query).values("online_level").order_by()
            .annotate(n=Count("pk")))
    counts = dict.fromkeys(Online.values, 0)
    counts.update({row["online_level"]: row["n"] for row in rows})
    return counts


def _versions(query: Query) -> QuerySet[ProcedureVersion]:
    """The version of each procedure in force on the last day of the period."""
    return query.limit(ProcedureVersion.objects.valid_on(query.period.end), "procedure__agency")


def _levels(*levels: int):
    def compute(query: Query) -> int:
        counts = query.once(_by_level, query)
        return sum(counts[level] for level in levels)

    def records(query: Query) -> Records:
        return _records(_versions(query).filter(old_level__in=levels))

    return compute, records


def _online(*online_levels: str):
    def compute(query: Query) -> int:
        counts = query.once(_by_online_level, query)
        return sum(counts[level] for level in online_levels)

    def records(query: Query) -> Records:
        return _records(_versions(query).filter(online_level__in=online_levels))

    return compute, records


def _online_share(*online_levels: str):
    def compute(query: Query) -> float | None:
        counts = query.once(_by_online_level, query)
        return percent(sum(counts[level] for level in online_levels), sum(counts.values()))

    def records(query: Query) -> Records:
        return _records(_versions(query).filter(online_level__in=online_levels))

    return compute, records


def _records(versions: QuerySet[ProcedureVersion]) -> Records:
    return Records(
        queryset=versions.select_related("procedure__agency").order_by("procedure__code"),
        columns=[
            Column(_("National code"), lambda v: v.procedure.code),
            Column(_("Name"), lambda v: v.name),
            Column(_("Service level (2011)"), lambda v: v.get_old_level_display()),
            Column(_("Online service (2022)"), lambda v: v.get_online_level_display()),
            Column(_("Responsible agency"), lambda v: v.procedure.agency.name),
        ],
        link=lambda v: reverse("procedures:detail", args=[v.procedure.code]),
    )


def _all(query: Query) -> int:
    return sum(query.once(_by_level, query).values())


def _all_records(query: Query) -> Records:
    return _records(_versions(query))


def _level_indicator(code: str, name, description, *levels: int) -> Indicator:
    compute, records = _levels(*levels)
    return Indicator(code=code, name=name, group=GROUP, measure=Measure.STOCK,
                     dimensions=LEVEL_DIMENSIONS, compute=compute, records=records,
                     description=description)


def _online_indicator(code: str, name, description, *levels: str) -> Indicator:
    compute, records = _online(*levels)
    return Indicator(code=code, name=name, group=GROUP, measure=Measure.STOCK,
                     dimensions=LEVEL_DIMENSIONS, compute=compute, records=records,
                     description=description)


def _share_indicator(code: str, name, description, *levels: str) -> Indicator:
    compute, records = _online_share(*levels)
    return Indicator(code=code, name=name, group=GROUP_766, unit=Unit.PERCENT,
                     measure=Measure.RATE, compute=compute, records=records,
                     description=description)


INDICATORS = [
    Indicator(
        code="procedures.total", name=_("Administrative procedures in force"), group=GROUP,
        measure=Measure.STOCK, compute=_all, records=_all_records,
        description=_("Administrative procedures with a version in force on the last day "
                      "of the period."),
    ),
    _level_indicator("procedures.level34", _("Online services at level 3-4"),
                     _("Procedures offered as online public services at level 3 or 4 "
                       "(Decree 43/2011/NĐ-CP) on the last day of the period."), 3, 4),
    _level_indicator("procedures.level1", _("Services at level 1"),
                     _("Procedures at level 1 on the last day of the period."), 1),
    _level_indicator("procedures.level2", _("Services at level 2"),
                     _("Procedures at level 2 on the last day of the period."), 2),
    _level_indicator("procedures.level3", _("Online services at level 3"),
                     _("Procedures at level 3 (forms filled in and submitted online) on "
                       "the last day of the period."), 3),
    _level_indicator("procedures.level4", _("Online services at level 4"),
                     _("Procedures at level 4 (also paid online, result online or by post) "
                       "on the last day of the period."), 4),
    _online_indicator("procedures.online.full", _("Full online services"),
                      _("Procedures offered as full online services (toàn trình, Decree "
                        "42/2022/NĐ-CP) on the last day of the period."), Online.FULL),
    _online_indicator("procedures.online.partial", _("Partial online services"),
                      _("Procedures offered as partial online services (một phần, Decree "
                        "42/2022/NĐ-CP) on the last day of the period."), Online.PARTIAL),
    _share_indicator("d766.procedures.full_online_rate",
                     _("Share of procedures offered fully online"),
                     _("Full online services among the procedures in force on the last day "
                       "of the period, in per cent (Decision 766/QĐ-TTg, online service "
                       "provision)."), Online.FULL),
    _share_indicator("d766.procedures.online_rate",
                     _("Share of procedures offered online"),
                     _("Full and partial online services among the procedures in force on "
                       "the last day of the period, in per cent (Decision 766/QĐ-TTg)."),
                     Online.FULL, Online.PARTIAL),
]
