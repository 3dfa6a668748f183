"""Page forms. They parse input; the services decide what is valid (``apply_errors``
puts a service's ``ValidationError`` on the form's fields)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from egov.organizations.models import Agency, Unit


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search by name, short name or identifier"), required=False,
                        max_length=100)
    on = forms.DateField(label=_("In operation on"), required=False, widget=_DateInput())


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    short_name = forms.CharField(
        label=_("Short name"), max_length=20, required=False,
        help_text=_("As written in document symbols, e.g. VP or TTra."),
    )
    parent = forms.ModelChoiceField(label=_("Part of unit"), queryset=Unit.objects.none(),
                                    required=False)

    def __init__(self, *args: object, agency: Agency, exclude: Unit | None = None,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        parents = agency.units.valid_on(dt.date.today()).order_by("name")
        if exclude is not None:
            parents = parents.exclude(pk=exclude.pk)
        self.fields["parent"].queryset = parents


class UnitCreateForm(UnitForm):
    valid_from = forms.DateField(label=_("In operation from"), widget=_DateInput())


class CloseForm(forms.Form):
    valid_to = forms.DateField(label=_("No longer in operation from"), widget=_DateInput(),
                               help_text=_("The first day on which it no longer operates."))
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
