"""Page forms. They check the shape of what was typed; the services decide the rest and
their field messages are put back on the form (``apply_errors``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.accounts import selectors
from egov.accounts.models import Role
from egov.accounts.permissions import can_grant_role
from egov.organizations.models import Agency, Unit


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form
    has that field, otherwise at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is wrong. After %(limit)s failed attempts in a row "
            "the account is locked for %(minutes)s minutes."
        ),
        "inactive": _("This account has been deactivated. Ask your agency administrator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["username"].help_text = _(
            "Citizens: your 12-digit citizen ID. Businesses: your tax code."
        )
        self.fields["password"].label = _("Password")

    def get_invalid_login_error(self) -> ValidationError:
        return ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": selectors.failure_limit(), "minutes": selectors.cool_off_minutes()},
        )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code"), max_length=6, min_length=6,
        error_messages={"required": _("Enter the six-digit code."),
                        "min_length": _("The code has six digits."),
                        "max_length": _("The code has six digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "pattern": "[0-9]{6}"}),
    )


class PasswordSetForm(forms.Form):
    new_password = forms.CharField(label=_("New password"), strip=False,
                                   widget=forms.PasswordInput(
                                       attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=_("New password again"), strip=False,
                                    widget=forms.PasswordInput(
                                        attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("The two new passwords differ."))
        return data


class PasswordChangeForm(PasswordSetForm):
    """Setting a new password, proving the current one first."""

    old_password = forms.CharField(label=_("Current password"), strip=False,
                                   widget=forms.PasswordInput(
                                       attrs={"autocomplete": "current-password"}))
    field_order = ["old_password", "new_password", "new_password2"]


class OfficialForm(forms.Form):
    """Create (with user name, roles and password) or edit an official of ``agency``.
    Only roles ``actor`` may grant are offered: an agency administrator cannot hand out
    the system administrator role."""

    username = forms.CharField(label=_("User name"), max_length=150,
                               help_text=_("For example giamdoc.stttt"))
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.CharField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(),
                                  required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    roles = forms.MultipleChoiceField(label=_("Roles"), choices=Role.choices,
                                      widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": _("Choose at least one role.")})
    password = forms.CharField(
        label=_("Initial password"), strip=False, required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to set it later; the account cannot log in until then."),
    )

    def __init__(self, *args: Any, actor: Any, agency: Agency, creating: bool,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.valid_on(timezone.localdate()).filter(
            agency=agency
        )
        self.fields["roles"].choices = [
            (value, label) for value, label in Role.choices if can_grant_role(actor, value)
        ]
        if not creating:
            del self.fields["username"]
            del self.fields["password"]
            del self.fields["roles"]


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label=_("Roles"), choices=Role.choices,
                                      widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": _("Choose at least one role.")})

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [
            (value, label) for value, label in Role.choices if can_grant_role(actor, value)
        ]


class DeactivateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class _SelfRegisterForm(forms.Form):
    """Contact details and the password twice, as both self-registrations ask them."""

    phone = forms.CharField(label=_("Phone"), max_length=20)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(
                                    attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class CitizenRegisterForm(_SelfRegisterForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    citizen_id = forms.CharField(label=_("Citizen ID (CCCD)"), max_length=20,
                                 help_text=_("12 digits, as on your citizen identity card."))
    field_order = ["full_name", "citizen_id", "phone", "email", "address", "password",
                   "password2"]


class BusinessRegisterForm(_SelfRegisterForm):
    name = forms.CharField(label=_("Business name"), max_length=150)
    tax_code = forms.CharField(label=_("Tax code"), max_length=20,
                               help_text=_("10 digits, or 13 written as 10-3 for a branch."))
    # A business is reached by e-mail: it is required here.
    email = forms.CharField(label=_("E-mail"), max_length=254)
    field_order = ["name", "tax_code", "phone", "email", "address", "password", "password2"]


class ProfileForm(forms.Form):
    phone = forms.CharField(label=_("Phone"), max_length=20)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
