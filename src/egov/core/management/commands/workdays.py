from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from egov.core.calendar import selectors, services
from egov.core.calendar.dates import parse_date, parse_day_count
from egov.core.calendar.models import CalendarDay


def _message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = (
        "The working-day calendar: count deadlines, list a year's days off and make-up "
        "days, declare days. Dates as YYYY-MM-DD or DD/MM/YYYY."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Print the date N working days after DATE.")
        add.add_argument("date")
        add.add_argument("days", metavar="N")
        between = sub.add_parser(
            "between", help="Print the number of working days after A up to and including B."
        )
        between.add_argument("start", metavar="A")
        between.add_argument("end", metavar="B")
        listing = sub.add_parser("list", help="List the days off and make-up days of YEAR.")
        listing.add_argument("year", metavar="YEAR")
        declare = sub.add_parser("declare", help="Declare a day off or a make-up working day.")
        declare.add_argument("date")
        kind = declare.add_mutually_exclusive_group(required=True)
        kind.add_argument("--off", dest="kind", action="store_const",
                          const=CalendarDay.Kind.DAY_OFF)
        kind.add_argument("--working", dest="kind", action="store_const",
                          const=CalendarDay.Kind.WORKING_DAY)
        declare.add_argument("--name", required=True)
        declare.add_argument("--legal-basis", default="")
        remove = sub.add_parser("remove", help="Remove the declaration of DATE.")
        remove.add_argument("date")
        sub.add_parser("load-official",
                       help="Declare the Government's announced days the holidays package lacks.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, "_" + action.replace("-", "_"))(**options)
        except ValidationError as exc:
            raise CommandError(_message(exc), returncode=2) from exc

    def _add(self, *, date: str, days: str, **options: Any) -> None:
        start, count = parse_date(date), parse_day_count(days)
        self.stdout.write(selectors.add_working_days(start, count).isoformat())

    def _between(self, *, start: str, end: str, **options: Any) -> None:
        self.stdout.write(str(selectors.working_days_between(parse_date(start), parse_date(end))))

    def _list(self, *, year: str, **options: Any) -> None:
        if not (year.isascii() and year.isdigit()):
            raise CommandError(_("“%(value)s” is not a year.") % {"value": year}, returncode=2)
        for entry in selectors.year_overview(int(year)):
            state = _("working") if entry.working else _("day off")
            source = _("declared") if entry.source == "declared" else _("law")
            self.stdout.write(
                f"{entry.date.isoformat()}  {selectors.weekday_name(entry.date):<9}  "
                f"{state:<10}  {entry.name}  [{source}]"
            )

    def _declare(self, *, date: str, kind: str, name: str, legal_basis: str,
                 **options: Any) -> None:
        day = services.calendar_day_declare(
            actor=None, date=parse_date(date), kind=kind, name=name, legal_basis=legal_basis
        )
        self.stdout.write(self.style.SUCCESS(_("Declared: %(day)s") % {"day": day}))

    def _remove(self, *, date: str, **options: Any) -> None:
        day_date = parse_date(date)
        day = selectors.calendar_day_on(day_date)
        if day is None:
            raise CommandError(
                _("Nothing is declared on %(date)s.") % {"date": f"{day_date:%d/%m/%Y}"},
                returncode=2,
            )
        services.calendar_day_remove(actor=None, day=day)
        self.stdout.write(self.style.SUCCESS(_("Removed: %(day)s") % {"day": day}))

    def _load_official(self, **options: Any) -> None:
        declared, skipped = services.calendar_official_days_load(actor=None)
        self.stdout.write(self.style.SUCCESS(
            _("Official days declared: %(declared)s, already present: %(skipped)s.")
            % {"declared": declared, "skipped": skipped}
        ))
