from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from egov.api import errors as api_errors


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "core/index.html")


def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: 200 when this node can reach its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


# The project's error handlers (``handler404`` … in egov/urls.py): pages for people,
# the API's JSON body for addresses under /api/ that no view answered.
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return api_errors.not_found(request)
    return defaults.page_not_found(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return api_errors.json_error(
            request, "forbidden", _("You do not have permission to do this."), 403
        )
    return defaults.permission_denied(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return api_errors.json_error(
            request, "malformed_request", _("The request could not be read."), 400
        )
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return api_errors.server_error(request)
    return defaults.server_error(request)
