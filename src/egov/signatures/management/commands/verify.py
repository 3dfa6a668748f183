from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.signatures.serializers import VerificationReportSerializer
from egov.signatures.verification import verify_pdf


class Command(BaseCommand):
    help = ("Verify every signature of a PDF. Exit status 0 only when the file has signatures "
            "and every one is valid; 1 otherwise.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args: Any, file: str, json: bool, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        report = verify_pdf(path.read_bytes())
        if json:
            self.stdout.write(_dumps(VerificationReportSerializer(report).data))
        else:
            self.stdout.write(report.summary)
            for number, signature in enumerate(report.signatures, start=1):
                self.stdout.write(f"\n[{number}] {signature.field_name}: {signature.verdict}")
                self.stdout.write(f"    {signature.message}")
                if signature.chain:
                    self.stdout.write("    " + " → ".join(signature.chain))
                for note in signature.notes:
                    self.stdout.write(f"    {note}")
        if not report.all_valid:
            sys.exit(1)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
