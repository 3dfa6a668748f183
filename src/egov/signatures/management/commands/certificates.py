from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from egov.accounts.models import Official
from egov.core.context import acting_as
from egov.core.errors import Conflict
from egov.organizations.models import Agency
from egov.signatures import selectors, services
from egov.signatures.management.commands._lookup import find_certificate
from egov.signatures.models import Authority, KeyAlgorithm, SignerKind


class Command(BaseCommand):
    help = "The platform's certification authority and certificate registry."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        setup = sub.add_parser("setup-ca", help="Create the root CA, issuing CA and TSA.")
        setup.add_argument("--organisation", required=True,
                           help="The organisation that runs the CA (e.g. Sở TT&TT tỉnh …).")
        setup.add_argument("--province", default="")
        setup.add_argument("--key-algorithm", choices=KeyAlgorithm.values, default=None)
        imp = sub.add_parser("import-ca", help="Register an outside CA certificate (PEM/DER).")
        imp.add_argument("file")
        imp.add_argument("--trusted", action="store_true", help="Trust it as a root.")
        sub.add_parser("publish-crl", help="Reissue the CRLs of the platform's CAs "
                                           "(run daily).")
        sub.add_parser("expire", help="Mark certificates past their end as expired "
                                      "(run daily).")
        remind = sub.add_parser("expiring", help="List certificates ending soon without "
                                                 "a renewal.")
        remind.add_argument("--days", type=int, default=30)
        reminders = sub.add_parser("remind", help="E-mail the holders of certificates ending "
                                                  "soon, once each (run daily).")
        reminders.add_argument("--days", type=int, default=30)
        p12 = sub.add_parser("import-p12", help="Register an outside certificate with its key "
                                                "(PKCS#12); the password is read from "
                                                "EGOV_P12_PASSWORD.")
        p12.add_argument("file")
        p12.add_argument("--agency", required=True, help="Agency code (QCVN 102:2016).")
        p12.add_argument("--official", default=None,
                         help="User name of the official, for a personal certificate.")
        counts = sub.add_parser("counts", help="Counts by kind and status at a date.")
        counts.add_argument("--on", type=dt.date.fromisoformat, default=None)
        revoke = sub.add_parser("revoke", help="Revoke a certificate.")
        revoke.add_argument("cert")
        revoke.add_argument("--reason", type=int, required=True, help="RFC 5280 reason code.")
        revoke.add_argument("--note", default="")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            with acting_as(None, None):
                getattr(self, "_" + action.replace("-", "_"))(**options)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        except Conflict as exc:
            raise CommandError(exc.message) from None

    def _setup_ca(self, organisation: str, province: str, key_algorithm: str | None,
                  **_: Any) -> None:
        issuing = services.authority_setup_platform(
            actor=None, organisation=organisation, province=province,
            key_algorithm=key_algorithm)
        for authority in Authority.objects.filter(is_platform=True).order_by("role"):
            self.stdout.write(f"{authority.get_role_display()}: {authority.name} "
                              f"({authority.fingerprint[:16]}…)")
        self.stdout.write(self.style.SUCCESS(f"Issuing CA {issuing.slug} is in service."))

    def _import_ca(self, file: str, trusted: bool, **_: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        authority = services.authority_import(actor=None, certificate_bytes=path.read_bytes(),
                                              trusted=trusted)
        self.stdout.write(f"{authority.slug}: {authority.name} "
                          f"({'trusted' if authority.trusted else 'not trusted'})")

    def _publish_crl(self, **_: Any) -> None:
        for authority in Authority.objects.filter(is_platform=True, role__in=[
                Authority.Role.ROOT, Authority.Role.ISSUING]):
            authority = services.crl_publish(authority=authority)
            self.stdout.write(f"{authority.slug}: CRL #{authority.crl_number}, next update "
                              f"{timezone.localtime(authority.crl_next_update):%Y-%m-%d %H:%M}")

    def _expire(self, **_: Any) -> None:
        self.stdout.write(f"{services.certificates_expire()} certificate(s) expired.")

    def _expiring(self, days: int, **_: Any) -> None:
        for certificate in selectors.expiring(within_days=days):
            self.stdout.write(f"{timezone.localtime(certificate.valid_to):%Y-%m-%d}  "
                              f"{certificate.serial_number}  {certificate.common_name} "
                              f"({certificate.agency.short_name})")

    def _remind(self, days: int, **_: Any) -> None:
        self.stdout.write(f"{services.certificates_remind(within_days=days)} reminder(s) sent.")

    def _import_p12(self, file: str, agency: str, official: str | None, **_: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        holder_agency = Agency.objects.filter(code=agency).order_by("-valid_from").first()
        if holder_agency is None:
            raise CommandError(f"No agency with the code {agency}.")
        holder = None
        if official:
            holder = Official.objects.filter(user__username=official,
                                             agency=holder_agency).first()
            if holder is None:
                raise CommandError(f"No official {official} in {holder_agency}.")
        certificate = services.certificate_import(
            actor=None, signer_kind=SignerKind.INDIVIDUAL if holder else SignerKind.ORGANISATION,
            agency=holder_agency, official=holder, pkcs12=path.read_bytes(),
            password=os.environ.get("EGOV_P12_PASSWORD", ""),
        )
        self.stdout.write(f"{certificate.pk}: {certificate.common_name} "
                          f"({certificate.serial_number}), issued by {certificate.issuer}")

    def _counts(self, on: dt.date | None, **_: Any) -> None:
        on = on or timezone.localdate()
        counts = selectors.certificate_counts(on)
        for kind in ("organisation", "individual"):
            row = ", ".join(f"{status} {n}" for status, n in counts[kind].items())
            self.stdout.write(f"{kind}: {row}")
        self.stdout.write(f"active on {on:%d/%m/%Y}: {counts['active']}")

    def _revoke(self, cert: str, reason: int, note: str, **_: Any) -> None:
        certificate = services.certificate_revoke(
            actor=None, certificate=find_certificate(cert), reason_code=reason, note=note)
        self.stdout.write(f"Revoked {certificate.serial_number}; CRL reissued.")
