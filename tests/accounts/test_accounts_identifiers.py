"""Citizen IDs (CCCD), tax codes (MST) and phone numbers: what is accepted, what is
refused and with which code, and the stored form."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from egov.accounts import identifiers as ids


def code_of(validator, value):
    with pytest.raises(ValidationError) as caught:
        validator(value)
    return caught.value.code


@pytest.mark.parametrize("value", [
    "084085001234",  # Trà Vinh, man born 1985
    "001190012345",  # Hà Nội, woman born 1990
    "079203001122",  # Hồ Chí Minh City, man born 2003
    "096301000001",  # Cà Mau, woman born 2001
    "084 085 001 234",  # typed with spaces
])
def test_valid_citizen_ids(value):
    ids.validate_citizen_id(value)


@pytest.mark.parametrize(("value", "code"), [
    ("08408500123", "citizen_id_format"),  # 11 digits
    ("0840850012345", "citizen_id_format"),  # 13 digits
    ("08408500123a", "citizen_id_format"),
    ("", "citizen_id_format"),
    ("003085001234", "citizen_id_province"),  # 003 is no province's code
    ("097085001234", "citizen_id_province"),
    ("000085001234", "citizen_id_province"),
    ("084485001234", "citizen_id_year"),  # century digit 4: born 2185
    ("084230001234", "citizen_id_year"),  # 2030, after the frozen "today"
])
def test_invalid_citizen_ids(value, code):
    with time_machine.travel("2026-06-01", tick=False):
        assert code_of(ids.validate_citizen_id, value) == code


def test_citizen_id_normalised_and_birth_year():
    assert ids.normalize_citizen_id(" 084.085.001-234 ") == "084085001234"
    assert ids.birth_year_of("084085001234") == 1985
    assert ids.birth_year_of("096301000001") == 2001


def test_tax_check_digit_weights():
    # Viettel 0100109106: 1·29 + 1·17 + 9·7 + 1·5 = 114; 114 mod 11 = 4; 10 - 4 = 6.
    assert ids.tax_check_digit("010010910") == 6
    assert ids.tax_check_digit("030058856") == 9  # Vinamilk 0300588569
    assert ids.tax_check_digit("010124814") == 1  # FPT 0101248141
    # Remainder 0 would need a check digit of 10: no valid code starts this way.
    assert ids.tax_check_digit("000000000") is None


@pytest.mark.parametrize(("value", "normalised"), [
    ("0100109106", "0100109106"),
    ("0300588569", "0300588569"),
    ("0101248141", "0101248141"),
    ("0100109106-001", "0100109106-001"),
    ("0100109106001", "0100109106-001"),  # 13 digits typed without the dash
    (" 0100 109 106 - 012 ", "0100109106-012"),
])
def test_valid_tax_codes(value, normalised):
    ids.validate_tax_code(value)
    assert ids.normalize_tax_code(value) == normalised


@pytest.mark.parametrize(("value", "code"), [
    ("0100109107", "tax_code_check"),  # last digit changed
    ("0300588560", "tax_code_check"),
    ("0000000000", "tax_code_check"),
    ("0100109106-000", "tax_code_branch"),
    ("010010910", "tax_code_format"),  # 9 digits
    ("01001091060", "tax_code_format"),  # 11 digits
    ("0100109106-01", "tax_code_format"),
    ("ABCDEFGHIJ", "tax_code_format"),
    ("", "tax_code_format"),
])
def test_invalid_tax_codes(value, code):
    assert code_of(ids.validate_tax_code, value) == code


@pytest.mark.parametrize(("value", "normalised", "mobile"), [
    ("0912345678", "0912345678", True),  # VinaPhone
    ("+84 912 345 678", "0912345678", True),
    ("84912345678", "0912345678", True),
    ("0386 123 456", "0386123456", True),  # Viettel 038
    ("070-123-4567", "0701234567", True),  # MobiFone 070
    ("0294 3855 123", "02943855123", False),  # landline, Trà Vinh (0294)
    ("024 3825 6789", "02438256789", False),  # landline, Hà Nội (024)
    ("(028) 3829 1234", "02838291234", False),  # landline, Hồ Chí Minh City
    ("+84 294 3855 123", "02943855123", False),
])
def test_valid_phones(value, normalised, mobile):
    ids.validate_phone(value)
    assert ids.normalize_phone(value) == normalised
    assert ids.is_mobile(value) is mobile


@pytest.mark.parametrize(("value", "code"), [
    ("0112345678", "phone_prefix"),  # 011 is no network
    ("0952345678", "phone_prefix"),  # 095 was never reassigned
    ("0212345678", "phone_prefix"),  # a landline needs 11 digits
    ("09123456789", "phone_prefix"),  # 11 digits but not a landline
    ("02013855123", "phone_prefix"),  # no area 201
    ("091234567", "phone_format"),  # 9 digits
    ("912345678", "phone_format"),  # no leading 0
    ("+1 202 555 0100", "phone_format"),
    ("so dien thoai", "phone_format"),
])
def test_invalid_phones(value, code):
    assert code_of(ids.validate_phone, value) == code
