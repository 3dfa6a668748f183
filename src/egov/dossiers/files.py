"""Checking uploaded papers by what they contain, not by what they are called.

Accepted: PDF, JPEG, PNG, DOCX and XLSX up to ``EGOV_DOSSIER_FILE_MAX_BYTES`` (10 MB by
default). The type is read from the first bytes (and, for DOCX and XLSX, which are zip
files, from the main part named in ``[Content_Types].xml``); the file name's extension
must name the same type, so a PNG called ``.pdf`` is refused like an executable is.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

# type → (content type, extensions)
TYPES = {
    "pdf": ("application/pdf", {".pdf"}),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}),
    "png": ("image/png", {".png"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
}


def max_bytes() -> int:
    return int(getattr(settings, "EGOV_DOSSIER_FILE_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: str
    content_type: str
    extension: str
    size: int
    sha256: str
    content: bytes


def _office_kind(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:  # a zip bomb, not an office file
                return None
            types = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    if DOCX_MAIN in types:
        return "docx"
    if XLSX_MAIN in types:
        return "xlsx"
    return None


def sniff(content: bytes) -> str | None:
    """The type the bytes are, or None when none of the accepted ones."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"PK\x03\x04"):
        return _office_kind(content)
    return None


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def clean_name(name: str) -> str:
    """The last path component, without control characters, at most 200 characters
    (keeping the extension)."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    if len(name) > 200:
        ext = _extension(name)
        name = name[: 200 - len(ext)] + ext
    return name


def _refuse(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def check_file(name: str, stream: IO[bytes], *, field: str = "file") -> CheckedFile:
    """Read and check one upload; ValidationError ``{field: message}`` when refused."""
    limit = max_bytes()
    content = stream.read(limit + 1)
    name = clean_name(name)
    if not name:
        raise _refuse(field, _("The file has no name."), "no_name")
    if not content:
        raise _refuse(field, _("The file %(name)s is empty.") % {"name": name}, "empty")
    if len(content) > limit:
        raise _refuse(field, _("The file %(name)s is larger than %(limit)s.")
                      % {"name": name, "limit": filesizeformat(limit)}, "too_large")
    kind = sniff(content)
    if kind is None:
        raise _refuse(field, _("The file %(name)s is not a PDF, JPEG, PNG, DOCX or XLSX file.")
                      % {"name": name}, "wrong_type")
    content_type, extensions = TYPES[kind]
    extension = _extension(name)
    if extension not in extensions:
        raise _refuse(field, _("The file %(name)s is a %(kind)s file but its name says "
                               "otherwise; rename it with %(ext)s.")
                      % {"name": name, "kind": kind.upper(), "ext": sorted(extensions)[0]},
                      "lying_name")
    return CheckedFile(name=name, kind=kind, content_type=content_type, extension=extension,
                       size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                       content=content)
