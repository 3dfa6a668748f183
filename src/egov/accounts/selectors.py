"""Reads about accounts, always through the permission rules: a caller gets only what
the user may see."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from egov.accounts.models import Official, User
from egov.accounts.permissions import can_manage_official, scope_to_agency


def officials_visible_to(user: Any) -> QuerySet[Official]:
    """Officials of the user's own agency; every official for a system administrator;
    nothing for citizens, businesses and anonymous users."""
    queryset = Official.objects.select_related("user", "agency", "unit").prefetch_related("roles")
    return scope_to_agency(user, queryset).order_by("agency__code", "user__full_name", "pk")


def official_get_visible(user: Any, pk: Any) -> Official:
    """One official the user may see; 404 otherwise, so that another agency's accounts
    cannot even be told apart from missing ones."""
    try:
        return officials_visible_to(user).get(pk=pk)
    except (Official.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def official_get_manageable(user: Any, pk: Any) -> Official:
    """One official whose account the user may manage: 404 for another agency's,
    403 for a colleague's when the user is not the agency's administrator."""
    official = official_get_visible(user, pk)
    if not can_manage_official(user, official):
        raise PermissionDenied
    return official


def official_search(queryset: QuerySet[Official], text: str) -> QuerySet[Official]:
    text = " ".join((text or "").split())
    if not text:
        return queryset
    return queryset.filter(
        Q(user__full_name__icontains=text) | Q(user__username__icontains=text)
        | Q(user__email__icontains=text) | Q(position__icontains=text)
    )


def locked_usernames(usernames: list[str] | None = None) -> set[str]:
    """User names locked out now by repeated failed log-ins (django-axes, per user name)."""
    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    if usernames is not None:
        attempts = attempts.filter(username__in=usernames)
    limit = getattr(settings, "AXES_FAILURE_LIMIT", 5)
    rows = attempts.values("username").annotate(failures=Sum("failures_since_start"))
    return {row["username"] for row in rows if row["failures"] >= limit}


def is_locked(user: User) -> bool:
    return user.username in locked_usernames([user.username])


def cool_off_minutes() -> int:
    cool_off = get_cool_off()
    return int(cool_off.total_seconds() // 60) if cool_off else 0


def failure_limit() -> int:
    return int(getattr(settings, "AXES_FAILURE_LIMIT", 5))


def user_counts() -> dict[str, int]:
    """Active accounts by kind (official, citizen, business)."""
    counts = {kind: 0 for kind in User.Kind.values}
    for row in User.objects.filter(is_active=True).values("kind").order_by().annotate(
        n=Count("pk")
    ):
        counts[row["kind"]] = row["n"]
    return counts
