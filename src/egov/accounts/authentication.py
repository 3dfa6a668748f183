"""API authentication with the same rules as the log-in page.

HTTP Basic goes through django-axes like the form does (Django's ``authenticate``), so
failures count towards the lockout; this class adds what the form shows a person: a
locked account is told it is locked, and an account with the second factor on may not
use Basic at all (a password alone would get around the code). Such accounts use the
API from a logged-in session.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, status

from egov.accounts import selectors


class AccountLocked(exceptions.APIException):
    """Answered like the log-in page answers a locked account: 429 with a reason."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "account_locked"
    default_detail = ""


class SecondFactorRequired(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "second_factor_required"
    default_detail = ""


class BasicAuthentication(authentication.BasicAuthentication):
    def authenticate_credentials(self, userid: str, password: str, request: Any = None) -> Any:
        credentials = {"username": userid}
        if request is not None and not AxesProxyHandler.is_allowed(request, credentials):
            raise AccountLocked(_locked_message())
        try:
            user, auth = super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            if request is not None and getattr(request, "axes_locked_out", False):
                raise AccountLocked(_locked_message()) from None
            raise exceptions.AuthenticationFailed(
                _("The user name or password is wrong.")
            ) from None
        if user.totp_enabled:
            raise SecondFactorRequired(
                _("This account has the second factor on: log in on the web page and use "
                  "the API from that session.")
            )
        return user, auth


def _locked_message() -> str:
    return _(
        "The account is locked after %(limit)s failed log-in attempts. Try again in "
        "%(minutes)s minutes or ask your administrator to unlock it."
    ) % {"limit": selectors.failure_limit(), "minutes": selectors.cool_off_minutes()}


# The classes the accounts API uses; the project's REST_FRAMEWORK setting should name the
# same (SessionAuthentication, then this BasicAuthentication).
API_AUTHENTICATION = [authentication.SessionAuthentication, BasicAuthentication]


class BasicAuthenticationScheme(OpenApiAuthenticationExtension):
    """Shows this class in the OpenAPI schema as the plain HTTP Basic it is."""

    target_class = BasicAuthentication
    # Not "basicAuth": that name belongs to DRF's own class, still used by other views.
    name = "egovBasicAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "basic"}
