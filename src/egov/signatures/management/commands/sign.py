from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from egov.core.context import acting_as
from egov.core.errors import Conflict
from egov.signatures import keys
from egov.signatures.management.commands._lookup import find_certificate
from egov.signatures.services import sign_pdf


class Command(BaseCommand):
    help = ("Sign a PDF with a certificate of the registry (PAdES, visible block, timestamp). "
            "The passphrase of a personal key is read from EGOV_SIGNING_PASSPHRASE or asked.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The PDF to sign (left untouched).")
        parser.add_argument("--cert", required=True,
                            help="Certificate id, uid or serial number.")
        parser.add_argument("--out", help="Where to write the signed PDF "
                                          "(default: FILE with -signed before .pdf).")
        parser.add_argument("--reason", default=None,
                            help="Reason shown in the signature (default: Phê duyệt).")
        parser.add_argument("--location", default="", help="Place shown in the signature.")
        parser.add_argument("--field", default=None, help="Signature field to fill or create.")

    def handle(self, *args: Any, file: str, cert: str, out: str | None, reason: str | None,
               location: str, field: str | None, **options: Any) -> None:
        if reason is None:
            with translation.override(settings.LANGUAGE_CODE):
                reason = _("Approved")
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"{file}: no such file.")
        target = Path(out) if out else source.with_name(f"{source.stem}-signed.pdf")
        if target.resolve() == source.resolve():
            raise CommandError("--out must not be the input file: the input is never changed.")
        certificate = find_certificate(cert)
        passphrase = None
        if certificate.key_blob and keys.needs_passphrase(bytes(certificate.key_blob)):
            passphrase = os.environ.get("EGOV_SIGNING_PASSPHRASE")
            if passphrase is None:
                if not sys.stdin.isatty():
                    raise CommandError("This key needs its passphrase: set "
                                       "EGOV_SIGNING_PASSPHRASE or run in a terminal.")
                passphrase = getpass.getpass("Passphrase: ")
        try:
            with acting_as(None, None):
                signed = sign_pdf(actor=None, pdf_bytes=source.read_bytes(),
                                  certificate=certificate, passphrase=passphrase,
                                  reason=reason, location=location, field_name=field)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        except Conflict as exc:
            raise CommandError(exc.message) from None
        target.write_bytes(signed)
        self.stdout.write(f"{target} ({len(signed)} bytes), signed by {certificate.common_name}")
