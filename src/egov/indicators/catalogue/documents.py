"""Documents (văn bản đi, đến): incoming documents registered and outgoing documents
issued in the period, the electronic share (the report's "over 90% of documents ...
exchanged electronically"), incoming documents handled on time or late, and those
still open at the end of the period.

The definitions are those of ``egov.documents.reports.document_counts`` (a test holds
them equal): received = registered with an arrival date in the period; electronic =
received electronically or by inter-agency exchange, sent to at least one recipient
electronically; handled = finished in the period, on time when finished on or before
its deadline (documents without a deadline are neither). Here each register is read in
one aggregate, so the whole group costs two queries whatever the number of codes.
Open documents are judged, like dossiers, as of the last day of the period (today for
a period not yet over).
"""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.documents.models import Channel, IncomingDocument, OutgoingDocument
from egov.indicators.base import (
    Column,
    Dimension,
    Indicator,
    Measure,
    Query,
    Records,
    Unit,
    percent,
)

GROUP = _("Documents")
P, A = Dimension.PERIOD, Dimension.AGENCY
ELECTRONIC = [Channel.ELECTRONIC, Channel.EXCHANGE]
DONE = IncomingDocument.Status.DONE
ISSUED = OutgoingDocument.Status.ISSUED


def _today(query: Query):
    return min(query.period.end, timezone.localdate())


def _arrived(query: Query) -> QuerySet[IncomingDocument]:
    return query.limit(IncomingDocument.objects.filter(
        arrival_date__range=(query.period.start, query.period.end)))


def _finished(query: Query) -> QuerySet[IncomingDocument]:
    return query.limit(IncomingDocument.objects.filter(
        status=DONE, finished_at__gte=query.period.start_at,
        finished_at__lt=query.period.end_at))


def _issued(query: Query) -> QuerySet[OutgoingDocument]:
    return query.limit(OutgoingDocument.objects.filter(
        status=ISSUED, issued_date__range=(query.period.start, query.period.end)))


# Finished on or before the deadline, the day read in the platform's time zone.
ON_TIME = Q(due_date__isnull=False, finished_at__date__lte=F("due_date"))
LATE = Q(due_date__isnull=False, finished_at__date__gt=F("due_date"))


def _open(query: Query) -> Q:
    """Not finished on the last day of the period."""
    return Q(finished_at__isnull=True) | Q(finished_at__gte=query.period.end_at)


def _overdue(query: Query) -> Q:
    return _open(query) & Q(due_date__lt=_today(query))


def _incoming_counts(query: Query) -> dict[str, int]:
    """Incoming documents registered in the period, and those finished in it: one
    aggregate over the register (an arrival or a finish in the period)."""
    start, end = query.period.start, query.period.end
    arrived = Q(arrival_date__range=(start, end))
    finished = Q(status=DONE, finished_at__gte=query.period.start_at,
                 finished_at__lt=query.period.end_at)
    queryset = query.limit(IncomingDocument.objects.filter(arrived | finished))
    counts = queryset.aggregate(
        received=Count("pk", filter=arrived),
        electronic=Count("pk", filter=arrived & Q(channel__in=ELECTRONIC)),
        open=Count("pk", filter=arrived & _open(query)),
        overdue=Count("pk", filter=arrived & _overdue(query)),
        handled=Count("pk", filter=finished),
        # Late is the rest of those with a deadline: one time-zone conversion per row
        # instead of two (bench/indicators.py).
        with_deadline=Count("pk", filter=finished & Q(due_date__isnull=False)),
        on_time=Count("pk", filter=finished & ON_TIME),
    )
    counts["late"] = counts.pop("with_deadline") - counts["on_time"]
    return counts


def _outgoing_counts(query: Query) -> dict[str, int]:
    return _issued(query).aggregate(
        issued=Count("pk"), electronic=Count("pk", filter=Q(sent_electronically=True)))


def _incoming(query: Query) -> dict[str, int]:
    return query.once(_incoming_counts, query)


def _outgoing(query: Query) -> dict[str, int]:
    return query.once(_outgoing_counts, query)


def _summary(document: IncomingDocument | OutgoingDocument) -> str:
    # Drill-down lists are read on screens and exported: a secret document shows its
    # number and date but not what it is about.
    return "" if document.is_secret else document.summary


def _incoming_records(queryset: QuerySet[IncomingDocument]) -> Records:
    return Records(
        queryset=queryset.select_related("agency", "doc_type").order_by("arrival_date",
                                                                        "pk"),
        columns=[
            Column(_("Number and symbol"), lambda d: d.number_symbol),
            Column(_("Issuing body"), lambda d: d.issuer_name),
            Column(_("Receiving agency"), lambda d: d.agency.name),
            Column(_("Arrival date"), lambda d: d.arrival_date),
            Column(_("Received as"), lambda d: d.get_channel_display()),
            Column(_("Summary"), _summary),
            Column(_("Deadline"), lambda d: d.due_date),
            Column(_("Status"), lambda d: d.get_status_display()),
        ],
        link=lambda d: reverse("documents:incoming_detail", args=[d.pk]),
    )


def _outgoing_records(queryset: QuerySet[OutgoingDocument]) -> Records:
    return Records(
        queryset=queryset.select_related("agency", "doc_type").order_by("issued_date",
                                                                        "number", "pk"),
        columns=[
            Column(_("Number and symbol"), lambda d: d.number_symbol),
            Column(_("Agency"), lambda d: d.agency.name),
            Column(_("Date of issue"), lambda d: d.issued_date),
            Column(_("Type"), lambda d: d.doc_type.name),
            Column(_("Summary"), _summary),
            Column(_("Sent electronically"), lambda d: _("yes") if d.sent_electronically
                   else _("no")),
        ],
        link=lambda d: reverse("documents:outgoing_detail", args=[d.pk]),
    )


def _incoming_indicator(code: str, name, description, key: str, records,
                        dimensions: tuple[str, ...] = (P, A)) -> Indicator:
    return Indicator(code=code, name=name, group=GROUP, measure=Measure.FLOW,
                     dimensions=dimensions, description=description,
                     compute=lambda query: _incoming(query)[key],
                     records=lambda query: _incoming_records(records(query)))


def _electronic_rate(query: Query) -> float | None:
    incoming, outgoing = _incoming(query), _outgoing(query)
    return percent(incoming["electronic"] + outgoing["electronic"],
                   incoming["received"] + outgoing["issued"])


def _on_time_rate(query: Query) -> float | None:
    incoming = _incoming(query)
    return percent(incoming["on_time"], incoming["on_time"] + incoming["late"])


KIND = (P, A, Dimension.KIND)
CHANNEL = (P, A, Dimension.CHANNEL)

INDICATORS = [
    _incoming_indicator(
        "documents.incoming", _("Incoming documents"),
        _("Incoming documents registered during the period (by arrival date)."),
        "received", _arrived),
    _incoming_indicator(
        "documents.incoming.electronic", _("Incoming documents received electronically"),
        _("Incoming documents registered during the period that arrived electronically "
          "(upload, e-mail or inter-agency exchange)."), "electronic",
        lambda query: _arrived(query).filter(channel__in=ELECTRONIC), CHANNEL),
    Indicator(
        code="documents.outgoing", name=_("Outgoing documents issued"), group=GROUP,
        measure=Measure.FLOW,
        description=_("Outgoing documents issued (numbered) during the period."),
        compute=lambda query: _outgoing(query)["issued"],
        records=lambda query: _outgoing_records(_issued(query))),
    Indicator(
        code="documents.outgoing.electronic", name=_("Outgoing documents sent electronically"),
        group=GROUP, measure=Measure.FLOW, dimensions=CHANNEL,
        description=_("Outgoing documents issued during the period and sent to at least "
                      "one recipient electronically."),
        compute=lambda query: _outgoing(query)["electronic"],
        records=lambda query: _outgoing_records(_issued(query).filter(
            sent_electronically=True))),
    Indicator(
        code="documents.electronic_rate", name=_("Electronic share of documents"),
        group=GROUP, unit=Unit.PERCENT, measure=Measure.RATE, dimensions=CHANNEL,
        description=_("Incoming documents received and outgoing documents sent "
                      "electronically among all documents registered or issued during the "
                      "period, in per cent (the report's “over 90% electronic”)."),
        compute=_electronic_rate,
        records=lambda query: _incoming_records(_arrived(query).filter(
            channel__in=ELECTRONIC))),
    _incoming_indicator(
        "documents.handled", _("Incoming documents handled"),
        _("Incoming documents whose handling was finished during the period."),
        "handled", _finished, KIND),
    _incoming_indicator(
        "documents.handled.on_time", _("Incoming documents handled on time"),
        _("Incoming documents finished during the period on or before their deadline."),
        "on_time", lambda query: _finished(query).filter(ON_TIME), KIND),
    _incoming_indicator(
        "documents.handled.late", _("Incoming documents handled late"),
        _("Incoming documents finished during the period after their deadline."),
        "late", lambda query: _finished(query).filter(LATE), KIND),
    _incoming_indicator(
        "documents.open", _("Incoming documents still open"),
        _("Incoming documents registered during the period whose handling was not "
          "finished on its last day."), "open",
        lambda query: _arrived(query).filter(_open(query)), KIND),
    _incoming_indicator(
        "documents.open.overdue", _("Incoming documents overdue"),
        _("Incoming documents registered during the period, not finished and past their "
          "deadline on its last day."), "overdue",
        lambda query: _arrived(query).filter(_overdue(query)), KIND),
    Indicator(
        code="documents.handled.on_time_rate", name=_("Documents handled on time"),
        group=GROUP, unit=Unit.PERCENT, measure=Measure.RATE, dimensions=KIND,
        description=_("Incoming documents finished on or before their deadline among those "
                      "with a deadline finished during the period, in per cent."),
        compute=_on_time_rate,
        records=lambda query: _incoming_records(_finished(query).filter(ON_TIME))),
]
