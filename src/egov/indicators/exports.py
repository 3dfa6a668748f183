"""Indicator tables (bảng số liệu) as CSV and XLSX: the figures of a period, the same
against the previous period, month by month, agency by agency."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from egov.indicators.base import Indicator, Number, Period, Unit
from egov.indicators.selectors import Row
from egov.organizations.models import Agency


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]


def figures_table(indicators: Sequence[Indicator], values: dict[str, Number],
                  title: str) -> Table:
    headers = [_("Code"), _("Indicator"), pgettext("unit of measure", "Unit"), _("Value")]
    return Table(title, headers, [
        [i.code, str(i.name), _unit(i), values[i.code]] for i in indicators
    ])


def comparison_table(rows: Sequence[Row], period: Period, title: str) -> Table:
    previous = period.previous()
    return Table(title, [_("Code"), _("Indicator"), pgettext("unit of measure", "Unit"),
                         str(period), str(previous),
                         pgettext("difference between periods", "Change"),
                         pgettext("difference between periods", "Change (%)")], [
        [r.indicator.code, str(r.indicator.name), _unit(r.indicator), r.value, r.previous,
         r.change, r.change_percent] for r in rows
    ])


def months_table(indicator: Indicator, series: Sequence[tuple[Period, Number]],
                 title: str) -> Table:
    return Table(title, [_("Month"), pgettext("start of a period", "From"),
                         pgettext("end of a period", "To"), str(indicator.name)], [
        [f"{month.start:%m/%Y}", month.start, month.end, value] for month, value in series
    ])


def agencies_table(indicator: Indicator, parts: Sequence[tuple[Agency, bool, Number]],
                   title: str) -> Table:
    return Table(title, [_("Electronic identifier"), _("Agency"), _("With the agencies under it"),
                         str(indicator.name)], [
        [agency.code, agency.name, _("yes") if whole else _("no"), value]
        for agency, whole, value in parts
    ])


def _unit(indicator: Indicator) -> str:
    return str(Unit(indicator.unit).label)


def _cell(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def to_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    # Excel forbids some characters in sheet names and allows 31 of the rest.
    sheet.title = "".join(c for c in table.title if c not in '[]:*?/\\')[:31] or "Sheet1"
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(table.headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(["" if v is None else v for v in row])
    for index, header in enumerate(table.headers, start=1):
        width = max([len(str(header))] + [len(str(_cell(r[index - 1]))) for r in table.rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
