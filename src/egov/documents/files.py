"""Files of documents: what is accepted, how it is stored, and the text read out of it.

A file is accepted by what its first bytes are, not by the name it came with: a PDF
starts with ``%PDF-``, an Office Open XML file is a ZIP with ``[Content_Types].xml``,
and so on. Files are stored under their SHA-256, so the same scan uploaded twice is one
file, and a file written by a transaction that then fails is removed again
(``stored_files``), so nothing is left half-stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
DOC = "application/msword"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
XML = "application/xml"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", ODT: "odt", DOC: "doc", PNG: "png",
              JPEG: "jpg", TIFF: "tif", XML: "xml"}
# Text kept per file for search: enough for any official document, bounded for scans
# that OCR'd into a book.
MAX_TEXT = 200_000


def max_file_bytes() -> int:
    return int(getattr(settings, "EGOV_DOCUMENTS_MAX_FILE_MB", 30)) * 1024 * 1024


def sniff(data: bytes) -> str | None:
    """The content type of ``data`` by its first bytes, or None when not accepted."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return DOC
    if data.lstrip().startswith(b"<?xml"):
        return XML
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype") == ODT.encode():
                    return ODT
                if "[Content_Types].xml" in names:
                    if "word/document.xml" in names:
                        return DOCX
                    if "xl/workbook.xml" in names:
                        return XLSX
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
    return None


@dataclass(frozen=True)
class Upload:
    """A file as the services take it: its name and bytes (read from an upload, an
    exchange package or a generated document)."""

    name: str
    data: bytes

    @classmethod
    def from_file(cls, file: object) -> Upload:
        name = getattr(file, "name", "") or "tep"
        read = file.read  # type: ignore[attr-defined]
        return cls(name=str(name).rsplit("/", 1)[-1], data=read())


def check(upload: Upload) -> str | None:
    """The reason ``upload`` is refused, or None."""
    if not upload.data:
        return _("The file %(name)s has no content.") % {"name": upload.name}
    if len(upload.data) > max_file_bytes():
        return _("The file %(name)s is larger than %(size)s MB.") % {
            "name": upload.name, "size": max_file_bytes() // (1024 * 1024)}
    if sniff(upload.data) is None:
        return _("The file %(name)s is not a PDF, Word, Excel, OpenDocument, image or XML "
                 "file.") % {"name": upload.name}
    return None


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF (pdftotext from poppler-utils), empty for a bare scan."""
    if shutil.which("pdftotext") is None:
        logger.warning("pdftotext is not installed: PDF text is not indexed for search")
        return ""
    try:
        result = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", "-", "-"], input=data,
                                capture_output=True, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        logger.warning("pdftotext took too long; the file is not indexed")
        return ""
    return result.stdout.decode("utf-8", "replace")


def docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # A broken DOCX is still kept; it is just not searchable.
        logger.warning("a DOCX file could not be read for search", exc_info=True)
        return ""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def extract_text(data: bytes, content_type: str) -> str:
    if content_type == PDF:
        text = pdf_text(data)
    elif content_type == DOCX:
        text = docx_text(data)
    else:
        text = ""
    return " ".join(text.split())[:MAX_TEXT]


@dataclass(frozen=True)
class Stored:
    path: str
    name: str
    content_type: str
    size: int
    sha256: str
    text: str


class FileStore:
    """Stores the files of one service call and remembers which ones it wrote."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def store(self, upload: Upload) -> Stored:
        digest = hashlib.sha256(upload.data).hexdigest()
        content_type = sniff(upload.data) or "application/octet-stream"
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in upload.name)[-120:]
        path = f"documents/{digest[:2]}/{digest}/{safe or 'tep'}"
        if not default_storage.exists(path):
            path = default_storage.save(path, ContentFile(upload.data))
            self.written.append(path)
        return Stored(path=path, name=upload.name[:200], content_type=content_type,
                      size=len(upload.data), sha256=digest,
                      text=extract_text(upload.data, content_type))

    def remove_written(self) -> None:
        for path in self.written:
            with contextlib.suppress(OSError):
                default_storage.delete(path)


@contextlib.contextmanager
def stored_files() -> Iterator[FileStore]:
    """Store files for a service; if the service fails, remove the ones it wrote."""
    store = FileStore()
    try:
        yield store
    except BaseException:
        store.remove_written()
        raise
