"""Registers as spreadsheets (openpyxl), in the layout of Decree 30/2020, Appendix IV.

The headings are the register's own, in Vietnamese whatever the reader's language: the
spreadsheet is the agency's register, printed and signed as such.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from egov.documents.reports import HEADINGS, AppendixRow
from egov.documents.selectors import IncomingRow, OutgoingRow
from egov.organizations.models import Agency

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INCOMING_COLUMNS = [
    ("Ngày đến", 12), ("Số đến", 8), ("Tác giả", 28), ("Số, ký hiệu", 20),
    ("Ngày tháng", 12), ("Tên loại và trích yếu nội dung", 50),
    ("Đơn vị hoặc người nhận", 26), ("Ngày chuyển", 12), ("Ký nhận", 12), ("Ghi chú", 20),
]
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _day(value: object) -> str:
    return value.strftime("%d/%m/%Y") if value else ""  # type: ignore[attr-defined]


def _sheet(title: str, agency: Agency, heading: str, year: int,
           columns: Sequence[tuple[str, int]]) -> tuple[Workbook, object]:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append([agency.name.upper()])
    sheet.append([heading])
    sheet.append([f"Năm {year}"])
    sheet.append([])
    sheet.append([name for name, _width in columns])
    sheet.append([f"({i})" for i in range(1, len(columns) + 1)])
    last = get_column_letter(len(columns))
    for row in (2, 3):
        sheet.merge_cells(f"A{row}:{last}{row}")
        sheet[f"A{row}"].alignment = Alignment(horizontal="center")
        sheet[f"A{row}"].font = Font(bold=True, size=14 if row == 2 else 12)
    sheet["A1"].font = Font(bold=True)
    for index, (_name, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        for row in (5, 6):
            cell = sheet.cell(row=row, column=index)
            cell.font = Font(bold=row == 5, italic=row == 6)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = _BOX
    sheet.freeze_panes = "A7"
    sheet.print_title_rows = "5:6"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    return book, sheet


def _finish(book: Workbook, sheet: object, width: int) -> bytes:
    for row in sheet.iter_rows(min_row=7):  # type: ignore[attr-defined]
        for cell in row[:width]:
            cell.border = _BOX
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def incoming_register_xlsx(agency: Agency, register_name: str, year: int,
                           rows: Sequence[IncomingRow]) -> bytes:
    """The incoming register (sổ đăng ký văn bản đến): ten columns of Appendix IV."""
    book, sheet = _sheet("So den", agency, register_name.upper(), year, INCOMING_COLUMNS)
    for row in rows:
        sheet.append([  # type: ignore[attr-defined]
            _day(row.arrival_date), row.arrival_number, row.issuer, row.number_symbol,
            _day(row.document_date), row.type_and_summary, row.received_by,
            _day(row.transferred_on), "", row.notes,
        ])
    return _finish(book, sheet, len(INCOMING_COLUMNS))


OUTGOING_COLUMNS = [
    ("Số, ký hiệu văn bản", 20), ("Ngày tháng văn bản", 12),
    ("Tên loại và trích yếu nội dung văn bản", 50), ("Người ký", 20), ("Nơi nhận văn bản", 30),
    ("Đơn vị, người nhận bản lưu", 16), ("Số lượng bản", 8), ("Ngày chuyển", 12),
    ("Ký nhận", 12), ("Ghi chú", 16),
]


def outgoing_register_xlsx(agency: Agency, register_name: str, year: int,
                           rows: Sequence[OutgoingRow]) -> bytes:
    """The outgoing register (sổ đăng ký văn bản đi): ten columns of Appendix IV."""
    book, sheet = _sheet("So di", agency, register_name.upper(), year, OUTGOING_COLUMNS)
    for row in rows:
        sheet.append([  # type: ignore[attr-defined]
            row.number_symbol, _day(row.issued_date), row.type_and_summary, row.signer,
            row.recipients, row.file_copy, row.copies, _day(row.transferred_on), "",
            row.notes,
        ])
    return _finish(book, sheet, len(OUTGOING_COLUMNS))


def appendix_xlsx(title: str, period: str, rows: Sequence[AppendixRow]) -> bytes:
    """The list of documents of a period, as the report's appendix has it."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Phu luc"
    sheet.append(["PHỤ LỤC"])
    sheet.append([title])
    sheet.append([period])
    sheet.append([])
    sheet.append(list(HEADINGS))
    for row in (1, 2, 3):
        sheet.merge_cells(f"A{row}:D{row}")
        sheet[f"A{row}"].alignment = Alignment(horizontal="center", wrap_text=True)
        sheet[f"A{row}"].font = Font(bold=row < 3, italic=row == 3)
    for index, width in enumerate((6, 34, 30, 70), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=5, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
    for number, row in enumerate(rows, start=1):
        sheet.append([number, row.reference, row.issuer, row.summary])
    for line in sheet.iter_rows(min_row=6):
        for cell in line[:4]:
            cell.border = _BOX
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A6"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def appendix_docx(title: str, period: str, rows: Sequence[AppendixRow]) -> bytes:
    """The same list as a Word document in Times New Roman, A4, margins of Decree 30."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for text, bold, italic in (("PHỤ LỤC", True, False), (title, True, False),
                               (period, False, True)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
    table = document.add_table(rows=1 + len(rows), cols=4)
    table.style = document.styles["Table Grid"]
    for cell, heading in zip(table.rows[0].cells, HEADINGS, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for number, (row, line) in enumerate(zip(rows, table.rows[1:], strict=True), start=1):
        for cell, value in zip(line.cells, (str(number), row.reference, row.issuer,
                                            row.summary), strict=True):
            cell.text = value
    for line in table.rows:
        for cell, width in zip(line.cells, (12, 45, 40, 68), strict=True):
            cell.width = Mm(width)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
