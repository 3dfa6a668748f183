"""Run the benchmarks: ``python -m bench [name ...] [--callers N] [--per-caller M]``.

They run on PostgreSQL, in a database of their own (``egov_bench`` on the server of
``DATABASE_URL``, or on 127.0.0.1:5432), created and migrated here, so a benchmark
never touches the data of a demo or of the tests. ``EGOV_BENCH_DATABASE_URL`` names
another one.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from urllib.parse import urlsplit, urlunsplit

BENCHMARKS = ["numbering", "sign_verify", "dossier_intake", "dossier_lookup", "doc_numbering",
              "doc_search", "indicators", "report"]
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def bench_database_url() -> str:
    explicit = os.environ.get("EGOV_BENCH_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        base = DEFAULT_SERVER
    return urlunsplit(urlsplit(base)._replace(path="/egov_bench"))


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", choices=[[], *BENCHMARKS], default=[],
                        metavar="name", help=f"benchmarks to run (default: all of {BENCHMARKS})")
    parser.add_argument("--callers", type=int, default=50, help="concurrent callers")
    parser.add_argument("--per-caller", type=int, default=20,
                        help="operations each caller performs")
    args = parser.parse_args(argv)

    url = bench_database_url()
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)

    failed = False
    for name in args.names or BENCHMARKS:
        module = importlib.import_module(f"bench.{name}")
        failed |= not module.run(callers=args.callers, per_caller=args.per_caller)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
