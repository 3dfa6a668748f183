"""Number and symbol of a document (số, ký hiệu văn bản), Decree 30/2020, Appendix I.

Pure functions, no database: the services pass the type codes they know.

Three forms are met in a register:

* administrative documents of the State (Decree 30/2020): ``1407/BC-STTTT-VP``
  (number / type - issuing body - drafting unit); an official letter (công văn) has no
  type: ``943/STTTT-BCVT``;
* legal normative documents (Law 80/2015): the year stands between number and symbol,
  ``49/2017/NĐ-CP``, ``21/2017/QĐ-UBND``, and a law has no type: ``103/2016/QH13``;
* documents of the Party (Regulation 66-QĐ/TW): a hyphen after the number and the
  issuer after the slash, ``24-CT/TU``, ``19-TB/TW``.

Numbers are Arabic digits with a leading zero below 10 (``05``) and no other leading
zero. Type codes keep their case (QyĐ, CTr, TTr, TrS are not upper-cased), so symbols
are compared as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PREFIX = "Số: "
# One group of a symbol: letters (Vietnamese included), digits and "&" (TT&TT).
_GROUP = r"[^\W_]+(?:&[^\W_]+)*"
_NUMBER = r"0[1-9]|[1-9]\d+"
_ADMINISTRATIVE = re.compile(rf"^(?P<number>{_NUMBER})/(?P<symbol>{_GROUP}(?:-{_GROUP})*)$")
_LEGAL = re.compile(
    rf"^(?P<number>{_NUMBER})/(?P<year>\d{{4}})/(?P<symbol>{_GROUP}(?:-{_GROUP})*)$"
)
_PARTY = re.compile(
    rf"^(?P<number>{_NUMBER})-(?P<type>{_GROUP})/(?P<symbol>{_GROUP}(?:-{_GROUP})*)$"
)
_LOOSE_NUMBER = re.compile(r"^\d+")
_GROUP_ONLY = re.compile(rf"^{_GROUP}$")


def nfc(text: str) -> str:
    """Composed form: a symbol typed decomposed must compare equal to the same symbol."""
    return unicodedata.normalize("NFC", text)


class Form(StrEnum):
    ADMINISTRATIVE = "administrative"  # văn bản hành chính
    LEGAL = "legal"  # văn bản quy phạm pháp luật
    PARTY = "party"  # văn bản của Đảng


@dataclass(frozen=True)
class NumberSymbol:
    """A parsed ``số, ký hiệu``. ``type_code`` is empty for an official letter (công văn)
    and for a law; ``issuer`` is the issuing body's group (STTTT, CP, TU); ``units`` the
    groups after it (the drafting unit: VP)."""

    number: int
    form: Form
    type_code: str
    issuer: str
    units: tuple[str, ...] = ()
    year: int | None = None

    @property
    def number_text(self) -> str:
        return number_text(self.number)

    @property
    def symbol(self) -> str:
        """The part after the number: ``BC-STTTT-VP``, ``2017/NĐ-CP``, ``CT/TU``."""
        if self.form is Form.PARTY:
            return f"{self.type_code}/{'-'.join((self.issuer, *self.units))}"
        groups = "-".join(g for g in (self.type_code, self.issuer, *self.units) if g)
        return f"{self.year:04d}/{groups}" if self.form is Form.LEGAL else groups

    @property
    def text(self) -> str:
        """``1407/BC-STTTT-VP``, ``49/2017/NĐ-CP``, ``24-CT/TU``."""
        if self.form is Form.PARTY:
            return f"{self.number_text}-{self.type_code}/{'-'.join((self.issuer, *self.units))}"
        return f"{self.number_text}/{self.symbol}"

    def __str__(self) -> str:
        return self.text


def number_text(number: int) -> str:
    """``5`` → ``"05"``, ``1407`` → ``"1407"``."""
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError("a document number is a whole number from 1")
    return f"{number:02d}"


def _check_group(value: str, field: str) -> str:
    value = nfc(value or "").strip()
    if not _GROUP_ONLY.match(value):
        raise ValidationError({field: _(
            "“%(value)s” cannot stand in a document symbol: use letters and digits without "
            "spaces or hyphens (for example STTTT)."
        ) % {"value": value}})
    return value


def build(
    number: int, *, issuer: str, type_code: str = "", unit: str = "", year: int | None = None,
) -> NumberSymbol:
    """The number and symbol of a document issued here.

    ``build(1407, type_code="BC", issuer="STTTT", unit="VP").text`` is
    ``"1407/BC-STTTT-VP"``; without a type (công văn), ``"943/STTTT-BCVT"``; with
    ``year`` (a legal normative document), ``"21/2017/QĐ-UBND"``.
    """
    number_text(number)
    issuer = _check_group(issuer, "issuer")
    type_code = _check_group(type_code, "type_code") if type_code else ""
    units = (_check_group(unit, "unit"),) if unit else ()
    if year is not None and not 1900 <= year <= 9999:
        raise ValidationError({"year": _("The year of a legal normative document has four "
                                         "digits.")})
    return NumberSymbol(number=number, form=Form.LEGAL if year is not None else
                        Form.ADMINISTRATIVE, type_code=type_code, issuer=issuer, units=units,
                        year=year)


def display(value: NumberSymbol | str) -> str:
    """The line under the agency name: ``"Số: 1407/BC-STTTT-VP"``."""
    return f"{PREFIX}{value}"


def _why_not(text: str) -> str:
    """The plain reason a text is not a number and symbol, for the person who typed it."""
    if not text:
        return _("Enter the number and symbol, for example 1407/BC-STTTT-VP.")
    if "/" not in text:
        return _("A number and symbol has a slash between the number and the symbol, for "
                 "example 1407/BC-STTTT-VP.")
    head = _LOOSE_NUMBER.match(text)
    if head is None:
        return _("A number and symbol starts with the number in Arabic digits, for example "
                 "1407/BC-STTTT-VP.")
    digits = head.group()
    if not re.fullmatch(_NUMBER, digits):
        return _("Numbers from 1 to 9 are written with one leading zero (01 to 09), other "
                 "numbers without one.")
    if " " in text:
        return _("A number and symbol has no spaces.")
    return _("The symbol is groups of letters and digits joined by hyphens, for example "
             "BC-STTTT-VP.")


def parse(
    text: str, *, type_codes: Collection[str], issuer_hint: str = "",
) -> NumberSymbol:
    """Read a number and symbol as written on a document (with or without ``Số:``).

    ``type_codes`` are the abbreviations that may open a symbol. A group that is both a
    type code and an issuer (the provincial Inspectorate is "TTr", a submission too) is
    read as the issuer when it equals ``issuer_hint``, the body the document came from.
    Raises ``ValidationError`` on the ``number_symbol`` field with the reason.
    """
    raw = nfc(text or "").strip()
    if raw.lower().startswith(("số:", "số ")):
        raw = raw[3:].strip()
    result = _parse(raw, type_codes=type_codes, issuer_hint=nfc(issuer_hint or "").strip())
    if result is None:
        raise ValidationError({"number_symbol": _why_not(raw)}, code="invalid_number_symbol")
    return result


def _parse(raw: str, *, type_codes: Collection[str], issuer_hint: str) -> NumberSymbol | None:
    if match := _PARTY.match(raw):
        groups = match["symbol"].split("-")
        return NumberSymbol(number=int(match["number"]), form=Form.PARTY,
                            type_code=match["type"], issuer=groups[0], units=tuple(groups[1:]))
    if match := _LEGAL.match(raw):
        year = int(match["year"])
        if year < 1900:
            return None
        groups = match["symbol"].split("-")
        if len(groups) > 1 and groups[0] in type_codes and groups[0] != issuer_hint:
            return NumberSymbol(number=int(match["number"]), form=Form.LEGAL,
                                type_code=groups[0], issuer=groups[1],
                                units=tuple(groups[2:]), year=year)
        return NumberSymbol(number=int(match["number"]), form=Form.LEGAL, type_code="",
                            issuer=groups[0], units=tuple(groups[1:]), year=year)
    if match := _ADMINISTRATIVE.match(raw):
        groups = match["symbol"].split("-")
        if len(groups) > 1 and groups[0] in type_codes and groups[0] != issuer_hint:
            return NumberSymbol(number=int(match["number"]), form=Form.ADMINISTRATIVE,
                                type_code=groups[0], issuer=groups[1],
                                units=tuple(groups[2:]))
        return NumberSymbol(number=int(match["number"]), form=Form.ADMINISTRATIVE,
                            type_code="", issuer=groups[0], units=tuple(groups[1:]))
    return None
