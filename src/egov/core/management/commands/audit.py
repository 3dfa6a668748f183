from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from egov.core.audit import chain_head, verify_chain


class Command(BaseCommand):
    help = (
        "Audit trail tools. `egov audit verify` checks that no entry was altered, "
        "removed or inserted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "verify", help="Walk the hash chain; exit 1 naming the first broken entry."
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "verify":
            broken = verify_chain()
            if broken is not None:
                raise CommandError(
                    _("Audit trail broken at %(break)s.") % {"break": broken}, returncode=1
                )
            head = chain_head()
            # The last hash is printed so it can be kept outside the database: a
            # trail cut short together with its head is only caught by comparing it.
            self.stdout.write(self.style.SUCCESS(
                _("Audit trail intact: %(count)s entries, last hash %(hash)s.")
                % {"count": head.sequence, "hash": head.last_hash}
            ))
