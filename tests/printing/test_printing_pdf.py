"""PDF in the official layout: text, fonts, page numbers, margins, slips, safety."""

from __future__ import annotations

import base64
import datetime as dt
import io
import logging
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from printing_pdf_tools import (
    embedded_fonts,
    flat,
    page_count,
    page_text,
    poppler,
    top_margin_text,
    word_boxes,
)
from printing_samples import LONG_PARAGRAPH, letter, report
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import SigFieldSpec, append_signature_field

from egov.printing import vietnamese as vn
from egov.printing.document import Appendix, Signer, Table
from egov.printing.pdf import PrintingError, official_pdf, render_pdf, signature_box

LIBERATION = {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic",
              "Liberation-Serif-Bold-Italic"}
MM = 72 / 25.4
A4_WIDTH = 210 * MM
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return official_pdf(report())


@pytest.fixture(scope="module")
def letter_pdf() -> bytes:
    return official_pdf(letter())


def test_report_pdf_carries_the_official_text(report_pdf, tmp_path):
    text = flat(poppler("pdftotext", data=report_pdf, tmp_path=tmp_path))
    for expected in [
        "UBND TỈNH TRÀ VINH",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 1407/BC-STTTT-VP",
        "Trà Vinh, ngày 03 tháng 11 năm 2017",
        "BÁO CÁO Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018",
        "I. TÌNH HÌNH PHÁT TRIỂN LĨNH VỰC THÔNG TIN VÀ TRUYỀN THÔNG NĂM 2017",
        "II. KẾT QUẢ TRIỂN KHAI THỰC HIỆN NHIỆM VỤ NĂM 2017",
        "1. Về Bưu chính - Viễn thông",
        "Bảng 1. Một số chỉ tiêu ứng dụng công nghệ thông tin",
        "Người sử dụng hệ thống quản lý văn bản người 7.582",
        "2. Về Công nghệ thông tin",
        "a) Ứng dụng trong cơ quan nhà nước",
        "Nơi nhận:",
        "- UBND tỉnh (b/c); - Bộ Thông tin và Truyền thông (b/c); - BGĐ Sở; - Lưu: VT, VP.",
        "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
        "Nguyễn Văn Thanh",
        "PHỤ LỤC Số liệu phát triển thuê bao năm 2017 (Kèm theo Báo cáo số "
        "1407/BC-STTTT-VP ngày 03 tháng 11 năm 2017 của Sở Thông tin và Truyền thông)",
        "Viettel Trà Vinh 410.300 28.900",
    ]:
        assert expected in text, expected
    # The summary of a report is its title, not a "V/v" line.
    assert "V/v" not in text


def test_report_pdf_embeds_liberation_serif_and_nothing_else(report_pdf, tmp_path):
    assert embedded_fonts(report_pdf, tmp_path) == LIBERATION


def test_report_pdf_is_a4_with_title_and_author(report_pdf, tmp_path):
    info = flat(poppler("pdfinfo", data=report_pdf, tmp_path=tmp_path))
    assert "Page size: 595.276 x 841.89 pts (A4)" in info
    assert "Title: BÁO CÁO Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018" in info
    assert "Author: Sở Thông tin và Truyền thông" in info


def test_page_numbers_start_on_page_two(report_pdf, tmp_path):
    pages = page_count(report_pdf, tmp_path)
    assert pages == 4
    assert top_margin_text(report_pdf, 1, tmp_path) == ""
    assert [top_margin_text(report_pdf, page, tmp_path) for page in range(2, pages + 1)] == [
        "2", "3", "4",
    ]
    # The number is centred across the page's text block (30 mm left, 15 mm right).
    number = [box for box in word_boxes(report_pdf, 2, tmp_path) if box[2] < 20 * MM]
    assert [box[0] for box in number] == ["2"]
    centre = (number[0][1] + number[0][3]) / 2
    assert centre == pytest.approx((30 * MM + A4_WIDTH - 15 * MM) / 2, abs=1)


def test_text_stays_inside_the_margins(report_pdf, tmp_path):
    boxes = [box for box in word_boxes(report_pdf, 2, tmp_path) if box[2] > 20 * MM]
    left = min(box[1] for box in boxes)
    right = max(box[3] for box in boxes)
    assert left == pytest.approx(30 * MM, abs=0.5)
    # Justified lines reach the right margin (15 mm) and do not cross it.
    assert A4_WIDTH - 15 * MM - 1 < right <= A4_WIDTH - 15 * MM + 0.5
    assert max(box[4] for box in boxes) <= 297 * MM - 20 * MM


def test_place_date_line_is_italic_and_on_the_number_line(report_pdf, tmp_path):
    boxes = word_boxes(report_pdf, 1, tmp_path)
    number = next(box for box in boxes if box[0] == "1407/BC-STTTT-VP")
    date = next(box for box in boxes if box[0] == "2017" and box[1] > A4_WIDTH / 2)
    assert number[3] < A4_WIDTH / 2  # under the agency, on the left
    assert date[4] == pytest.approx(number[4], abs=2)  # one line, both columns


def test_letter_has_subject_addressees_urgency_and_one_unnumbered_page(letter_pdf, tmp_path):
    text = flat(poppler("pdftotext", data=letter_pdf, tmp_path=tmp_path))
    for expected in [
        "Số: 943/STTTT-BCVT",
        "V/v khắc phục việc chỉnh trang, làm gọn cáp trên địa bàn tỉnh",
        "KHẨN",
        "Trà Vinh, ngày 01 tháng 8 năm 2017",
        "Kính gửi: - UBND các huyện, thị xã, thành phố; - VNPT Trà Vinh; - Viettel Trà Vinh.",
        "- Như trên; - Lưu: VT, BCVT.",
        "GIÁM ĐỐC",
        "Trần Thị Minh",
    ]:
        assert expected in text, expected
    assert "BÁO CÁO" not in text
    assert page_count(letter_pdf, tmp_path) == 1
    assert top_margin_text(letter_pdf, 1, tmp_path) == ""


def test_draft_leaves_number_and_date_blank(tmp_path):
    data = official_pdf(report(number=None, date=None, appendices=(), body=()))
    text = flat(poppler("pdftotext", data=data, tmp_path=tmp_path))
    assert "Số: /BC-STTTT-VP" in text
    assert "Trà Vinh, ngày tháng năm" in text


def test_stamps_of_secrecy_and_urgency(tmp_path):
    data = official_pdf(letter(urgency=vn.Urgency.FLASH, secrecy=vn.Secrecy.SECRET))
    lines = page_text(data, 1, tmp_path)
    assert "TỐI MẬT" in lines
    assert "HỎA TỐC" in lines


def test_landscape_appendix(tmp_path):
    wide = Appendix(
        title="Danh sách điểm cung cấp dịch vụ trò chơi điện tử công cộng",
        table=Table(columns=tuple(f"Cột {n}" for n in range(1, 9)),
                    rows=(tuple(str(n) for n in range(1, 9)),)),
        landscape=True,
    )
    data = official_pdf(report(appendices=(wide,)))
    info = poppler("pdfinfo", "-f", "1", "-l", "4", data=data, tmp_path=tmp_path)
    sizes = [line.split(":", 1)[1].strip() for line in info.splitlines()
             if line.startswith("Page") and "size" in line]
    assert sizes[0] == "595.276 x 841.89 pts (A4)"
    assert sizes[-1] == "841.89 x 595.276 pts (A4)"
    assert "PHỤ LỤC Danh sách điểm" in flat(page_text(data, 4, tmp_path))


def test_several_appendices_are_numbered(tmp_path):
    table = Table(columns=("A",), rows=(("1",),))
    data = official_pdf(report(appendices=(Appendix("Một", table), Appendix("Hai", table))))
    text = flat(poppler("pdftotext", data=data, tmp_path=tmp_path))
    assert "PHỤ LỤC I Một" in text
    assert "PHỤ LỤC II Hai" in text


def test_rendering_reports_no_layout_warnings(caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        official_pdf(letter(secrecy=vn.Secrecy.CONFIDENTIAL))
    assert [record.getMessage() for record in caplog.records] == []


def receipt_context(**changes):
    context = {
        "parent_agency": "UBND tỉnh Trà Vinh",
        "agency": "Sở Thông tin và Truyền thông",
        "place_date": vn.place_date_line("Trà Vinh", dt.date(2017, 11, 3)),
        "slip_title": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "slip_subtitle": "Mã hồ sơ: 000.00.32.H58-171103-0001",
        "applicant": "Thạch Sa Rây",
        "applicant_khmer": "វត្តកំពង់",
        "address": "ấp Trì Phong, xã Hòa Lợi, huyện Châu Thành",
        "procedure": "Cấp giấy phép xuất bản tài liệu không kinh doanh",
        "received_at": dt.datetime(2017, 11, 3, 14, 5, tzinfo=VN),
        "due_at": dt.datetime(2017, 11, 17, 14, 5, tzinfo=VN),
        "fee": 4_000_000,
        "submitter_name": "Thạch Sa Rây",
        "receiver_name": "Lê Thị Hồng",
    }
    context.update(changes)
    return context


@pytest.mark.usefixtures("test_templates")
def test_receipt_slip_from_a_child_template(tmp_path):
    data = render_pdf("printing_tests/receipt_slip.html", receipt_context())
    text = flat(poppler("pdftotext", data=data, tmp_path=tmp_path))
    for expected in [
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mã hồ sơ: 000.00.32.H58-171103-0001",
        "Sở Thông tin và Truyền thông tiếp nhận hồ sơ của: Thạch Sa Rây",
        "1. Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 03 tháng 11 năm 2017",
        "2. Thời gian trả kết quả giải quyết hồ sơ: 14 giờ 05 phút, ngày 17 tháng 11 năm 2017",
        "3. Lệ phí: 4.000.000 đồng (Bốn triệu đồng)",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI NHẬN HỒ SƠ",
        "(Ký và ghi rõ họ tên)",
        "Lê Thị Hồng",
    ]:
        assert expected in text, expected
    # Khmer is set in a Khmer font, not in boxes: the text comes back out of the PDF.
    assert "វត្តកំពង់" in text
    assert embedded_fonts(data, tmp_path) == {
        "Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic",
        "Khmer-OS-Siemreap",
    }
    assert page_count(data, tmp_path) == 1
    assert "Nơi nhận" not in text


@pytest.mark.usefixtures("test_templates")
def test_slip_signed_by_the_agency_uses_the_official_closing(tmp_path):
    context = receipt_context(
        slip_title="Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        signer=Signer(position="Giám đốc", name="Trần Thị Minh"),
        recipients_lines=vn.recipients_lines(["Ông Thạch Sa Rây"], ["VT", "VP"]),
    )
    text = flat(poppler("pdftotext", data=render_pdf("printing_tests/receipt_slip.html",
                                                     context), tmp_path=tmp_path))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Nơi nhận: - Ông Thạch Sa Rây; - Lưu: VT, VP." in text
    assert "GIÁM ĐỐC" in text
    assert "NGƯỜI NỘP HỒ SƠ" not in text


@pytest.mark.usefixtures("test_templates")
def test_long_document_from_the_base_template_numbers_its_pages(tmp_path):
    context = {
        "agency": "Sở Thông tin và Truyền thông",
        "number_symbol": vn.number_symbol(7, None, "STTTT", "VP"),
        "subject": "V/v triển khai chữ ký số",
        "place_date": vn.place_date_line("Trà Vinh", dt.date(2018, 2, 7)),
        "paragraphs": [LONG_PARAGRAPH] * 25,
        "recipients_lines": vn.recipients_lines(["Như trên"]),
        "signer": Signer(position="Giám đốc", name="Trần Thị Minh"),
    }
    data = render_pdf("printing_tests/long_letter.html", context)
    pages = page_count(data, tmp_path)
    assert pages >= 3
    assert top_margin_text(data, 1, tmp_path) == ""
    assert [top_margin_text(data, n, tmp_path) for n in range(2, pages + 1)] == [
        str(n) for n in range(2, pages + 1)
    ]
    first = flat(page_text(data, 1, tmp_path))
    assert "Số: 07/STTTT-VP" in first
    assert "Trà Vinh, ngày 07 tháng 02 năm 2018" in first


def test_documents_print_in_vietnamese_and_leave_the_language_alone(tmp_path):
    with translation.override("en"):
        data = official_pdf(letter())
        assert translation.get_language() == "en"
    assert "Nơi nhận:" in flat(poppler("pdftotext", data=data, tmp_path=tmp_path))


@pytest.mark.usefixtures("test_templates")
@pytest.mark.parametrize("url", [
    "http://example.com/logo.png",
    "https://example.com/logo.png",
    "file:///etc/passwd",
    "file:///usr/share/fonts/../../../etc/passwd",
])
def test_documents_may_not_fetch_remote_or_private_resources(url):
    context = {"agency": "Sở Thông tin và Truyền thông", "image_url": url}
    with pytest.raises(PrintingError, match="Error fetching"):
        render_pdf("printing_tests/remote_image.html", context)


@pytest.mark.usefixtures("test_templates")
def test_documents_may_embed_data_images(tmp_path):
    # A 1×1 PNG, as a QR code of a dossier would be embedded.
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    url = "data:image/png;base64," + base64.b64encode(png).decode()
    data = render_pdf("printing_tests/remote_image.html",
                      {"agency": "Sở Thông tin và Truyền thông", "image_url": url})
    assert data.startswith(b"%PDF-")


def test_signature_box_locates_the_space_above_the_signer(report_pdf):
    found = signature_box(report_pdf)
    assert found.page == 2  # the third page, where the closing fell
    x1, y1, x2, y2 = found.box
    assert x1 == pytest.approx(30 * MM + 0.45 * 165 * MM, abs=0.5)  # the signature column
    assert x2 == pytest.approx(A4_WIDTH - 15 * MM, abs=0.5)
    assert y2 - y1 == pytest.approx(25 * MM, abs=0.5)


def test_signature_box_takes_a_pyhanko_signature_field(letter_pdf):
    found = signature_box(letter_pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(letter_pdf))
    append_signature_field(writer, SigFieldSpec("Signature", on_page=found.page, box=found.box))
    out = io.BytesIO()
    writer.write(out)
    field = PdfFileReader(out).root["/AcroForm"]["/Fields"][0]
    assert [round(float(v), 2) for v in field["/Rect"]] == [round(v, 2) for v in found.box]


@pytest.mark.usefixtures("test_templates")
def test_two_party_slips_have_no_signature_box():
    assert signature_box(render_pdf("printing_tests/receipt_slip.html", receipt_context())) is None
