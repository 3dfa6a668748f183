"""Vietnamese identifiers: citizen ID (CCCD), tax code (MST), phone numbers.

Each ``validate_*`` raises ``ValidationError`` with a translatable message that names
what is wrong; each ``normalize_*`` returns the canonical stored form. Validators accept
what a person types (spaces, dots, ``+84``) and judge the normalised value, so a form
and a service agree on what is valid.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Province codes that open a CCCD (Circular 07/2016/TT-BCA, as amended by Circular
# 59/2021/TT-BCA): the 63 provinces of before the 2025 merger, which are also their GSO
# codes. Cards issued before the merger stay valid, so all 63 remain accepted.
CITIZEN_ID_PROVINCES = frozenset({
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
    "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
    "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
    "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
})

# Tax code check digit (Decision 75/1998/QĐ-TCT, kept by Circular 105/2020/TT-BTC):
# N10 = 10 - (31·N1 + 29·N2 + 23·N3 + 19·N4 + 17·N5 + 13·N6 + 7·N7 + 5·N8 + 3·N9) mod 11;
# a remainder of 0 would give 10, so no valid code has one.
_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

# Mobile network prefixes in use since the 2018 move from 11 to 10 digits
# (Decision 798/QĐ-BTTTT and later assignments): Viettel 032-039, 086, 096-098;
# VinaPhone 081-085, 088, 091, 094; MobiFone 070, 076-079, 089, 090, 093;
# Vietnamobile 052, 056, 058, 092; Gmobile 059, 099; Reddi 055; Itelecom 087.
MOBILE_PREFIXES = frozenset({
    "032", "033", "034", "035", "036", "037", "038", "039", "052", "055", "056", "058", "059",
    "070", "076", "077", "078", "079", "081", "082", "083", "084", "085", "086", "087", "088",
    "089", "090", "091", "092", "093", "094", "096", "097", "098", "099",
})

# Landline area codes after the 2017 renumbering (Decision 2036/QĐ-BTTTT): Hà Nội 24 and
# Hồ Chí Minh City 28 with 8-digit subscriber numbers, every other province 2xx with 7.
# Either way a landline is 0 + 10 digits.
LANDLINE_AREA_CODES = frozenset({
    "24", "28",
    "203", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213", "214", "215",
    "216", "218", "219", "220", "221", "222", "225", "226", "227", "228", "229", "232", "233",
    "234", "235", "236", "237", "238", "239", "251", "252", "254", "255", "256", "257", "258",
    "259", "260", "261", "262", "263", "269", "270", "271", "272", "273", "274", "275", "276",
    "277", "290", "291", "292", "293", "294", "296", "297", "299",
})


def normalize_citizen_id(value: str) -> str:
    """Digits only: ``084 095 001 234`` → ``084095001234``."""
    return re.sub(r"[\s.\-]", "", value or "")


def validate_citizen_id(value: str) -> None:
    """12 digits: province of birth registration (3), century-and-sex (1), year of birth (2),
    serial (6) — số định danh cá nhân / căn cước công dân."""
    value = normalize_citizen_id(value)
    if not re.fullmatch(r"\d{12}", value):
        raise ValidationError(_("A citizen ID has exactly 12 digits."), code="citizen_id_format")
    if value[:3] not in CITIZEN_ID_PROVINCES:
        raise ValidationError(
            _("The first three digits of a citizen ID must be the code of a province."),
            code="citizen_id_province",
        )
    year = birth_year_of(value)
    if year > timezone.localdate().year:
        raise ValidationError(
            _("The citizen ID gives a year of birth in the future (%(year)s).")
            % {"year": year},
            code="citizen_id_year",
        )


def birth_year_of(citizen_id: str) -> int:
    """The year of birth written in a 12-digit citizen ID.

    The fourth digit gives century and sex: 0/1 for 1900-1999, 2/3 for 2000-2099,
    4/5 for 2100-2199 and so on; the next two digits are the year within the century.
    """
    return 1900 + (int(citizen_id[3]) // 2) * 100 + int(citizen_id[4:6])


def normalize_tax_code(value: str) -> str:
    """``0100109106``, or ``0100109106-001`` for a dependent unit (branch), whatever the
    spacing or whether the dash was typed."""
    compact = re.sub(r"[\s.]", "", value or "")
    match = re.fullmatch(r"(\d{10})-?(\d{3})", compact)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    return compact


def tax_check_digit(first_nine: str) -> int | None:
    """The check digit for the first nine digits of a tax code, or None when none exists."""
    check = 10 - sum(int(d) * w for d, w in zip(first_nine, _TAX_WEIGHTS, strict=True)) % 11
    return None if check == 10 else check


def validate_tax_code(value: str) -> None:
    """10 digits with a check digit (mã số thuế), or 13 written as ``10-3`` for a branch."""
    value = normalize_tax_code(value)
    match = re.fullmatch(r"(\d{10})(?:-(\d{3}))?", value)
    if not match:
        raise ValidationError(
            _("A tax code has 10 digits, or 13 digits written as 10-3 for a branch."),
            code="tax_code_format",
        )
    head, branch = match.groups()
    if tax_check_digit(head[:9]) != int(head[9]):
        raise ValidationError(_("The tax code's check digit is wrong."), code="tax_code_check")
    if branch == "000":
        raise ValidationError(
            _("The branch number of a 13-digit tax code runs from 001 to 999."),
            code="tax_code_branch",
        )


def normalize_phone(value: str) -> str:
    """Local form with a leading 0: ``+84 912 345 678`` → ``0912345678``."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


def validate_phone(value: str) -> None:
    """A mobile number (10 digits with a network prefix in use) or a landline
    (0 + area code + subscriber number, 11 digits)."""
    digits = normalize_phone(value)
    if not re.fullmatch(r"0\d{9,10}", digits):
        raise ValidationError(
            _("A phone number has 10 digits starting with 0 (or 11 for a landline)."),
            code="phone_format",
        )
    if len(digits) == 10 and digits[:3] in MOBILE_PREFIXES:
        return
    if len(digits) == 11 and (digits[1:3] in LANDLINE_AREA_CODES
                              or digits[1:4] in LANDLINE_AREA_CODES):
        return
    raise ValidationError(
        _("This is neither a Vietnamese mobile number nor a landline number."),
        code="phone_prefix",
    )


def is_mobile(phone: str) -> bool:
    digits = normalize_phone(phone)
    return len(digits) == 10 and digits[:3] in MOBILE_PREFIXES

