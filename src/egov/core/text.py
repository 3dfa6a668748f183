"""Vietnamese text helpers."""

import unicodedata


def fold(text: str) -> str:
    """Lower case without diacritics, for accent-insensitive matching on any database:
    ``"Báo cáo Tổng kết"`` → ``"bao cao tong ket"``. Đ/đ has no decomposition, so it is
    mapped by hand."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())
