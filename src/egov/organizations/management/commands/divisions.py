from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from egov.organizations import selectors, services
from egov.organizations.editions import EDITIONS


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("%(value)s is not a date of the form YYYY-MM-DD.")
                           % {"value": value}) from exc


class Command(BaseCommand):
    help = (
        "Administrative divisions. `egov divisions import --edition 2008|2025 [--province CODE]` "
        "loads an edition (again without harm); `egov divisions show CODE [--on DATE]` "
        "prints the commune → district → province chain of a code on a date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Load an edition of the divisions.")
        load.add_argument("--edition", required=True, choices=sorted(EDITIONS),
                          help="2008: the 63 provinces until 30 June 2025; 2025: from 1 July 2025.")
        load.add_argument("--province", help="Only this province (GSO code, e.g. 84).")
        show = sub.add_parser("show", help="The chain of a division code on a date.")
        show.add_argument("code")
        show.add_argument("--on", default=None, help="Date YYYY-MM-DD (default: today).")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "import":
            try:
                result = services.divisions_import(
                    actor=None, edition=options["edition"], province=options["province"]
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(self.style.SUCCESS(
                _("Edition %(edition)s: %(created)s created, %(updated)s updated, "
                  "%(unchanged)s unchanged, %(linked)s successor links set.")
                % {"edition": result.edition, "created": result.created,
                   "updated": result.updated, "unchanged": result.unchanged,
                   "linked": result.linked}
            ))
        else:
            on = _date(options["on"]) if options["on"] else dt.date.today()
            chain = selectors.division_chain_on(options["code"].strip(), on)
            if not chain:
                raise CommandError(_("No administrative division had the code %(code)s on "
                                     "%(date)s.") % {"code": options["code"], "date": on})
            for division in chain:
                self.stdout.write(f"{division.code}\t{division.name}\t{division.kind}")
