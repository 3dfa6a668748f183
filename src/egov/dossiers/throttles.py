"""How often one address may look dossiers up, on the page and through the API."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class LookupThrottle(SimpleRateThrottle):
    """Public lookups per address, logged in or not: enough for a person, not for
    guessing codes. ``EGOV_DOSSIER_LOOKUP_RATE`` (e.g. ``60/min``) changes it."""

    scope = "dossier_lookup"

    def get_rate(self) -> str:
        return getattr(settings, "EGOV_DOSSIER_LOOKUP_RATE", "60/min")

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
