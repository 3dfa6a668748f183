"""The numbering service (cấp số): the next number of a named sequence.

Numbers the law makes consecutive (document numbers, arrival numbers, dossier codes)
all come from here. The increment is an ``UPDATE … SET last_value = last_value + 1``
inside the caller's transaction: on PostgreSQL it locks the sequence row until the
caller commits, on SQLite the IMMEDIATE transaction already holds the write lock. So
concurrent callers queue, none gets a number twice, and a caller whose transaction
rolls back gives its number back instead of leaving a gap. A number taken and then
not used is voided with a reason (``void_number``), so the register explains it.

Taking a number writes no audit entry of its own: the ``IssuedNumber`` row is the
record of it, and the caller's own entry (the document issued, the dossier received)
names the number. Auditing here would also take the audit chain's lock before the
caller's other locks, and two callers taking two numbers could then deadlock.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.errors import Conflict
from egov.core.models import IssuedNumber, Sequence


def yearly_period(on: dt.date | None = None) -> str:
    """The period of a register that restarts on 1 January (``"2017"``), in local time."""
    return f"{(on or timezone.localdate()).year:04d}"


def daily_period(on: dt.date | None = None) -> str:
    """The period of a sequence that restarts every day (``"171103"``, as dossier codes use)."""
    return (on or timezone.localdate()).strftime("%y%m%d")


def _increment(key: str, period: str) -> tuple[int, int]:
    """Add one to the sequence and return (its id, the new value), creating it at 1.

    One ``UPDATE … RETURNING`` (PostgreSQL, and SQLite from 3.35): the row stays locked
    from here to the caller's commit, so every statement saved here is time that all
    other callers of the register do not wait (see bench/numbering.py).
    """
    increment = _statements()[0]
    with connection.cursor() as cursor:
        cursor.execute(increment, [key, period])
        row = cursor.fetchone()
        if row is not None:
            return row[0], row[1]
        try:
            # A savepoint: on PostgreSQL a failed INSERT would otherwise abort the
            # caller's whole transaction.
            with transaction.atomic():
                return Sequence.objects.create(key=key, period=period, last_value=1).pk, 1
        except IntegrityError:
            # Another caller created it first (and we waited for its commit): use theirs.
            cursor.execute(increment, [key, period])
            row = cursor.fetchone()
            return row[0], row[1]


_ISSUED_COLUMNS = ("id", "sequence_id", "value", "issued_at", "issued_by_id", "purpose",
                   "voided_at", "void_reason")


@functools.cache
def _statements() -> tuple[str, str]:
    """The increment, and (PostgreSQL only: SQLite has no ``UPDATE`` inside ``WITH``) the
    ``WITH`` clauses that increment and record the number in one statement, as a table
    ``issued`` with the columns of ``_ISSUED_COLUMNS``."""
    qn = connection.ops.quote_name
    names = {"sequence": qn(Sequence._meta.db_table), "issued": qn(IssuedNumber._meta.db_table),
             **{column: qn(column) for column in ("key", "period", "last_value",
                                                  *_ISSUED_COLUMNS)}}
    increment = (
        "UPDATE {sequence} SET {last_value} = {last_value} + 1"
        " WHERE {key} = %s AND {period} = %s RETURNING {id}, {last_value}"
    ).format(**names)
    issue = (
        "incremented AS ({increment}), issued AS (INSERT INTO {issued} ({sequence_id},"
        " {value}, {issued_at}, {issued_by_id}, {purpose}, {voided_at}, {void_reason})"
        " SELECT {id}, {last_value}, %s, %s, %s, NULL, '' FROM incremented"
        " RETURNING {returning})"
    ).format(increment=increment, returning=", ".join(qn(c) for c in _ISSUED_COLUMNS),
             **names)
    return increment, issue


def issued_cte(key: str, period: str, *, actor: Any = None,
               purpose: str = "") -> tuple[str, list[Any]] | None:
    """The next number of ``key`` in ``period`` as ``WITH`` clauses (SQL and parameters)
    that define the table ``issued`` (one ``IssuedNumber`` row, same columns), for a
    caller that stores the number in the statement that takes it: one round trip less
    under the sequence's lock. ``issued`` is empty when the period's sequence does not
    exist yet: then call ``next_number``. None where the database cannot (SQLite)."""
    if not key or not period:
        raise ValueError("A sequence needs a key and a period.")
    if connection.vendor != "postgresql":
        return None
    return _statements()[1], [key, period, timezone.now(), getattr(actor, "pk", None),
                              purpose[:300]]


def next_number(key: str, period: str, *, actor: Any = None, purpose: str = "") -> IssuedNumber:
    """Take the next number of ``key`` in ``period``; it is the caller's once the
    caller's transaction commits. Call it late in the transaction: the sequence stays
    locked, and every other caller of the same register waits, until then."""
    issued_by = actor if getattr(actor, "pk", None) else None
    taking = issued_cte(key, period, actor=issued_by, purpose=purpose)
    # No savepoint of its own: if anything here fails, the caller's transaction fails.
    with transaction.atomic(savepoint=False):
        if taking is not None:
            # The increment and the record of the number in one round trip.
            cte, params = taking
            columns = ", ".join(connection.ops.quote_name(c) for c in _ISSUED_COLUMNS)
            with connection.cursor() as cursor:
                cursor.execute(f"WITH {cte} SELECT {columns} FROM issued", params)
                row = cursor.fetchone()
            if row is not None:
                issued = IssuedNumber.from_db(connection.alias, _ISSUED_COLUMNS, row)
                issued.issued_by = issued_by
                return issued
            # The sequence's first number of the period: created below.
        sequence_id, value = _increment(key, period)
        return IssuedNumber.objects.create(sequence_id=sequence_id, value=value,
                                           issued_by=issued_by, purpose=purpose[:300])


def void_number(issued: IssuedNumber, *, reason: str, actor: Any = None) -> IssuedNumber:
    """Record that a number handed out will not be used (a cancelled issue, a withdrawn draft)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("A reason is required to void a number.")})
    with transaction.atomic():
        issued = IssuedNumber.objects.select_for_update().select_related("sequence").get(
            pk=issued.pk
        )
        if issued.voided_at is not None:
            raise Conflict(_("This number is already voided."), code="number_already_voided")
        before = audit.snapshot(issued)
        issued.voided_at = timezone.now()
        issued.void_reason = reason[:300]
        issued.save(update_fields=["voided_at", "void_reason"])
        audit.record("core.number.void", issued, actor=actor, before=before,
                     after=audit.snapshot(issued))
    return issued


def unexplained_gaps(key: str, period: str) -> list[int]:
    """Numbers between 1 and the last one issued that have no record: must be empty."""
    seq = Sequence.objects.filter(key=key, period=period).first()
    if seq is None:
        return []
    issued = set(seq.issued.values_list("value", flat=True))
    return [n for n in range(1, seq.last_value + 1) if n not in issued]
