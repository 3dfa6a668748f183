"""``/api/v1/indicators/``: the figures keyed by code, for each kind of user; bad input
answers 400 with the fields that were wrong."""

import pytest

URL = "/api/v1/indicators/"
Y2017 = {"from": "2017-01-01", "to": "2017-12-31"}
ONLY = "agencies.total,users.officials,certificates.active"


def get(api_as, user, url=URL, **params):
    return api_as(user).get(url, params)


@pytest.mark.parametrize("user, agency, expected", [
    # System administrators and the province's leaders: the province, or any agency.
    ("sysadmin", None, {"agencies.total": 5, "users.officials": 7, "certificates.active": 4}),
    ("p_leader", None, {"agencies.total": 5, "users.officials": 7, "certificates.active": 4}),
    ("p_leader", "STP", {"agencies.total": 1, "users.officials": 1, "certificates.active": 1}),
    ("sysadmin", "000.00.02.H59",
     {"agencies.total": 2, "users.officials": 2, "certificates.active": 1}),
    # An agency's leader: their agency by default, and the agencies under it.
    ("s_director", None, {"agencies.total": 1, "users.officials": 3, "certificates.active": 2}),
    ("s_director", "STTTT",
     {"agencies.total": 1, "users.officials": 3, "certificates.active": 2}),
    ("d_director", None, {"agencies.total": 2, "users.officials": 2, "certificates.active": 1}),
    ("d_director", "000.02.02.H59",
     {"agencies.total": 1, "users.officials": 0, "certificates.active": 0}),
])
def test_figures_by_user(api_as, user, agency, expected):
    params = {**Y2017, "only": ONLY}
    if agency:
        params["agency"] = agency
    response = get(api_as, user, **params)
    assert (response.status_code, response.json()) == (200, expected)


def test_every_code_by_default(api_as):
    from egov.indicators import registry

    response = get(api_as, "p_leader", **Y2017)
    assert list(response.json()) == [i.code for i in registry.all_indicators()]
    assert response.json()["d766.procedures.full_online_rate"] == 25.0


@pytest.mark.parametrize("user, agency, status", [
    (None, None, 403),
    ("citizen", None, 403),
    ("business", None, 403),
    ("s_specialist", None, 403),
    ("s_clerk", None, 403),
    ("d_specialist", None, 403),
    # A leader asking for another agency, or for the whole province by its top.
    ("s_director", "STP", 403),
    ("s_director", "000.00.00.H59", 403),
    ("d_director", "STTTT", 403),
])
def test_who_may_not(api_as, user, agency, status):
    params = {**Y2017}
    if agency:
        params["agency"] = agency
    response = get(api_as, user, **params)
    assert response.status_code == status
    assert response.json()["code"] == ("not_authenticated" if user is None else "forbidden")


@pytest.mark.parametrize("params, fields", [
    ({"from": "2017-12-31", "to": "2017-01-01"},
     {"to": ["Kỳ báo cáo kết thúc (01/01/2017) trước khi bắt đầu (31/12/2017)."]}),
    ({**Y2017, "agency": "000.09.09.H59"},
     {"agency": ["Không có cơ quan nào có mã định danh hoặc tên viết tắt “000.09.09.H59” "
                 "hoạt động vào ngày 31/12/2017."]}),
    ({**Y2017, "only": "agencies.total,dossiers.nope"},
     {"only": ["Mã chỉ số không tồn tại: dossiers.nope."]}),
    ({"to": "2017-12-31"}, {"from": ["Hãy ghi ngày theo dạng YYYY-MM-DD."]}),
])
def test_bad_input_is_400(api_as, params, fields):
    response = get(api_as, "sysadmin", **params)
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "message": "Yêu cầu có dữ liệu không hợp lệ.",
                               "fields": fields}


def test_month_by_month(api_as):
    response = get(api_as, "p_leader", f"{URL}certificates.issued/months/",
                   **{"from": "2017-01-01", "to": "2017-03-15"})
    assert (response.status_code, response.json()) == (200, [
        {"month": "2017-01", "from": "2017-01-01", "to": "2017-01-31", "value": 0},
        {"month": "2017-02", "from": "2017-02-01", "to": "2017-02-28", "value": 1},
        {"month": "2017-03", "from": "2017-03-01", "to": "2017-03-15", "value": 0},
    ])


def test_agency_by_agency(api_as):
    response = get(api_as, "d_director", f"{URL}users.officials/agencies/", **Y2017)
    assert (response.status_code, response.json()) == (200, [
        {"agency": "000.00.02.H59", "name": "Ủy ban nhân dân huyện Càng Long",
         "with_agencies_under_it": False, "value": 2},
        {"agency": "000.02.02.H59", "name": "Ủy ban nhân dân xã An Trường",
         "with_agencies_under_it": True, "value": 0},
    ])


def test_one_indicator_with_an_unknown_code(api_as):
    response = get(api_as, "p_leader", f"{URL}agencies.nope/months/", **Y2017)
    assert (response.status_code, response.json()["fields"]) == (
        400, {"only": ["Mã chỉ số không tồn tại: agencies.nope."]})
    assert get(api_as, "s_specialist", f"{URL}agencies.total/months/",
               **Y2017).status_code == 403


def test_definitions(api_as):
    response = get(api_as, "s_director", f"{URL}definitions/")
    assert response.status_code == 200
    first = response.json()[0]
    assert first == {
        "code": "agencies.total", "name": "Cơ quan, đơn vị đang hoạt động",
        "group": "Cơ quan và tài khoản", "unit": "count", "measure": "stock",
        "dimensions": ["period", "agency"],
        "description": "Cơ quan, đơn vị (sở, ban, ngành, ủy ban nhân dân các cấp và các cơ "
                       "quan khác) đang hoạt động vào ngày cuối kỳ.",
    }
    assert get(api_as, "citizen", f"{URL}definitions/").status_code == 403
