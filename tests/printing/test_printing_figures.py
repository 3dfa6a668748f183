"""Figures (charts) in the body of an official document: the same picture, centred and
as wide as asked, in the DOCX and in the PDF."""

from __future__ import annotations

import io
import subprocess

import docx
import pytest
from PIL import Image
from printing_samples import report

from egov.printing.document import Figure, Paragraph
from egov.printing.docx import render_docx
from egov.printing.pdf import official_pdf


def a_png(width: int = 300, height: int = 150) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def with_a_figure(width_mm: float = 120):
    document = report()
    body = (*document.body[:2], Figure(a_png(), width_mm=width_mm),
            Paragraph("Biểu đồ trên cho thấy số hồ sơ tăng đều qua các tháng."))
    return report(body=body)


def test_the_docx_has_the_picture_centred_at_its_width():
    word = docx.Document(io.BytesIO(render_docx(with_a_figure(120))))
    [picture] = word.inline_shapes
    assert round(picture.width.mm) == 120
    holder = next(p for p in word.paragraphs if p._p.xpath(".//pic:pic"))
    assert holder.alignment == 1  # centred
    assert holder.paragraph_format.keep_together


def test_the_pdf_has_the_picture(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(official_pdf(with_a_figure()))
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                             text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert [(row[3], row[4]) for row in rows] == [("300", "150")]


@pytest.mark.parametrize(("png", "width", "message"), [
    (b"GIF89a", 100, "PNG"),
    (a_png(), 0, "170 mm"),
    (a_png(), 200, "170 mm"),
])
def test_a_figure_is_a_png_no_wider_than_the_text(png, width, message):
    with pytest.raises(ValueError, match=message):
        Figure(png, width_mm=width)
