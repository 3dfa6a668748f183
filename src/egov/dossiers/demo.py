"""The demo's dossiers: the year 2017 of the one-stop shop in the report's numbers, and a
few dossiers of today waiting in the demo logins' inboxes.

The report (Báo cáo 1407/BC-STTTT-VP) counts, for 2017, 15,068 dossiers received at
level 3 (112 of them online, 14,956 at the desk) and 805 at level 4 (513 online, 292 at
the desk), with 5 departments and 2 districts on the system. The year is replayed on
the level-3 and level-4 procedures of those seven agencies (Sở TT&TT, the four other
departments and the two districts with most such procedures): received on working days
in office hours, handed through the steps of each procedure with the officials of the
demo, mostly early, some on the day, about one in twenty late (a third of those with an
apology and a new date), a few refused with reasons or withdrawn; every result
returned, those of late December in January 2018. They go in through the audited bulk
service (``dossiers_bulk_create``).

Signed results: the results returned online (level 4, the applicant downloads them)
and decided from 1 October 2017, 163 of them, are printed from the procedure's result
template and signed as of the moment they were decided, by the deciding official's
certificate then in force or else the agency's seal (``results.signed_result`` with
``at``, the live flow's own path), then put into their dossiers by the audited
``dossier_result_archive``; they verify as valid today thanks to their timestamps. The
others stand for paper results kept in the agency's archive, as most results of 2017
were: those handed over at the desk, and the online ones of January to September, left
unprinted because signing all 513 would add minutes to the demo (0.3-0.5 s each). The
demo citizen's six dossiers of 2017 are among the signed ones.

Today's dossiers go through the real services, so the named logins find work: one
submitted online by the demo citizen for the desk to check, one at the specialist, one
at the head of unit and one waiting for the director's approval and signature.

Deterministic: every draw comes from ``ctx.random("dossiers")``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from egov.accounts.demo import People
from egov.accounts.identifiers import tax_check_digit
from egov.accounts.models import Official, Role, User
from egov.core.calendar.selectors import add_working_days, is_working_day
from egov.core.demo import DemoContext
from egov.dossiers import figures, results, services
from egov.dossiers.models import (
    Channel,
    Delivery,
    Dossier,
    DossierEvent,
    Outcome,
    Status,
    Timeliness,
)
from egov.dossiers.services.bulk import BulkEvent, BulkRow, dossiers_bulk_create
from egov.dossiers.steps import StepSpec, steps_of
from egov.dossiers.timeliness import local_tz, step_result
from egov.organizations.models import AdministrativeDivision, Agency, Unit
from egov.procedures.models import Procedure, ProcedureVersion

YEAR = 2017
# (level, online) → dossiers received in 2017 (section 1 of the report).
REPORT = {(3, True): 112, (3, False): 14_956, (4, True): 513, (4, False): 292}
STTTT_CODE = "000.00.31.H59"
DEPARTMENTS_ON_SYSTEM, DISTRICTS_ON_SYSTEM = 5, 2
# Services that received online dossiers in 2017: 62 of level 3 and 4 of level 4.
SERVICES_WITH_ONLINE_DOSSIERS = {3: 62, 4: 4}
LATE_SHARE, ON_TIME_SHARE = 0.05, 0.14
APOLOGY_SHARE, DECLINED_SHARE, WITHDRAWN_SHARE = 0.35, 0.01, 0.002
REFUSED_AT_INTAKE = 36
LINKED_TO_DEMO_CITIZEN = 6
# Results returned online (level 4) and decided from this day on are signed as of their
# day, 163 of them (about 80 s): at some 0.3-0.5 s each (printing, then a PAdES signature
# with its timestamp), the whole year's 513 would add minutes to the demo.
SIGNED_RESULTS_FROM = dt.date(YEAR, 10, 1)
TZ = local_tz()


@dataclass
class Staff:
    """The demo officials of one agency, by role (and unit short name for the steps)."""

    by_role: dict[str, list[Official]]
    by_role_unit: dict[tuple[str, str], list[Official]]

    def pick(self, rng: random.Random, role: str, unit: str = "") -> Official | None:
        choices = self.by_role_unit.get((role, unit)) if unit else None
        choices = choices or self.by_role.get(role) or []
        return rng.choice(choices) if choices else None


def _agencies_on_system() -> list[Agency]:
    """Sở TT&TT, the other departments and the districts with the most level-3/4
    procedures: the report's "5 departments and 2 districts"."""
    online = Q(procedures__versions__old_level__gte=3)
    counted = Agency.objects.annotate(n=Count("procedures", filter=online, distinct=True))
    stttt = Agency.objects.get(code=STTTT_CODE)
    departments = list(counted.filter(kind=Agency.Kind.DEPARTMENT).exclude(pk=stttt.pk)
                       .order_by("-n", "code")[:DEPARTMENTS_ON_SYSTEM - 1])
    districts = list(counted.filter(kind=Agency.Kind.DISTRICT_COMMITTEE)
                     .order_by("-n", "code")[:DISTRICTS_ON_SYSTEM])
    return [stttt, *departments, *districts]


def _staff(agencies: list[Agency]) -> dict[int, Staff]:
    by_role: dict[int, dict[str, list[Official]]] = defaultdict(lambda: defaultdict(list))
    by_unit: dict[int, dict[tuple[str, str], list[Official]]] = defaultdict(
        lambda: defaultdict(list))
    officials = (Official.objects.filter(agency__in=agencies, is_active=True)
                 .select_related("user", "unit").prefetch_related("roles")
                 .order_by("user__username"))
    for official in officials:
        for role in official.role_set:
            by_role[official.agency_id][role].append(official)
            if official.unit is not None:
                by_unit[official.agency_id][role, official.unit.short_name].append(official)
    return {a.pk: Staff(dict(by_role[a.pk]), dict(by_unit[a.pk])) for a in agencies}


def _working_days(year: int) -> list[dt.date]:
    day, days = dt.date(year, 1, 1), []
    while day.year == year:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _at(rng: random.Random, day: dt.date, *, after: dt.datetime | None = None) -> dt.datetime:
    """A moment of office hours (7:30-11:30, 13:30-17:00) on ``day``, after ``after``."""
    minutes = rng.choice([rng.randint(450, 690), rng.randint(810, 1020)])
    moment = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=TZ)
    if after is not None and moment <= after:
        moment = after + dt.timedelta(minutes=rng.randint(3, 40))
    return moment


def _weights(rng: random.Random, count: int) -> list[float]:
    """A long tail: a few procedures get most dossiers, as in every one-stop shop."""
    weights = [1 / (rank + 1) ** 1.1 for rank in range(count)]
    rng.shuffle(weights)
    return weights


class Applicants:
    """Plausible applicants of Trà Vinh: people with a CCCD, some businesses."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people = People(rng, set())
        communes = (AdministrativeDivision.objects
                    .filter(level=AdministrativeDivision.Level.COMMUNE,
                            parent__parent__code="84", valid_from__lte=dt.date(YEAR, 1, 1))
                    .select_related("parent"))
        self.places = [f"{c.name}, {c.parent.name}, tỉnh Trà Vinh" for c in communes] or [
            "thành phố Trà Vinh, tỉnh Trà Vinh"]
        self.serial = 0

    def next(self) -> dict[str, str]:
        rng = self.rng
        self.serial += 1
        address = f"Ấp {rng.randint(1, 12)}, {rng.choice(self.places)}"
        if rng.random() < 0.12:
            head = f"21{rng.randint(0, 9_999_999):07d}"
            check = tax_check_digit(head)
            while check is None:
                head = f"{int(head) + 1:09d}"
                check = tax_check_digit(head)
            name = f"Công ty TNHH {self.people.name().split()[-1]} {self.serial}"
            return {"applicant_name": name, "applicant_id_number": f"{head}{check}",
                    "applicant_phone": self.people.mobile(), "applicant_address": address}
        born = rng.randint(1950, 1999)
        citizen_id = f"084{rng.choice('01')}{born % 100:02d}{rng.randint(0, 999_999):06d}"
        return {"applicant_name": self.people.name(), "applicant_id_number": citizen_id,
                "applicant_phone": self.people.mobile(), "applicant_address": address}


def _answers(version: ProcedureVersion, person: dict[str, str], rng: random.Random,
             day: dt.date) -> dict[str, Any]:
    """What an online applicant typed in the version's form."""
    values = {"applicant_name": person["applicant_name"],
              "citizen_id": person["applicant_id_number"],
              "phone": person["applicant_phone"], "address": person["applicant_address"]}
    answers: dict[str, Any] = {}
    for field in version.form:
        name, kind = field["name"], field["type"]
        if values.get(name):
            answers[name] = values[name]
        elif kind == "number":
            answers[name] = rng.randint(field.get("min", 1), max(field.get("min", 1), 500))
        elif kind == "date":
            answers[name] = add_working_days(day, rng.randint(3, 20)).isoformat()
        elif kind == "text" and field.get("required"):
            answers[name] = f"{field['label']} {rng.randint(1, 99)}"
    return answers


@dataclass
class Plan:
    """How one dossier of 2017 went."""

    procedure: Procedure
    version: ProcedureVersion
    online: bool
    received_day: dt.date
    days_taken: int
    late: bool
    apology: bool
    declined: bool
    withdrawn: bool


def _plans(rng: random.Random, agencies: list[Agency]) -> list[Plan]:
    start = dt.date(YEAR, 1, 1)
    versions = {level: list(ProcedureVersion.objects.valid_on(start)
                            .filter(procedure__agency__in=agencies, old_level=level)
                            .select_related("procedure__agency").order_by("procedure__code"))
                for level in (3, 4)}
    days = _working_days(YEAR)
    # Fewer dossiers in the weeks of Tết and the summer holidays, more before year end.
    day_weights = [0.6 if d.month in (1, 2) and d.day < 20 else 1.2 if d.month >= 10 else 1.0
                   for d in days]
    plans: list[Plan] = []
    for (level, online), count in REPORT.items():
        pool = versions[level]
        if online:
            # Online dossiers came on the report's number of services, each at least once.
            pool = sorted(pool, key=lambda v: (v.procedure.agency.code != STTTT_CODE,
                                               v.procedure.code))
            pool = pool[:SERVICES_WITH_ONLINE_DOSSIERS[level]]
            chosen = pool + rng.choices(pool, weights=_weights(rng, len(pool)),
                                        k=count - len(pool))
        else:
            chosen = rng.choices(pool, weights=_weights(rng, len(pool)), k=count)
        received = rng.choices(days, weights=day_weights, k=count)
        for version, day in zip(chosen, received, strict=True):
            limit = version.time_limit_days
            draw = rng.random()
            late = draw < LATE_SHARE
            on_time = not late and draw < LATE_SHARE + ON_TIME_SHARE
            taken = (limit + rng.randint(1, 4) if late else limit if on_time
                     else rng.randint(max(1, limit // 3), max(1, limit - 1)))
            plans.append(Plan(
                procedure=version.procedure, version=version, online=online,
                received_day=day, days_taken=taken, late=late,
                apology=late and rng.random() < APOLOGY_SHARE,
                declined=rng.random() < DECLINED_SHARE,
                withdrawn=rng.random() < WITHDRAWN_SHARE))
    plans.sort(key=lambda p: p.received_day)
    return plans


def _event(action: str, at: dt.datetime, from_status: str, to_status: str,
           actor: Official | None, **fields: Any) -> BulkEvent:
    return BulkEvent(
        action=action, at=at, from_status=from_status, to_status=to_status,
        actor_label=actor.user.get_full_name() if actor else "",
        actor_id=actor.user_id if actor else None,
        from_unit_id=actor.unit_id if actor else None, **fields)


def _row(plan: Plan, rng: random.Random, staff: Staff, person: dict[str, str],
         steps: list[StepSpec], papers: list[dict[str, Any]],
         units: dict[tuple[int, str], int | None]) -> BulkRow:
    version, agency = plan.version, plan.procedure.agency
    limit = version.time_limit_days
    day = plan.received_day
    due = add_working_days(day, limit)
    desk = staff.pick(rng, Role.DESK_OFFICER, "VP")
    if plan.online:
        submitted = _at(rng, day - dt.timedelta(days=rng.randint(0, 2)))
        received = _at(rng, day, after=submitted)
    else:
        received = _at(rng, day)
        submitted = received - dt.timedelta(minutes=rng.randint(5, 25))
    row = BulkRow(
        procedure=plan.procedure, version=version, agency=agency,
        channel=Channel.ONLINE if plan.online else Channel.DESK, status=Status.RETURNED,
        submitted_at=submitted, received_at=received, due_date=due,
        delivery=Delivery.ONLINE if plan.online and version.old_level == 4 else Delivery.DESK,
        answers=_answers(version, person, rng, day) if plan.online else {},
        papers=papers,
        **person,
    )
    if plan.online and version.total_amount and version.old_level == 4:
        row.paid_amount, row.paid_at = version.total_amount, submitted
        row.payment_reference = f"DEMO{submitted:%y%m%d%H%M}{rng.randint(100, 999)}"
    events = [_event("submit" if plan.online else "intake", submitted, "", Status.SUBMITTED,
                     None if plan.online else desk)]
    step0 = steps[0]
    step_due = step0.due_date(day)
    events.append(_event("accept", received, Status.SUBMITTED, Status.RECEIVED, desk,
                         to_user_id=desk.user_id if desk else None,
                         to_unit_id=desk.unit_id if desk else None, to_role=step0.role,
                         step_index=0, step_name=step0.name, step_due_date=step_due,
                         data={"due_date": due.isoformat(), "time_limit_days": limit}))
    # Where each step ends, in working days after receipt: shares of the time taken.
    total = float(sum(s.days for s in steps)) or 1.0
    ends, running = [], 0.0
    for step in steps:
        running += float(step.days)
        ends.append(max(0, math.floor(plan.days_taken * running / total + 0.5)))
    ends[-1] = plan.days_taken
    holder, moment, status = desk, received, Status.RECEIVED
    stop_at = rng.randrange(1, len(steps)) if plan.withdrawn else None
    for index in range(len(steps) - 1):
        if stop_at is not None and index == stop_at:
            break
        end_day = add_working_days(day, ends[index])
        moment = _at(rng, end_day, after=moment)
        result, margin = step_result(end_day, step_due)
        nxt = steps[index + 1]
        receiver = staff.pick(rng, nxt.role, nxt.unit_short_name)
        step_due = nxt.due_date(end_day)
        events.append(_event(
            "forward", moment, status, Status.PROCESSING, holder,
            to_user_id=receiver.user_id if receiver else None,
            to_unit_id=units.get((agency.pk, nxt.unit_short_name)) if nxt.unit_short_name
            else (receiver.unit_id if receiver else None),
            to_role=nxt.role, step_index=nxt.index, step_name=nxt.name,
            step_due_date=step_due, ended_step_index=index, ended_step_result=result,
            ended_step_margin=margin))
        holder, status = receiver, Status.PROCESSING
        if plan.apology and index == len(steps) - 2:
            # The specialist's step ran over: the apology goes out before the appointment.
            new_due = add_working_days(add_working_days(day, plan.days_taken), rng.randint(0, 2))
            events.append(_event("apologise", _at(rng, end_day, after=moment), status,
                                 status, holder, step_index=nxt.index,
                                 note="Hồ sơ cần xác minh thêm thông tin với cơ quan liên quan.",
                                 data={"previous_due_date": due.isoformat(),
                                       "new_due_date": new_due.isoformat()}))
            moment = events[-1].at
            row.original_due_date, row.due_date = due, new_due
    if stop_at is not None:
        withdrawn_day = add_working_days(day, max(ends[stop_at - 1], 1))
        moment = _at(rng, withdrawn_day, after=moment)
        events.append(_event("withdraw", moment, status, Status.WITHDRAWN, desk,
                             note="Người nộp có đơn xin rút hồ sơ."))
        row.status, row.closing_reason = Status.WITHDRAWN, "Người nộp có đơn xin rút hồ sơ."
        row.events = events
        return row
    finish_day = add_working_days(day, plan.days_taken)
    finished = _at(rng, finish_day, after=moment)
    result, margin = step_result(finish_day, step_due)
    action = "decline" if plan.declined else "approve"
    reason = "Hồ sơ không đáp ứng điều kiện theo quy định." if plan.declined else ""
    events.append(_event(action, finished, Status.PROCESSING, Status.RESULT_READY, holder,
                         ended_step_index=len(steps) - 1, ended_step_result=result,
                         ended_step_margin=margin, note=reason))
    row.finished_at, row.closing_reason = finished, reason
    row.outcome = Outcome.REFUSED if plan.declined else Outcome.GRANTED
    if row.delivery == Delivery.ONLINE:
        returned, returner, recipient = finished, None, row.applicant_name
    else:
        returned = _at(rng, add_working_days(finish_day, rng.randint(0, 3)), after=finished)
        returner, recipient = staff.pick(rng, Role.DESK_OFFICER, "VP"), row.applicant_name
    events.append(_event("return", returned, Status.RESULT_READY, Status.RETURNED, returner,
                         data={"method": row.delivery, "recipient": recipient}))
    row.returned_at, row.return_method, row.returned_to = returned, row.delivery, recipient
    row.events = events
    return row


def _refused_at_intake(rng: random.Random, plans: list[Plan], staff: dict[int, Staff],
                       applicants: Applicants) -> list[BulkRow]:
    """Dossiers turned away at the desk: never received, so never counted as received."""
    rows = []
    for plan in rng.sample(plans, REFUSED_AT_INTAKE):
        agency = plan.procedure.agency
        desk = staff[agency.pk].pick(rng, Role.DESK_OFFICER, "VP")
        at = _at(rng, plan.received_day)
        reason = "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan."
        rows.append(BulkRow(
            procedure=plan.procedure, version=plan.version, agency=agency,
            channel=Channel.DESK, status=Status.REFUSED, submitted_at=at, received_at=None,
            due_date=None, closing_reason=reason, **applicants.next(),
            events=[_event("intake", at, "", Status.SUBMITTED, desk),
                    _event("refuse", at + dt.timedelta(minutes=8), Status.SUBMITTED,
                           Status.REFUSED, desk, note=reason)]))
    return rows


def _link_demo_citizen(rows: list[BulkRow]) -> None:
    """A few online dossiers of 2017 were the demo citizen's, results received online:
    "My dossiers" shows them, with their signed results to download."""
    citizen = User.objects.filter(username="congdan").first()
    if citizen is None:
        return
    online = [row for row in rows if row.delivery == Delivery.ONLINE
              and row.status == Status.RETURNED
              and row.received_at.astimezone(TZ).date() >= SIGNED_RESULTS_FROM
              ][:LINKED_TO_DEMO_CITIZEN]
    for row in online:
        row.applicant_id = citizen.pk
        row.applicant_name = citizen.get_full_name()
        row.applicant_id_number = citizen.citizen_id or ""
        row.applicant_phone, row.applicant_email = citizen.phone, citizen.email
        row.applicant_address = citizen.address


def _sign_results(limit: int | None) -> int:
    """Print and sign, as of the moment they were decided, the results of 2017 returned
    online (level 4) and decided from ``SIGNED_RESULTS_FROM``, through the live flow's
    template, printing and signing, with the deciding official's certificate then in
    force (or the agency's seal); at most ``limit`` of them, the earliest first.
    Returns how many were signed."""
    start = dt.datetime.combine(SIGNED_RESULTS_FROM, dt.time(), tzinfo=TZ)
    dossiers = list(Dossier.objects.filter(
        received_at__year=YEAR, delivery=Delivery.ONLINE, status=Status.RETURNED,
        finished_at__gte=start, result_file="")
        .select_related("version", "agency__parent", "procedure")
        .order_by("finished_at", "code")[:limit])
    deciders = dict(DossierEvent.objects.filter(
        dossier__in=dossiers, action__in=["approve", "decline"]).values_list(
        "dossier_id", "actor_id"))
    officials = {o.user_id: o for o in Official.objects.filter(
        user_id__in=set(deciders.values())).select_related("user", "agency")}
    signed = 0
    for dossier in dossiers:
        official = officials.get(deciders.get(dossier.pk))
        certificate = results.certificate_at(official, dossier.finished_at) if official \
            else None
        if certificate is None:
            continue  # Nobody could sign it then: a paper result, in the archive.
        pdf = results.signed_result(
            actor=official.user, dossier=dossier, outcome=dossier.outcome,
            reason=dossier.closing_reason, certificate=certificate, at=dossier.finished_at)
        services.dossier_result_archive(actor=None, dossier=dossier, pdf=pdf,
                                        source=f"demo {YEAR}")
        signed += 1
    return signed


def _today(ctx: DemoContext) -> None:
    """Dossiers of today, through the real services, waiting in the named inboxes."""
    stttt = Agency.objects.get(code=STTTT_CODE)
    citizen = User.objects.filter(username="congdan").first()
    desk = User.objects.filter(username="motcua.stttt").first()
    specialist = User.objects.filter(username="chuyenvien.stttt").first()
    head = User.objects.filter(username="truongphong.stttt").first()
    director = User.objects.filter(username="giamdoc.stttt").first()
    procedure = Procedure.objects.filter(code="2.001884", agency=stttt).first()
    if None in (citizen, desk, specialist, head, director, procedure):
        return
    answers = {"applicant_name": citizen.get_full_name(), "citizen_id": citizen.citizen_id,
               "phone": citizen.phone, "email": citizen.email, "address": citizen.address}

    def online() -> Any:
        draft = services.dossier_create_draft(actor=citizen, procedure=procedure,
                                              answers=answers)
        return services.dossier_submit(actor=citizen, dossier=draft)

    online()  # waits for the desk's check
    walk_ins = []
    for name, phone in [("Thạch Thị Sa Rươl", "0987654321"), ("Kim Văn Sơn", "0918234567"),
                        ("Lê Thị Hồng", "0939123456")]:
        dossier = services.dossier_intake(
            actor=desk, procedure=procedure, channel=Channel.DESK,
            applicant={"name": name, "phone": phone,
                       "address": "Ấp Long Bình, xã Long Đức, thành phố Trà Vinh"},
            papers_received=[p.position for p in procedure.version_on(
                timezone.localdate()).papers.all()])
        dossier = services.dossier_accept(actor=desk, dossier=dossier)
        walk_ins.append(services.dossier_forward(actor=desk, dossier=dossier,
                                                 to_user=specialist))
    services.dossier_forward(actor=specialist, dossier=walk_ins[1], to_user=head,
                             note="Đề nghị cấp giấy chứng nhận.")
    at_head = services.dossier_forward(actor=specialist, dossier=walk_ins[2], to_user=head,
                                       note="Đề nghị cấp giấy chứng nhận.")
    services.dossier_forward(actor=head, dossier=at_head, to_user=director)
    ctx.write("    dossiers of today: 1 to check at the desk, 1 at the specialist, "
              "1 at the head of unit, 1 for the director to sign")


def load(ctx: DemoContext, *, signed_results: int | None = None) -> None:
    """The year 2017 and today's dossiers; ``signed_results`` (else the setting
    ``EGOV_DEMO_SIGNED_RESULTS``) caps how many results of 2017 are signed: by default
    all of ``_sign_results``'s set; tests sign a few."""
    if signed_results is None:
        signed_results = getattr(settings, "EGOV_DEMO_SIGNED_RESULTS", None)
    rng = ctx.random("dossiers")
    agencies = _agencies_on_system()
    staff = _staff(agencies)
    units = {(u.agency_id, u.short_name): u.pk
             for u in Unit.objects.filter(agency__in=agencies)}
    applicants = Applicants(rng)
    plans = _plans(rng, agencies)
    steps: dict[int, list[StepSpec]] = {}
    papers: dict[int, list[dict[str, Any]]] = {}
    rows = []
    for plan in plans:
        if plan.version.pk not in steps:
            steps[plan.version.pk] = steps_of(plan.version)
            papers[plan.version.pk] = [
                {"position": p.position, "name": p.name, "originals": p.originals,
                 "copies": p.copies, "required": p.required, "received": True}
                for p in plan.version.papers.all()]
        rows.append(_row(plan, rng, staff[plan.procedure.agency_id], applicants.next(),
                         steps[plan.version.pk], papers[plan.version.pk], units))
    _link_demo_citizen(rows)
    rows += _refused_at_intake(rng, plans, staff, applicants)
    dossiers_bulk_create(actor=None, rows=rows, source="demo 2017")
    summary = figures.dossier_summary(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31),
                                      today=dt.date(YEAR, 12, 31))
    ctx.write(f"    dossiers of {YEAR}: level 3 {summary['level_3']} "
              f"({summary['level_3_online']} online), level 4 {summary['level_4']} "
              f"({summary['level_4_online']} online); {summary[Timeliness.LATE]} late of "
              f"{summary['finished']} finished in the year")
    began = time.monotonic()
    signed = _sign_results(signed_results)
    ctx.write(f"    results returned online from {SIGNED_RESULTS_FROM:%d/%m/%Y}, signed as "
              f"of their day: {signed} ({time.monotonic() - began:.0f} s)")
    _today(ctx)
