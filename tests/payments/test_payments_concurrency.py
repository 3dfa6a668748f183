"""Two requests at the same moment: a double click on "pay", and the gateway's
notification racing the payer's return. Real threads, real connections."""

import threading

import pytest
from django.db import connection
from payments_data import DOSSIER, FEE_PURPOSE, RETURN_URL, gateway_answer

from egov.core.models import IssuedNumber
from egov.payments import services
from egov.payments.base import Outcome
from egov.payments.errors import CallbackRejected
from egov.payments.models import Payment


def at_once(count, work):
    """Run ``work()`` in ``count`` threads released together; return what each returned
    or raised."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = work()
        except Exception as exc:  # the outcome under test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_a_double_click_starts_one_payment(dossiers, applicant):
    results = at_once(4, lambda: services.payment_start(
        actor=applicant, dossier_code=DOSSIER, amount=150000, purpose=FEE_PURPOSE,
        return_url=RETURN_URL))
    payment = Payment.objects.get()
    assert [result[0].pk for result in results] == [payment.pk] * 4
    assert len({result[1] for result in results}) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_answers_settle_once_with_one_receipt(dossiers, applicant, paid_calls):
    payment, _address = services.payment_start(
        actor=applicant, dossier_code=DOSSIER, amount=150000, purpose=FEE_PURPOSE,
        return_url=RETURN_URL)
    params = gateway_answer(payment)
    sources = iter(["ipn", "return", "ipn", "return"])
    lock = threading.Lock()

    def answer():
        with lock:
            source = next(sources)
        return services.payment_callback(provider="vnpay", params=params, source=source)

    results = at_once(4, answer)
    settled = [r for r in results if isinstance(r, Payment)]
    repeated = [r for r in results if isinstance(r, CallbackRejected)]
    assert len(settled) == 1, results
    assert [r.outcome for r in repeated] == [Outcome.ALREADY_CONFIRMED] * 3
    payment.refresh_from_db()
    assert (payment.status, payment.receipt_number) == ("paid", "0000001/2025")
    assert IssuedNumber.objects.count() == 1
    assert paid_calls == [(DOSSIER, 150000, payment.txn_ref)]
