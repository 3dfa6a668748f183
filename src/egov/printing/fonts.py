"""The fonts of printed documents, found by file and named in CSS.

Decree 30/2020 asks for Times New Roman, which a Debian server does not have. Liberation
Serif 2.x (Debian's ``fonts-liberation2``) has the same metrics, so a page set in it
breaks its lines where the Times New Roman original would; DejaVu Serif
(``fonts-dejavu-core``) is the fallback. Version 1.x of Liberation (``fonts-liberation``,
pulled in by some browsers) carries the same family name but lacks most Vietnamese
letters, so fonts are chosen by file, after checking that they cover Vietnamese, and
declared with ``@font-face``: which copy fontconfig would have picked does not matter.
Khmer text (names of Khmer pagodas, hamlets and people in Trà Vinh) is set in Khmer OS
Siemreap (``fonts-khmeros``).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont

FONT_DIRS: tuple[str, ...] = ("/usr/share/fonts", "/usr/local/share/fonts")
"""Where fonts are looked for (recursively), unless settings.PRINTING_FONT_DIRS says."""

DOCX_FONT = "Times New Roman"
"""The font a DOCX names: the one Decree 30 prescribes and officials' computers have.
LibreOffice on Linux shows it in Liberation Serif by fontconfig's metric alias."""

# Every Vietnamese letter, both cases: the vowels with each of the five tone marks, đ.
_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
VIETNAMESE_LETTERS = frozenset(
    c
    for vowel in _VOWELS
    for tone in _TONES
    for c in (unicodedata.normalize("NFC", vowel + tone),
              unicodedata.normalize("NFC", vowel.upper() + tone))
) | frozenset("đĐ")

KHMER_SAMPLE = frozenset("កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអាិីឹឺុូួើឿៀេែៃោៅំះ្")


@dataclass(frozen=True)
class Face:
    """One file of a family: its weight and style as CSS names them."""

    path: Path
    weight: str  # "normal" | "bold"
    style: str  # "normal" | "italic"


@dataclass(frozen=True)
class Family:
    name: str
    faces: tuple[Face, ...]


# Family name, then its files as (file name, weight, style); the regular face is required.
SERIF_CANDIDATES: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("Liberation Serif", (
        ("LiberationSerif-Regular.ttf", "normal", "normal"),
        ("LiberationSerif-Bold.ttf", "bold", "normal"),
        ("LiberationSerif-Italic.ttf", "normal", "italic"),
        ("LiberationSerif-BoldItalic.ttf", "bold", "italic"),
    )),
    ("DejaVu Serif", (
        ("DejaVuSerif.ttf", "normal", "normal"),
        ("DejaVuSerif-Bold.ttf", "bold", "normal"),
        ("DejaVuSerif-Italic.ttf", "normal", "italic"),
        ("DejaVuSerif-BoldItalic.ttf", "bold", "italic"),
    )),
)
KHMER_CANDIDATES: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("Khmer OS Siemreap", (("KhmerOSsiemreap.ttf", "normal", "normal"),)),
    ("Khmer OS", (("KhmerOS.ttf", "normal", "normal"),)),
)


def font_dirs() -> tuple[str, ...]:
    """The font directories of this installation: ``PRINTING_FONT_DIRS`` or Debian's."""
    return tuple(getattr(settings, "PRINTING_FONT_DIRS", FONT_DIRS))


class FontMissing(RuntimeError):
    """No usable font for the official layout is installed."""


@functools.cache
def _covers(path: Path, letters: frozenset[str]) -> bool:
    try:
        cmap = TTFont(path, lazy=True)["cmap"].getBestCmap()
    except Exception:  # an unreadable or foreign file is simply not a candidate
        return False
    return all(ord(letter) in cmap for letter in letters)


def _files_named(dirs: Iterable[str], names: set[str]) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for directory in dirs:
        root = Path(directory)
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*.ttf")):
            if path.name in names:
                found.setdefault(path.name, []).append(path)
    return found


@functools.cache
def _choose(
    candidates: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...],
    letters: frozenset[str],
    dirs: tuple[str, ...],
) -> Family | None:
    """The first candidate family whose regular face is installed and covers ``letters``;
    once per process, as it walks the directories and opens the fonts."""
    names = {file for _, files in candidates for file, _, _ in files}
    found = _files_named(dirs, names)
    for family, files in candidates:
        faces = []
        for file, weight, style in files:
            usable = [path for path in found.get(file, []) if _covers(path, letters)]
            if usable:
                faces.append(Face(usable[0], weight, style))
        if faces and faces[0].weight == "normal" and faces[0].style == "normal":
            return Family(family, tuple(faces))
    return None


def serif_family(dirs: tuple[str, ...] | None = None) -> Family:
    """The body font: Liberation Serif when a copy covering Vietnamese is installed,
    otherwise DejaVu Serif."""
    family = _choose(SERIF_CANDIDATES, VIETNAMESE_LETTERS, dirs or font_dirs())
    if family is None:
        raise FontMissing(
            "No serif font covering Vietnamese: install Debian's fonts-liberation2 "
            "or fonts-dejavu-core."
        )
    return family


def khmer_family(dirs: tuple[str, ...] | None = None) -> Family | None:
    """The font for Khmer text, if ``fonts-khmeros`` is installed."""
    return _choose(KHMER_CANDIDATES, KHMER_SAMPLE, dirs or font_dirs())


def font_families(dirs: tuple[str, ...] | None = None) -> list[Family]:
    """The families of the PDF stack, in the order CSS names them."""
    khmer = khmer_family(dirs)
    return [serif_family(dirs), *([khmer] if khmer else [])]


def font_face_css(dirs: tuple[str, ...] | None = None) -> str:
    """``@font-face`` rules for the chosen files and the document's font stack."""
    families = font_families(dirs)
    rules = [
        f'@font-face {{ font-family: "{family.name}"; src: url("{face.path.as_uri()}"); '
        f"font-weight: {face.weight}; font-style: {face.style}; }}"
        for family in families
        for face in family.faces
    ]
    stack = ", ".join(f'"{family.name}"' for family in families)
    rules.append(f"html {{ font-family: {stack}; }}")
    return "\n".join(rules)


@functools.cache
def _advance_widths(path: Path) -> tuple[dict[int, int], int]:
    font = TTFont(path, lazy=True)
    cmap = font["cmap"].getBestCmap()
    metrics = font["hmtx"].metrics
    return {code: metrics[glyph][0] for code, glyph in cmap.items()}, font["head"].unitsPerEm


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of one line of ``text`` in points, measured on the serif family (Liberation
    Serif's widths are Times New Roman's). Used to draw the rule under the motto in DOCX
    exactly as long as the motto."""
    family = serif_family()
    weight = "bold" if bold else "normal"
    face = next(
        (f for f in family.faces if f.weight == weight and f.style == "normal"),
        family.faces[0],
    )
    widths, units = _advance_widths(face.path)
    average = sum(widths.values()) / max(len(widths), 1)
    text = unicodedata.normalize("NFC", text)
    return sum(widths.get(ord(c), average) for c in text) * size_pt / units
