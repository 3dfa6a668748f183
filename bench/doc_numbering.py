"""Issuing numbers to documents with many clerks at once (issue 3): numbers per second
and duplicates (must be 0), next to PostgreSQL doing the same work in raw SQL.

Each caller issues documents one after the other through ``number_reserve``, the step
of ``outgoing_issue`` that holds the register: lock the document, find the agency's
register for the type, take the next number, build the number and symbol and record them
on the document, in one transaction. Numbering and sealing the PDF come after that
transaction, outside the register's lock; their cost is measured by ``sign_verify``.
The baseline does the least the same work needs, in one transaction per document: lock
the document row, ``UPDATE … RETURNING`` a counter, write number, symbol and date.

``python -m bench doc_numbering`` or ``python -m bench.doc_numbering``; ``--callers``
(50) and ``--per-caller`` (20).
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
import uuid

from django.db import connection

from bench.agencies import bench_agency

AGENCY_CODE = "000.00.98.H59"


def _setup(count: int) -> tuple[object, list[int]]:
    """The bench agency and ``count`` signed documents (without PDF) to number."""
    from egov.accounts.models import User
    from egov.documents.models import DocumentType, OutgoingDocument
    from egov.organizations import services as organizations
    from egov.organizations.models import Unit

    agency = bench_agency(AGENCY_CODE, "Cơ quan đo hiệu năng văn bản", "BENCHVB")
    unit = Unit.objects.filter(agency=agency, short_name="VP").first() or (
        organizations.unit_create(actor=None, agency=agency, name="Văn phòng",
                                  short_name="VP", valid_from=dt.date(2000, 1, 1)))
    signer, _ = User.objects.get_or_create(username="bench.documents", defaults={
        "kind": "official", "full_name": "Người ký đo hiệu năng"})
    letter = DocumentType.objects.get(category="administrative", name="Công văn")
    now = dt.datetime(2017, 11, 3, 8, tzinfo=dt.UTC)
    documents = OutgoingDocument.objects.bulk_create([
        OutgoingDocument(agency=agency, drafting_unit=unit, doc_type=letter,
                         summary=f"V/v đo hiệu năng {n}", place="Trà Vinh", signer=signer,
                         signer_position="Giám đốc", status=OutgoingDocument.Status.SIGNED,
                         created_by=signer, created_at=now)
        for n in range(count)])
    return agency, [d.pk for d in documents]


def _issuing(pending: list[int], day: dt.date):
    from egov.documents.models import OutgoingDocument
    from egov.documents.services.outgoing import number_reserve

    lock = threading.Lock()

    def take() -> int:
        with lock:
            pk = pending.pop()
        document = number_reserve(actor=None, document=OutgoingDocument(pk=pk), on=day)
        return document.number
    return take


def _raw_issuing(pending: list[int], day: dt.date, table: str, key: str):
    from django.db import transaction

    from egov.documents.models import OutgoingDocument

    documents = OutgoingDocument._meta.db_table
    lock = threading.Lock()

    def take() -> int:
        with lock:
            pk = pending.pop()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {documents} WHERE id = %s FOR UPDATE", [pk])
            cursor.execute(f"UPDATE {table} SET value = value + 1 WHERE key = %s "
                           "RETURNING value", [key])
            value = cursor.fetchone()[0]
            cursor.execute(f"UPDATE {documents} SET number = %s, number_symbol = %s, "
                           "issued_date = %s WHERE id = %s",
                           [value, f"{value:02d}/BENCHVB-VP", day, pk])
        return value
    return take


def run(*, callers: int, per_caller: int) -> bool:
    """Print documents numbered per second and the duplicates; False on a duplicate, a
    gap or a document numbered twice."""
    from bench.numbering import _report, _run_callers
    from egov.core import numbering
    from egov.documents.models import OutgoingDocument, Register

    if connection.vendor != "postgresql":
        raise SystemExit("The document numbering benchmark runs on PostgreSQL.")
    # Each run numbers in a year of its own, so runs do not add up.
    day = dt.date(2000 + uuid.uuid4().int % 90, 11, 3)
    total = callers * (per_caller + 1)
    agency, pending = _setup(2 * total)
    raw_pending = pending[total:]
    del pending[total:]
    print(f"doc_numbering: {callers} concurrent clerks x {per_caller} documents issued, each "
          f"in its own transaction (year {day.year})")
    values, elapsed = _run_callers(callers, per_caller, _issuing(pending, day))
    register = Register.objects.get(agency=agency, direction="out", code="chung")
    issued = list(OutgoingDocument.objects.filter(register=register, issued_date=day)
                  .values_list("number_symbol", flat=True))
    gaps = numbering.unexplained_gaps(register.sequence_key, str(day.year))
    ok = (sorted(values) == list(range(callers + 1, callers * (per_caller + 1) + 1))
          and len(issued) == len(set(issued)) == callers * (per_caller + 1) and not gaps)
    service = _report("issue numbering (register, number, symbol)", values, elapsed,
                      f", duplicate symbols {len(issued) - len(set(issued))}, gaps {len(gaps)}")

    table, key = "bench_numbering_counter", f"bench.doc_numbering:{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {table} (key text PRIMARY KEY, value bigint)")
        cursor.execute(f"INSERT INTO {table} (key, value) VALUES (%s, 0)", [key])
    try:
        values, elapsed = _run_callers(callers, per_caller,
                                       _raw_issuing(raw_pending, day, table, key))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE key = %s", [key])
    ok &= sorted(values) == list(range(callers + 1, callers * (per_caller + 1) + 1))
    raw = _report("raw SQL (lock, UPDATE ... RETURNING, write)", values, elapsed)
    print(f"  service / raw SQL: {service / raw:.0%}")
    OutgoingDocument.objects.filter(agency=agency).delete()
    if not ok:
        print("  FAILED: a number or a symbol was handed out twice, or skipped")
    return ok


if __name__ == "__main__":
    from bench.__main__ import main

    sys.exit(main(["doc_numbering", *sys.argv[1:]]))
