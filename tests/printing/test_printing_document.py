"""OfficialDocument: what it derives, how it numbers headings, what it refuses."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.template import Context, Template
from printing_samples import letter, report

from egov.printing import vietnamese as vn
from egov.printing.document import Appendix, Heading, Paragraph, Signer, Table


def test_report_derives_its_lines():
    document = report()
    assert document.header_lines == ["UBND TỈNH TRÀ VINH", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"]
    assert document.number_symbol == "Số: 1407/BC-STTTT-VP"
    assert document.symbol == "BC-STTTT-VP"
    assert document.place_date == "Trà Vinh, ngày 03 tháng 11 năm 2017"
    assert document.type_heading == "BÁO CÁO"
    assert document.is_letter is False
    assert document.recipients_lines[-1] == "- Lưu: VT, VP."
    assert document.signer.title_lines == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert document.appendix_reference == (
        "(Kèm theo Báo cáo số 1407/BC-STTTT-VP ngày 03 tháng 11 năm 2017 "
        "của Sở Thông tin và Truyền thông)"
    )


def test_letter_derives_its_lines():
    document = letter()
    assert document.is_letter is True
    assert document.number_symbol == "Số: 943/STTTT-BCVT"
    assert document.subject_line == (
        "V/v khắc phục việc chỉnh trang, làm gọn cáp trên địa bàn tỉnh"
    )
    assert document.addressee_lines == [
        "- UBND các huyện, thị xã, thành phố;", "- VNPT Trà Vinh;", "- Viettel Trà Vinh.",
    ]
    assert document.urgency is vn.Urgency.URGENT


def test_headings_are_numbered_by_level_and_restart_under_their_parent():
    document = report(body=(
        Heading("Tình hình"), Heading("Bưu chính", level=2), Heading("Viễn thông", level=2),
        Heading("Hạ tầng", level=3), Heading("Dịch vụ", level=3), Paragraph("Nội dung."),
        Heading("Nhiệm vụ"), Heading("Tổ chức thực hiện", level=2),
        Heading("Trạm", level=3), Heading("Kiến nghị", number=""),
        Heading("Phụ trách", level=2, number="3.1."),
    ))
    labels = [(label, getattr(block, "display_text", "")) for block, label in
              document.numbered_body()]
    assert labels == [
        ("I.", "TÌNH HÌNH"), ("1.", "Bưu chính"), ("2.", "Viễn thông"), ("a)", "Hạ tầng"),
        ("b)", "Dịch vụ"), ("", ""), ("II.", "NHIỆM VỤ"), ("1.", "Tổ chức thực hiện"),
        ("a)", "Trạm"), ("", "KIẾN NGHỊ"), ("3.1.", "Phụ trách"),
    ]


def test_text_is_composed_and_trimmed():
    decomposed = unicodedata.normalize("NFD", "  Tổng kết công tác năm 2017 ")
    document = report(title=decomposed)
    assert document.title == "Tổng kết công tác năm 2017"
    assert unicodedata.is_normalized("NFC", document.title)


def test_stamps_accept_their_words():
    document = letter(urgency="THƯỢNG KHẨN", secrecy="MẬT")
    assert document.urgency is vn.Urgency.VERY_URGENT
    assert document.secrecy is vn.Secrecy.CONFIDENTIAL


@pytest.mark.parametrize(("changes", "error", "message"), [
    ({"agency": " "}, ValueError, "agency"),
    ({"place": ""}, ValueError, "place"),
    ({"title": ""}, ValueError, "title"),
    ({"type_name": ""}, ValueError, "together"),           # a type code without a type name
    ({"type_code": ""}, ValueError, "together"),
    ({"number": 0}, ValueError, "01"),
    ({"number": "1407"}, TypeError, "integer"),
    ({"issuer_code": "STTTT/VP"}, ValueError, "symbol"),
    ({"date": "2017-11-03"}, TypeError, "date"),
    ({"urgency": "GẤP"}, ValueError, "GẤP"),
    ({"secrecy": "RIÊNG"}, ValueError, "RIÊNG"),
    ({"archive": ()}, ValueError, "VT"),
    ({"recipients": ("UBND tỉnh", "")}, ValueError, "recipient"),
    ({"body": ("Một đoạn văn",)}, TypeError, "Heading, Paragraph, Table or Figure"),
    ({"appendices": (Table(columns=("A",), rows=()),)}, TypeError, "Appendix"),
    ({"signer": "Nguyễn Văn Thanh"}, TypeError, "Signer"),
    ({"title": 5}, TypeError, "text"),
])
def test_bad_documents_are_refused(changes, error, message):
    with pytest.raises(error, match=message):
        report(**changes)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"columns": ()}, "at least one column"),
    ({"columns": ("A", "B"), "rows": (("1",),)}, "row 1 has 1 cells for 2 columns"),
    ({"columns": ("A",), "rows": (("1",),), "align": ("middle",)}, "align"),
    ({"columns": ("A", "B"), "rows": (), "align": ("left",)}, "align"),
    ({"columns": ("A",), "rows": (), "widths": (0,)}, "widths"),
    ({"columns": ("A", "B"), "rows": (), "widths": (1,)}, "widths"),
])
def test_bad_tables_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Table(**{"rows": (), **kwargs})


def test_table_defaults_and_percent_widths():
    table = Table(columns=("STT", "Nội dung"), rows=(("1", "Hạ tầng"),), widths=(1, 3))
    assert table.align == ("left", "left")
    assert table.width_percents == (25.0, 75.0)
    assert table.aligned_rows == [[("1", "left"), ("Hạ tầng", "left")]]


@pytest.mark.parametrize(("factory", "message"), [
    (lambda: Heading(""), "heading"),
    (lambda: Heading("Mục", level=4), "levels"),
    (lambda: Paragraph("  "), "paragraph"),
    (lambda: Signer(position="", name="A"), "position"),
    (lambda: Signer(position="Giám đốc", name=" "), "name"),
    (lambda: Appendix(title="", table=Table(columns=("A",), rows=())), "appendix title"),
])
def test_bad_parts_are_refused(factory, message):
    with pytest.raises(ValueError, match=message):
        factory()


def test_appendix_reference_of_a_draft_letter():
    document = letter(number=None, date=None, appendices=(
        Appendix("Danh sách", Table(columns=("A",), rows=())),))
    assert document.appendix_reference == (
        "(Kèm theo Công văn số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/STTTT-BCVT "
        "của Sở Thông tin và Truyền thông)"
    )
    assert document.appendix_label(0) == "PHỤ LỤC"


def test_template_filters():
    template = Template(
        "{% load vn_format %}{{ day|place_date:'Trà Vinh' }}|{{ day|date_words }}|"
        "{{ day|short_date }}|{{ moment|time_line }}|{{ fee|money }}|{{ fee|group_digits }}|"
        "{{ fee|amount_in_words }}|{{ copies|number_in_words }}|{{ copies|document_number }}|"
        "{{ name|vn_upper }}"
    )
    rendered = template.render(Context({
        "day": dt.date(2017, 11, 3), "moment": dt.datetime(2017, 11, 3, 14, 5),
        "fee": 4_000_000, "copies": 2, "name": "Sở Thông tin và Truyền thông",
    }))
    assert rendered.split("|") == [
        "Trà Vinh, ngày 03 tháng 11 năm 2017", "ngày 03 tháng 11 năm 2017", "03/11/2017",
        "14 giờ 05 phút, ngày 03 tháng 11 năm 2017", "4.000.000 đồng", "4.000.000",
        "Bốn triệu đồng", "hai", "02", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    ]
