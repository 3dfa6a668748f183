"""Many dossiers at once, for history that happened elsewhere: an import from an older
system (``egov import dossiers``) and the demo's year 2017.

The rows arrive checked (``egov.dossiers.importing`` checks a file); this service still
refuses what would break the register (a code taken twice, a code of the wrong agency or
day, dates out of order), writes everything in one transaction with ``bulk_create``,
takes the codes it must give from the numbering service, and leaves one audit entry
that says how many dossiers of which levels and channels came in, and from where.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts.permissions import is_system_admin
from egov.core import audit
from egov.core.numbering import daily_period, next_number
from egov.dossiers.models import Dossier, DossierEvent, Status
from egov.dossiers.services._common import local_date, require
from egov.dossiers.services.intake import code_key
from egov.organizations.models import Agency
from egov.procedures.models import Procedure, ProcedureVersion


@dataclass
class BulkEvent:
    """One move of an imported dossier, for its history and control sheet."""

    action: str
    at: dt.datetime
    from_status: str
    to_status: str
    actor_label: str = ""
    actor_id: int | None = None
    from_unit_id: int | None = None
    to_user_id: int | None = None
    to_unit_id: int | None = None
    to_role: str = ""
    step_index: int | None = None
    step_name: str = ""
    step_due_date: dt.date | None = None
    ended_step_index: int | None = None
    ended_step_result: str = ""
    ended_step_margin: int | None = None
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class BulkRow:
    procedure: Procedure
    version: ProcedureVersion
    agency: Agency
    channel: str
    status: str
    applicant_name: str
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    due_date: dt.date | None
    code: str = ""
    applicant_id: int | None = None
    applicant_id_number: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    applicant_address: str = ""
    original_due_date: dt.date | None = None
    finished_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None
    outcome: str = ""
    delivery: str = "desk"
    return_method: str = ""
    returned_to: str = ""
    closing_reason: str = ""
    paid_amount: int = 0
    paid_at: dt.datetime | None = None
    payment_reference: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    papers: list[dict[str, Any]] = field(default_factory=list)
    events: list[BulkEvent] = field(default_factory=list)


_CODE_RE = re.compile(r"^(?P<agency>\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(?P<day>\d{6})-\d{4}$")


def _check(rows: list[BulkRow], today: dt.date, labels: list[str] | None) -> list[str]:
    problems: list[str] = []
    given = Counter(row.code for row in rows if row.code)
    for number, row in enumerate(rows, start=1):
        where = labels[number - 1] if labels else _("dossier %(n)s") % {"n": number}
        day = local_date(row.received_at or row.submitted_at)
        if row.code:
            match = _CODE_RE.match(row.code)
            if match is None or match["agency"] != row.agency.code:
                problems.append(_("%(where)s: the code %(code)s is not this agency's "
                                  "<agency code>-YYMMDD-NNNN.")
                                % {"where": where, "code": row.code})
            elif match["day"] != daily_period(day) or day >= today:
                problems.append(_("%(where)s: the code %(code)s must carry the receipt "
                                  "date, which must be before today.")
                                % {"where": where, "code": row.code})
            if given[row.code] > 1:
                problems.append(_("%(where)s: the code %(code)s is repeated in the file.")
                                % {"where": where, "code": row.code})
        moments = [m for m in (row.submitted_at, row.received_at, row.finished_at,
                               row.returned_at) if m is not None]
        if moments != sorted(moments):
            problems.append(_("%(where)s: submitted, received, finished and returned must "
                              "follow each other in that order.") % {"where": where})
        if row.status not in Status.values or row.status == Status.DRAFT:
            problems.append(_("%(where)s: unknown status %(status)s.")
                            % {"where": where, "status": row.status})
    taken = set(Dossier.objects.filter(code__in=list(given)).values_list("code", flat=True))
    problems += [_("The code %(code)s already exists.") % {"code": code}
                 for code in sorted(taken)]
    return problems


_EVENT_COLUMNS = [
    "dossier_id", "at", "action", "actor_id", "actor_label", "from_status", "to_status",
    "from_unit_id", "to_user_id", "to_unit_id", "to_role", "step_index", "step_name",
    "step_due_date", "ended_step_index", "ended_step_result", "ended_step_margin", "note",
    "data",
]


def _insert_events(events: list[tuple[int, BulkEvent]], *, batch_size: int) -> int:
    """Insert the events with ``executemany``: a year of a province's hand-overs is over
    a hundred thousand rows, and building a model instance for each costs more than
    writing it. Values are adapted as Django adapts them for the database."""
    ops = connection.ops
    table = connection.ops.quote_name(DossierEvent._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _EVENT_COLUMNS)
    sql = (f"INSERT INTO {table} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(_EVENT_COLUMNS))})")
    values = [
        (dossier_id, ops.adapt_datetimefield_value(e.at), e.action, e.actor_id,
         e.actor_label[:200], e.from_status, e.to_status, e.from_unit_id, e.to_user_id,
         e.to_unit_id, e.to_role, e.step_index, e.step_name[:300],
         ops.adapt_datefield_value(e.step_due_date), e.ended_step_index, e.ended_step_result,
         e.ended_step_margin, e.note, ops.adapt_json_value(e.data, DjangoJSONEncoder))
        for dossier_id, e in events
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(values), batch_size):
            cursor.executemany(sql, values[start:start + batch_size])
    return len(values)


def dossiers_bulk_create(*, actor: Any, rows: list[BulkRow], source: str,
                         row_labels: list[str] | None = None, batch_size: int = 2000) -> int:
    """Create ``rows`` as dossiers with their events, all or nothing. Only a system
    administrator (or the platform itself, ``actor=None``) brings history in.
    ``row_labels`` names the rows in problems ("line 12"), by default "dossier n"."""
    require(actor is None or is_system_admin(actor),
            _("Only a system administrator may import dossiers."))
    problems = _check(rows, timezone.localdate(), row_labels)
    if problems:
        shown = problems[:50]
        if len(problems) > 50:
            shown.append(_("… and %(count)s more problems") % {"count": len(problems) - 50})
        raise ValidationError({"rows": shown})
    if not rows:
        return 0
    now = timezone.now()
    with transaction.atomic():
        codes: dict[int, str] = {}
        # Numbers in the order the dossiers were received, as the desk gave them.
        for index in sorted(range(len(rows)), key=lambda i: rows[i].received_at
                            or rows[i].submitted_at):
            row = rows[index]
            if row.code:
                codes[index] = row.code
                continue
            day = local_date(row.received_at or row.submitted_at)
            issued = next_number(code_key(row.agency.code), daily_period(day), actor=actor,
                                 purpose=source[:200])
            codes[index] = f"{row.agency.code}-{daily_period(day)}-{issued.value:04d}"
        dossiers = []
        for index, row in enumerate(rows):
            dossiers.append(Dossier(
                code=codes[index], procedure=row.procedure, version=row.version,
                level=row.version.old_level, agency=row.agency, channel=row.channel,
                status=row.status, outcome=row.outcome, applicant_id=row.applicant_id,
                applicant_name=row.applicant_name[:200],
                applicant_id_number=row.applicant_id_number,
                applicant_phone=row.applicant_phone, applicant_email=row.applicant_email,
                applicant_address=row.applicant_address[:255], answers=row.answers,
                papers=row.papers, delivery=row.delivery, created_at=row.submitted_at,
                submitted_at=row.submitted_at, received_at=row.received_at,
                due_date=row.due_date, original_due_date=row.original_due_date,
                finished_at=row.finished_at, returned_at=row.returned_at,
                return_method=row.return_method, returned_to=row.returned_to,
                closing_reason=row.closing_reason, fee_amount=row.version.total_amount,
                paid_amount=row.paid_amount, paid_at=row.paid_at,
                payment_reference=row.payment_reference,
            ))
        dossiers = Dossier.objects.bulk_create(dossiers, batch_size=batch_size)
        events = _insert_events(
            [(dossier.pk, event) for dossier, row in zip(dossiers, rows, strict=True)
             for event in row.events], batch_size=batch_size * 4)
        levels = Counter(f"{d.level}/{d.channel}" for d in dossiers)
        audit.record("dossiers.dossier.bulk_create", None, actor=actor,
                     object_label=_("%(count)s dossiers from %(source)s")
                     % {"count": len(dossiers), "source": source},
                     after={"count": len(dossiers), "events": events, "source": source,
                            "by_level_and_channel": dict(sorted(levels.items())),
                            "first_code": dossiers[0].code, "last_code": dossiers[-1].code,
                            "at": now})
    return len(dossiers)
