"""Reading generated PDFs back with Debian's poppler-utils (pdftotext, pdffonts, pdfinfo)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest


def poppler(tool: str, *args: str, data: bytes, tmp_path: Path) -> str:
    """Run a poppler-utils tool on a PDF given as bytes; pdftotext writes to stdout."""
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} missing: install Debian's poppler-utils (make install does)")
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    result = subprocess.run([tool, *args, str(path), "-"] if tool == "pdftotext"
                            else [tool, *args, str(path)],
                            capture_output=True, text=True, check=True)
    return result.stdout


def page_text(data: bytes, page: int, tmp_path: Path) -> str:
    return poppler("pdftotext", "-f", str(page), "-l", str(page), data=data, tmp_path=tmp_path)


def top_margin_text(data: bytes, page: int, tmp_path: Path) -> str:
    """The text inside the top margin (20 mm = 56 pt) of ``page``: the page number."""
    return poppler("pdftotext", "-f", str(page), "-l", str(page), "-x", "0", "-y", "0",
                   "-W", "595", "-H", "56", data=data, tmp_path=tmp_path).strip()


def embedded_fonts(data: bytes, tmp_path: Path) -> set[str]:
    """The base names of the fonts embedded in the PDF, subset prefixes removed."""
    lines = poppler("pdffonts", data=data, tmp_path=tmp_path).splitlines()[2:]
    names = set()
    for line in lines:
        name, embedded = line.split()[0], line.split()[-5]
        assert embedded == "yes", f"{name} is not embedded"
        names.add(name.split("+", 1)[-1])
    return names


def page_count(data: bytes, tmp_path: Path) -> int:
    for line in poppler("pdfinfo", data=data, tmp_path=tmp_path).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo gave no page count")


Box = tuple[str, float, float, float, float]


def word_boxes(data: bytes, page: int, tmp_path: Path) -> list[Box]:
    """The words of ``page`` with their boxes (text, x min, y min, x max, y max) in points."""
    html = poppler("pdftotext", "-bbox", "-f", str(page), "-l", str(page), data=data,
                   tmp_path=tmp_path)
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="([\d.]+)">(.*?)</word>')
    return [(unescape(text), float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, text in pattern.findall(html)]


def flat(text: str) -> str:
    """Text with every run of white space (line breaks, no-break spaces) made one space."""
    return " ".join(text.split())
