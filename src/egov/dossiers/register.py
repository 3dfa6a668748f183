"""The tracking register (sổ theo dõi hồ sơ, Circular 01/2018/TT-VPCP) as rows and XLSX.

The XLSX is written row by row (openpyxl's write-only mode), so a year of a large
agency's dossiers does not sit in memory as a workbook.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from egov.dossiers.models import Dossier
from egov.dossiers.timeliness import local_tz

# The register's columns, in Vietnamese as the form has them.
COLUMNS = [
    ("STT", 6), ("Mã hồ sơ", 28), ("Tên thủ tục hành chính", 48),
    ("Tên người nộp hồ sơ", 26), ("Địa chỉ, số điện thoại", 36), ("Kênh tiếp nhận", 14),
    ("Ngày, giờ nhận hồ sơ", 18), ("Ngày hẹn trả kết quả", 14),
    ("Ngày có kết quả", 18), ("Ngày trả kết quả", 18), ("Người nhận kết quả", 24),
    ("Tình trạng", 20), ("Trước hạn / đúng hạn / quá hạn", 18), ("Ghi chú", 30),
]
_CHANNELS = {"online": "Trực tuyến", "desk": "Trực tiếp", "post": "Bưu chính"}
_TIMELINESS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn",
               "in_progress": "Đang giải quyết", "overdue": "Đang giải quyết, quá hạn"}


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    return timezone.localtime(moment, local_tz()).replace(tzinfo=None)


def row_values(number: int, dossier: Dossier) -> list[Any]:
    note = dossier.closing_reason
    if dossier.original_due_date:
        note = f"Hẹn lại ngày {dossier.due_date:%d/%m/%Y}. {note}".strip()
    return [
        number, dossier.code, dossier.version.name, dossier.applicant_name,
        ", ".join(p for p in (dossier.applicant_address, dossier.applicant_phone) if p),
        _CHANNELS.get(dossier.channel, dossier.channel), _local(dossier.received_at),
        dossier.original_due_date or dossier.due_date, _local(dossier.finished_at),
        _local(dossier.returned_at), dossier.returned_to,
        str(dossier.get_status_display()),
        _TIMELINESS.get(getattr(dossier, "timeliness", ""), ""), note,
    ]


def register_xlsx(rows: Iterable[Dossier], *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("So theo doi ho so")
    for index, (_name, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A3"
    heading = WriteOnlyCell(sheet, value=title)
    heading.font = Font(bold=True, size=13)
    sheet.append([heading])
    header = []
    for name, _width in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        header.append(cell)
    sheet.append(header)
    for number, dossier in enumerate(rows, start=1):
        values = row_values(number, dossier)
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
