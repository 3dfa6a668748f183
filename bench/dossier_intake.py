"""Online submissions per second through the real HTTP stack (gunicorn, Django, DRF,
PostgreSQL), next to the rate at which PostgreSQL inserts the same rows from Python,
in one run.

Each client thread is a citizen with a logged-in session who POSTs
``/api/v1/dossiers/`` with an ``Idempotency-Key``, one submission after the other;
each becomes a dossier with its code of the day, its appointment in working days, its
event, its audit entry and its e-mail task, as in production. The raw rate is one
``INSERT`` of the same row per transaction from one Python connection (psycopg),
which is what any case API pays at least. The aim (issue 6): at least 150
submissions/s on this 2-core machine, with client, server and PostgreSQL on it.

``python -m bench dossier_intake`` (the benchmarks' database) or ``python -m
bench.dossier_intake``. The dossiers it makes are deleted afterwards.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.agencies import bench_agency

AGENCY_CODE = "000.00.98.H59"
PROCEDURE_CODE = "BENCH.INTAKE"
TARGET = 150
CSRF = "benchcsrftokenbenchcsrftoken0001"
# One thread per process: a submission holds the agency's sequence of the day locked from
# its number to its commit, and a thread that waits for the GIL meanwhile (5 ms slices)
# makes every other submission wait too; processes are scheduled by the kernel instead.
WORKERS = int(os.environ.get("EGOV_BENCH_WORKERS", "6"))
THREADS = int(os.environ.get("EGOV_BENCH_THREADS", "1"))
ANSWERS = {"applicant_name": "Nguyễn Văn Bench", "title": "Kỷ yếu", "copies": "100"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(settings: dict[str, Any] | None = None) -> Iterator[tuple[str, int]]:
    """gunicorn serving egov on a free local port, with ``settings`` laid over
    egov.settings; yields (host, port) once it answers."""
    port = _free_port()
    overlay = tempfile.mkdtemp(prefix="egov-bench-")
    lines = ["from egov.settings import *  # noqa: F403"]
    lines += [f"{name} = {value!r}" for name, value in (settings or {}).items()]
    Path(overlay, "bench_settings.py").write_text("\n".join(lines) + "\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings",
           "PYTHONPATH": os.pathsep.join([overlay, os.environ.get("PYTHONPATH", "")])}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "egov.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--threads", str(THREADS), "--worker-class", "gthread",
         "--log-level", "warning", "--timeout", "120", "--keep-alive", "30"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {process.stderr.read().decode()[-2000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/v1/procedures/?page_size=1")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 60 s")
            time.sleep(0.3)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _setup(callers: int) -> tuple[Any, list[str]]:
    """The bench agency and procedure, ``callers`` citizens with a session each."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from egov.accounts.models import User
    from egov.procedures import services as procedures
    from egov.procedures.models import Procedure

    agency = bench_agency(AGENCY_CODE, "Cơ quan đo hiệu năng", "BENCH")
    procedure = Procedure.objects.filter(code=PROCEDURE_CODE).first()
    if procedure is None:
        field = procedures.field_get_or_create(actor=None, code="BENCH", name="Đo hiệu năng")
        procedure = procedures.procedure_create(
            actor=None, code=PROCEDURE_CODE, agency=agency, field=field, version={
                "valid_from": "2000-01-01", "name": "Thủ tục đo hiệu năng", "old_level": 3,
                "online_level": "mot_phan", "time_limit_days": 10,
                "result_name": "Kết quả", "papers": [{"name": "Đơn", "originals": 1}],
                "form": [
                    {"name": "applicant_name", "label": "Họ tên", "type": "text",
                     "required": True},
                    {"name": "title", "label": "Tên tài liệu", "type": "text",
                     "required": True},
                    {"name": "copies", "label": "Số lượng", "type": "number",
                     "required": True, "min": 1}]})
    cookies = []
    run = uuid.uuid4().hex[:6]
    users = User.objects.bulk_create([
        User(username=f"bench-{run}-{n}", kind=User.Kind.CITIZEN, full_name=f"Bench {n}",
             phone="0913456789", email=f"bench{n}@example.com", password="!")
        for n in range(callers)])
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(f"sessionid={session.session_key}; csrftoken={CSRF}")
    return agency, cookies


def _submit_all(host: str, port: int, cookies: list[str], per_caller: int,
                warm: bool) -> tuple[list[str], float, list[str]]:
    start = threading.Barrier(len(cookies) + 1)
    codes: list[str] = []
    warmed: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(cookie: str) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        headers = {"Content-Type": "application/json", "Cookie": cookie,
                   "X-CSRFToken": CSRF, "Referer": f"http://{host}:{port}/"}

        def post(n: int) -> None:
            nonlocal conn
            body = json.dumps({"procedure": PROCEDURE_CODE,
                               "answers": {**ANSWERS, "copies": str(n + 1)}})
            request_headers = {**headers, "Idempotency-Key": secrets.token_hex(12)}
            try:
                conn.request("POST", "/api/v1/dossiers/", body=body, headers=request_headers)
                response = conn.getresponse()
            except (ConnectionError, http.client.HTTPException):
                # The server closed an idle keep-alive connection; the key makes the
                # retry safe either way.
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
                conn.request("POST", "/api/v1/dossiers/", body=body, headers=request_headers)
                response = conn.getresponse()
            data = response.read()
            with lock:
                if response.status == 201:
                    codes.append(json.loads(data)["code"])
                else:
                    errors.append(f"{response.status} {data[:200]!r}")

        try:
            if warm:
                post(0)  # opens the connection and the server's before the clock starts
                with lock:
                    warmed.append(codes.pop())
            start.wait()
            for n in range(per_caller):
                post(n)
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(c,)) for c in cookies]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return codes, time.perf_counter() - began, errors


def _raw_rate(count: int) -> float:
    """One INSERT of a dossier row per transaction, from one psycopg connection."""
    import psycopg
    from django.db import connection

    from egov.dossiers.models import Dossier

    settings = connection.settings_dict
    conninfo = {"dbname": settings["NAME"], "user": settings["USER"],
                "host": settings["HOST"] or "127.0.0.1", "port": settings["PORT"] or 5432,
                "password": settings["PASSWORD"] or None}
    table = Dossier._meta.db_table
    # The database computes its generated columns (finished_on) itself.
    stored = [f.attname for f in Dossier._meta.concrete_fields
              if f.attname != "id" and not f.generated]
    template = Dossier.objects.filter(procedure__code=PROCEDURE_CODE).values(*stored).first()
    columns = list(template)
    sql = (f"INSERT INTO bench_raw_dossier ({', '.join(columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        conn.execute(f"CREATE TEMP TABLE bench_raw_dossier (LIKE {table} INCLUDING ALL)")
        rows = []
        for n in range(count):
            row = dict(template, code=f"RAW-{n:08d}")
            rows.append([psycopg.types.json.Jsonb(v) if isinstance(v, (dict, list)) else v
                         for v in row.values()])
        began = time.perf_counter()
        for row in rows:
            conn.execute(sql, row)
        return count / (time.perf_counter() - began)


def run(*, callers: int, per_caller: int) -> bool:
    from django.db import connection

    from egov.dossiers.models import Dossier

    if connection.vendor != "postgresql":
        raise SystemExit("The intake benchmark runs on PostgreSQL (set DATABASE_URL).")
    from django.utils import timezone

    agency, cookies = _setup(callers)
    began = timezone.now()
    total = callers * per_caller
    print(f"dossier_intake: {callers} citizens x {per_caller} online submissions through "
          f"gunicorn ({WORKERS} workers x {THREADS} threads), PostgreSQL, one machine")
    try:
        with serving() as (host, port):
            codes, elapsed, errors = _submit_all(host, port, cookies, per_caller, warm=True)
        rate = len(codes) / elapsed
        code_re = re.compile(rf"^{re.escape(AGENCY_CODE)}-\d{{6}}-\d{{4}}$")
        ok = (not errors and len(codes) == total and len(set(codes)) == total
              and all(code_re.match(c) for c in codes))
        print(f"  HTTP submissions                {len(codes):>6} in {elapsed:6.2f} s = "
              f"{rate:7.0f}/s, errors {len(errors)}, distinct codes {len(set(codes))}")
        for error in errors[:3]:
            print(f"    {error}")
        raw = _raw_rate(min(total, 5000))
        print(f"  raw INSERT, one per transaction {min(total, 5000):>6} rows         = "
              f"{raw:7.0f}/s")
        print(f"  ratio HTTP / raw: {rate / raw:.1%}; aim {TARGET}/s: "
              f"{'met' if rate >= TARGET else 'not met'}")
    finally:
        # Only this run's dossiers go (the lookup benchmark's million stay); the citizens
        # stay too: the audit trail names them.
        Dossier.objects.filter(agency=agency, created_at__gte=began).delete()
    return ok


if __name__ == "__main__":
    from bench.__main__ import main

    sys.exit(main(["dossier_intake", *sys.argv[1:]]))
