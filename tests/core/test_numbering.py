"""The numbering service: consecutive numbers per register and period, none twice and
no gap that the register cannot explain, also under concurrent callers."""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import translation

from egov.core import audit, numbering
from egov.core.errors import Conflict
from egov.core.models import AuditEntry, IssuedNumber, Sequence

pytestmark = pytest.mark.django_db

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
REGISTER = "documents.outgoing:000.00.31.H59"


@pytest.fixture(autouse=True)
def _in_vietnamese():
    # The platform's default language. Django's locale middleware leaves the language of
    # a test's last request active in this thread, so do not inherit it.
    with translation.override("vi"):
        yield


def make_clerk():
    return get_user_model().objects.create_user(
        username="vanthu", full_name="Võ Thị Thu", password="Mật-khẩu-dài-2017"
    )


def values(key: str = REGISTER, period: str = "2017") -> list[int]:
    return list(
        IssuedNumber.objects.filter(sequence__key=key, sequence__period=period)
        .order_by("value").values_list("value", flat=True)
    )


class TestNextNumber:
    def test_numbers_run_from_one_and_record_who_and_why(self):
        clerk = make_clerk()
        issued = [
            numbering.next_number(REGISTER, "2017", actor=clerk, purpose=f"Báo cáo {n}")
            for n in range(1, 4)
        ]
        assert [i.value for i in issued] == [1, 2, 3]
        assert [i.purpose for i in issued] == ["Báo cáo 1", "Báo cáo 2", "Báo cáo 3"]
        assert {i.issued_by_id for i in issued} == {clerk.pk}
        assert Sequence.objects.get(key=REGISTER, period="2017").last_value == 3

    def test_registers_and_periods_count_apart(self):
        assert numbering.next_number(REGISTER, "2017").value == 1
        assert numbering.next_number(REGISTER, "2017").value == 2
        assert numbering.next_number("documents.incoming:000.00.31.H59", "2017").value == 1
        assert numbering.next_number(REGISTER, "2018").value == 1
        assert numbering.next_number(REGISTER, "2017").value == 3

    def test_without_an_actor_no_one_is_named(self):
        assert numbering.next_number(REGISTER, "2017").issued_by is None

    def test_a_long_purpose_is_cut_to_its_column(self):
        assert numbering.next_number(REGISTER, "2017", purpose="x" * 400).purpose == "x" * 300

    @pytest.mark.parametrize(("key", "period"), [("", "2017"), (REGISTER, "")])
    def test_a_sequence_needs_a_key_and_a_period(self, key, period):
        with pytest.raises(ValueError, match="needs a key and a period"):
            numbering.next_number(key, period)
        assert not Sequence.objects.exists()

    def test_a_rolled_back_caller_gives_its_number_back(self):
        numbering.next_number(REGISTER, "2017")
        with pytest.raises(RuntimeError), transaction.atomic():
            assert numbering.next_number(REGISTER, "2017").value == 2
            raise RuntimeError("the document could not be saved")
        assert numbering.next_number(REGISTER, "2017").value == 2
        assert values() == [1, 2]
        assert numbering.unexplained_gaps(REGISTER, "2017") == []

    def test_a_rolled_back_first_caller_leaves_no_sequence(self):
        with pytest.raises(RuntimeError), transaction.atomic():
            numbering.next_number(REGISTER, "2017")
            raise RuntimeError("failed")
        assert not Sequence.objects.exists()
        assert numbering.next_number(REGISTER, "2017").value == 1


class TestInTheCallersStatement:
    def test_the_caller_stores_the_number_in_the_statement_that_takes_it(self):
        numbering.next_number(REGISTER, "2017")
        taking = numbering.issued_cte(REGISTER, "2017", purpose="Báo cáo")
        if connection.vendor != "postgresql":
            assert taking is None  # no UPDATE inside WITH: the caller uses next_number
            return
        cte, params = taking
        with connection.cursor() as cursor:
            cursor.execute(f"WITH {cte} SELECT value, purpose FROM issued", params)
            assert cursor.fetchone() == (2, "Báo cáo")
        assert values() == [1, 2]
        assert numbering.next_number(REGISTER, "2017").value == 3

    def test_before_the_periods_first_number_it_takes_none(self):
        taking = numbering.issued_cte(REGISTER, "2017")
        if taking is None:
            return
        cte, params = taking
        with connection.cursor() as cursor:
            cursor.execute(f"WITH {cte} SELECT value FROM issued", params)
            assert cursor.fetchone() is None
        assert numbering.next_number(REGISTER, "2017").value == 1


class TestPeriods:
    def test_yearly_period_of_a_date(self):
        assert numbering.yearly_period(dt.date(2017, 11, 3)) == "2017"
        assert numbering.yearly_period(dt.date(999, 1, 1)) == "0999"

    def test_daily_period_of_a_date(self):
        assert numbering.daily_period(dt.date(2017, 11, 3)) == "171103"

    def test_numbering_restarts_at_one_on_1_january_local_time(self):
        # 23:59 on 31 December in Trà Vinh is 16:59 UTC: still 2017.
        with time_machine.travel(dt.datetime(2017, 12, 31, 23, 59, tzinfo=HCM), tick=False):
            period = numbering.yearly_period()
            assert period == "2017"
            last = [numbering.next_number(REGISTER, period).value for _ in range(3)]
        # Midnight local time is 17:00 UTC on 31 December: already 2018 here.
        with time_machine.travel(dt.datetime(2017, 12, 31, 17, 0, tzinfo=dt.UTC), tick=False):
            period = numbering.yearly_period()
            assert period == "2018"
            first = numbering.next_number(REGISTER, period).value
        assert (last, first) == ([1, 2, 3], 1)
        with time_machine.travel(dt.datetime(2018, 6, 1, 9, tzinfo=HCM), tick=False):
            assert numbering.next_number(REGISTER, numbering.yearly_period()).value == 2
        assert values(period="2017") == [1, 2, 3]
        assert values(period="2018") == [1, 2]

    def test_daily_period_follows_local_time(self):
        with time_machine.travel(dt.datetime(2017, 11, 2, 17, 30, tzinfo=dt.UTC), tick=False):
            assert numbering.daily_period() == "171103"


class TestVoid:
    def test_voiding_keeps_the_number_and_writes_the_reason_and_an_audit_entry(self):
        clerk = make_clerk()
        issued = numbering.next_number(REGISTER, "2017", actor=clerk)
        voided = numbering.void_number(issued, reason="  Dự thảo bị rút lại  ", actor=clerk)
        voided.refresh_from_db()
        assert voided.void_reason == "Dự thảo bị rút lại"
        assert voided.voided_at is not None
        entry = AuditEntry.objects.get()
        assert (entry.action, entry.actor_id, entry.object_id) == (
            "core.number.void", clerk.pk, str(issued.pk),
        )
        assert entry.before["voided_at"] is None
        assert entry.after["void_reason"] == "Dự thảo bị rút lại"
        assert audit.verify_chain() is None
        # The voided number stays taken and explained.
        assert numbering.next_number(REGISTER, "2017").value == 2
        assert numbering.unexplained_gaps(REGISTER, "2017") == []

    @pytest.mark.parametrize("reason", ["", "   ", None])
    def test_a_reason_is_required(self, reason):
        issued = numbering.next_number(REGISTER, "2017")
        with pytest.raises(ValidationError) as caught:
            numbering.void_number(issued, reason=reason)
        assert caught.value.message_dict == {"reason": ["Cần nêu lý do hủy số."]}
        issued.refresh_from_db()
        assert (issued.voided_at, issued.void_reason) == (None, "")
        assert not AuditEntry.objects.exists()

    def test_a_number_is_voided_once(self):
        issued = numbering.next_number(REGISTER, "2017")
        numbering.void_number(issued, reason="Hủy")
        with pytest.raises(Conflict) as caught:
            numbering.void_number(issued, reason="Hủy lần nữa")
        assert caught.value.code == "number_already_voided"
        assert str(caught.value.message) == "Số này đã bị hủy."
        issued.refresh_from_db()
        assert issued.void_reason == "Hủy"
        assert AuditEntry.objects.count() == 1


class TestUnexplainedGaps:
    def test_no_sequence_no_gaps(self):
        assert numbering.unexplained_gaps(REGISTER, "2017") == []

    def test_a_number_whose_record_disappeared_is_reported(self):
        for _ in range(5):
            numbering.next_number(REGISTER, "2017")
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_issuednumber WHERE value IN (2, 4)")
        assert numbering.unexplained_gaps(REGISTER, "2017") == [2, 4]


def run_concurrently(callers: int, work) -> list[BaseException]:
    """Start ``callers`` threads at once, each with its own database connection."""
    start = threading.Barrier(callers)
    errors: list[BaseException] = []

    def call(n: int) -> None:
        try:
            start.wait()
            work(n)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call, args=(n,)) for n in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def take_in_own_transaction(n: int) -> None:
    with transaction.atomic():
        numbering.next_number(REGISTER, "2017", purpose=f"caller {n}")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_callers_on_postgresql_get_one_to_fifty():
    # A new register: the callers also race to create its sequence row.
    assert run_concurrently(50, take_in_own_transaction) == []
    assert values() == list(range(1, 51))
    assert Sequence.objects.get(key=REGISTER, period="2017").last_value == 50
    assert numbering.unexplained_gaps(REGISTER, "2017") == []


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_callers_on_this_database_get_one_to_fifty():
    assert run_concurrently(50, take_in_own_transaction) == []
    assert values() == list(range(1, 51))
    assert numbering.unexplained_gaps(REGISTER, "2017") == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_callers_that_roll_back_leave_no_gap():
    class Abandoned(Exception):
        pass

    def take_or_abandon(n: int) -> None:
        try:
            with transaction.atomic():
                numbering.next_number(REGISTER, "2017")
                if n % 5 == 0:
                    raise Abandoned
        except Abandoned:
            pass

    assert run_concurrently(30, take_or_abandon) == []
    assert values() == list(range(1, 25))
    assert numbering.unexplained_gaps(REGISTER, "2017") == []
