"""The time to write the annual report (issue 5) from the full demo province: what
``egov report annual --year 2017 --agency STTTT --out report.docx`` (and ``.pdf``) does,
in its parts: computing the figures of the year and the year before, the charts and the
appendix; laying out the DOCX; laying out the PDF.

The demo needs an empty database, so it is loaded (``load_demo --full``, once, kept for
later runs) into a database of its own beside the benchmarks' one (its name ending in
``_demo``), where this module runs itself as a child process.

``python -m bench report`` or ``python -m bench.report``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

YEAR, AGENCY = 2017, "STTTT"


def demo_database_url() -> str:
    from bench.__main__ import bench_database_url

    parts = urlsplit(os.environ.get("EGOV_BENCH_DATABASE_URL") or bench_database_url())
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_demo"))


def run(*, callers: int, per_caller: int) -> bool:
    """Run the measure in the demo's database (a child process: Django is bound to one
    database per process)."""
    from bench.__main__ import ensure_database

    url = demo_database_url()
    ensure_database(url)
    env = {**os.environ, "DATABASE_URL": url, "EGOV_BENCH_DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "bench.report", "--in-demo-database"],
                          env=env).returncode == 0


def _measure() -> bool:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from egov.indicators import report, selectors
    from egov.indicators.base import Period
    from egov.organizations.models import Agency

    if not Agency.objects.exists():
        print("  loading the full demo province (once; kept for later runs) ...", flush=True)
        started = time.perf_counter()
        call_command("load_demo", "--full", verbosity=0)
        print(f"  ... in {time.perf_counter() - started:.0f} s", flush=True)
    agency = selectors.agency_lookup(AGENCY, Period.year(YEAR).end)

    started = time.perf_counter()
    built = report.build_annual(year=YEAR, agency=agency)
    figures = time.perf_counter() - started
    started = time.perf_counter()
    docx = report.report_docx(built)
    layout_docx = time.perf_counter() - started
    started = time.perf_counter()
    pdf = report.report_pdf(built)
    layout_pdf = time.perf_counter() - started
    print(f"report: the annual report {YEAR} of {AGENCY} from the full demo province "
          f"({built.figures['dossiers.received']:,} dossiers received, "
          f"{built.figures['documents.incoming']:,} documents registered in {YEAR})")
    print(f"  figures, previous year, charts, appendix: {figures:6.2f} s")
    print(f"  DOCX layout {layout_docx:6.2f} s ({len(docx) // 1024} KiB): "
          f"the DOCX in {figures + layout_docx:6.2f} s")
    print(f"  PDF layout  {layout_pdf:6.2f} s ({len(pdf) // 1024} KiB): "
          f"the PDF in {figures + layout_pdf:6.2f} s")
    return True


if __name__ == "__main__":
    if "--in-demo-database" in sys.argv:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
        sys.exit(0 if _measure() else 1)
    sys.exit(0 if run(callers=0, per_caller=0) else 1)
