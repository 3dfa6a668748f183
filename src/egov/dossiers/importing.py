"""Reading dossiers from an older system: a CSV or XLSX file, one row per dossier, the
columns of docs/dossiers.md ("Import"). Every bad row is reported with its line number;
one bad row and nothing of the file is kept."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from egov.accounts import identifiers
from egov.core.calendar.selectors import add_working_days
from egov.dossiers.models import Channel, Delivery, Outcome, Status
from egov.dossiers.services.bulk import BulkEvent, BulkRow, dossiers_bulk_create
from egov.dossiers.timeliness import local_tz
from egov.organizations.models import Agency
from egov.procedures.models import Procedure, ProcedureVersion

COLUMNS = [
    "code", "procedure_code", "agency_code", "channel", "applicant_name",
    "applicant_id_number", "applicant_phone", "applicant_email", "applicant_address",
    "submitted_at", "received_at", "due_date", "finished_at", "returned_at", "status",
    "outcome", "note",
]
REQUIRED = {"procedure_code", "channel", "applicant_name", "received_at"}
CHANNELS = {
    "online": Channel.ONLINE, "trực tuyến": Channel.ONLINE, "truc tuyen": Channel.ONLINE,
    "desk": Channel.DESK, "trực tiếp": Channel.DESK, "truc tiep": Channel.DESK,
    "post": Channel.POST, "bưu chính": Channel.POST, "buu chinh": Channel.POST,
}
# Statuses a dossier of another system can be in once received.
STATUSES = {Status.RECEIVED, Status.PROCESSING, Status.AWAITING_SUPPLEMENT,
            Status.RESULT_READY, Status.RETURNED, Status.WITHDRAWN}
# A date without a time: received in the morning, finished and returned in the afternoon.
DEFAULT_TIMES = {"submitted_at": dt.time(8, 0), "received_at": dt.time(8, 0),
                 "finished_at": dt.time(16, 0), "returned_at": dt.time(16, 30)}
_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
            "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"]
_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    problems: list[str] = field(default_factory=list)
    by_level_and_channel: Counter[tuple[int, str]] = field(default_factory=Counter)


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, {column: value}) of each non-empty row after the header."""
    if path.suffix.lower() == ".xlsx":
        workbook = load_workbook(path, read_only=True, data_only=True)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
    elif path.suffix.lower() == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
        rows = csv.reader(io.StringIO(text), dialect)
    else:
        raise ValidationError(_("The file must be a .csv or an .xlsx file."))
    header: list[str] | None = None
    for line, values in enumerate(rows, start=1):
        values = ["" if v is None else v for v in values]
        if header is None:
            header = [str(v).strip().lower() for v in values]
            missing = REQUIRED - set(header)
            if missing:
                raise ValidationError(_("Line 1: the header lacks the columns %(columns)s.")
                                      % {"columns": ", ".join(sorted(missing))})
            continue
        if not any(str(v).strip() for v in values):
            continue
        yield line, {name: values[i] if i < len(values) else "" for i, name in enumerate(header)}


def _moment(value: Any, column: str) -> dt.datetime | None:
    if value in ("", None):
        return None
    tz = local_tz()
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=tz) if value.tzinfo is None else value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, DEFAULT_TIMES.get(column, dt.time(8)), tzinfo=tz)
    text = str(value).strip()
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    day = _day(text)
    if day is None:
        raise ValueError(column)
    return dt.datetime.combine(day, DEFAULT_TIMES.get(column, dt.time(8)), tzinfo=tz)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
    return None


class _Catalogue:
    """Procedures, versions and agencies looked up once per file."""

    def __init__(self) -> None:
        self.procedures: dict[str, Procedure | None] = {}
        self.versions: dict[tuple[int, dt.date], ProcedureVersion | None] = {}
        self.agencies: dict[str, Agency | None] = {}

    def procedure(self, code: str) -> Procedure | None:
        if code not in self.procedures:
            self.procedures[code] = (Procedure.objects.select_related("agency")
                                     .filter(code=code).first())
        return self.procedures[code]

    def version(self, procedure: Procedure, on: dt.date) -> ProcedureVersion | None:
        key = (procedure.pk, on)
        if key not in self.versions:
            self.versions[key] = procedure.versions.valid_on(on).first()
        return self.versions[key]

    def agency(self, code: str) -> Agency | None:
        if code not in self.agencies:
            self.agencies[code] = Agency.objects.filter(code=code).order_by(
                "-valid_from").first()
        return self.agencies[code]


def _events(row: BulkRow, note: str) -> list[BulkEvent]:
    label = _("imported")
    events = []
    first = "submit" if row.channel == Channel.ONLINE else "intake"
    events.append(BulkEvent(first, row.submitted_at, "", Status.SUBMITTED, label))
    if row.received_at is not None:
        events.append(BulkEvent("accept", row.received_at, Status.SUBMITTED, Status.RECEIVED,
                                label, data={"due_date": row.due_date.isoformat()}))
    if row.finished_at is not None:
        action = "decline" if row.outcome == Outcome.REFUSED else "approve"
        events.append(BulkEvent(action, row.finished_at, Status.PROCESSING,
                                Status.RESULT_READY, label))
    if row.returned_at is not None:
        events.append(BulkEvent("return", row.returned_at, Status.RESULT_READY,
                                Status.RETURNED, label))
    if row.status == Status.WITHDRAWN:
        events.append(BulkEvent("withdraw", events[-1].at, Status.PROCESSING,
                                Status.WITHDRAWN, label, note=note))
    return events


def _row(record: dict[str, Any], catalogue: _Catalogue) -> BulkRow:
    """One record as a BulkRow; ValueError with every problem of the line."""
    problems: list[str] = []

    def text(name: str) -> str:
        return " ".join(str(record.get(name, "") or "").split())

    for name in sorted(REQUIRED):
        if not text(name):
            problems.append(_("%(column)s is empty") % {"column": name})
    procedure = catalogue.procedure(text("procedure_code")) if text("procedure_code") else None
    if text("procedure_code") and procedure is None:
        problems.append(_("no procedure has the code %(code)s") % {"code": text("procedure_code")})
    agency = procedure.agency if procedure else None
    if text("agency_code"):
        agency = catalogue.agency(text("agency_code"))
        if agency is None:
            problems.append(_("no agency has the code %(code)s") % {"code": text("agency_code")})
    channel = CHANNELS.get(text("channel").lower())
    if text("channel") and channel is None:
        problems.append(_("the channel must be online, desk or post"))
    moments: dict[str, dt.datetime | None] = {}
    for name in ("submitted_at", "received_at", "finished_at", "returned_at"):
        try:
            moments[name] = _moment(record.get(name, ""), name)
        except ValueError:
            problems.append(_("%(column)s is not a date (dd/mm/yyyy or yyyy-mm-dd, with an "
                              "optional hh:mm)") % {"column": name})
            moments[name] = None
    due = None
    if text("due_date"):
        due = _day(record.get("due_date"))
        if due is None:
            problems.append(_("due_date is not a date"))
    received = moments["received_at"]
    version = None
    if procedure is not None and received is not None:
        version = catalogue.version(procedure, received.astimezone(local_tz()).date())
        if version is None:
            problems.append(_("the procedure had no rules in force on %(date)s")
                            % {"date": received.strftime("%d/%m/%Y")})
    status = text("status").lower()
    finished, returned = moments["finished_at"], moments["returned_at"]
    if not status:
        status = (Status.RETURNED if returned else Status.RESULT_READY if finished
                  else Status.PROCESSING)
    if status not in STATUSES:
        problems.append(_("unknown status %(status)s") % {"status": status})
    if status in (Status.RESULT_READY, Status.RETURNED) and finished is None:
        problems.append(_("a dossier with a result needs finished_at"))
    if status == Status.RETURNED and returned is None:
        problems.append(_("a returned dossier needs returned_at"))
    if returned is not None and finished is None:
        problems.append(_("returned_at without finished_at"))
    ordered = [m for m in (moments["submitted_at"], received, finished, returned) if m]
    if ordered != sorted(ordered):
        problems.append(_("submitted, received, finished and returned must follow each "
                          "other in that order"))
    outcome = text("outcome").lower()
    if outcome and outcome not in Outcome.values:
        problems.append(_("the outcome must be granted or refused"))
    phone = identifiers.normalize_phone(text("applicant_phone"))
    if problems:
        raise ValueError("; ".join(problems))
    received_day = received.astimezone(local_tz()).date()
    submitted = moments["submitted_at"] or received
    row = BulkRow(
        procedure=procedure, version=version, agency=agency, channel=channel, status=status,
        applicant_name=text("applicant_name"), submitted_at=submitted, received_at=received,
        due_date=due or add_working_days(received_day, version.time_limit_days),
        code=text("code").upper(), applicant_id_number=text("applicant_id_number"),
        applicant_phone=phone, applicant_email=text("applicant_email").lower(),
        applicant_address=text("applicant_address"), finished_at=finished,
        returned_at=returned,
        outcome=(outcome or Outcome.GRANTED) if finished else "",
        delivery=Delivery.DESK if channel != Channel.POST else Delivery.POST,
        return_method=(Delivery.POST if channel == Channel.POST else Delivery.DESK)
        if returned else "",
        returned_to=text("applicant_name") if returned else "",
        closing_reason=text("note") if status == Status.WITHDRAWN else "",
    )
    row.events = _events(row, text("note"))
    return row


def import_dossiers(path: Path, *, actor: Any = None, source: str = "",
                    dry_run: bool = False) -> ImportResult:
    """Check every row of the file and, if all are good, create the dossiers."""
    catalogue = _Catalogue()
    result = ImportResult()
    rows: list[BulkRow] = []
    lines: list[int] = []
    for line, record in _records(path):
        result.rows += 1
        try:
            rows.append(_row(record, catalogue))
            lines.append(line)
        except ValueError as exc:
            result.problems.append(_("Line %(line)s: %(problems)s.")
                                   % {"line": line, "problems": exc})
    result.by_level_and_channel = Counter((row.version.old_level, row.channel) for row in rows)
    if result.problems or dry_run:
        return result
    try:
        result.created = dossiers_bulk_create(
            actor=actor, rows=rows, source=source or path.name,
            row_labels=[_("Line %(line)s") % {"line": line} for line in lines])
    except ValidationError as exc:
        result.problems = exc.messages
    return result
