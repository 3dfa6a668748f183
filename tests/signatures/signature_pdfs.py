"""PDFs and shared values for the signature tests, written with pyHanko's own writer (no
files, no downloads). Imported by this module's name: `conftest` cannot be, once several
test folders have one."""

from __future__ import annotations

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

PASSPHRASE = "mat-khau-ky-so-2017"


def plain_pdf(text: str = "Quyet dinh so 123/QD-STTTT", pages: int = 1) -> bytes:
    writer = PdfFileWriter()
    font = writer.add_object(generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Font"),
        generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
        generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
    }))
    for number in range(pages):
        content = f"BT /F1 14 Tf 72 760 Td ({text} - trang {number + 1}) Tj ET".encode()
        writer.insert_page(PageObject(
            contents=writer.add_object(generic.StreamObject(stream_data=content)),
            media_box=[0, 0, 595, 842],
            resources=generic.DictionaryObject({
                generic.pdf_name("/Font"): generic.DictionaryObject({
                    generic.pdf_name("/F1"): font}),
            }),
        ))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from pyhanko.pdf_utils.crypt import StandardSecurityHandler

    writer = PdfFileWriter()
    writer.insert_page(PageObject(
        contents=writer.add_object(generic.StreamObject(stream_data=b"")),
        media_box=[0, 0, 595, 842], resources=generic.DictionaryObject(),
    ))
    writer._assign_security_handler(
        StandardSecurityHandler.build_from_pw("owner-secret", "user-secret")
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def flip_byte_in_content(pdf: bytes, marker: bytes = b"Quyet dinh") -> bytes:
    """The same file with one byte of the page text changed (signed range, same length)."""
    index = pdf.index(marker)
    return pdf[:index] + bytes([pdf[index] ^ 0x01]) + pdf[index + 1:]
