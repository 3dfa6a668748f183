"""Officials who turned the second factor on must pass it before anything else."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

SESSION_KEY = "egov_second_factor_passed"
# Prefixes a half-logged-in official may still reach: static files and the language switch.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/jsi18n/")


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
            and not self._is_open(request.path)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "second_factor_required",
                     "message": _("Enter the code from your authenticator app first.")},
                    status=403,
                )
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:totp_verify')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        # The code page itself and logging out; the set-up page is NOT open: turning the
        # factor off from there must not be possible with the password alone.
        return path in (reverse("accounts:totp_verify"), reverse("accounts:logout")) or (
            path.startswith(_OPEN_PREFIXES)
        )
