from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.indicators import report, selectors
from egov.indicators.base import Period

# Bad input exits with 2, like the indicators command.
BAD_INPUT = 2
KINDS = {".docx": "docx", ".pdf": "pdf"}


class Command(BaseCommand):
    help = ("Write a periodic report in the official layout: `egov report annual --year 2017 "
            "--agency STTTT --out report.docx` (or .pdf). See docs/indicators.md.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["annual"], help="The report: annual.")
        parser.add_argument("--year", required=True, help="The year reported on.")
        parser.add_argument("--agency", required=True,
                            help="The reporting agency: electronic identifier or unique "
                                 "short name (STTTT).")
        parser.add_argument("--out", required=True,
                            help="The file to write; .docx or .pdf says the format.")
        parser.add_argument("--agency-only", action="store_true",
                            help="Figures of the agency with the agencies under it, instead "
                                 "of the whole province.")
        parser.add_argument("--template", default=None,
                            help="A narrative template to use instead of the department's.")
        parser.add_argument("--number", type=int, default=None,
                            help="The number, when the report was already numbered.")
        parser.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                            help="The date of the place and date line (today by default).")
        parser.add_argument("--unit", default="VP",
                            help="Short name of the drafting unit in the symbol (VP).")

    def handle(self, *args: Any, kind: str, year: str, agency: str, out: str,
               agency_only: bool, template: str | None, number: int | None,
               date: str | None, unit: str, **options: Any) -> None:
        target = Path(out)
        errors: dict[str, list[str]] = {}
        file_kind = KINDS.get(target.suffix.lower())
        if file_kind is None:
            errors["out"] = [_("The file name ends in .docx or .pdf.")]
        elif not target.parent.is_dir():
            errors["out"] = [_("There is no directory %(path)s.") % {"path": target.parent}]
        found = None
        try:
            number_year = report.check_year(year)
            found = selectors.agency_lookup(agency, Period.year(number_year).end)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        day = timezone.localdate()
        if date:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError:
                errors["date"] = [_("“%(value)s” is not a date in the form YYYY-MM-DD.")
                                  % {"value": date}]
        text = None
        if template:
            try:
                text = report.template_text(template)
            except OSError as exc:
                errors["template"] = [str(exc)]
        if errors:
            self._bad(errors)
        try:
            built = report.build_annual(year=number_year, agency=found,
                                        whole_province=not agency_only, number=number,
                                        date=day, unit_code=unit, template=text)
        except ValidationError as exc:
            self._bad(exc.message_dict)
        report.write_report(report.render(built, file_kind), target)
        self.stdout.write(f"{target}: {built.document.title} ({found.name})")

    def _bad(self, errors: dict[str, list[str]]) -> None:
        raise CommandError("; ".join(f"--{name}: {' '.join(messages)}"
                                     for name, messages in errors.items()),
                           returncode=BAD_INPUT)
