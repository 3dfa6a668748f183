"""Two officials on one dossier at once: one wins, the other is told (409). Fifty
submissions at once: fifty codes, consecutive, in the legal format."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connections
from dossier_factories import ANSWERS, received

from egov.core.errors import Conflict
from egov.core.numbering import unexplained_gaps
from egov.dossiers import services
from egov.dossiers.models import Dossier
from egov.dossiers.services.intake import code_key

CODE_RE = re.compile(r"^000\.00\.31\.H59-(\d{6})-(\d{4})$")


def run_concurrently(callers: int, work) -> tuple[list, list[BaseException]]:
    """Start ``callers`` threads at once, each with its own database connection."""
    start = threading.Barrier(callers)
    results: list = []
    errors: list[BaseException] = []

    def call(n: int) -> None:
        try:
            start.wait()
            results.append(work(n))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call, args=(n,)) for n in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def _two_take_at_once(people, procedure):
    dossier = received(people, procedure)
    dossier = services.dossier_forward(actor=people["desk"], dossier=dossier)
    takers = [people["specialist"], people["specialist2"]]

    # Each official has the page open: the dossier as they read it, both before either
    # acts (read inside the threads, the second could read after the first one's commit).
    copies = [Dossier.objects.get(pk=dossier.pk) for _ in takers]

    def take(n: int):
        return services.dossier_take(actor=takers[n], dossier=copies[n])

    results, errors = run_concurrently(2, take)
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], Conflict), errors
    assert errors[0].code == "stale_revision"
    dossier.refresh_from_db()
    assert dossier.assignee == results[0].assignee
    assert dossier.events.filter(action="take").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officials_take_at_once_on_postgresql(people, procedure):
    _two_take_at_once(people, procedure)


@pytest.mark.django_db(transaction=True)
def test_two_officials_take_at_once_on_this_database(people, procedure):
    _two_take_at_once(people, procedure)


def _fifty_submit_at_once(people, procedure):
    citizen = people["citizen"]

    def submit(n: int):
        dossier, created = services.dossier_apply(
            actor=citizen, procedure=procedure, answers={**ANSWERS, "copies": str(n + 1)},
            idempotency_key=f"key-{n}", fingerprint=f"body-{n}")
        assert created
        return dossier.code

    codes, errors = run_concurrently(50, submit)
    assert errors == []
    matches = [CODE_RE.match(code) for code in codes]
    assert all(matches)
    assert len({m.group(1) for m in matches}) == 1
    assert sorted(int(m.group(2)) for m in matches) == list(range(1, 51))
    assert Dossier.objects.filter(status="submitted").count() == 50
    assert unexplained_gaps(code_key("000.00.31.H59"), matches[0].group(1)) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_on_postgresql(people, procedure):
    _fifty_submit_at_once(people, procedure)


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_on_this_database(people, procedure):
    _fifty_submit_at_once(people, procedure)


def _same_key_at_once(people, procedure):
    citizen = people["citizen"]

    def submit(n: int):
        return services.dossier_apply(actor=citizen, procedure=procedure, answers=ANSWERS,
                                      idempotency_key="retry-1", fingerprint="same-body")

    results, errors = run_concurrently(5, submit)
    assert errors == []
    assert len({dossier.pk for dossier, _created in results}) == 1
    assert sorted(created for _dossier, created in results) == [False] * 4 + [True]
    assert Dossier.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_key_at_once_gives_one_dossier_on_postgresql(people, procedure):
    _same_key_at_once(people, procedure)


def _same_submit_at_once(people, procedure):
    citizen = people["citizen"]
    draft = services.dossier_create_draft(actor=citizen, procedure=procedure, answers=ANSWERS)
    # Each retry was sent with the draft as the citizen read it, before any of them ran.
    copies = [Dossier.objects.get(pk=draft.pk) for _ in range(5)]

    def submit(n: int):
        return services.dossier_submit(actor=citizen, dossier=copies[n],
                                       idempotency_key="submit-retry", fingerprint="same")

    results, errors = run_concurrently(5, submit)
    assert errors == []
    assert {dossier.pk for dossier in results} == {draft.pk}
    assert len({dossier.code for dossier in results}) == 1
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert draft.events.filter(action="submit").count() == 1
    assert unexplained_gaps(code_key("000.00.31.H59"), draft.code.split("-")[1]) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_submit_at_once_submits_once_on_postgresql(people, procedure):
    _same_submit_at_once(people, procedure)


@pytest.mark.django_db(transaction=True)
def test_the_same_submit_at_once_submits_once_on_this_database(people, procedure):
    _same_submit_at_once(people, procedure)


def test_the_same_key_again_gives_the_same_dossier(people, procedure):
    first, created = services.dossier_apply(actor=people["citizen"], procedure=procedure,
                                            answers=ANSWERS, idempotency_key="k",
                                            fingerprint="a")
    again, created_again = services.dossier_apply(actor=people["citizen"],
                                                  procedure=procedure, answers=ANSWERS,
                                                  idempotency_key="k", fingerprint="a")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    with pytest.raises(Conflict) as caught:
        services.dossier_apply(actor=people["citizen"], procedure=procedure, answers=ANSWERS,
                               idempotency_key="k", fingerprint="b")
    assert caught.value.code == "idempotency_key_reused"
    # Another applicant's key of the same name is theirs.
    other, created_other = services.dossier_apply(actor=people["citizen2"],
                                                  procedure=procedure, answers=ANSWERS,
                                                  idempotency_key="k", fingerprint="a")
    assert created_other and other.pk != first.pk
