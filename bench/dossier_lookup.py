"""Public status lookups (``GET /api/v1/dossier-lookup/?code=…&check=…``) at a fixed
request rate against a database of a million dossiers: latency p50 and p99, measured
from when each request was due (so a slow answer delays the ones behind it and counts).
The aim (issue 6): p99 under 50 ms at 100 requests/s.

The million dossiers (with two events each) are written once into the benchmarks'
database by ``INSERT … SELECT generate_series`` and kept for later runs. The server is
gunicorn with the lookup throttle lifted (``EGOV_DOSSIER_LOOKUP_RATE``): one address
sends every request here.

``python -m bench dossier_lookup`` or ``python -m bench.dossier_lookup``;
``EGOV_BENCH_LOOKUP_RATE`` (100), ``EGOV_BENCH_LOOKUP_SECONDS`` (20) and
``EGOV_BENCH_LOOKUP_DOSSIERS`` (1000000) change the load.
"""

from __future__ import annotations

import http.client
import os
import queue
import random
import statistics
import sys
import threading
import time
from urllib.parse import urlencode

from bench.dossier_intake import AGENCY_CODE, PROCEDURE_CODE, _setup, serving

RATE = int(os.environ.get("EGOV_BENCH_LOOKUP_RATE", "100"))
SECONDS = int(os.environ.get("EGOV_BENCH_LOOKUP_SECONDS", "20"))
DOSSIERS = int(os.environ.get("EGOV_BENCH_LOOKUP_DOSSIERS", "1000000"))
P99_AIM_MS = 50
PER_DAY = 400


def _code(n: int) -> tuple[str, str]:
    """The code and phone of bench dossier ``n`` (1-based), as the SQL below makes them."""
    import datetime as dt

    day = dt.date(2017, 1, 1) + dt.timedelta(days=(n - 1) // PER_DAY)
    return (f"{AGENCY_CODE}-{day:%y%m%d}-{(n - 1) % PER_DAY + 1:04d}",
            f"09{n % 100_000_000:08d}")


def _fill(count: int) -> int:
    """Make sure the bench agency has ``count`` dossiers; returns how many there are."""
    from django.db import connection, transaction

    from egov.dossiers.models import Dossier
    from egov.procedures.models import Procedure

    _setup(0)
    procedure = Procedure.objects.select_related("agency").get(code=PROCEDURE_CODE)
    version = procedure.versions.get()
    # The million are dated 2017 to 2023; the intake benchmark's are of today.
    existing = Dossier.objects.filter(agency=procedure.agency,
                                      created_at__year__lt=2024).count()
    if existing >= count:
        return existing
    started = time.perf_counter()
    print(f"  writing {count - existing} dossiers and their events (once) ...", flush=True)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO dossiers_dossier (
                code, procedure_id, version_id, level, agency_id, channel, status, outcome,
                applicant_name, applicant_id_number, applicant_phone, applicant_email,
                applicant_address, answers, papers, delivery, delivery_address, fee_amount,
                paid_amount, payment_reference, created_at, submitted_at, received_at,
                due_date, returned_to, return_method, closing_reason, supplement_requests,
                paused_status, step_role, result_file, result_sha256, revision)
            SELECT
                %(agency)s || '-' || to_char(DATE '2017-01-01' + ((g - 1) / %(per_day)s),
                                           'YYMMDD')
                    || '-' || lpad((((g - 1) %% %(per_day)s) + 1)::text, 4, '0'),
                %(procedure)s, %(version)s, 3, %(agency_id)s,
                CASE WHEN g %% 10 = 0 THEN 'online' ELSE 'desk' END, 'received', '',
                'Người nộp ' || g, '', '09' || lpad((g %% 100000000)::text, 8, '0'), '',
                'Trà Vinh', '{}'::jsonb, '[]'::jsonb, 'desk', '', 0, 0, '',
                TIMESTAMPTZ '2017-01-01 01:00+00' + ((g - 1) / %(per_day)s) * INTERVAL '1 day',
                TIMESTAMPTZ '2017-01-01 01:00+00' + ((g - 1) / %(per_day)s) * INTERVAL '1 day',
                TIMESTAMPTZ '2017-01-01 01:10+00' + ((g - 1) / %(per_day)s) * INTERVAL '1 day',
                DATE '2017-01-15' + ((g - 1) / %(per_day)s), '', '', '', 0, '', '', '', '', 1
            FROM generate_series(%(first)s, %(last)s) AS g
            """,
            {"agency": AGENCY_CODE, "per_day": PER_DAY, "procedure": procedure.pk,
             "version": version.pk, "agency_id": procedure.agency_id, "first": existing + 1,
             "last": count})
        cursor.execute(
            """
            INSERT INTO dossiers_dossierevent (
                dossier_id, at, action, actor_label, from_status, to_status, to_role,
                step_name, ended_step_result, note, data)
            SELECT d.id, d.submitted_at + e.shift, e.action, '', e.from_status, e.to_status,
                   '', '', '', '', '{}'::jsonb
            FROM dossiers_dossier d
            CROSS JOIN (VALUES ('intake', 'submitted', '', INTERVAL '0'),
                               ('accept', 'received', 'submitted', INTERVAL '10 minutes'))
                 AS e(action, to_status, from_status, shift)
            WHERE d.agency_id = %s AND d.id > (
                SELECT COALESCE(MAX(dossier_id), 0) FROM dossiers_dossierevent ev
                WHERE ev.dossier_id IN (SELECT id FROM dossiers_dossier
                                        WHERE agency_id = %s))
            """, [procedure.agency_id, procedure.agency_id])
        cursor.execute("ANALYZE dossiers_dossier")
        cursor.execute("ANALYZE dossiers_dossierevent")
    print(f"  ... in {time.perf_counter() - started:.0f} s", flush=True)
    return count


def _load(host: str, port: int, count: int, rate: int, seconds: int
          ) -> tuple[list[float], list[str], float]:
    """Requests due every 1/rate s for ``seconds``; latencies (ms) from when each was due."""
    jobs: queue.Queue[tuple[float, str] | None] = queue.Queue()
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    rng = random.Random(6)

    def worker() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        while (job := jobs.get()) is not None:
            due, path = job
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            done = time.perf_counter()
            with lock:
                latencies.append((done - due) * 1000)
                if response.status != 200:
                    errors.append(str(response.status))
        conn.close()

    workers = [threading.Thread(target=worker) for _ in range(32)]
    for thread in workers:
        thread.start()
    total = rate * seconds
    began = time.perf_counter()
    for i in range(total):
        code, phone = _code(rng.randint(1, count))
        due = began + i / rate
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        jobs.put((due, "/api/v1/dossier-lookup/?" + urlencode({"code": code, "check": phone})))
    for _ in workers:
        jobs.put(None)
    for thread in workers:
        thread.join()
    return latencies, errors, time.perf_counter() - began


def run(*, callers: int, per_caller: int) -> bool:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("The lookup benchmark runs on PostgreSQL (set DATABASE_URL).")
    print(f"dossier_lookup: {RATE} requests/s for {SECONDS} s, open loop, "
          f"{DOSSIERS} dossiers in the database")
    count = _fill(DOSSIERS)
    with serving({"EGOV_DOSSIER_LOOKUP_RATE": "100000000/min"}) as (host, port):
        _load(host, port, count, 20, 1)  # warms every worker's connection and caches
        latencies, errors, elapsed = _load(host, port, count, RATE, SECONDS)
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"  {len(latencies)} lookups in {elapsed:.1f} s ({len(latencies) / elapsed:.0f}/s), "
          f"errors {len(errors)}")
    print(f"  latency p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {latencies[-1]:.1f} ms; "
          f"aim p99 < {P99_AIM_MS} ms: {'met' if p99 < P99_AIM_MS else 'not met'}")
    return not errors


if __name__ == "__main__":
    from bench.__main__ import main

    sys.exit(main(["dossier_lookup", *sys.argv[1:]]))
