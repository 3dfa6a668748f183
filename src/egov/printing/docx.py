"""DOCX in the official layout, built with python-docx from an ``OfficialDocument``.

Officials finish and edit documents in Word or LibreOffice, so the DOCX names Times New
Roman (what Decree 30 prescribes and their computers have) and is made of ordinary
paragraphs and tables: a two-column heading table without borders, the title, the body,
a closing table with "Nơi nhận" and the signature, the appendices. The page number is a
PAGE field in the header of every page but the first.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from egov.printing import vietnamese as vn
from egov.printing.document import Figure, Heading, OfficialDocument, Paragraph, Table
from egov.printing.fonts import DOCX_FONT, text_width_pt

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
# Decree 30: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
CONTENT_MM = 210 - 30 - 15
LEFT_COLUMN_MM, RIGHT_COLUMN_MM = CONTENT_MM * 0.46, CONTENT_MM * 0.54
STAMP_RED = RGBColor(0xDD, 0x00, 0x00)
# The stamp sizes of Decree 30: HỎA TỐC 30 mm, THƯỢNG KHẨN 40 mm, KHẨN 20 mm wide.
STAMP_WIDTH_MM = {vn.Urgency.FLASH: 30, vn.Urgency.VERY_URGENT: 40, vn.Urgency.URGENT: 20}

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
MM_PER_PT = 25.4 / 72


def _set_fonts(rpr: OxmlElement) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), DOCX_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def _write(
    paragraph: DocxParagraph,
    text: str,
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: str = "center",
    before: float = 0,
    after: float = 0,
    color: RGBColor | None = None,
) -> DocxParagraph:
    paragraph.alignment = _ALIGN[align]
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
        if color is not None:
            run.font.color.rgb = color
    return paragraph


def _next_paragraph(container: _Cell, first: list[bool]) -> DocxParagraph:
    """The cell's own empty first paragraph, then new ones: a cell never starts with a
    stray blank line."""
    if first[0]:
        first[0] = False
        return container.paragraphs[0]
    return container.add_paragraph()


def _border(paragraph: DocxParagraph, sides: Sequence[str], *, color: str = "000000",
            size_eighths: int = 6, space: int = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size_eighths))
        edge.set(qn("w:space"), str(space))
        edge.set(qn("w:color"), color)
        borders.append(edge)
    ppr.append(borders)


def _rule(paragraph: DocxParagraph, *, column_mm: float, length_mm: float,
          after: float = 0) -> None:
    """Make ``paragraph`` a centred horizontal rule ``length_mm`` long: empty, a few
    points high, its bottom border running between its indents."""
    side = max((column_mm - length_mm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(side)
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    fmt.line_spacing = Pt(3)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    paragraph._p.get_or_add_pPr().append(mark)
    _border(paragraph, ["bottom"], space=0)


def _width_mm(text: str, size: float, *, bold: bool = False) -> float:
    return text_width_pt(text, size, bold=bold) * MM_PER_PT


def _widths(table: DocxTable, widths_mm: Sequence[float], *, padding: bool = True) -> None:
    """Fixed column widths, which Word reads from the cells and LibreOffice from the grid;
    without ``padding`` the cells have no inner margins, so a heading line may use the
    column's full width."""
    table.autofit = False
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    if not padding:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:w"), "0")
            edge.set(qn("w:type"), "dxa")
            margins.append(edge)
        tblpr.append(margins)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _no_split(table: DocxTable) -> None:
    for row in table.rows:
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))


def _heading(docx: Document, document: OfficialDocument) -> None:
    table = docx.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (LEFT_COLUMN_MM, RIGHT_COLUMN_MM), padding=False)

    agency_cell, motto_cell = table.cell(0, 0), table.cell(0, 1)
    first = [True]
    lines = document.header_lines
    for line in lines[:-1]:
        _write(_next_paragraph(agency_cell, first), line, size=12)
    name = lines[-1]
    _write(_next_paragraph(agency_cell, first), name, size=12, bold=True)
    # The rule under the agency name: 40 % of the name's line, as in the PDF.
    name_mm = min(_width_mm(name, 12, bold=True), LEFT_COLUMN_MM)
    _rule(_next_paragraph(agency_cell, first), column_mm=LEFT_COLUMN_MM,
          length_mm=name_mm * 0.4)

    first = [True]
    _write(_next_paragraph(motto_cell, first), vn.NATIONAL_NAME, size=12, bold=True)
    motto = _write(_next_paragraph(motto_cell, first), vn.MOTTO, size=13, bold=True)
    # The rule under the motto is exactly as long as the motto: a bottom border between
    # indents that leave the motto's width.
    side = max((RIGHT_COLUMN_MM - _width_mm(vn.MOTTO, 13, bold=True)) / 2 - 0.5, 0)
    motto.paragraph_format.left_indent = motto.paragraph_format.right_indent = Mm(side)
    _border(motto, ["bottom"])

    number_cell, date_cell = table.cell(1, 0), table.cell(1, 1)
    first = [True]
    _write(_next_paragraph(number_cell, first), document.number_symbol, size=13, before=7)
    if document.is_letter:
        _write(_next_paragraph(number_cell, first), document.subject_line, size=13, before=2)
    for stamp in (document.secrecy, document.urgency):
        if stamp is None:
            continue
        paragraph = _write(_next_paragraph(number_cell, first), stamp.value, size=13,
                           bold=True, before=6, color=STAMP_RED)
        width = STAMP_WIDTH_MM.get(stamp, _width_mm(stamp.value, 13, bold=True) + 6)
        side = max((LEFT_COLUMN_MM - width) / 2, 0)
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Mm(side)
        _border(paragraph, ["top", "left", "bottom", "right"], color="DD0000", space=2)
    first = [True]
    _write(_next_paragraph(date_cell, first), document.place_date, italic=True, before=6)


def _title(docx: Document, document: OfficialDocument) -> None:
    if document.is_letter:
        return
    for text, before in ((document.type_heading, 18), (document.title, 0)):
        paragraph = _write(docx.add_paragraph(), text, bold=True, before=before)
        paragraph.paragraph_format.keep_with_next = True
    length = min(_width_mm(document.title, 14, bold=True), CONTENT_MM) * 0.4
    _rule(docx.add_paragraph(), column_mm=CONTENT_MM, length_mm=length, after=12)


def _addressees(docx: Document, document: OfficialDocument) -> None:
    lines = document.addressee_lines
    if not lines:
        return
    label = f"{vn.ADDRESSEES_LABEL}: "
    label_mm = _width_mm(label, 14)
    widest = max(_width_mm(line, 14) for line in lines)
    # Centre the block of "Kính gửi:" and its lines, the lines aligned under each other.
    start = max((CONTENT_MM - label_mm - widest) / 2, 0) + label_mm
    for index, line in enumerate(lines):
        paragraph = _write(docx.add_paragraph(), (label if index == 0 else "") + line,
                           align="left", before=12 if index == 0 else 0)
        fmt = paragraph.paragraph_format
        fmt.left_indent = Mm(start)
        fmt.first_line_indent = Mm(-label_mm) if index == 0 else None
    docx.paragraphs[-1].paragraph_format.space_after = Pt(6)


def _body_paragraph(docx: Document, text: str, *, bold: bool = False,
                    italic: bool = False) -> DocxParagraph:
    paragraph = _write(docx.add_paragraph(), text, bold=bold, italic=italic,
                       align="justify", after=6)
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Mm(10)
    fmt.line_spacing = 1.2
    return paragraph


def _table(docx: Document, table: Table, *, width_mm: float = CONTENT_MM) -> None:
    if table.title:
        title = _write(docx.add_paragraph(), table.title, bold=True, before=6, after=3)
        title.paragraph_format.keep_with_next = True
    grid = docx.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = docx.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(grid, [width_mm * percent / 100 for percent in table.width_percents])
    header = grid.rows[0]
    # Repeat the header row on every page the table runs onto.
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header.cells, table.columns, strict=True):
        _write(cell.paragraphs[0], text, size=13, bold=True)
    for row, values in zip(grid.rows[1:], table.rows, strict=True):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, text, align in zip(row.cells, values, table.align, strict=True):
            _write(cell.paragraphs[0], text, size=13, align=align)
    docx.add_paragraph().paragraph_format.space_after = Pt(0)


def _body(docx: Document, document: OfficialDocument) -> None:
    for block, label in document.numbered_body():
        if isinstance(block, Heading):
            text = f"{label} {block.display_text}" if label else block.display_text
            paragraph = _body_paragraph(docx, text, bold=True, italic=block.level == 3)
            paragraph.paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            _body_paragraph(docx, block.text)
        elif isinstance(block, Figure):
            _figure(docx, block)
        else:
            _table(docx, block)


def _figure(docx: Document, figure: Figure) -> None:
    paragraph = docx.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_together = True
    paragraph.add_run().add_picture(io.BytesIO(figure.png), width=Mm(figure.width_mm))


def _closing(docx: Document, document: OfficialDocument) -> None:
    table = docx.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (CONTENT_MM * 0.45, CONTENT_MM * 0.55), padding=False)
    left, right = table.cell(0, 0), table.cell(0, 1)
    _no_split(table)

    first = [True]
    if document.recipients_lines:
        _write(_next_paragraph(left, first), f"{vn.RECIPIENTS_LABEL}:", size=12, bold=True,
               italic=True, align="left", before=6)
        for line in document.recipients_lines:
            _write(_next_paragraph(left, first), line, size=11, align="left")

    first = [True]
    for index, line in enumerate(document.signer.title_lines):
        _write(_next_paragraph(right, first), line, bold=True, before=6 if index == 0 else 0)
    # Room for the handwritten signature and the seal, or the signature image.
    _next_paragraph(right, first).paragraph_format.space_after = Pt(60)
    _write(_next_paragraph(right, first), document.signer.name, bold=True)


def _appendices(docx: Document, document: OfficialDocument) -> None:
    for index, appendix in enumerate(document.appendices):
        if appendix.landscape:
            section = docx.add_section()
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
            width_mm = 297 - 20 - 20
            section.left_margin = section.right_margin = Mm(20)
            section.top_margin, section.bottom_margin = Mm(30), Mm(15)
        else:
            width_mm = CONTENT_MM
        label = _write(docx.add_paragraph(), document.appendix_label(index), bold=True)
        label.paragraph_format.page_break_before = not appendix.landscape
        _write(docx.add_paragraph(), appendix.title, bold=True)
        _write(docx.add_paragraph(), document.appendix_reference, italic=True, after=9)
        _table(docx, appendix.table, width_mm=width_mm)


def _page_numbers(docx: Document) -> None:
    """A PAGE field centred in the header, and an empty header on the first page. Later
    sections (a landscape appendix) share the header, numbered on every page."""
    for index, section in enumerate(docx.sections):
        section.different_first_page_header_footer = index == 0
        section.header_distance = Mm(10)
    paragraph = docx.sections[0].header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "28")
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _styles(docx: Document) -> None:
    normal = docx.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(14)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    for name in ("Table Grid", "Normal Table"):
        style = docx.styles[name]
        _set_fonts(style.element.get_or_add_rPr())


def render_docx(document: OfficialDocument) -> bytes:
    """``document`` as a DOCX (bytes), for officials to edit; ``pdf.official_pdf`` gives
    the same document as a PDF."""
    docx = Document()
    _styles(docx)
    section = docx.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.orientation = WD_ORIENT.PORTRAIT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT

    _heading(docx, document)
    _title(docx, document)
    _addressees(docx, document)
    _body(docx, document)
    _closing(docx, document)
    _appendices(docx, document)
    _page_numbers(docx)

    properties = docx.core_properties
    properties.title = document.title
    properties.subject = document.number_symbol
    properties.author = properties.last_modified_by = document.agency
    properties.category = document.type_name or "Công văn"
    properties.language = "vi-VN"
    properties.keywords = ""
    properties.comments = ""
    properties.created = properties.modified = timezone.now()
    properties.revision = 1

    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()
