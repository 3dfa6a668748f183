"""``egov import dossiers FILE``: a few thousand rows from CSV or XLSX, counted back by
level and channel; bad rows named by line and nothing kept."""

from __future__ import annotations

import csv
import datetime as dt
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from egov.core.calendar.selectors import add_working_days, is_working_day
from egov.core.models import AuditEntry
from egov.dossiers import figures
from egov.dossiers.models import Dossier, DossierEvent

HEADER = ["code", "procedure_code", "channel", "applicant_name", "applicant_phone",
          "received_at", "due_date", "finished_at", "returned_at", "status", "note"]


def history(count: int, seed: int = 7) -> list[list[str]]:
    """``count`` dossiers of 2017 over two procedures (level 3 and level 4)."""
    rng = random.Random(seed)
    days = [dt.date(2017, 1, 1) + dt.timedelta(days=n) for n in range(330)]
    days = [d for d in days if d.weekday() < 5]
    rows = []
    for n in range(count):
        level4 = n % 5 == 0
        channel = rng.choice(["online", "desk", "post"] if level4 else ["desk"] * 9 + ["online"])
        received = rng.choice(days)
        finished = add_working_days(received, rng.randint(1, 12))
        returned = add_working_days(finished, 1)
        rows.append(["", "DEMO.STTTT.01" if level4 else "1.003868",
                     {"desk": "trực tiếp"}.get(channel, channel), f"Người nộp {n}",
                     "0913456789", f"{received:%d/%m/%Y} 09:{n % 60:02d}", "",
                     f"{finished:%d/%m/%Y}", f"{returned:%Y-%m-%d}", "", ""])
    return rows


def write_csv(path, rows, header=HEADER, delimiter=","):
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def expected_counts(rows):
    counts = {}
    for row in rows:
        level = 4 if row[1] == "DEMO.STTTT.01" else 3
        channel = {"trực tiếp": "desk"}.get(row[2], row[2])
        counts[level, channel] = counts.get((level, channel), 0) + 1
    return counts


def test_a_few_thousand_rows_from_csv(tmp_path, procedure, paid_procedure):
    rows = history(3000)
    path = write_csv(tmp_path / "hoso-2017.csv", rows, delimiter=";")
    out = StringIO()
    call_command("import", "dossiers", str(path), stdout=out)
    assert "3000" in out.getvalue()
    counted = figures.dossier_counts(dt.date(2017, 1, 1), dt.date(2017, 12, 31),
                                     by=["level", "channel"])
    assert {(r["level"], r["channel"]): r["count"] for r in counted} == expected_counts(rows)
    assert Dossier.objects.filter(status="returned").count() == 3000
    assert DossierEvent.objects.count() == 3000 * 4
    first = Dossier.objects.order_by("received_at", "code").first()
    assert first.code.startswith("000.00.31.H59-17") and first.code.endswith("-0001")
    assert first.due_date == add_working_days(first.received_at.date(),
                                              first.version.time_limit_days)
    assert is_working_day(first.due_date)
    entry = AuditEntry.objects.get(action="dossiers.dossier.bulk_create")
    assert entry.after["count"] == 3000 and entry.after["source"] == "hoso-2017.csv"


def test_xlsx_with_dates_and_codes(tmp_path, procedure):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([*HEADER, "applicant_address"])
    sheet.append(["000.00.31.H59-170301-0007", "1.003868", "desk", "Lê Thị Hồng", "0939123456",
                  dt.datetime(2017, 3, 1, 14, 5), dt.date(2017, 3, 15),
                  dt.datetime(2017, 3, 16, 10, 0), None, "", "", "Long Đức"])
    sheet.append(["", "1.003868", "online", "Trần Văn Bình", "", "2017-03-02", "", "", "",
                  "processing", "", ""])
    path = tmp_path / "hoso.xlsx"
    workbook.save(path)
    call_command("import", "dossiers", str(path), stdout=StringIO())
    imported = Dossier.objects.get(code="000.00.31.H59-170301-0007")
    assert imported.status == "result_ready" and imported.outcome == "granted"
    assert imported.due_date == dt.date(2017, 3, 15)
    assert imported.applicant_address == "Long Đức"
    assert figures.dossier_summary(dt.date(2017, 3, 1), dt.date(2017, 3, 31),
                                   today=dt.date(2017, 12, 31))["late"] == 1
    other = Dossier.objects.get(applicant_name="Trần Văn Bình")
    assert other.code == "000.00.31.H59-170302-0001"
    assert other.status == "processing"


def test_bad_rows_are_named_by_line_and_nothing_is_kept(tmp_path, procedure, paid_procedure):
    rows = history(20)
    rows[3][1] = "9.999"                       # line 5
    rows[7][5] = "31/02/2017"                  # line 9
    rows[10][2] = "fax"                        # line 12
    rows[12][8] = "2016-01-01"                 # line 14: returned before received
    rows[15][3] = ""                           # line 17
    path = write_csv(tmp_path / "bad.csv", rows)
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import", "dossiers", str(path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["Dòng 5", "Dòng 9", "Dòng 12", "Dòng 14",
                                                      "Dòng 17"]
    assert "9.999" in lines[0] and "applicant_name" in lines[4]
    assert "nothing was imported" in str(caught.value) or "không nhập" in str(caught.value)
    assert Dossier.objects.count() == 0


def test_codes_taken_or_repeated_are_refused(tmp_path, procedure, paid_procedure):
    rows = history(3)
    for row in rows:
        row[0] = "000.00.31.H59-170104-0001"
        row[5] = "04/01/2017 08:00"
    path = write_csv(tmp_path / "dup.csv", rows)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import", "dossiers", str(path), stdout=StringIO(), stderr=err)
    assert "000.00.31.H59-170104-0001" in err.getvalue()
    assert Dossier.objects.count() == 0


def test_missing_columns_and_wrong_files(tmp_path, db):
    path = write_csv(tmp_path / "x.csv", [], header=["procedure_code", "channel"])
    with pytest.raises(CommandError) as caught:
        call_command("import", "dossiers", str(path))
    assert "applicant_name" in str(caught.value)
    other = tmp_path / "x.txt"
    other.write_text("x")
    with pytest.raises(CommandError):
        call_command("import", "dossiers", str(other))
    with pytest.raises(CommandError):
        call_command("import", "dossiers", str(tmp_path / "missing.csv"))


def test_dry_run(tmp_path, procedure, paid_procedure):
    path = write_csv(tmp_path / "ok.csv", history(10))
    out = StringIO()
    call_command("import", "dossiers", str(path), "--dry-run", stdout=out)
    assert "10" in out.getvalue()
    assert Dossier.objects.count() == 0
