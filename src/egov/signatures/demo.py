"""Certificates of the demo province, replaying the 2017 report (Báo cáo 1407/BC-STTTT-VP):
470 certificates in force at 31/12/2017 (454 for organisations, 16 for individuals),
21 issued and 51 revoked during 2017.

The story, all through the real services with the historical times:
- 2012: the department sets up the province's CA, issuing CA and timestamp authority;
- 2013–2016: every agency gets two seal tokens (its clerk's and its leader's), each unit
  with its own seal one, five departments' one-stop desks a third; 16 directors get a
  personal certificate; 30 spare tokens are handed out as well;
- 2017: 19 lost or worn-out tokens are revoked and replaced, the 30 spare tokens are
  returned (revoked, cessation of operation), two directors lose a token and get a new
  one; three requests arrive in December and are issued in January 2018;
- later: every certificate expires at its end of validity; the department's seal, the
  Càng Long district seal and the department director's certificate were renewed three
  months before the demo was loaded, so the demo logins can sign today.

Keys are ECDSA P-256 (fast to make); the department director's current key carries
the demo password as passphrase. Deterministic: the draws come from ``ctx.random("signatures")``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from egov.accounts.models import Official, Role, User
from egov.core.demo import DEMO_PASSWORD, DemoContext
from egov.organizations.models import Agency, Unit
from egov.signatures import selectors, services
from egov.signatures.models import Certificate, KeyAlgorithm, RevocationReason, SignerKind

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
STTTT_CODE = "000.00.31.H59"
# The report's figures (section 3).
ACTIVE_ORGANISATION, ACTIVE_INDIVIDUAL = 454, 16
ISSUED_2017 = {SignerKind.ORGANISATION: 19, SignerKind.INDIVIDUAL: 2}
REVOKED_2017 = {SignerKind.ORGANISATION: 49, SignerKind.INDIVIDUAL: 2}
RETURNED_TOKENS_2017 = REVOKED_2017[SignerKind.ORGANISATION] - ISSUED_2017[SignerKind.ORGANISATION]
PENDING_DECEMBER_2017 = 3


@dataclass
class Holder:
    """One certificate to issue: who holds it and what it is for."""

    kind: str
    agency: Agency
    purpose: str
    official: Official | None = None
    common_name: str = ""


def _moment(rng: random.Random, start: dt.date, end: dt.date) -> dt.datetime:
    """A working-hours moment on a weekday between ``start`` and ``end``."""
    span = (end - start).days
    day = start + dt.timedelta(days=rng.randrange(span + 1))
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    if day < start:
        day = start + dt.timedelta(days=(7 - start.weekday()) % 7)
    return dt.datetime(day.year, day.month, day.day, rng.randrange(8, 17), rng.randrange(60),
                       rng.randrange(60), tzinfo=VIETNAM)


def _years(issued: dt.datetime) -> int:
    # Five years (the cap of Decree 130/2018's time) for the first wave, three after: every
    # certificate issued before 2017 is still in force at the end of 2017.
    return 5 if issued.year <= 2014 else 3


def _holders(rng: random.Random) -> tuple[list[Holder], list[Holder], list[Holder]]:
    """(tokens in force at the end of 2017, the third tokens returned in 2017, directors)."""
    agencies = list(Agency.objects.valid_on(dt.date(2017, 1, 1)).order_by("code"))
    units = list(Unit.objects.valid_on(dt.date(2017, 1, 1)).select_related("agency")
                 .order_by("agency__code", "short_name"))
    tokens = [Holder(SignerKind.ORGANISATION, a, "Con dấu điện tử – token của văn thư")
              for a in agencies]
    tokens += [Holder(SignerKind.ORGANISATION, u.agency, "Con dấu điện tử của đơn vị",
                      common_name=f"{u.name} – {u.agency.name}") for u in units]
    # Every agency a second token for its leader; the rest go to one-stop desks of the
    # departments and districts, which return the most results.
    extra = ACTIVE_ORGANISATION - len(tokens)
    second = agencies if extra >= len(agencies) else rng.sample(agencies, extra)
    tokens += [Holder(SignerKind.ORGANISATION, a, "Con dấu điện tử – token của lãnh đạo")
               for a in sorted(second, key=lambda a: a.code)]
    desks = [a for a in agencies if a.kind in (Agency.Kind.DEPARTMENT,
                                               Agency.Kind.DISTRICT_COMMITTEE)]
    tokens += [Holder(SignerKind.ORGANISATION, a, "Con dấu điện tử – token của bộ phận một cửa")
               for a in sorted(rng.sample(desks, ACTIVE_ORGANISATION - len(tokens)),
                               key=lambda a: a.code)]
    returned = [Holder(SignerKind.ORGANISATION, a, "Con dấu điện tử – token dự phòng")
                for a in sorted(rng.sample(agencies, RETURNED_TOKENS_2017), key=lambda a: a.code)]
    directors = list(
        Official.objects.filter(roles__role=Role.DIRECTOR, agency__kind__in=[
            Agency.Kind.DEPARTMENT, Agency.Kind.PROVINCIAL_OFFICE,
            Agency.Kind.PROVINCIAL_COMMITTEE])
        .select_related("user", "agency").order_by("agency__code")
    )
    # The department's director first: the demo login giamdoc.stttt signs with it.
    directors.sort(key=lambda d: d.agency.code != STTTT_CODE)
    directors = directors[:ACTIVE_INDIVIDUAL]
    people = [Holder(SignerKind.INDIVIDUAL, d.agency, "Chữ ký số cá nhân của lãnh đạo",
                     official=d) for d in directors]
    return tokens, returned, people


def load(ctx: DemoContext) -> None:
    rng = ctx.random("signatures")
    admin = User.objects.filter(username="admin").first()
    services.authority_setup_platform(
        actor=admin, organisation="Sở Thông tin và Truyền thông tỉnh Trà Vinh",
        province="Trà Vinh", key_algorithm=KeyAlgorithm.EC_P256,
        valid_from=dt.datetime(2012, 6, 1, 8, 0, tzinfo=VIETNAM),
    )
    tokens, returned, people = _holders(rng)
    if len(people) != ACTIVE_INDIVIDUAL:
        raise RuntimeError(f"The demo needs {ACTIVE_INDIVIDUAL} directors of provincial "
                           f"agencies, found {len(people)}.")

    def issue(holder: Holder, when: dt.datetime, renewal_of: Certificate | None = None,
              years: int | None = None) -> Certificate:
        request = services.certificate_request(
            actor=admin, signer_kind=holder.kind, agency=holder.agency,
            official=holder.official, common_name=holder.common_name, purpose=holder.purpose,
            key_algorithm=KeyAlgorithm.EC_P256, renewal_of=renewal_of,
            at=when - dt.timedelta(days=rng.randrange(3, 15)),
        )
        # No passphrase on these (sealed under the key-encryption key only): the demos of
        # dossiers and documents sign 2017 papers with them, and scrypt would cost 0.1 s
        # a certificate. They expire before the demo is used; the renewals below have one.
        return services.certificate_issue(
            actor=admin, certificate=request, years=years or _years(when), at=when,
        )

    before_2017 = (dt.date(2013, 1, 2), dt.date(2016, 12, 30))
    # Tokens replaced in 2017: the old one revoked, the new one issued days later.
    replaced = set(rng.sample(range(len(tokens)), ISSUED_2017[SignerKind.ORGANISATION]))
    renewed_people = set(rng.sample(range(len(people)), ISSUED_2017[SignerKind.INDIVIDUAL]))
    reasons = [RevocationReason.KEY_COMPROMISE, RevocationReason.SUPERSEDED]
    in_force: dict[tuple[str, int], Certificate] = {}

    for group, renewed in ((tokens, replaced), (people, renewed_people)):
        for index, holder in enumerate(group):
            old = issue(holder, _moment(rng, *before_2017))
            if index in renewed:
                revoked_at = _moment(rng, dt.date(2017, 1, 9), dt.date(2017, 11, 30))
                services.certificate_revoke(
                    actor=admin, certificate=old, reason_code=rng.choice(reasons),
                    note="Token bị mất hoặc hỏng; cấp thay thế", at=revoked_at)
                old = issue(holder, revoked_at + dt.timedelta(days=rng.randrange(2, 10)))
            in_force[(holder.kind, index)] = old
    for holder in returned:
        certificate = issue(holder, _moment(rng, *before_2017))
        services.certificate_revoke(
            actor=admin, certificate=certificate,
            reason_code=RevocationReason.CESSATION_OF_OPERATION,
            note="Cơ quan trả lại token không còn sử dụng",
            at=_moment(rng, dt.date(2017, 2, 1), dt.date(2017, 12, 15)))

    pending = [
        services.certificate_request(
            actor=admin, signer_kind=SignerKind.ORGANISATION, agency=holder.agency,
            purpose="Con dấu điện tử – token bổ sung năm 2018",
            key_algorithm=KeyAlgorithm.EC_P256,
            at=_moment(rng, dt.date(2017, 12, 11), dt.date(2017, 12, 22)))
        for holder in rng.sample(tokens[:150], PENDING_DECEMBER_2017)
    ]
    for request in pending:
        services.certificate_issue(actor=admin, certificate=request, years=3,
                                   at=_moment(rng, dt.date(2018, 1, 3), dt.date(2018, 1, 12)))
    for agency in rng.sample([h.agency for h in tokens[:195]], 24):
        services.need_register(
            actor=admin, agency=agency, year=2018, organisation_count=rng.randrange(0, 3),
            individual_count=rng.randrange(0, 2), renewal_count=rng.randrange(0, 3),
            note="Đăng ký nhu cầu năm 2018",
            at=_moment(rng, dt.date(2017, 10, 2), dt.date(2017, 11, 15)))

    now = timezone.now()
    services.certificates_expire(actor=admin, now=now)
    _renew_for_logins(admin, tokens, people, in_force, now)

    counts = selectors.certificate_counts(dt.date(2017, 12, 31))
    flow = selectors.certificate_flow(dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    ctx.write(f"    certificates at 31/12/2017: {counts['active']} in force "
              f"({counts['organisation']['active']} organisations, "
              f"{counts['individual']['active']} individuals); in 2017 "
              f"{flow['issued']['total']} issued, {flow['revoked']['total']} revoked")
    ctx.write("    signing today: vanthu.stttt and motcua.stttt apply the department's seal, "
              "giamdoc.stttt signs with his own certificate (passphrase: the demo password)")


def _renew_for_logins(admin: User | None, tokens: list[Holder], people: list[Holder],
                      in_force: dict[tuple[str, int], Certificate], now: dt.datetime) -> None:
    """Current certificates for the demo logins: the department's clerk token, the
    Càng Long district's, and the department director's."""
    wanted = []
    for index, holder in enumerate(tokens):
        is_clerk_token = holder.purpose.endswith("văn thư")
        if is_clerk_token and (holder.agency.code == STTTT_CODE or (
                holder.agency.kind == Agency.Kind.DISTRICT_COMMITTEE
                and holder.agency.name.endswith("Càng Long"))):
            wanted.append((SignerKind.ORGANISATION, index))
    wanted += [(SignerKind.INDIVIDUAL, i) for i, h in enumerate(people)
               if h.agency.code == STTTT_CODE]
    issued_at = now - dt.timedelta(days=90)
    for key in wanted:
        old = Certificate.objects.get(pk=in_force[key].pk)
        renewal = services.certificate_renew(actor=admin, certificate=old,
                                             at=issued_at - dt.timedelta(days=5))
        services.certificate_issue(
            actor=admin, certificate=renewal, years=3, at=issued_at,
            passphrase=DEMO_PASSWORD if old.signer_kind == SignerKind.INDIVIDUAL else None)
