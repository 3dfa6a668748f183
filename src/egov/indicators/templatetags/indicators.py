"""``{{ value|figure:indicator }}``: a figure as Vietnamese readers write it (7.582;
13,41 %); ``{{ change|signed_figure:indicator }}`` with its sign."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from egov.indicators.base import Indicator, Number, Unit

register = template.Library()


def _format(value: Number, indicator: Indicator, signed: bool) -> str:
    if value is None:
        return "—"
    percent = indicator.unit == Unit.PERCENT
    text = number_format(abs(value) if signed else value, 2 if percent else None,
                         force_grouping=True)
    if signed:
        text = ("+" if value > 0 else "−" if value < 0 else "±") + text
    if percent and signed:
        # A change of a share is in percentage points.
        return _("%(value)s percentage points") % {"value": text}
    return f"{text} %" if percent else text


@register.filter
def figure(value: Number, indicator: Indicator) -> str:
    return _format(value, indicator, signed=False)


@register.filter
def signed_figure(value: Number, indicator: Indicator) -> str:
    return _format(value, indicator, signed=True)


@register.filter
def signed_percent(value: float | None) -> str:
    if value is None:
        return ""
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{number_format(abs(value), 1)} %"
