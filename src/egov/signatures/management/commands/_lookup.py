"""Finding a certificate from the command line: by id, uid or serial number."""

from __future__ import annotations

import contextlib
import uuid

from django.core.management.base import CommandError
from django.db.models import Q

from egov.signatures.models import Certificate


def find_certificate(reference: str) -> Certificate:
    query = Q(serial_number__iexact=reference)
    if reference.isdigit():
        query |= Q(pk=int(reference))
    with contextlib.suppress(ValueError):
        query |= Q(uid=uuid.UUID(reference))
    matches = list(Certificate.objects.filter(query)[:2])
    if not matches:
        raise CommandError(f"No certificate {reference!r} (give its id, uid or serial number).")
    if len(matches) > 1:
        raise CommandError(f"{reference!r} names several certificates; give the id or uid.")
    return matches[0]
