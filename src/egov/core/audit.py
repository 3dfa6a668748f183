"""The audit trail (nhật ký): every service appends here, inside its own transaction.

Each entry carries an HMAC-SHA256 over its content and the previous entry's hash,
keyed by ``EGOV_AUDIT_KEY`` (falling back to the secret key). Changing, removing or
inserting a row breaks the chain at that row; forging a whole new chain needs the key,
which the database does not hold.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import sql
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
    entry = AuditEntry(
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk)[:64] if obj is not None else "",
        object_label=label[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        ip_address=_stored_ip(ctx.ip_address),
    )
    insert, fields = _insert_statement()
    # Every writer of the platform queues for the head: all that does not depend on it
    # is made before it is locked.
    params = [f.get_db_prep_save(f.pre_save(entry, True), connection)
              for f in fields[:-len(_CHAINED)]]
    # No savepoint of its own: two round trips fewer while the head is locked, and if
    # anything here fails the caller's transaction must fail with it anyway.
    with transaction.atomic(savepoint=False):
        entry.sequence, entry.previous_hash = _lock_head()
        entry.sequence += 1
        # Stamped under the lock: entries are in time order along the chain.
        entry.created_at = timezone.now()
        entry.entry_hash = compute_hash(entry)
        params += [f.get_db_prep_save(getattr(entry, f.attname), connection)
                   for f in fields[-len(_CHAINED):]]
        _append(entry, insert, params)
    return entry


# The entry's fields that depend on the head, last in the INSERT.
_CHAINED = ("sequence", "created_at", "previous_hash", "entry_hash")


@functools.cache
def _insert_statement() -> tuple[str, list[models.Field]]:
    """The INSERT of an entry as the ORM writes it (``RETURNING`` the id where the
    database can), and its fields in the order of its parameters. Made once: its text
    does not depend on the values, and compiling it costs more than the statement."""
    meta = AuditEntry._meta
    chained = [meta.get_field(name) for name in _CHAINED]
    fields = [f for f in meta.local_concrete_fields
              if f is not meta.auto_field and f not in chained] + chained
    query = sql.InsertQuery(AuditEntry)
    query.insert_values(fields, [AuditEntry(sequence=0, created_at=timezone.now())])
    compiler = query.get_compiler(connection=connection)
    if connection.features.can_return_columns_from_insert:
        compiler.returning_fields = [meta.pk]
    [(statement, params)] = compiler.as_sql()
    if len(params) != len(fields):
        # The values are filled in by position: a backend that writes them otherwise
        # cannot use this statement.
        raise RuntimeError("An audit entry's INSERT must have one parameter per field.")
    return statement, fields


def _lock_head() -> tuple[int, str]:
    """The head's (sequence, last hash), its row locked until the transaction ends."""
    qn = connection.ops.quote_name
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn('sequence')}, {qn('last_hash')} FROM "
                       f"{qn(AuditChainHead._meta.db_table)} WHERE {qn('id')} = 1{lock}")
        row = cursor.fetchone()
    if row is not None:
        return row[0], row[1]
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    return head.sequence, head.last_hash


def _append(entry: AuditEntry, insert: str, params: list[Any]) -> None:
    """Write ``entry`` and move the head to it: in one statement on PostgreSQL (the head
    is locked one round trip less), in two elsewhere."""
    qn = connection.ops.quote_name
    move = (f"UPDATE {qn(AuditChainHead._meta.db_table)} SET {qn('sequence')} = %s, "
            f"{qn('last_hash')} = %s WHERE {qn('id')} = 1")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"WITH e AS ({insert}) {move} RETURNING (SELECT {qn('id')} FROM e)",
                           [*params, entry.sequence, entry.entry_hash])
        else:
            cursor.execute(insert, params)
        if connection.features.can_return_columns_from_insert:
            entry.pk = cursor.fetchone()[0]
        else:
            entry.pk = connection.ops.last_insert_id(cursor, AuditEntry._meta.db_table, "id")
        if connection.vendor != "postgresql":
            cursor.execute(move, [entry.sequence, entry.entry_hash])
    entry._state.adding = False
    entry._state.db = connection.alias


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
