"""Logging in: Vietnamese messages, lockout after 5 failures on the page and over the API's
Basic authentication, the second factor end to end, and the password rules."""

import base64
import datetime as dt

import pyotp
import pytest
import time_machine
from accounts_data import CITIZEN_ID, PASSWORD, post_login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from egov.accounts import services
from egov.accounts.middleware import SESSION_KEY
from egov.accounts.models import User
from egov.accounts.validators import CharacterClassValidator
from egov.accounts.views import PENDING_TOTP_KEY

WRONG = "Sai-Mat-Khau-1"
INVALID_LOGIN = ("Tên đăng nhập hoặc mật khẩu không đúng. Sau 5 lần đăng nhập sai liên tiếp, "
                 "tài khoản sẽ bị tạm khóa 15 phút.")


def text(response) -> str:
    return response.content.decode()


def test_login_page_is_vietnamese(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    body = text(response)
    assert '<html lang="vi">' in body
    for phrase in ["Đăng nhập", "Tên đăng nhập", "Mật khẩu", "Đăng ký tài khoản công dân",
                   "Tài khoản cán bộ do quản trị của cơ quan tạo."]:
        assert phrase in body


def test_successful_login_goes_to_the_home_page(client, people):
    response = post_login(client, "a.director", PASSWORD)
    assert response.status_code == 302 and response.url == "/accounts/home/"
    assert client.get("/accounts/home/").status_code == 200


def test_wrong_password_message(client, people):
    response = post_login(client, "a.director", WRONG)
    assert response.status_code == 200
    assert INVALID_LOGIN in text(response)


def test_unknown_user_gets_the_same_message(client, db):
    response = post_login(client, "khong.ton.tai", WRONG)
    assert INVALID_LOGIN in text(response)


def test_lockout_after_five_failures_on_the_page(client, people):
    for _ in range(4):
        assert post_login(client, "a.clerk", WRONG).status_code == 200
    locked = post_login(client, "a.clerk", WRONG)
    assert locked.status_code == 429
    body = text(locked)
    assert "Tài khoản bị tạm khóa" in body
    assert "Đăng nhập sai quá nhiều lần (5 lần). Tài khoản bị tạm khóa 15 phút" in body
    # The right password does not help while locked, and another account is not affected.
    assert post_login(client, "a.clerk", PASSWORD).status_code == 429
    assert post_login(client, "a.director", PASSWORD).status_code == 302


def test_lockout_ends_after_the_cool_off(client, people):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            post_login(client, "a.clerk", WRONG)
        assert post_login(client, "a.clerk", PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert post_login(client, "a.clerk", PASSWORD).status_code == 302


def test_agency_admin_unlocks_through_the_page(client, people, web_as):
    for _ in range(5):
        post_login(client, "a.clerk", WRONG)
    admin = web_as("a_agency_admin")
    page = admin.get(f"/accounts/officials/{people['a_clerk'].official.pk}/")
    assert "Đang tạm khóa" in text(page) and "Mở khóa tài khoản" in text(page)
    response = admin.post(f"/accounts/officials/{people['a_clerk'].official.pk}/unlock/")
    assert response.status_code == 302
    admin.logout()
    assert post_login(client, "a.clerk", PASSWORD).status_code == 302


def basic(username: str, password: str) -> APIClient:
    client = APIClient()
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    client.credentials(HTTP_AUTHORIZATION=f"Basic {token}")
    return client


def test_api_basic_auth_works_and_locks_out(people):
    assert basic("a.clerk", PASSWORD).get("/api/v1/me/").json()["username"] == "a.clerk"
    for _ in range(4):
        response = basic("a.clerk", WRONG).get("/api/v1/me/")
        assert response.status_code == 403
        assert response.json()["code"] == "authentication_failed"
    response = basic("a.clerk", WRONG).get("/api/v1/me/")
    assert response.status_code == 429
    assert response.json() == {
        "code": "account_locked",
        "message": "Tài khoản bị tạm khóa sau 5 lần đăng nhập sai. Hãy thử lại sau 15 phút "
                   "hoặc đề nghị quản trị viên mở khóa.",
    }
    response = basic("a.clerk", PASSWORD).get("/api/v1/me/")
    assert (response.status_code, response.json()["code"]) == (429, "account_locked")
    # Failures over the API lock the web log-in too: one counter per user name.
    assert post_login(APIClient(), "a.clerk", PASSWORD).status_code == 429
    services.account_unlock(actor=people["sysadmin"], user=people["a_clerk"])
    assert basic("a.clerk", PASSWORD).get("/api/v1/me/").status_code == 200


def test_citizen_logs_in_with_citizen_id(client, people):
    assert post_login(client, CITIZEN_ID, PASSWORD).status_code == 302


# --- second factor -----------------------------------------------------------------------------

def test_second_factor_end_to_end(client, people):
    user = people["a_director"]
    assert post_login(client, "a.director", PASSWORD).status_code == 302

    setup = client.get("/accounts/second-factor/setup/")
    assert setup.status_code == 200
    assert "<svg" in text(setup) and "Bật xác thực hai bước" in text(setup)
    secret = client.session[PENDING_TOTP_KEY]
    assert secret in text(setup)
    totp = pyotp.TOTP(secret)

    wrong = client.post("/accounts/second-factor/setup/", {"code": "000000"})
    assert "Mã không đúng hoặc đã hết hạn." in text(wrong)
    user.refresh_from_db()
    assert not user.totp_enabled
    done = client.post("/accounts/second-factor/setup/", {"code": totp.now()})
    assert done.status_code == 302 and done.url == "/accounts/home/"
    user.refresh_from_db()
    assert user.totp_enabled and user.totp_secret == secret
    assert client.get("/accounts/home/").status_code == 200  # passed while turning it on

    client.post("/accounts/logout/")
    assert post_login(client, "a.director", PASSWORD).status_code == 302
    # Half logged in: every page sends to the code page, the API says what is missing.
    response = client.get("/accounts/home/")
    assert response.status_code == 302
    assert response.url == "/accounts/second-factor/?next=%2Faccounts%2Fhome%2F"
    assert client.get("/accounts/second-factor/setup/").status_code == 302
    api = client.get("/api/v1/me/")
    assert api.status_code == 403 and api.json()["code"] == "second_factor_required"

    page = client.get(response.url)
    assert "Nhập mã 6 chữ số hiển thị trên ứng dụng xác thực." in text(page)
    wrong = client.post(response.url, {"code": "123456"})
    assert "Mã không đúng hoặc đã hết hạn." in text(wrong)
    # The code that turned it on is spent; the next one works once.
    code = totp.at(timezone.now().timestamp() + 30)
    passed = client.post(response.url, {"code": code})
    assert passed.status_code == 302 and passed.url == "/accounts/home/"
    assert client.session[SESSION_KEY] is True
    assert client.get("/accounts/home/").status_code == 200
    assert client.get("/api/v1/me/").json()["totp_enabled"] is True


def test_guessing_codes_locks_the_account(client, people):
    user = people["a_director"]
    secret = services.totp_new_secret()
    services.totp_enable(actor=user, user=user, secret=secret, code=pyotp.TOTP(secret).now())
    post_login(client, "a.director", PASSWORD)
    for _ in range(4):
        assert client.post("/accounts/second-factor/", {"code": "000000"}).status_code == 200
    locked = client.post("/accounts/second-factor/", {"code": "000000"})
    assert locked.status_code == 429 and "Tài khoản bị tạm khóa" in text(locked)
    # Logged out, and the password alone no longer opens the account.
    assert client.get("/accounts/home/").status_code == 302
    assert post_login(client, "a.director", PASSWORD).status_code == 429


def test_basic_auth_refused_when_the_second_factor_is_on(people):
    user = people["a_director"]
    secret = services.totp_new_secret()
    services.totp_enable(actor=user, user=user, secret=secret, code=pyotp.TOTP(secret).now())
    response = basic("a.director", PASSWORD).get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"


def test_turning_the_second_factor_off(client, people):
    user = people["a_director"]
    secret = services.totp_new_secret()
    totp = pyotp.TOTP(secret)
    services.totp_enable(actor=user, user=user, secret=secret, code=totp.now())
    post_login(client, "a.director", PASSWORD)
    client.post("/accounts/second-factor/", {"code": totp.at(timezone.now().timestamp() + 30)})
    page = client.get("/accounts/second-factor/setup/")
    assert "Tắt xác thực hai bước" in text(page)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=60)):
        response = client.post("/accounts/second-factor/setup/", {"code": totp.now()})
    assert response.status_code == 302
    assert not User.objects.get(pk=user.pk).totp_enabled


def test_second_factor_setup_is_for_officials(web_as):
    assert web_as("citizen").get("/accounts/second-factor/setup/").status_code == 403
    assert web_as("anonymous").get("/accounts/second-factor/setup/").status_code == 302


# --- password rules --------------------------------------------------------------------------

@pytest.mark.parametrize(("password", "codes"), [
    ("Ab-1234", {"password_too_short"}),
    ("abcdefghijkl", {"password_character_classes"}),
    ("12345678901234", {"password_entirely_numeric", "password_character_classes"}),
    ("Password123", {"password_too_common"}),
    ("nguyenvanbinh-1", {"password_too_similar"}),
    ("Matkhau2024!", set()),
    ("matkhau-2024-tra-vinh", set()),  # three classes: lower case, digits, symbols
])
def test_password_rules(db, password, codes):
    user = User(username="nguyenvanbinh", full_name="Nguyễn Văn Bình")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        found = {e.code for e in exc.error_list}
    else:
        found = set()
    assert found == codes


def test_password_rule_messages_are_vietnamese(db):
    with pytest.raises(ValidationError) as caught:
        validate_password("tvxqkmzp")
    assert caught.value.messages == [
        "Mật khẩu quá ngắn: cần ít nhất 10 ký tự.",
        "Mật khẩu phải có ít nhất ba trong bốn loại: chữ thường, chữ hoa, chữ số và ký hiệu.",
    ]
    assert CharacterClassValidator().get_help_text() == (
        "Dùng ít nhất ba trong bốn loại: chữ thường, chữ hoa, chữ số, ký hiệu.")
