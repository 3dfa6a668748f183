"""Every API error has the same body: a machine-readable ``code``, a ``message`` in the
request's language (Vietnamese unless asked otherwise) and, for invalid input, the
``fields`` that were wrong with their messages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from egov.core.errors import Conflict

# (exception class, code, the message when the view gave no message of its own).
# DRF's own texts are mostly untranslated in Vietnamese, so the general ones are ours.
_KINDS: list[tuple[type[exceptions.APIException], str, Promise]] = [
    (exceptions.ValidationError, "invalid", _("The request has invalid data.")),
    (exceptions.ParseError, "malformed_request", _("The request could not be read.")),
    (exceptions.AuthenticationFailed, "authentication_failed",
     _("The user name or password is wrong.")),
    (exceptions.NotAuthenticated, "not_authenticated",
     _("You need to log in to use this function.")),
    (exceptions.PermissionDenied, "forbidden", _("You do not have permission to do this.")),
    (exceptions.NotFound, "not_found", _("Not found.")),
    (exceptions.MethodNotAllowed, "method_not_allowed",
     _("This method is not allowed at this address.")),
    (exceptions.NotAcceptable, "not_acceptable",
     _("The response cannot be given in the format asked for.")),
    (exceptions.UnsupportedMediaType, "unsupported_media_type",
     _("The request's content type is not supported.")),
    (exceptions.Throttled, "throttled", _("Too many requests. Try again later.")),
]

# The field messages of DRF that API clients meet most. Listed here so that the
# project catalogue, which Django reads before DRF's own, carries their Vietnamese.
DRF_FIELD_MESSAGES = [
    gettext_noop("This field may not be null."),
    gettext_noop("Not a valid string."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("A valid integer is required."),
    gettext_noop("A valid number is required."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("Ensure that there are no more than {max_digits} digits in total."),
    gettext_noop("Ensure that there are no more than {max_decimal_places} decimal places."),
    gettext_noop("Datetime has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop("Expected a datetime but got a date."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop('Invalid pk "{pk_value}" - object does not exist.'),
    gettext_noop("Incorrect type. Expected pk value, received {data_type}."),
    gettext_noop("This field must be unique."),
    gettext_noop("The fields {field_names} must make a unique set."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("This value does not match the required pattern."),
    gettext_noop("The submitted data was not a file. Check the encoding type on the form."),
]


def _messages(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {str(k): _messages(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [_messages(v) for v in detail]
    return str(detail)


def _kind(exc: exceptions.APIException) -> tuple[str, Any]:
    for cls, code, message in _KINDS:
        if isinstance(exc, cls):
            # A view's own reason ("Only the clerk may issue a number") beats the general one.
            own = isinstance(exc, (exceptions.PermissionDenied, exceptions.NotFound)) and str(
                exc.detail
            ) != str(exc.default_detail)
            return code, str(exc.detail) if own else str(message)
    return exc.default_code, _messages(exc.detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Conflict):
        return Response(
            {"code": exc.code, "message": str(exc.message)}, status=status.HTTP_409_CONFLICT
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = {"code": "invalid", "message": gettext("The request has invalid data."),
                "fields": _messages(exc.detail if isinstance(exc.detail, dict)
                                    else {"non_field_errors": exc.detail})}
    else:
        code, message = _kind(exc)
        body = {"code": code, "message": message}
    response.data = body
    return response


def json_error(request: HttpRequest, code: str, message: str, status_code: int) -> JsonResponse:
    """The same body for answers that never reach DRF (an unknown address under /api/)."""
    return JsonResponse({"code": code, "message": message}, status=status_code,
                        json_dumps_params={"ensure_ascii": False})


def not_found(request: HttpRequest) -> JsonResponse:
    return json_error(request, "not_found", str(_("Not found.")), 404)


def server_error(request: HttpRequest) -> JsonResponse:
    return json_error(
        request, "server_error",
        gettext("An unexpected error occurred. It has been logged; try again later."), 500,
    )
