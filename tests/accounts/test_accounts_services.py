"""The accounts services: the happy paths, each bad input with nothing saved, who may act,
and what the audit trail keeps (never a password hash or a TOTP secret)."""

import json

import pyotp
import pytest
from accounts_data import CITIZEN_ID, D2017, PASSWORD, TAX_CODE
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from egov.accounts import services
from egov.accounts.models import Official, OfficialRole, Role, User
from egov.core.errors import Conflict
from egov.core.models import AuditEntry
from egov.organizations import services as org_services


def fields_of(exc_info):
    return exc_info.value.message_dict


def counts():
    return (User.objects.count(), Official.objects.count(), OfficialRole.objects.count(),
            AuditEntry.objects.count())


def create_kwargs(agency, **overrides):
    kwargs = dict(username="nguyen.van.binh", full_name="  Nguyễn   Văn Bình ",
                  email="Binh.NV@TraVinh.gov.vn", phone="+84 912 345 678", agency=agency,
                  position="Chuyên viên", roles=[Role.SPECIALIST], password=PASSWORD)
    kwargs.update(overrides)
    return kwargs


# --- official_create ---------------------------------------------------------------------

def test_official_create_normalises_and_audits(sysadmin, agency_a, units_a):
    official = services.official_create(actor=sysadmin, unit=units_a["BCVT"],
                                        **create_kwargs(agency_a))
    user = official.user
    assert (user.username, user.full_name, user.email, user.phone, user.kind) == (
        "nguyen.van.binh", "Nguyễn Văn Bình", "binh.nv@travinh.gov.vn", "0912345678",
        User.Kind.OFFICIAL)
    assert official.agency == agency_a and official.unit == units_a["BCVT"]
    assert official.role_set == {Role.SPECIALIST}
    assert user.check_password(PASSWORD)
    assert (user.is_staff, user.is_superuser) == (False, False)
    entry = AuditEntry.objects.get(action="accounts.official.create", object_id=str(official.pk))
    assert entry.actor == sysadmin and entry.object_id == str(official.pk)
    assert entry.after["roles"] == ["specialist"]
    assert entry.after["username"] == "nguyen.van.binh"
    assert "password" not in entry.after and "totp_secret" not in entry.after
    assert user.password not in json.dumps(entry.after)


def test_official_create_without_password_cannot_log_in(sysadmin, agency_a):
    official = services.official_create(actor=sysadmin, **create_kwargs(agency_a, password=None))
    assert not official.user.has_usable_password()


def test_system_admin_role_opens_the_admin_site(sysadmin, agency_b):
    official = services.official_create(
        actor=sysadmin, **create_kwargs(agency_b, roles=[Role.SYSTEM_ADMIN]))
    assert (official.user.is_staff, official.user.is_superuser) == (True, True)


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"username": "Nguyễn Bình"}, "username", "Tên đăng nhập dài từ 3 đến 150 ký tự"),
    ({"username": "ab"}, "username", "Tên đăng nhập dài từ 3 đến 150 ký tự"),
    ({"username": "SYSADMIN"}, "username", "Tên đăng nhập này đã có người dùng."),
    ({"full_name": "   "}, "full_name", "Nhập họ và tên."),
    ({"email": ""}, "email", "Nhập địa chỉ thư điện tử."),
    ({"email": "binh@"}, "email", "Nhập địa chỉ thư điện tử hợp lệ."),
    ({"email": "SYSADMIN@travinh.gov.vn"}, "email",
     "Địa chỉ thư điện tử này đã được một cán bộ khác sử dụng."),
    ({"phone": "0112345678"}, "phone", "Đây không phải số di động hay số cố định của Việt Nam."),
    ({"roles": []}, "roles", "Chọn ít nhất một vai trò."),
    ({"roles": ["mayor"]}, "roles", "Vai trò không tồn tại: mayor."),
    ({"password": "ngan"}, "password", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
    ({"password": "matkhaurathaylagi"}, "password",
     "Mật khẩu phải có ít nhất ba trong bốn loại"),
])
def test_official_create_refuses_bad_input_and_saves_nothing(sysadmin, agency_a, overrides,
                                                             field, message):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.official_create(actor=sysadmin, **create_kwargs(agency_a, **overrides))
    assert message in " ".join(fields_of(caught)[field])
    assert counts() == before


def test_official_create_reports_every_wrong_field_at_once(sysadmin, agency_a):
    with pytest.raises(ValidationError) as caught:
        services.official_create(actor=sysadmin, **create_kwargs(
            agency_a, username="x", email="nope", phone="123", roles=[]))
    assert set(fields_of(caught)) == {"username", "email", "phone", "roles"}


def test_unit_of_another_agency_is_refused(sysadmin, agency_a, unit_b):
    with pytest.raises(ValidationError) as caught:
        services.official_create(actor=sysadmin, unit=unit_b, **create_kwargs(agency_a))
    assert fields_of(caught) == {"unit": ["Đơn vị này thuộc cơ quan khác."]}


def test_closed_agency_gets_no_new_officials(sysadmin, agency_b):
    org_services.agency_close(actor=sysadmin, agency=agency_b, valid_to=D2017.replace(year=2020),
                              reason="Sáp nhập")
    agency_b.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.official_create(actor=sysadmin, **create_kwargs(agency_b))
    assert list(fields_of(caught)) == ["agency"]


@pytest.mark.parametrize("creator", ["a_director", "a_specialist", "b_agency_admin", "citizen"])
def test_only_the_agency_admin_or_a_system_admin_creates_officials(people, agency_a, creator):
    before = counts()
    with pytest.raises(PermissionDenied):
        services.official_create(actor=people[creator], **create_kwargs(agency_a))
    assert counts() == before


def test_agency_admin_creates_in_own_agency_but_cannot_grant_system_admin(people, agency_a):
    admin = people["a_agency_admin"]
    official = services.official_create(actor=admin, **create_kwargs(agency_a))
    assert official.agency == agency_a
    with pytest.raises(ValidationError) as caught:
        services.official_create(actor=admin, **create_kwargs(
            agency_a, username="other", email="other@travinh.gov.vn",
            roles=[Role.SYSTEM_ADMIN]))
    assert fields_of(caught) == {"roles": [
        "Chỉ quản trị hệ thống mới được cấp hoặc thu hồi vai trò quản trị hệ thống."]}


# --- official_update, roles, deactivate ------------------------------------------------------

def test_official_update_audits_before_and_after(people, units_a):
    admin = people["a_agency_admin"]
    official = people["a_specialist"].official
    services.official_update(actor=admin, official=official, full_name="Trần Thị Mai",
                             phone="0294 3855 123", unit=units_a["TTra"], position="Thanh tra")
    official.refresh_from_db()
    assert (official.user.full_name, official.user.phone, official.unit, official.position) == (
        "Trần Thị Mai", "02943855123", units_a["TTra"], "Thanh tra")
    entry = AuditEntry.objects.filter(action="accounts.official.update").get()
    assert entry.before["full_name"] == "A.Specialist"
    assert entry.after["full_name"] == "Trần Thị Mai"
    assert entry.after["unit"] == units_a["TTra"].pk


def test_official_update_bad_input_changes_nothing(people, unit_b):
    official = people["a_specialist"].official
    before = (official.user.full_name, official.user.email, official.unit_id)
    with pytest.raises(ValidationError) as caught:
        services.official_update(actor=people["a_agency_admin"], official=official,
                                 full_name="Tên Mới", email="a.clerk@travinh.gov.vn",
                                 unit=unit_b)
    assert set(fields_of(caught)) == {"email", "unit"}
    official = Official.objects.select_related("user").get(pk=official.pk)
    assert (official.user.full_name, official.user.email, official.unit_id) == before


def test_moving_to_another_agency_needs_a_system_admin(people, agency_b):
    official = people["a_specialist"].official
    with pytest.raises(PermissionDenied):
        services.official_update(actor=people["a_agency_admin"], official=official,
                                 agency=agency_b)
    services.official_update(actor=people["sysadmin"], official=official, agency=agency_b)
    official.refresh_from_db()
    assert (official.agency, official.unit) == (agency_b, None)


def test_agency_admin_of_b_cannot_touch_officials_of_a(people):
    with pytest.raises(PermissionDenied):
        services.official_update(actor=people["b_agency_admin"],
                                 official=people["a_clerk"].official, full_name="X")
    with pytest.raises(PermissionDenied):
        services.official_deactivate(actor=people["b_agency_admin"],
                                     official=people["a_clerk"].official)


def test_agency_admin_cannot_change_a_system_admin_of_their_agency(people):
    with pytest.raises(PermissionDenied):
        services.official_deactivate(actor=people["a_agency_admin"],
                                     official=people["sysadmin"].official)


def test_set_roles(people):
    official = people["a_specialist"].official
    services.official_set_roles(actor=people["a_agency_admin"], official=official,
                                roles=[Role.SPECIALIST, Role.HEAD_OF_UNIT])
    assert Official.objects.get(pk=official.pk).role_set == {Role.SPECIALIST, Role.HEAD_OF_UNIT}
    entry = AuditEntry.objects.get(action="accounts.official.set_roles")
    assert (entry.before["roles"], entry.after["roles"]) == (
        ["specialist"], ["head_of_unit", "specialist"])


def test_set_roles_refusals(people):
    admin = people["a_agency_admin"]
    with pytest.raises(ValidationError) as caught:
        services.official_set_roles(actor=admin, official=admin.official, roles=[Role.CLERK])
    assert "tự thu hồi vai trò quản trị" in fields_of(caught)["roles"][0]
    with pytest.raises(ValidationError):
        services.official_set_roles(actor=admin, official=people["a_clerk"].official, roles=[])
    assert Official.objects.get(user=people["a_clerk"]).role_set == {Role.CLERK}


def test_system_admin_role_and_admin_flags_go_together(people):
    official = people["a_clerk"].official
    services.official_set_roles(actor=people["sysadmin"], official=official,
                                roles=[Role.CLERK, Role.SYSTEM_ADMIN])
    user = User.objects.get(pk=official.user_id)
    assert (user.is_staff, user.is_superuser) == (True, True)
    services.official_set_roles(actor=people["sysadmin"], official=official, roles=[Role.CLERK])
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (False, False)


def test_deactivate_and_reactivate(people, client, log_in):
    official = people["a_clerk"].official
    services.official_deactivate(actor=people["a_agency_admin"], official=official,
                                 reason="Nghỉ hưu")
    official.refresh_from_db()
    assert (official.is_active, official.user.is_active) == (False, False)
    entry = AuditEntry.objects.get(action="accounts.official.deactivate")
    assert entry.after["reason"] == "Nghỉ hưu"
    assert not log_in(client, "a.clerk")
    with pytest.raises(Conflict):
        services.official_deactivate(actor=people["a_agency_admin"], official=official)
    services.official_reactivate(actor=people["a_agency_admin"], official=official)
    assert log_in(client, "a.clerk")
    with pytest.raises(Conflict):
        services.official_reactivate(actor=people["a_agency_admin"], official=official)


def test_nobody_deactivates_themselves(people):
    with pytest.raises(Conflict):
        services.official_deactivate(actor=people["a_agency_admin"],
                                     official=people["a_agency_admin"].official)


# --- bulk ------------------------------------------------------------------------------------

def rows(agency, n, unit=None, start=0):
    return [services.OfficialRow(username=f"cv{i}.stttt", full_name=f"Chuyên Viên {i}",
                                 email=f"cv{i}@travinh.gov.vn", agency=agency,
                                 roles=(Role.SPECIALIST,), unit=unit, phone="0912345678")
            for i in range(start, start + n)]


def test_bulk_create_hashes_once_and_audits_once(sysadmin, agency_a, units_a, client,
                                                 log_in):
    before = AuditEntry.objects.count()
    result = services.officials_bulk_create(actor=sysadmin, rows=rows(agency_a, 50,
                                                                    units_a["BCVT"]),
                                            password=PASSWORD)
    assert result.count == 50 and result.per_agency == {agency_a.pk: 50}
    created = User.objects.filter(username__startswith="cv")
    assert created.count() == 50
    assert len(set(created.values_list("password", flat=True))) == 1
    assert OfficialRole.objects.filter(official__user__in=created,
                                       role=Role.SPECIALIST).count() == 50
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.get(action="accounts.official.bulk_create")
    assert entry.after["count"] == 50 and len(entry.after["usernames"]) == 50
    assert log_in(client, "cv7.stttt")


def test_bulk_create_is_all_or_nothing(sysadmin, agency_a, unit_b):
    batch = rows(agency_a, 5)
    batch.append(services.OfficialRow(username="cv1.stttt", full_name="Trùng",
                                      email="dup@travinh.gov.vn", agency=agency_a,
                                      roles=(Role.CLERK,)))
    batch.append(services.OfficialRow(username="sysadmin", full_name="Trùng 2",
                                      email="dup2@travinh.gov.vn", agency=agency_a,
                                      roles=(Role.CLERK,), unit=unit_b))
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.officials_bulk_create(actor=sysadmin, rows=batch, password=PASSWORD)
    problems = fields_of(caught)["rows"]
    assert "6 (cv1.stttt): username: tên đăng nhập bị lặp trong danh sách" in problems
    assert "7 (sysadmin): unit: Đơn vị này thuộc cơ quan khác." in problems
    assert "tên đăng nhập đã có người dùng: sysadmin" in problems
    assert counts() == before


def test_bulk_create_needs_rights_on_every_agency(people, agency_a, agency_b):
    with pytest.raises(PermissionDenied):
        services.officials_bulk_create(actor=people["a_agency_admin"],
                                       rows=rows(agency_a, 2) + rows(agency_b, 2, start=2),
                                       password=PASSWORD)


# --- citizens and businesses ------------------------------------------------------------------

def test_citizen_registers_and_logs_in_with_the_citizen_id(db, client, log_in):
    user = services.citizen_register(full_name="Thạch Thị Sa Ry", citizen_id="084 185 001 235",
                                     phone="0386 123 456", email="", password=PASSWORD)
    assert (user.username, user.citizen_id, user.phone, user.kind) == (
        "084185001235", "084185001235", "0386123456", User.Kind.CITIZEN)
    entry = AuditEntry.objects.get(action="accounts.citizen.register")
    assert entry.actor == user and "password" not in entry.after
    assert log_in(client, "084185001235")


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"citizen_id": "08408500123"}, "citizen_id", "Số căn cước công dân gồm đúng 12 chữ số."),
    ({"citizen_id": "099085001234"}, "citizen_id", "phải là mã của một tỉnh"),
    ({"citizen_id": CITIZEN_ID}, "citizen_id", "Đã có tài khoản với số căn cước công dân này."),
    ({"phone": ""}, "phone", "Nhập số điện thoại."),
    ({"phone": "12345"}, "phone", "Số điện thoại gồm 10 chữ số"),
    ({"email": "an@@example.com"}, "email", "Nhập địa chỉ thư điện tử hợp lệ."),
    ({"full_name": ""}, "full_name", "Nhập họ và tên."),
    ({"password": "12345678901"}, "password", "Mật khẩu này hoàn toàn là số."),
    ({"username": "congdan"}, "username", "Tên đăng nhập này đã có người dùng."),
])
def test_citizen_register_refusals(people, overrides, field, message):
    services.citizen_register(full_name="Người Khác", citizen_id="084190000001",
                              phone="0912000111", email="", password=PASSWORD,
                              username="congdan")
    kwargs = dict(full_name="Lê Thị Hoa", citizen_id="084190000002", phone="0912000222",
                  email="hoa@example.com", password=PASSWORD)
    kwargs.update(overrides)
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.citizen_register(**kwargs)
    assert message in " ".join(fields_of(caught)[field])
    assert counts() == before


def test_business_registers_with_its_tax_code(db):
    user = services.business_register(name="Chi nhánh Viettel Trà Vinh",
                                      tax_code="0100109106 021", phone="02943855123",
                                      email="cn@example.com", password=PASSWORD)
    assert (user.username, user.tax_code, user.kind, user.full_name) == (
        "0100109106-021", "0100109106-021", User.Kind.BUSINESS, "Chi nhánh Viettel Trà Vinh")


@pytest.mark.parametrize(("tax_code", "message"), [
    ("0100109107", "Chữ số kiểm tra của mã số thuế không đúng."),
    ("010010910", "Mã số thuế gồm 10 chữ số"),
    (TAX_CODE, "Đã có tài khoản với mã số thuế này."),
])
def test_business_register_refusals(people, tax_code, message):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.business_register(name="Công ty Mới", tax_code=tax_code,
                                   phone="0912345678", email="moi@example.com",
                                   password=PASSWORD)
    assert fields_of(caught)["tax_code"] == [message] or message in fields_of(caught)[
        "tax_code"][0]
    assert counts() == before


def test_profile_update_only_by_the_holder(people):
    citizen = people["citizen"]
    services.profile_update(actor=citizen, user=citizen, phone="+84 386 123 456",
                            address="Phường 7, TP Trà Vinh")
    citizen.refresh_from_db()
    assert (citizen.phone, citizen.address) == ("0386123456", "Phường 7, TP Trà Vinh")
    with pytest.raises(PermissionDenied):
        services.profile_update(actor=people["sysadmin"], user=citizen, phone="0912345678")
    with pytest.raises(Conflict):
        services.profile_update(actor=people["a_clerk"], user=people["a_clerk"],
                                phone="0912345678")
    with pytest.raises(ValidationError):
        services.profile_update(actor=citizen, user=citizen, phone="")


# --- passwords, unlock --------------------------------------------------------------------------

def test_password_change(people):
    user = people["citizen"]
    with pytest.raises(ValidationError) as caught:
        services.password_change(actor=user, user=user, old_password="sai",
                                 new_password="Moi-Hon-2025")
    assert fields_of(caught) == {"old_password": ["Mật khẩu hiện tại không đúng."]}
    with pytest.raises(ValidationError) as caught:
        services.password_change(actor=user, user=user, old_password=PASSWORD,
                                 new_password="short")
    assert "new_password" in fields_of(caught)
    services.password_change(actor=user, user=user, old_password=PASSWORD,
                             new_password="Moi-Hon-2025")
    user.refresh_from_db()
    assert user.check_password("Moi-Hon-2025")
    entry = AuditEntry.objects.get(action="accounts.user.password_change")
    assert entry.after == {"password_changed": True} and entry.before is None
    with pytest.raises(PermissionDenied):
        services.password_change(actor=people["sysadmin"], user=user,
                                 old_password="Moi-Hon-2025", new_password="Khac-Nua-2025")


def test_password_set_by_the_agency_admin(people):
    official = people["a_clerk"].official
    services.password_set(actor=people["a_agency_admin"], official=official,
                          new_password="Dat-Lai-2025")
    assert User.objects.get(pk=official.user_id).check_password("Dat-Lai-2025")
    with pytest.raises(PermissionDenied):
        services.password_set(actor=people["b_agency_admin"], official=official,
                              new_password="Dat-Lai-2026")


def lock(username):
    AccessAttempt.objects.create(username=username, ip_address="127.0.0.1", user_agent="t",
                                 failures_since_start=5, attempt_time=timezone.now(),
                                 get_data="", post_data="", http_accept="", path_info="/")


def test_account_unlock_rights(people):
    lock("a.clerk")
    with pytest.raises(PermissionDenied):
        services.account_unlock(actor=people["b_agency_admin"], user=people["a_clerk"])
    assert services.account_unlock(actor=people["a_agency_admin"], user=people["a_clerk"]) == 1
    assert not AccessAttempt.objects.filter(username="a.clerk").exists()
    assert AuditEntry.objects.get(action="accounts.user.unlock").after == {
        "attempts_cleared": 1}
    lock(CITIZEN_ID)
    with pytest.raises(PermissionDenied):
        services.account_unlock(actor=people["a_agency_admin"], user=people["citizen"])
    assert services.account_unlock(actor=people["sysadmin"], user=people["citizen"]) == 1


# --- second factor -------------------------------------------------------------------------------

def test_totp_enable_check_disable(people):
    user = people["a_director"]
    secret = services.totp_new_secret()
    uri = services.totp_provisioning_uri(user, secret)
    assert uri.startswith("otpauth://totp/egov:a.director?secret=")
    with pytest.raises(ValidationError):
        services.totp_enable(actor=user, user=user, secret=secret, code="000000")
    user.refresh_from_db()
    assert not user.totp_enabled
    totp = pyotp.TOTP(secret)
    services.totp_enable(actor=user, user=user, secret=secret, code=totp.now())
    user.refresh_from_db()
    assert user.totp_enabled and user.totp_secret == secret
    entry = AuditEntry.objects.get(action="accounts.user.totp_enable")
    assert secret not in json.dumps([entry.before, entry.after])
    assert entry.after["totp_enabled"] is True
    # The code used to turn it on is spent; the next time step's code passes once.
    assert not services.totp_check(user=user, code=totp.now())
    later = totp.at(timezone.now().timestamp() + 30)
    assert services.totp_check(user=user, code=later)
    assert not services.totp_check(user=user, code=later)
    with pytest.raises(Conflict):
        services.totp_enable(actor=user, user=user, secret=secret, code=totp.now())
    with pytest.raises(ValidationError):
        services.totp_disable(actor=user, user=user, code="123456")
    # Lost phone: the agency administrator turns it off without a code.
    with pytest.raises(PermissionDenied):
        services.totp_disable(actor=people["b_agency_admin"], user=user)
    services.totp_disable(actor=people["a_agency_admin"], user=user)
    user.refresh_from_db()
    assert (user.totp_enabled, user.totp_secret, user.totp_last_counter) == (False, "", None)


def test_totp_is_for_officials_and_their_own_accounts(people):
    secret = services.totp_new_secret()
    code = pyotp.TOTP(secret).now()
    with pytest.raises(Conflict):
        services.totp_enable(actor=people["citizen"], user=people["citizen"], secret=secret,
                             code=code)
    with pytest.raises(PermissionDenied):
        services.totp_enable(actor=people["sysadmin"], user=people["a_clerk"], secret=secret,
                             code=code)
