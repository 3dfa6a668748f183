"""The numbering service under concurrent callers, against the least any correct
counter must do: one ``UPDATE … SET value = value + 1 … RETURNING value`` per number.

Every caller takes each number in a transaction of its own, as a clerk issuing a
document does. The service also records each number it hands out (``IssuedNumber``),
inside a savepoint, which is what the ratio pays for: a register that can explain
every number.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

from django.db import connection, connections, transaction

from egov.core import numbering
from egov.core.models import IssuedNumber, Sequence

PERIOD = "2017"


def _run_callers(callers: int, per_caller: int, take: Callable[[], int]) -> tuple[list[int], float]:
    start = threading.Barrier(callers + 1)
    taken: list[list[int]] = [[] for _ in range(callers)]
    errors: list[BaseException] = []

    def caller(slot: int) -> None:
        try:
            take()  # opens this thread's connection before the clock starts
            taken[slot].clear()
            start.wait()
            for _ in range(per_caller):
                taken[slot].append(take())
        except BaseException as exc:  # reported below, after every thread ended
            errors.append(exc)
            start.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=caller, args=(n,)) for n in range(callers)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise errors[0]
    return [value for values in taken for value in values], elapsed


def _service(key: str) -> Callable[[], int]:
    def take() -> int:
        with transaction.atomic():
            return numbering.next_number(key, PERIOD, purpose="bench").value
    return take


def _raw_sql(table: str, key: str) -> Callable[[], int]:
    sql = f"UPDATE {table} SET value = value + 1 WHERE key = %s RETURNING value"

    def take() -> int:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [key])
            return cursor.fetchone()[0]
    return take


def _report(label: str, values: list[int], elapsed: float, extra: str = "") -> float:
    rate = len(values) / elapsed
    duplicates = len(values) - len(set(values))
    print(f"  {label:<44} {len(values):>6} numbers in {elapsed:6.2f} s = "
          f"{rate:8.0f} numbers/s, duplicates {duplicates}{extra}")
    return rate


def run(*, callers: int, per_caller: int) -> bool:
    """Print numbers/s of both and their ratio; False when either handed out a number
    twice or left a gap."""
    if connection.vendor != "postgresql":
        raise SystemExit("The numbering benchmark runs on PostgreSQL (set DATABASE_URL).")
    key = f"bench.numbering:{uuid.uuid4().hex[:12]}"
    table = "bench_numbering_counter"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {table} (key text PRIMARY KEY, value bigint)")
        cursor.execute(f"INSERT INTO {table} (key, value) VALUES (%s, 0)", [key])
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    total = callers * per_caller
    print(f"numbering: {callers} concurrent callers x {per_caller} numbers, each in its own "
          f"transaction, PostgreSQL {server}")

    try:
        values, elapsed = _run_callers(callers, per_caller, _service(key))
        # Numbers 1..callers went to the warm-up calls; the timed ones follow them.
        gaps = numbering.unexplained_gaps(key, PERIOD)
        service_ok = (sorted(values) == list(range(callers + 1, callers + total + 1))
                      and not gaps)
        service = _report("service (egov.core.numbering.next_number)", values, elapsed,
                          f", unexplained gaps {len(gaps)}")

        values, elapsed = _run_callers(callers, per_caller, _raw_sql(table, key))
        raw_ok = sorted(values) == list(range(callers + 1, callers + total + 1))
        raw = _report("raw SQL (UPDATE ... RETURNING)", values, elapsed)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE key = %s", [key])
        IssuedNumber.objects.filter(sequence__key=key).delete()
        Sequence.objects.filter(key=key).delete()

    print(f"  ratio raw SQL / service: {raw / service:.2f}"
          f" (the service is {raw / service:.1f}x slower than the bare counter)")
    if not (service_ok and raw_ok):
        print("  FAILED: a number was handed out twice or skipped")
    return service_ok and raw_ok
