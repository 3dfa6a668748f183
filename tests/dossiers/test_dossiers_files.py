"""Uploaded papers are judged by their bytes, not their names."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from dossier_factories import office_bytes, pdf_bytes, png_bytes

from egov.dossiers.files import DOCX_MAIN, XLSX_MAIN, check_file


@pytest.mark.parametrize("name, content, kind", [
    ("don.pdf", pdf_bytes(), "pdf"),
    ("anh.PNG", png_bytes(), "png"),
    ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "jpeg"),
    ("anh.jpeg", b"\xff\xd8\xff\xe1" + b"\x00" * 20, "jpeg"),
    ("to-khai.docx", office_bytes(DOCX_MAIN), "docx"),
    ("bang-ke.xlsx", office_bytes(XLSX_MAIN), "xlsx"),
])
def test_accepted_types(name, content, kind):
    checked = check_file(name, io.BytesIO(content))
    assert checked.kind == kind
    assert checked.size == len(content)


@pytest.mark.parametrize("name, content", [
    ("don.pdf", png_bytes()),                       # a PNG that says it is a PDF
    ("to-khai.docx", office_bytes(XLSX_MAIN)),      # a spreadsheet named as a document
    ("anh.png", pdf_bytes()),
])
def test_a_name_that_lies_is_refused(name, content):
    with pytest.raises(ValidationError) as caught:
        check_file(name, io.BytesIO(content))
    assert caught.value.error_dict["file"][0].code == "lying_name"


@pytest.mark.parametrize("name, content", [
    ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 40),    # a Windows program
    ("don.docx", b"PK\x03\x04" + b"\x00" * 40),      # a broken zip
    ("nen.zip", office_bytes("application/zip")),   # a zip that is not an office file
    ("trang.txt", b"Xin chao"),
])
def test_other_content_is_refused(name, content):
    with pytest.raises(ValidationError) as caught:
        check_file(name, io.BytesIO(content))
    assert caught.value.error_dict["file"][0].code == "wrong_type"


def test_size_limit_and_empty_files(settings):
    settings.EGOV_DOSSIER_FILE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as caught:
        check_file("don.pdf", io.BytesIO(pdf_bytes() + b"0" * 100))
    assert caught.value.error_dict["file"][0].code == "too_large"
    with pytest.raises(ValidationError) as caught:
        check_file("don.pdf", io.BytesIO(b""))
    assert caught.value.error_dict["file"][0].code == "empty"


def test_the_name_keeps_only_its_last_part():
    checked = check_file("C:\\Users\\an\\..\\don.pdf", io.BytesIO(pdf_bytes()))
    assert checked.name == "don.pdf"
