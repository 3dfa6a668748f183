"""The demo's 2017: the report's numbers exactly, working days only, a plausible share
late, a control sheet for every dossier, and today's work in the named inboxes."""

from __future__ import annotations

import datetime as dt
import re
import time

from django.db.models import Count

from egov.accounts import demo as accounts_demo
from egov.accounts.models import User
from egov.core.calendar.selectors import is_working_day
from egov.core.demo import DemoContext
from egov.dossiers import demo, figures, selectors
from egov.dossiers.models import Dossier, DossierEvent, Status
from egov.dossiers.timeliness import local_tz
from egov.organizations import demo as organizations_demo
from egov.procedures import demo as procedures_demo

CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.H59-17\d{4}-\d{4}$")


def test_the_year_2017(db):
    ctx = DemoContext(write=lambda _: None)
    organizations_demo.load(ctx)
    accounts_demo.load(ctx)
    procedures_demo.load(ctx)
    started = time.monotonic()
    demo.load(ctx)
    assert time.monotonic() - started < 60

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

    inboxes = {name: selectors.inbox(User.objects.get(username=name)).count()
               for name in ("motcua.stttt", "chuyenvien.stttt", "truongphong.stttt",
                            "giamdoc.stttt")}
    assert inboxes == {"motcua.stttt": 1, "chuyenvien.stttt": 1, "truongphong.stttt": 1,
                       "giamdoc.stttt": 1}
