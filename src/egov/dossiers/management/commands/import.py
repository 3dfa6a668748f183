"""``egov import dossiers FILE``: bring dossiers in from an older system (CSV or XLSX,
columns in docs/dossiers.md). Bad rows are listed with their line numbers and nothing of
the file is kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from egov.dossiers.importing import import_dossiers


class Command(BaseCommand):
    help = "Import records from a file: egov import dossiers FILE"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["dossiers"], help="What the file holds.")
        parser.add_argument("file", type=Path, help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument("--source", default="",
                            help="Where the records come from, for the audit trail "
                                 "(default: the file's name).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check every row; create nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            result = import_dossiers(path, source=options["source"],
                                     dry_run=options["dry_run"])
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
        if result.problems:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(_("%(count)s problems in %(rows)s rows; nothing was imported.")
                               % {"count": len(result.problems), "rows": result.rows})
        if options["dry_run"]:
            self.stdout.write(_("%(rows)s rows checked; all can be imported.")
                              % {"rows": result.rows})
            return
        self.stdout.write(_("%(count)s dossiers imported.") % {"count": result.created})
        for (level, channel), count in sorted(result.by_level_and_channel.items()):
            self.stdout.write(f"  {_('level')} {level}, {channel}: {count}")
