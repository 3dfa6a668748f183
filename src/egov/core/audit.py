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
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egov.core import context
from egov.core.models import AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64
SYSTEM_ACTOR = "system"


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
    # Lazy translations, files, enums: their text is what a reader saw.
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values, as the audit trail stores them.

    Secrets (password hashes, TOTP seeds) are left out: the trail is read by auditors.
    """
    names = fields or [
        f.attname for f in instance._meta.concrete_fields
        if f.attname not in {"password", "totp_secret"}
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


def _actor_of(actor: Any) -> tuple[int | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, SYSTEM_ACTOR
    label = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return actor.pk, (label or actor.get_username())[:200]


def _stored_ip(ip_address: str | None) -> str | None:
    # Hash the address as the database will give it back (IPv6 is normalised on save),
    # or an honest entry would later look altered.
    field = AuditEntry._meta.get_field("ip_address")
    return field.to_python(field.get_prep_value(ip_address or None))


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
    the chain head stays locked until that transaction ends, so any lock taken after
    it would queue every other writer behind this one."""
    ctx = context.current()
    actor_id, actor_label = _actor_of(actor if actor is not None else ctx.user)
    label = object_label if object_label is not None else str(obj) if obj is not None else ""
    # No savepoint of its own: two round trips fewer while the head is locked, and if
    # anything here fails the caller's transaction must fail with it anyway.
    with transaction.atomic(savepoint=False):
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            sequence=head.sequence + 1,
            created_at=timezone.now(),
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk)[:64] if obj is not None else "",
            object_label=label[:300],
            before=_jsonable(before) if before is not None else None,
            after=_jsonable(after) if after is not None else None,
            ip_address=_stored_ip(ctx.ip_address),
            previous_hash=head.last_hash,
        )
        entry.entry_hash = compute_hash(entry)
        entry.save()
        head.sequence = entry.sequence
        head.last_hash = entry.entry_hash
        head.save(update_fields=["sequence", "last_hash"])
    return entry


# Why verification stopped, as auditors read it (gettext: the command speaks Vietnamese).
REMOVED = _("the entry is missing: it was removed")
INSERTED = _("the entry lies beyond the recorded end of the trail: it was inserted")
NOT_LINKED = _("the entry does not follow the one before it: it was inserted or replaced")
ALTERED = _("the entry does not match its hash: it was altered, or forged and inserted")
REMOVED_AT_END = _("the entry and any after it were removed from the end of the trail")
HEAD_MISMATCH = _("the last entry does not match the recorded end of the trail")


@dataclass(frozen=True)
class ChainBreak:
    """The first entry at which the chain does not hold, and why."""

    sequence: int
    reason: str | Promise

    def __str__(self) -> str:
        return gettext("entry #%(sequence)s: %(reason)s") % {
            "sequence": self.sequence, "reason": self.reason,
        }


def chain_head() -> AuditChainHead:
    """The recorded end of the trail (sequence and hash of the last entry)."""
    return AuditChainHead.objects.filter(pk=1).first() or AuditChainHead(pk=1)


def verify_chain(batch_size: int = 5000) -> ChainBreak | None:
    """Walk the chain from the first entry; return the first break, or None when intact.

    Safe while services keep writing. An entry and the head that points at it are
    committed together, so a head read after an entry was seen is never behind it when
    the entry is honest: an entry past such a head was inserted by someone else.
    """
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    known_end = chain_head().sequence
    last_seen = -1  # Sequence 0 is storable: a row forged there must be seen too.

    def beyond_end(sequence: int) -> bool:
        nonlocal known_end
        if sequence > known_end:
            known_end = chain_head().sequence
        return sequence > known_end

    while True:
        batch = list(
            AuditEntry.objects.filter(sequence__gt=last_seen).order_by("sequence")[:batch_size]
        )
        if not batch:
            head = chain_head()
            walked = expected_sequence - 1
            if head.sequence > walked:
                if AuditEntry.objects.filter(sequence__gt=last_seen).exists():
                    continue  # Appended after our last read: walk them too.
                return ChainBreak(expected_sequence, REMOVED_AT_END)
            if head.sequence < walked:
                return ChainBreak(head.sequence + 1, INSERTED)
            if head.last_hash != expected_previous:
                return ChainBreak(walked, HEAD_MISMATCH)
            return None
        for entry in batch:
            if entry.sequence < expected_sequence:
                return ChainBreak(entry.sequence, INSERTED)
            if entry.sequence > expected_sequence:
                if beyond_end(expected_sequence):
                    return ChainBreak(entry.sequence, INSERTED)
                return ChainBreak(expected_sequence, REMOVED)
            intact = entry.previous_hash == expected_previous and hmac.compare_digest(
                compute_hash(entry), entry.entry_hash
            )
            if not intact:
                if beyond_end(entry.sequence):
                    return ChainBreak(entry.sequence, INSERTED)
                if entry.previous_hash != expected_previous:
                    return ChainBreak(entry.sequence, NOT_LINKED)
                return ChainBreak(entry.sequence, ALTERED)
            expected_previous = entry.entry_hash
            expected_sequence += 1
        last_seen = batch[-1].sequence
