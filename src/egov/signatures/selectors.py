"""Reads of the signatures app: the registry, counts at a date, trust material."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, CharField, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from egov.accounts.permissions import is_system_admin, official_of, scope_to_agency
from egov.signatures.models import (
    Authority,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    SignerKind,
)
from egov.signatures.permissions import SEAL_ROLES

Status = CertificateStatus


def authority_by_slug(slug: str) -> Authority | None:
    return Authority.objects.filter(slug=slug).first()


def published_crl(slug: str) -> Authority | None:
    return Authority.objects.filter(slug=slug, is_platform=True, crl_der__isnull=False).first()


def authorities() -> QuerySet[Authority]:
    return Authority.objects.select_related("parent").order_by("role", "name")


def trust_material() -> tuple[list[bytes], list[bytes], list[bytes]]:
    """DER of (trusted roots, other authority certificates, current CRLs)."""
    roots, others, crls = [], [], []
    for authority in Authority.objects.all():
        der = bytes(authority.certificate_der)
        if authority.role == Authority.Role.ROOT and authority.trusted:
            roots.append(der)
        else:
            others.append(der)
        if authority.crl_der:
            crls.append(bytes(authority.crl_der))
    return roots, others, crls


def trust_version() -> tuple:
    """Changes whenever an authority, its trust or its CRL changes (one small query)."""
    return tuple(Authority.objects.order_by("pk").values_list(
        "pk", "fingerprint", "trusted", "crl_number"))


def certificates_visible_to(user: Any) -> QuerySet[Certificate]:
    """The registry as ``user`` may see it: all for a system administrator, the agency's
    certificates for its officials (plus their own)."""
    queryset = Certificate.objects.select_related("agency", "official__user", "issuer")
    if is_system_admin(user):
        return queryset
    official = official_of(user)
    if official is None:
        return queryset.none()
    return scope_to_agency(user, queryset) | queryset.filter(official=official)


def certificates_for_signing(user: Any) -> QuerySet[Certificate]:
    """Active certificates ``user`` may sign with: their own, and their agency's seal
    if their role applies it."""
    official = official_of(user)
    if official is None:
        return Certificate.objects.none()
    mine = Q(official=official)
    if official.role_set & set(SEAL_ROLES):
        mine |= Q(agency_id=official.agency_id, signer_kind=SignerKind.ORGANISATION)
    return (
        Certificate.objects.filter(mine, status=Status.ACTIVE, valid_to__gt=timezone.now())
        .select_related("agency", "official__user")
        .order_by("signer_kind", "common_name")
    )


def seal_at(agency_id: int, moment: dt.datetime) -> Certificate | None:
    """An organisation certificate of the agency that was in force at ``moment`` and can
    still sign as of then: for other modules' demos and archive imports replaying history."""
    return _signing_at(Certificate.objects.filter(agency_id=agency_id,
                                                  signer_kind=SignerKind.ORGANISATION), moment)


def personal_certificate_at(official_id: int, moment: dt.datetime) -> Certificate | None:
    """The official's own certificate in force at ``moment`` (see ``seal_at``)."""
    return _signing_at(Certificate.objects.filter(official_id=official_id), moment)


def _signing_at(queryset: QuerySet[Certificate], moment: dt.datetime) -> Certificate | None:
    return (
        certificates_at(moment + dt.timedelta(microseconds=1))
        .filter(pk__in=queryset.values("pk"), status_at=Status.ACTIVE,
                valid_from__lte=moment, key_blob__isnull=False)
        .select_related("agency", "official__user").order_by("-valid_from", "pk").first()
    )


def certificate_by_fingerprint(fingerprint: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("agency", "official__user")
        .filter(fingerprint=fingerprint).first()
    )


def end_of_day(on: dt.date) -> dt.datetime:
    """The first instant after ``on`` in the platform's time zone."""
    return timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time()))


def _status_at(moment: dt.datetime) -> tuple[Case, Subquery]:
    """The status each certificate had just before ``moment``, from its history;
    a certificate in force past its end of validity counts as expired."""
    last = (
        CertificateEvent.objects.filter(certificate=OuterRef("pk"), at__lt=moment)
        .order_by("-at", "-id").values("status")[:1]
    )
    return Case(
        When(Q(status_then__in=[Status.ACTIVE, Status.SUSPENDED]) & Q(valid_to__lte=moment),
             then=Value(Status.EXPIRED)),
        default="status_then",
        output_field=CharField(),
    ), Subquery(last)


def certificates_at(moment: dt.datetime) -> QuerySet[Certificate]:
    """Certificates that existed at ``moment``, annotated with ``status_at``."""
    status_case, last = _status_at(moment)
    return (
        Certificate.objects.annotate(status_then=last)
        .exclude(status_then=None)
        .annotate(status_at=status_case)
    )


def certificate_counts(on: dt.date, agency_ids: list[int] | None = None) -> dict[str, Any]:
    """How many certificates of each kind were in each status at the end of ``on``.

    ``{"organisation": {"active": 454, ...}, "individual": {...}, "active": 470}``;
    the yearly report reads it at 31 December.
    """
    queryset = certificates_at(end_of_day(on))
    if agency_ids is not None:
        queryset = queryset.filter(agency_id__in=agency_ids)
    counts: dict[str, Any] = {kind: dict.fromkeys(Status.values, 0) for kind in SignerKind.values}
    for row in queryset.values("signer_kind", "status_at").annotate(n=Count("pk")):
        counts[row["signer_kind"]][row["status_at"]] = row["n"]
    counts["active"] = sum(counts[kind][Status.ACTIVE] for kind in SignerKind.values)
    return counts


def certificate_flow(start: dt.date, end: dt.date,
                     agency_ids: list[int] | None = None) -> dict[str, dict[str, int]]:
    """Certificates issued (or imported), revoked, suspended and expired between
    ``start`` and ``end`` inclusive, by kind: the report's "21 issued, 51 revoked"."""
    events = CertificateEvent.objects.filter(
        at__gte=end_of_day(start - dt.timedelta(days=1)), at__lt=end_of_day(end)
    )
    if agency_ids is not None:
        events = events.filter(certificate__agency_id__in=agency_ids)
    actions = {
        "issued": [CertificateEvent.Action.ISSUED, CertificateEvent.Action.IMPORTED],
        "revoked": [CertificateEvent.Action.REVOKED],
        "suspended": [CertificateEvent.Action.SUSPENDED],
        "expired": [CertificateEvent.Action.EXPIRED],
    }
    flow: dict[str, dict[str, int]] = {
        name: {**dict.fromkeys(SignerKind.values, 0), "total": 0} for name in actions
    }
    rows = events.values("action", "certificate__signer_kind").annotate(n=Count("pk"))
    for row in rows:
        for name, wanted in actions.items():
            if row["action"] in wanted:
                flow[name][row["certificate__signer_kind"]] += row["n"]
                flow[name]["total"] += row["n"]
    return flow


def status_at(certificate: Certificate, moment: dt.datetime) -> tuple[str | None,
                                                                     CertificateEvent | None]:
    """A certificate's registry status at ``moment`` and the event that set it."""
    event = (
        certificate.events.filter(at__lte=moment).order_by("-at", "-id").first()
    )
    if event is None:
        return None, None
    status = event.status
    if status in (Status.ACTIVE, Status.SUSPENDED) and certificate.valid_to is not None \
            and certificate.valid_to <= moment:
        status = Status.EXPIRED
    return status, event


def expiring(within_days: int = 30, now: dt.datetime | None = None) -> QuerySet[Certificate]:
    """Active certificates that end within ``within_days`` and have no renewal waiting
    or issued: the ones to remind about."""
    now = now or timezone.now()
    return (
        Certificate.objects.filter(
            status=Status.ACTIVE, valid_to__gt=now,
            valid_to__lte=now + dt.timedelta(days=within_days),
        )
        .exclude(renewals__status__in=[Status.REQUESTED, Status.ACTIVE])
        .select_related("agency", "official__user")
        .order_by("valid_to")
    )
