"""Agencies (cơ quan, đơn vị) in operation: the report's "195 agencies"."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from egov.indicators.base import Column, Dimension, Indicator, Measure, Query, Records
from egov.organizations.models import Agency

GROUP = _("Agencies and accounts")


def _agencies(query: Query) -> QuerySet[Agency]:
    """Agencies in operation on the last day of the period, within the query's agencies."""
    return query.limit(Agency.objects.valid_on(query.period.end), "pk")


def _counts_by_kind(query: Query) -> dict[str, int]:
    rows = _agencies(query).values("kind").order_by().annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def _total(query: Query) -> int:
    return sum(query.once(_counts_by_kind, query).values())


def _of_kind(kind: str):
    def compute(query: Query) -> int:
        return query.once(_counts_by_kind, query).get(kind, 0)

    def records(query: Query) -> Records:
        return _records(query, kind)

    return compute, records


def _records(query: Query, kind: str | None = None) -> Records:
    queryset = _agencies(query).select_related("parent")
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    return Records(
        queryset=queryset.order_by("code"),
        columns=[
            Column(_("Electronic identifier"), lambda a: a.code),
            Column(_("Name"), lambda a: a.name),
            Column(_("Kind"), lambda a: a.get_kind_display()),
            Column(_("Parent agency"), lambda a: a.parent.name if a.parent else ""),
            Column(_("In operation since"), lambda a: a.valid_from),
        ],
        link=lambda a: reverse("organizations:agency", args=[a.pk]),
    )


_departments, _departments_records = _of_kind(Agency.Kind.DEPARTMENT)
_districts, _districts_records = _of_kind(Agency.Kind.DISTRICT_COMMITTEE)
_communes, _communes_records = _of_kind(Agency.Kind.COMMUNE_COMMITTEE)

INDICATORS = [
    Indicator(
        code="agencies.total", name=_("Agencies in operation"), group=GROUP,
        measure=Measure.STOCK, compute=_total, records=_records,
        description=_("Agencies (departments, people's committees and other bodies) in "
                      "operation on the last day of the period."),
    ),
    Indicator(
        code="agencies.departments", name=_("Departments"), group=GROUP,
        measure=Measure.STOCK, dimensions=(Dimension.PERIOD, Dimension.AGENCY, Dimension.KIND),
        compute=_departments, records=_departments_records,
        description=_("Departments (Sở) in operation on the last day of the period."),
    ),
    Indicator(
        code="agencies.district_committees", name=_("District people's committees"),
        group=GROUP, measure=Measure.STOCK,
        dimensions=(Dimension.PERIOD, Dimension.AGENCY, Dimension.KIND),
        compute=_districts, records=_districts_records,
        description=_("District people's committees in operation on the last day of the "
                      "period."),
    ),
    Indicator(
        code="agencies.commune_committees", name=_("Commune people's committees"),
        group=GROUP, measure=Measure.STOCK,
        dimensions=(Dimension.PERIOD, Dimension.AGENCY, Dimension.KIND),
        compute=_communes, records=_communes_records,
        description=_("Commune people's committees in operation on the last day of the "
                      "period."),
    ),
]
