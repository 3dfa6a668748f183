"""The accounts API: me, officials, registration of citizens and businesses, one's own
profile; error bodies; throttling; the OpenAPI description."""

import pytest
from accounts_data import CITIZEN_ID, PASSWORD, TAX_CODE, post_login
from axes.models import AccessAttempt
from django.core.cache import cache
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from egov.accounts.models import Official, Role, User


def test_me_for_an_official(api_as, people, agency_a, units_a):
    body = api_as("a_head_of_unit").get("/api/v1/me/").json()
    assert body["username"] == "a.head_of_unit"
    assert body["kind"] == "official"
    assert body["roles"] == ["head_of_unit"]
    assert body["is_system_admin"] is False
    assert body["official"]["agency"] == {"id": agency_a.pk, "code": "000.00.31.H59",
                                          "name": "Sở Thông tin và Truyền thông",
                                          "short_name": "STTTT"}
    assert body["official"]["unit"]["short_name"] == "BCVT"


def test_me_for_a_citizen_and_a_system_admin(api_as):
    body = api_as("citizen").get("/api/v1/me/").json()
    assert (body["kind"], body["roles"], body["official"]) == ("citizen", [], None)
    body = api_as("sysadmin").get("/api/v1/me/").json()
    assert (body["is_system_admin"], body["roles"]) == (True, ["system_admin"])


def test_me_needs_a_login():
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json() == {"code": "not_authenticated",
                               "message": "Bạn cần đăng nhập để sử dụng chức năng này."}


NEW = {"username": "moi.stttt", "full_name": "Trần Thị Mới", "email": "moi@travinh.gov.vn",
       "phone": "0912 345 678", "roles": ["specialist", "clerk"], "position": "Chuyên viên",
       "password": PASSWORD}


def test_create_official(api_as, agency_a, units_a):
    response = api_as("a_agency_admin").post(
        "/api/v1/officials/", {**NEW, "agency": agency_a.pk, "unit": units_a["VP"].pk},
        format="json")
    assert response.status_code == 201
    body = response.json()
    assert {k: body[k] for k in ("username", "full_name", "email", "phone", "roles",
                                  "is_active", "totp_enabled")} == {
        "username": "moi.stttt", "full_name": "Trần Thị Mới", "email": "moi@travinh.gov.vn",
        "phone": "0912345678", "roles": ["clerk", "specialist"], "is_active": True,
        "totp_enabled": False}
    assert "password" not in body
    assert post_login(APIClient(), "moi.stttt", PASSWORD).status_code == 302


def test_create_official_bad_input(api_as, agency_a, unit_b):
    before = User.objects.count()
    response = api_as("a_agency_admin").post(
        "/api/v1/officials/", {**NEW, "username": "a.clerk", "email": "khong-hop-le",
                               "phone": "0112345678", "agency": agency_a.pk,
                               "unit": unit_b.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid", "message": "Yêu cầu có dữ liệu không hợp lệ.",
        "fields": {
            "username": ["Tên đăng nhập này đã có người dùng."],
            "email": ["Nhập địa chỉ thư điện tử hợp lệ."],
            "phone": ["Đây không phải số di động hay số cố định của Việt Nam."],
            "unit": ["Đơn vị này thuộc cơ quan khác."],
        },
    }
    assert User.objects.count() == before


def test_create_official_type_errors(api_as):
    response = api_as("a_agency_admin").post(
        "/api/v1/officials/", {**NEW, "agency": 999999, "roles": ["mayor"]}, format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["agency"] == ["Không có bản ghi này."]
    assert fields["roles"] == {"0": ["“mayor” không phải là lựa chọn hợp lệ."]}


def test_patch_official_roles_and_details(api_as, people, units_a):
    target = people["a_specialist"].official
    response = api_as("a_agency_admin").patch(
        f"/api/v1/officials/{target.pk}/",
        {"roles": ["specialist", "head_of_unit"], "unit": units_a["TTra"].pk,
         "full_name": "Tên  Mới"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["roles"], body["unit"]["short_name"], body["full_name"]) == (
        ["head_of_unit", "specialist"], "TTra", "Tên Mới")
    response = api_as("a_agency_admin").patch(
        f"/api/v1/officials/{target.pk}/", {"roles": ["system_admin"]}, format="json")
    assert response.status_code == 400
    assert Official.objects.get(pk=target.pk).role_set == {Role.SPECIALIST, Role.HEAD_OF_UNIT}


def test_deactivate_twice_is_a_conflict(api_as, people):
    url = f"/api/v1/officials/{people['a_clerk'].official.pk}/deactivate/"
    client = api_as("a_agency_admin")
    assert client.post(url, {}, format="json").json()["is_active"] is False
    response = client.post(url, {}, format="json")
    assert response.status_code == 409
    assert response.json() == {"code": "already_inactive",
                               "message": "Tài khoản này đã bị vô hiệu hóa."}
    reactivated = client.post(url.replace("deactivate", "reactivate"), format="json")
    assert reactivated.json()["is_active"] is True


def test_unlock_through_the_api(api_as, people):
    AccessAttempt.objects.create(username="a.clerk", ip_address="127.0.0.1", user_agent="t",
                                 failures_since_start=5, attempt_time=timezone.now(),
                                 get_data="", post_data="", http_accept="", path_info="/")
    url = f"/api/v1/officials/{people['a_clerk'].official.pk}/unlock/"
    assert api_as("a_agency_admin").post(url).json() == {"attempts_cleared": 1}


def test_filter_and_search(api_as, agency_b):
    client = api_as("sysadmin")
    listed = client.get(f"/api/v1/officials/?agency={agency_b.pk}").json()
    assert {o["username"] for o in listed["results"]} == {"b.admin", "b.specialist"}
    listed = client.get("/api/v1/officials/?q=clerk").json()
    assert [o["username"] for o in listed["results"]] == ["a.clerk"]


# --- registration, profile ----------------------------------------------------------------------

CITIZEN = {"full_name": "Thạch Thị Sa Ry", "citizen_id": "084185001235",
           "phone": "+84 386 123 456", "email": "sary@example.com", "password": PASSWORD}


def test_citizen_registration(db):
    response = APIClient().post("/api/v1/citizens/register/", CITIZEN, format="json")
    assert response.status_code == 201
    assert response.json() == {
        "id": User.objects.get(citizen_id="084185001235").pk, "username": "084185001235",
        "kind": "citizen", "full_name": "Thạch Thị Sa Ry", "citizen_id": "084185001235",
        "tax_code": None, "email": "sary@example.com", "phone": "0386123456", "address": ""}
    assert post_login(APIClient(), "084185001235", PASSWORD).status_code == 302


def test_citizen_registration_refusals(people):
    response = APIClient().post("/api/v1/citizens/register/",
                                {**CITIZEN, "citizen_id": CITIZEN_ID, "phone": "12"},
                                format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "citizen_id": ["Đã có tài khoản với số căn cước công dân này."],
        "phone": ["Số điện thoại gồm 10 chữ số bắt đầu bằng 0 (số cố định gồm 11 chữ số)."],
    }
    response = APIClient().post("/api/v1/citizens/register/", {"full_name": "X"},
                                format="json")
    assert set(response.json()["fields"]) == {"citizen_id", "phone", "password"}


def test_registration_is_throttled(db, settings):
    settings.EGOV_REGISTRATION_RATE = "2/hour"
    cache.clear()
    client = APIClient()
    codes = []
    for i in range(3):
        response = client.post("/api/v1/citizens/register/",
                               {**CITIZEN, "citizen_id": f"08418500123{i}"}, format="json")
        codes.append(response.status_code)
    assert codes == [201, 201, 429]
    assert response.json()["code"] == "throttled"
    cache.clear()


def test_business_registration(db):
    response = APIClient().post("/api/v1/businesses/register/", {
        "name": "Công ty TNHH Phần mềm Trà Vinh", "tax_code": TAX_CODE, "phone": "02943855123",
        "email": "lienhe@example.com", "password": PASSWORD}, format="json")
    assert response.status_code == 201
    assert (response.json()["username"], response.json()["kind"]) == (TAX_CODE, "business")


def test_own_profile(api_as):
    client = api_as("citizen")
    assert client.get("/api/v1/profile/").json()["citizen_id"] == CITIZEN_ID
    response = client.patch("/api/v1/profile/", {"phone": "0294 3855 123",
                                                 "citizen_id": "001190012345"}, format="json")
    assert response.status_code == 200
    assert (response.json()["phone"], response.json()["citizen_id"]) == ("02943855123",
                                                                         CITIZEN_ID)
    response = api_as("a_clerk").patch("/api/v1/profile/", {"phone": "0912345678"},
                                       format="json")
    assert response.status_code == 409


# --- OpenAPI ----------------------------------------------------------------------------------

def test_schema_describes_the_accounts_api(capsys):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    for path in ["/api/v1/me/", "/api/v1/profile/", "/api/v1/officials/",
                 "/api/v1/officials/{id}/", "/api/v1/officials/{id}/deactivate/",
                 "/api/v1/officials/{id}/unlock/", "/api/v1/citizens/register/",
                 "/api/v1/businesses/register/"]:
        assert path in paths, path
    register = paths["/api/v1/citizens/register/"]["post"]
    assert "security" not in register  # open to anonymous callers
    assert set(register["responses"]) == {"201", "400", "429"}
    errors = capsys.readouterr().err
    assert "accounts" not in errors


@pytest.mark.parametrize("path", ["/api/v1/officials/", "/api/v1/me/"])
def test_basic_scheme_is_described(path):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = next(iter(schema["paths"][path].values()))
    assert {"egovBasicAuth": []} in operation["security"]
