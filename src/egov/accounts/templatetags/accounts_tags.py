import datetime as dt

from django import template

register = template.Library()


@register.filter
def minutes(value: dt.timedelta | None) -> int:
    """Whole minutes of a duration (the lockout cool-off)."""
    return int(value.total_seconds() // 60) if value else 0
