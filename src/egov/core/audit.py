"""The audit trail (nhật ký): every service appends here, inside its own transaction.

Each entry carries an HMAC-SHA256 over its content and the previous entry's hash,
keyed by ``EGOV_AUDIT_KEY`` (falling back to the secret key). Changing, removing or
inserting a row breaks the chain at that row; forging a whole new chain needs the key,
which the database does not hold.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from egov.core import context
from egov.core.models import AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID, float)):
        # Floats as text too: jsonb and SQLite may print them differently.
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values, as the audit trail stores them."""
    names = fields or [
        f.attname for f in instance._meta.concrete_fields if f.attname not in {"password"}
    ]
    return _jsonable({name: getattr(instance, name) for name in names})


def _audit_key() -> bytes:
    key = getattr(settings, "EGOV_AUDIT_KEY", "") or settings.SECRET_KEY
    return key.encode()


def compute_hash(entry: AuditEntry) -> str:
    payload = json.dumps(
        {
            "sequence": entry.sequence,
            "created_at": entry.created_at.astimezone(dt.UTC).isoformat(),
            "actor_id": entry.actor_id,
            "actor_label": entry.actor_label,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "object_label": entry.object_label,
            "before": entry.before,
            "after": entry.after,
            "ip_address": entry.ip_address,
            "previous_hash": entry.previous_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hmac.new(_audit_key(), payload.encode(), hashlib.sha256).hexdigest()


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    actor: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_label: str | None = None,
) -> AuditEntry:
    """Append one entry. Call it inside the service's transaction, as its last step:
    the chain head stays locked until that transaction ends."""
    ctx = context.current()
    actor = actor if actor is not None else ctx.user
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            sequence=head.sequence + 1,
            created_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=(actor.get_full_name() or actor.get_username()) if actor else "system",
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_label=(object_label if object_label is not None else str(obj or ""))[:300],
            before=_jsonable(before) if before is not None else None,
            after=_jsonable(after) if after is not None else None,
            ip_address=ctx.ip_address,
            previous_hash=head.last_hash,
        )
        entry.entry_hash = compute_hash(entry)
        entry.save()
        head.sequence = entry.sequence
        head.last_hash = entry.entry_hash
        head.save(update_fields=["sequence", "last_hash"])
    return entry


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    reason: str

    def __str__(self) -> str:
        return f"#{self.sequence}: {self.reason}"


def verify_chain(batch_size: int = 5000) -> ChainBreak | None:
    """Walk the chain from the first entry; return the first break, or None when intact."""
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    last_id = 0
    while True:
        batch = list(
            AuditEntry.objects.filter(sequence__gt=last_id).order_by("sequence")[:batch_size]
        )
        if not batch:
            break
        for entry in batch:
            if entry.sequence != expected_sequence:
                if entry.sequence > expected_sequence:
                    return ChainBreak(expected_sequence, "missing: the entry was removed")
                return ChainBreak(entry.sequence, "out of order")
            if entry.previous_hash != expected_previous:
                return ChainBreak(
                    entry.sequence, "does not follow the entry before it (inserted or replaced)"
                )
            if compute_hash(entry) != entry.entry_hash:
                return ChainBreak(entry.sequence, "content altered after it was written")
            expected_previous = entry.entry_hash
            expected_sequence += 1
        last_id = batch[-1].sequence
    head = AuditChainHead.objects.filter(pk=1).first() or AuditChainHead()
    if head.sequence != expected_sequence - 1 or head.last_hash != expected_previous:
        return ChainBreak(expected_sequence, "entries removed from the end of the trail")
    return None
