"""Vietnamese identifiers: citizen ID (CCCD), tax code (MST), phone numbers.

Each validator raises ``ValidationError`` with a Vietnamese-translatable message that
names what is wrong, and ``normalize_*`` returns the canonical stored form.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# First three digits of a CCCD: the province of birth registration (001-096).
_PROVINCE_CODES = {f"{n:03d}" for n in range(1, 97)}
# Tax code check weights (Circular 105/2020/TT-BTC, Annex: the 10th digit is a check digit).
_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_MOBILE_PREFIXES = {
    "032", "033", "034", "035", "036", "037", "038", "039", "052", "055", "056", "058", "059",
    "070", "076", "077", "078", "079", "081", "082", "083", "084", "085", "086", "087", "088",
    "089", "090", "091", "092", "093", "094", "096", "097", "098", "099",
}


def validate_citizen_id(value: str) -> None:
    """12 digits: province code (3), century-and-sex digit (1), year of birth (2), serial (6)."""
    if not re.fullmatch(r"\d{12}", value or ""):
        raise ValidationError(_("A citizen ID has exactly 12 digits."), code="citizen_id_format")
    if value[:3] not in _PROVINCE_CODES:
        raise ValidationError(
            _("The first three digits of a citizen ID must be a province code (001-096)."),
            code="citizen_id_province",
        )


def normalize_tax_code(value: str) -> str:
    return re.sub(r"\s", "", value or "")


def validate_tax_code(value: str) -> None:
    """10 digits with a check digit, or 13 as ``NNNNNNNNNN-NNN`` for a dependent unit."""
    value = normalize_tax_code(value)
    match = re.fullmatch(r"(\d{10})(?:-?(\d{3}))?", value)
    if not match:
        raise ValidationError(
            _("A tax code has 10 digits, or 13 digits written as 10-3 for a branch."),
            code="tax_code_format",
        )
    head = match.group(1)
    check = (10 - sum(int(d) * w for d, w in zip(head[:9], _TAX_WEIGHTS, strict=True)) % 11)
    if check == 10 or int(head[9]) != check:
        raise ValidationError(_("The tax code's check digit is wrong."), code="tax_code_check")


def normalize_phone(value: str) -> str:
    """Local form with a leading 0: ``+84 912 345 678`` → ``0912345678``."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def validate_phone(value: str) -> None:
    """A mobile number (10 digits with a current network prefix) or a landline
    (0 + 2-digit area code 20-29 + 8 digits)."""
    digits = normalize_phone(value)
    if not re.fullmatch(r"0\d{9,10}", digits):
        raise ValidationError(
            _("A phone number has 10 digits starting with 0 (or 11 for a landline)."),
            code="phone_format",
        )
    if len(digits) == 10 and digits[:3] in _MOBILE_PREFIXES:
        return
    if len(digits) == 11 and digits[1] == "2":
        return
    raise ValidationError(
        _("This is neither a Vietnamese mobile number nor a landline number."),
        code="phone_prefix",
    )
