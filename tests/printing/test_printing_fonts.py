"""Font choice: Liberation Serif covering Vietnamese, else DejaVu Serif; never boxes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont
from printing_pdf_tools import embedded_fonts, flat, poppler
from printing_samples import letter

from egov.printing import fonts
from egov.printing.pdf import official_pdf

LIBERATION2 = Path("/usr/share/fonts/truetype/liberation2")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def test_installed_serif_is_liberation_2_with_its_four_faces():
    family = fonts.serif_family()
    assert family.name == "Liberation Serif"
    assert [(face.path.name, face.weight, face.style) for face in family.faces] == [
        ("LiberationSerif-Regular.ttf", "normal", "normal"),
        ("LiberationSerif-Bold.ttf", "bold", "normal"),
        ("LiberationSerif-Italic.ttf", "normal", "italic"),
        ("LiberationSerif-BoldItalic.ttf", "bold", "italic"),
    ]
    for face in family.faces:
        cmap = TTFont(face.path)["cmap"].getBestCmap()
        assert all(ord(letter) in cmap for letter in fonts.VIETNAMESE_LETTERS)


def test_installed_khmer_font():
    assert fonts.khmer_family().name == "Khmer OS Siemreap"


def test_vietnamese_letters_are_all_134_plus_d():
    # 12 vowels × 6 tones × 2 cases, and đ Đ.
    assert len(fonts.VIETNAMESE_LETTERS) == 12 * 6 * 2 + 2
    assert {"ệ", "Ữ", "ặ", "Ỹ", "đ", "Đ", "ơ", "Ư"} <= fonts.VIETNAMESE_LETTERS


def latin_only_copy(source: Path, target: Path) -> None:
    """A copy of ``source`` cut down to ASCII, like Liberation 1.x lacking Vietnamese."""
    font = TTFont(source)
    subsetter = subset.Subsetter()
    subsetter.populate(unicodes=range(0x20, 0x7F))
    subsetter.subset(font)
    font.save(target)


def test_a_liberation_without_vietnamese_is_passed_over_for_dejavu(tmp_path):
    latin_only_copy(LIBERATION2 / "LiberationSerif-Regular.ttf",
                    tmp_path / "LiberationSerif-Regular.ttf")
    shutil.copy(DEJAVU / "DejaVuSerif.ttf", tmp_path)
    shutil.copy(DEJAVU / "DejaVuSerif-Bold.ttf", tmp_path)
    family = fonts.serif_family((str(tmp_path),))
    assert family.name == "DejaVu Serif"
    assert [face.path.name for face in family.faces] == ["DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"]
    assert fonts.font_face_css((str(tmp_path),)).splitlines() == [
        f'@font-face {{ font-family: "DejaVu Serif"; src: url("{tmp_path.as_uri()}/'
        'DejaVuSerif.ttf"); font-weight: normal; font-style: normal; }',
        f'@font-face {{ font-family: "DejaVu Serif"; src: url("{tmp_path.as_uri()}/'
        'DejaVuSerif-Bold.ttf"); font-weight: bold; font-style: normal; }',
        'html { font-family: "DejaVu Serif"; }',
    ]


def test_no_serif_font_is_a_clear_error(tmp_path):
    with pytest.raises(fonts.FontMissing, match="fonts-liberation2"):
        fonts.serif_family((str(tmp_path),))
    assert fonts.khmer_family((str(tmp_path),)) is None


def test_pdf_falls_back_to_dejavu_serif_without_liberation(tmp_path, settings):
    font_dir = tmp_path / "fonts"
    font_dir.mkdir()
    for name in ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
                 "DejaVuSerif-BoldItalic.ttf"):
        shutil.copy(DEJAVU / name, font_dir)
    settings.PRINTING_FONT_DIRS = [str(font_dir)]
    data = official_pdf(letter())
    assert embedded_fonts(data, tmp_path) == {
        "DejaVu-Serif", "DejaVu-Serif-Bold", "DejaVu-Serif-Italic", "DejaVu-Serif-Bold-Italic",
    }
    assert "Độc lập - Tự do - Hạnh phúc" in flat(poppler("pdftotext", data=data,
                                                           tmp_path=tmp_path))


def test_text_width_uses_times_new_roman_metrics():
    # Liberation Serif keeps Times New Roman's advance widths: "M" is 1821/2048 em.
    assert fonts.text_width_pt("M", 10) == pytest.approx(10 * 1821 / 2048)
    assert fonts.text_width_pt("MM", 20) == pytest.approx(4 * fonts.text_width_pt("M", 10))
    motto = "Độc lập - Tự do - Hạnh phúc"
    assert fonts.text_width_pt(motto, 13, bold=True) > fonts.text_width_pt(motto, 13)
