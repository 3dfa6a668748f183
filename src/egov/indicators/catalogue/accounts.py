"""Accounts (tài khoản): officials, citizens and businesses with an account open at the
end of the period, and the officials' accounts opened during it.

The report's "7,582 users" are the users of the document and administration system
(hệ thống quản lý văn bản và điều hành), that is officials: ``users.officials``. Its
"117 accounts opened" in the year is ``users.officials.opened``.

An account counts from the moment it was opened (``date_joined``). The accounts
services close and reopen an official's account with an audit entry each time, so
whether it was open at a past moment is read from those entries; citizens' and
businesses' accounts have no such history, and their present state counts. An
official counts under the agency they belong to now.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import Official, User
from egov.core.models import AuditEntry
from egov.indicators.base import Column, Dimension, Indicator, Measure, Query, Records

GROUP = _("Agencies and accounts")

DEACTIVATE = "accounts.official.deactivate"
REACTIVATE = "accounts.official.reactivate"


def officials_open_at(moment: dt.datetime) -> QuerySet[Official]:
    """Officials whose account was open at ``moment``: opened before it and, by the
    last closing or reopening before it (or, failing that, the first after it, or
    else the present state), not closed then."""
    changes = AuditEntry.objects.filter(
        object_type="accounts.official", object_id=Cast(OuterRef("pk"), CharField()),
        action__in=[DEACTIVATE, REACTIVATE],
    )
    last_before = changes.filter(created_at__lt=moment).order_by("-sequence").values("action")
    first_after = changes.filter(created_at__gte=moment).order_by("sequence").values("action")
    return (
        Official.objects.filter(user__date_joined__lt=moment)
        .annotate(last_before=Subquery(last_before[:1]), first_after=Subquery(first_after[:1]))
        .filter(
            Q(last_before=REACTIVATE)
            | Q(last_before__isnull=True, first_after=DEACTIVATE)
            | Q(last_before__isnull=True, first_after__isnull=True, is_active=True,
                user__is_active=True)
        )
    )


def _citizens_and_businesses_open_at(moment: dt.datetime) -> QuerySet[User]:
    return User.objects.filter(
        kind__in=[User.Kind.CITIZEN, User.Kind.BUSINESS], date_joined__lt=moment,
        is_active=True,
    )


def _counts(query: Query) -> dict[str, int]:
    """Accounts open at the end of the period, by kind. Citizens and businesses belong to
    no agency: a query limited to agencies counts officials only."""
    moment = query.period.end_at
    counts = dict.fromkeys(User.Kind.values, 0)
    counts[User.Kind.OFFICIAL] = query.limit(officials_open_at(moment)).count()
    if query.agency_ids is None:
        rows = (_citizens_and_businesses_open_at(moment).values("kind").order_by()
                .annotate(n=Count("pk")))
        counts.update({row["kind"]: row["n"] for row in rows})
    return counts


def _kind(kind: str):
    def compute(query: Query) -> int:
        return query.once(_counts, query)[kind]
    return compute


def _total(query: Query) -> int:
    return sum(query.once(_counts, query).values())


def _opened(query: Query) -> int:
    return _opened_queryset(query).count()


def _opened_queryset(query: Query) -> QuerySet[Official]:
    return query.limit(Official.objects.filter(
        user__date_joined__gte=query.period.start_at, user__date_joined__lt=query.period.end_at,
    ))


_USER_COLUMNS = [
    Column(_("Full name"), lambda u: u.get_full_name()),
    Column(_("User name"), lambda u: u.username),
    Column(_("Kind"), lambda u: u.get_kind_display()),
    Column(_("Agency"), lambda u: u.official.agency.name if hasattr(u, "official") else ""),
    Column(_("Opened on"), lambda u: u.date_joined),
]


def _user_records(queryset: QuerySet[User]) -> Records:
    return Records(
        queryset=queryset.select_related("official__agency").order_by("full_name", "pk"),
        columns=_USER_COLUMNS,
    )


def _users(query: Query) -> Records:
    moment = query.period.end_at
    officials = query.limit(officials_open_at(moment)).values("user_id")
    users = Q(pk__in=officials)
    if query.agency_ids is None:
        users |= Q(pk__in=_citizens_and_businesses_open_at(moment).values("pk"))
    return _user_records(User.objects.filter(users))


def _kind_records(kind: str):
    def records(query: Query) -> Records:
        moment = query.period.end_at
        if kind == User.Kind.OFFICIAL:
            officials = query.limit(officials_open_at(moment)).values("user_id")
            return _user_records(User.objects.filter(pk__in=officials))
        if query.agency_ids is not None:
            return _user_records(User.objects.none())
        return _user_records(_citizens_and_businesses_open_at(moment).filter(kind=kind))
    return records


def _opened_records(query: Query) -> Records:
    return _user_records(User.objects.filter(pk__in=_opened_queryset(query).values("user_id")))


KIND_DIMENSIONS = (Dimension.PERIOD, Dimension.AGENCY, Dimension.KIND)

INDICATORS = [
    Indicator(
        code="users.total", name=_("Accounts"), group=GROUP, measure=Measure.STOCK,
        compute=_total, records=_users,
        description=_("Accounts open at the end of the period: officials, citizens and "
                      "businesses (officials only when limited to agencies)."),
    ),
    Indicator(
        code="users.officials", name=_("Officials' accounts"), group=GROUP,
        measure=Measure.STOCK, dimensions=KIND_DIMENSIONS,
        compute=_kind(User.Kind.OFFICIAL), records=_kind_records(User.Kind.OFFICIAL),
        description=_("Officials' accounts open at the end of the period: the users of the "
                      "document and administration system (the report's 7,582 users)."),
    ),
    Indicator(
        code="users.citizens", name=_("Citizens' accounts"), group=GROUP,
        measure=Measure.STOCK, dimensions=(Dimension.PERIOD, Dimension.KIND),
        compute=_kind(User.Kind.CITIZEN), records=_kind_records(User.Kind.CITIZEN),
        description=_("Citizens' accounts open at the end of the period."),
    ),
    Indicator(
        code="users.businesses", name=_("Businesses' accounts"), group=GROUP,
        measure=Measure.STOCK, dimensions=(Dimension.PERIOD, Dimension.KIND),
        compute=_kind(User.Kind.BUSINESS), records=_kind_records(User.Kind.BUSINESS),
        description=_("Businesses' accounts open at the end of the period."),
    ),
    Indicator(
        code="users.officials.opened", name=_("Officials' accounts opened"), group=GROUP,
        measure=Measure.FLOW, dimensions=KIND_DIMENSIONS,
        compute=_opened, records=_opened_records,
        description=_("Officials' accounts opened during the period (the report's 117 "
                      "accounts opened in the year)."),
    ),
]
