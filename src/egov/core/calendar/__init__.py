"""The working-day calendar (lịch ngày làm việc). Every deadline is counted here::

    from egov.core.calendar import add_working_days, working_days_between

The functions live in ``egov.core.calendar.selectors``; they are looked up lazily so
that importing this package (as ``egov.core.models`` does) does not need the app
registry.
"""

from typing import Any

__all__ = ["add_working_days", "is_working_day", "next_working_day", "working_days_between"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from egov.core.calendar import selectors

        return getattr(selectors, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
