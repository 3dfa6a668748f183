"""Processing: take, forward, send back, approve, decline, apology; the control sheet's
step results; payment before processing; return, rating."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from dossier_factories import (
    APPLICANT,
    at,
    at_director,
    at_specialist,
    received,
    result_ready,
    returned,
    submitted,
)

from egov.core.errors import Conflict
from egov.dossiers import services
from egov.dossiers.models import DossierRating, Outcome, Status, Timeliness
from egov.dossiers.timeliness import dossier_timeliness


class TestHandOver:
    def test_the_desk_hands_over_to_the_processing_unit(self, people, procedure, stttt):
        with time_machine.travel(at("2017-11-01 09:00"), tick=False):
            dossier = received(people, procedure)
        with time_machine.travel(at("2017-11-01 14:00"), tick=False):
            dossier = services.dossier_forward(actor=people["desk"], dossier=dossier)
        assert dossier.status == Status.PROCESSING
        assert dossier.step_index == 1 and dossier.step_role == "specialist"
        assert dossier.unit == stttt.units.get(short_name="TTBCXB")
        assert dossier.assignee is None
        assert dossier.step_due_date == dt.date(2017, 11, 13)  # 8 working days
        event = dossier.events.get(action="forward")
        assert event.from_unit == stttt.units.get(short_name="VP")
        assert event.to_unit == dossier.unit and event.to_user is None
        assert (event.ended_step_index, event.ended_step_result, event.ended_step_margin) == (
            0, Timeliness.EARLY, 1)

    def test_a_specialist_of_the_unit_takes_it_and_only_they_go_on(self, people, procedure):
        dossier = services.dossier_forward(actor=people["desk"],
                                           dossier=received(people, procedure))
        with pytest.raises(PermissionDenied):
            services.dossier_take(actor=people["specialist_bcvt"], dossier=dossier)
        with pytest.raises(PermissionDenied):
            services.dossier_take(actor=people["head"], dossier=dossier)
        dossier = services.dossier_take(actor=people["specialist"], dossier=dossier)
        assert dossier.assignee == people["specialist"]
        with pytest.raises(Conflict) as caught:
            services.dossier_take(actor=people["specialist2"], dossier=dossier)
        assert caught.value.code == "taken"
        with pytest.raises(PermissionDenied):
            services.dossier_forward(actor=people["specialist2"], dossier=dossier)

    def test_forward_to_someone_who_cannot_do_the_next_step_is_refused(self, people,
                                                                        procedure):
        dossier = received(people, procedure)
        with pytest.raises(ValidationError) as caught:
            services.dossier_forward(actor=people["desk"], dossier=dossier,
                                     to_user=people["specialist_bcvt"])
        assert list(caught.value.message_dict) == ["to_user"]
        dossier.refresh_from_db()
        assert dossier.status == Status.RECEIVED and dossier.revision == 3

    def test_step_results_early_on_time_late(self, people, procedure):
        with time_machine.travel(at("2017-11-01 09:00"), tick=False):
            dossier = at_specialist(people, procedure)  # specialist due 13/11
        with time_machine.travel(at("2017-11-13 16:00"), tick=False):
            dossier = services.dossier_forward(actor=people["specialist"], dossier=dossier,
                                               to_user=people["head"])  # on time
        with time_machine.travel(at("2017-11-16 09:00"), tick=False):
            # head had 1 day, due 14/11: two working days late.
            dossier = services.dossier_forward(actor=people["head"], dossier=dossier,
                                               to_user=people["director"])
        rows = list(dossier.events.filter(action="forward").values_list(
            "ended_step_index", "ended_step_result", "ended_step_margin"))
        assert rows == [(0, "early", 1), (1, "on_time", 0), (2, "late", -2)]

    def test_send_back_returns_to_who_handed_it_on(self, people, procedure):
        dossier = at_specialist(people, procedure)
        dossier = services.dossier_forward(actor=people["specialist"], dossier=dossier)
        dossier = services.dossier_take(actor=people["head"], dossier=dossier)
        with pytest.raises(ValidationError):
            services.dossier_send_back(actor=people["head"], dossier=dossier, reason="")
        dossier = services.dossier_send_back(actor=people["head"], dossier=dossier,
                                             reason="Thiếu ý kiến thẩm định về nội dung.")
        assert dossier.step_index == 1
        assert dossier.assignee == people["specialist"]
        with pytest.raises(Conflict) as caught:
            services.dossier_send_back(actor=people["specialist"], dossier=dossier,
                                       reason="x")
        assert caught.value.code == "first_step"

    def test_forward_from_the_last_step_is_refused(self, people, procedure):
        dossier = at_director(people, procedure)
        with pytest.raises(Conflict) as caught:
            services.dossier_forward(actor=people["director"], dossier=dossier)
        assert caught.value.code == "last_step"


@pytest.mark.usefixtures("signing")
class TestDecision:
    def test_the_director_approves_and_the_result_is_ready(self, people, procedure):
        with time_machine.travel(at("2017-11-01 09:00"), tick=False):
            dossier = at_director(people, procedure)
        with time_machine.travel(at("2017-11-10 11:00"), tick=False):
            dossier = services.dossier_approve(actor=people["director"], dossier=dossier)
        assert dossier.status == Status.RESULT_READY
        assert dossier.outcome == Outcome.GRANTED
        assert dossier.finished_at == at("2017-11-10 11:00")
        assert dossier.assignee is None and dossier.step_role == ""
        assert dossier_timeliness(dossier) == Timeliness.EARLY  # due 15/11

    def test_only_the_last_step_decides(self, people, procedure):
        dossier = at_specialist(people, procedure)
        with pytest.raises(Conflict) as caught:
            services.dossier_approve(actor=people["specialist"], dossier=dossier)
        assert caught.value.code == "not_last_step"

    @pytest.mark.parametrize("who", ["head", "desk", "citizen", "sysadmin", "specialist"])
    def test_nobody_else_approves(self, people, procedure, who):
        dossier = at_director(people, procedure)
        with pytest.raises(PermissionDenied):
            services.dossier_approve(actor=people[who], dossier=dossier)

    def test_decline_needs_reasons_and_is_a_result(self, people, procedure):
        dossier = at_director(people, procedure)
        with pytest.raises(ValidationError):
            services.dossier_decline(actor=people["director"], dossier=dossier, reason="")
        dossier = services.dossier_decline(actor=people["director"], dossier=dossier,
                                           reason="Nội dung tài liệu vi phạm Luật Xuất bản.")
        assert (dossier.status, dossier.outcome) == (Status.RESULT_READY, Outcome.REFUSED)
        assert dossier.closing_reason == "Nội dung tài liệu vi phạm Luật Xuất bản."

    def test_late_result(self, people, procedure):
        with time_machine.travel(at("2017-11-01 09:00"), tick=False):
            dossier = at_director(people, procedure)
        with time_machine.travel(at("2017-11-16 08:00"), tick=False):
            dossier = services.dossier_approve(actor=people["director"], dossier=dossier)
        assert dossier.due_date == dt.date(2017, 11, 15)
        assert dossier_timeliness(dossier) == Timeliness.LATE


@pytest.mark.usefixtures("signing")
class TestApology:
    def test_the_apology_moves_the_date_but_the_dossier_stays_late(self, people, procedure):
        with time_machine.travel(at("2017-11-01 09:00"), tick=False):
            dossier = at_specialist(people, procedure)
        with time_machine.travel(at("2017-11-14 09:00"), tick=False):
            dossier = services.dossier_apologise(
                actor=people["specialist"], dossier=dossier,
                reason="Cần xin ý kiến Cục Xuất bản.", new_due_date=dt.date(2017, 11, 22))
            assert dossier.original_due_date == dt.date(2017, 11, 15)
            assert dossier.due_date == dt.date(2017, 11, 22)
            dossier = services.dossier_forward(actor=people["specialist"], dossier=dossier,
                                               to_user=people["head"])
            dossier = services.dossier_forward(actor=people["head"], dossier=dossier,
                                               to_user=people["director"])
        with time_machine.travel(at("2017-11-20 09:00"), tick=False):
            dossier = services.dossier_approve(actor=people["director"], dossier=dossier)
        assert dossier_timeliness(dossier) == Timeliness.LATE

    def test_a_second_apology_keeps_the_first_date(self, people, procedure):
        with time_machine.travel(at("2017-11-01 09:00"), tick=False):
            dossier = at_specialist(people, procedure)
            dossier = services.dossier_apologise(actor=people["specialist"], dossier=dossier,
                                                 reason="a", new_due_date=dt.date(2017, 11, 22))
            dossier = services.dossier_apologise(actor=people["head"], dossier=dossier,
                                                 reason="b", new_due_date=dt.date(2017, 11, 29))
        assert dossier.original_due_date == dt.date(2017, 11, 15)

    @pytest.mark.parametrize("new_date, field_message", [
        (dt.date(2017, 11, 15), "after"), (dt.date(2017, 11, 18), "working day")])
    def test_the_new_date_must_be_later_and_a_working_day(self, people, procedure, new_date,
                                                         field_message):
        with time_machine.travel(at("2017-11-01 09:00"), tick=False):
            dossier = at_specialist(people, procedure)
            with pytest.raises(ValidationError) as caught:
                services.dossier_apologise(actor=people["specialist"], dossier=dossier,
                                           reason="x", new_due_date=new_date)
        assert list(caught.value.message_dict) == ["new_due_date"]

    def test_other_agencies_and_applicants_cannot_apologise(self, people, procedure):
        dossier = at_specialist(people, procedure)
        for who in ("b_desk", "citizen", "specialist2", "clerk"):
            with pytest.raises(PermissionDenied):
                services.dossier_apologise(actor=people[who], dossier=dossier, reason="x",
                                           new_due_date=dt.date(2030, 1, 2))


class TestPayment:
    def test_an_unpaid_fee_stops_the_hand_over(self, people, paid_procedure):
        dossier = received(people, paid_procedure)
        assert dossier.fee_amount == 200000
        with pytest.raises(Conflict) as caught:
            services.dossier_forward(actor=people["desk"], dossier=dossier)
        assert caught.value.code == "unpaid"
        services.dossier_mark_paid(dossier_code=dossier.code, amount=200000,
                                   payment_reference="VNP-14012345")
        dossier.refresh_from_db()
        dossier = services.dossier_forward(actor=people["desk"], dossier=dossier)
        assert dossier.step_role == "specialist"

    def test_mark_paid_is_idempotent_and_checks_the_amount(self, people, paid_procedure):
        dossier = submitted(people["citizen"], paid_procedure)
        with pytest.raises(ValidationError) as caught:
            services.dossier_mark_paid(dossier_code=dossier.code, amount=100000,
                                       payment_reference="VNP-1")
        assert list(caught.value.message_dict) == ["amount"]
        first = services.dossier_mark_paid(dossier_code=dossier.code, amount=200000,
                                           payment_reference="VNP-1")
        again = services.dossier_mark_paid(dossier_code=dossier.code, amount=200000,
                                           payment_reference="VNP-1")
        assert first.paid_at == again.paid_at and again.revision == first.revision
        assert again.events.filter(action="pay").count() == 1
        with pytest.raises(Conflict) as conflict:
            services.dossier_mark_paid(dossier_code=dossier.code, amount=200000,
                                       payment_reference="VNP-2")
        assert conflict.value.code == "already_paid"

    def test_mark_paid_refuses_unknown_codes_and_free_dossiers(self, people, procedure):
        with pytest.raises(ValidationError):
            services.dossier_mark_paid(dossier_code="000.00.31.H59-170101-9999", amount=1,
                                       payment_reference="x")
        dossier = submitted(people["citizen"], procedure)
        with pytest.raises(Conflict):
            services.dossier_mark_paid(dossier_code=dossier.code, amount=0,
                                       payment_reference="x")


@pytest.mark.usefixtures("signing")
class TestReturnAndRating:
    def test_the_desk_returns_the_result_and_records_who_took_it(self, people, procedure):
        dossier = result_ready(people, procedure)
        with pytest.raises(PermissionDenied):
            services.dossier_return(actor=people["director"], dossier=dossier, method="desk",
                                    recipient_name="A")
        with pytest.raises(ValidationError):
            services.dossier_return(actor=people["desk"], dossier=dossier, method="desk",
                                    recipient_name=" ")
        dossier = services.dossier_return(actor=people["desk2"], dossier=dossier,
                                          method="post", recipient_name="Bưu điện Trà Vinh",
                                          note="Phiếu gửi EMS EA123456789VN")
        assert dossier.status == Status.RETURNED
        assert dossier.returned_by == people["desk2"]
        assert dossier.return_method == "post" and dossier.returned_to == "Bưu điện Trà Vinh"

    def test_the_applicant_rates_once_after_return(self, people, procedure):
        dossier = result_ready(people, procedure)
        with pytest.raises(Conflict):
            services.dossier_rate(actor=people["citizen"], dossier=dossier, stars=5)
        dossier = services.dossier_return(actor=people["desk"], dossier=dossier,
                                          method="desk", recipient_name="Nguyễn Văn An")
        with pytest.raises(ValidationError):
            services.dossier_rate(actor=people["citizen"], dossier=dossier, stars=6)
        with pytest.raises(PermissionDenied):
            services.dossier_rate(actor=people["citizen2"], dossier=dossier, stars=1)
        rating = services.dossier_rate(actor=people["citizen"], dossier=dossier, stars=4,
                                       comment="Nhanh, đúng hẹn.")
        assert (rating.stars, rating.comment) == (4, "Nhanh, đúng hẹn.")
        with pytest.raises(Conflict) as caught:
            services.dossier_rate(actor=people["citizen"], dossier=dossier, stars=5)
        assert caught.value.code == "already_rated"

    def test_a_walk_in_applicant_rates_with_their_phone(self, people, procedure):
        dossier = services.dossier_intake(actor=people["desk"], procedure=procedure,
                                          channel="desk", applicant=APPLICANT,
                                          papers_received=[1, 2])
        dossier = services.dossier_accept(actor=people["desk"], dossier=dossier)
        dossier = services.dossier_forward(actor=people["desk"], dossier=dossier,
                                           to_user=people["specialist"])
        dossier = services.dossier_forward(actor=people["specialist"], dossier=dossier,
                                           to_user=people["head"])
        dossier = services.dossier_forward(actor=people["head"], dossier=dossier,
                                           to_user=people["director"])
        dossier = services.dossier_approve(actor=people["director"], dossier=dossier)
        dossier = services.dossier_return(actor=people["desk"], dossier=dossier,
                                          method="desk", recipient_name="Lê Thị Hồng")
        with pytest.raises(PermissionDenied):
            services.dossier_rate(actor=None, dossier=dossier, stars=5, check="0900000000")
        services.dossier_rate(actor=None, dossier=dossier, stars=5, check="0939 123 456")
        assert DossierRating.objects.get().stars == 5

    def test_returned_is_final(self, people, procedure):
        dossier = returned(people, procedure)
        for action in (services.dossier_withdraw, services.dossier_refuse):
            with pytest.raises((Conflict, PermissionDenied)):
                action(actor=people["citizen"], dossier=dossier, reason="x")
