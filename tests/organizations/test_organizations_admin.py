import datetime as dt

import pytest

from egov.core.models import AuditEntry
from egov.organizations.models import Agency, Unit


@pytest.fixture
def root(users):
    # A system administrator: the role opens Django's admin site.
    return users["sysadmin"]


@pytest.fixture
def admin_web(client, root):
    client.force_login(root)
    return client


def agency_form(in_division, under, **overrides):
    data = {"code": "000.00.22.H59", "name": "Sở Nội vụ", "short_name": "SNV", "kind": "so",
            "parent": under.pk, "division": in_division.pk, "address": "", "phone": "",
            "email": "", "valid_from": "2017-01-01"}
    data.update(overrides)
    return data


def test_admin_creates_agency_through_the_service(admin_web, root, tra_vinh,
                                                  province_committee):
    response = admin_web.post("/admin/organizations/agency/add/",
                              agency_form(tra_vinh, province_committee))
    assert response.status_code == 302
    agency = Agency.objects.get(code="000.00.22.H59")
    assert (agency.parent, agency.search_text) == (province_committee,
                                                   "so noi vu snv 000.00.22.h59")
    entry = AuditEntry.objects.get(action="organizations.agency.create", actor=root)
    assert entry.object_id == str(agency.pk)


def test_admin_shows_service_errors_on_the_form(admin_web, tra_vinh, vinh_long_2025,
                                                province_committee, agency_a):
    response = admin_web.post("/admin/organizations/agency/add/", agency_form(
        tra_vinh, province_committee, code="000.00.31.H59"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"code": [
        "Mã định danh 000.00.31.H59 đã được Sở Thông tin và Truyền thông sử dụng trong thời "
        "gian này."]}
    response = admin_web.post("/admin/organizations/agency/add/", agency_form(
        vinh_long_2025, province_committee))
    assert list(response.context["adminform"].form.errors) == ["division"]
    assert Agency.objects.count() == 3  # the committee, A and B (of the users fixture)


def test_admin_updates_and_closes_agency(admin_web, root, tra_vinh, province_committee,
                                         agency_a, unit_a):
    url = f"/admin/organizations/agency/{agency_a.pk}/change/"
    assert admin_web.get(url).status_code == 200
    data = agency_form(tra_vinh, province_committee, name="Sở TT&TT", short_name="STTTT",
                       close_on="2025-07-01", close_reason_text="Hợp nhất")
    del data["code"], data["valid_from"]
    response = admin_web.post(url, data)
    assert response.status_code == 302
    agency_a.refresh_from_db()
    unit_a.refresh_from_db()
    assert (agency_a.name, agency_a.code, agency_a.valid_to, agency_a.close_reason) == (
        "Sở TT&TT", "000.00.31.H59", dt.date(2025, 7, 1), "Hợp nhất")
    assert unit_a.valid_to == dt.date(2025, 7, 1)
    assert list(AuditEntry.objects.filter(actor=root).values_list("action", flat=True)) == [
        "organizations.agency.update", "organizations.unit.close", "organizations.agency.close"]


def test_admin_refuses_closing_a_parent_with_open_children(admin_web, tra_vinh,
                                                          province_committee, agency_a):
    url = f"/admin/organizations/agency/{province_committee.pk}/change/"
    data = agency_form(tra_vinh, province_committee, name="Ủy ban nhân dân tỉnh Trà Vinh",
                       short_name="UBND", kind="ubnd_tinh", parent="", close_on="2025-07-01",
                       close_reason_text="")
    del data["code"], data["valid_from"]
    response = admin_web.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "close_reason_text": ["Nêu lý do đóng (ví dụ quyết định sắp xếp lại)."]}
    data["close_reason_text"] = "Sáp nhập"
    response = admin_web.post(url, data)
    errors = response.context["adminform"].form.errors["__all__"]
    assert errors[0].startswith("Ủy ban nhân dân tỉnh Trà Vinh vẫn còn cơ quan trực thuộc")
    province_committee.refresh_from_db()
    assert province_committee.valid_to is None


def test_admin_units_and_read_only_divisions(admin_web, agency_a, unit_a):
    response = admin_web.post("/admin/organizations/unit/add/", {
        "agency": agency_a.pk, "name": "Thanh tra", "short_name": "VP", "parent": "",
        "valid_from": "2017-01-01"})
    assert list(response.context["adminform"].form.errors) == ["short_name"]
    response = admin_web.post("/admin/organizations/unit/add/", {
        "agency": agency_a.pk, "name": "Thanh tra", "short_name": "TTra", "parent": unit_a.pk,
        "valid_from": "2017-01-01"})
    assert response.status_code == 302
    assert Unit.objects.get(short_name="TTra").parent == unit_a

    assert admin_web.get("/admin/organizations/administrativedivision/add/").status_code == 403
    response = admin_web.get("/admin/organizations/administrativedivision/", {"q": "cang long"})
    assert response.status_code == 200
    assert sorted(d.name for d in response.context["cl"].result_list) == [
        "Huyện Càng Long", "Thị trấn Càng Long", "Xã Càng Long"]
    response = admin_web.get("/admin/organizations/agency/", {"q": "thông tin"})
    assert [a.code for a in response.context["cl"].result_list] == ["000.00.31.H59"]
    assert admin_web.post(f"/admin/organizations/unit/{unit_a.pk}/delete/").status_code == 403
