"""Reading dates typed by people: ISO (2018-02-09) or the Vietnamese way (09/02/2018)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DATE_INPUT_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def parse_date(text: str) -> dt.date:
    value = text.strip()
    for fmt in DATE_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        _("“%(value)s” is not a date; write it as YYYY-MM-DD or DD/MM/YYYY.")
        % {"value": text},
        code="invalid_date",
    )


def parse_day_count(text: str) -> int:
    value = text.strip()
    if not (value.isascii() and value.isdigit()):
        raise ValidationError(
            _("“%(value)s” is not a number of days; give a whole number, 0 or more.")
            % {"value": text},
            code="invalid_days",
        )
    return int(value)
