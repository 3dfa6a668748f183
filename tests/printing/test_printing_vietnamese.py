"""Vietnamese formatting: dates of Decree 30/2020, money, number reading, number and symbol."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from egov.printing import vietnamese as vn

NBSP6 = "\u00a0" * 6


# -- dates -------------------------------------------------------------------------------

@pytest.mark.parametrize(("date", "expected"), [
    (dt.date(2017, 11, 3), "Trà Vinh, ngày 03 tháng 11 năm 2017"),   # the seed report
    (dt.date(2020, 3, 5), "Trà Vinh, ngày 05 tháng 3 năm 2020"),     # the decree's example
    (dt.date(2021, 2, 15), "Trà Vinh, ngày 15 tháng 02 năm 2021"),   # February: leading zero
    (dt.date(2021, 1, 1), "Trà Vinh, ngày 01 tháng 01 năm 2021"),
    (dt.date(2021, 1, 10), "Trà Vinh, ngày 10 tháng 01 năm 2021"),   # day 10: no zero needed
    (dt.date(2019, 9, 9), "Trà Vinh, ngày 09 tháng 9 năm 2019"),     # September: none
    (dt.date(2019, 10, 31), "Trà Vinh, ngày 31 tháng 10 năm 2019"),
    (dt.date(2019, 12, 31), "Trà Vinh, ngày 31 tháng 12 năm 2019"),
])
def test_place_date_line_follows_the_leading_zero_rule(date, expected):
    assert vn.place_date_line("Trà Vinh", date) == expected


@pytest.mark.parametrize(("month", "text"), [
    (1, "01"), (2, "02"), (3, "3"), (4, "4"), (5, "5"), (6, "6"), (7, "7"), (8, "8"),
    (9, "9"), (10, "10"), (11, "11"), (12, "12"),
])
def test_month_text_for_every_month(month, text):
    assert vn.month_text(month) == text


@pytest.mark.parametrize(("day", "text"), [(1, "01"), (9, "09"), (10, "10"), (31, "31")])
def test_day_text(day, text):
    assert vn.day_text(day) == text


def test_place_date_line_of_a_draft_leaves_blanks():
    assert vn.place_date_line("Trà Vinh", None) == (
        f"Trà Vinh, ngày{NBSP6}tháng{NBSP6}năm{NBSP6}"
    )


def test_place_date_line_takes_a_datetime_in_local_time():
    # 20:30 UTC on 2 November is 03:30 on 3 November in Trà Vinh (UTC+7).
    moment = dt.datetime(2017, 11, 2, 20, 30, tzinfo=dt.UTC)
    assert vn.place_date_line("Trà Vinh", moment) == "Trà Vinh, ngày 03 tháng 11 năm 2017"


def test_place_is_composed_and_trimmed():
    decomposed = unicodedata.normalize("NFD", " Trà Vinh ")
    line = vn.place_date_line(decomposed, dt.date(2017, 11, 3))
    assert line == "Trà Vinh, ngày 03 tháng 11 năm 2017"
    assert unicodedata.is_normalized("NFC", line)


@pytest.mark.parametrize("place", ["", "   "])
def test_place_is_required(place):
    with pytest.raises(ValueError, match="địa danh"):
        vn.place_date_line(place, dt.date(2017, 11, 3))


@pytest.mark.parametrize("value", ["03/11/2017", 20171103, None])
def test_short_date_and_time_line_refuse_non_dates(value):
    with pytest.raises(TypeError):
        vn.short_date(value)
    with pytest.raises(TypeError):
        vn.time_line(value)


def test_time_line_refuses_a_date_without_time():
    with pytest.raises(TypeError, match="datetime"):
        vn.time_line(dt.date(2017, 11, 3))


def test_place_date_line_refuses_text():
    with pytest.raises(TypeError):
        vn.place_date_line("Trà Vinh", "2017-11-03")


@pytest.mark.parametrize(("date", "expected"), [
    (dt.date(2017, 8, 1), "01/8/2017"),      # "Công văn số 943/STTTT-BCVT ngày 01/8/2017"
    (dt.date(2016, 12, 29), "29/12/2016"),
    (dt.date(2011, 4, 6), "06/4/2011"),
    (dt.date(2021, 2, 3), "03/02/2021"),
])
def test_short_date_of_citations(date, expected):
    assert vn.short_date(date) == expected


@pytest.mark.parametrize(("moment", "expected"), [
    (dt.datetime(2017, 11, 3, 14, 5), "14 giờ 05 phút, ngày 03 tháng 11 năm 2017"),
    (dt.datetime(2018, 1, 2, 8, 0), "08 giờ 00 phút, ngày 02 tháng 01 năm 2018"),
    (dt.datetime(2018, 7, 9, 0, 59), "00 giờ 59 phút, ngày 09 tháng 7 năm 2018"),
    (dt.datetime(2018, 12, 31, 23, 59), "23 giờ 59 phút, ngày 31 tháng 12 năm 2018"),
    # Aware: shown in Vietnam's time, 07:05 UTC is 14:05 in Trà Vinh.
    (dt.datetime(2017, 11, 3, 7, 5, tzinfo=dt.UTC), "14 giờ 05 phút, ngày 03 tháng 11 năm 2017"),
    (dt.datetime(2017, 11, 3, 14, 5, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
     "14 giờ 05 phút, ngày 03 tháng 11 năm 2017"),
])
def test_time_line_of_the_receipt_slip(moment, expected):
    assert vn.time_line(moment) == expected


# -- money -------------------------------------------------------------------------------

@pytest.mark.parametrize(("amount", "expected"), [
    (0, "0 đồng"),
    (500, "500 đồng"),
    (1000, "1.000 đồng"),
    (4_000_000, "4.000.000 đồng"),
    (1_234_567_890, "1.234.567.890 đồng"),
    (Decimal("150000"), "150.000 đồng"),
    (Decimal("150000.00"), "150.000 đồng"),
    (-25_000, "-25.000 đồng"),
])
def test_money(amount, expected):
    assert vn.money(amount) == expected


@pytest.mark.parametrize("amount", [Decimal("1000.5"), Decimal("NaN"), Decimal("Infinity")])
def test_money_refuses_fractions_of_a_dong(amount):
    with pytest.raises(ValueError):
        vn.money(amount)


@pytest.mark.parametrize("amount", [4000000.0, "4000000", True, None])
def test_money_refuses_floats_text_and_booleans(amount):
    with pytest.raises(TypeError):
        vn.money(amount)


@pytest.mark.parametrize(("number", "expected"), [(0, "0"), (999, "999"), (1000, "1.000"),
                                                  (7582, "7.582"), (-1000, "-1.000")])
def test_group_digits(number, expected):
    assert vn.group_digits(number) == expected


# -- reading numbers ---------------------------------------------------------------------

@pytest.mark.parametrize(("number", "words"), [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),          # after "mười", one stays "một"
    (14, "mười bốn"),          # and four stays "bốn"
    (15, "mười lăm"),          # five after tens: "lăm"
    (19, "mười chín"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),      # one after "mươi": "mốt"
    (24, "hai mươi tư"),       # four after "mươi": "tư"
    (25, "hai mươi lăm"),
    (27, "hai mươi bảy"),
    (30, "ba mươi"),
    (55, "năm mươi lăm"),
    (71, "bảy mươi mốt"),
    (94, "chín mươi tư"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (101, "một trăm linh một"),   # zero tens: "linh"
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),   # and five after "linh" stays "năm"
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (200, "hai trăm"),
    (999, "chín trăm chín mươi chín"),
    (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"),     # inner groups read their zero hundreds
    (1010, "một nghìn không trăm mười"),
    (1015, "một nghìn không trăm mười lăm"),
    (1100, "một nghìn một trăm"),
    (2021, "hai nghìn không trăm hai mươi mốt"),
    (10_000, "mười nghìn"),
    (15_000, "mười lăm nghìn"),
    (21_000, "hai mươi mốt nghìn"),
    (100_000, "một trăm nghìn"),
    (105_000, "một trăm linh năm nghìn"),
    (1_000_000, "một triệu"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (1_000_005, "một triệu không trăm linh năm"),   # empty groups are skipped
    (1_050_000, "một triệu không trăm năm mươi nghìn"),
    (4_000_000, "bốn triệu"),
    (25_500_000, "hai mươi lăm triệu năm trăm nghìn"),
    (1_000_000_000, "một tỷ"),
    (1_000_001_000, "một tỷ không trăm linh một nghìn"),
    (2_000_000_001, "hai tỷ không trăm linh một"),
    (1_234_567_891, "một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn "
                    "tám trăm chín mươi mốt"),
    (999_999_999_999, "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu "
                      "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"),
])
def test_number_in_words(number, words):
    assert vn.number_in_words(number) == words


@pytest.mark.parametrize(("number", "words"), [
    (105, "một trăm lẻ năm"),
    (1_001_000, "một triệu không trăm lẻ một nghìn"),
])
def test_number_in_words_southern_zero_tens(number, words):
    assert vn.number_in_words(number, zero_tens="lẻ") == words


@pytest.mark.parametrize(("amount", "words"), [
    (4_000_000, "Bốn triệu đồng"),
    (0, "Không đồng"),
    (150_000, "Một trăm năm mươi nghìn đồng"),
    (Decimal("1500000"), "Một triệu năm trăm nghìn đồng"),
    (105_000, "Một trăm linh năm nghìn đồng"),
    (999_999_999_999, "Chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín "
                      "trăm chín mươi chín nghìn chín trăm chín mươi chín đồng"),
])
def test_amount_in_words(amount, words):
    assert vn.amount_in_words(amount) == words


def test_amount_in_words_southern_style():
    assert vn.amount_in_words(1_005_000, zero_tens="lẻ") == (
        "Một triệu không trăm lẻ năm nghìn đồng"
    )


@pytest.mark.parametrize("number", [-1, 1_000_000_000_000])
def test_number_in_words_outside_the_range(number):
    with pytest.raises(ValueError, match="outside"):
        vn.number_in_words(number)


def test_number_in_words_refuses_other_zero_tens_words():
    with pytest.raises(ValueError, match="linh"):
        vn.number_in_words(105, zero_tens="không")


@pytest.mark.parametrize("number", [1.5, "105", False])
def test_number_in_words_refuses_non_integers(number):
    with pytest.raises(TypeError):
        vn.number_in_words(number)


def test_every_number_up_to_a_thousand_reads_without_gaps_or_doubled_spaces():
    for number in range(1000):
        words = vn.number_in_words(number)
        assert words == words.strip()
        assert "  " not in words
        assert ("mốt" in words) == (number % 10 == 1 and number % 100 > 20)
        assert ("lăm" in words) == (number % 10 == 5 and number % 100 > 10)
        assert ("linh" in words) == (number > 100 and number % 100 < 10 and number % 10 != 0)


# -- number and symbol -------------------------------------------------------------------

@pytest.mark.parametrize(("args", "expected"), [
    ((1407, "BC", "STTTT", "VP"), "Số: 1407/BC-STTTT-VP"),     # the seed report
    ((943, None, "STTTT", "BCVT"), "Số: 943/STTTT-BCVT"),      # a công văn
    ((943, "", "STTTT", "BCVT"), "Số: 943/STTTT-BCVT"),
    ((75, None, "STTTT", "BCVT"), "Số: 75/STTTT-BCVT"),
    ((5, None, "BNV", "VP"), "Số: 05/BNV-VP"),                 # leading zero below 10
    ((30, "NĐ", "CP", None), "Số: 30/NĐ-CP"),                   # no drafting unit
    ((1, "QĐ", "UBND", None), "Số: 01/QĐ-UBND"),
    ((9, "QyĐ", "UBND", "VP"), "Số: 09/QyĐ-UBND-VP"),          # mixed case kept
    ((10, "CTr", "STTTT", None), "Số: 10/CTr-STTTT"),
    ((12, "TTr", "STTTT", "TTra"), "Số: 12/TTr-STTTT-TTra"),
    ((144, None, "VNCERT", "DPUJC"), "Số: 144/VNCERT-DPUJC"),
    ((None, "BC", "STTTT", "VP"), f"Số: {NBSP6}/BC-STTTT-VP"),  # a draft, numbered on signing
])
def test_number_symbol(args, expected):
    assert vn.number_symbol(*args) == expected


@pytest.mark.parametrize(("number", "text"), [(1, "01"), (9, "09"), (10, "10"), (1407, "1407")])
def test_document_number(number, text):
    assert vn.document_number(number) == text


@pytest.mark.parametrize("number", [0, -3])
def test_document_numbers_start_at_one(number):
    with pytest.raises(ValueError, match="01"):
        vn.number_symbol(number, "BC", "STTTT")


@pytest.mark.parametrize("number", ["1407", 14.0, True])
def test_document_number_must_be_an_integer(number):
    with pytest.raises(TypeError):
        vn.document_number(number)


@pytest.mark.parametrize(("type_code", "issuer", "unit"), [
    ("BC", "", "VP"),            # no issuer
    ("BC", "STTTT/VP", None),     # a separator inside a group
    ("BC", "STTTT-VP", None),
    ("B C", "STTTT", None),
    ("BC", "STTTT", "V P"),
    ("BC", "STTTT", "VP;"),
])
def test_number_symbol_refuses_bad_groups(type_code, issuer, unit):
    with pytest.raises(ValueError, match="symbol"):
        vn.number_symbol(1, type_code, issuer, unit)


def test_symbol_groups_may_hold_an_ampersand():
    assert vn.document_symbol("KH", "STT&TT", None) == "KH-STT&TT"


# -- heading, authority, recipients -----------------------------------------------------

def test_agency_header_lines_put_the_parent_first_in_upper_case():
    assert vn.agency_header_lines("Sở Thông tin và Truyền thông", "UBND tỉnh Trà Vinh") == [
        "UBND TỈNH TRÀ VINH",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    ]


@pytest.mark.parametrize("parent", [None, "", "  "])
def test_agency_header_without_parent(parent):
    assert vn.agency_header_lines("Ủy ban nhân dân tỉnh Trà Vinh", parent) == [
        "ỦY BAN NHÂN DÂN TỈNH TRÀ VINH",
    ]


def test_agency_header_upper_cases_decomposed_text():
    decomposed = unicodedata.normalize("NFD", "Sở Thông tin và Truyền thông")
    assert vn.agency_header_lines(decomposed) == ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG"]


def test_agency_is_required():
    with pytest.raises(ValueError, match="agency"):
        vn.agency_header_lines(" ", "UBND tỉnh Trà Vinh")


def test_national_heading():
    assert vn.national_heading() == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    )


@pytest.mark.parametrize(("prefix", "title", "line"), [
    ("KT", "Giám đốc", "KT. GIÁM ĐỐC"),
    ("KT.", "Giám đốc", "KT. GIÁM ĐỐC"),
    ("tm", "Ủy ban nhân dân", "TM. ỦY BAN NHÂN DÂN"),
    (vn.Authority.BY_ORDER, "Giám đốc", "TL. GIÁM ĐỐC"),
    ("TUQ", "Chủ tịch", "TUQ. CHỦ TỊCH"),
    ("Q", "Giám đốc", "Q. GIÁM ĐỐC"),
])
def test_signing_authority(prefix, title, line):
    assert vn.signing_authority(prefix, title) == line


def test_signing_authority_refuses_unknown_prefixes_and_empty_titles():
    with pytest.raises(ValueError):
        vn.signing_authority("TT", "Giám đốc")
    with pytest.raises(ValueError, match="title"):
        vn.signing_authority("KT", " ")


def test_recipients_lines():
    assert vn.recipients_lines(["UBND tỉnh (b/c);", "BGĐ Sở", " "], ["VT", "VP"]) == [
        "- UBND tỉnh (b/c);",
        "- BGĐ Sở;",
        "- Lưu: VT, VP.",
    ]


def test_recipients_lines_need_the_archive_copy():
    assert vn.recipients_lines([]) == ["- Lưu: VT."]
    with pytest.raises(ValueError, match="VT"):
        vn.recipients_lines(["Như trên"], [])


def test_addressee_lines():
    assert vn.addressee_lines(["Ủy ban nhân dân tỉnh"]) == ["Ủy ban nhân dân tỉnh."]
    assert vn.addressee_lines(["VNPT Trà Vinh;", "Viettel Trà Vinh."]) == [
        "- VNPT Trà Vinh;",
        "- Viettel Trà Vinh.",
    ]
    assert vn.addressee_lines([]) == []


@pytest.mark.parametrize(("number", "numeral"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"),
                                                 (40, "XL"), (2017, "MMXVII")])
def test_roman(number, numeral):
    assert vn.roman(number) == numeral


def test_points_follow_the_vietnamese_alphabet():
    assert [vn.point_letter(n) for n in range(1, 8)] == ["a", "b", "c", "d", "đ", "e", "g"]
    with pytest.raises(ValueError):
        vn.point_letter(0)
    with pytest.raises(ValueError):
        vn.roman(0)


@pytest.mark.parametrize(("stamp", "value"), [
    (vn.Urgency.FLASH, "HỎA TỐC"), (vn.Urgency.VERY_URGENT, "THƯỢNG KHẨN"),
    (vn.Urgency.URGENT, "KHẨN"), (vn.Secrecy.TOP_SECRET, "TUYỆT MẬT"),
    (vn.Secrecy.SECRET, "TỐI MẬT"), (vn.Secrecy.CONFIDENTIAL, "MẬT"),
])
def test_stamp_words(stamp, value):
    assert stamp == value
