"""The dashboard's filter: period, agency, and the indicator drawn in the charts."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.indicators import registry, selectors
from egov.indicators.permissions import home_agency, sees_whole_province
from egov.organizations.models import Agency

# The figure the charts show unless asked for another: the first of these that exists.
CHART_DEFAULTS = ["dossiers.received", "documents.incoming", "certificates.issued"]


def default_period() -> tuple[dt.date, dt.date]:
    """From the first of January of this year to today."""
    today = timezone.localdate()
    return dt.date(today.year, 1, 1), today


def default_chart() -> str:
    codes = [i.code for i in registry.all_indicators()]
    return next((c for c in CHART_DEFAULTS if c in codes), codes[0])


def visible_agencies(user: Any, on: dt.date) -> list[Agency]:
    """The agencies the user may pick: all in operation on ``on``, or their own with the
    agencies under it."""
    agencies = Agency.objects.valid_on(on)
    if not sees_whole_province(user):
        own = home_agency(user)
        if own is None:
            return []
        agencies = agencies.filter(pk__in=selectors.agency_subtree_ids(own, on))
    return list(agencies.order_by("code"))


class FilterForm(forms.Form):
    def __init__(self, data: Any = None, *, user: Any) -> None:
        super().__init__(data)
        start, end = default_period()
        self.fields["from"] = forms.DateField(
            label=pgettext_lazy("start of a period", "From"), initial=start,
            widget=forms.DateInput(attrs={"type": "date"}))
        self.fields["to"] = forms.DateField(
            label=pgettext_lazy("end of a period", "To"), initial=end,
            widget=forms.DateInput(attrs={"type": "date"}))
        on = end
        if data is not None:
            with contextlib.suppress(ValueError):
                on = dt.date.fromisoformat(str(data.get("to", "")))
        choices = [(a.code, f"{a.name} ({a.code})") for a in visible_agencies(user, on)]
        own = home_agency(user)
        if sees_whole_province(user):
            choices.insert(0, ("", _("The whole province")))
        self.fields["agency"] = forms.ChoiceField(
            label=_("Agency"), choices=choices, required=False,
            initial=own.code if own is not None else "")
        self.fields["chart"] = forms.ChoiceField(
            label=_("Indicator in the charts"), required=False, initial=default_chart(),
            choices=[(i.code, str(i.name)) for i in registry.all_indicators()])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            data["selection"] = selectors.select(
                start=data["from"], end=data["to"], agency=data.get("agency") or None)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return data
