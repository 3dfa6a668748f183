from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from egov.core.context import acting_as


def client_ip(request: HttpRequest) -> str | None:
    # Never X-Forwarded-For, which any client can write. Behind the load balancer,
    # gunicorn sets REMOTE_ADDR from the PROXY protocol (docs/operations.md).
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        with acting_as(user if user is not None and user.is_authenticated else None,
                       client_ip(request)):
            return self.get_response(request)
