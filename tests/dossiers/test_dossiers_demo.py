"""The demo's 2017: the report's numbers exactly, working days only, a plausible share
late, a control sheet for every dossier, and today's work in the named inboxes."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.db.models import Count
from rest_framework.test import APIClient

from egov.accounts import demo as accounts_demo
from egov.accounts.models import Official, User
from egov.core.calendar.selectors import is_working_day
from egov.core.demo import DemoContext
from egov.core.models import AuditEntry
from egov.dossiers import demo, figures, results, selectors
from egov.dossiers.models import Dossier, DossierEvent, Status
from egov.dossiers.timeliness import local_tz
from egov.organizations import demo as organizations_demo
from egov.procedures import demo as procedures_demo
from egov.signatures import demo as signatures_demo
from egov.signatures.verification import VALID, verify_pdf

CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.H59-17\d{4}-\d{4}$")


def test_the_year_2017(db):
    ctx = DemoContext(write=lambda _: None)
    organizations_demo.load(ctx)
    accounts_demo.load(ctx)
    signatures_demo.load(ctx)
    procedures_demo.load(ctx)
    # A few signed results of 2017 (the full demo signs 163): enough to check them.
    demo.load(ctx, signed_results=3)

    year = (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    summary = figures.dossier_summary(*year, today=dt.date(2017, 12, 31))
    assert (summary["level_3"], summary["level_3_online"]) == (15_068, 112)
    assert (summary["level_4"], summary["level_4_online"]) == (805, 513)
    assert summary["level_3"] - summary["level_3_online"] == 14_956
    assert summary["level_4"] - summary["level_4_online"] == 292
    assert summary["post"] == 0
    # The report: 62 level-3 services and 4 level-4 services had online dossiers.
    online = (Dossier.objects.filter(received_at__year=2017, channel="online")
              .values("level").annotate(services=Count("procedure", distinct=True)))
    assert {row["level"]: row["services"] for row in online} == {3: 62, 4: 4}
    judged = summary["early"] + summary["on_time"] + summary["late"]
    assert 0.03 < summary["late"] / judged < 0.08
    assert summary["in_progress"] + summary["overdue"] > 0  # finished in January 2018
    # Five departments and two districts on the system.
    kinds = (Dossier.objects.filter(received_at__year=2017).values("agency__kind")
             .annotate(n=Count("agency", distinct=True)))
    assert {row["agency__kind"]: row["n"] for row in kinds} == {"so": 5, "ubnd_huyen": 2}

    received = Dossier.objects.filter(received_at__isnull=False, received_at__year=2017)
    days = {m.astimezone(local_tz()).date() for m in received.values_list("received_at",
                                                                          flat=True)}
    assert all(is_working_day(day) for day in days)
    codes = list(received.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 15_873
    assert all(CODE.match(code) for code in codes)
    # Not received at the desk, not counted: refused at intake.
    assert Dossier.objects.filter(status=Status.REFUSED, received_at__isnull=True).count() == 36

    # Every returned dossier's control sheet runs accept → forwards → decision → return.
    sample = received.filter(status=Status.RETURNED).order_by("code")[:50]
    for dossier in sample:
        actions = list(dossier.events.order_by("at", "id").values_list("action", flat=True))
        assert actions[1] == "accept" and actions[-1] == "return", actions
        assert actions[-2] in ("approve", "decline")
        assert "forward" in actions
    assert DossierEvent.objects.filter(action="apologise").exists()

    # Late everywhere alike: the register and the summary agree.
    late = [d for d in figures.register_rows(received).iterator()
            if d.timeliness == "late"]
    assert len(late) == figures.dossier_summary(*year)["late"]

    citizen = User.objects.get(username="congdan")
    assert Dossier.objects.filter(applicant=citizen, received_at__year=2017).count() == 6

    _signed_results_of_2017()

    inboxes = {name: selectors.inbox(User.objects.get(username=name)).count()
               for name in ("motcua.stttt", "chuyenvien.stttt", "truongphong.stttt",
                            "giamdoc.stttt")}
    assert inboxes == {"motcua.stttt": 1, "chuyenvien.stttt": 1, "truongphong.stttt": 1,
                       "giamdoc.stttt": 1}


def _signed_results_of_2017():
    """The results returned online from October 2017 are signed as of their day, by the
    deciding official (or the agency's seal), valid today; each put in with its audit
    entry; downloaded from the dossier as a live one."""
    signed = list(Dossier.objects.exclude(result_file="").filter(received_at__year=2017)
                  .order_by("finished_at"))
    assert len(signed) == 3
    start = dt.datetime(2017, 10, 1, tzinfo=local_tz())
    assert all(d.delivery == "online" and d.status == Status.RETURNED
               and d.finished_at >= start for d in signed)
    earlier = Dossier.objects.filter(delivery="online", status=Status.RETURNED,
                                     finished_at__gte=start, received_at__year=2017,
                                     finished_at__lt=signed[-1].finished_at, result_file="")
    assert not earlier.exists()  # the earliest of the set first
    assert AuditEntry.objects.filter(action="dossiers.dossier.result_archive").count() == 3

    dossier = signed[0]
    decision = dossier.events.get(action__in=["approve", "decline"])
    official = Official.objects.select_related("user").get(user_id=decision.actor_id)
    client = APIClient()
    client.force_authenticate(official.user)
    response = client.get(f"/api/v1/dossiers/{dossier.pk}/result/")
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content)
    assert hashlib.sha256(pdf).hexdigest() == dossier.result_sha256
    report = verify_pdf(pdf)
    assert report.all_valid, report
    (signature,) = report.signatures
    assert signature.verdict == VALID and signature.timestamped
    # Signed when it was decided, by the decider or the agency's seal of that time.
    assert abs((signature.signing_time - dossier.finished_at).total_seconds()) < 1
    assert signature.signer == results.certificate_at(official, dossier.finished_at).common_name
