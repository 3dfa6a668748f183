import pytest
from django.contrib.auth import get_user_model

from egov.accounts.models import User


def test_catalogue_page_is_public_and_searches(client, procedure):
    response = client.get("/thu-tuc/", {"q": "xuat ban"})
    assert response.status_code == 200
    assert "Tìm thấy 1 thủ tục" in response.text
    assert "Cấp giấy phép xuất bản tài liệu không kinh doanh" in response.text
    response = client.get("/thu-tuc/", {"q": "khong co gi"})
    assert "Cấp giấy phép xuất bản" not in response.text


def test_detail_page_lists_papers_and_steps(client, procedure):
    response = client.get("/thu-tuc/1.003868/")
    assert response.status_code == 200
    assert "Bản thảo" in response.text
    assert "10 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ" in response.text
    assert 'href="/ho-so/nop/1.003868/"' in response.text
    assert "Sở Thông tin và Truyền thông" in response.text
    assert client.get("/thu-tuc/9.999/").status_code == 404


def test_api_lists_publicly(client, procedure):
    response = client.get("/api/v1/procedures/", {"q": "giay phep"})
    assert response.status_code == 200
    assert response.json()["results"][0]["code"] == "1.003868"
    detail = client.get("/api/v1/procedures/1.003868/").json()
    assert detail["versions"][0]["time_limit_days"] == 10
    missing = client.get("/api/v1/procedures/0.0/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


@pytest.mark.parametrize("superuser", [False, True])
def test_only_system_admins_import(client, stttt, superuser):
    model: type[User] = get_user_model()
    user = model.objects.create_user("u", password="x", is_superuser=superuser)
    client.force_login(user)
    record = {"code": "1.000009", "agency": "000.00.31.H59",
              "field": {"code": "XB", "name": "Xuất bản"}, "versions": []}
    response = client.post("/api/v1/procedures/import/", [record], content_type="application/json")
    if superuser:
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
