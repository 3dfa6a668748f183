"""Officials who turned on the second factor must pass it before anything else."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_KEY = "egov_second_factor_passed"
# Paths a half-logged-in official may still reach.
_OPEN_PREFIXES = ("/accounts/totp/", "/accounts/logout/", "/static/", "/i18n/")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.totp_enabled
            and not request.session.get(SESSION_KEY)
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "second_factor_required",
                     "message": _("Enter the code from your authenticator app first.")},
                    status=403,
                )
            return redirect(f"{reverse('accounts:totp_verify')}?next={request.get_full_path()}")
        return self.get_response(request)
