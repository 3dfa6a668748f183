"""Digital certificates (chứng thư số) of the registry: in force at the end of the
period by kind, issued and revoked during it (the report's "470 in force, 454 for
organisations and 16 for individuals; 21 issued, 51 revoked"). Counted from each
certificate's history, never from its present status."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from egov.indicators.base import Column, Dimension, Indicator, Measure, Query, Records
from egov.signatures.models import Certificate, CertificateEvent, CertificateStatus, SignerKind
from egov.signatures.selectors import certificate_counts, certificate_flow, certificates_at

GROUP = _("Digital certificates")
KIND_DIMENSIONS = (Dimension.PERIOD, Dimension.AGENCY, Dimension.KIND)
ALL_KINDS = tuple(SignerKind.values)
FLOW_ACTIONS = {
    "issued": [CertificateEvent.Action.ISSUED, CertificateEvent.Action.IMPORTED],
    "revoked": [CertificateEvent.Action.REVOKED],
}


def _counts(query: Query) -> dict:
    return certificate_counts(query.period.end, query.agency_list)


def _flow(query: Query) -> dict:
    return certificate_flow(query.period.start, query.period.end, query.agency_list)


def _records(queryset: QuerySet[Certificate]) -> Records:
    return Records(
        queryset=queryset.select_related("agency").order_by("agency__name", "common_name",
                                                            "pk"),
        columns=[
            Column(_("Subject name"), lambda c: c.common_name),
            Column(_("Agency"), lambda c: c.agency.name),
            Column(_("Signer"), lambda c: c.get_signer_kind_display()),
            Column(_("Serial number"), lambda c: c.serial_number),
            Column(_("Valid until"), lambda c: c.valid_to),
        ],
        link=lambda c: reverse("signatures:detail", args=[c.uid]),
    )


def _active(*kinds: str):
    def compute(query: Query) -> int:
        counts = query.once(_counts, query)
        return sum(counts[kind][CertificateStatus.ACTIVE] for kind in kinds)

    def records(query: Query) -> Records:
        queryset = certificates_at(query.period.end_at).filter(
            status_at=CertificateStatus.ACTIVE, signer_kind__in=kinds)
        return _records(query.limit(queryset))

    return compute, records


def _moved(name: str, *kinds: str):
    def compute(query: Query) -> int:
        flow = query.once(_flow, query)
        return sum(flow[name][kind] for kind in kinds)

    def records(query: Query) -> Records:
        events = CertificateEvent.objects.filter(
            action__in=FLOW_ACTIONS[name], at__gte=query.period.start_at,
            at__lt=query.period.end_at)
        queryset = Certificate.objects.filter(pk__in=events.values("certificate_id"),
                                              signer_kind__in=kinds)
        return _records(query.limit(queryset))

    return compute, records


def _indicator(code: str, name, description, pair, measure: str, kinds) -> Indicator:
    compute, records = pair
    return Indicator(code=code, name=name, group=GROUP, measure=measure,
                     dimensions=KIND_DIMENSIONS if len(kinds) == 1 else (
                         Dimension.PERIOD, Dimension.AGENCY),
                     compute=compute, records=records, description=description)


ORG, IND = SignerKind.ORGANISATION, SignerKind.INDIVIDUAL

INDICATORS = [
    _indicator("certificates.active", _("Certificates in force"),
               _("Certificates in force at the end of the period."),
               _active(*ALL_KINDS), Measure.STOCK, ALL_KINDS),
    _indicator("certificates.active.organisation", _("Certificates in force, organisations"),
               _("Agency seal certificates in force at the end of the period."),
               _active(ORG), Measure.STOCK, (ORG,)),
    _indicator("certificates.active.individual", _("Certificates in force, individuals"),
               _("Officials' personal certificates in force at the end of the period."),
               _active(IND), Measure.STOCK, (IND,)),
    _indicator("certificates.issued", _("Certificates issued"),
               _("Certificates issued (or imported from another authority) during the "
                 "period."), _moved("issued", *ALL_KINDS), Measure.FLOW, ALL_KINDS),
    _indicator("certificates.issued.organisation", _("Certificates issued, organisations"),
               _("Agency seal certificates issued during the period."),
               _moved("issued", ORG), Measure.FLOW, (ORG,)),
    _indicator("certificates.issued.individual", _("Certificates issued, individuals"),
               _("Officials' personal certificates issued during the period."),
               _moved("issued", IND), Measure.FLOW, (IND,)),
    _indicator("certificates.revoked", _("Certificates revoked"),
               _("Certificates revoked during the period."),
               _moved("revoked", *ALL_KINDS), Measure.FLOW, ALL_KINDS),
    _indicator("certificates.revoked.organisation", _("Certificates revoked, organisations"),
               _("Agency seal certificates revoked during the period."),
               _moved("revoked", ORG), Measure.FLOW, (ORG,)),
    _indicator("certificates.revoked.individual", _("Certificates revoked, individuals"),
               _("Officials' personal certificates revoked during the period."),
               _moved("revoked", IND), Measure.FLOW, (IND,)),
]
