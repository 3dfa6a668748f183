"""The number and date written into a document after its signer signed it: the signature
stays valid (form filling), the seal signs the whole, the text shows the number."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess

import pytest
from documents_data import SIGNING_PASSPHRASE

from egov.documents import stamping
from egov.printing.document import OfficialDocument, Paragraph, Signer
from egov.printing.pdf import official_pdf, signature_box
from egov.signatures.services.signing import sign_pdf
from egov.signatures.verification import verify_pdf

REPORT = OfficialDocument(
    agency="Sở Thông tin và Truyền thông", parent_agency="UBND tỉnh Trà Vinh",
    issuer_code="STTTT", place="Trà Vinh",
    title="Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018",
    signer=Signer(position="Giám đốc", name="Trần Văn Khoa"), type_name="Báo cáo",
    type_code="BC", unit_code="VP",
    body=(Paragraph("Trong năm 2017, lĩnh vực thông tin truyền thông phát triển."),),
    recipients=("Bộ TT&TT (b/c)",), archive=("VT", "Khoa"))


def text_of(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-q", "-layout", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()


def test_the_blanks_are_found_where_the_layout_puts_them():
    blanks = stamping.find_blanks(official_pdf(REPORT))
    assert blanks.number[2] > blanks.number[0]
    # The number is left of the date, on the same line.
    assert blanks.number[2] < blanks.day[0] < blanks.month[0] < blanks.year[0]
    assert blanks.number[1] == blanks.day[1]


def test_a_document_without_its_number_line_is_refused():
    letterless = official_pdf(dataclasses.replace(REPORT, number=1407,
                                                  date=dt.date(2017, 11, 3)))
    # Numbered already: there is no blank before the symbol to fill.
    with pytest.raises(stamping.StampingError):
        stamping.find_blanks(letterless.replace(b"S\xe1\xbb\x91:", b"XX:"))


@pytest.mark.django_db
def test_signed_then_numbered_then_sealed(people, certificates):
    draft = official_pdf(REPORT)
    box = signature_box(draft)
    prepared = stamping.prepare(draft, signature_box=(box.page, box.box))
    signed = sign_pdf(actor=people["director"], pdf_bytes=prepared,
                      certificate=certificates["director"], passphrase=SIGNING_PASSPHRASE,
                      reason="Ký ban hành", location="Trà Vinh",
                      field_name=stamping.SIGNER_FIELD)
    numbered = stamping.fill_number(signed, number="1407", day="03", month="11", year="2017")
    sealed = sign_pdf(actor=people["clerk"], pdf_bytes=numbered,
                      certificate=certificates["seal"],
                      reason="Phát hành văn bản số 1407/BC-STTTT-VP",
                      field_name=stamping.SEAL_FIELD)
    report = verify_pdf(sealed)
    assert [(s.field_name, s.intact, s.changed_after) for s in report.signatures] == [
        (stamping.SIGNER_FIELD, True, False), (stamping.SEAL_FIELD, True, False)]
    text = text_of(sealed)
    assert "1407" in text and "2017" in text
    with pytest.raises(stamping.StampingError):
        stamping.fill_number(draft, number="1407", day="03", month="11", year="2017")
    with pytest.raises(stamping.StampingError):
        stamping.fill_number(signed, number="14a", day="03", month="11", year="2017")
