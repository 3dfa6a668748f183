"""The processing steps a dossier follows, from its procedure version.

Step 0 is always the intake at the one-stop desk: the version's first step when it is
a desk step, otherwise one of no time added in front. The last step is the one whose
official approves (or declines) the result. A version without steps gets the usual
chain of specialist, head of unit and director.

A step has a share of the time limit in working days (``0.5``, ``8``); its due date is
that many working days after it started, rounded up to a whole day: the calendar counts
days, and half a day of a morning's intake ends that day's next working day at latest.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from egov.core.calendar.selectors import add_working_days
from egov.organizations.models import Unit
from egov.procedures.models import ProcedureVersion, ProcessingStep

Role = ProcessingStep.Role


@dataclass(frozen=True)
class StepSpec:
    index: int
    name: str
    role: str
    unit_short_name: str
    days: Decimal

    def due_date(self, start: dt.date) -> dt.date:
        return add_working_days(start, math.ceil(self.days))


def _default_chain(limit: int) -> list[tuple[str, str, str, Decimal]]:
    director = max(Decimal("0.5"), (Decimal(limit) * Decimal("0.1")).quantize(Decimal("0.1")))
    head = max(Decimal("0.5"), (Decimal(limit) * Decimal("0.15")).quantize(Decimal("0.1")))
    return [
        (_("Examine the dossier"), Role.SPECIALIST, "", Decimal(limit) - director - head),
        (_("Review and submit for signature"), Role.HEAD, "", head),
        (_("Approve and sign the result"), Role.DIRECTOR, "", director),
    ]


def steps_of(version: ProcedureVersion) -> list[StepSpec]:
    rows = [(s.name, s.role, s.unit_short_name, s.days) for s in version.steps.all()]
    if not rows:
        rows = _default_chain(version.time_limit_days)
    if rows[0][1] != Role.DESK:
        rows.insert(0, (_("Receive the dossier"), Role.DESK, "", Decimal(0)))
    if len(rows) < 2:
        rows += _default_chain(version.time_limit_days)
    return [StepSpec(i, name, role, unit, Decimal(days))
            for i, (name, role, unit, days) in enumerate(rows)]


def unit_for(step: StepSpec, agency_id: int, on: dt.date) -> Unit | None:
    """The agency's unit named by the step, as it exists on ``on``; None for a step that
    names no unit (any official of the role in the agency)."""
    if not step.unit_short_name:
        return None
    return (Unit.objects.valid_on(on)
            .filter(agency_id=agency_id, short_name=step.unit_short_name).first())
