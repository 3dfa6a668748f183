"""DOCX in the official layout, read back with python-docx."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from printing_samples import letter, report

from egov.printing import vietnamese as vn
from egov.printing.document import Appendix, Table
from egov.printing.docx import render_docx


def read(document) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(document)))


@pytest.fixture(scope="module")
def report_docx():
    return read(report())


def mm(*lengths) -> list[float]:
    """Lengths in millimetres to 0.1 mm: DOCX stores twentieths of a point."""
    return [round(length.mm, 1) for length in lengths]


def texts(paragraphs) -> list[str]:
    return [p.text for p in paragraphs if p.text]


def test_heading_table_holds_agency_motto_number_and_date(report_docx):
    heading = report_docx.tables[0]
    agency, motto = heading.cell(0, 0), heading.cell(0, 1)
    number, date = heading.cell(1, 0), heading.cell(1, 1)
    assert texts(agency.paragraphs) == ["UBND TỈNH TRÀ VINH", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"]
    assert [r.bold for r in agency.paragraphs[1].runs] == [True]
    assert texts(motto.paragraphs) == [vn.NATIONAL_NAME, vn.MOTTO]
    assert texts(number.paragraphs) == ["Số: 1407/BC-STTTT-VP"]
    assert texts(date.paragraphs) == ["Trà Vinh, ngày 03 tháng 11 năm 2017"]
    assert date.paragraphs[0].runs[0].italic is True
    # The motto is underlined by a paragraph border as long as the motto.
    assert motto.paragraphs[1]._p.pPr.find(qn("w:pBdr")) is not None


def test_title_body_and_numbered_headings(report_docx):
    paragraphs = texts(report_docx.paragraphs)
    assert paragraphs[:3] == [
        "BÁO CÁO",
        "Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018",
        "I. TÌNH HÌNH PHÁT TRIỂN LĨNH VỰC THÔNG TIN VÀ TRUYỀN THÔNG NĂM 2017",
    ]
    for heading in ["II. KẾT QUẢ TRIỂN KHAI THỰC HIỆN NHIỆM VỤ NĂM 2017",
                    "1. Về Bưu chính - Viễn thông", "2. Về Công nghệ thông tin",
                    "a) Ứng dụng trong cơ quan nhà nước",
                    "Bảng 1. Một số chỉ tiêu ứng dụng công nghệ thông tin"]:
        assert heading in paragraphs
    body = next(p for p in report_docx.paragraphs if p.text.startswith("Trong năm 2017"))
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert mm(body.paragraph_format.first_line_indent) == [10.0]


def test_data_table_with_header_row_repeated(report_docx):
    table = report_docx.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Chỉ tiêu", "Đơn vị", "Năm 2017"]
    assert [c.text for c in table.rows[3].cells] == [
        "3", "Người sử dụng hệ thống quản lý văn bản", "người", "7.582",
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1].cells[3].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.style.name == "Table Grid"


def test_recipients_and_signature(report_docx):
    closing = report_docx.tables[2]
    assert texts(closing.cell(0, 0).paragraphs) == [
        "Nơi nhận:",
        "- UBND tỉnh (b/c);",
        "- Bộ Thông tin và Truyền thông (b/c);",
        "- BGĐ Sở;",
        "- Lưu: VT, VP.",
    ]
    label = closing.cell(0, 0).paragraphs[0].runs[0]
    assert (label.bold, label.italic, label.font.size) == (True, True, Pt(12))
    assert closing.cell(0, 0).paragraphs[1].runs[0].font.size == Pt(11)
    assert texts(closing.cell(0, 1).paragraphs) == [
        "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Thanh",
    ]


def test_appendix_on_its_own_page(report_docx):
    label = next(p for p in report_docx.paragraphs if p.text == "PHỤ LỤC")
    assert label.paragraph_format.page_break_before is True
    assert (
        "(Kèm theo Báo cáo số 1407/BC-STTTT-VP ngày 03 tháng 11 năm 2017 "
        "của Sở Thông tin và Truyền thông)"
    ) in texts(report_docx.paragraphs)
    assert [c.text for c in report_docx.tables[3].rows[1].cells] == [
        "VNPT Trà Vinh", "120.500", "35.200",
    ]


def test_page_a4_margins_and_numbers_from_page_two(report_docx):
    section = report_docx.sections[0]
    assert mm(section.page_width, section.page_height) == [210.0, 297.0]
    assert mm(section.top_margin, section.bottom_margin) == [20.0, 20.0]
    assert mm(section.left_margin, section.right_margin) == [30.0, 15.0]
    assert section.different_first_page_header_footer is True
    assert section.first_page_header.paragraphs[0].text == ""
    field = section.header.paragraphs[0]._p.find(qn("w:fldSimple"))
    assert field.get(qn("w:instr")) == "PAGE"
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_times_new_roman_14_in_vietnamese(report_docx):
    normal = report_docx.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {
        "Times New Roman",
    }
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"


def test_core_properties(report_docx):
    properties = report_docx.core_properties
    assert properties.title == "Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018"
    assert properties.subject == "Số: 1407/BC-STTTT-VP"
    assert properties.author == "Sở Thông tin và Truyền thông"
    assert properties.category == "Báo cáo"
    assert properties.language == "vi-VN"


def test_letter_round_trip():
    document = read(letter(secrecy=vn.Secrecy.CONFIDENTIAL))
    number = document.tables[0].cell(1, 0)
    assert texts(number.paragraphs) == [
        "Số: 943/STTTT-BCVT",
        "V/v khắc phục việc chỉnh trang, làm gọn cáp trên địa bàn tỉnh",
        "MẬT",
        "KHẨN",
    ]
    stamp = number.paragraphs[3]
    assert stamp.runs[0].font.color.rgb == docx.shared.RGBColor(0xDD, 0, 0)
    assert stamp._p.pPr.find(qn("w:pBdr")) is not None
    paragraphs = texts(document.paragraphs)
    assert "BÁO CÁO" not in paragraphs
    assert paragraphs[:3] == [
        "Kính gửi: - UBND các huyện, thị xã, thành phố;",
        "- VNPT Trà Vinh;",
        "- Viettel Trà Vinh.",
    ]
    assert document.core_properties.category == "Công văn"
    assert texts(document.tables[1].cell(0, 1).paragraphs) == ["GIÁM ĐỐC", "Trần Thị Minh"]


def test_draft_round_trip():
    document = read(report(number=None, date=None))
    heading = document.tables[0]
    assert heading.cell(1, 0).text == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-STTTT-VP"
    assert heading.cell(1, 1).text.startswith("Trà Vinh, ngày\u00a0")


def test_landscape_appendix_gets_its_own_section():
    wide = Appendix(title="Danh sách", table=Table(columns=("A", "B"), rows=(("1", "2"),)),
                    landscape=True)
    document = read(report(appendices=(wide,)))
    first, appendix = document.sections
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert mm(appendix.page_width, appendix.page_height) == [297.0, 210.0]
    # Numbered on every page of the appendix; one PAGE field, shared by both sections.
    assert appendix.different_first_page_header_footer is False
    assert appendix.header.is_linked_to_previous is True
    assert len(first.header.paragraphs[0]._p.findall(qn("w:fldSimple"))) == 1


def test_pdf_and_docx_say_the_same(report_docx, tmp_path):
    from printing_pdf_tools import flat, poppler

    from egov.printing.pdf import official_pdf

    pdf_text = flat(poppler("pdftotext", data=official_pdf(report()), tmp_path=tmp_path))
    docx_texts = texts(report_docx.paragraphs)
    for table in report_docx.tables:
        for row in table.rows:
            for cell in row.cells:
                docx_texts += texts(cell.paragraphs)
    for text in docx_texts:
        assert flat(text) in pdf_text, text
