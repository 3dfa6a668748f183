"""Late is late everywhere: the Python rule and the SQL annotation agree on every kind
of dossier, and the workflow table refuses what it does not list."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from dossier_factories import at, at_director, at_specialist, received, submitted

from egov.core.errors import Conflict
from egov.dossiers import services, workflow
from egov.dossiers.models import Dossier, Status, Timeliness
from egov.dossiers.timeliness import dossier_timeliness, step_result, timeliness_expression


@pytest.fixture
def dossiers(people, procedure, signing):
    """name → dossier, all received on Wednesday 01/11/2017 (due 15/11) unless named."""
    made = {}
    with time_machine.travel(at("2017-11-01 09:00"), tick=False):
        made["submitted"] = submitted(people["citizen"], procedure)
        made["received"] = received(people, procedure)
        made["processing"] = at_specialist(people, procedure)
        waiting = at_specialist(people, procedure)
        made["awaiting"] = services.dossier_request_supplement(
            actor=people["specialist"], dossier=waiting, missing="Bản thảo")
        made["withdrawn"] = services.dossier_withdraw(
            actor=people["citizen"], dossier=received(people, procedure), reason="x")
        made["refused"] = services.dossier_refuse(
            actor=people["desk"], dossier=submitted(people["citizen"], procedure), reason="x")
        early, on_time, late, apologised = (at_director(people, procedure) for _ in range(4))
        apologised = services.dossier_apologise(actor=people["director"], dossier=apologised,
                                                reason="x", new_due_date=dt.date(2017, 11, 30))
    with time_machine.travel(at("2017-11-14 23:59"), tick=False):
        made["early"] = services.dossier_approve(actor=people["director"], dossier=early)
    with time_machine.travel(at("2017-11-15 23:59"), tick=False):
        made["on_time"] = services.dossier_approve(actor=people["director"], dossier=on_time)
    with time_machine.travel(at("2017-11-16 00:01"), tick=False):
        made["late"] = services.dossier_approve(actor=people["director"], dossier=late)
        made["apologised"] = services.dossier_approve(actor=people["director"],
                                                      dossier=apologised)
    return made


EXPECTED_ON_20_11 = {
    "submitted": Timeliness.IN_PROGRESS, "received": Timeliness.OVERDUE,
    "processing": Timeliness.OVERDUE, "awaiting": Timeliness.IN_PROGRESS,
    "withdrawn": Timeliness.NONE, "refused": Timeliness.NONE, "early": Timeliness.EARLY,
    "on_time": Timeliness.ON_TIME, "late": Timeliness.LATE, "apologised": Timeliness.LATE,
}


def test_python_and_sql_agree(dossiers):
    today = dt.date(2017, 11, 20)
    by_pk = dict(Dossier.objects.annotate(t=timeliness_expression(today)).values_list("pk", "t"))
    for name, dossier in dossiers.items():
        dossier.refresh_from_db()
        assert dossier_timeliness(dossier, today) == EXPECTED_ON_20_11[name], name
        assert by_pk[dossier.pk] == EXPECTED_ON_20_11[name], name


def test_before_the_deadline_open_dossiers_are_in_progress(dossiers):
    today = dt.date(2017, 11, 15)
    by_pk = dict(Dossier.objects.annotate(t=timeliness_expression(today)).values_list("pk", "t"))
    assert by_pk[dossiers["processing"].pk] == Timeliness.IN_PROGRESS
    assert dossier_timeliness(dossiers["processing"], today) == Timeliness.IN_PROGRESS


@pytest.mark.parametrize("ended, due, expected", [
    (dt.date(2017, 11, 10), dt.date(2017, 11, 13), ("early", 1)),
    (dt.date(2017, 11, 13), dt.date(2017, 11, 13), ("on_time", 0)),
    (dt.date(2017, 11, 15), dt.date(2017, 11, 13), ("late", -2)),
    # Ended on the Saturday after a Friday deadline: late, by no working day.
    (dt.date(2017, 11, 11), dt.date(2017, 11, 10), ("late", 0)),
])
def test_step_results(db, ended, due, expected):
    assert step_result(ended, due) == expected


def test_every_action_names_its_sources_and_who():
    assert set(workflow.TRANSITIONS) == {
        "submit", "accept", "refuse", "request_supplement", "supplement", "forward", "take",
        "send_back", "approve", "decline", "apologise", "return", "withdraw"}
    assert workflow.allowed_actions(Status.RESULT_READY) == ["return"]
    assert workflow.allowed_actions(Status.RETURNED) == []
    assert workflow.allowed_actions(Status.REFUSED) == []


def test_check_names_the_action_and_the_status(people, procedure):
    dossier = submitted(people["citizen"], procedure)
    with pytest.raises(Conflict) as caught:
        workflow.check("approve", dossier)
    assert caught.value.code == "invalid_transition"


def test_as_of_a_day_before_the_result_it_was_open(dossiers):
    # "late" was finished on 16/11 after its deadline of 15/11; on 15/11 it was open.
    late = dossiers["late"]
    late.refresh_from_db()
    for today, expected in [(dt.date(2017, 11, 15), Timeliness.IN_PROGRESS),
                            (dt.date(2017, 11, 16), Timeliness.LATE)]:
        annotated = Dossier.objects.annotate(t=timeliness_expression(today)).get(pk=late.pk)
        assert (dossier_timeliness(late, today), annotated.t) == (expected, expected)
    early = dossiers["early"]
    early.refresh_from_db()
    on_14_before = dt.date(2017, 11, 13)
    assert dossier_timeliness(early, on_14_before) == Timeliness.IN_PROGRESS
