"""The demo people: named logins that work, officials for every agency, and with --full
exactly the report's 7,582 official accounts."""

import pytest
from accounts_data import post_login
from django.db.models import Count

from egov.accounts import demo
from egov.accounts.models import Official, OfficialRole, Role, User
from egov.core.demo import DEMO_PASSWORD, DemoContext
from egov.organizations import demo as org_demo
from egov.organizations.models import Agency

NAMED = ["admin", "giamdoc.stttt", "truongphong.stttt", "chuyenvien.stttt", "vanthu.stttt",
         "motcua.stttt", "quantri.stttt", "thanhtra.stttt", "quantri.canglong", "congdan",
         "doanhnghiep"]


def load(full: bool = False) -> DemoContext:
    ctx = DemoContext(full=full, write=lambda _: None)
    org_demo.load(ctx)
    demo.load(ctx)
    return ctx


@pytest.fixture
def demo_ctx(db):
    return load()


def test_named_logins(demo_ctx):
    assert [username for username, _ in demo_ctx.logins] == NAMED
    descriptions = dict(demo_ctx.logins)
    assert descriptions["giamdoc.stttt"] == "Giám đốc Sở Thông tin và Truyền thông"
    stttt = Agency.objects.get(code=demo.STTTT_CODE)
    expected = {
        "giamdoc.stttt": ({Role.DIRECTOR}, None),
        "truongphong.stttt": ({Role.HEAD_OF_UNIT}, "BCVT"),
        "chuyenvien.stttt": ({Role.SPECIALIST}, "BCVT"),
        "vanthu.stttt": ({Role.CLERK}, "VP"),
        "motcua.stttt": ({Role.DESK_OFFICER}, "VP"),
        "quantri.stttt": ({Role.AGENCY_ADMIN}, "VP"),
        "thanhtra.stttt": ({Role.INSPECTOR}, "TTra"),
        "admin": ({Role.SYSTEM_ADMIN}, "TTCNTT"),
    }
    for username, (roles, unit) in expected.items():
        official = Official.objects.get(user__username=username)
        assert official.agency == stttt
        assert official.role_set == roles
        assert (official.unit.short_name if official.unit else None) == unit
    admin = User.objects.get(username="admin")
    assert (admin.is_staff, admin.is_superuser) == (True, True)
    canglong = Official.objects.get(user__username="quantri.canglong")
    assert (canglong.agency.name, canglong.agency.kind) == (
        "Ủy ban nhân dân huyện Càng Long", Agency.Kind.DISTRICT_COMMITTEE)
    citizen = User.objects.get(username="congdan")
    assert (citizen.full_name, citizen.kind, citizen.citizen_id[:3]) == (
        "Nguyễn Văn An", User.Kind.CITIZEN, "084")
    business = User.objects.get(username="doanhnghiep")
    assert business.kind == User.Kind.BUSINESS and len(business.tax_code) == 10


def test_each_named_login_logs_in_and_sees_a_home_page(demo_ctx, client):
    # One loop rather than one test per login: the demo takes a second or two to build.
    for username in NAMED:
        client.logout()
        response = post_login(client, username, DEMO_PASSWORD)
        assert (response.status_code, response.url) == (302, "/accounts/home/"), username
        home = client.get("/accounts/home/")
        assert home.status_code == 200
        user = User.objects.get(username=username)
        assert f"Xin chào, {user.full_name}" in home.content.decode()


def test_every_agency_is_staffed(demo_ctx):
    agencies = Agency.objects.count()
    assert agencies == 195
    per_role = dict(OfficialRole.objects.values_list("role").annotate(n=Count("pk")))
    assert per_role[Role.DIRECTOR] == agencies
    assert per_role[Role.CLERK] == agencies
    assert per_role[Role.DESK_OFFICER] == Agency.objects.filter(
        kind__in=demo.RECEIVING_KINDS).count()
    assert per_role[Role.SYSTEM_ADMIN] == 1
    for role in (Role.DIRECTOR, Role.CLERK):
        assert not Agency.objects.exclude(officials__roles__role=role).exists()
    # A few hundred people by default; every official has one e-mail of their own.
    assert 300 <= User.objects.count() <= 1000
    officials = User.objects.filter(kind=User.Kind.OFFICIAL)
    assert officials.values("email").distinct().count() == officials.count()
    assert officials.filter(full_name="").count() == 0


def test_generated_names_are_vietnamese_and_deterministic(db):
    people = demo.People(DemoContext().random("accounts.people"), set())
    again = demo.People(DemoContext().random("accounts.people"), set())
    names = [people.name() for _ in range(50)]
    assert names == [again.name() for _ in range(50)]
    assert all(len(n.split()) >= 3 for n in names)
    assert people.username("Nguyễn Văn An", "stttt") == "annv.stttt"
    assert people.username("Nguyễn Văn An", "stttt") == "annv2.stttt"
    assert demo.ascii_slug("Càng Long") == "canglong"
    assert demo.ascii_slug("Sở KH&ĐT") == "sokhdt"


def test_full_demo_has_the_reports_7582_official_accounts(db):
    load(full=True)
    assert Official.objects.count() == demo.REPORT_USER_COUNT == 7582
    assert Official.objects.filter(agency__isnull=True).count() == 0
    # Every bulk account is a specialist of an existing agency, with its own user name.
    assert User.objects.values("username").distinct().count() == User.objects.count()
    # As the report counts them: 117 opened during 2017, the rest before.
    opened = Official.objects.filter(user__date_joined__year=2017).count()
    assert opened == demo.REPORT_OPENED_2017 == 117
    assert not Official.objects.filter(user__date_joined__year__gt=2017).exists()
