"""Amounts as a receipt writes them: in figures and in Vietnamese words (bằng chữ)."""

from __future__ import annotations

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
BILLION = 10**9


def _three_digits(number: int, leading: bool) -> list[str]:
    """One group of three digits. A group after the first is read in full ("không trăm
    linh năm"), the first without its zero hundreds ("năm")."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words: list[str] = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def _words(number: int, leading: bool) -> list[str]:
    if number >= BILLION:
        # Past a billion the count of billions is read as a number of its own:
        # 1 500 000 000 000 is "một nghìn năm trăm tỷ".
        billions, rest = divmod(number, BILLION)
        words = [*_words(billions, leading), "tỷ"]
        return words + _words(rest, False) if rest else words
    words = []
    for scale, name in ((10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        group = number // scale % 1000
        if group:
            words += _three_digits(group, leading=leading and not words)
            if name:
                words.append(name)
    return words


def number_in_words(number: int) -> str:
    """``150000`` → ``"một trăm năm mươi nghìn"``."""
    if number < 0:
        raise ValueError("Amounts are not negative.")
    return " ".join(_words(number, True)) if number else DIGITS[0]


def vnd_in_words(amount: int) -> str:
    """``150000`` → ``"Một trăm năm mươi nghìn đồng"``, as a receipt's "Bằng chữ"."""
    text = f"{number_in_words(amount)} đồng"
    return text[0].upper() + text[1:]


def vnd(amount: int) -> str:
    """``150000`` → ``"150.000"``: Vietnamese groups thousands with dots."""
    return f"{amount:,}".replace(",", ".")
