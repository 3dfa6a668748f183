"""What the document services share: collecting field errors, permission refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError


class Errors:
    """Collects field errors so one answer names everything that is wrong."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: Any) -> None:
        self.errors.setdefault(field, []).append(str(message))

    def check(self, field: str, validator: Callable[[Any], Any], value: Any) -> Any:
        """Run ``validator``; record its messages under ``field``; return its result."""
        try:
            return validator(value)
        except ValidationError as exc:
            messages = exc.message_dict.get(field, exc.messages) if hasattr(
                exc, "error_dict") else exc.messages
            for message in messages:
                self.add(field, message)
            return None

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def invalid(fields: dict[str, Any]) -> None:
    """Raise the ValidationError of a few fields at once."""
    raise ValidationError({field: [str(message)] for field, message in fields.items()})


def require(allowed: bool) -> None:
    """Refuse an actor who may not do this (403 in the API and on pages)."""
    if not allowed:
        raise PermissionDenied


def text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
