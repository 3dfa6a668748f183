from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.core.audit import verify_chain
from egov.core.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Audit trail tools. `egov audit verify` checks that no entry was altered, "
        "removed or inserted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Walk the hash chain; exit 1 naming the first broken entry.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "verify":
            broken = verify_chain()
            if broken is not None:
                raise CommandError(f"Audit trail broken at entry {broken}", returncode=1)
            count = AuditEntry.objects.count()
            self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {count} entries."))
