from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.formats import number_format

from egov.indicators import exports, registry, selectors
from egov.indicators.base import Unit

# Bad input (a period ending before it starts, an unknown agency or code) exits with 2,
# like a usage error, so scripts can tell it from a failure of the platform.
BAD_INPUT = 2


class Command(BaseCommand):
    help = ("Compute the indicators for a period, for the whole province or one agency "
            "(with the agencies under it). JSON keys are the indicator codes "
            "(docs/indicators.md).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD",
                            help="First day of the period.")
        parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD",
                            help="Last day of the period (included).")
        parser.add_argument("--agency", default="",
                            help="Electronic identifier (000.00.31.H59) or unique short "
                                 "name (STTTT) of the agency.")
        parser.add_argument("--only", default="",
                            help="Comma-separated indicator codes (all by default).")
        parser.add_argument("--format", choices=["json", "csv", "table"], default="table")
        parser.add_argument("--list", action="store_true",
                            help="List the indicator codes with their meaning and stop.")

    def handle(self, *args: Any, start: str | None, end: str | None, agency: str, only: str,
               format: str, list: bool, **options: Any) -> None:
        if list:
            self._list()
            return
        try:
            selection = selectors.select(start=start, end=end, agency=agency or None,
                                         only=only or None)
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"--{name}: {' '.join(messages)}"
                          for name, messages in exc.message_dict.items()),
                returncode=BAD_INPUT,
            ) from None
        values = selection.figures()
        if format == "json":
            self.stdout.write(json.dumps(values, ensure_ascii=False, indent=2))
        elif format == "csv":
            table = exports.figures_table(selection.indicators, values, "")
            self.stdout.write(exports.to_csv(table), ending="")
        else:
            self._table(selection, values)

    def _table(self, selection: selectors.Selection, values: dict) -> None:
        where = selection.agency.name if selection.agency else "—"
        self.stdout.write(f"{selection.period}  {where}")
        width = max(len(i.code) for i in selection.indicators)
        for indicator in selection.indicators:
            value = values[indicator.code]
            shown = "—" if value is None else number_format(
                value, 2 if indicator.unit == Unit.PERCENT else None, force_grouping=True)
            if value is not None and indicator.unit == Unit.PERCENT:
                shown += " %"
            self.stdout.write(f"{indicator.code.ljust(width)}  {shown:>12}  {indicator.name}")

    def _list(self) -> None:
        for indicator in registry.all_indicators():
            self.stdout.write(f"{indicator.code}\t{indicator.unit}\t{indicator.measure}\t"
                              f"{','.join(indicator.dimensions)}\t{indicator.description}")
