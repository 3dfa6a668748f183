"""PDF in the official layout, from Django templates, through WeasyPrint.

``render_pdf("dossiers/receipt_slip.html", context)`` renders a template extending
``printing/official.html`` or ``printing/slip.html``; ``official_pdf(document)`` renders an
``OfficialDocument``. Documents are rendered in Vietnamese whatever language the request
was in, and may only load fonts and ``data:`` images: nothing is fetched from the network
while a document is printed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.template.loader import render_to_string
from django.utils import translation
from pyhanko.pdf_utils.reader import PdfFileReader
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from egov.printing import fonts
from egov.printing.document import OfficialDocument


class PrintingError(RuntimeError):
    """A document could not be laid out, e.g. it asked for a resource it may not load."""


class LocalOnlyFetcher(URLFetcher):
    """Lets WeasyPrint read ``data:`` URLs and font files, and nothing else; a document
    that asks for anything more fails instead of printing with a hole in it."""

    def __init__(self, roots: tuple[str, ...]) -> None:
        super().__init__(allowed_protocols=("data", "file"), fail_on_errors=True)
        self.roots = tuple(Path(root).resolve() for root in roots)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"a printed document may not read {path}")
        return super().fetch(url, headers)


def html_to_pdf(html: str) -> bytes:
    """Lay out ``html`` (a page extending the official layout) as a PDF."""
    font_config = FontConfiguration()
    fetcher = LocalOnlyFetcher(fonts.font_dirs())
    stylesheet = CSS(string=fonts.font_face_css(), font_config=font_config, url_fetcher=fetcher)
    document = HTML(string=html, url_fetcher=fetcher, base_url="file:///")
    try:
        return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)
    except FatalURLFetchingError as error:
        # WeasyPrint's fatal error is a BaseException, which would escape Django's
        # handling of a request: turn it into an ordinary error with its cause.
        raise PrintingError(f"{error}: {error.__cause__}") from error


def render_pdf(template_name: str, context: dict[str, Any], *, language: str = "vi") -> bytes:
    """Render ``template_name`` with ``context`` and lay it out as a PDF (bytes)."""
    with translation.override(language):
        html = render_to_string(template_name, context)
    return html_to_pdf(html)


def document_context(document: OfficialDocument) -> dict[str, Any]:
    """The context of ``printing/document.html`` (and of official.html's heading and
    closing) for ``document``."""
    return {
        "document": document,
        "parent_agency": document.parent_agency,
        "agency": document.agency,
        "number_symbol": document.number_symbol,
        "subject": document.subject_line if document.is_letter else "",
        "urgency": document.urgency.value if document.urgency else "",
        "secrecy": document.secrecy.value if document.secrecy else "",
        "place_date": document.place_date,
        "type_name": document.type_name,
        "title": document.title,
        "addressee_lines": document.addressee_lines,
        "body": list(document.numbered_body()),
        "recipients_lines": document.recipients_lines,
        "signer": document.signer,
        "appendices": [
            (appendix, document.appendix_label(index))
            for index, appendix in enumerate(document.appendices)
        ],
    }


def official_pdf(document: OfficialDocument) -> bytes:
    """``document`` as a PDF, in the same layout as ``docx.render_docx`` gives it."""
    return render_pdf("printing/document.html", document_context(document))


@dataclass(frozen=True)
class SignatureBox:
    """Where the signature goes on a rendered document: ``page`` counted from 0 and
    ``box`` (x1, y1, x2, y2) in PDF points from the bottom left, as pyHanko's
    ``SigFieldSpec(on_page=page, box=box)`` takes them."""

    page: int
    box: tuple[float, float, float, float]


def _page_numbers(tree: Any) -> dict[int, int]:
    """Object number of each page → its index, walking the page tree in order."""
    numbers: list[int] = []

    def walk(reference: Any) -> None:
        node = reference.get_object()
        if node.get("/Type") == "/Pages":
            for kid in node.raw_get("/Kids"):
                walk(kid)
        else:
            numbers.append(reference.idnum)

    walk(tree)
    return {number: index for index, number in enumerate(numbers)}


def signature_box(pdf: bytes) -> SignatureBox | None:
    """The space left for the signature in a PDF from ``official.html``, read from the
    named destinations at its corners; ``None`` when the document has no signer."""
    reader = PdfFileReader(io.BytesIO(pdf))
    names = reader.root.get("/Names")
    if names is None or "/Dests" not in names:
        return None
    flat = list(names["/Dests"].get_object().get("/Names", []))
    dests = {str(flat[i]): flat[i + 1] for i in range(0, len(flat) - 1, 2)}
    if "signature-space" not in dests or "signature-space-end" not in dests:
        return None
    start, end = dests["signature-space"], dests["signature-space-end"]
    page = _page_numbers(reader.root.raw_get("/Pages"))[start.raw_get(0).idnum]
    x1, y2 = float(start[2]), float(start[3])
    x2, y1 = float(end[2]), float(end[3])
    return SignatureBox(page=page, box=(x1, y1, x2, y2))
