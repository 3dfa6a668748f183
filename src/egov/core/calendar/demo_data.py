"""The calendar part of the demo province: the Government's announced days that the
``holidays`` package lacks (see ``official.py``). Nothing invented: the demo counts
deadlines on the real calendar."""

from __future__ import annotations

from egov.core.calendar.services import calendar_official_days_load
from egov.core.demo import DemoContext


def load(ctx: DemoContext) -> None:
    declared, skipped = calendar_official_days_load(actor=None)
    ctx.write(f"  calendar: {declared} official days declared, {skipped} already present")
