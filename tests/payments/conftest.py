"""Two agencies, the people the payment rules tell apart, and dossiers served by a stub
lookup registered the way the dossiers app registers its own (egov.payments.hooks)."""


import pytest
from django.utils import translation
from payments_data import (
    DOSSIER,
    FEE_PURPOSE,
    FREE_DOSSIER,
    GATEWAY_URL,
    MERCHANT,
    OTHERS_DOSSIER,
    PASSWORD,
    RETURN_URL,
    SECRET,
)

from egov.accounts import services as accounts
from egov.accounts.models import Role
from egov.payments import hooks, services


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def vnpay_settings(settings):
    settings.EGOV_PAYMENT_VNPAY_URL = GATEWAY_URL
    settings.EGOV_PAYMENT_VNPAY_TMN_CODE = MERCHANT
    settings.EGOV_PAYMENT_VNPAY_HASH_SECRET = SECRET
    return settings


def _official(username, agency, role):
    return accounts.official_create(
        actor=None, username=username, full_name=username.replace(".", " ").title(),
        email=f"{username}@travinh.gov.vn", agency=agency, roles=[role], password=PASSWORD,
    ).user


@pytest.fixture
def people(agency_a, agency_b):
    """name → user; "anonymous" → None."""
    return {
        "anonymous": None,
        "applicant": accounts.citizen_register(
            full_name="Thạch Thị Sa Rây", citizen_id="084185001234", phone="0912345678",
            email="saray@example.org", password=PASSWORD),
        "other_citizen": accounts.citizen_register(
            full_name="Nguyễn Văn An", citizen_id="084085004321", phone="0913456789",
            email="an@example.org", password=PASSWORD),
        "a_desk": _official("a.motcua", agency_a, Role.DESK_OFFICER),
        "a_specialist": _official("a.chuyenvien", agency_a, Role.SPECIALIST),
        "b_desk": _official("b.motcua", agency_b, Role.DESK_OFFICER),
        "sysadmin": _official("quantri", agency_b, Role.SYSTEM_ADMIN),
    }


@pytest.fixture
def applicant(people):
    return people["applicant"]


@pytest.fixture(autouse=True)
def _hooks_of_these_tests_only():
    """The dossiers app registers its real lookup and receiver at start-up; these tests
    talk to stubs instead, so they run with the hooks emptied and restored afterwards."""
    saved = list(hooks.dossier_lookups), list(hooks.on_paid)
    hooks.dossier_lookups.clear()
    hooks.on_paid.clear()
    yield
    hooks.dossier_lookups[:], hooks.on_paid[:] = saved


@pytest.fixture
def dossiers(people, agency_a, agency_b):
    """code → DossierRef, found through a lookup registered in egov.payments.hooks."""
    known = {
        DOSSIER: hooks.DossierRef(
            code=DOSSIER, agency_id=agency_a.pk, applicant_id=people["applicant"].pk,
            fee_due=150000, fee_purpose=FEE_PURPOSE,
            title="Cấp giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi "
                  "điện tử công cộng"),
        FREE_DOSSIER: hooks.DossierRef(
            code=FREE_DOSSIER, agency_id=agency_a.pk,
            applicant_id=people["applicant"].pk),
        OTHERS_DOSSIER: hooks.DossierRef(
            code=OTHERS_DOSSIER, agency_id=agency_b.pk,
            applicant_id=people["other_citizen"].pk, fee_due=50000,
            fee_purpose="Lệ phí cấp phiếu lý lịch tư pháp"),
    }
    lookup = known.get
    hooks.dossier_lookups.append(lookup)
    yield known
    hooks.dossier_lookups.remove(lookup)


@pytest.fixture
def paid_calls():
    """Every call the payments app makes to its on_paid receivers."""
    calls = []

    def receiver(*, dossier_code, amount, payment_reference):
        calls.append((dossier_code, amount, payment_reference))

    hooks.on_paid.append(receiver)
    yield calls
    hooks.on_paid.remove(receiver)


@pytest.fixture
def start(dossiers, applicant):
    """Start a payment of the applicant's dossier (its fee, by default) through the service."""
    def make(actor=None, **kwargs):
        arguments = {"dossier_code": DOSSIER, "amount": 150000, "purpose": FEE_PURPOSE,
                     "return_url": RETURN_URL, **kwargs}
        return services.payment_start(actor=actor or applicant, **arguments)
    return make
