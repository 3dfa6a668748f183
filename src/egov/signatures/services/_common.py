"""Helpers shared by the signature services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _


def moment(at: dt.datetime | None) -> dt.datetime:
    """When a change takes effect: now, or the historical time the demo replays."""
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise ValueError("A time must carry its time zone.")
    return at


def require(actor: Any, allowed: Callable[[Any], bool]) -> None:
    """Check a permission for a person. ``actor=None`` is the platform itself (commands
    run on the server, the demo, other modules' automatic steps)."""
    if actor is not None and not allowed(actor):
        raise PermissionDenied(_("You may not do this with this certificate."))


def public_url(name: str, *args: Any) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def crl_url(slug: str) -> str:
    return public_url("signatures:crl", slug)


def authority_certificate_url(slug: str) -> str:
    return public_url("signatures:authority-certificate", slug)
