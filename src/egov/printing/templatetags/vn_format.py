"""Template filters over ``egov.printing.vietnamese``: ``{% load vn_format %}``.

``{{ dossier.received_at|time_line }}``, ``{{ fee|money }}``, ``{{ fee|amount_in_words }}``,
``{{ issued_on|place_date:"Trà Vinh" }}``, ``{{ agency.name|vn_upper }}``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template

from egov.printing import vietnamese as vn

register = template.Library()


@register.filter
def vn_upper(value: str) -> str:
    return vn.upper(str(value))


@register.filter
def place_date(value: dt.date | None, place: str) -> str:
    return vn.place_date_line(place, value)


@register.filter
def date_words(value: dt.date | None) -> str:
    return vn.date_words(value)


@register.filter
def short_date(value: dt.date) -> str:
    return vn.short_date(value)


@register.filter
def time_line(value: dt.datetime) -> str:
    return vn.time_line(value)


@register.filter
def money(value: int | Decimal) -> str:
    return vn.money(value)


@register.filter
def group_digits(value: int | Decimal) -> str:
    return vn.group_digits(value)


@register.filter
def amount_in_words(value: int | Decimal) -> str:
    return vn.amount_in_words(value)


@register.filter
def number_in_words(value: int) -> str:
    return vn.number_in_words(value)


@register.filter
def document_number(value: int | None) -> str:
    return vn.document_number(value)
