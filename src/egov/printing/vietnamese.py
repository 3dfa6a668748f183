"""Vietnamese formatting of administrative paperwork (thể thức văn bản hành chính).

The words here are the ones Decree 30/2020/NĐ-CP (Appendix I) and the one-stop forms
prescribe: an official document is written in Vietnamese whatever language the person
printing it reads the interface in, so these strings are deliberately not translated.

Dates follow Appendix I: days below 10 and the months January and February take a
leading zero ("ngày 05 tháng 3 năm 2020", "ngày 15 tháng 02 năm 2021"); the other months
do not.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import StrEnum

from django.utils import timezone

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
"""Quốc hiệu, the first line of the national heading."""

MOTTO = "Độc lập - Tự do - Hạnh phúc"
"""Tiêu ngữ, the second line of the national heading."""

RECIPIENTS_LABEL = "Nơi nhận"
ADDRESSEES_LABEL = "Kính gửi"
ARCHIVE_LABEL = "Lưu"
SUBJECT_PREFIX = "V/v"
"""Về việc: the summary of a công văn, written under its number and symbol."""
APPENDIX_LABEL = "PHỤ LỤC"
SIGN_AND_NAME = "(Ký và ghi rõ họ tên)"
SIGN_SEAL_AND_NAME = "(Ký, ghi rõ họ tên và đóng dấu)"

# Blanks left for the clerk's pen on drafts and pre-printed forms: no-break spaces, so
# the gap survives HTML whitespace collapsing and is not broken across lines.
BLANK = "\u00a0" * 6


class Urgency(StrEnum):
    """Dấu chỉ mức độ khẩn (Decree 30/2020, Appendix I)."""

    FLASH = "HỎA TỐC"
    VERY_URGENT = "THƯỢNG KHẨN"
    URGENT = "KHẨN"


class Secrecy(StrEnum):
    """Dấu chỉ độ mật (Law on Protection of State Secrets 2018)."""

    TOP_SECRET = "TUYỆT MẬT"
    SECRET = "TỐI MẬT"
    CONFIDENTIAL = "MẬT"


class Authority(StrEnum):
    """Signing-authority prefixes (thẩm quyền ký) written before the head's title."""

    ON_BEHALF_OF_COLLECTIVE = "TM"  # thay mặt
    DEPUTY = "KT"  # ký thay
    BY_ORDER = "TL"  # thừa lệnh
    BY_AUTHORIZATION = "TUQ"  # thừa ủy quyền
    ACTING = "Q"  # quyền


def nfc(text: str) -> str:
    """``text`` in composed form (NFC, as TCVN 6909:2001 expects): text typed on some
    systems arrives decomposed, which breaks upper-casing, searching and PDF text."""
    return unicodedata.normalize("NFC", text)


def upper(text: str) -> str:
    """Vietnamese upper case (``"Sở Thông tin"`` → ``"SỞ THÔNG TIN"``), on composed text."""
    return nfc(text).upper()


def _local(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _check_date(value: object) -> dt.date:
    if not isinstance(value, dt.date):
        raise TypeError(f"expected a date, got {type(value).__name__}")
    return _local(value)


def day_text(day: int) -> str:
    """The day as written in a date: two digits (``5`` → ``"05"``)."""
    return f"{day:02d}"


def month_text(month: int) -> str:
    """The month as written in a date: ``"01"``, ``"02"``, then ``"3"`` … ``"12"``."""
    return f"{month:02d}" if month <= 2 else str(month)


def date_words(value: dt.date | None) -> str:
    """``"ngày 03 tháng 11 năm 2017"``; with ``None``, the blank form of a draft."""
    if value is None:
        return f"ngày{BLANK}tháng{BLANK}năm{BLANK}"
    value = _check_date(value)
    return f"ngày {day_text(value.day)} tháng {month_text(value.month)} năm {value.year}"


def short_date(value: dt.date) -> str:
    """The short date of citations in running text: ``"01/8/2017"``, ``"29/12/2016"``."""
    value = _check_date(value)
    return f"{day_text(value.day)}/{month_text(value.month)}/{value.year}"


def place_date_line(place: str, value: dt.date | None) -> str:
    """The place and date line (địa danh và thời gian ban hành):
    ``place_date_line("Trà Vinh", date(2017, 11, 3))`` → ``"Trà Vinh, ngày 03 tháng 11 năm
    2017"``. ``None`` leaves the day, month and year blank (an unsigned draft)."""
    place = nfc(place).strip()
    if not place:
        raise ValueError("the place (địa danh) is required")
    return f"{place}, {date_words(value)}"


def time_line(value: dt.datetime) -> str:
    """A moment as the one-stop slips write it: ``"14 giờ 05 phút, ngày 03 tháng 11 năm
    2017"``. Aware datetimes are shown in the local time zone."""
    if not isinstance(value, dt.datetime):
        raise TypeError(f"expected a datetime, got {type(value).__name__}")
    value = _local(value)
    return f"{value.hour:02d} giờ {value.minute:02d} phút, {date_words(value)}"


def _whole(value: int | Decimal) -> int:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"expected an integer amount, got {type(value).__name__}")
    if isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise ValueError(f"{value} is not a whole number of đồng")
        return int(value)
    return value


def group_digits(value: int | Decimal) -> str:
    """Thousands separated by dots, the Vietnamese way: ``4000000`` → ``"4.000.000"``."""
    number = _whole(value)
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", ".")


def money(vnd: int | Decimal) -> str:
    """An amount of đồng: ``4000000`` → ``"4.000.000 đồng"``. The đồng has no subunit."""
    return f"{group_digits(vnd)} đồng"


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ("", " nghìn", " triệu", " tỷ")
MAX_READABLE = 999_999_999_999


def _read_group(number: int, *, full: bool, zero_tens: str) -> str:
    """Read 1..999. ``full`` reads a zero hundreds digit ("không trăm"), which every
    group after the first needs: 1 005 000 is "một triệu không trăm linh năm nghìn"."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(zero_tens)
            words.append(_DIGITS[units])
        return " ".join(words)
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 4:
        words.append("bốn" if tens == 1 else "tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return " ".join(words)


def number_in_words(number: int, *, zero_tens: str = "linh") -> str:
    """A whole number from 0 to 999 999 999 999 read in Vietnamese, lower case:
    ``21`` → ``"hai mươi mốt"``, ``105`` → ``"một trăm linh năm"``, ``1_000_005`` →
    ``"một triệu không trăm linh năm"``. ``zero_tens`` is ``"linh"`` (the usual word in
    official papers) or ``"lẻ"`` (the southern one)."""
    number = _whole(number)
    if zero_tens not in ("linh", "lẻ"):
        raise ValueError('zero_tens must be "linh" or "lẻ"')
    if not 0 <= number <= MAX_READABLE:
        raise ValueError(f"{number} is outside 0 … {MAX_READABLE:,}")
    if number == 0:
        return _DIGITS[0]
    groups: list[int] = []
    while number:
        groups.append(number % 1000)
        number //= 1000
    words: list[str] = []
    for scale in range(len(groups) - 1, -1, -1):
        group = groups[scale]
        if group:
            first = scale == len(groups) - 1
            words.append(_read_group(group, full=not first, zero_tens=zero_tens) + _SCALES[scale])
    return " ".join(words)


def amount_in_words(vnd: int | Decimal, *, zero_tens: str = "linh") -> str:
    """An amount written out, as on receipts and payment papers: ``4000000`` →
    ``"Bốn triệu đồng"``."""
    words = number_in_words(_whole(vnd), zero_tens=zero_tens)
    return f"{words[0].upper()}{words[1:]} đồng"


# A group of a document symbol: letters (Vietnamese ones and mixed case such as QyĐ,
# CTr, TTr kept as written), digits, and "&" (TT&TT); never "/", "-" or spaces, which are
# the separators.
_SYMBOL_GROUP = re.compile(r"^[^\W_]+(?:&[^\W_]+)*$")


def _symbol_group(value: str, name: str) -> str:
    value = nfc(value).strip()
    if not _SYMBOL_GROUP.match(value):
        raise ValueError(f"{name} {value!r} is not a valid group of a document symbol")
    return value


def document_number(number: int | None) -> str:
    """The number (số) of a document: ``5`` → ``"05"``, ``1407`` → ``"1407"``; ``None``
    leaves the blank of a draft, numbered only once signed."""
    if number is None:
        return BLANK
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError(f"expected an integer document number, got {type(number).__name__}")
    if number < 1:
        raise ValueError("document numbers start at 01")
    return f"{number:02d}"


def document_symbol(type_code: str | None, issuer: str, unit: str | None = None) -> str:
    """The symbol (ký hiệu): ``"BC-STTTT-VP"``; without a type (a công văn)
    ``"STTTT-BCVT"``. Codes keep their case (QyĐ, CTr, TTr)."""
    groups = [_symbol_group(type_code, "type code")] if type_code else []
    groups.append(_symbol_group(issuer, "issuer"))
    if unit:
        groups.append(_symbol_group(unit, "unit"))
    return "-".join(groups)


def number_symbol(
    number: int | None, type_code: str | None, issuer: str, unit: str | None = None
) -> str:
    """The "Số:" line under the agency name: ``number_symbol(1407, "BC", "STTTT", "VP")`` →
    ``"Số: 1407/BC-STTTT-VP"``; a công văn ``number_symbol(943, None, "STTTT", "BCVT")`` →
    ``"Số: 943/STTTT-BCVT"``; ``number_symbol(5, "QĐ", "UBND")`` → ``"Số: 05/QĐ-UBND"``."""
    return f"Số: {document_number(number)}/{document_symbol(type_code, issuer, unit)}"


def agency_header_lines(agency: str, parent: str | None = None) -> list[str]:
    """The agency heading (tên cơ quan ban hành), upper case: the managing body (cơ quan
    chủ quản) first when there is one, then the issuing agency, which is set in bold."""
    name = upper(agency).strip()
    if not name:
        raise ValueError("the issuing agency is required")
    lines = [upper(parent).strip()] if parent and parent.strip() else []
    return [*lines, name]


def national_heading() -> tuple[str, str]:
    """Quốc hiệu and tiêu ngữ, the two lines at the top right of every document."""
    return NATIONAL_NAME, MOTTO


def signing_authority(prefix: Authority | str, title: str) -> str:
    """A signing-authority line: ``signing_authority("KT", "Giám đốc")`` → ``"KT. GIÁM
    ĐỐC"``; ``("TM", "Ủy ban nhân dân")`` → ``"TM. ỦY BAN NHÂN DÂN"``."""
    prefix = Authority(str(prefix).rstrip(".").upper())
    title = upper(title).strip()
    if not title:
        raise ValueError("the title after the authority prefix is required")
    return f"{prefix.value}. {title}"


def _listed(items: Iterable[str]) -> list[str]:
    cleaned = [nfc(item).strip().rstrip(";.").strip() for item in items]
    return [item for item in cleaned if item]


def recipients_lines(recipients: Sequence[str], archive: Sequence[str] = ("VT",)) -> list[str]:
    """The lines under "Nơi nhận:": one per recipient, each ``"- … ;"``, then the file
    copies ``"- Lưu: VT, VP."`` ending with a full stop."""
    kept = _listed(archive)
    if not kept:
        raise ValueError("the archive line (Lưu) names at least the clerical office (VT)")
    lines = [f"- {item};" for item in _listed(recipients)]
    lines.append(f"- {ARCHIVE_LABEL}: {', '.join(kept)}.")
    return lines


def addressee_lines(addressees: Sequence[str]) -> list[str]:
    """What follows "Kính gửi:": a single addressee on the same line (``"Ủy ban nhân dân
    tỉnh."``); several as ``"- … ;"`` lines, the last ending with a full stop."""
    items = _listed(addressees)
    if len(items) <= 1:
        return [f"{item}." for item in items]
    return [f"- {item};" for item in items[:-1]] + [f"- {items[-1]}."]


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """Roman numerals for the parts of a report (I, II, … ``IV``)."""
    if not 1 <= number <= 3999:
        raise ValueError("roman numerals run from 1 to 3999")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


_LETTERS = "abcdđeghiklmnopqrstuvxy"
"""Points (điểm) are lettered in the Vietnamese alphabet order: a, b, c, d, đ, e, …"""


def point_letter(number: int) -> str:
    """The letter of the ``number``-th point: 1 → ``"a"``, 5 → ``"đ"``."""
    if not 1 <= number <= len(_LETTERS):
        raise ValueError(f"points run from a to {_LETTERS[-1]}")
    return _LETTERS[number - 1]
