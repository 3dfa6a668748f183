"""The dossiers app is what the payments module asks about fees and tells of payments."""

from dossier_factories import submitted

from egov.dossiers.paying import payable
from egov.dossiers.services import dossier_mark_paid
from egov.payments import hooks


def test_the_app_registers_its_lookup_and_receiver():
    assert payable in hooks.dossier_lookups
    assert dossier_mark_paid in hooks.on_paid


def test_payable_says_who_pays_what_to_whom(people, paid_procedure, stttt):
    dossier = submitted(people["citizen"], paid_procedure)
    ref = hooks.find_dossier(dossier.code)
    assert ref is not None
    assert (ref.code, ref.agency_id, ref.applicant_id) == (
        dossier.code, stttt.pk, people["citizen"].pk)
    assert ref.fee_due == dossier.fee_amount > 0
    assert ref.fee_purpose.startswith("Phí, lệ phí: ")
    dossier_mark_paid(dossier_code=dossier.code, amount=dossier.fee_amount,
                      payment_reference="TXN-1")
    assert hooks.find_dossier(dossier.code).fee_due == 0


def test_unknown_codes_are_not_payable(db):
    assert payable("000.00.31.H59-171103-9999") is None
    assert payable("") is None
