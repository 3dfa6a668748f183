import datetime as dt

import pytest

from egov.core.models import AuditEntry
from egov.organizations import services
from egov.organizations.models import Agency, Unit

ALL = ["anonymous", "citizen", "a_admin", "a_specialist", "b_admin", "sysadmin"]
OFFICIALS = ["a_admin", "a_specialist", "b_admin", "sysadmin"]


def expect(response, status, code=None):
    assert response.status_code == status, response.content
    if code is not None:
        assert response.json()["code"] == code
    return response.json() if response.content else None


# --- divisions ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ALL)
def test_divisions_readable_by_every_logged_in_user(api_as, divisions, who):
    response = api_as(who).get("/api/v1/divisions/", {"level": 2, "on": "2017-01-01"})
    if who == "anonymous":
        expect(response, 403, "not_authenticated")
    else:
        body = expect(response, 200)
        assert body["count"] == 9
        assert [d["code"] for d in body["results"]][:3] == ["842", "844", "845"]


def test_divisions_filters_chain_and_as_of(api_as, divisions, tra_vinh, vinh_long_2025):
    api = api_as("citizen")
    body = expect(api.get("/api/v1/divisions/", {"parent": tra_vinh.pk}), 200)
    assert body["count"] == 9
    body = expect(api.get("/api/v1/divisions/", {"code": "84"}), 200)
    assert [(d["name"], d["valid_to"], d["successor"]) for d in body["results"]] == [
        ("Tỉnh Trà Vinh", "2025-07-01", vinh_long_2025.pk)]
    body = expect(api.get("/api/v1/divisions/", {"level": 3, "on": "2026-01-01",
                                                 "q": "tra vinh"}), 200)
    assert [d["name"] for d in body["results"]] == ["Phường Trà Vinh"]

    chain = expect(api.get("/api/v1/divisions/chain/", {"code": "29242", "on": "2017-05-01"}),
                   200)
    assert [d["code"] for d in chain] == ["29242", "842", "84"]
    expect(api.get("/api/v1/divisions/chain/", {"code": "84", "on": "2026-01-01"}), 404,
           "not_found")
    as_of = expect(api.get(f"/api/v1/divisions/{tra_vinh.pk}/as-of/", {"on": "2026-01-01"}),
                   200)
    assert (as_of["code"], as_of["name"]) == ("86", "Tỉnh Vĩnh Long")
    as_of = expect(api.get(f"/api/v1/divisions/{tra_vinh.pk}/as-of/", {"on": "2017-01-01"}),
                   200)
    assert as_of["code"] == "84"


@pytest.mark.parametrize(("path", "params", "field"), [
    ("/api/v1/divisions/", {"on": "01/01/2017"}, "on"),
    ("/api/v1/divisions/", {"level": 4}, "level"),
    ("/api/v1/divisions/", {"parent": 999999}, "parent"),
    ("/api/v1/divisions/chain/", {"code": "84"}, "on"),
])
def test_divisions_bad_query(api_as, divisions, path, params, field):
    body = expect(api_as("citizen").get(path, params), 400, "invalid")
    assert list(body["fields"]) == [field]


# --- agencies ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ALL)
def test_agency_directory_readable_by_every_logged_in_user(api_as, users, agency_a, who):
    api = api_as(who)
    response = api.get("/api/v1/agencies/", {"q": "thong tin"})
    detail = api.get(f"/api/v1/agencies/{agency_a.pk}/")
    if who == "anonymous":
        expect(response, 403, "not_authenticated")
        expect(detail, 403, "not_authenticated")
        return
    assert [a["code"] for a in expect(response, 200)["results"]] == ["000.00.31.H59"]
    body = expect(detail, 200)
    assert (body["short_name"], body["division_code"], body["valid_to"]) == ("STTTT", "84", None)


def test_agency_list_on_a_date(api_as, users, agency_a):
    api = api_as("citizen")
    assert expect(api.get("/api/v1/agencies/", {"on": "2016-12-31"}), 200)["count"] == 0
    assert expect(api.get("/api/v1/agencies/", {"on": "2017-01-01"}), 200)["count"] == 3
    assert expect(api.get("/api/v1/agencies/", {"kind": "ubnd_tinh"}), 200)["count"] == 1


def new_agency(tra_vinh, **overrides):
    body = {"code": "000.00.22.H59", "name": "Sở Nội vụ", "short_name": "SNV", "kind": "so",
            "division": tra_vinh.pk, "valid_from": "2017-01-01"}
    body.update(overrides)
    return body


@pytest.mark.parametrize(("who", "status"), [
    ("anonymous", 403), ("citizen", 403), ("a_admin", 403), ("a_specialist", 403),
    ("b_admin", 403), ("sysadmin", 201),
])
def test_only_system_admins_create_agencies(api_as, users, tra_vinh, who, status):
    response = api_as(who).post("/api/v1/agencies/", new_agency(tra_vinh), format="json")
    expect(response, status)
    assert Agency.objects.filter(code="000.00.22.H59").count() == (1 if status == 201 else 0)
    if status == 201:
        entry = AuditEntry.objects.filter(action="organizations.agency.create").last()
        assert entry.actor == users["sysadmin"]


def test_agency_create_bad_input_is_400_with_fields(api_as, users, tra_vinh, vinh_long_2025):
    api = api_as("sysadmin")
    body = expect(api.post("/api/v1/agencies/", new_agency(
        tra_vinh, code="22.H59", short_name="S N V"), format="json"), 400, "invalid")
    assert body["message"] == "Yêu cầu có dữ liệu không hợp lệ."
    assert sorted(body["fields"]) == ["code", "short_name"]
    assert body["fields"]["code"] == [
        "Mã định danh 22.H59 không đúng dạng V1V2V3.Z1Z2.Y1Y2.MX1X2 theo QCVN 102:2016 "
        "(ví dụ 000.00.31.H59)."]
    body = expect(api.post("/api/v1/agencies/", new_agency(
        tra_vinh, code="000.00.31.H59"), format="json"), 400, "invalid")
    assert list(body["fields"]) == ["code"]
    body = expect(api.post("/api/v1/agencies/", new_agency(vinh_long_2025), format="json"),
                  400, "invalid")
    assert list(body["fields"]) == ["division"]
    body = expect(api.post("/api/v1/agencies/", {"code": "000.00.22.H59"}, format="json"),
                  400, "invalid")
    assert sorted(body["fields"]) == ["kind", "name", "short_name", "valid_from"]
    assert Agency.objects.count() == 3


@pytest.mark.parametrize(("who", "status"), [
    ("anonymous", 403), ("citizen", 403), ("a_admin", 403), ("a_specialist", 403),
    ("b_admin", 403), ("sysadmin", 200),
])
def test_only_system_admins_update_and_close_agencies(api_as, users, agency_a, unit_a, who,
                                                      status):
    api = api_as(who)
    expect(api.patch(f"/api/v1/agencies/{agency_a.pk}/", {"name": "Đổi tên"}, format="json"),
           status)
    expect(api.post(f"/api/v1/agencies/{agency_a.pk}/close/",
                    {"valid_to": "2025-03-01", "reason": "Hợp nhất"}, format="json"), status)
    agency_a.refresh_from_db()
    unit_a.refresh_from_db()
    if status == 200:
        assert (agency_a.name, agency_a.valid_to, unit_a.valid_to) == (
            "Đổi tên", dt.date(2025, 3, 1), dt.date(2025, 3, 1))
    else:
        assert (agency_a.name, agency_a.valid_to, unit_a.valid_to) == (
            "Sở Thông tin và Truyền thông", None, None)


def test_agency_update_and_close_errors(api_as, users, province_committee, agency_a):
    api = api_as("sysadmin")
    body = expect(api.patch(f"/api/v1/agencies/{province_committee.pk}/",
                            {"parent": agency_a.pk}, format="json"), 400, "invalid")
    assert list(body["fields"]) == ["parent"]
    body = expect(api.post(f"/api/v1/agencies/{province_committee.pk}/close/",
                           {"valid_to": "2025-07-01", "reason": "Sáp nhập"}, format="json"),
                  409, "has_open_children")
    assert "Sở Thông tin và Truyền thông" in body["message"]
    body = expect(api.post(f"/api/v1/agencies/{agency_a.pk}/close/",
                           {"valid_to": "2016-01-01", "reason": ""}, format="json"),
                  400, "invalid")
    assert sorted(body["fields"]) == ["reason", "valid_to"]
    expect(api.put(f"/api/v1/agencies/{agency_a.pk}/", {}, format="json"), 405,
           "method_not_allowed")
    expect(api.delete(f"/api/v1/agencies/{agency_a.pk}/"), 405, "method_not_allowed")
    province_committee.refresh_from_db()
    assert province_committee.valid_to is None


# --- units ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "visible"), [
    ("a_admin", ["VP"]), ("a_specialist", ["VP"]), ("b_admin", ["HCTP"]),
    ("sysadmin", ["HCTP", "VP"]),
])
def test_unit_list_is_scoped_to_the_users_agency(api_as, unit_a, unit_b, who, visible):
    body = expect(api_as(who).get("/api/v1/units/"), 200)
    assert sorted(u["short_name"] for u in body["results"]) == visible


@pytest.mark.parametrize(("who", "code"), [
    ("anonymous", "not_authenticated"), ("citizen", "forbidden"),
])
def test_units_closed_to_non_officials(api_as, unit_a, who, code):
    api = api_as(who)
    expect(api.get("/api/v1/units/"), 403, code)
    expect(api.get(f"/api/v1/units/{unit_a.pk}/"), 403, code)
    expect(api.post("/api/v1/units/", {"agency": unit_a.agency_id, "name": "X",
                                       "short_name": "X", "valid_from": "2017-01-01"},
                    format="json"), 403, code)


@pytest.mark.parametrize(("who", "status"), [
    ("a_admin", 200), ("a_specialist", 200), ("b_admin", 403), ("sysadmin", 200),
])
def test_unit_read_by_its_agency_only(api_as, agency_a, unit_a, who, status):
    api = api_as(who)
    expect(api.get(f"/api/v1/units/{unit_a.pk}/"), status)
    response = api.get("/api/v1/units/", {"agency": agency_a.pk})
    if status == 403:
        expect(response, 403, "forbidden")
    else:
        assert [u["id"] for u in expect(response, 200)["results"]] == [unit_a.pk]


@pytest.mark.parametrize(("who", "status"), [
    ("a_admin", 201), ("a_specialist", 403), ("b_admin", 403), ("sysadmin", 201),
])
def test_unit_create_by_agency_admin_or_system_admin(api_as, agency_a, unit_a, who, status):
    response = api_as(who).post("/api/v1/units/", {
        "agency": agency_a.pk, "name": "Thanh tra", "short_name": "TTra", "parent": unit_a.pk,
        "valid_from": "2017-01-01"}, format="json")
    body = expect(response, status)
    created = Unit.objects.filter(short_name="TTra")
    assert created.count() == (1 if status == 201 else 0)
    if status == 201:
        assert (body["agency"], body["parent"], body["valid_to"]) == (agency_a.pk, unit_a.pk,
                                                                      None)


@pytest.mark.parametrize(("who", "status"), [
    ("a_admin", 200), ("a_specialist", 403), ("b_admin", 403), ("sysadmin", 200),
])
def test_unit_update_and_close_by_agency_admin_or_system_admin(api_as, unit_a, who, status):
    api = api_as(who)
    expect(api.patch(f"/api/v1/units/{unit_a.pk}/", {"name": "Văn phòng Sở"}, format="json"),
           status)
    expect(api.post(f"/api/v1/units/{unit_a.pk}/close/",
                    {"valid_to": "2020-01-01", "reason": "Sắp xếp"}, format="json"), status)
    unit_a.refresh_from_db()
    if status == 200:
        assert (unit_a.name, unit_a.valid_to, unit_a.close_reason) == (
            "Văn phòng Sở", dt.date(2020, 1, 1), "Sắp xếp")
    else:
        assert (unit_a.name, unit_a.valid_to) == ("Văn phòng", None)


def test_unit_bad_input_and_wrong_state(api_as, agency_a, unit_a, unit_b):
    api = api_as("a_admin")
    body = expect(api.post("/api/v1/units/", {
        "agency": agency_a.pk, "name": "", "short_name": "vp", "valid_from": "2017-01-01"},
        format="json"), 400, "invalid")
    assert body["fields"] == {
        "name": ["Nhập tên đơn vị."],
        "short_name": ["Tên viết tắt vp đã được Văn phòng sử dụng trong cơ quan này."],
    }
    body = expect(api.patch(f"/api/v1/units/{unit_a.pk}/", {"parent": unit_b.pk},
                            format="json"), 400, "invalid")
    assert body["fields"] == {"parent": ["Đơn vị cấp trên phải thuộc cùng cơ quan."]}
    expect(api.post(f"/api/v1/units/{unit_a.pk}/close/",
                    {"valid_to": "2020-01-01", "reason": "Sắp xếp"}, format="json"), 200)
    body = expect(api.post(f"/api/v1/units/{unit_a.pk}/close/",
                           {"valid_to": "2021-01-01", "reason": "Lần hai"}, format="json"),
                  409, "already_closed")
    assert body["message"] == "Đã được đóng từ ngày 01/01/2020."
    # The agency's administrator cannot move a unit into another agency either.
    expect(api.patch(f"/api/v1/units/{unit_b.pk}/", {"name": "X"}, format="json"), 403)


def test_agency_admin_of_a_closed_agency_sees_history(api_as, agency_a, unit_a):
    services.agency_close(actor=None, agency=agency_a, valid_to=dt.date(2025, 7, 1),
                          reason="Hợp nhất")
    body = expect(api_as("a_specialist").get("/api/v1/units/", {"on": "2025-07-01"}), 200)
    assert body["count"] == 0
    body = expect(api_as("a_specialist").get("/api/v1/units/", {"on": "2025-06-30"}), 200)
    assert [u["short_name"] for u in body["results"]] == ["VP"]


def test_agency_create_by_division_code_and_unknown_references(api_as, users, tra_vinh,
                                                               province_committee):
    api = api_as("sysadmin")
    body = new_agency(tra_vinh, division_code="84", parent=province_committee.pk)
    del body["division"]
    created = expect(api.post("/api/v1/agencies/", body, format="json"), 201)
    assert (created["division"], created["division_code"]) == (tra_vinh.pk, "84")

    body.update(code="000.00.24.H59", division_code="84", valid_from="2026-01-01")
    errors = expect(api.post("/api/v1/agencies/", body, format="json"), 400)["fields"]
    assert errors == {"division_code": [
        "Không có đơn vị hành chính nào mang mã 84 vào ngày 01/01/2026."]}
    body = new_agency(tra_vinh, code="000.00.24.H59", division=999999, parent=888888,
                      kind="bo")
    errors = expect(api.post("/api/v1/agencies/", body, format="json"), 400)["fields"]
    assert errors == {
        "division": ["Không có đơn vị hành chính nào có id 999999."],
        "parent": ["Không có cơ quan nào có id 888888."],
        "kind": ["Chọn một loại cơ quan trong danh sách."],
    }
    body = new_agency(tra_vinh, code="000.00.24.H59")
    del body["division"]
    errors = expect(api.post("/api/v1/agencies/", body, format="json"), 400)["fields"]
    assert errors == {"division": ["Chọn đơn vị hành chính mà cơ quan phục vụ."]}
    assert not Agency.objects.filter(code="000.00.24.H59").exists()
