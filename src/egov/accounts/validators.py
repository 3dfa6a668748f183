from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy


class CharacterClassValidator:
    """A password mixes at least three of: lower case, upper case, digits, symbols."""

    def validate(self, password: str, user: Any = None) -> None:
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < 3:
            raise ValidationError(
                _("The password must mix at least three of: lower-case letters, upper-case "
                  "letters, digits and symbols."),
                code="password_character_classes",
            )

    def get_help_text(self) -> str:
        return _("Mix at least three of: lower-case letters, upper-case letters, digits, symbols.")


# Django 5.2 rewrote the too-short message (``%d`` for ``%(min_length)d``) and its
# Vietnamese catalogue still has only the old one. Named here so that makemessages puts
# the new one in this app's catalogue, which translates it.
DJANGO_PASSWORD_MESSAGES = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]
