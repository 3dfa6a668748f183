"""The home page of each role: in Vietnamese, with the sections of the person's roles,
figures counted from the database and no link that leads nowhere."""

import re

import pytest

HOME = "/accounts/home/"


def sections(body: str) -> dict[str, str]:
    """Section title → its HTML."""
    found = {}
    for html in re.findall(r'<section class="card home-section".*?</section>', body, re.S):
        title = re.search(r"<h2[^>]*>(.*?)</h2>", html, re.S).group(1).strip()
        found[title] = html
    return found


def figures(html: str) -> dict[str, int]:
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(?:<a [^>]*>)?([\d.]+)", html, re.S)
    return {label: int(value.replace(".", "")) for label, value in pairs}


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


EXPECTED = {
    "a_desk_officer": ["Tiếp nhận hồ sơ", "Tài khoản của tôi"],
    "a_specialist": ["Việc cần xử lý", "Tài khoản của tôi"],
    "a_head_of_unit": ["Công việc của đơn vị", "Việc cần xử lý", "Tài khoản của tôi"],
    "a_director": ["Công việc của cơ quan", "Việc cần xử lý", "Tài khoản của tôi"],
    "a_clerk": ["Sổ văn bản đến và văn bản đi", "Tài khoản của tôi"],
    "a_agency_admin": ["Tài khoản và đơn vị của cơ quan", "Tài khoản của tôi"],
    "a_inspector": ["Thanh tra, kiểm tra", "Tài khoản của tôi"],
    "b_specialist": ["Việc cần xử lý", "Tài khoản của tôi"],
    "sysadmin": ["Hệ thống", "Tài khoản và đơn vị của cơ quan", "Tài khoản của tôi"],
    "citizen": ["Hồ sơ của tôi", "Tra cứu hồ sơ", "Tài khoản của tôi"],
    "business": ["Hồ sơ của tôi", "Tra cứu hồ sơ", "Tài khoản của tôi"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_home_page_of_each_role(web_as, people, name):
    client = web_as(name)
    response = client.get(HOME)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert f"Xin chào, {people[name].get_full_name()}" in body
    found = sections(body)
    assert list(found) == EXPECTED[name]
    for html in found.values():
        for url in links(html):
            assert client.get(url).status_code == 200, url
        if not links(html) and not figures(html):
            assert "Chưa có nội dung: phần này của hệ thống chưa được sử dụng." in html


def test_anonymous_is_sent_to_log_in(web_as):
    response = web_as("anonymous").get(HOME)
    assert response.status_code == 302 and response.url == "/accounts/login/?next=/accounts/home/"


def test_official_header_names_agency_unit_and_roles(web_as):
    body = web_as("a_head_of_unit").get(HOME).content.decode()
    assert "Phòng Bưu chính - Viễn thông – Sở Thông tin và Truyền thông" in body
    assert "Vai trò: Lãnh đạo phòng" in body


def test_agency_admin_figures(web_as, people):
    people["b_specialist"]  # officials of another agency are not counted
    body = web_as("a_agency_admin").get(HOME).content.decode()
    html = sections(body)["Tài khoản và đơn vị của cơ quan"]
    # Agency A: the system administrator and one official per role.
    assert figures(html) == {"Tài khoản đang hoạt động": 8, "Tài khoản đã vô hiệu hóa": 0,
                             "Tài khoản đang bị tạm khóa": 0, "Đơn vị trực thuộc": 3}
    assert "/accounts/officials/new/" in links(html)


def test_director_and_head_of_unit_figures(web_as):
    # Other apps (dossiers, documents) add their own figures to these sections.
    body = web_as("a_director").get(HOME).content.decode()
    assert {"Cán bộ của cơ quan": 8, "Đơn vị trực thuộc": 3}.items() <= figures(
        sections(body)["Công việc của cơ quan"]).items()
    body = web_as("a_head_of_unit").get(HOME).content.decode()
    assert {"Cán bộ trong đơn vị": 2}.items() <= figures(
        sections(body)["Công việc của đơn vị"]).items()


def test_system_admin_figures(web_as):
    body = web_as("sysadmin").get(HOME).content.decode()
    found = figures(sections(body)["Hệ thống"])
    assert found["Cơ quan đang hoạt động"] == 2
    assert found["Tài khoản cán bộ"] == 10
    assert found["Tài khoản công dân"] == 1
    assert found["Tài khoản doanh nghiệp"] == 1
    assert found["Mục trong nhật ký thay đổi"] > 0
    assert "/admin/" in links(sections(body)["Hệ thống"])


def test_profile_pages(web_as, people):
    citizen = web_as("citizen")
    body = citizen.get("/accounts/profile/").content.decode()
    assert "Thông tin liên hệ" in body and "084085001234" in body
    response = citizen.post("/accounts/profile/", {"phone": "0386123456", "email": "",
                                                   "address": "Phường 1"})
    assert response.status_code == 302
    people["citizen"].refresh_from_db()
    assert people["citizen"].phone == "0386123456"
    response = citizen.post("/accounts/profile/", {"phone": "0112345678", "email": "",
                                                   "address": ""})
    assert "Đây không phải số di động hay số cố định của Việt Nam." in response.content.decode()
    official = web_as("a_clerk")
    body = official.get("/accounts/profile/").content.decode()
    assert "Thông tin của bạn do quản trị cơ quan cập nhật." in body
    assert official.post("/accounts/profile/", {"phone": "0912345678"}).status_code == 403
