"""The indicators count whatever dossiers the platform holds: on the demo's agencies and
catalogue, after ``egov import dossiers FILE`` of another set (not the demo's 15,068 and
805), ``egov indicators`` gives that file's figures, and a second file of another year
changes only that year."""

import csv
import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from demo_parts import demo_parts_loaded
from egov.accounts import demo as accounts_demo
from egov.organizations import demo as organizations_demo
from egov.procedures import demo as procedures_demo

LEVEL3, LEVEL3_OTHER, LEVEL4 = "1.003868", "2.001171", "DEMO.STTTT.01"
HEADER = ["procedure_code", "channel", "applicant_name", "applicant_phone", "received_at",
          "due_date", "finished_at", "returned_at"]
# (procedure, channel, received, due, finished): the file's 2017.
ROWS_2017 = [
    (LEVEL3, "online", "2017-03-01", "2017-03-15", "2017-03-10"),
    (LEVEL3, "trực tiếp", "2017-03-02", "2017-03-16", "2017-03-20"),
    (LEVEL3, "desk", "2017-04-03", "2017-04-17", "2017-04-17"),
    (LEVEL3_OTHER, "post", "2017-05-04", "2017-05-05", "2017-05-05"),
    (LEVEL3_OTHER, "desk", "2017-12-20", "2018-01-05", ""),
    (LEVEL4, "online", "2017-06-01", "2017-06-15", "2017-06-09"),
    (LEVEL4, "online", "2017-06-02", "2017-06-16", "2017-06-19"),
    (LEVEL4, "bưu chính", "2017-07-03", "2017-07-17", "2017-07-10"),
]
ROWS_2016 = [
    (LEVEL3, "online", "2016-05-02", "2016-05-16", "2016-05-10"),
    (LEVEL4, "desk", "2016-06-01", "2016-06-15", "2016-06-08"),
]


@pytest.fixture(scope="module")
def demo(test_databases, django_db_blocker):
    """The demo's agencies, officials and catalogue (no dossiers), rolled back at the end."""
    with demo_parts_loaded(django_db_blocker, organizations_demo.load, accounts_demo.load,
                           procedures_demo.load):
        yield


@pytest.fixture
def loaded(demo, db):
    return demo


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number, (code, channel, received, due, finished) in enumerate(rows, start=1):
            returned = (dt.date.fromisoformat(finished) + dt.timedelta(days=1)).isoformat() \
                if finished else ""
            writer.writerow([code, channel, f"Người nộp {number}", "0913456789",
                             f"{received} 09:00", due, finished, returned])
    return path


def indicators(year: int) -> dict:
    out = StringIO()
    call_command("indicators", "--from", f"{year}-01-01", "--to", f"{year}-12-31",
                 "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_the_indicators_follow_the_imported_file(loaded, tmp_path):
    before = indicators(2017)
    assert before["dossiers.received"] == 0
    assert before["procedures.level34"] == 238  # the demo catalogue

    call_command("import", "dossiers", str(write(tmp_path / "ho-so-2017.csv", ROWS_2017)),
                 stdout=StringIO())
    after = indicators(2017)
    assert {code: after[code] for code in (
        "dossiers.received", "dossiers.received.online", "dossiers.received.desk",
        "dossiers.received.post", "dossiers.received.level3",
        "dossiers.received.level3.online", "dossiers.received.level3.offline",
        "dossiers.received.level4", "dossiers.received.level4.online",
        "dossiers.received.level4.offline", "dossiers.resolved", "dossiers.resolved.on_time",
        "dossiers.resolved.late", "dossiers.in_progress",
        "procedures.level3.with_online_dossiers", "procedures.level4.with_online_dossiers",
        "d766.dossiers.online_rate", "d766.dossiers.on_time_rate",
    )} == {
        "dossiers.received": 8, "dossiers.received.online": 3, "dossiers.received.desk": 3,
        "dossiers.received.post": 2, "dossiers.received.level3": 5,
        "dossiers.received.level3.online": 1, "dossiers.received.level3.offline": 4,
        "dossiers.received.level4": 3, "dossiers.received.level4.online": 2,
        "dossiers.received.level4.offline": 1, "dossiers.resolved": 7,
        "dossiers.resolved.on_time": 5, "dossiers.resolved.late": 2,
        "dossiers.in_progress": 1,
        "procedures.level3.with_online_dossiers": 1,
        "procedures.level4.with_online_dossiers": 1,
        "d766.dossiers.online_rate": 37.5, "d766.dossiers.on_time_rate": 71.43,
    }
    # The department alone: the procedures are its own.
    out = StringIO()
    call_command("indicators", "--from", "2017-01-01", "--to", "2017-12-31", "--agency",
                 "STTTT", "--only", "dossiers.received", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == {"dossiers.received": 8}

    call_command("import", "dossiers", str(write(tmp_path / "ho-so-2016.csv", ROWS_2016)),
                 stdout=StringIO())
    assert indicators(2017) == after
    earlier = indicators(2016)
    assert (earlier["dossiers.received"], earlier["dossiers.received.level3.online"],
            earlier["dossiers.received.level4.offline"]) == (2, 1, 1)
