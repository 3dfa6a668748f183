"""The API's shared plumbing: the OpenAPI schema, its docs served without a CDN, and one
error body (code + Vietnamese message) for every failure."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.management import call_command
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from drf_spectacular.validation import validate_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from egov.core import views as core_views
from egov.core.errors import Conflict

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_vietnamese():
    # The platform's default language. Django's locale middleware leaves the language of
    # a test's last request active in this thread, so do not inherit it.
    with translation.override("vi"):
        yield


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


class TestSchema:
    def test_the_schema_is_a_valid_openapi_3_document(self, schema):
        validate_schema(schema)  # raises on any violation of the OpenAPI 3 JSON schema
        assert schema["openapi"].startswith("3.")
        assert schema["info"]["title"] == "egov API"

    def test_every_path_is_under_api_v1(self, schema):
        assert schema["paths"], "the API exposes no path"
        assert [p for p in schema["paths"] if not p.startswith("/api/v1/")] == []

    def test_the_schema_builds_without_warnings(self, tmp_path):
        # The contract of the project: every app annotates its API for drf-spectacular.
        call_command("spectacular", "--validate", "--fail-on-warn",
                     "--file", str(tmp_path / "openapi.yaml"))
        assert (tmp_path / "openapi.yaml").read_text().startswith("openapi: 3")


class TestDocs:
    def test_swagger_ui_renders_from_local_files_only(self, client):
        response = client.get("/api/docs/")
        assert response.status_code == 200
        html = response.content.decode()
        assert '<div id="swagger-ui"></div>' in html
        assert "/api/schema/" in html
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert assets
        assert [a for a in assets if a.startswith(("http:", "https:", "//"))] == []
        for asset in assets:
            assert asset.startswith("/static/drf_spectacular_sidecar/"), asset
            assert client.get(asset).status_code == 200, asset


def list_paths(schema: dict) -> list[str]:
    """GET addresses without parameters that the schema says need a logged-in caller
    (drf-spectacular lists ``{}`` among the security schemes when anyone may call)."""
    return [
        path for path, ops in schema["paths"].items()
        if "{" not in path and "get" in ops and {} not in ops["get"].get("security", [{}])
    ]


class TestUnauthenticated:
    def test_every_closed_endpoint_refuses_an_anonymous_caller_in_vietnamese(
        self, client, schema
    ):
        paths = list_paths(schema)
        assert paths, "no GET endpoint without parameters to try"
        for path in paths:
            response = client.get(path)
            assert response.status_code in (401, 403), path
            assert response.json() == {
                "code": "not_authenticated",
                "message": "Bạn cần đăng nhập để sử dụng chức năng này.",
            }, path

    def test_the_message_follows_the_requested_language(self, client, schema):
        path = list_paths(schema)[0]
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.json()["message"] == "You need to log in to use this function."
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="km")
        assert response.json()["message"] == "អ្នកត្រូវចូលប្រព័ន្ធ ដើម្បីប្រើមុខងារនេះ។"

    def test_wrong_basic_credentials_are_refused(self, client, schema):
        path = list_paths(schema)[0]
        response = client.get(path, HTTP_AUTHORIZATION="Basic bm9ib2R5Om5vdGhpbmc=")
        assert response.status_code in (401, 403)
        assert response.json() == {
            "code": "authentication_failed",
            "message": "Tên đăng nhập hoặc mật khẩu không đúng.",
        }


class _Input(serializers.Serializer):
    quantity = serializers.IntegerField(max_value=10)
    name = serializers.CharField(max_length=5)


class _Raising(APIView):
    """A view that fails the way the platform's views fail."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    failure: Exception | None = None

    def get(self, request):
        raise self.failure

    def post(self, request):
        _Input(data=request.data).is_valid(raise_exception=True)
        raise AssertionError("not reached")


def answer(failure: Exception | None = None, method: str = "get", data=None, lang="vi"):
    factory = APIRequestFactory()
    request = getattr(factory, method)(
        "/api/v1/things/", data, format="json", HTTP_ACCEPT_LANGUAGE=lang
    )

    with translation.override(lang):
        response = _Raising.as_view(failure=failure)(request)
        response.render()
    return response.status_code, json.loads(response.content)


class TestErrorBody:
    def test_a_django_404_becomes_a_json_404(self):
        assert answer(Http404("No Dossier matches the given query.")) == (
            404, {"code": "not_found", "message": "Không tìm thấy."},
        )

    def test_a_view_may_say_what_was_not_found(self):
        assert answer(exceptions.NotFound("Không có hồ sơ H59.22-171103-0001.")) == (
            404, {"code": "not_found", "message": "Không có hồ sơ H59.22-171103-0001."},
        )

    def test_permission_denied_uses_the_general_message_or_the_views_reason(self):
        assert answer(DjangoPermissionDenied()) == (
            403, {"code": "forbidden", "message": "Bạn không có quyền thực hiện thao tác này."},
        )
        assert answer(exceptions.PermissionDenied("Chỉ văn thư được cấp số.")) == (
            403, {"code": "forbidden", "message": "Chỉ văn thư được cấp số."},
        )

    def test_a_conflict_is_a_409_with_its_own_code(self):
        assert answer(Conflict("Hồ sơ đã được trả kết quả.", code="dossier_closed")) == (
            409, {"code": "dossier_closed", "message": "Hồ sơ đã được trả kết quả."},
        )

    def test_a_service_validation_error_names_its_fields(self):
        failure = DjangoValidationError({"reason": ["Cần nêu lý do hủy số."]})
        assert answer(failure) == (400, {
            "code": "invalid", "message": "Yêu cầu có dữ liệu không hợp lệ.",
            "fields": {"reason": ["Cần nêu lý do hủy số."]},
        })

    def test_a_validation_error_without_fields(self):
        assert answer(DjangoValidationError("Ngày hẹn trả không hợp lệ.")) == (400, {
            "code": "invalid", "message": "Yêu cầu có dữ liệu không hợp lệ.",
            "fields": {"non_field_errors": ["Ngày hẹn trả không hợp lệ."]},
        })

    def test_serializer_field_errors_are_in_vietnamese(self):
        assert answer(method="post", data={"quantity": "mười", "name": "quá dài"}) == (400, {
            "code": "invalid", "message": "Yêu cầu có dữ liệu không hợp lệ.",
            "fields": {
                "quantity": ["Cần nhập một số nguyên hợp lệ."],
                "name": ["Trường này không được dài quá 5 ký tự."],
            },
        })
        assert answer(method="post", data={})[1]["fields"] == {
            "quantity": ["Trường này là bắt buộc."], "name": ["Trường này là bắt buộc."],
        }

    def test_in_english_when_asked(self):
        assert answer(Http404(), lang="en") == (404, {"code": "not_found", "message": "Not found."})

    def test_a_request_that_cannot_be_parsed(self):
        assert answer(exceptions.ParseError("JSON parse error - Expecting value")) == (
            400, {"code": "malformed_request", "message": "Không đọc được yêu cầu."},
        )

    def test_a_method_not_allowed(self):
        status, body = answer(method="delete")
        assert (status, body) == (405, {
            "code": "method_not_allowed",
            "message": "Phương thức này không được phép tại địa chỉ này.",
        })

    def test_throttled(self):
        assert answer(exceptions.Throttled(wait=30)) == (
            429, {"code": "throttled", "message": "Quá nhiều yêu cầu. Vui lòng thử lại sau."},
        )


class TestErrorHandlers:
    """``handler404`` and friends: JSON under /api/, pages elsewhere."""

    def test_an_unknown_api_address_gets_a_json_404(self):
        request = RequestFactory().get("/api/v1/no-such-thing/")
        response = core_views.page_not_found(request, Http404())
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert json.loads(response.content) == {"code": "not_found", "message": "Không tìm thấy."}

    def test_an_unknown_page_gets_the_vietnamese_404_page(self, client):
        request = RequestFactory().get("/no-such-page/")
        request.user = AnonymousUser()
        response = core_views.page_not_found(request, Http404())
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.content.decode()

    def test_an_api_server_error_is_json(self):
        response = core_views.server_error(RequestFactory().get("/api/v1/things/"))
        assert response.status_code == 500
        assert json.loads(response.content) == {
            "code": "server_error",
            "message": "Đã xảy ra lỗi ngoài dự kiến. Lỗi đã được ghi lại; vui lòng thử lại sau.",
        }

    def test_a_page_server_error_is_the_standalone_page(self):
        response = core_views.server_error(RequestFactory().get("/accounts/home/"))
        assert response.status_code == 500
        assert "Lỗi máy chủ" in response.content.decode()

    def test_api_forbidden_and_bad_request_are_json(self):
        request = RequestFactory().get("/api/v1/things/")
        forbidden = core_views.permission_denied(request, DjangoPermissionDenied())
        bad = core_views.bad_request(request, Exception())
        assert (forbidden.status_code, json.loads(forbidden.content)["code"]) == (403, "forbidden")
        assert (bad.status_code, json.loads(bad.content)["code"]) == (400, "malformed_request")


def test_health_check_answers_ok(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
