"""payment_start and payment_callback: who may pay, what is checked, what is recorded."""

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from payments_data import (
    DOSSIER,
    FEE_PURPOSE,
    FREE_DOSSIER,
    GATEWAY_URL,
    OTHERS_DOSSIER,
    RETURN_URL,
    gateway_answer,
    vnpay_hash,
)

from egov.core.errors import Conflict
from egov.core.models import AuditEntry, IssuedNumber, Sequence
from egov.payments import selectors, services
from egov.payments.base import Outcome
from egov.payments.errors import CallbackRejected
from egov.payments.models import Payment

NOON = dt.datetime(2025, 3, 12, 5, 0, tzinfo=dt.UTC)  # 12:00 in Vietnam


def callback(payment, source="ipn", **answer):
    return services.payment_callback(provider="vnpay", params=gateway_answer(payment, **answer),
                                     source=source)


def rejected(params, source="ipn"):
    with pytest.raises(CallbackRejected) as caught:
        services.payment_callback(provider="vnpay", params=params, source=source)
    return caught.value


def state(payment):
    payment.refresh_from_db()
    return (payment.status, payment.receipt_number, payment.gateway_transaction_no,
            payment.paid_at, payment.settled_via)


# --- starting a payment ----------------------------------------------------------------


def test_the_applicant_starts_paying_the_fee(start, applicant, agency_a):
    with time_machine.travel(NOON, tick=False):
        payment, address = start(purpose=f"  {FEE_PURPOSE}  ")
    assert Payment.objects.count() == 1
    assert (payment.reference, payment.purpose, payment.amount, payment.provider,
            payment.status, payment.agency, payment.payer) == (
        DOSSIER, FEE_PURPOSE, 150000, "vnpay", "pending", agency_a, applicant)
    assert payment.txn_ref.startswith("250312") and len(payment.txn_ref) == 18
    assert (payment.created_at, payment.expires_at) == (NOON, NOON + dt.timedelta(minutes=15))
    params = dict(parse_qsl(urlsplit(address).query))
    assert address.startswith(GATEWAY_URL + "?")
    assert (params["vnp_TxnRef"], params["vnp_Amount"], params["vnp_ReturnUrl"],
            params["vnp_CreateDate"], params["vnp_ExpireDate"]) == (
        payment.txn_ref, "15000000", RETURN_URL, "20250312120000", "20250312121500")
    assert params["vnp_SecureHash"] == vnpay_hash(params)
    entry = AuditEntry.objects.get(action="payments.payment.start")
    assert (entry.actor, entry.object_id, entry.after["status"], entry.after["amount"]) == (
        applicant, str(payment.pk), "pending", 150000)


def test_the_expiry_follows_the_setting(start, settings):
    settings.EGOV_PAYMENT_EXPIRY_MINUTES = 30
    payment, _address = start()
    assert payment.expires_at - payment.created_at == dt.timedelta(minutes=30)


@pytest.mark.parametrize("who", ["other_citizen", "a_desk", "sysadmin"])
def test_nobody_but_the_applicant_pays_for_a_dossier(start, people, who):
    with pytest.raises(PermissionDenied):
        start(actor=people[who])
    assert not Payment.objects.exists()


def test_anonymous_cannot_pay(start):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        start(actor=AnonymousUser())
    with pytest.raises(PermissionDenied):
        services.payment_start(actor=None, dossier_code=DOSSIER, amount=150000,
                               purpose=FEE_PURPOSE, return_url=RETURN_URL)


def test_a_citizen_cannot_pay_for_someone_elses_dossier(start, people):
    with pytest.raises(PermissionDenied):
        start(dossier_code=OTHERS_DOSSIER, amount=50000)
    assert not Payment.objects.exists()


@pytest.mark.parametrize(("arguments", "errors"), [
    ({"amount": 0}, {"amount": ["Số tiền phải từ 1 đến 9.999.999.999 đồng."]}),
    ({"amount": -5}, {"amount": ["Số tiền phải từ 1 đến 9.999.999.999 đồng."]}),
    ({"amount": 10_000_000_000}, {"amount": ["Số tiền phải từ 1 đến 9.999.999.999 đồng."]}),
    ({"amount": "150000"}, {"amount": ["Số tiền phải là một số nguyên đồng."]}),
    ({"amount": 1500.5}, {"amount": ["Số tiền phải là một số nguyên đồng."]}),
    ({"amount": True}, {"amount": ["Số tiền phải là một số nguyên đồng."]}),
    ({"purpose": "   "}, {"purpose": ["Hãy cho biết khoản thanh toán này để làm gì."]}),
    ({"purpose": "x" * 256}, {"purpose": ["Nội dung thanh toán chỉ được tối đa 255 ký tự."]}),
    ({"provider": "momo"}, {"provider": ["Không có cổng thanh toán nào tên là momo."]}),
    ({"dossier_code": "000.00.31.H59-250312-9999"},
     {"dossier_code": ["Không có hồ sơ nào mang mã này."]}),
    ({"dossier_code": " "}, {"dossier_code": ["Hãy nhập mã hồ sơ."]}),
    ({"amount": 0, "purpose": "", "dossier_code": ""},
     {"amount": ["Số tiền phải từ 1 đến 9.999.999.999 đồng."],
      "purpose": ["Hãy cho biết khoản thanh toán này để làm gì."],
      "dossier_code": ["Hãy nhập mã hồ sơ."]}),
])
def test_bad_input_is_named_and_nothing_is_saved(start, arguments, errors):
    with pytest.raises(ValidationError) as caught:
        start(**arguments)
    assert caught.value.message_dict == errors
    assert not Payment.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="payments.").exists()


def test_the_amount_must_be_the_fee_the_dossier_states(start):
    with pytest.raises(ValidationError) as caught:
        start(amount=15000)
    assert caught.value.message_dict == {
        "amount": ["Lệ phí phải nộp của hồ sơ này là 150.000 đồng."]}
    payment, _address = start(dossier_code=FREE_DOSSIER, amount=15000)
    assert payment.amount == 15000


def test_a_dossier_with_nothing_due_takes_no_payment(start, dossiers):
    from egov.payments.hooks import DossierRef

    dossiers[DOSSIER] = DossierRef(code=DOSSIER, agency_id=dossiers[DOSSIER].agency_id,
                                   applicant_id=dossiers[DOSSIER].applicant_id, fee_due=0)
    with pytest.raises(Conflict) as caught:
        start()
    assert (caught.value.code, caught.value.message) == (
        "nothing_due", "Hồ sơ này không có khoản nào phải nộp.")
    assert not Payment.objects.exists()


def test_without_a_dossier_lookup_no_dossier_is_known(people):
    with pytest.raises(ValidationError) as caught:
        services.payment_start(actor=people["applicant"], dossier_code=DOSSIER, amount=150000,
                               purpose=FEE_PURPOSE, return_url=RETURN_URL)
    assert caught.value.message_dict == {"dossier_code": ["Không có hồ sơ nào mang mã này."]}


def test_an_unconfigured_gateway_takes_no_payment(start, vnpay_settings):
    vnpay_settings.EGOV_PAYMENT_VNPAY_HASH_SECRET = ""
    with pytest.raises(Conflict) as caught:
        start()
    assert (caught.value.code, caught.value.message) == (
        "payment_unavailable", "Hiện chưa thể thanh toán trực tuyến.")
    assert not Payment.objects.exists()


def test_starting_again_returns_the_open_attempt(start):
    first, first_address = start()
    again, again_address = start()
    assert again.pk == first.pk
    assert again_address == first_address
    assert Payment.objects.count() == 1
    assert AuditEntry.objects.filter(action="payments.payment.start").count() == 1


def test_another_amount_while_an_attempt_is_open_is_refused(start, dossiers):
    with time_machine.travel(NOON, tick=False):
        start(dossier_code=FREE_DOSSIER, amount=15000)
        with pytest.raises(Conflict) as caught:
            start(dossier_code=FREE_DOSSIER, amount=20000)
    assert (caught.value.code, caught.value.message) == (
        "payment_in_progress", "Đang có một giao dịch thanh toán khoản phí này, "
                               "hiệu lực đến 12:15 12/03/2025.")
    assert Payment.objects.count() == 1


def test_an_attempt_long_expired_is_cancelled_when_the_payer_starts_again(start):
    with time_machine.travel(NOON, tick=False):
        old, _address = start()
    # Fifteen minutes to pay, fifteen more for the gateway's late notifications.
    with time_machine.travel(NOON + dt.timedelta(minutes=29), tick=False):
        assert start()[0].pk == old.pk
    with time_machine.travel(NOON + dt.timedelta(minutes=30), tick=False):
        new, _address = start()
    assert new.pk != old.pk
    old.refresh_from_db()
    assert (old.status, old.settled_via) == ("cancelled", "expiry")
    assert AuditEntry.objects.filter(action="payments.payment.expire",
                                     object_id=str(old.pk)).count() == 1
    # A late answer about the cancelled attempt changes nothing.
    assert rejected(gateway_answer(old)).outcome == Outcome.ALREADY_CONFIRMED


def test_a_paid_fee_is_not_paid_twice(start, paid_calls):
    payment, _address = start()
    callback(payment)
    with pytest.raises(Conflict) as caught:
        start()
    assert caught.value.code == "already_paid"
    assert Payment.objects.count() == 1


# --- the gateway's answer ----------------------------------------------------------------


def test_a_confirmed_payment_is_paid_with_a_receipt_and_the_dossier_is_told(start, paid_calls,
                                                                          agency_a):
    payment, _address = start()
    with time_machine.travel(NOON, tick=False):
        paid = callback(payment)
    assert paid.pk == payment.pk
    payment.refresh_from_db()
    assert (payment.status, payment.receipt_number, payment.gateway_transaction_no,
            payment.gateway_response_code, payment.bank_code, payment.settled_via) == (
        "paid", "0000001/2025", "14226112", "00", "NCB", "ipn")
    assert payment.paid_at == dt.datetime(2025, 3, 12, 3, 15, 30, tzinfo=dt.UTC)
    assert payment.settled_at == NOON
    assert payment.callback_params == gateway_answer(payment)
    issued = IssuedNumber.objects.get()
    assert (issued.sequence.key, issued.sequence.period, issued.value, payment.receipt_id) == (
        "payments.receipt:000.00.31.H59", "2025", 1, issued.pk)
    assert paid_calls == [(DOSSIER, 150000, payment.txn_ref)]
    entry = AuditEntry.objects.get(action="payments.payment.paid")
    assert (entry.actor, entry.before["status"], entry.after["status"],
            entry.after["receipt_number"]) == (None, "pending", "paid", "0000001/2025")
    assert selectors.fee_paid(DOSSIER) and selectors.fee_paid(DOSSIER, f" {FEE_PURPOSE} ")
    assert not selectors.fee_paid(DOSSIER, "Phí khác")
    assert selectors.paid_amount(DOSSIER) == 150000


def test_receipts_are_numbered_per_agency_and_year(start, dossiers, people, paid_calls):
    first, _address = start()
    callback(first)
    second, _address = start(dossier_code=FREE_DOSSIER, amount=20000)
    callback(second, pay_date="20250401080000")
    others, _address = start(actor=people["other_citizen"], dossier_code=OTHERS_DOSSIER,
                             amount=50000, purpose="Lệ phí cấp phiếu lý lịch tư pháp")
    callback(others)
    next_year, _address = start(dossier_code=FREE_DOSSIER, amount=20000, purpose="Phí bổ sung")
    # 17:30 on 31 December in UTC is already 2026 in Vietnam.
    callback(next_year, pay_date="20260101003000")
    numbers = [p.receipt_number for p in Payment.objects.order_by("pk")]
    assert numbers == ["0000001/2025", "0000002/2025", "0000001/2025", "0000001/2026"]
    assert sorted(Sequence.objects.values_list("key", "period", "last_value")) == [
        ("payments.receipt:000.00.23.H59", "2025", 1),
        ("payments.receipt:000.00.31.H59", "2025", 2),
        ("payments.receipt:000.00.31.H59", "2026", 1),
    ]
    assert selectors.paid_amount(FREE_DOSSIER) == 40000


def test_a_repeated_notification_changes_nothing(start, paid_calls):
    payment, _address = start()
    callback(payment)
    before = state(payment)
    entries = AuditEntry.objects.count()
    error = rejected(gateway_answer(payment, number="99999999"))
    assert error.outcome == Outcome.ALREADY_CONFIRMED
    assert error.payment.pk == payment.pk
    assert state(payment) == before
    assert AuditEntry.objects.count() == entries
    assert IssuedNumber.objects.count() == 1
    assert len(paid_calls) == 1


def test_the_return_and_the_notification_settle_once_whichever_comes_first(start, paid_calls):
    payment, _address = start()
    callback(payment, source="return")
    assert state(payment)[0::4] == ("paid", "return")
    assert rejected(gateway_answer(payment)).outcome == Outcome.ALREADY_CONFIRMED
    assert len(paid_calls) == 1


@pytest.mark.parametrize("params", [
    pytest.param(lambda p: {**gateway_answer(p), "vnp_SecureHash": "ab" * 64}, id="forged"),
    pytest.param(lambda p: {**gateway_answer(p), "vnp_ResponseCode": "00",
                            "vnp_Amount": "100"}, id="amount changed after signing"),
    pytest.param(lambda p: gateway_answer(p, secret="another-secret-of-32-characters!"),
                 id="signed with another secret"),
    pytest.param(lambda p: {k: v for k, v in gateway_answer(p).items()
                            if k != "vnp_SecureHash"}, id="unsigned"),
])
def test_a_forged_answer_is_rejected_and_changes_nothing(start, paid_calls, params):
    payment, _address = start()
    before = state(payment)
    entries = AuditEntry.objects.count()
    assert rejected(params(payment)).outcome == Outcome.INVALID_SIGNATURE
    assert state(payment) == before == ("pending", "", "", None, "")
    assert AuditEntry.objects.count() == entries
    assert paid_calls == []


def test_a_signed_answer_with_another_amount_is_rejected(start, paid_calls):
    payment, _address = start()
    error = rejected(gateway_answer(payment, amount=1500))
    assert (error.outcome, error.payment.pk) == (Outcome.INVALID_AMOUNT, payment.pk)
    assert state(payment) == ("pending", "", "", None, "")
    assert paid_calls == []


def test_an_answer_about_an_unknown_payment_is_rejected(start, paid_calls):
    payment, _address = start()
    payment.txn_ref = "250312FFFFFFFFFFFF"
    assert rejected(gateway_answer(payment)).outcome == Outcome.NOT_FOUND
    with pytest.raises(CallbackRejected) as caught:
        services.payment_callback(provider="momo", params={}, source="ipn")
    assert caught.value.outcome == Outcome.NOT_FOUND
    with pytest.raises(ValueError, match="source"):
        services.payment_callback(provider="vnpay", params={}, source="email")


@pytest.mark.parametrize(("answer", "status", "action"), [
    ({"response": "24", "status": "02", "number": "0"}, "cancelled", "payments.payment.cancel"),
    ({"response": "51", "status": "02"}, "failed", "payments.payment.fail"),
    ({"response": "11", "status": "02", "number": "0"}, "failed", "payments.payment.fail"),
])
def test_a_payment_not_made_is_recorded_without_receipt(start, paid_calls, answer, status,
                                                        action):
    payment, _address = start()
    callback(payment, **answer)
    payment.refresh_from_db()
    assert (payment.status, payment.receipt_number, payment.paid_at,
            payment.gateway_response_code) == (status, "", None, answer["response"])
    assert AuditEntry.objects.filter(action=action).count() == 1
    assert paid_calls == []
    assert not IssuedNumber.objects.exists()
    assert not selectors.fee_paid(DOSSIER)
    # The payer may try again.
    again, _address = start()
    assert again.pk != payment.pk


@pytest.mark.parametrize("refusal", [
    Conflict("Hồ sơ đã được rút.", code="nothing_due"),
    ValidationError({"amount": ["Số tiền phải nộp là 100.000 đồng."]}),
])
def test_a_dossier_that_refuses_the_payment_leaves_it_paid_with_the_reason(start, refusal):
    from egov.payments import hooks

    def refuse(**kwargs):
        # What the dossier did before refusing is undone with it.
        from egov.core import audit
        audit.record("dossiers.dossier.pay", None)
        raise refusal

    payment, _address = start()
    hooks.on_paid.append(refuse)
    try:
        callback(payment)
    finally:
        hooks.on_paid.remove(refuse)
    payment.refresh_from_db()
    assert (payment.status, payment.receipt_number) == ("paid", "0000001/2025")
    assert payment.dossier_note == (refusal.message if isinstance(refusal, Conflict)
                                    else "Số tiền phải nộp là 100.000 đồng.")
    assert not AuditEntry.objects.filter(action="dossiers.dossier.pay").exists()
    entry = AuditEntry.objects.get(action="payments.payment.paid")
    assert entry.after["dossier_note"] == payment.dossier_note


def test_when_the_dossier_fails_nothing_is_kept_and_the_gateway_tries_again(start, paid_calls):
    from egov.payments import hooks

    def refuse(**kwargs):
        raise RuntimeError("database went away")

    payment, _address = start()
    hooks.on_paid.append(refuse)
    try:
        with pytest.raises(RuntimeError):
            callback(payment)
    finally:
        hooks.on_paid.remove(refuse)
    assert state(payment) == ("pending", "", "", None, "")
    assert not IssuedNumber.objects.exists()
    assert not AuditEntry.objects.filter(action="payments.payment.paid").exists()
    # The gateway's next notification goes through. (The receiver saw the first call
    # too; what it wrote then was rolled back with the rest.)
    callback(payment)
    assert state(payment)[0] == "paid"
    assert paid_calls == [(DOSSIER, 150000, payment.txn_ref)] * 2


def test_payments_visible_to_each_kind_of_user(start, people, dossiers, paid_calls):
    mine, _address = start()
    theirs, _address = start(actor=people["other_citizen"], dossier_code=OTHERS_DOSSIER,
                             amount=50000, purpose="Lệ phí cấp phiếu lý lịch tư pháp")
    visible = {name: set(selectors.payments_visible_to(user).values_list("pk", flat=True))
               for name, user in people.items()}
    assert visible == {
        "anonymous": set(), "applicant": {mine.pk}, "other_citizen": {theirs.pk},
        "a_desk": {mine.pk}, "a_specialist": {mine.pk}, "b_desk": {theirs.pk},
        "sysadmin": {mine.pk, theirs.pk},
    }
    assert [p.pk for p in selectors.payments_visible_to(people["sysadmin"],
                                                        reference=DOSSIER)] == [mine.pk]
    assert not selectors.payments_visible_to(people["sysadmin"], status="paid").exists()
    assert {name for name, user in people.items()
            if selectors.can_view_payment(user, mine)} == {
        "applicant", "a_desk", "a_specialist", "sysadmin"}


def test_is_expired(start):
    with time_machine.travel(NOON, tick=False):
        payment, _address = start()
    with time_machine.travel(NOON + dt.timedelta(minutes=14, seconds=59), tick=False):
        assert not payment.is_expired
    with time_machine.travel(NOON + dt.timedelta(minutes=15), tick=False):
        assert payment.is_expired
        assert timezone.now() == payment.expires_at


def test_the_dossiers_apps_receiver_takes_the_call(start):
    """dossier_mark_paid accepts the keywords payments calls receivers with; here it
    knows no such dossier (the stub lookup invented it), and says so."""
    from egov.dossiers.services import dossier_mark_paid
    from egov.payments import hooks

    payment, _address = start()
    hooks.on_paid.append(dossier_mark_paid)
    try:
        callback(payment)
    finally:
        hooks.on_paid.remove(dossier_mark_paid)
    payment.refresh_from_db()
    assert payment.status == "paid"
    assert DOSSIER in payment.dossier_note
