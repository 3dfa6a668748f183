import datetime as dt

import pytest
from django.urls import reverse

from egov.core.models import AuditEntry
from egov.organizations.models import Unit

LOGGED_IN = ["citizen", "a_admin", "a_specialist", "b_admin", "sysadmin"]


def test_pages_need_login(web_as, agency_a, unit_a):
    web = web_as("anonymous")
    for url in [reverse("organizations:directory"),
                reverse("organizations:agency", args=[agency_a.pk]),
                reverse("organizations:unit_create", args=[agency_a.pk]),
                reverse("organizations:unit_update", args=[unit_a.pk]),
                reverse("organizations:unit_close", args=[unit_a.pk])]:
        response = web.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("who", LOGGED_IN)
def test_directory_tree_and_search(web_as, users, agency_a, agency_b, who):
    web = web_as(who)
    response = web.get(reverse("organizations:directory"), {"on": "2017-06-01"})
    assert response.status_code == 200
    tree = response.context["tree"]
    assert [n.agency.code for n in tree] == ["000.00.00.H59"]
    assert [n.agency.code for n in tree[0].children] == ["000.00.23.H59", "000.00.31.H59"]
    assert "Sở Thông tin và Truyền thông" in response.content.decode()

    response = web.get(reverse("organizations:directory"), {"q": "tu phap"})
    assert [a.code for a in response.context["results"]] == ["000.00.23.H59"]
    response = web.get(reverse("organizations:directory"), {"on": "2016-06-01"})
    assert response.context["tree"] == []
    assert "Không có cơ quan nào hoạt động vào ngày đó." in response.content.decode()


@pytest.mark.parametrize(("who", "sees_units", "manages"), [
    ("citizen", False, False), ("a_admin", True, True), ("a_specialist", True, False),
    ("b_admin", False, False), ("sysadmin", True, True),
])
def test_agency_page_shows_units_only_to_its_officials(web_as, agency_a, unit_a, who,
                                                       sees_units, manages):
    response = web_as(who).get(reverse("organizations:agency", args=[agency_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "000.00.31.H59" in html
    assert (response.context["units"] is not None) is sees_units
    assert ("Văn phòng" in html) is sees_units
    assert response.context["can_manage"] is manages
    assert (reverse("organizations:unit_update", args=[unit_a.pk]) in html) is manages
    assert (reverse("organizations:unit_create", args=[agency_a.pk]) in html) is manages


@pytest.mark.parametrize(("who", "allowed"), [
    ("citizen", False), ("a_admin", True), ("a_specialist", False), ("b_admin", False),
    ("sysadmin", True),
])
def test_unit_forms_only_for_the_agency_admin(web_as, users, agency_a, unit_a, who, allowed):
    web = web_as(who)
    create_url = reverse("organizations:unit_create", args=[agency_a.pk])
    update_url = reverse("organizations:unit_update", args=[unit_a.pk])
    close_url = reverse("organizations:unit_close", args=[unit_a.pk])
    for url in (create_url, update_url, close_url):
        assert web.get(url).status_code == (200 if allowed else 403)

    created = web.post(create_url, {"name": "Thanh tra", "short_name": "TTra",
                                    "valid_from": "2017-01-01"})
    updated = web.post(update_url, {"name": "Văn phòng Sở", "short_name": "VP"})
    closed = web.post(close_url, {"valid_to": "2020-01-01", "reason": "Sắp xếp lại"})
    unit_a.refresh_from_db()
    if allowed:
        agency_page = reverse("organizations:agency", args=[agency_a.pk])
        assert [r["Location"] for r in (created, updated, closed)] == [agency_page] * 3
        assert Unit.objects.filter(agency=agency_a, short_name="TTra").count() == 1
        assert (unit_a.name, unit_a.valid_to) == ("Văn phòng Sở", dt.date(2020, 1, 1))
        assert list(AuditEntry.objects.filter(actor=users[who]).values_list(
            "action", flat=True)) == ["organizations.unit.create", "organizations.unit.update",
                                      "organizations.unit.close"]
    else:
        assert [r.status_code for r in (created, updated, closed)] == [403, 403, 403]
        assert not Unit.objects.filter(short_name="TTra").exists()
        assert (unit_a.name, unit_a.valid_to) == ("Văn phòng", None)


def test_unit_form_shows_vietnamese_messages_and_saves_nothing(web_as, agency_a, unit_a,
                                                               unit_b):
    web = web_as("a_admin")
    url = reverse("organizations:unit_create", args=[agency_a.pk])
    response = web.post(url, {"name": "", "short_name": "VP", "valid_from": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"valid_from": ["Trường này là bắt buộc."]}

    response = web.post(url, {"name": "", "short_name": "V P", "valid_from": "2017-01-01"})
    assert response.context["form"].errors == {
        "name": ["Nhập tên đơn vị."],
        "short_name": ["Tên viết tắt gồm chữ và số, không có dấu cách, như dùng trong ký hiệu "
                       "văn bản (ví dụ STTTT)."],
    }
    response = web.post(url, {"name": "Văn phòng 2", "short_name": "VP",
                              "valid_from": "2017-01-01"})
    assert response.context["form"].errors == {
        "short_name": ["Tên viết tắt VP đã được Văn phòng sử dụng trong cơ quan này."]}
    assert "Tên viết tắt VP đã được Văn phòng sử dụng trong cơ quan này." in (
        response.content.decode())
    # A unit of another agency is not offered as parent, and is refused if forced.
    response = web.post(url, {"name": "Tổ", "short_name": "T", "parent": unit_b.pk,
                              "valid_from": "2017-01-01"})
    assert list(response.context["form"].errors) == ["parent"]
    assert list(Unit.objects.filter(agency=agency_a)) == [unit_a]


def test_unit_close_form_messages(web_as, unit_a):
    web = web_as("a_admin")
    url = reverse("organizations:unit_close", args=[unit_a.pk])
    response = web.post(url, {"valid_to": "2016-01-01", "reason": ""})
    assert response.context["form"].errors == {
        "valid_to": ["Ngày đóng phải sau ngày bắt đầu hoạt động 01/01/2017."],
        "reason": ["Nêu lý do đóng (ví dụ quyết định sắp xếp lại)."],
    }
    assert web.post(url, {"valid_to": "2020-01-01", "reason": "Sắp xếp"}).status_code == 302
    response = web.post(url, {"valid_to": "2021-01-01", "reason": "Lần hai"})
    assert response.context["form"].errors == {"__all__": ["Đã được đóng từ ngày 01/01/2020."]}
    unit_a.refresh_from_db()
    assert (unit_a.valid_to, unit_a.close_reason) == (dt.date(2020, 1, 1), "Sắp xếp")
