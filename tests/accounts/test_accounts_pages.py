"""The pages that change accounts: an agency administrator opens, edits, re-roles,
re-passwords and closes officials' accounts; citizens and businesses register; anyone
changes their password; the administration site only looks and calls the services."""

from accounts_data import CITIZEN_ID, PASSWORD, TAX_CODE, post_login

from egov.accounts.models import Official, Role, User
from egov.core.models import AuditEntry


def text(response) -> str:
    return response.content.decode()


def test_agency_admin_opens_an_account(web_as, units_a):
    client = web_as("a_agency_admin")
    form = client.get("/accounts/officials/new/")
    assert form.status_code == 200
    body = text(form)
    assert "Thêm cán bộ" in body and "Sở Thông tin và Truyền thông" in body
    assert 'value="system_admin"' not in body  # not the agency administrator's to grant
    response = client.post("/accounts/officials/new/", {
        "username": "Tran.Thi.Moi", "full_name": "Trần Thị Mới", "email": "moi@travinh.gov.vn",
        "phone": "0912345678", "unit": units_a["VP"].pk, "position": "Văn thư",
        "roles": ["clerk"], "password": PASSWORD,
    })
    official = Official.objects.get(user__username="tran.thi.moi")
    assert response.status_code == 302
    assert response.url == f"/accounts/officials/{official.pk}/"
    assert official.role_set == {Role.CLERK} and official.unit == units_a["VP"]
    assert "Đã tạo tài khoản tran.thi.moi." in text(client.get(response.url))


def test_open_account_form_shows_vietnamese_errors_and_saves_nothing(web_as, unit_b):
    client = web_as("a_agency_admin")
    before = User.objects.count()
    response = client.post("/accounts/officials/new/", {
        "username": "a.clerk", "full_name": "", "email": "sai", "phone": "0112345678",
        "unit": unit_b.pk, "position": "", "roles": [], "password": "ngan",
    })
    assert response.status_code == 200
    body = text(response)
    assert "Trường này là bắt buộc." in body  # full name: the form's own check
    assert "Chọn ít nhất một vai trò." in body
    # The unit of another agency is not even offered.
    assert "Hãy chọn một lựa chọn hợp lệ." in body
    assert User.objects.count() == before
    response = client.post("/accounts/officials/new/", {
        "username": "a.clerk", "full_name": "Trần Văn Trùng", "email": "sai",
        "phone": "0112345678", "roles": ["clerk"], "password": "ngan",
    })
    body = text(response)
    for message in ["Tên đăng nhập này đã có người dùng.", "Nhập địa chỉ thư điện tử hợp lệ.",
                    "Đây không phải số di động hay số cố định của Việt Nam.",
                    "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."]:
        assert message in body
    assert User.objects.count() == before


def test_edit_roles_password_and_deactivate(web_as, people, units_a, log_in, client):
    admin = web_as("a_agency_admin")
    target = people["a_specialist"].official
    url = f"/accounts/officials/{target.pk}/"
    page = admin.get(url)
    assert "Lưu vai trò" in text(page) and "Vô hiệu hóa tài khoản" in text(page)

    response = admin.post(url, {"full_name": "Phạm Văn Sửa", "email": "sua@travinh.gov.vn",
                                "phone": "", "unit": units_a["TTra"].pk, "position": "CV"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.user.full_name, target.unit) == ("Phạm Văn Sửa", units_a["TTra"])
    bad = admin.post(url, {"full_name": "X", "email": "a.clerk@travinh.gov.vn"})
    assert bad.status_code == 400
    assert "Địa chỉ thư điện tử này đã được một cán bộ khác sử dụng." in text(bad)

    assert admin.post(f"{url}roles/", {"roles": ["specialist", "inspector"]}).status_code == 302
    assert Official.objects.get(pk=target.pk).role_set == {Role.SPECIALIST, Role.INSPECTOR}
    bad = admin.post(f"{url}roles/", {})
    assert bad.status_code == 400 and "Chọn ít nhất một vai trò." in text(bad)

    bad = admin.post(f"{url}password/", {"new_password": "Moi-Mat-Khau-1",
                                         "new_password2": "Khac-Han-1"})
    assert "Hai lần nhập mật khẩu mới không khớp nhau." in text(bad)
    assert admin.post(f"{url}password/", {"new_password": "Moi-Mat-Khau-1",
                                          "new_password2": "Moi-Mat-Khau-1"}).status_code == 302
    assert log_in(client, "a.specialist", "Moi-Mat-Khau-1")

    assert admin.post(f"{url}deactivate/", {"reason": "Chuyển công tác"}).status_code == 302
    assert not Official.objects.get(pk=target.pk).is_active
    page = admin.get(url)
    assert "Đã vô hiệu hóa" in text(page) and "Kích hoạt lại tài khoản" in text(page)
    again = admin.post(f"{url}deactivate/", {})
    assert "Tài khoản này đã bị vô hiệu hóa." in text(admin.get(again.url))
    assert admin.post(f"{url}reactivate/").status_code == 302
    assert Official.objects.get(pk=target.pk).is_active


def test_own_account_page_has_no_deactivate_button(web_as, people):
    admin = web_as("a_agency_admin")
    page = admin.get(f"/accounts/officials/{people['a_agency_admin'].official.pk}/")
    assert "Vô hiệu hóa tài khoản" not in text(page)


def test_system_admin_picks_the_agency(web_as, agency_b):
    client = web_as("sysadmin")
    body = text(client.get(f"/accounts/officials/?agency={agency_b.pk}"))
    assert "Cán bộ của Sở Tư pháp" in body and "b.specialist" in body and "a.clerk" not in body
    form = client.get(f"/accounts/officials/new/?agency={agency_b.pk}")
    assert "Sở Tư pháp" in text(form) and 'value="system_admin"' in text(form)
    assert client.get("/accounts/officials/?agency=999999").status_code == 404
    assert client.get("/accounts/officials/?agency=abc").status_code == 404


def test_citizen_registers_on_the_page(client, db):
    page = client.get("/accounts/register/")
    assert "Đăng ký tài khoản công dân" in text(page)
    response = client.post("/accounts/register/", {
        "full_name": "Lê Thị Hoa", "citizen_id": "084190000002", "phone": "0912000222",
        "email": "", "address": "", "password": PASSWORD, "password2": PASSWORD,
    })
    assert response.status_code == 302 and response.url == "/accounts/home/"
    home = text(client.get("/accounts/home/"))
    assert "Đã tạo tài khoản. Bạn đăng nhập bằng số căn cước công dân." in home
    assert "Hồ sơ của tôi" in home


def test_citizen_registration_errors(client, people):
    before = User.objects.count()
    response = client.post("/accounts/register/", {
        "full_name": "Trùng", "citizen_id": CITIZEN_ID, "phone": "0912000222",
        "password": PASSWORD, "password2": PASSWORD + "x",
    })
    assert "Hai lần nhập mật khẩu không khớp nhau." in text(response)
    response = client.post("/accounts/register/", {
        "full_name": "Trùng", "citizen_id": CITIZEN_ID, "phone": "0912000222",
        "password": PASSWORD, "password2": PASSWORD,
    })
    assert "Đã có tài khoản với số căn cước công dân này." in text(response)
    assert User.objects.count() == before


def test_business_registers_on_the_page(client, db):
    response = client.post("/accounts/register/business/", {
        "name": "Công ty TNHH Phần mềm Trà Vinh", "tax_code": "0100109107",
        "phone": "02943855123", "email": "lienhe@example.com", "password": PASSWORD,
        "password2": PASSWORD,
    })
    assert "Chữ số kiểm tra của mã số thuế không đúng." in text(response)
    response = client.post("/accounts/register/business/", {
        "name": "Công ty TNHH Phần mềm Trà Vinh", "tax_code": TAX_CODE,
        "phone": "02943855123", "email": "lienhe@example.com", "password": PASSWORD,
        "password2": PASSWORD,
    })
    assert response.status_code == 302
    assert User.objects.get(tax_code=TAX_CODE).kind == User.Kind.BUSINESS


def test_password_change_page(client, people):
    post_login(client, "a.clerk", PASSWORD)
    bad = client.post("/accounts/password/", {"old_password": "sai", "new_password": "Moi-2025-x",
                                              "new_password2": "Moi-2025-x"})
    assert "Mật khẩu hiện tại không đúng." in text(bad)
    ok = client.post("/accounts/password/", {"old_password": PASSWORD,
                                             "new_password": "Moi-Hon-2025",
                                             "new_password2": "Moi-Hon-2025"})
    assert ok.status_code == 302
    assert client.get("/accounts/home/").status_code == 200  # still logged in here
    assert User.objects.get(username="a.clerk").check_password("Moi-Hon-2025")


def test_admin_site_only_looks_and_calls_services(web_as, people):
    client = web_as("sysadmin")
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/accounts/official/").status_code == 200
    assert client.get("/admin/accounts/user/add/").status_code == 403
    target = people["a_clerk"].official
    response = client.post("/admin/accounts/official/", {
        "action": "deactivate", "_selected_action": [target.pk],
    })
    assert response.status_code == 302
    assert not Official.objects.get(pk=target.pk).is_active
    entry = AuditEntry.objects.get(action="accounts.official.deactivate")
    assert entry.actor == people["sysadmin"]
    assert web_as("a_agency_admin").get("/admin/accounts/user/").status_code == 302
